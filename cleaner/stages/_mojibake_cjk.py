"""Whole-character mojibake between UTF-8, GBK/GB18030, Big5 and Latin-1.

Two directions, both undone by re-encoding the garbled span with the codec
that produced it and decoding the bytes with the one that should have:

- UTF-8 read as GBK (``鍖椾含`` for 北京: E5 8C 97 E4 BA AC paired as E58C 97E4
  BAAC) or as Big5 (``銝剖`` ...; Big5 has no trail bytes 80-A0, so a Big5
  reading of UTF-8 is full of ``?``/U+FFFD, and the characters those bytes
  belonged to are lost);
- GBK or Big5 read as Latin-1 / Windows-1252 (``±±¾©`` for 北京 = B1B1 BEA9).

A span is repaired only when the bytes prove it: they must decode cleanly in
the other codec (valid UTF-8 is rare by chance: a lead byte announces how many
continuation bytes follow), and the result must be far more plausible than the
garbage (frequent characters of the document's script where there were rare
ones). Bytes a decoder replaced by ``?`` or U+FFFD are unknown: a character
that needed them is dropped and reported, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterator

from ..records import Change
from . import _mojibake_tables as T

UNKNOWN = None
#: Marks of a byte a decoder could not decode.
DAMAGE = "?\ufffd"


# ---------------------------------------------------------------- tables


def _decode_block(family: str, leads: range, trails: range) -> str:
    """Every character ``family`` decodes from lead x trail pairs of the ranges."""
    out = {T.decode_pair(lead, trail, family) for lead in leads for trail in trails}
    out.discard(None)
    return "".join(sorted(out))  # type: ignore[arg-type]


def _build_utf8_gate(family: str) -> re.Pattern[str]:
    """What UTF-8 Chinese read as ``family`` always shows.

    GBK: a UTF-8 lead byte (E2-EF) paired with a continuation byte (80-BF),
    then a continuation byte paired with the next lead (``鍖椾`` in ``鍖椾含``
    for 北京), or U+FFFD where the decoder gave up on that pair (``涓�`` for
    一): two characters in a row that clean text almost never has (each set
    alone is common in Traditional text). Big5 cannot pair continuation
    bytes 80-A0 at all, so its reading is full of U+FFFD between rare level-2
    characters made of a lead and a continuation byte A1-BF.
    """
    if family == "gbk":
        first = _decode_block(family, range(0xE2, 0xF0), range(0x80, 0xC0))
        return re.compile("[" + re.escape(first) + "][" + UTF8_PAIR_NEXT_CHARS + "]")
    return re.compile("[" + re.escape(_decode_block(family, range(0xE4, 0xEA), range(0xA1, 0xC0)))
                      + "]")


#: What follows a lead+continuation character in UTF-8 read as GBK: a
#: continuation+lead character (``椾`` in ``鍖椾含``), or U+FFFD.
_PAIR_NEXT = _decode_block("gbk", range(0x80, 0xC0), range(0xE2, 0xF0)) + "\ufffd"
UTF8_PAIR_NEXT = frozenset(_PAIR_NEXT)
#: The same, escaped for a regex character class.
UTF8_PAIR_NEXT_CHARS = re.escape(_PAIR_NEXT)


def _build_sloppy_cp1252() -> tuple[dict[str, int], str]:
    """Character -> byte for Windows-1252 as browsers decode it (the five
    unassigned bytes become the C1 controls of the same value) and Latin-1."""
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        table[chr(byte)] = byte  # Latin-1 (and C1 controls)
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            pass
    high = "".join(sorted(c for c in table if not c.isascii()))
    return table, high


CP1252_BYTES, _CP1252_HIGH = _build_sloppy_cp1252()

#: Gates for UTF-8 read as GBK/Big5: one compiled search each (plain ``re``:
#: the ``regex`` module is 100x slower on classes this large).
UTF8_GATE = {fam: _build_utf8_gate(fam) for fam in ("gbk", "big5")}
#: Gates for GBK/Big5 read as Latin-1/CP1252: a lead byte as a Latin-1 letter
#: (A1-FE) then a trail byte (another high character; for Big5 also 40-7E,
#: which reads as ASCII). Clean Chinese never has such a pair; its own
#: punctuation (“”——……) starts with no Latin-1 character.
LATIN_GATE = {
    "gbk": re.compile("[\u00a1-\u00fe][" + re.escape(_CP1252_HIGH) + "]"),
    "big5": re.compile("[\u00a1-\u00f9][" + re.escape(_CP1252_HIGH) + "@-~]"),
}

#: Characters made of a UTF-8 lead byte and a continuation byte: a segment
#: may hold UTF-8 read as ``family`` only when it has one.
_LEAD_CHARS = {"gbk": _decode_block("gbk", range(0xE2, 0xF0), range(0x80, 0xC0)),
               "big5": _decode_block("big5", range(0xE4, 0xEA), range(0xA1, 0xC0))}
UTF8_LEAD_SET = {fam: frozenset(chars) for fam, chars in _LEAD_CHARS.items()}
#: The same, escaped for a regex character class.
UTF8_LEAD_CHARS = {fam: re.escape(chars) for fam, chars in _LEAD_CHARS.items()}
_SUSPECT_CHARS = {fam: re.compile("[" + chars + "]") for fam, chars in UTF8_LEAD_CHARS.items()}

#: Segments considered: runs of non-ASCII, non-space characters, with the
#: ``?`` among and after them: a decoder that writes ``?`` for a byte it cannot
#: read leaves it inside the run (``涓囧?楋紝``); a real question mark is told
#: apart by the bytes (see :func:`_real_question_marks`).
#: GBK characters made of UTF-8 bytes only (leads E2-EF, continuations 80-BF):
#: what UTF-8 read as GBK is made of.
_UTF8_BYTES = [*range(0x80, 0xC0), *range(0xE2, 0xF0)]
_UTF8_MADE = re.escape(_decode_block("gbk", _UTF8_BYTES, _UTF8_BYTES))
#: A ``?`` counts only between such characters, or after one at the line end:
#: before other text (``高?!鞍``, ``為?◎P``) it belongs to a misaligned run
#: (ENC014/ENC015's).
_SEGMENT_GBK = re.compile(r"[^\x00-\x7f\s](?:[^\x00-\x7f\s]|(?<=[" + _UTF8_MADE + r"])\?+"
                          r"(?=[" + _UTF8_MADE + r"\x00-\x7f]|\Z))*")
#: Per family: a ``?`` is read into GBK's segments only (Big5 has no trail
#: bytes 80-A0, so a decoder that met UTF-8 there left too little to read).
_SEGMENT = {"gbk": _SEGMENT_GBK, "big5": re.compile(r"[^\x00-\x7f\s]+")}
#: The segment's start, found backwards (in the reversed text) from a character of it.
_SEGMENT_TAIL = {"gbk": re.compile(r"(?:(?:[^\x00-\x7f\s]|\?)*[^\x00-\x7f\s])?"),
                 "big5": re.compile(r"[^\x00-\x7f\s]*")}
#: What makes a segment worth reading as UTF-8: one of :data:`_SUSPECT_CHARS`
#: or U+FFFD (the other damage mark, ``?``, is ASCII: it is no reason alone).
_SEGMENT_HIT = {fam: re.compile("[" + chars + "\ufffd]")
                for fam, chars in UTF8_LEAD_CHARS.items()}


# ---------------------------------------------------------------- UTF-8 lattice


@dataclass(slots=True)
class Decoded:
    """One character of a repair: ``ch`` (None if its bytes were lost) made of
    the bytes of source characters ``a``..``b``."""

    ch: str | None
    a: int
    b: int


def _utf8_len(byte: int) -> int:
    """Length of the UTF-8 sequence a lead byte starts (0: not a lead)."""
    if byte < 0x80:
        return 1
    if 0xC2 <= byte <= 0xDF:
        return 2
    if 0xE0 <= byte <= 0xEF:
        return 3
    if 0xF0 <= byte <= 0xF4:
        return 4
    return 0


def decode_utf8(units: list[tuple[int | None, int]]) -> tuple[list[Decoded], int]:
    """Decode (byte, source index) units as UTF-8; unknown bytes lose their
    character. Returns the characters and the number of invalid bytes."""
    out: list[Decoded] = []
    errors = 0
    i = 0
    n = len(units)
    while i < n:
        b, src = units[i]
        if b is UNKNOWN:  # an unknown lead: skip its continuation bytes
            j = i + 1
            while j < n and units[j][0] is not UNKNOWN and 0x80 <= units[j][0] < 0xC0:  # type: ignore[operator]
                j += 1
            out.append(Decoded(None, src, units[j - 1][1]))
            i = j
            continue
        size = _utf8_len(b)
        if size == 0 or i + size > n:
            errors += 1
            out.append(Decoded(None, src, src))
            i += 1
            continue
        seq = units[i:i + size]
        if any(x is not UNKNOWN and not 0x80 <= x < 0xC0 for x, _ in seq[1:]):
            errors += 1
            out.append(Decoded(None, src, src))
            i += 1
            continue
        last = seq[-1][1]
        if any(x is UNKNOWN for x, _ in seq):
            out.append(Decoded(None, src, last))
        else:
            try:
                ch = bytes(x for x, _ in seq).decode("utf-8")  # type: ignore[misc]
            except UnicodeDecodeError:
                errors += 1
                out.append(Decoded(None, src, src))
                i += 1
                continue
            out.append(Decoded(ch, src, last))
        i += size
    return out, errors


def _units_for(segment: str, offset: int, family: str,
               unknown_width: int) -> list[tuple[int | None, int]] | None:
    """The bytes ``segment`` was decoded from, each with its character index;
    a damage mark stands for ``unknown_width`` unknown bytes."""
    units: list[tuple[int | None, int]] = []
    for k, ch in enumerate(segment):
        if ch in DAMAGE:
            units.extend([(UNKNOWN, offset + k)] * unknown_width)
            continue
        data = T.encode_char(ch, family)
        if data is None:
            return None
        units.extend((b, offset + k) for b in data)
    return units


# ---------------------------------------------------------------- pieces


def changes_from(decoded: list[Decoded], source: str, base: int,
                 reason: str = "lost-bytes") -> list[Change]:
    """Group source characters that share bytes into pieces; each piece becomes
    one change, with ``reason`` when a character of it was lost."""
    pieces: list[list[Decoded]] = []
    for d in decoded:
        if pieces and d.a <= pieces[-1][-1].b:
            pieces[-1].append(d)
        else:
            pieces.append([d])
    out = []
    for piece in pieces:
        a, b = piece[0].a, max(d.b for d in piece)
        after = "".join(d.ch for d in piece if d.ch)
        lost = any(d.ch is None for d in piece)
        before = source[a:b + 1]
        if after != before or lost:
            out.append(Change(base + a, base + b + 1, after, reason if lost else None))
    return out


# ---------------------------------------------------------------- UTF-8 read as GBK/Big5


def _plausible(garbled: str, fixed: str, script: str | None, *, min_chars: int = 2,
               bytes_prove: bool = False, garbled_cost: float | None = None) -> bool:
    """The repair must be much more plausible than the garbage it replaces:
    mostly frequent characters (names may add a rare one), where the garbage
    has rare ones. ``script`` is the document's; without one, the repair is
    judged in its own script (a Traditional text must be consistently so).
    With ``bytes_prove`` (the bytes decoded as UTF-8, which chance almost
    never does over three characters), three frequent characters suffice
    even when the garbage looks frequent too (``涓堜涪`` for 丈丢)."""
    han = "".join(c for c in fixed if not c.isascii())
    if len(han) < min_chars or not T._HAN.search(han):
        return False  # punctuation alone (＼＼ from ¢@¢@) proves no reading
    script = script or T.doc_script(han)
    fixed_cost = T.mean_cost(han, script)
    common = sum(T.char_cost(c, script) <= T.COST_COMMON for c in han) / len(han)
    if garbled_cost is None:
        garbled_cost = T.mean_cost("".join(c for c in garbled if c not in DAMAGE), None)
    if common < 0.7 or fixed_cost > 2.5:
        return False
    return garbled_cost >= fixed_cost + 1.0 or bytes_prove and len(han) >= 3 \
        and garbled_cost > fixed_cost


def _leftover(seg: str, family: str) -> list[Decoded] | None:
    """A segment with decoder damage whose bytes are too broken to prove
    anything: in a document with proven segments it is the same damage, so
    what decodes cleanly (frequent characters only) is kept and the rest goes,
    rather than leaving garbage for another rule to misread."""
    if not _damaged(seg):
        return None
    decoded = _best_utf8_reading(seg, family, strict=False)
    if decoded is None:
        return None
    for d in decoded:
        if d.ch is not None and (d.ch.isascii() or T.char_cost(d.ch, None) > T.COST_COMMON):
            d.ch = None
    return decoded


def _all_fit(decoded: list[Decoded], fixed: str) -> bool:
    """Three or more UTF-8 characters whose known bytes all fit, the others
    replaced by the decoder (``涓�涓�涓佲��`` for 一一丁“): nothing but this
    damage makes such bytes, even when little is left to recover. What is
    recovered must still be frequent."""
    return len(decoded) >= 3 and all(not c.isascii() and T.char_cost(c, None) <= T.COST_COMMON
                                     for c in fixed)


def utf8_read_as(text: str, family: str, *, gated: bool = False) -> list[Change]:
    """Repair UTF-8 text that was decoded as ``family`` (GBK or Big5).

    A segment is proven on its own when its bytes decode as UTF-8 into a
    plausible text of three characters or more (or two that are far more
    plausible than the garbage). A shorter one (``骞�`` left of 年 = E5 B9
    B4 when the decoder replaced B4) is repaired only in a document that has a
    proven one: its bytes fit, but are too few to prove anything. A page is in
    one encoding: the family with more proven segments takes the document.
    ``gated``: the caller knows a :data:`UTF8_GATE` matches (ENC016/ENC017
    learn it from their shared scan), so the gates are not searched again.
    """
    if not gated and (text.isascii() or not (UTF8_GATE["gbk"].search(text)
                                             or UTF8_GATE["big5"].search(text))):
        return []
    return _per_document(text, "utf8", utf8_findings).get(family, [])


#: (text, findings) of the last text, per family: ENC016/ENC017 and the
#: misalignment repair's check for leftover UTF-8 damage read the same text.
_last_findings: dict[str, tuple[str | None, list[tuple[bool, list[Change]]]]] = {
    "gbk": (None, []), "big5": (None, [])}


def utf8_findings(text: str, family: str) -> list[tuple[bool, list[Change]]]:
    """(proven, changes) for every segment ``family`` can read as UTF-8."""
    seen, found = _last_findings[family]
    if text is not seen:
        found = _utf8_findings(text, family)
        _last_findings[family] = (text, found)
    return found


def _suspect_segments(text: str, family: str) -> Iterator[re.Match[str]]:
    """The segments (see :data:`_SEGMENT`) that hold a character made of a
    UTF-8 lead and a continuation byte, or a damage mark, in order: one
    search finds each such character, and its segment is found around it
    (backwards in the reversed text), so segments without one cost nothing."""
    hit = _SEGMENT_HIT[family]
    rev = ""
    pos = 0
    while True:
        h = hit.search(text, pos)
        if h is None:
            return
        if not rev:
            rev = text[::-1]
        k = len(text) - h.start()
        start = h.start() - (_SEGMENT_TAIL[family].match(rev, k).end() - k)  # type: ignore[union-attr]
        m = _SEGMENT[family].match(text, start)
        if m is None or m.end() <= h.start():  # the character is not in a segment
            pos = h.end()
            continue
        yield m
        pos = m.end()


def _utf8_findings(text: str, family: str) -> list[tuple[bool, list[Change]]]:
    out = []
    hit = _SEGMENT_HIT[family]
    for m in _suspect_segments(text, family):
        seg = m.group()
        seg = seg[:len(seg) - _real_question_marks(seg, family)]
        if not seg:
            continue
        if "?" not in seg:
            found = _segment_finding(text, seg, m.start(), family)
            if found is not None:
                out.append(found)
            continue
        # a ``?`` is read as damage only where the run around it is proven
        # UTF-8 (read as GBK); else the pieces between the marks are read
        # alone, as before (a misaligned run's ``?`` is ENC014/ENC015's)
        found = _segment_finding(text, seg, m.start(), family, marked=True)
        if found is not None:
            out.append(found)
            continue
        for piece in _PIECE.finditer(seg):
            if hit.search(piece.group()):
                found = _segment_finding(text, piece.group(), m.start() + piece.start(), family)
                if found is not None:
                    out.append(found)
    return out


#: The pieces of a segment between its ``?`` (the segments before ``?`` joined them).
_PIECE = re.compile(r"[^\x00-\x7f\s]+")


def _segment_finding(text: str, seg: str, start: int, family: str, *,
                     marked: bool = False) -> tuple[bool, list[Change]] | None:
    """(proven, changes) for one segment at ``start``; None if it has no reading.
    ``marked``: the segment holds ``?`` read as damage, which only a proven
    reading (or a restored last 。) may do."""
    decoded = _best_utf8_reading(seg, family)
    if decoded is None:
        if marked:
            return None
        garbage = _leftover(seg, family)
        return None if garbage is None else (False, changes_from(garbage, seg, start))
    fixed = "".join(d.ch for d in decoded if d.ch)
    proven = _plausible(seg, fixed, None, bytes_prove=True) or _all_fit(decoded, fixed)
    inferred = (family == "gbk" and seg.endswith((_STOP_LOST, "??", _STOP_PAIR_LOST, _STOP_PAIR_MARK))
                and _restore_full_stop(decoded, seg, fixed, text, start + len(seg)))
    if marked and not (proven or inferred):
        return None
    # an ASCII byte among a segment's bytes is an ASCII character the
    # decoder swallowed: rare, so it fits only where the reading is proven
    if proven or all(not c.isascii() and T.char_cost(c, None) <= T.COST_COMMON
                     for c in fixed):
        changes = changes_from(decoded, seg, start)
        if inferred and changes:  # the mark is inferred: its last byte is lost
            changes[-1] = changes[-1]._replace(reason="lost-bytes")
        return (proven, changes)
    return None


#: A paragraph's last 。 (E3 80 82) read as GBK one byte off: E3 is the trail
#: of the pair before, 80 is no GBK lead and 82 has no trail at the line end,
#: so the decoder writes two U+FFFD. Only E3 80 xx (U+3000-303F) gives that.
_STOP_LOST = "\ufffd\ufffd"
#: The same mark read on the other alignment: E3 80 is a pair (銆) and 82 has
#: no trail at the line end, so one U+FFFD (or ``?``) follows it.
_STOP_PAIR_LOST = "銆\ufffd"
_STOP_PAIR_MARK = "銆?"
#: The openers of U+3000-303F: with one left open, the lost mark may be its closer.
_CJK_OPENERS = "〈《「『【〔〖〘〚"
_CJK_CLOSERS = "〉》」』】〕〗〙〛"


def _restore_full_stop(decoded: list[Decoded], seg: str, fixed: str, text: str,
                       end: int) -> bool:
    """At a paragraph end, the character lost to E3 + two U+FFFD (or to 銆,
    E3 80, + one) is one of U+3000-303F; with no bracket of that block left open, only 。 ends a
    paragraph there (、 々 〃 do not): it is restored (in place, in ``decoded``);
    the edit keeps its lost-bytes reason, as the mark's last byte is inferred."""
    if end < len(text) and text[end] not in "\r\n":
        return False
    last = decoded[-1]
    n = len(seg)
    if last.ch is not None or last.b != n - 1:
        return False
    if last.a == n - 2:  # 銆 + one lost byte: E3 80 is whole
        if seg[-2] != "銆":
            return False
    elif last.a == n - 3:  # x E3, then 80 and 82 both lost
        data = T.encode_char(seg[-3], "gbk")
        if data is None or len(data) != 2 or data[-1] != 0xE3:
            return False
    else:
        return False
    if any(fixed.count(o) > fixed.count(c) for o, c in zip(_CJK_OPENERS, _CJK_CLOSERS)):
        return False
    if not fixed or not T._HAN.search(fixed[-1]):
        return False  # only after a character: a mark after a mark is not read into
    last.ch = "。"
    return True


