"""The paragraph model (cleaner/stages/_paragraphs.py) and the layout decisions
built on it: layouts, image slots, safe removal spans, wrap detection, rejoin
signals and the canonical form."""

from __future__ import annotations

import pytest

from cleaner import clean_text
from cleaner.registry import Context
from cleaner.stages import _paragraphs as para
from cleaner.stages.layout import canonical_breaks, logical_paragraphs, rejoin_broken_lines


def _apply(text, changes):
    for c in sorted(changes, key=lambda c: c.start, reverse=True):
        text = text[:c.start] + c.after + text[c.end:]
    return text


def test_blank_line_layout_with_image_slot_and_inner_lines():
    lay = para.split("\n\n标题\n\n第一行\n第二行\n\n\n\n图片说明\n\n正文。")
    assert lay.blank_lines
    assert [p.flat for p in lay.paragraphs] == ["标题", "第一行第二行", "图片说明", "正文。"]
    assert [p.gap for p in lay.paragraphs] == [0, 1, 3, 1]
    assert [p.after_slot for p in lay.paragraphs] == [False, False, True, False]
    assert len(lay.paragraphs[1].lines) == 2


def test_one_paragraph_per_line_layout():
    lay = para.split("标题\n正文一。\n正文二。\n")
    assert not lay.blank_lines
    assert [p.flat for p in lay.paragraphs] == ["标题", "正文一。", "正文二。"]
    assert all(p.gap == 0 for p in lay.paragraphs)


def test_whitespace_only_lines_are_blank():
    lay = para.split("甲。\n \u3000\n乙。")
    assert lay.blank_lines and [p.flat for p in lay.paragraphs] == ["甲。", "乙。"]


@pytest.mark.parametrize("text,drop,expected", [
    ("A。\n\nX\n\nB。", [1], "A。\n\nB。"),
    ("X\n\nA。", [0], "A。"),
    ("X\n\nY\n\nA。", [0, 1], "A。"),
    ("A。\n\n\n\nX\n\nB。", [1], "A。\n\nB。"),
    ("A。\n\nX", [1], "A。"),
    ("A。\nX\nY\nB。", [1, 2], "A。\nB。"),
    ("X\n\nY", [0, 1], ""),
])
def test_removal_spans_keep_the_text_well_formed(text, drop, expected):
    lay = para.split(text)
    spans = lay.removal_spans(lay.paragraphs[i].lines for i in drop)
    out = text
    for s, e in sorted(spans, reverse=True):
        out = out[:s] + out[e:]
    assert out == expected
    ends = sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:])), "spans overlap"


def test_judgements():
    assert para.is_terminated("好。") and para.is_terminated("他说：“好。”")
    assert para.is_terminated("这其中：") and not para.is_terminated("清泓润京 智泽车城")
    assert para.is_heading_like("借“最强大脑” 赋能产业向“新”发展")
    assert not para.is_heading_like("授人以鱼不如授人以渔。结合人才智力协作机制")
    assert para.display_width("十堰ab") == 6


def test_wrap_width_found_only_in_hard_wrapped_text():
    wrapped = ["京堰两地以水为纽带，架起南北人才协作双向奔赴", "相互成就的桥梁。一批又一批北京院士专家来到十",
               "堰为城市发展绘制蓝图，为企业创新攻坚克难，为", "乡村振兴传经送宝。"]
    assert para.wrap_width(wrapped) == para.display_width(wrapped[0])
    natural = ["清泓润京 智泽车城", "今年是南水北调中线工程通水十周年。", "十年间，京堰两地以水为纽带，"
               "架起南北人才协作双向奔赴、相互成就的桥梁，留下一串串动人的足迹。", "如何破题？"]
    assert para.wrap_width(natural) is None


def test_logical_paragraphs_cut_a_blank_line_paragraph_where_lines_are_not_wraps():
    lay = para.split("前文。\n\n标题\n正文第一句很长很长很长很长，还没有写完\n接着写完。\n- 列表项\n\n后文。")
    units = [u.flat for u in logical_paragraphs(lay)]
    assert units == ["前文。", "标题", "正文第一句很长很长很长很长，还没有写完接着写完。", "- 列表项", "后文。"]


