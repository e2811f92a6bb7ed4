"""Double-byte text read one byte off (GBK or Big5 "misalignment" mojibake).

When a GBK or Big5 page loses the lead byte of a character, the decoder pairs
the *trail* of each character with the *lead* of the next, so every character
it prints is made of the halves of two real ones, until a byte below 0x80 (an
ASCII character, or a trail byte such as the ``l`` of 發 = B0 6C) puts it back
in step. The page shows a ``?`` where the lost byte was::

    高校“發(fā)榜”   B8DF D0A3 A1B0 B06C (fā) B0F1 A1B1
    高?!鞍l(fā)榜”  D0 lost -> "?", A3A1 = ！ (folded to ! by the site),
                     B0B0 = 鞍, 6C = l (back in step)

Re-encoding the run and pairing its bytes one byte later gives back what the
bytes still hold (A1B0 “, B06C 發). What they do not hold is removed and
reported, never guessed. A character half of whose bytes are lost (the run's
first one: its trail is known, its lead is not) comes back only when the
document itself shows exactly one character with those bytes next to each of
the same neighbours, at least twice in all (``高校`` and ``校“`` elsewhere
prove the 校 of ``高?!``).
Pinyin annotations the conversion site glued to the garbage go with it.

A page that also dropped the pairs its decoder could not map (GBK's
user-defined area) leaves no trace of them, and pairing across such a gap
makes a wrong character out of two halves (罕 in ``焙碧``: 湖北 = BAFE B1B1 lost
FE B1, and BA + B1 is 罕). No byte tells where that happened, so every
recovered character needs proof, in this order:

1. the document proves it: it forms with a neighbour a pair the document uses
   elsewhere (我們), it is a quote mark whose partner is on the same line, or
   it carries the pinyin the document gives it elsewhere (業(yè));
2. the document proves a gap instead: the character occurs nowhere else in it,
   but a pair of characters made of the same outer bytes around a lost pair
   does (湖北 for 罕); the pair is restored when it is the only one, occurs at
   least twice and also next to one of the same neighbours, else the
   character goes;
3. the document shows one side of a gap: a character with the same lead byte
   and a trail that makes unmappable pairs, after the same neighbour (石 after
   龍 where 始 stands): the character goes;
4. otherwise it is unproven. Being a frequent form of the document's script is
   not proof (a pair made across a gap is one as often as not), so unproven
   characters are kept only while a run has at most
   :data:`UNPROVEN_BUDGET` of them: the chance that one straddles a gap stays
   small. A run with more loses them all, reported as unproven.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from operator import add
from typing import Callable

from ..pinyin_data import is_toneless, toned_base
from ..records import Change
from . import _mojibake_tables as T
from ._mojibake_cjk import UTF8_GATE, utf8_findings

#: A byte the page lost (the ``?`` it printed instead); :data:`ASCII_LOST` is a
#: lost byte known to be a one-byte character (an ASCII byte swallowed by ``?``).
LOST = None
ASCII_LOST = -2
#: No lead byte is waiting for its trail.
IN_STEP = -1

_SYLLABLE = "[a-zü\u00e0-\u01dc\u0144\u0148\u01f9\u1e3f]{1,7}"
#: A pinyin annotation, and one whose ``(`` went into the garbage.
ANNOTATION = re.compile(rf"\(({_SYLLABLE}[1-5]?)\)")
FRAGMENT = re.compile(rf"({_SYLLABLE}[1-5]?)\)")
#: Characters of Chinese text: the context a run lives in.
CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’…—·"
#: What a ``?`` of this damage never follows: a Latin, Greek or Cyrillic letter
#: or a technical symbol (a ``?`` amid such text is another damage, even where
#: a code page has those letters).
_NOT_CHINESE = "A-Za-z\u00c0-\u024f\u0370-\u04ff\u2190-\u2bff"
#: Where a run may start: the lost byte's ``?``, maybe a pinyin fragment, then
#: within three characters a non-ASCII one (a pair read one byte off may be any
#: character the code page has: ◎, ┭, そ, Greek); never a ``?`` that closes a
#: quote. One compiled search is the whole cost of this repair on text
#: without it.
CANDIDATE = re.compile(rf"[?\ufffd](?<![{_NOT_CHINESE}][?\ufffd])(?![”’」』）》】])"
                       rf"(?:{_SYLLABLE}[1-5]?\))?(?=[!-~]{{0,2}}[^\x00-\x7f\s])")

#: Longest run considered (characters); a real one ends at the next ASCII byte.
MAX_RUN = 2000
#: Readings explored per run (ASCII characters and ``?`` are ambiguous).
MAX_PATHS = 256
#: Cost of a character the bytes do not hold (compared with the as-is reading).
COST_LOST = 2.5
#: Cost of a pinyin fragment read as text: it never occurs in clean text.
COST_FRAGMENT = T.COST_DAMAGE
#: Cost of a lone ASCII letter (or other trail-range symbol) between Chinese
#: characters (``斑x中``).
COST_LONE_LETTER = 4.0
#: Cost of a ``?`` glued to Chinese in a document that never uses ``?`` as a
#: question mark (before any run is proven).
COST_SUSPECT_MARK = 5.0
#: A run at least this much cheaper than the text as it stands is proven on
#: its own (so is a cheaper one with two characters the document confirms).
STRONG_GAIN = 4.0
#: Weight of a confirmed character when the document's family is chosen.
PROOF_WEIGHT = 2.0
#: Unproven frequent characters a run may keep (see the module docstring).
UNPROVEN_BUDGET = 2
#: How often the document must show a pair before it restores a lost character.
MIN_SEEN = 2

_OPENERS = "“‘《（【「『〈"
_CLOSERS = "”’》）】」』〉"
_PROVEN = ("pair", "pinyin", "quote", "restored", "gap")


def is_syllable(s: str) -> bool:
    """A pinyin syllable (tone-marked, tone-numbered or toneless)."""
    return toned_base(s) is not None or is_toneless(s)


@dataclass(slots=True)
class Token:
    """One character of the run and the byte sequences it may stand for."""

    start: int
    end: int
    alts: tuple[tuple[int | None, ...], ...]
    #: a ``?`` that swallowed an annotation's ``(``: the run ends after it
    closes: bool = False


@dataclass(slots=True)
class Item:
    """One character of the repaired text, made of bytes of tokens ``a``..``b``:
    ``ch`` (None while lost), its known ``lead``/``trail`` bytes, and the verdict."""

    ch: str | None
    a: int
    b: int
    lead: int | None = None
    trail: int | None = None
    ascii_trail: bool = False
    keep: bool = True
    why: str = ""


@dataclass(slots=True)
class Path:
    """One reading of a run: its items, the token after its last, its junk."""

    items: list[Item]
    end_tok: int
    junk: list[tuple[int, int]] = field(default_factory=list)
    cost: float = 0.0


@dataclass(slots=True)
class Run:
    """A repaired run: where it is, what it becomes, how sure we are."""

    family: str
    start: int
    end: int
    tokens: list[Token]
    items: list[Item]
    junk: list[tuple[int, int]] = field(default_factory=list)
    gain: float = 0.0

    @property
    def strong(self) -> bool:
        """Proven on its own: it has a sign of this damage (glued pinyin, a
        trail byte read as a lone ASCII letter, or two characters recovered),
        and is much cheaper than the text as it stands, or cheaper with two
        characters the document itself confirms."""
        kept = sum(bool(it.keep and it.ch) for it in self.items)
        trail_letter = any(it.ascii_trail for it in self.items)
        if not (self.junk or trail_letter or kept >= 2):
            return False  # one character between two marks proves little
        return self.gain >= STRONG_GAIN or self.gain > 0 and self.proven >= 2

    @property
    def proven(self) -> int:
        """Characters the document itself confirms."""
        return sum(it.keep and it.why in _PROVEN for it in self.items)

    @property
    def evidence(self) -> float:
        """How strongly the run speaks for its family: its gain, plus each
        character the document confirms (a confirmation outweighs a cost tie)."""
        return self.gain + PROOF_WEIGHT * self.proven


# ---------------------------------------------------------------- tokens


def _tokenize(text: str, pos: int, family: str, junk: list[tuple[int, int]]) -> list[Token]:
    """The characters after a marker, with their possible bytes, up to the
    first character that cannot be part of a run (space, line end, a
    character the codec lacks)."""
    folded = T.FULLWIDTH_BYTES[family]
    toks: list[Token] = []
    limit = min(len(text), pos + MAX_RUN)
    for i in range(pos, limit):
        ch = text[i]
        if ch in "?\ufffd":
            frag = FRAGMENT.match(text, i + 1)
            if frag and is_syllable(frag.group(1)):
                toks.append(Token(i, i + 1, ((LOST,),), closes=True))
                junk.append((i + 1, frag.end()))
                break
            toks.append(Token(i, i + 1, ((LOST,), (LOST, LOST), (LOST, ASCII_LOST))))
        elif "!" <= ch <= "~":
            alts: list[tuple[int | None, ...]] = [(ord(ch),)]
            if ch in folded:  # a full-width form the site folded to ASCII
                alts.append(tuple(folded[ch]))
            toks.append(Token(i, i + 1, tuple(alts)))
        elif ch.isspace():
            break
        else:
            data = T.encode_char(ch, family)
            if data is None or len(data) != 2:
                break
            toks.append(Token(i, i + 1, (tuple(data),)))
    return toks


# ---------------------------------------------------------------- readings


def _feed(alt: tuple[int | None, ...], k: int, lead: int | None, lead_tok: int,
          items: list[Item], family: str) -> tuple[int | None, int, list[Item]] | None:
    """Parse one token's bytes in the original (aligned) stream; None if the
    bytes cannot be valid text there."""
    items = list(items)
    for b in alt:
        if lead == IN_STEP:
            if b is LOST:
                lead, lead_tok = LOST, k
            elif b == ASCII_LOST:
                items.append(Item(None, k, k))
            elif b < 0x80:
                items.append(Item(chr(b), k, k))
            elif T.is_lead(b, family):
                lead, lead_tok = b, k
            else:
                return None
        else:
            if lead is LOST or b is LOST or b == ASCII_LOST:
                trail = b if b is not LOST and b >= 0 else None
                items.append(Item(None, lead_tok, k, lead=lead, trail=trail))
            else:
                if not T.is_trail(b, family):
                    return None
                ch = T.decode_pair(lead, b, family)
                if ch is None:
                    return None
                items.append(Item(ch, lead_tok, k, lead, b, ascii_trail=b < 0x80))
            lead = IN_STEP
    return lead, lead_tok, items


def _paths(toks: list[Token], family: str, *, single: bool = False) -> list[Path]:
    """Every reading of the tokens, each up to where it is back in step.

    Token 0 is the marker: the lost lead byte of the run's first character.
    A reading that is back in step after that character alone (its trail an
    ASCII letter: ``?v``) counts only when ``single``.
    """
    out: list[Path] = []
    stack: list[tuple[int, int | None, int, list[Item]]] = [(1, LOST, 0, [])]
    while stack and len(out) < MAX_PATHS:
        k, lead, lead_tok, items = stack.pop()
        if k == len(toks):
            if lead != IN_STEP:
                items = items + [Item(None, lead_tok, k - 1, lead=lead)]
            out.append(Path(items, k))
            continue
        tok = toks[k]
        for alt in tok.alts:
            fed = _feed(alt, k, lead, lead_tok, items, family)
            if fed is None:
                continue
            lead2, lead_tok2, items2 = fed
            if tok.closes:  # the swallowed "(" of an annotation: back in step after it
                if lead2 != IN_STEP:
                    items2 = items2 + [Item(None, lead_tok2, k, lead=lead2)]
                out.append(Path(items2, k + 1))
            elif lead2 == IN_STEP:
                if len(items2) > 1 or single and k == 1 and len(alt) == 1 \
                        and alt[0] is not LOST and 0x40 <= alt[0] < 0x80 and chr(alt[0]).isalpha():
                    out.append(Path(items2, k + 1))
            else:
                stack.append((k + 1, lead2, lead_tok2, items2))
    return out


# ---------------------------------------------------------------- evidence


#: ``?`` used as a question mark: after Chinese, before a space, a closing
#: quote or bracket, or the end of the text.
_QUESTION = re.compile(r"(?<=[^\x00-\x7f])\?(?=[\s”’\"')）」』]|$)")


class DocEvidence:
    """What the document says about itself: its script, the character pairs it
    uses (counted with pinyin annotations taken out, so ``網(wǎng)絡`` counts as
    網絡), and which characters it annotates with which pinyin."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.script = T.doc_script(text)
        plain = ANNOTATION.sub("", text)
        self.bigrams: Counter = Counter(map(add, plain, plain[1:]))
        self.chars = frozenset(plain)
        self.annotated: dict[str, set[str]] = {}
        for m in ANNOTATION.finditer(text):
            if m.start() > 0:
                self.annotated.setdefault(text[m.start() - 1], set()).add(m.group(1))
        #: a ``?`` glued to Chinese is damage once the document has a proven run
        self.damaged = False
        #: ... and suspect when the document never uses ``?`` as a question mark
        self.question_marks = bool(_QUESTION.search(text))
        #: a page in Big5 cannot hold Simplified-only characters
        han = [c for c in self.chars if "\u4e00" <= c <= "\u9fff"]
        self.families = ("gbk", "big5") if sum(
            T.encode_char(c, "big5") is not None for c in han) >= 0.95 * len(han) else ("gbk",)
        self._index: dict[str, tuple[dict[int, list[tuple[str, bytes]]],
                                     dict[int, list[tuple[str, bytes]]]]] = {}
        self._gaps: dict[tuple[str, int, int], Counter] = {}

    def encoded(self, ch: str, family: str) -> bytes | None:
        """The two bytes of ``ch`` in ``family``, or None."""
        data = T.encode_char(ch, family)
        return data if data is not None and len(data) == 2 else None

    def by_bytes(self, family: str) -> tuple[dict[int, list[tuple[str, bytes]]],
                                             dict[int, list[tuple[str, bytes]]]]:
        """The document's two-byte characters in ``family`` by lead byte and by
        trail byte, as (character, bytes) (built once per family)."""
        index = self._index.get(family)
        if index is None:
            by_lead: dict[int, list[tuple[str, bytes]]] = {}
            by_trail: dict[int, list[tuple[str, bytes]]] = {}
            for ch in self.chars:
                data = self.encoded(ch, family)
                if data is not None:
                    by_lead.setdefault(data[0], []).append((ch, data))
                    by_trail.setdefault(data[1], []).append((ch, data))
            index = self._index[family] = (by_lead, by_trail)
        return index

    def seen(self, pair: str) -> int:
        return self.bigrams.get(pair, 0)

    def restore(self, item: Item, prev: str, nxt: str, family: str) -> str | None:
        """A lost character the document proves: the only one with the item's
        known byte(s) that the document shows next to *each* known neighbour,
        at least :data:`MIN_SEEN` times in all."""
        if item.lead is None and item.trail is None:
            return None
        sides = [p for p in (prev, nxt) if p.strip()]
        if not sides:
            return None
        by_lead, by_trail = self.by_bytes(family)
        if item.lead is not None:
            candidates = by_lead.get(item.lead, ())
        else:
            candidates = by_trail.get(item.trail, ())  # type: ignore[arg-type]
        found: Counter = Counter()
        for ch, data in candidates:
            if item.trail is not None and data[1] != item.trail:
                continue
            seen = [self.seen(prev + ch)] if prev.strip() else []
            seen += [self.seen(ch + nxt)] if nxt.strip() else []
            if all(seen):
                found[ch] = sum(seen)
        if len(found) == 1:
            ch, n = found.most_common(1)[0]
            if n >= MIN_SEEN and T.char_cost(ch, self.script) <= T.COST_COMMON:
                return ch
        return None

    def gap_pairs(self, lead: int, trail: int, family: str) -> Counter:
        """Pairs of characters the document uses whose outer bytes are
        ``lead``..``trail`` and whose inner pair a page decoder cannot map:
        what a wrong character made across a lost pair really was."""
        key = (family, lead, trail)
        pairs = self._gaps.get(key)
        if pairs is None:
            pairs = self._gaps[key] = Counter()
            by_lead, by_trail = self.by_bytes(family)
            seconds = by_trail.get(trail, ())
            for first, first_data in by_lead.get(lead, ()):
                for second, second_data in seconds:
                    n = self.bigrams.get(first + second)
                    if n and T.is_lost_pair(first_data[1], second_data[0], family):
                        pairs[first + second] += n
        return pairs