#: Mean cost a Big5 reading must beat a GBK one by when both prove as much.
BIG5_HANDICAP = 0.25

#: (kind, text) -> family -> changes, for the last text: the GBK and the Big5
#: rule of a kind see the same text and share one reading of it.
_last: list[tuple[tuple[str, str] | None, dict[str, list[Change]]]] = [(None, {})]


def _per_document(text: str, kind: str, findings) -> dict[str, list[Change]]:
    """Read the document in both families and keep the one with more proven
    segments (on a tie, the more plausible reading; then GBK), with its
    fitting segments; nothing without a proven segment."""
    key, cached = _last[0]
    if key is not None and key[0] == kind and key[1] is text:
        return cached
    best: dict[str, list[Change]] = {}
    score: tuple[int, float] = (0, 0.0)
    for family in ("gbk", "big5"):
        found = findings(text, family)
        proven = sum(p for p, _ in found)
        after = "".join(c.after for p, changes in found if p for c in changes)
        # GBK is the likelier page; Big5 must read clearly better to win a tie
        cost = T.mean_cost(after, T.doc_script(after)) + (BIG5_HANDICAP if family == "big5" else 0)
        mine = (proven, -cost)
        if proven and mine > score:
            best = {family: [c for _, changes in found for c in changes]}
            score = mine
    _last[0] = ((kind, text), best)
    return best


