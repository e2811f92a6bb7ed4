"""Double-byte text that lost a byte mid-line and was decoded with replacement.

A GBK (or Big5) page that loses one byte of a character in the middle of a
line, decoded by a codec with ``errors="replace"``, shows no mark where the
byte was lost: the decoder simply reads on one byte off, pairing the trail of
each character with the lead of the next, and prints Han characters made of
halves, until it meets a pair it cannot decode. It replaces that pair's first
byte (a real trail) with U+FFFD and is back in step after it::

    今年将新建    BDF1 C4EA BDAB D0C2 BDA8
    F1 lost:     BD C4 | EA BD | AB D0 | C2 ...   -> 侥 杲 U+FFFD 新建
                 (AB D0 is no GBK pair: AB becomes U+FFFD, D0 C2 is 新 again)

So the U+FFFD comes *after* the garbage, and nothing marks where the garbage
starts. Re-encoding the characters before the U+FFFD and pairing their bytes
one byte later gives what the bytes hold (C4 EA = 年); the pairing is fixed
by the U+FFFD, whatever the start: each start back from it re-pairs the same
bytes, one character more. Where the garbage starts is decided by the bytes
and the scoring of :mod:`._mojibake_shift`, never by how rare a character
looks (about 40% of the pairs read one byte off are common characters):

- every pair of the shifted reading must be a character the code page has
  (real text always is): a start is impossible beyond a pair that is not;
- the byte the U+FFFD replaced must complete the last character and, with the
  next byte, make a pair the decoder rejects, else the U+FFFD is not where
  such a run ends;
- two characters in a row the document shows together elsewhere are text
  read in step: the run cannot start before them;
- among the starts left, the run starts where the shifted reading gains
  most over the text as it stands, moving back only for a clear gain
  (:data:`STEP_MARGIN`); a shifted pair the document uses, and a start whose
  lost character the document puts back from its orphan byte, count as the
  proofs they are in :mod:`._mojibake_shift`. A garbage character that reads
  as common as the real one it hides gives no gain, so the start may stay
  after it: some garbage is then left, never a clean character taken;
- the run's characters are judged as in :mod:`._mojibake_shift` (the
  document proves them, or they are removed with a reason), and the run is
  kept only when it is strong (:attr:`Run.strong
  <._mojibake_shift.Run.strong>`) *and* the document confirms one of its
  characters: alone, a paragraph proves nothing about where garbage starts,
  and U+FFFD is left to ENC021.

The lost character itself (one of its bytes is the garbage's first) and the
one whose trail became U+FFFD come back only when the document proves them;
for the latter, the trail must also be one the decoder would have rejected.
A run of one garbage character (十呶\ufffd for 十堰为) is both of these:
they come back only as the one pair the document shows between the same
Han neighbours. Bytes that ENC016/ENC017 prove to be UTF-8 are theirs; an
unproven UTF-8 reading (long garbage often fits it by chance) yields to a
run the document confirms twice.
"""

from __future__ import annotations

from . import _mojibake_shift as S
from . import _mojibake_tables as T
from ._mojibake_cjk import UTF8_GATE, utf8_findings
from ._mojibake_shift import COST_LOST, DocEvidence, Item, Run, Token

#: Longest run considered (characters back from the U+FFFD).
MAX_BACK = 400
#: What a character must gain, read one byte off, for the run to take it in
#: when the start moves back over it: a character whose two readings cost
#: about the same is left as it stands.
STEP_MARGIN = 1.0


def _lead_ok(byte: int, family: str) -> bool:
    """A byte a decoder out of step reads as a lead: a real trail at or above
    0x81 (below 0x80 it is ASCII and the decoder is back in step)."""
    return byte >= 0x81


def _rejects(z: int, w: int | None, family: str) -> bool:
    """Would the decoder reject ``z`` followed by ``w`` (None: end of text)?"""
    if w is None or w < 0x40:
        return True
    return T.is_lost_pair(z, w, family)


