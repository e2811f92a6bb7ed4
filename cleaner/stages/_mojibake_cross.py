"""GBK text read as Big5, and Big5 text read as GBK: the two code pages confused.

Both are double-byte code pages with lead bytes above 0x80, so a page decoded
with the other one keeps its pairs aligned: every character of the garbage is
one pair of the true bytes, and the repair is a character-for-character table
(:func:`_table`), not a search. What decides is plausibility: the true reading
of a run must be ordinary Chinese (mostly frequent characters) where the
garbage is not (``※褪撮斐陔`` -> ``“科技创新``), judged by the same costs as
the other Chinese repairs.

A pair the wrong decoder could not map is lost in one of two ways: GB18030
maps it to a private-use character (lossless: the table takes it back), GBK
with replacement writes U+FFFD and leaves the trail byte as an ASCII letter
(``�u`` for ``「``). The lead byte of such a pair is gone (it could be
punctuation or one of several hundred characters), so the pair becomes U+FFFD
and ENC021 removes and reports it: nothing is guessed.
"""

from __future__ import annotations

import functools
import re

from . import _mojibake_cjk as cjk
from . import _mojibake_tables as T
from ..records import Change

#: (codec the page was written in, codec it was read with)
_CODECS = {"gbk": ("gbk", "cp950"), "big5": ("cp950", "gb18030")}

#: A pair the reading decoder replaced: U+FFFD and the trail byte as ASCII.
_LOST = "\ufffd"


@functools.cache
def _readings(family: str) -> tuple[dict[str, bytes], dict[str, str]]:
    """Over the reading codec's whole double-byte range: every character it
    decodes a pair to, with that pair (``encoder``), and the true character of
    the pair where the true codec maps it too (``table``)."""
    true, read = _CODECS[family]
    encoder: dict[str, bytes] = {}
    table: dict[str, str] = {}
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            pair = bytes((lead, trail))
            try:
                seen = pair.decode(read)
            except UnicodeDecodeError:
                continue
            if len(seen) != 1 or seen.isascii() or seen in encoder:
                continue
            encoder[seen] = pair
            try:
                real = pair.decode(true)
            except UnicodeDecodeError:
                continue
            if len(real) == 1:
                table[seen] = real
    return encoder, table


def _table(family: str) -> dict[str, str]:
    return _readings(family)[1]


@functools.cache
def _gate(family: str) -> re.Pattern[str]:
    """Garbage characters that frequent true characters turn into and that are
    not frequent themselves: clean text holds a few at most (rare names)."""
    rare = sorted(seen for seen, real in _table(family).items()
                  if (real in T.COMMON or real in T.PUNCTUATION)
                  and seen not in T.COMMON and seen not in T.PUNCTUATION)
    return re.compile("[" + "".join(re.escape(c) for c in rare) + "]")


@functools.cache
def _runs(family: str) -> re.Pattern[str]:
    """Runs of characters the reading codec decodes pairs to (and lost pairs)."""
    chars = "".join(re.escape(c) for c in sorted(_readings(family)[0]))
    unit = f"[{chars}]|{_LOST}[\\x40-\\x7e]?"
    return re.compile(f"(?:{unit})+")


@functools.cache
def _translation(family: str) -> dict[int, str]:
    """:func:`_table` for ``str.translate``: the aligned reading of a whole text."""
    return str.maketrans(_table(family))


@functools.cache
def _rare(family: str) -> re.Pattern[str]:
    """Characters of either code page that are neither frequent nor punctuation."""
    chars = (set(_readings(family)[0]) | set(_table(family).values())) \
        - T.COMMON - T.PUNCTUATION
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


#: Han characters, and the private-use ones GB18030 makes of Big5's symbol rows.
_HAN = re.compile(T._HAN.pattern[:-1] + "\ue000-\uf8ff]")


@functools.cache
def _signs(family: str) -> re.Pattern[str]:
    """What the punctuation of a misread page always leaves: Big5's (its row A1,
    where GBK has none) private-use characters in GB18030, U+FFFD in GBK; GBK's
    commas, stops and quotes read as Big5 bopomofo and symbols (``ㄛ`` ``﹝``
    ``〞``), or U+FFFD where Big5 had no pair for GBK's (人 C8CB): the pairs
    after it are read one byte off, up to the next ASCII byte, and swallow the
    punctuation. A page without one has no punctuation at all, and one
    character class costs a clean page one fast scan."""
    if family == "big5":
        return re.compile("[\ue000-\uf8ff\ufffd]")
    true, read = _CODECS[family]
    marks = {_LOST}
    for mark in "，。、“”：；？！（）《》":
        try:
            marks.add(mark.encode(true).decode(read))
        except UnicodeDecodeError:
            continue
    return re.compile("[" + "".join(re.escape(c) for c in sorted(marks)) + "]")