def _best_utf8_reading(seg: str, family: str, *, strict: bool = True) -> list[Decoded] | None:
    """Decode the segment's bytes as UTF-8, trying each width for the bytes a
    damage mark stands for (decoders replace one or two); None if invalid
    beyond the damage the page marked (any reading when not ``strict``)."""
    damaged = _damaged(seg)
    if strict and not damaged and not _valid_utf8(seg, family):
        return None  # the reading below would count an invalid byte, and none is tolerated
    best: tuple[int, int, list[Decoded]] | None = None
    for width in (1, 2) if damaged else (1,):
        units = _units_for(seg, 0, family, width)
        if units is None:
            return None
        decoded, errors = decode_utf8(units)
        lost = sum(d.ch is None for d in decoded)
        key = (errors, lost)
        if best is None or key < best[:2]:
            best = (errors, lost, decoded)
    if best is None:
        return None
    errors, lost, decoded = best
    # Invalid bytes only where the page itself marked damage are tolerated.
    if strict and errors > sum(c in DAMAGE for c in seg) // 2:
        return None
    return decoded


def _real_question_marks(seg: str, family: str) -> int:
    """How many ``?`` closing ``seg`` are question marks of the text, not
    damage: those after characters whose bytes already end a UTF-8 character
    (``鍖椾含?``: 北京 is whole, so the ``?`` was written as such)."""
    core = seg.rstrip("?")
    if len(core) == len(seg) or not core:
        return len(seg) - len(core)
    units = _units_for(core, 0, family, 1)
    if units is None:
        return 0
    decoded, errors = decode_utf8(units)
    if errors or not decoded or decoded[-1].ch is None:
        return 0
    return len(seg) - len(core)