def _char_as_is(text: str, i: int, ev: DocEvidence) -> float:
    """Cost of ``text[i]`` read as it stands, in context: a lone ASCII letter
    or ``@[\\]^_`{|}~`` between Chinese characters is odd (it is usually a trail
    byte), and in a document known to carry this damage a ``?`` glued to
    Chinese is damage. U+FFFD costs what a lost character costs: it is damage
    in every reading, so it cannot argue for one."""
    ch = text[i]
    if ch == "\ufffd":
        return COST_LOST  # damage in any reading: it proves nothing either way
    if ch == "?":
        if ev.damaged:
            return T.COST_DAMAGE
        return T.COST_ASCII if ev.question_marks else COST_SUSPECT_MARK
    if "@" <= ch <= "~":
        left = text[i - 1] if i > 0 else " "
        right = text[i + 1] if i + 1 < len(text) else " "
        if not left.isascii() and not left.isspace() and not right.isascii() \
                and not right.isspace():
            return COST_LONE_LETTER
    return T.char_cost(ch, ev.script)


def _literal_cost(text: str, start: int, end: int, junk: list[tuple[int, int]],
                  ev: DocEvidence, *, junk_cost: float = COST_FRAGMENT) -> float:
    """Cost of ``text[start:end]`` read as it stands; a pinyin fragment in it
    costs ``junk_cost`` (damage: clean text never has one; 0 in a repaired
    reading, which removes it)."""
    cost = 0.0
    pos = start
    for a, b in sorted(junk):
        if a < start or b > end or a < pos:
            continue
        cost += sum(_char_as_is(text, i, ev) for i in range(pos, a)) + junk_cost
        pos = b
    return cost + sum(_char_as_is(text, i, ev) for i in range(pos, end))


