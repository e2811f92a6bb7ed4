"""The paragraph model's fast paths give the answers of the plain code they replace."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings, strategies as st

from cleaner.stages import _paragraphs as para
from cleaner.stages import boilerplate as bp

_ALPHABET = list("\n\n\n  \t\u3000\r\x0b\x0c\x1c\x85\u2028。，a中") + ["\n\n", "\n \n", "正文", "\n\u3000\n"]
texts = st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join)


def _reference_split(text: str):
    """split as first written: (lines as tuples, paragraphs as (index, lines, gap), blank)."""
    lines, breaks, pos, newlines = [], [], 0, 0
    for m in para._BREAKS.finditer(text):
        chunk = text[pos:m.start()]
        if chunk.strip():
            lines.append((pos, m.start(), chunk))
            breaks.append(newlines)
        pos = m.end()
        newlines = text.count("\n", m.start(), m.end()) if lines else 0
    if text[pos:].strip():
        lines.append((pos, len(text), text[pos:]))
        breaks.append(newlines)
    blank = any(b >= 2 for b in breaks[1:])
    paragraphs: list = []
    for line, nl in zip(lines, breaks):
        if paragraphs and blank and nl == 1:
            paragraphs[-1][1].append(line)
        else:
            paragraphs.append((len(paragraphs), [line], max(nl - 1, 0) if paragraphs else 0))
    return lines, paragraphs, blank


def _as_tuples(layout):
    lines = [(ln.start, ln.end, ln.text) for ln in layout.lines]
    paragraphs = [(p.index, [(ln.start, ln.end, ln.text) for ln in p.lines], p.gap)
                  for p in layout.paragraphs]
    return lines, paragraphs, layout.blank_lines


@settings(max_examples=800)
@given(texts)
def test_split_is_the_reference_split(text):
    layout = para.split(text)
    assert _as_tuples(layout) == _reference_split(text)
    ids = {id(ln) for ln in layout.lines}
    assert all(id(ln) in ids for p in layout.paragraphs for ln in p.lines)


def test_lines_built_field_by_field_are_ordinary_lines():
    line = para.split("甲\n乙").lines[1]
    assert line == para.Line(2, 3, "乙") and hash(line) == hash(para.Line(2, 3, "乙"))
    assert repr(line) == repr(para.Line(2, 3, "乙"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.text = "x"  # type: ignore[misc]


@settings(max_examples=500)
@given(st.text(alphabet=list("，。！？!?”’」』）)】》；：… a中"), max_size=20))
def test_sentence_count_is_the_findall_count(s):
    n = len(re.findall(r"[。！？!?]+[”’」』）)】》]*", s))
    assert para.sentence_count(s) == n + (0 if para.is_terminated(s) else 1)


_role_alphabet = list("记者記通讯员訊員实习生實習摄影攝撰稿文作编辑編輯责任責图圖本报首席 \t\u3000/／，中")


@settings(max_examples=800)
@given(st.text(alphabet=_role_alphabet, max_size=10))
def test_has_role_finds_a_role_where_the_role_pattern_does(s):
    assert bool(bp._HAS_ROLE.search(s)) == bool(re.search(bp._ROLE, s))


_PIECES = ["近年来，我国经济稳中向好，主要指标好于预期，发展质量稳步提升。", "专家指出，下一步要加大政策支持力度。",
           "关于进一步做好新时代人才工作的若干意见和实施办法全文", "短标题", "记者 张三", "\n", "\n\n", "\n\n\n",
           "（完）", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12).map("".join))
def test_the_structure_rules_cheap_question_is_necessary(text):
    """page_structure with its cheap question answers as it does without one
    (a dangling 31-40 character heading once slipped past a 30-character bound)."""
    from cleaner.registry import Context

    with_gate = bp.page_structure(text, Context())
    bp._LAST.pair = None
    original = bp._maybe_structure
    bp._maybe_structure = lambda t: True
    try:
        without = bp.page_structure(text, Context())
    finally:
        bp._maybe_structure = original
        bp._LAST.pair = None
    assert with_gate == without
