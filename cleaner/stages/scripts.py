"""Script unification (SCR): one script, one width, no reading aids.

Mechanisms of ``rules/scripts.toml``, in pipeline order: strip pinyin
annotations, regional vocabulary (opt-in), Traditional -> Simplified,
full-width letters and digits, stray English connectives, punctuation width,
adjacent duplicated list items. Each one asks a cheap question first (a
substring test, one compiled regex search, one numpy lookup) and returns
nothing for text it cannot touch: clean Simplified text costs microseconds.
"""

from __future__ import annotations

import re
from typing import Collection, Iterable, Mapping

import numpy as np

from .. import pinyin_data, t2s
from ..records import Change
from ..registry import Context, builtin
from . import _scripts_census as census
from ._scripts_punct import (HAN_CLASS, HAN_RE, glued_view, may_widen, original_position,
                             widen)

# ---------------------------------------------------------------- pinyin

#: What may follow the opening bracket of an annotation: a letter pinyin starts with.
_PINYIN_START = frozenset(
    "abcdefghijklmnopqrstuvwxyz\u0144\u0148\u01f9\u1e3f"
    + "".join(map(chr, range(0xE0, 0xFD))) + "".join(map(chr, range(0x101, 0x1DD))))
_GROUP_RE = re.compile(r"[(（]([^()（）\n]{1,40})[)）]")
_SYLLABLE_SPLIT_RE = re.compile(r"[ '’]+")


#: content -> _syllables(content): annotations repeat (``(wǎng)`` on every 網).
_SYLLABLES: dict[str, tuple[tuple[str, str | None], ...] | None] = {}


def _syllables(content: str) -> tuple[tuple[str, str | None], ...] | None:
    """:func:`_parse_syllables`, memoised."""
    try:
        return _SYLLABLES[content]
    except KeyError:
        pass
    out = _parse_syllables(content)
    if len(_SYLLABLES) >= 8192:
        _SYLLABLES.clear()
    _SYLLABLES[content] = out
    return out


def _parse_syllables(content: str) -> tuple[tuple[str, str | None], ...] | None:
    """(syllable, its toneless base or None if toneless) for pinyin content, else None.

    Content is one or more syllables separated by spaces or apostrophes;
    up to four, each either tone-marked, tone-numbered or toneless pinyin.
    A tone-numbered vowel alone (``a1``, ``e2``) reads as a label, not pinyin.
    """
    parts = [p for p in _SYLLABLE_SPLIT_RE.split(content.strip()) if p]
    if not parts or len(parts) > 4:
        return None
    out: list[tuple[str, str | None]] = []
    for p in parts:
        base = pinyin_data.toned_base(p)
        if base is not None:
            if p[-1].isdigit() and len(base) < 2:
                return None
            out.append((p, base))
        elif pinyin_data.is_toneless(p):
            out.append((p, None))
        else:
            pieces = _split_toned(p)
            if pieces is None:
                return None
            out.extend(pieces)
    return tuple(out) if len(out) <= _MAX_SYLLABLES else None


#: Syllables one annotation may hold (a word's reading written together).
_MAX_SYLLABLES = 8