# ---------------------------------------------------------------- one run


def find_run(text: str, marker: int, frag_end: int, family: str,
             ev: DocEvidence) -> Run | None:
    """The best repair of the run starting at the ``?`` at ``marker``, or None
    when reading its bytes one off explains nothing."""
    base_junk: list[tuple[int, int]] = []
    if frag_end > marker + 1:
        base_junk.append((marker + 1, frag_end))
    toks = [Token(marker, marker + 1, ((LOST,),))]
    tail_junk: list[tuple[int, int]] = []
    toks += _tokenize(text, frag_end, family, tail_junk)
    paths = _paths(toks, family, single=ev.damaged)
    if not paths:
        return None
    for p in paths:
        p.junk = base_junk + [j for j in tail_junk if j[0] == toks[p.end_tok - 1].end]
        _glued_annotation(text, p, toks)
    window_end = max(_path_end(toks, p) for p in paths)
    all_junk = sorted({j for p in paths for j in p.junk})
    for p in paths:
        end = toks[p.end_tok - 1].end
        after = text[end] if end < len(text) else " "
        p.cost = sum(_item_cost(p.items, n, after, ev) for n in range(len(p.items)))
        p.cost += _literal_cost(text, toks[p.end_tok - 1].end, window_end, p.junk, ev,
                                junk_cost=0.0)
    best = min(paths, key=lambda p: (p.cost, p.end_tok))
    gain = _literal_cost(text, marker, window_end, all_junk, ev) - best.cost
    if gain <= 0:
        return None
    run = Run(family, marker, _path_end(toks, best), toks[:best.end_tok], best.items,
              best.junk, gain)
    _judge_items(run, text, ev)
    return run