def _damaged(seg: str) -> bool:
    """``seg`` has a damage mark (each is one character: two substring tests)."""
    return "\ufffd" in seg or "?" in seg


def _valid_utf8(seg: str, family: str) -> bool:
    """The bytes ``seg`` was decoded from (no damage marks) are valid UTF-8:
    what :func:`decode_utf8` reads without an error (a lead byte announces
    its length, so both split the bytes alike), asked of the codec in one
    call. False when a character has no bytes in ``family`` (no reading)."""
    encode = T.encode_char
    parts = [encode(c, family) for c in seg]
    if None in parts:
        return False
    try:
        b"".join(parts).decode("utf-8")  # type: ignore[arg-type]
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------- GBK/Big5 read as Latin-1


def _latin_units(seg: str) -> list[int] | None:
    """The bytes a Latin-1/Windows-1252 reading came from."""
    out = []
    for ch in seg:
        if ch.isascii():
            out.append(ord(ch))
        elif ch in CP1252_BYTES:
            out.append(CP1252_BYTES[ch])
        else:
            return None
    return out


#: A Latin-1/Windows-1252 reading: a high character, then high characters or
#: ASCII that may be Big5 trail bytes. Only segments of two characters or
#: more are ever read (one byte makes no double-byte character), so the
#: pattern asks for two: ``+`` finds exactly the longer matches ``*`` would.
_LATIN_SEGMENT = re.compile("[" + re.escape(_CP1252_HIGH) + "][" + re.escape(_CP1252_HIGH) + "@-~]+")