def _split_toned(word: str) -> list[tuple[str, str]] | None:
    """A word's reading written without spaces (``réngōngzhìnéng``) as toned
    syllables, every one of them with a tone: toneless pieces could be English
    (``(Beijing)`` stays). None when no such split exists."""
    n = len(word)
    if n < 4 or n > 8 * _MAX_SYLLABLES:
        return None
    best: list[list[tuple[str, str]] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        done = best[i]
        if done is None or len(done) >= _MAX_SYLLABLES:
            continue
        for j in range(i + 1, min(n, i + 7) + 1):
            if best[j] is not None:
                continue
            piece = word[i:j]
            base = pinyin_data.toned_base(piece)
            if base is None or piece[-1].isdigit() and len(base) < 2:
                continue
            best[j] = done + [(piece, base)]
    got = best[n]
    return got if got is not None and len(got) >= 2 else None


def _pinyin_opens(text: str) -> list[int]:
    """Positions of opening brackets (either width) followed by a letter pinyin
    starts with, in order: ``str.find`` from bracket to bracket, no scan of the
    text in Python (a clean page holds a few full-width brackets at most)."""
    out: list[int] = []
    for bracket in "(（":
        i = text.find(bracket)
        while i != -1:
            if text[i + 1:i + 2] in _PINYIN_START:
                out.append(i)
            i = text.find(bracket, i + 1)
    if len(out) > 1:
        out.sort()
    return out


@builtin("strip_pinyin")
def strip_pinyin(text: str, ctx: Context, *, toneless_min_annotations: int = 3,
                 neutral_tone: Mapping[str, str] | None = None) -> list[Change]:
    """Delete pinyin in brackets after Han characters (``網(wǎng)`` -> ``網``).

    A bracket goes only when everything in it is pinyin with a tone (mark or
    number). A toneless syllable (``(men)``, ``(a)``) could be any Latin word;
    it goes only when the document is densely annotated (at least
    ``toneless_min_annotations`` toned annotations) and the same character is
    annotated elsewhere in it with that syllable and a tone, or the character
    is a particle or suffix read in the neutral tone (``neutral_tone``: 們 ->
    men), which an annotator writes without a tone everywhere.
    """
    opens = _pinyin_opens(text)
    if not opens:
        return []
    toned: list[tuple[int, int]] = []
    toneless: list[tuple[int, int, str, str]] = []  # start, end, char, syllable
    readings: dict[str, set[str]] = {}
    done = 0
    for pos in opens:
        if pos < done or pos == 0 or not HAN_RE.match(text, pos - 1):
            continue
        char = text[pos - 1]
        while (m := _GROUP_RE.match(text, pos)) is not None:
            syls = _syllables(m.group(1))
            if syls is None:
                break  # a real bracket: it and what follows stay
            if all(base is not None for _, base in syls):
                toned.append((m.start(), m.end()))
                if len(syls) == 1:
                    readings.setdefault(char, set()).add(syls[0][1])  # type: ignore[arg-type]
            elif len(syls) == 1:
                toneless.append((m.start(), m.end(), char, syls[0][0]))
            else:
                break
            pos = m.end()
        done = pos
    spans = list(toned)
    if len(toned) >= toneless_min_annotations:
        neutral = neutral_tone or {}
        spans += [(s, e) for s, e, char, syl in toneless
                  if syl in readings.get(char, ()) or neutral.get(char) == syl]
    return [Change(s, e, "") for s, e in sorted(spans)]


# ---------------------------------------------------------------- T2S

#: Changed positions closer than this (on one line) form one edit.
_EDIT_GAP = 8


def _line_starts(arr: np.ndarray) -> np.ndarray:
    return np.flatnonzero(arr == 10)


def _lines_to_convert(arr: np.ndarray, text: str, plan: t2s.Plan, scripts: t2s.Scripts,
                      foreign: np.ndarray | None = None) -> np.ndarray | None:
    """Line numbers to convert, or None for all; an empty array for none.

    A line is converted when it holds Traditional evidence: a Traditional-only
    character (``網``) or a phrase only Traditional text writes (``袷衣``). In a
    document with more evidence than Simplified-only characters (``网``), a
    line without either is converted too. Lines without evidence in a
    Simplified document are never touched, so OpenCC's conversions of
    characters and phrases that Simplified also writes (``乾``, ``沈默``,
    ``一坏``) cannot rewrite clean Simplified text. Characters of ``foreign``
    clauses (Japanese, Korean) are evidence of neither script.
    """
    trad = np.flatnonzero(scripts.traditional[arr])
    extra = [s for s, e, value in plan.kept
             if scripts.phrase_is_evidence(text[s:e], value)]
    if extra:
        trad = np.union1d(trad, np.array(extra, dtype=np.intp))
    if foreign is not None:
        trad = trad[~foreign[trad]]
    if not trad.size:
        return np.empty(0, dtype=np.intp)
    simp = np.flatnonzero(scripts.simplified[arr])
    if foreign is not None:
        simp = simp[~foreign[simp]]
    if not simp.size:
        return None  # evidence and no Simplified-only character: all of it
    breaks = _line_starts(arr)
    keep = np.zeros(breaks.size + 1, dtype=bool)
    if trad.size > simp.size:
        keep[:] = True
        keep[np.searchsorted(breaks, simp)] = False
    keep[np.searchsorted(breaks, trad)] = True
    return None if keep.all() else np.flatnonzero(keep)


#: (chain, id(corrections)) -> (corrections, converter, scripts, census table): the
#: rule passes the same params dict on every call; the dict is held, so its id stays unique.
_SETUPS: dict[tuple[str, int], tuple] = {}


def _setup(chain: str, corrections: Mapping[str, str] | None
           ) -> tuple[t2s.Converter, t2s.Scripts, np.ndarray]:
    hit = _SETUPS.get((chain, id(corrections)))
    if hit is not None and hit[0] is corrections:
        return hit[1], hit[2], hit[3]
    if chain == "t2s":
        conv, scripts = t2s.get_converter("t2s", corrections), t2s.get_scripts(corrections)
    else:
        conv, scripts = t2s.get_converter(chain), t2s.get_scripts()
    table = census.table_for(conv, scripts)
    if len(_SETUPS) < 64:
        _SETUPS[(chain, id(corrections))] = (corrections, conv, scripts, table)
    return conv, scripts, table


#: What ends a clause: a line, a sentence, a quote or bracket (either half).
_CLAUSE_ENDS = np.zeros(0x110000, dtype=bool)
_CLAUSE_ENDS[[ord(c) for c in "\n。！？!?；;「」『』“”《》〈〉（）()【】"]] = True
_CLAUSE_ENDS.flags.writeable = False
_FOREIGN_CHARS = np.zeros(0x110000, dtype=bool)
for _lo, _hi in census.FOREIGN_RANGES:
    _FOREIGN_CHARS[_lo:_hi + 1] = True
_FOREIGN_CHARS.flags.writeable = False


def _foreign_clauses(arr: np.ndarray) -> np.ndarray | None:
    """Bool per position: inside a clause holding two or more kana or hangul
    (``「日本語の勉強は難しい」``, ``대한민국은 民主共和國이다``): Japanese or
    Korean, whose kanji and hanja are no Traditional Chinese. One kana alone
    (``小清新の日常``, Chinese web slang) makes no clause foreign."""
    clause = np.cumsum(_CLAUSE_ENDS[arr])
    counts = np.bincount(clause, weights=_FOREIGN_CHARS[arr])
    mask = counts[clause] >= 2
    return mask if mask.any() else None


def _conversion_changes(text: str, chain: str, corrections: Mapping[str, str] | None
                        ) -> list[Change]:
    """The changes ``chain`` makes on the lines of ``text`` that are Traditional."""
    if text.isascii():
        return []
    conv, scripts, table = _setup(chain, corrections)
    # scripts.has_evidence(arr) and conv.needs_conversion(text, arr), in one lookup
    bits, arr = census.census(text, table)
    if not (bits & census.EVIDENCE and bits & census.CONVERTS):
        return []
    plan = conv.plan(text, arr)
    foreign = _foreign_clauses(arr) if bits & census.FOREIGN else None
    lines = _lines_to_convert(arr, text, plan, scripts, foreign)
    if lines is not None and not lines.size:
        return []
    changed = plan.changed()
    if foreign is not None:
        changed &= ~foreign
    if lines is not None:
        breaks = _line_starts(arr)
        allowed = np.zeros(breaks.size + 1, dtype=bool)
        allowed[lines] = True
        changed &= allowed[np.cumsum(arr == 10) - (arr == 10)]
    return _group_changes(changed, arr, plan)


#: A run of changed positions (1) with gaps of at most _EDIT_GAP unchanged ones
#: (0), never across a line end (2): one edit.
_RUN_RE = re.compile(rb"\x01(?:\x00{0,%d}\x01)*" % _EDIT_GAP)


def _group_changes(changed: np.ndarray, arr: np.ndarray, plan: t2s.Plan) -> list[Change]:
    """Changed positions as edits: one per stretch of nearby changes on a line.

    The mask becomes bytes and one regex finds the stretches: cheaper than a
    dozen numpy calls on a page-sized array.
    """
    mask = changed.view(np.uint8) | ((arr == 10).view(np.uint8) << 1)
    spans = [m.span() for m in _RUN_RE.finditer(mask.tobytes())]
    if plan.phrases:  # values of another length: splice per edit
        return [Change(s, e, plan.output(s, e)) for s, e in spans]
    out = plan.output()  # same offsets as the input
    return [Change(s, e, out[s:e]) for s, e in spans]


@builtin("t2s")
def traditional_to_simplified(text: str, ctx: Context, *,
                              corrections: Mapping[str, str] | None = None) -> list[Change]:
    """OpenCC t2s, phrase-correct, with ``corrections`` joining its phrase dictionary.

    Corrections (``"昇華" = "升华"``, ``"昇" = "昇"``) compete with OpenCC's
    phrases for the longest match, exactly as a newer dictionary would; a
    table rule running before conversion would instead win even against a
    longer OpenCC phrase and leave Simplified output for OpenCC to re-convert.
    """
    return _conversion_changes(text, "t2s", corrections)


@builtin("opencc_regional")
def regional_vocabulary(text: str, ctx: Context, *, region: str) -> list[Change]:
    """Taiwan or Hong Kong usage to mainland usage (``軟體`` -> ``軟件``), still Traditional.

    OpenCC's tw2sp/hk2s chains run this group before t2s; as a rule of its
    own before the t2s rule, the result is the same chain.
    """
    return _conversion_changes(text, region, None)


# ---------------------------------------------------------------- width

_FULLWIDTH_ALNUM_RE = re.compile("[０-９Ａ-Ｚａ-ｚ]+")
_HALFWIDTH = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                      *range(0xFF41, 0xFF5B)]}


