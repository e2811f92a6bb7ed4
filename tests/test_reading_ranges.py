"""Parallel readers split a JSONL file by byte ranges: every line read exactly once."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings, strategies as st

from cleaner.reading import InputFile, line_ranges, texts_in_range


def _file(tmp: Path, texts: list[str], bad: int | None = None) -> InputFile:
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in enumerate(texts)]
    if bad is not None:
        lines.insert(bad, '{"broken')
    p = tmp / "a.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return InputFile(p, Path("a.jsonl"), "jsonl")


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(max_size=30), min_size=1, max_size=25),
       parts=st.integers(1, 12), bad=st.integers(0, 25))
def test_ranges_cover_every_line_once(tmp_path_factory, texts, parts, bad):
    f = _file(tmp_path_factory.mktemp("r"), texts, bad=min(bad, len(texts)))
    ranges = line_ranges(f, parts, min_bytes=1)
    assert ranges[0][0] == 0 and ranges[-1][1] == f.path.stat().st_size
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    got = [t for start, end in ranges for t in texts_in_range(f, start, end)]
    assert got == texts  # the broken line is skipped, nothing doubled or lost


def test_small_files_are_one_range(tmp_path):
    f = _file(tmp_path, ["正文。"] * 10)
    assert line_ranges(f, 8) == [(0, f.path.stat().st_size)]