def _item_cost(items: list[Item], n: int, after: str, ev: DocEvidence) -> float:
    """Cost of a repaired character; an ASCII one between Chinese ones (the
    next character of the text, ``after``, for the last) is as odd as in the
    text as it stands."""
    ch = items[n].ch
    if ch is None:
        return COST_LOST
    if "@" <= ch <= "~" and n > 0:
        right = items[n + 1].ch or "a" if n + 1 < len(items) else after
        if not (items[n - 1].ch or "a").isascii() and not right.isascii() \
                and not right.isspace():
            return COST_LONE_LETTER
    return T.char_cost(ch, ev.script)


def _path_end(toks: list[Token], path: Path) -> int:
    return max([toks[path.end_tok - 1].end] + [b for a, b in path.junk])


def _glued_annotation(text: str, path: Path, toks: list[Token]) -> None:
    """A pinyin annotation right after a run that ended on an ASCII trail byte
    (``l(fā)``) was glued to the garbage: it goes with the run."""
    last = path.items[-1] if path.items else None
    if last is not None and last.ascii_trail:
        m = ANNOTATION.match(text, toks[path.end_tok - 1].end)
        if m and is_syllable(m.group(1)):
            path.junk.append((m.start(), m.end()))


def _judge_items(run: Run, text: str, ev: DocEvidence,
                 restore: Callable[[int, Item, str, str], str | None] | None = None) -> None:
    """Decide, character by character and left to right, what the run emits
    (the module docstring gives the order of proofs). ``restore(n, item,
    prev, next)`` puts back a lost character where a run knows more about
    its bytes than :meth:`DocEvidence.restore` does."""
    items = run.items
    prev_text = text[run.start - 1] if run.start > 0 else ""
    next_text = text[run.end] if run.end < len(text) else ""
    unproven: list[Item] = []
    for n, it in enumerate(items):
        prev = prev_text if n == 0 else (items[n - 1].ch or "" if items[n - 1].keep else "")
        nxt = (items[n + 1].ch or "") if n + 1 < len(items) else next_text
        if it.ch is None:
            it.ch = restore(n, it, prev, nxt) if restore else ev.restore(it, prev, nxt, run.family)
            it.keep, it.why = (True, "restored") if it.ch else (False, "lost")
            continue
        proof = _proof(it, prev, nxt, run, text, ev)
        if proof:
            it.keep, it.why = T.char_cost(it.ch, ev.script) < T.COST_DAMAGE, proof
        elif it.ch.isascii():
            # a byte below 0x80 among the bytes: an ASCII character the decoder
            # swallowed, believable only at the run's end where Latin text goes on
            it.keep = n + 1 == len(items) and it.ch.isalnum() and next_text.isascii() \
                and next_text.isalnum()
            it.why = "ascii"
        elif _gap_suspect(it, ev, run.family):
            _gap(it, ev.gap_pairs(it.lead, it.trail, run.family), prev, nxt, ev)  # type: ignore[arg-type]
        elif _half_gap(it, prev, nxt, ev, run.family):
            it.keep, it.why = False, "straddle"
        elif T.char_cost(it.ch, ev.script) <= T.COST_COMMON:
            it.why = "unproven"
            unproven.append(it)
        else:
            it.keep, it.why = False, "implausible"
    if len(unproven) > UNPROVEN_BUDGET:
        for it in unproven:
            it.keep = False