#: A token of letters and digits with the marks that join them inside it (a decimal
#: point, a URL's dots, a date's hyphens, a time's colon, a percent sign after it).
_ALNUM_TOKEN_RE = re.compile(
    "[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+(?:[．／＠＿－：][0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+)*(?:(?<=[0-9０-９])％)?")
#: The joiners, half-width; ：only between digits (a time, a score).
_JOINERS = {0xFF0E: ".", 0xFF0F: "/", 0xFF20: "@", 0xFF3F: "_", 0xFF0D: "-", 0xFF05: "%"}
_DIGIT_COLON_RE = re.compile("(?<=[0-9])：(?=[0-9])")


@builtin("fullwidth_alnum")
def fullwidth_alnum(text: str, ctx: Context) -> list[Change]:
    """Full-width Latin letters and digits to ASCII (``２０２４`` -> ``2024``).

    A token that has full-width letters or digits takes the marks that join
    them to half width too (``５．２％`` -> ``5.2%``, ``ｗｗｗ．ｘｘ．ｃｏｍ`` ->
    ``www.xx.com``): a decimal point or a URL's dot is not the Chinese full
    stop. Full-width punctuation elsewhere, and in tokens already half-width,
    stays."""
    if text.isascii() or not census.census(text)[0] & census.FULLWIDTH_ALNUM:
        return []
    changes = []
    for m in _ALNUM_TOKEN_RE.finditer(text):
        token = m.group()
        if not _FULLWIDTH_ALNUM_RE.search(token):
            continue
        half = _DIGIT_COLON_RE.sub(":", token.translate(_HALFWIDTH)).translate(_JOINERS)
        if half != token:
            changes.append(Change(m.start(), m.end(), half))
    return changes