def _decode_dbcs(data: list[int], family: str) -> tuple[list[Decoded], int]:
    """Pair bytes into double-byte characters (ASCII stays single)."""
    out: list[Decoded] = []
    errors = 0
    i = 0
    while i < len(data):
        b = data[i]
        if b < 0x80:
            out.append(Decoded(chr(b), i, i))
            i += 1
            continue
        if i + 1 < len(data) and T.is_lead(b, family) and T.is_trail(data[i + 1], family):
            ch = T.decode_pair(b, data[i + 1], family)
            if ch is not None:
                out.append(Decoded(ch, i, i + 1))
                i += 2
                continue
        errors += 1
        out.append(Decoded(None, i, i))
        i += 1
    return out, errors


def dbcs_read_as_latin1(text: str, family: str) -> list[Change]:
    """Repair GBK or Big5 text that was decoded as Latin-1 or Windows-1252.

    As for UTF-8, a segment too short to prove itself (``Äê`` for 年 between
    digits) is repaired only in a document that has a proven one, and the
    family with more proven segments takes the document.
    """
    if text.isascii() or not (LATIN_GATE["gbk"].search(text) or LATIN_GATE["big5"].search(text)):
        return []
    return _per_document(text, "latin", _latin_findings).get(family, [])


def _latin_findings(text: str, family: str) -> list[tuple[bool, list[Change]]]:
    """(proven, changes) for every segment ``family`` can read from Latin-1."""
    script = T.doc_script(text)
    out = []
    for m in _LATIN_SEGMENT.finditer(text):
        reading = _latin_reading(m.group(), family, script)
        if reading is None:
            continue
        decoded, seg_end, long_enough, plausible, fits = reading
        garbled = m.group()[:seg_end]
        proven = long_enough and _standalone(text, m.start(), m.start() + seg_end) and plausible
        if proven or fits:
            out.append((proven, changes_from(decoded, garbled, m.start())))
    return out


