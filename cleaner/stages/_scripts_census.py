"""One shared look at a text for the SCR rules: which kinds of character it holds.

Several SCR rules can only act on characters no ``str`` method finds in one C
call: a Traditional character (4,000 of them), a full-width letter or digit, a
Latin letter. One numpy lookup per text answers all of them at once: the code
points index a table of category bits, and the OR of the bits tells which
categories occur anywhere in the text. Consecutive rules that leave the text
unchanged see the same ``str`` object, so the answer is memoised for the last
text seen (one slot, replaced atomically: safe between threads).

Bits (a character may carry several):

- :data:`EVIDENCE`: Traditional evidence of the t2s dictionaries (``Scripts.gate``);
- :data:`CONVERTS`: a character without which conversion changes nothing
  (``Converter.gate``);
- :data:`FULLWIDTH_ALNUM`: ``０-９Ａ-Ｚａ-ｚ``;
- :data:`LATIN`: ``A-Za-z`` and ``&``;
- :data:`FOREIGN`: kana and hangul (Japanese or Korean text quoted in Chinese).

The first two depend on the converter (its corrections), so the table is built
once per (converter, scripts) pair; the others are the same in every table.
"""

from __future__ import annotations

import threading

import numpy as np

from .. import t2s

EVIDENCE = 1
CONVERTS = 2
FULLWIDTH_ALNUM = 4
LATIN = 8
FOREIGN = 16

#: Kana and hangul: a clause holding them is Japanese or Korean, whose kanji and
#: hanja t2s must not touch. ``・`` and ``ー`` are left out: Chinese text uses the
#: middle dot in names.
FOREIGN_RANGES = ((0x3041, 0x3096), (0x309D, 0x309F), (0x30A1, 0x30FA), (0x30FD, 0x30FF),
                  (0x31F0, 0x31FF), (0xFF66, 0xFF9D), (0x1100, 0x11FF), (0x3131, 0x318E),
                  (0xAC00, 0xD7A3))

_SPAN = 0x110000


def _static_table() -> np.ndarray:
    table = np.zeros(_SPAN, dtype=np.uint8)
    for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)):
        table[lo:hi + 1] |= FULLWIDTH_ALNUM
    for lo, hi in ((0x41, 0x5A), (0x61, 0x7A)):
        table[lo:hi + 1] |= LATIN
    table[ord("&")] |= LATIN
    for lo, hi in FOREIGN_RANGES:
        table[lo:hi + 1] |= FOREIGN
    table.flags.writeable = False
    return table


_STATIC = _static_table()
_LOCK = threading.Lock()
#: (id(converter), id(scripts)) -> (converter, scripts, table); the objects are held
#: so their ids stay unique.
_TABLES: dict[tuple[int, int], tuple[object, object, np.ndarray]] = {}


def table_for(conv: t2s.Converter, scripts: t2s.Scripts) -> np.ndarray:
    """The category table with the t2s bits of ``conv`` and ``scripts``, built once."""
    key = (id(conv), id(scripts))
    hit = _TABLES.get(key)
    if hit is not None and hit[0] is conv and hit[1] is scripts:
        return hit[2]
    with _LOCK:
        hit = _TABLES.get(key)
        if hit is not None and hit[0] is conv and hit[1] is scripts:
            return hit[2]
        table = _STATIC.copy()
        table[scripts.gate] |= EVIDENCE
        table[conv.gate] |= CONVERTS
        table.flags.writeable = False
        _TABLES[key] = (conv, scripts, table)
        return table


#: The last text looked at: (text, table, bits, code points).
_MEMO: tuple = (None, None, 0, None)


def census(text: str, table: np.ndarray | None = None) -> tuple[int, np.ndarray]:
    """(OR of the category bits of every character of ``text``, its code points).

    ``table``: the table whose t2s bits the caller reads; None when only the
    static bits matter (any table will do). ``text`` must not be ASCII-only
    (callers answer that with ``str.isascii`` first).
    """
    memo = _MEMO
    if memo[0] is text and (table is None or memo[1] is table):
        return memo[2], memo[3]
    if table is None:
        table = _STATIC
    arr = t2s.encode(text)
    bits = int(np.bitwise_or.reduce(table.take(arr))) if arr.size else 0
    _remember(text, table, bits, arr)
    return bits, arr


def _remember(text: str, table: np.ndarray, bits: int, arr: np.ndarray) -> None:
    global _MEMO
    _MEMO = (text, table, bits, arr)