def _rejoin(text, fmt="txt"):
    ctx = Context(paragraph_sep="\n\n" if fmt == "txt" else "\n")
    return _apply(text, rejoin_broken_lines(text, ctx))


@pytest.mark.parametrize("prev,nxt", [
    ("正文。\n\n随着“宁波高端装备", "海外工程师协同创新中心”等平台建成。"),      # unclosed quote
    ("正文。\n\n坚持“工业立区强区”的北仑，集聚", "着40多万名产业工人。"),     # particle start
    ("正文。\n\n结合协作机制，2015年我市与", "北京大学合作。"),             # ends with 与
    ("正文。\n\n这项工作", "，已经全面铺开。"),                             # comma start
    ("正文。\n\n他说：“好。", "”然后离开了。"),                             # closer after a full stop
    ("正文。\n\n一泓清水润北方，十年同心向", "未来。从车间到高校。"),       # stranded tail
    ("正文。\n\n在甬江科创区，青年干部投身一线，凝心聚力。截至目前，实施新建", "续建项目54个。"),
])
@pytest.mark.parametrize("sep", ["\n\n", "\n\n\n\n", "\n"])
def test_rejoin_signals(prev, nxt, sep):
    text = prev + sep + nxt
    assert _rejoin(text) == prev + nxt


@pytest.mark.parametrize("text", [
    "清泓润京 智泽车城\n\n——京堰两地人才智力对口协作工作十周年回头看\n\n今年是通水十周年。",
    "正文。\n\n乘战略东风 擦亮协作共赢名片\n\n习近平总书记强调，南水北调工程是重大战略性基础设施。",
    "正文。\n\n创新培育机制\n\n促成产业人才“双向奔赴”\n\n技能是产业工人立业之本。",
    "正文。\n\n这其中：\n\n——郧西县开办培训班；\n\n——竹溪县签订协议。",
    "正文。\n\n一、总体要求，坚持人才引领发展\n\n各地要加强组织领导。",
    "因水结缘，开展村村协作\n十堰与北京因水结缘。\n以水为媒，干部互派挂职\n京堰干部互学。",
])
def test_rejoin_leaves_headings_and_list_items(text):
    assert _rejoin(text) == text


def test_rejoin_hard_wrapped_paragraph_and_latin():
    text = ("京堰两地以水为纽带，架起南北人才协作双向奔赴\n相互成就的桥梁。一批又一批北京院士专家来到十\n"
            "堰为城市发展绘制蓝图，为企业创新攻坚克难，为\n乡村振兴传经送宝。")
    assert _rejoin(text) == text.replace("\n", "")
    assert _rejoin("lines that\nwere wrapped") == "lines that were wrapped"


@pytest.mark.parametrize("fmt,sep", [("txt", "\n\n"), ("jsonl", "\n")])
def test_canonical_breaks(fmt, sep):
    ctx = Context(paragraph_sep=sep)
    text = "\n \n甲。\n乙。\n\n\n\n丙。  \n\n"
    assert _apply(text, canonical_breaks(text, ctx)) == f"甲。{sep}乙。{sep}丙。\n"
    canonical = f"甲。{sep}乙。"
    assert canonical_breaks(canonical, ctx) == []
    assert canonical_breaks("", ctx) == [] and _apply(" \n\n", canonical_breaks(" \n\n", ctx)) == ""


def test_clean_text_never_touches_clean_text():
    clean = "今年是南水北调中线工程通水十周年，也是京堰两地开展对口协作的第十年。\n\n十年间，京堰两地以水为纽带，架起南北人才协作的桥梁。"
    assert clean_text(clean, select=["BOI", "LAY"]).edits == []
    one_per_line = clean.replace("\n\n", "\n")
    assert clean_text(one_per_line, select=["BOI", "LAY"], format="jsonl").edits == []
