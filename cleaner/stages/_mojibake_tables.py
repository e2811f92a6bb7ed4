"""What the Chinese mojibake repairs know about characters, derived from codecs.

No data files: the two national character sets are laid out by frequency tier,
so Python's own codecs are the frequency table.

- GB2312 level 1 (bytes B0A1-D7F9) holds the 3755 most frequent Simplified
  characters, level 2 (D8A1-F7FE) 3008 less frequent ones.
- Big5 (CP950) A440-C67E holds the 5401 common Traditional characters
  (常用字), C940-F9D5 7652 less common ones.

A character outside all four is rare in running text; a private-use character,
U+FFFD or a stray ``?`` inside Chinese is damage. A character only GB2312 has
(们, 这) is a Simplified form, one only Big5 has (們, 這) a Traditional form:
counting them tells a document's script, and a repair that would put a
Simplified-only character into a Traditional document is implausible.

Every table is built once at import by a ``_build_*`` function.
"""

from __future__ import annotations

import re
from typing import Iterable

#: Trail bytes of Big5 (both halves: 40-7E and A1-FE).
_BIG5_TRAILS = tuple(range(0x40, 0x7F)) + tuple(range(0xA1, 0xFF))


def _decode_pairs(codec: str, leads: Iterable[int], trails: Iterable[int],
                  last: tuple[int, int] | None = None) -> list[str]:
    """Every character a two-byte block of ``codec`` decodes to (unmapped skipped)."""
    trails = tuple(trails)
    out = []
    for lead in leads:
        for trail in trails:
            if last is not None and (lead, trail) > last:
                return out
            try:
                ch = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1:
                out.append(ch)
    return out