#: (segment, family, script) -> what :func:`_latin_reading` found: the same
#: few segments (``“”``, ``——``, a pinyin syllable's ``èn``) recur in every
#: document. Emptied when it grows past :data:`_LATIN_MEMO_LIMIT`.
_latin_memo: dict[tuple[str, str, str | None], tuple | None] = {}
_LATIN_MEMO_LIMIT = 1 << 14


def _latin_reading(seg: str, family: str, script: str | None
                   ) -> tuple[list[Decoded], int, bool, bool, bool] | None:
    """What a segment says read as ``family`` from Latin-1, whatever its
    place in the text: (decoded, end of the garbled part, long enough to be
    proven, plausible, fits without proof); None when it reads as nothing."""
    key = (seg, family, script)
    if key in _latin_memo:
        return _latin_memo[key]
    reading: tuple[list[Decoded], int, bool, bool, bool] | None = None
    data = _latin_units(seg)
    if not (data is None or len(data) < 2 or _utf8_reading_is_text(data)):
        # (UTF-8 mojibake is ftfy's case, ENC010)
        decoded, errors = _decode_dbcs(data, family)
        decoded, seg_end = _trim_ascii_tail(decoded)
        if not errors and decoded:
            fixed = "".join(d.ch for d in decoded if d.ch)
            garbled = seg[:seg_end]
            long_enough = len(data) >= 4
            plausible = long_enough and _plausible(garbled, fixed, script,
                                                   garbled_cost=_latin_cost(garbled))
            fits = all(T.char_cost(c, script) <= T.COST_COMMON for c in fixed)
            reading = (decoded, seg_end, long_enough, plausible, fits)
    if len(_latin_memo) >= _LATIN_MEMO_LIMIT:
        _latin_memo.clear()
    _latin_memo[key] = reading
    return reading