@builtin("han_punctuation")
def han_punctuation(text: str, ctx: Context, *,
                    kinds: Iterable[str] = ("marks", "brackets", "quotes", "full_stop")
                    ) -> list[Change]:
    """Half-width punctuation in Chinese context to full-width (see _scripts_punct)."""
    kinds = tuple(kinds)
    if text.isascii():
        return []
    view, segs = glued_view(text)  # judged as it will read once layout joins lines
    if not may_widen(view, kinds) or not HAN_RE.search(view):
        return []
    changed = widen(view, kinds)
    return [Change(j, j + 1, after) for j, after in
            sorted((original_position(segs, i), a) for i, a in changed.items())]


# ---------------------------------------------------------------- Latin words


#: A run of Latin letters (or &): a candidate word, looked up as a whole.
_LATIN_RUN_RE = re.compile(r"[A-Za-z&]+")


def _between_han(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span from just after a Han character before ``start`` (spaces and tabs
    between) to just before one after ``end``; None unless Han on both sides."""
    a = start
    while a > 0 and text[a - 1] in " \t":
        a -= 1
    b = end
    while b < len(text) and text[b] in " \t":
        b += 1
    if a == 0 or b == len(text) or not HAN_RE.match(text, a - 1) or not HAN_RE.match(text, b):
        return None
    return a, b


@builtin("latin_connectives")
def latin_connectives(text: str, ctx: Context, *, table: Mapping[str, str],
                      report: Collection[str] = ()) -> list[Change]:
    """English connectives between Han characters, from ``table`` (``and`` -> ``和``).

    Words in ``report`` have no one translation (``of``, ``for``, ``in``): they
    are not guessed but listed in ``ctx.metadata["unhandled_latin"]``.
    """
    if text.isascii() or not census.census(text)[0] & census.LATIN:
        return []  # no [A-Za-z&]: no run for _LATIN_RUN_RE to find
    if not any(w[:1] in text for words in (table, report) for w in words):
        return []  # substring tests: cheaper than any regex scan of a Chinese page
    out, found = [], []
    for m in _LATIN_RUN_RE.finditer(text):
        word = m.group()
        if word not in table and word not in report:
            continue
        span = _between_han(text, m.start(), m.end())
        if span is None:
            continue
        if word in table:
            out.append(Change(span[0], span[1], table[word]))
        else:
            found.append({"rule": ctx.rule_id, "word": word, "start": m.start()})
    if found and ctx.metadata is not None:
        ctx.metadata.setdefault("unhandled_latin", []).extend(found)
    return out


# ---------------------------------------------------------------- duplicates

#: A quoted or titled item repeated at once, optionally after 、: “工匠杯”“工匠杯”.
_QUOTED_REPEAT_RE = re.compile(
    r"(?P<item>“(?P<a>[^“”\n]{2,40})”|《(?P<b>[^《》\n]{2,40})》|「(?P<c>[^「」\n]{2,40})」)"
    r"(?P<rep>(?:、?(?P=item))+)")
#: A repeat needs a closing mark followed (after an optional 、) by the same kind's
#: opener: (closer, opener, that joint as a regex with a literal prefix: a C scan).
_QUOTED_JOINTS = tuple((c, o, re.compile(f"{c}、?{o}")) for c, o in ("”“", "》《", "」「"))
_SENTENCE_PUNCT = frozenset("，。！？；：…!?,;:")

#: What may follow a bare list item: the next item or the end of the list.
_ITEM_END = frozenset("、，。；）”\n")


def _may_repeat_quoted(text: str) -> bool:
    """False guarantees :data:`_QUOTED_REPEAT_RE` finds nothing in ``text``.

    A repeat is an item (opener, 2-40 characters without an opener, closer)
    followed at a joint (closer, optional 、, opener) by the same item. At each
    joint, the item is what lies after the last opener before it.
    """
    for close, open_, joint in _QUOTED_JOINTS:
        if close not in text:
            continue
        for m in joint.finditer(text):
            q = m.start()
            s = text.rfind(open_, max(0, q - 41), q)
            if s != -1 and q - s >= 3 and text.startswith(text[s:q + 1], m.end() - 1):
                return True
    return False


@builtin("dedupe_quoted_items")
def dedupe_quoted_items(text: str, ctx: Context) -> list[Change]:
    """Drop exact repeats of a quoted list item right after it."""
    if not _may_repeat_quoted(text):
        return []
    out = []
    for m in _QUOTED_REPEAT_RE.finditer(text):
        inner = m.group("a") or m.group("b") or m.group("c")
        if any(c in _SENTENCE_PUNCT for c in inner):
            continue  # “快！”“快！” is dialogue, not a list
        out.append(Change(m.start("rep"), m.end("rep"), "", reason="duplicate list item"))
    return out


def _repeat_at(text: str, p: int) -> int:
    """Length of the item X when ``text[p]`` is the 、 of ``X、X``, else 0.

    X is 2-12 Han characters, the longest that fits; the repeat must end the
    list or be followed by the next item. Triples (发展、发展、发展) and
    rhetorical repeats (学习、学习、再学习) are not slips: 0.
    """
    first = text[p + 1:p + 2]
    if not first or not HAN_RE.match(first):
        return 0
    j = text.find(first, max(0, p - 12), p - 1)
    while j != -1:
        size = p - j
        item = text[j:p]
        if (text.startswith(item, p + 1) and all(HAN_RE.match(c) for c in item)
                and (p + 1 + size == len(text) or text[p + 1 + size] in _ITEM_END)):
            after = text[p + 1 + size:p + 3 + size]
            tripled = (text.startswith("、" + item, p + 1 + size)
                       or (j > size and text[j - 1 - size:j] == item + "、"))
            if tripled or after in ("、再", "、又"):
                return 0
            return size
        j = text.find(first, j + 1, p - 1)
    return 0


#: A 、 whose next two characters also occur, whole, within the 12 before it: what
#: ``X、X`` needs (X of 2-12 characters). One regex call from 、 to 、 (a literal
#: prefix: a C scan); where it finds nothing, :func:`_repeat_at` returns 0.
_LIST_REPEAT_GATE = re.compile(
    "、(?=(..))(?:" + "|".join(rf"(?<=\1.{{{k}}}、)" for k in range(11)) + ")", re.DOTALL)
#: Exactly ``X、X`` with X of 2-12 Han characters, the second X ending the text or
#: followed by what may follow an item: also needed, dearer, so asked second.
_LIST_REPEAT_EXACT = re.compile("、(?:" + "|".join(
    rf"(?=([{HAN_CLASS}]{{{k}}})(?:[{''.join(sorted(_ITEM_END))}]|\Z))(?<=\{k - 1}、)"
    for k in range(2, 13)) + ")")


@builtin("dedupe_list_items")
def dedupe_list_items(text: str, ctx: Context) -> list[Change]:
    """Drop an exact repeat of a bare 、-separated item right after it."""
    hit = _LIST_REPEAT_GATE.search(text)
    if hit is not None:
        hit = _LIST_REPEAT_EXACT.search(text, hit.start())
    if hit is None:
        return []
    out = []
    p = hit.start()
    while p != -1:
        size = _repeat_at(text, p)
        if size:
            out.append(Change(p, p + 1 + size, "", reason="duplicate list item"))
            p = text.find("、", p + 1 + size)
        else:
            p = text.find("、", p + 1)
    return out
