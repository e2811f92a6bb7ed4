"""Quality round 6: layout, boilerplate and duplicates on hand-made pages of
kinds earlier rounds did not cover (verse and lyrics, portal disclaimers and
footers, newspaper page furniture, Q&A pages), through the whole pipeline in
both formats, twice (the second run must change nothing)."""

from __future__ import annotations

import pytest

from cleaner import Pipeline, apply_edits

PIPE = Pipeline()


def _clean(text: str, fmt: str = "txt") -> str:
    res = PIPE.clean(text, format=fmt)
    assert apply_edits(text, res.edits) == res.text
    assert PIPE.clean(res.text, format=fmt).text == res.text
    return res.text


def _page(paragraphs: list[str], fmt: str) -> str:
    return ("\n\n" if fmt == "txt" else "\n").join(paragraphs)


BODY = ["5月11日，记者从市交通运输局获悉，今年我市计划完成农村公路新改建里程800公里，目前已开工项目56个，完成投资12.6亿元。",
        "据介绍，今年的农村公路建设将重点向偏远山区倾斜，着力打通断头路、瓶颈路，进一步提升农村群众出行条件。",
        "“路通了，我们的山货也好卖了。”竹山县官渡镇村民李大爷高兴地说，过去运一车香菇到县城要大半天。"]


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
@pytest.mark.parametrize("poem", [
    ["《我的家乡》", "作词：张三　作曲：李四", "山那边有条小河", "河边是我的家", "妈妈在门前等我", "等我回家",
     "啊，家乡", "我的家乡", "山那边有条小河", "河边是我的家"],
    ["春天来了", "风", "吹过田野", "吹过河流", "吹过我童年的村庄", "我听见", "燕子在说话"],
    ["静夜思", "李白", "床前明月光，", "疑是地上霜。", "举头望明月，", "低头思故乡。"],
])
def test_verse_and_lyrics_keep_every_line(poem, fmt):
    """Short lines that make up the page are its content, not a sidebar or a
    dangling heading; a couplet's lines are not joined; the poet's name under
    the title is no byline."""
    assert _clean(_page(poem, fmt), fmt) == _page(poem, fmt)


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_a_sidebar_beside_a_body_still_goes(fmt):
    """(its last line stays: it may be the heading of the paragraph under it)"""
    side = ["一泓清水", "十分深情", "南水北调", "十周年特别报道"]
    assert _clean(_page([BODY[0], *side, BODY[1], BODY[2]], fmt), fmt) == \
        _page([BODY[0], side[-1], BODY[1], BODY[2]], fmt)


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_vertical_banner_set_one_character_a_paragraph_goes_whole(fmt):
    assert _clean(_page([*"奋进新征程", BODY[0], BODY[1]], fmt), fmt) == _page(BODY[:2], fmt)


def test_a_prose_sentence_after_an_image_slot_is_no_caption():
    text = f"{BODY[0]}\n\n\n\n村民在新修的公路上骑行\n\n\n\n{BODY[1]}"
    assert _clean(text) == f"{BODY[0]}\n\n{BODY[1]}"