#: Garbage characters a document must hold before its runs are read at all,
#: in number and as a share of its length: misread text is about half
#: garbage characters, clean text (Traditional variants, rare names) 1% at most.
MIN_GARBAGE = 3
MIN_SHARE = 0.05


#: A run proves a document's misreading when its repair has this many characters,
#: its garbage is mostly Han or private-use (Cyrillic, kana and bopomofo are in both
#: code pages too: a Russian line reads as Chinese) and this share of it is rare
#: (cross-read text is about half rare characters; a clean page's rare names are a
#: few in a run).
PROOF_CHARS = 6
PROOF_RARE = 0.3


def _rare_share(run: str) -> float:
    chars = [c for c in run if not c.isascii() and c not in T.PUNCTUATION and c != _LOST]
    return sum(c not in T.COMMON for c in chars) / len(chars) if chars else 0.0


def cross_read(text: str, family: str, *, min_chars: int = 2) -> list[Change]:
    """Changes repairing runs of ``family`` text read with the other code page.

    The document is proven misread by one run long and rare enough
    (:data:`PROOF_CHARS`, :data:`PROOF_RARE`) whose reading is plausible
    Chinese; then every run whose reading is cheaper than its garbage is
    repaired (short runs, runs broken by lost pairs). Unproven: nothing.
    """
    if not _signs(family).search(text):
        return []
    hits = len(_gate(family).findall(text))
    if hits < MIN_GARBAGE or hits < MIN_SHARE * len(text):
        return []
    rare = _rare(family)
    if 2 * len(rare.findall(text.translate(_translation(family)))) >= len(rare.findall(text)):
        return []  # read pair by pair, the text is no less rare: not this misreading
    script = "simp" if family == "gbk" else "trad"
    found: list[Change] = []
    proven = False
    for m in _runs(family).finditer(text):
        start, end = m.span()
        data = _bytes_of(text[start:end], family)
        if data is None:
            continue
        if len(data) % 2 and end < len(text) and "\x40" <= text[end] <= "\x7e":
            data.append(ord(text[end]))  # the trail of the last pair read as ASCII
            end += 1
        fixed = _decode(data, _CODECS[family][0])
        kept = fixed.replace(_LOST, "")
        garbled = text[start:end].replace(_LOST, "")
        if not proven and len(kept) >= PROOF_CHARS and _rare_share(garbled) >= PROOF_RARE \
                and len(_HAN.findall(garbled)) * 2 >= len(garbled) \
                and cjk._plausible(garbled, kept, script, min_chars=min_chars):
            proven = True
        if T.mean_cost(kept, script) + 0.5 < T.mean_cost(garbled, None) or not kept:
            found.append(Change(start, end, fixed))
    return found if proven else []


def _bytes_of(run: str, family: str) -> list[int | None] | None:
    """The bytes ``run`` was decoded from; None for the one byte the reading
    decoder replaced by U+FFFD where it expected a pair to start (a true lead,
    or a true trail once an earlier loss shifted the pairs: :func:`_decode`
    tells them apart)."""
    enc = _readings(family)[0]
    data: list[int | None] = []
    for ch in run:
        if ch == _LOST:
            data.append(None)
        elif ch.isascii():
            data.append(ord(ch))
        else:
            pair = enc.get(ch)
            if pair is None:
                return None
            data.extend(pair)
    return data


def _decode(data: list[int | None], codec: str) -> str:
    """Pair the bytes again with the true codec; a pair with a lost or
    unmappable byte becomes U+FFFD (ENC021 removes and reports it)."""
    out = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b is None:
            out.append(_LOST)
            i += 2  # the lost lead and its trail
            continue
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        if i + 1 < n and data[i + 1] is None:  # a lead whose trail was lost
            out.append(_LOST)
            i += 2
            continue
        if i + 1 < n:
            try:
                out.append(bytes((b, data[i + 1])).decode(codec))  # type: ignore[arg-type]
                i += 2
                continue
            except UnicodeDecodeError:
                pass
        out.append(_LOST)
        i += 1
    return "".join(out)