def _valid(lead: int, trail: int, family: str) -> str | None:
    """The character ``lead trail`` decodes to, if a page could hold it."""
    if not T.is_trail(trail, family):
        return None
    ch = T.decode_pair(lead, trail, family)
    if ch is None or "\ue000" <= ch <= "\uf8ff":
        return None
    return ch


def _next_bytes(text: str, f: int, family: str) -> tuple[int | None, ...]:
    """What the first byte after the U+FFFD at ``f`` may have been (None: the
    text ends; a full-width form a site folded to ASCII may be either), or
    nothing when the next character is not in the code page."""
    if f + 1 >= len(text):
        return (None,)
    ch = text[f + 1]
    if ch.isascii():
        folded = T.FULLWIDTH_BYTES[family].get(ch)
        return (ord(ch),) if folded is None else (ord(ch), folded[0])
    data = T.encode_char(ch, family)
    return () if data is None else (data[0],)


def _bytes_of(ch: str, family: str) -> bytes | None:
    """The two bytes of a character a run may hold: one of the code page, or
    a full-width form the site folded to ASCII."""
    if ch.isascii():
        return T.FULLWIDTH_BYTES[family].get(ch)
    data = T.encode_char(ch, family)
    return data if data is not None and len(data) == 2 else None


def find_lost_run(text: str, f: int, family: str, ev: DocEvidence) -> Run | None:
    """The garbage run that ends at the U+FFFD at ``f``, repaired, or None."""
    after = _next_bytes(text, f, family)
    if not after or f == 0:
        return None
    # the characters before the U+FFFD that may be garbage: two bytes each,
    # both at or above 0x81 (a real trail read as lead, a real lead)
    codes: list[bytes] = []
    j = f - 1
    while j >= 0 and f - j <= MAX_BACK:
        data = _bytes_of(text[j], family)
        if data is None or not _lead_ok(data[0], family) or not _lead_ok(data[1], family):
            break
        codes.append(data)
        j -= 1
    if not codes:
        return None
    codes.reverse()
    lo = f - len(codes)  # text[lo:f] are the candidates; codes[k] is text[lo + k]
    last = codes[-1]
    trails = frozenset(z for z in range(0x80, 0xFF) if _valid(last[1], z, family) is not None
              and any(_rejects(z, w, family) for w in after))
    if not trails:
        return None
    # the shifted reading of each boundary, right to left, and the earliest start
    shifted: list[str | None] = [None] * len(codes)
    start_min = f - 1
    for i in range(f - 2, lo - 1, -1):
        if ev.seen(text[i] + text[i + 1]) >= 2:
            start_min = i + 2  # two characters the document shows together: text in step
            break
        ch = _valid(codes[i - lo][1], codes[i - lo + 1][0], family)
        if ch is None:
            break  # no page holds that pair: the run starts after it
        shifted[i - lo] = ch
        start_min = i
    if start_min >= f:
        return None
    # the gain of each start; the run moves back only for a clear gain. A
    # character of the shifted reading that forms with the next one a pair
    # the document uses is confirmed (as a proof in _mojibake_shift), and so
    # is a start whose lost character the document puts back from its byte.
    gain = S._char_as_is(text, f - 1, ev) - COST_LOST
    best_start, best_gain = f - 1, gain + _start_bonus(text, f - 1, codes[-1][0], "", family, ev)
    run_gain = gain
    for i in range(f - 2, start_min - 1, -1):
        ch = shifted[i - lo]
        gain += S._char_as_is(text, i, ev) - T.char_cost(ch, ev.script)  # type: ignore[arg-type]
        if i + 2 < f and ev.seen(ch + shifted[i + 1 - lo]):  # type: ignore[operator]
            gain += S.PROOF_WEIGHT
        total = gain + _start_bonus(text, i, codes[i - lo][0], ch, family, ev)  # type: ignore[arg-type]
        if total >= best_gain + STEP_MARGIN:
            best_start, best_gain, run_gain = i, total, gain
    if best_gain <= 0 and best_start < f - 1:
        return None
    return _build(text, f, best_start, lo, codes, shifted, trails, family, ev, run_gain)