def _utf8_reading_is_text(data: list[int]) -> bool:
    """The bytes also read as UTF-8 into letters of some script (Greek
    ``Î•Î»`` is Ελ, not GBK 螘位): that is ftfy's case (ENC010). Valid UTF-8
    that gives symbols and stray marks (``Â½Ö³``: ½ and a Hebrew point) is GBK
    read as Latin-1 after all (陆殖). UTF-8 read as Latin-1 twice
    (``Ã¥Â\x8cÂ\x97`` for 北) reads as UTF-8 into another Latin-1 reading of
    UTF-8: ftfy's case too."""
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        return False
    if not text.isascii():
        inner = _latin_units(text)
        if inner is not None and len(inner) < len(data):
            try:
                again = bytes(inner).decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:  # two layers of valid multi-byte UTF-8 are no accident
                if len(inner) - len(again) >= 2:
                    return True
    prev = ""
    scripts = set()
    letters = 0
    for ch in text:
        kind = unicodedata.category(ch)
        if not ch.isascii() and not (kind.startswith("L") or kind == "Mn" and prev.isalpha()):
            return False
        if kind.startswith("L") and not ch.isascii():
            letters += 1
            scripts.add(unicodedata.name(ch, "?").split()[0])
        prev = ch
    # a word is two letters or more, of one script (É¥Ó¤ = ɥӤ mixes Latin
    # and Cyrillic: it is 丧婴; Å¶ = Ŷ alone is 哦)
    return letters >= 2 and len(scripts) == 1


def _latin_cost(garbled: str) -> float:
    """Cost of a Latin-1 reading in Chinese text: its symbols and accented
    letters are as unexpected there as rare characters (¤ § ° are in GBK's
    punctuation row, but not in running Chinese)."""
    return sum(T.COST_ASCII if c.isascii() else T.COST_RARE for c in garbled) / len(garbled)


def _standalone(text: str, start: int, end: int) -> bool:
    """A segment not glued to a Latin word or to other symbols: what a
    stretch of Chinese in a Western reading looks like (``MÄ£ÄM`` is
    leetspeak, ``√∂¬¨¬©l`` MacRoman mojibake)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return all(c.isspace() or c.isascii() and not c.isalpha() or _CJK_CONTEXT.match(c)
               for c in (before, after))


_CJK_CONTEXT = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’…—·]")


def _trim_ascii_tail(decoded: list[Decoded]) -> tuple[list[Decoded], int]:
    """ASCII characters at the end of a segment were never trail bytes: keep
    them out of the repair."""
    while decoded and decoded[-1].ch is not None and decoded[-1].ch.isascii():
        decoded = decoded[:-1]
    end = decoded[-1].b + 1 if decoded else 0
    return decoded, end
