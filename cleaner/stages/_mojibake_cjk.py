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
from dataclasses import dataclass

from ..records import Change
from . import _mojibake_tables as T

UNKNOWN = None
#: Marks of a byte a decoder could not decode.
DAMAGE = "?\ufffd"


# ---------------------------------------------------------------- tables


def _build_utf8_suspects(family: str) -> str:
    """Characters a UTF-8 lead byte of CJK text (E2-EF) makes with its first
    continuation byte (80-BF) when read as ``family``: at least one in every
    two characters of such mojibake, and mostly rare in real text."""
    out = []
    for lead in range(0xE2, 0xF0):
        for trail in range(0x80, 0xC0):
            ch = T.decode_pair(lead, trail, family)
            if ch is not None:
                out.append(ch)
    return "".join(sorted(set(out)))


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


UTF8_SUSPECTS = {fam: _build_utf8_suspects(fam) for fam in ("gbk", "big5")}
CP1252_BYTES, _CP1252_HIGH = _build_sloppy_cp1252()

#: Gate for UTF-8 read as GBK/Big5: one compiled search (a plain ``re`` class:
#: the ``regex`` module is 100x slower on a class this large).
UTF8_GATE = {fam: re.compile("[" + re.escape(chars) + "]") for fam, chars in UTF8_SUSPECTS.items()}
#: Gate for GBK/Big5 read as Latin-1/CP1252: two high characters in a row.
LATIN_GATE = re.compile("[" + re.escape(_CP1252_HIGH) + "]{2}")

#: Segments considered: runs of non-ASCII, non-space characters.
_SEGMENT = re.compile(r"[^\x00-\x7f\s]+")


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


def _plausible(garbled: str, fixed: str, script: str | None, *, min_chars: int = 2) -> bool:
    """The repair must be much more plausible than the garbage it replaces:
    mostly frequent characters (names may add a rare one), where the garbage
    has rare ones. ``script`` is the document's; without one, the repair is
    judged in its own script (a Traditional text must be consistently so)."""
    han = "".join(c for c in fixed if not c.isascii())
    if len(han) < min_chars:
        return False
    script = script or T.doc_script(han)
    fixed_cost = T.mean_cost(han, script)
    common = sum(T.char_cost(c, script) <= T.COST_COMMON for c in han) / len(han)
    garbled_cost = T.mean_cost("".join(c for c in garbled if c not in DAMAGE), None)
    return common >= 0.7 and fixed_cost <= 2.5 and garbled_cost >= fixed_cost + 1.0


def utf8_read_as(text: str, family: str) -> list[Change]:
    """Repair UTF-8 text that was decoded as ``family`` (GBK or Big5).

    A segment is proven on its own when its bytes decode as UTF-8 into a
    plausible text of two characters or more. A shorter one (``骞�`` left of
    年 = E5 B9 B4 when the decoder replaced B4) is repaired only in a document
    that has a proven one: its bytes fit, but are too few to prove anything.
    """
    if text.isascii() or not UTF8_GATE[family].search(text):
        return []
    proven: list[Change] = []
    fitting: list[Change] = []
    for m in _SEGMENT.finditer(text):
        seg = m.group()
        if not UTF8_GATE[family].search(seg):
            continue
        decoded = _best_utf8_reading(seg, family)
        if decoded is None:
            continue
        fixed = "".join(d.ch for d in decoded if d.ch)
        if _better_as_other_family(seg, fixed, family):
            continue
        changes = changes_from(decoded, seg, m.start())
        if _plausible(seg, fixed, None):
            proven.extend(changes)
        elif all(T.char_cost(c, None) <= T.COST_COMMON for c in fixed if not c.isascii()):
            fitting.extend(changes)
    return proven + fitting if proven else []


def _best_utf8_reading(seg: str, family: str, *, strict: bool = True) -> list[Decoded] | None:
    """Decode the segment's bytes as UTF-8, trying each width for the bytes a
    damage mark stands for (decoders replace one or two); None if invalid."""
    best: tuple[int, int, list[Decoded]] | None = None
    for width in (1, 2) if any(c in DAMAGE for c in seg) else (1,):
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
    if errors > sum(c in DAMAGE for c in seg) // 2:
        return None
    return decoded


def _better_as_other_family(seg: str, fixed: str, family: str) -> bool:
    """Both the GBK and the Big5 rule see a segment; only the one whose reading
    recovers more, and more plausibly, acts."""
    other = "big5" if family == "gbk" else "gbk"
    decoded = _best_utf8_reading(seg, other)
    if decoded is None:
        return False
    alt = "".join(d.ch for d in decoded if d.ch)
    return _prefer(_reading_cost(alt, seg), _reading_cost(fixed, seg), other)


def _prefer(other_cost: float, my_cost: float, other: str) -> bool:
    """Does the other family's reading win? On a tie GBK does (the corpus is
    mainland text first)."""
    return other_cost < my_cost or other_cost == my_cost and other == "gbk"


def _reading_cost(fixed: str, seg: str) -> float:
    """Total cost of a reading: its characters, plus every source character
    it could not explain (a lost byte costs as much as a rare character)."""
    return sum(T.char_cost(c, None) for c in fixed) + T.COST_RARE * max(0, len(seg) - len(fixed))


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


_LATIN_SEGMENT = re.compile("[" + re.escape(_CP1252_HIGH) + "][" + re.escape(_CP1252_HIGH) + "@-~]*")


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
    digits) is repaired only in a document that has a proven one.
    """
    if text.isascii() or not LATIN_GATE.search(text):
        return []
    script = T.doc_script(text)
    proven: list[Change] = []
    fitting: list[Change] = []
    for m in _LATIN_SEGMENT.finditer(text):
        seg = m.group()
        data = _latin_units(seg)
        if data is None or len(data) < 2 or _is_utf8(data):
            continue  # UTF-8 mojibake is ftfy's case (ENC010)
        decoded, errors = _decode_dbcs(data, family)
        decoded, seg_end = _trim_ascii_tail(decoded)
        if errors or not decoded:
            continue
        fixed = "".join(d.ch for d in decoded if d.ch)
        garbled = seg[:seg_end]
        if _latin_better_as_other(data, fixed, family, script):
            continue
        changes = changes_from(decoded, garbled, m.start())
        if len(data) >= 4 and _plausible(garbled, fixed, script):
            proven.extend(changes)
        elif all(T.char_cost(c, script) <= T.COST_COMMON for c in fixed):
            fitting.extend(changes)
    return proven + fitting if proven else []


def _trim_ascii_tail(decoded: list[Decoded]) -> tuple[list[Decoded], int]:
    """ASCII characters at the end of a segment were never trail bytes: keep
    them out of the repair."""
    while decoded and decoded[-1].ch is not None and decoded[-1].ch.isascii():
        decoded = decoded[:-1]
    end = decoded[-1].b + 1 if decoded else 0
    return decoded, end


def _is_utf8(data: list[int]) -> bool:
    try:
        bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _latin_better_as_other(data: list[int], fixed: str, family: str, script: str | None) -> bool:
    other = "big5" if family == "gbk" else "gbk"
    decoded, errors = _decode_dbcs(data, other)
    if errors:
        return False
    alt = "".join(d.ch for d in decoded if d.ch)
    return _prefer(T.mean_cost(alt, script), T.mean_cost(fixed, script), other)