def _build(text: str, f: int, s: int, lo: int, codes: list[bytes], shifted: list[str | None],
           trails: frozenset[int], family: str, ev: DocEvidence,
           gain: float) -> Run:
    """The run from ``s`` to the U+FFFD at ``f``, its characters judged."""
    tokens = [Token(i, i + 1, (tuple(codes[i - lo]),)) for i in range(s, f)]
    tokens.append(Token(f, f + 1, ((S.LOST,),)))
    first = codes[s - lo]
    items = [Item(None, 0, 0, lead=first[0])]
    for i in range(s, f - 1):
        k = i - lo
        items.append(Item(shifted[k], i - s, i - s + 1, codes[k][1], codes[k + 1][0]))
    items.append(Item(None, f - 1 - s, f - s, lead=codes[f - 1 - lo][1]))
    run = Run(family, s, f + 1, tokens, items, [], gain)
    orphan = first[0]
    last_n = len(items) - 1
    pair: list[str] = []

    def restore(n: int, it: Item, prev: str, nxt: str) -> str | None:
        if n == 0 and last_n == 1:  # one character of garbage: both halves are lost
            after = text[f + 1] if f + 1 < len(text) else ""
            pair[:] = _restore_pair(ev, family, prev, after, orphan, items[1].lead, trails)
            return pair[0] if pair and pair[0] != text[s] else None
        if n == 0:  # the lost character: the orphan byte is its lead or its trail
            ch = _restore(ev, family, prev, nxt, either=orphan)
            return ch if ch != text[s] else None  # the character as it stands: no proof
        if n == last_n:  # its trail became U+FFFD: one the decoder rejects before w
            if pair and prev == pair[0]:
                return pair[1]
            if not (prev.strip() and nxt.strip()):
                return None  # its trail is unknown: one neighbour proves too little
            return _restore(ev, family, prev, nxt, lead=it.lead, trails=trails)
        return ev.restore(it, prev, nxt, family)

    S._judge_items(run, text, ev, restore)
    # a lost character the document puts back costs what it costs as text
    run.gain += sum(COST_LOST - T.char_cost(it.ch, ev.script) for it in items
                    if it.why == "restored" and it.ch)
    return run


def _restore_pair(ev: DocEvidence, family: str, prev: str, after: str, orphan: int,
                  lead: int | None, trails: frozenset[int]) -> tuple[str, str] | tuple[()]:
    """Both characters of a run of one garbage character: the lost one (with
    ``orphan`` as lead or trail) and the one whose trail became U+FFFD (its
    ``lead``, a trail in ``trails``), when exactly one pair of them is what
    the document shows after ``prev``, together, and before ``after`` (both
    neighbours Han characters)."""
    if lead is None or not (_is_han(prev) and _is_han(after)):
        return ()  # a neighbour that is a mark or a space proves little
    by_lead, by_trail = ev.by_bytes(family)
    firsts = [ch for ch, _ in (*by_lead.get(orphan, ()), *by_trail.get(orphan, ()))
              if ev.seen(prev + ch)]
    seconds = [ch for ch, data in by_lead.get(lead, ()) if data[1] in trails
               and ev.seen(ch + after)]
    found = [(a, b) for a in firsts for b in seconds if ev.seen(a + b)]
    if len(found) != 1:
        return ()
    a, b = found[0]
    if any(T.char_cost(c, ev.script) > T.COST_COMMON for c in (a, b)):
        return ()
    return a, b


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _start_bonus(text: str, i: int, orphan: int, nxt: str, family: str,
                 ev: DocEvidence) -> float:
    """What a run starting at ``i`` gains when the document puts back its
    lost character from the orphan byte: a confirmed character instead of a
    lost one."""
    prev = text[i - 1] if i > 0 else ""
    ch = _restore(ev, family, prev, nxt, either=orphan)
    if ch is None or ch == text[i]:
        return 0.0
    return COST_LOST - T.char_cost(ch, ev.script) + S.PROOF_WEIGHT