def _gap_suspect(it: Item, ev: DocEvidence, family: str) -> bool:
    """A character the document never uses, where it uses a pair of
    characters made of the same outer bytes around a lost pair."""
    return (it.lead is not None and it.trail is not None and it.ch not in ev.chars
            and it.ch not in T.PUNCTUATION and bool(ev.gap_pairs(it.lead, it.trail, family)))


def _half_gap(it: Item, prev: str, nxt: str, ev: DocEvidence, family: str) -> bool:
    """One side of a gap is in the document: after ``prev`` it shows a character
    with this lead byte whose trail makes an unmappable pair with most leads
    (石 = CA AF after 龍, where 始 = CA BC stands), or before ``nxt`` one with
    this trail byte whose lead does. The character then likely straddles."""
    first, second = T.GAP_PRONE[family]
    by_lead, by_trail = ev.by_bytes(family)
    if prev:
        for ch, data in by_lead.get(it.lead, ()):  # type: ignore[arg-type]
            if ch != it.ch and data[1] in first and ev.seen(prev + ch):
                return True
    if nxt:
        for ch, data in by_trail.get(it.trail, ()):  # type: ignore[arg-type]
            if ch != it.ch and data[0] in second and ev.seen(ch + nxt):
                return True
    return False


def _gap(it: Item, pairs: Counter, prev: str, nxt: str, ev: DocEvidence) -> None:
    """The document shows what a character made across a lost pair may have
    been: put the pair back when it is the only one, seen often enough, and
    the document also shows it next to one of the same neighbours; else drop
    the wrong character."""
    (pair, n), *others = pairs.most_common()
    fits = prev and ev.seen(prev + pair[0]) or nxt and ev.seen(pair[1] + nxt)
    if not others and n >= MIN_SEEN and fits:
        it.ch, it.keep, it.why = pair, True, "gap"
    else:
        it.keep, it.why = False, "straddle"