def _build_gb2312_levels() -> tuple[frozenset[str], frozenset[str]]:
    """GB2312 level 1 (rows 16-55) and level 2 (rows 56-87), from the gb2312 codec."""
    level1 = _decode_pairs("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    level2 = _decode_pairs("gb2312", range(0xD8, 0xF8), range(0xA1, 0xFF))
    return frozenset(level1), frozenset(level2)


def _build_big5_levels() -> tuple[frozenset[str], frozenset[str]]:
    """Big5 common (A440-C67E) and less common (C940-F9D5) characters, from cp950."""
    common = _decode_pairs("cp950", range(0xA4, 0xC7), _BIG5_TRAILS, last=(0xC6, 0x7E))
    rare = _decode_pairs("cp950", range(0xC9, 0xFA), _BIG5_TRAILS, last=(0xF9, 0xD5))
    return frozenset(common), frozenset(rare)


def _build_punctuation() -> tuple[frozenset[str], frozenset[str]]:
    """Chinese punctuation (、。“”《》…，！？（）：；) and the other symbols of
    the punctuation rows (GBK row A1, Big5 A140-A1FE: 〖 § ¤ ° ※ ★ →).

    The marks running text uses are cheap; the rest of those rows is as rare
    in text as a rare character, though a code page has it in its first row.
    """
    rows = set(_decode_pairs("gbk", [0xA1], range(0xA1, 0xFF)))
    rows |= set(_decode_pairs("cp950", [0xA1], _BIG5_TRAILS))
    fullwidth = {chr(c) for c in range(0xFF01, 0xFF5F) if not chr(c).isalnum()}
    marks = set("，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕…—·～－") | fullwidth
    return frozenset(marks), frozenset(rows - marks)


GB_LEVEL1, GB_LEVEL2 = _build_gb2312_levels()
BIG5_COMMON, BIG5_RARE = _build_big5_levels()
PUNCTUATION, SYMBOLS = _build_punctuation()

#: Characters frequent in Simplified or Traditional running text, and those
#: frequent in both (the core every Chinese text is made of).
COMMON = GB_LEVEL1 | BIG5_COMMON
CORE = GB_LEVEL1 & BIG5_COMMON
#: Characters in a national standard but not among the frequent ones.
RARE = (GB_LEVEL2 | BIG5_RARE) - COMMON
#: Simplified-only and Traditional-only forms (present in one standard only).
SIMP_ONLY = (GB_LEVEL1 | GB_LEVEL2) - (BIG5_COMMON | BIG5_RARE)
TRAD_ONLY = (BIG5_COMMON | BIG5_RARE) - (GB_LEVEL1 | GB_LEVEL2)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PRIVATE = re.compile(r"[\ue000-\uf8ff\ufffd]")

# Costs: roughly -log frequency, in "common character" units. Only their order
# and rough ratios matter; they are compared between two readings of a span.
COST_PUNCT = 0.5
COST_SYMBOL = 3.0
COST_CORE = 0.8
COST_COMMON = 1.0
COST_OTHER_SCRIPT = 4.0
COST_RARE = 5.0
COST_HAN_OUTSIDE = 8.0
COST_DAMAGE = 10.0
COST_ASCII = 2.0


#: (text, script) of the last two texts :func:`doc_script` read: several
#: repairs ask it of the same document, between questions about short strings.
_last_script: list[tuple[str | None, str | None]] = [(None, None), (None, None)]


def doc_script(text: str) -> str | None:
    """``"simp"``, ``"trad"`` or None: which script-specific forms dominate."""
    for seen, script in _last_script:
        if text is seen:
            return script
    chars = set(text)
    simp = len(chars & SIMP_ONLY)
    trad = len(chars & TRAD_ONLY)
    script = None
    if simp > 2 * trad and simp >= 2:
        script = "simp"
    elif trad > 2 * simp and trad >= 2:
        script = "trad"
    _last_script[1] = _last_script[0]
    _last_script[0] = (text, script)
    return script


def char_cost(ch: str, script: str | None) -> float:
    """How unexpected ``ch`` is in Chinese text of ``script`` (lower: more plausible)."""
    if ch in PUNCTUATION:
        return COST_PUNCT
    if ch in SYMBOLS:
        return COST_SYMBOL
    if ch in COMMON:
        if script == "trad" and ch in SIMP_ONLY or script == "simp" and ch in TRAD_ONLY:
            return COST_OTHER_SCRIPT
        return COST_CORE if ch in CORE else COST_COMMON
    if ch in RARE:
        return COST_RARE
    if _HAN.match(ch):
        return COST_HAN_OUTSIDE
    if ch.isascii():
        return COST_ASCII
    if _PRIVATE.match(ch) or not ch.isprintable():
        return COST_DAMAGE
    return COST_RARE


def mean_cost(text: str, script: str | None) -> float:
    """Average :func:`char_cost` of the non-space characters of ``text``."""
    costs = [char_cost(c, script) for c in text if not c.isspace()]
    return sum(costs) / len(costs) if costs else 0.0


def _build_fullwidth_bytes(codec: str) -> dict[str, bytes]:
    """ASCII character -> the bytes of its full-width form in ``codec``.

    Sites that fold full-width punctuation to ASCII turn a mis-paired ``A3 A1``
    (GBK ``！``) into ``!``; re-encoding must be able to undo that fold.
    """
    out = {}
    for code in range(0x21, 0x7F):
        try:
            out[chr(code)] = chr(code + 0xFEE0).encode(codec)
        except UnicodeEncodeError:
            continue
    return out


FULLWIDTH_BYTES = {"gbk": _build_fullwidth_bytes("gbk"), "big5": _build_fullwidth_bytes("cp950")}

#: Python codec used to encode/decode each double-byte family.
CODECS = {"gbk": "gb18030", "big5": "cp950"}


#: Memos of :func:`encode_char` and :func:`decode_pair` per family: the
#: repairs ask the codecs about the same few thousand characters and byte
#: pairs again and again (a pair table holds at most 65536 entries; the
#: character memo is emptied when it grows past :data:`_MEMO_LIMIT`).
_ENCODED: dict[str, dict[str, bytes | None]] = {"gbk": {}, "big5": {}}
_MEMO_LIMIT = 1 << 16
_UNSET = object()
_DECODED: dict[str, list] = {"gbk": [_UNSET] * 65536, "big5": [_UNSET] * 65536}


def encode_char(ch: str, family: str) -> bytes | None:
    """The bytes of ``ch`` in the double-byte ``family``, or None."""
    memo = _ENCODED[family]
    try:
        return memo[ch]
    except KeyError:
        pass
    try:
        data: bytes | None = ch.encode(CODECS[family])
    except UnicodeEncodeError:
        data = None
    if data is not None and len(data) > 2:
        data = None
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[ch] = data
    return data


def decode_pair(lead: int, trail: int, family: str) -> str | None:
    """The character a lead/trail pair decodes to in ``family``, or None."""
    if not (0 <= lead < 256 and 0 <= trail < 256):
        bytes((lead, trail))  # raises, as for any value that is not a byte
    key = lead << 8 | trail
    memo = _DECODED[family]
    ch = memo[key]
    if ch is _UNSET:
        try:
            ch = bytes((lead, trail)).decode(CODECS[family])
        except UnicodeDecodeError:
            ch = None
        if ch is not None and len(ch) != 1:
            ch = None
        memo[key] = ch
    return ch


def is_lost_pair(first: int, second: int, family: str) -> bool:
    """A pair a page decoder cannot map: unassigned, or user-defined (GB18030
    decodes those to private use, which pages drop)."""
    ch = decode_pair(first, second, family)
    return ch is None or "\ue000" <= ch <= "\uf8ff"


def _build_gap_prone(family: str) -> tuple[frozenset[int], frozenset[int]]:
    """Trail bytes after which, and lead bytes before which, a pair of a
    misaligned reading is often unmappable (GBK: trails AA-AF and F8-FE make
    a user-defined pair with most leads). A character ending in such a trail,
    or starting with such a lead, is where a page may have dropped a pair."""
    leads = range(0x81, 0xFF)
    trails = [b for b in range(0x81, 0xFF) if is_trail(b, family)]  # below 0x81: back in step
    first = frozenset(t for t in trails
                      if sum(is_lost_pair(t, l, family) for l in leads) >= 0.25 * len(leads))
    second = frozenset(l for l in leads
                       if sum(is_lost_pair(t, l, family) for t in trails)
                       >= 0.25 * len(trails))
    return first, second


def is_lead(byte: int, family: str) -> bool:
    """Can ``byte`` start a two-byte character of ``family``?"""
    return 0x81 <= byte <= 0xFE


def is_trail(byte: int, family: str) -> bool:
    """Can ``byte`` end a two-byte character of ``family``?"""
    if family == "gbk":
        return 0x40 <= byte <= 0xFE and byte != 0x7F
    return 0x40 <= byte <= 0x7E or 0xA1 <= byte <= 0xFE


GAP_PRONE = {fam: _build_gap_prone(fam) for fam in ("gbk", "big5")}
