"""Whole-file decoding: UTF-8 first, then detection among the Chinese encodings.

Scraped files arrive as UTF-8, GB18030/GBK, Big5 or UTF-16. A file that decodes
strictly in more than one is judged by how much of it is common Chinese; a file
with NUL bytes (and no UTF-16 BOM) or that decodes in none is refused with the
line of the first bad byte, never guessed.
"""

from __future__ import annotations

import codecs
from functools import lru_cache

BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
CANDIDATES = ("gb18030", "big5")
_CONTROL = bytes(range(0, 9)) + b"\x0e\x0f" + bytes(range(0x10, 0x1b)) + bytes(range(0x1c, 0x20))


class DecodeFailure(Exception):
    """The bytes are binary or in no encoding we accept."""

    def __init__(self, problem: str, offset: int | None, data: bytes) -> None:
        self.offset = offset
        self.line = data[:offset].count(b"\n") + 1 if offset is not None else None
        super().__init__(problem)


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """The ~3755 level-1 GB2312 and ~5401 common Big5 characters."""
    chars: set[str] = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for hi in range(0xA4, 0xC7):
        for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            try:
                chars.add(bytes((hi, lo)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common Chinese or CJK punctuation."""
    rest = [c for c in text if ord(c) > 0x7F]
    if not rest:
        return 1.0
    common = _common_chars()
    good = sum(1 for c in rest if c in common or 0x3000 <= ord(c) <= 0x303F
               or 0xFF00 <= ord(c) <= 0xFFEF or c in "“”‘’…—·")
    return good / len(rest)


def is_binary(data: bytes) -> int | None:
    """Offset of the first NUL or a control-byte cluster, else None."""
    nul = data.find(b"\x00")
    if nul >= 0:
        return nul
    sample = data[:65536]
    ctrl = sum(sample.count(bytes((b,))) for b in _CONTROL)
    if sample and ctrl > max(8, len(sample) // 100):
        for i, b in enumerate(sample):
            if bytes((b,)) in _CONTROL:
                return i
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a whole file; return (text, encoding used)."""
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc if enc != "utf-8-sig" else "utf-8-sig"), enc
            except UnicodeDecodeError as exc:
                raise DecodeFailure(f"invalid {enc} after its byte-order mark", exc.start,
                                    data) from None
    off = is_binary(data)
    if off is not None:
        raise DecodeFailure("binary file (NUL or control bytes)", off, data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    best: tuple[float, str, str] | None = None
    sample = data[:200_000]
    for enc in CANDIDATES:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = plausibility(sample.decode(enc, errors="ignore"))
        if best is None or score > best[0]:
            best = (score, enc, text)
    if best is not None and best[0] >= 0.6:
        return best[2], best[1]
    raise DecodeFailure(f"undecodable bytes: not UTF-8 ({utf8_error.reason} at byte "
                        f"{utf8_error.start}), nor GB18030 or Big5", utf8_error.start, data)