def _proof(it: Item, prev: str, nxt: str, run: Run, text: str, ev: DocEvidence) -> str:
    """Why ``it.ch`` is certainly right, or "" (see the module docstring)."""
    ch = it.ch or ""
    if ch in _OPENERS or ch in _CLOSERS:
        return "quote" if _balanced(ch, run, text) else ""
    if prev and ev.seen(prev + ch) or nxt and ev.seen(ch + nxt):
        return "pair"
    if it.ascii_trail:
        for a, _ in run.junk:
            m = ANNOTATION.match(text, a)
            if m and m.group(1) in ev.annotated.get(ch, ()):
                return "pinyin"
    return ""


def _balanced(ch: str, run: Run, text: str) -> bool:
    """An opening mark whose closing one follows on the same line (or a closing
    one whose opening one precedes it): the mark the run needs."""
    if ch in _OPENERS:
        closer = _CLOSERS[_OPENERS.index(ch)]
        line_end = text.find("\n", run.end)
        rest = text[run.end:line_end if line_end >= 0 else len(text)]
        close, reopen = rest.find(closer), rest.find(ch)
        return close >= 0 and (reopen < 0 or close < reopen)
    opener = _OPENERS[_CLOSERS.index(ch)]
    line_start = text.rfind("\n", 0, run.start) + 1
    before = text[line_start:run.start]
    return before.rfind(opener) > before.rfind(ch)


