"""Views of the edit records: where each edit sits in the original input.

Edit offsets are relative to the text each rule saw; these helpers map them
back through the earlier rules' edits to the line:col of the input file.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterator

from .records import Edit, rule_groups


def _back(pos: int, group: list[Edit]) -> int:
    """Position in the text after ``group`` -> position in the text before it."""
    delta = 0
    for e in group:
        post_start = e.start + delta
        if pos < post_start:
            break
        post_end = post_start + len(e.after)
        if pos < post_end:
            return e.start
        delta += len(e.after) - (e.end - e.start)
    return pos - delta


def original_positions(edits: list[Edit]) -> Iterator[tuple[Edit, int]]:
    """Each edit with its start offset in the original text."""
    groups = rule_groups(edits)
    for k, group in enumerate(groups):
        for e in group:
            pos = e.start
            for g in reversed(groups[:k]):
                pos = _back(pos, g)
            yield e, pos


class LineIndex:
    """Offset -> (line, col), both 1-based."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        i = text.find("\n")
        while i >= 0:
            self.starts.append(i + 1)
            i = text.find("\n", i + 1)

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


_VISIBLE = {0x0A: "⏎", 0x0D: "␍", 0x09: "⇥", 0x200B: "<ZWSP>", 0xFEFF: "<BOM>", 0xA0: "<NBSP>",
            0x2060: "<WJ>", 0xAD: "<SHY>", 0x3000: "<IDSP>"}
_VISIBLE.update({c: f"\\x{c:02x}" for c in range(0x20) if c not in _VISIBLE})


def short(s: str, limit: int = 40) -> str:
    """One-line, visible form of an edit's text (invisible characters named)."""
    s = s.translate(_VISIBLE)
    return s if len(s) <= limit else s[:limit - 1] + "…"