def _restore(ev: DocEvidence, family: str, prev: str, nxt: str, *, either: int | None = None,
             lead: int | None = None, trails: frozenset[int] = frozenset()) -> str | None:
    """The one character the document shows next to each known neighbour,
    :data:`MIN_SEEN <._mojibake_shift.MIN_SEEN>` times in all (as
    :meth:`DocEvidence.restore`), among those with the byte ``either`` as
    lead or trail, or with ``lead`` and one of ``trails``."""
    if not prev.strip() and not nxt.strip():
        return None
    by_lead, by_trail = ev.by_bytes(family)
    if either is not None:
        cands = [*by_lead.get(either, ()), *by_trail.get(either, ())]
    else:
        cands = [c for c in by_lead.get(lead, ()) if c[1][1] in trails]  # type: ignore[arg-type]
    found: dict[str, int] = {}
    for ch, _ in cands:
        seen = [ev.seen(prev + ch)] if prev.strip() else []
        seen += [ev.seen(ch + nxt)] if nxt.strip() else []
        if all(seen):
            found[ch] = sum(seen)
    if len(found) == 1:
        ((ch, n),) = found.items()
        if n >= S.MIN_SEEN and T.char_cost(ch, ev.script) <= T.COST_COMMON:
            return ch
    return None


def _proven(run: Run) -> bool:
    """A run is kept when it is proven as a marked one is
    (:attr:`Run.strong <._mojibake_shift.Run.strong>`) and, since nothing marks
    where it starts, the document confirms at least one of its characters:
    how rare the text as it stands looks is never proof enough on its own."""
    return run.strong and run.proven >= 1


def lost_runs(text: str, family: str, ev: DocEvidence, taken: list[tuple[int, int]],
              utf8: list[tuple[int, int, bool]] = ()) -> list[Run]:  # type: ignore[assignment]
    """Every proven run of ``family`` ending at a U+FFFD in Chinese text.

    Where the bytes could also be UTF-8 read as GBK or Big5 (``utf8``: spans
    and whether ENC016/ENC017 prove them), a proven reading is theirs, and an
    unproven one yields only to a run the document confirms twice."""
    out: list[Run] = []
    pos = text.find("\ufffd")
    while pos >= 0:
        if not any(a <= pos < b for a, b in taken) and pos > 0 \
                and S._CJK_CHAR.match(text[pos - 1]):
            run = find_lost_run(text, pos, family, ev)
            if run is not None and _proven(run) \
                    and not any(a < run.end and run.start < b for a, b in taken) \
                    and all(not (a < run.end and run.start < b) or not sure and run.proven >= 2
                            for a, b, sure in utf8):
                out.append(run)
        pos = text.find("\ufffd", pos + 1)
    return out


#: (text, runs) of the last text: the GBK and the Big5 rule see the same text.
_last: list[tuple[str | None, list[Run]]] = [(None, [])]


def find_runs(text: str) -> list[Run]:
    """The runs of :func:`._mojibake_shift.find_runs` and, in a text with
    U+FFFD, the runs that end at one, in order (cached for the last text)."""
    seen, runs = _last[0]
    if text is seen:
        return runs
    runs = S.find_runs(text)
    if "\ufffd" in text:
        taken = [(r.start, r.end) for r in runs]
        ev = DocEvidence(text)
        families = (runs[0].family,) if runs else ev.families
        utf8 = _utf8_spans(text)
        by_family = {fam: lost_runs(text, fam, ev, taken, utf8) for fam in families}
        score = {fam: sum(r.evidence for r in rs) for fam, rs in by_family.items()}
        family = max(families, key=lambda fam: (score[fam], fam == "gbk"))
        if by_family[family]:
            runs = sorted(runs + by_family[family], key=lambda r: r.start)
    _last[0] = (text, runs)
    return runs


def _utf8_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, proven) of every stretch ENC016/ENC017 can read as UTF-8
    read as GBK or Big5 (see :func:`._mojibake_cjk.utf8_findings`)."""
    out = []
    for fam, gate in UTF8_GATE.items():
        if gate.search(text):
            for proven, changes in utf8_findings(text, fam):
                if changes:
                    out.append((min(c.start for c in changes), max(c.end for c in changes), proven))
    return out