# ---------------------------------------------------------------- changes


def run_changes(run: Run) -> list[Change]:
    """The run as changes: characters of the text that share bytes form one
    piece and one change; a piece that loses something says so in its reason
    (``lost-bytes``: the bytes are not on the page; ``unproven-pair``: a pair
    that may straddle a gap); the lost first character's ``?`` and glued
    pinyin are removals of their own."""
    n = len(run.tokens)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for it in run.items:
        if it.a == 0 and not it.keep:
            continue  # the lost first character: its "?" is a removal of its own
        for k in range(it.a, it.b):
            parent[find(k + 1)] = find(k)
    groups: dict[int, list[int]] = {}
    for k in range(n):
        groups.setdefault(find(k), []).append(k)
    out: list[Change] = []
    junk = sorted(run.junk)
    for members in sorted(groups.values()):
        lo, hi = min(members), max(members)
        start, end = run.tokens[lo].start, run.tokens[hi].end
        its = [it for it in run.items if lo <= it.a <= hi]
        after = "".join(it.ch for it in its if it.keep and it.ch)
        dropped = [it for it in its if not it.keep]
        reason = None
        if dropped:
            reason = "lost-bytes" if all(it.why == "lost" for it in dropped) else "unproven-pair"
        inside = [j for j in junk if start <= j[0] and j[1] <= end]
        if inside:  # a fragment between the bytes of one character goes with it
            junk = [j for j in junk if j not in inside]
            reason = reason or "pinyin-on-mojibake"
        out.append(Change(start, end, after, reason))
    out.extend(Change(a, b, "", "pinyin-on-mojibake") for a, b in junk)
    return out


# ---------------------------------------------------------------- document


#: (text, runs) of the last text: the GBK and the Big5 rule see the same text.
_last: list[tuple[str | None, list[Run]]] = [(None, [])]


def find_runs(text: str) -> list[Run]:
    """Every misaligned run in ``text``, in order (cached for the last text)."""
    seen, runs = _last[0]
    if text is not seen:
        runs = _find_runs(text)
        _last[0] = (text, runs)
    return runs


def _find_runs(text: str) -> list[Run]:
    """Every misaligned run in ``text``, in order.

    A page is in one encoding: the family (GBK or Big5) is chosen for the whole
    document, by the runs each proves. Then, in a document that has a proven
    run, the other candidates are read again, now taking a ``?`` glued to
    Chinese for the damage it is there (``?!?`` where 。” and a digit were lost).
    """
    if _utf8_damage(text):
        return []
    marks = [(m.start(), m.end()) for m in CANDIDATE.finditer(text) if _in_chinese(text, m)]
    if not marks:
        return []
    ev = DocEvidence(text)
    by_family = {fam: _runs(text, marks, fam, ev) for fam in ev.families}
    score = {fam: sum(r.evidence for r in runs if _sure(r, text))
             for fam, runs in by_family.items()}
    family = "big5" if score.get("big5", 0) > score["gbk"] else "gbk"
    runs = [r for r in by_family[family] if _sure(r, text)]
    if not runs:
        return []
    ev.damaged = True
    taken = [(r.start, r.end) for r in runs]
    for start, end in marks:
        if any(a <= start < b for a, b in taken):
            continue
        run = find_run(text, start, end, family, ev)
        if run is not None and _confirmed_at_fffd(run, text, start) \
                and not any(a < run.end and run.start < b for a, b in taken):
            runs.append(run)
            taken.append((run.start, run.end))
    runs.extend(_leftover_marks(text, taken, family))
    return sorted(runs, key=lambda r: r.start)


def _sure(run: Run, text: str) -> bool:
    """A run proven on its own (:attr:`Run.strong`). One that starts at U+FFFD
    also needs a character the document confirms: a decoder writes U+FFFD for
    many things (an emoji, a character the code page lacks) and reads on in
    step, so how rare the text after it looks is no proof (爲 in 爲推進 is
    outside both national standards' tables, yet common in Traditional text
    converted by OpenCC)."""
    return run.strong and _confirmed_at_fffd(run, text, run.start)


def _confirmed_at_fffd(run: Run, text: str, start: int) -> bool:
    """A run found from a U+FFFD at ``start`` holds a character the document confirms."""
    return text[start] != "\ufffd" or run.proven >= 1


#: Two or more ``?`` glued to Chinese: bytes a decoder gave up on.
_MARK_CLUSTER = re.compile(r"(?<=[^\x00-\x7f\s])[?\ufffd]{2,}(?=[^\x00-\x7f]|\s|$)")


def _leftover_marks(text: str, taken: list[tuple[int, int]], family: str) -> list[Run]:
    """In a document with proven runs, clusters of ``?`` glued to Chinese that
    no run explains are what is left of runs whose bytes hold nothing."""
    out = []
    for m in _MARK_CLUSTER.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        tok = Token(m.start(), m.end(), ((LOST,),))
        out.append(Run(family, m.start(), m.end(), [tok], [Item(None, 0, 0, keep=False,
                                                                  why="lost")]))
    return out


_CJK_CHAR = re.compile(f"[{CJK}]")


def _utf8_damage(text: str) -> bool:
    """UTF-8 read as GBK or Big5 that ENC016/ENC017 could not prove is still
    there (segments whose bytes fit UTF-8): its ``?`` and U+FFFD mark bytes
    decoding gave up on, not a lost lead byte."""
    return any(gate.search(text) and utf8_findings(text, fam) for fam, gate in UTF8_GATE.items())


def _in_chinese(text: str, m: re.Match[str]) -> bool:
    """A mark after Chinese, or elsewhere (line start, after ASCII
    punctuation) before Chinese: ``�(⌣˛⌣)`` is a lost emoji, not this damage."""
    if m.start() and _CJK_CHAR.match(text[m.start() - 1]):
        return True
    return bool(_CJK_CHAR.search(text, m.end(), m.end() + 4))


def _runs(text: str, marks: list[tuple[int, int]], family: str, ev: DocEvidence) -> list[Run]:
    """The runs of one family, left to right, none overlapping."""
    out: list[Run] = []
    pos = 0
    for start, end in marks:
        if start < pos:
            continue
        run = find_run(text, start, end, family, ev)
        if run is not None:
            out.append(run)
            pos = run.end
    return out
