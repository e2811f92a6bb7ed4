"""The SCR stage: seeds, never-touch cases, clean Simplified text, idempotence."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from cleaner import Pipeline, apply_edits, clean_text, pinyin_data, t2s
from cleaner.registry import Context
from cleaner.rules import RuleSet
from cleaner.stages import scripts
from cleaner.stages._scripts_punct import glued_view, original_position

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED = {p.name[:3]: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
SCR_IDS = [r.id for r in RuleSet.load().rules if r.id.startswith("SCR")]
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


_PIPES: dict[tuple[str, ...], Pipeline] = {}


def _pipe(*select: str) -> Pipeline:
    """One pipeline per selection, built on first use (loading rules is not free)."""
    if select not in _PIPES:
        _PIPES[select] = Pipeline(select=list(select))
    return _PIPES[select]


# ---------------------------------------------------------------- pinyin


@pytest.mark.parametrize("seed,count", [("001", 163), ("002", 249)])
def test_seed_pinyin_annotations_all_go_and_nothing_else(seed, count):
    res = _pipe("SCR001").clean(SEED[seed])
    assert len(res.edits) == count
    for e in res.edits:
        assert re.fullmatch(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", e.before), e.before
        assert re.match(r"[\u4e00-\u9fff]", SEED[seed][e.start - 1])
    for kept in ("(湖北日報網", "(通訊員 劉根樹、王昌鑫)", "(征求意見稿)", "I(yè)",
                 "(武漢10所高校)", "l(fā)"):
        if kept in SEED[seed]:
            assert kept in res.text


def test_no_pinyin_in_other_seeds():
    for seed in ("000", "003", "004"):
        assert _pipe("SCR001").clean(SEED[seed]).edits == []


@pytest.mark.parametrize("syllable", ["wǎng", "diào", "qū", "lüè", "nǚ", "xiǒng", "ér",
                                      "zhuàng", "ǹg", "ḿ", "wang3", "lv4", "lu:4", "shei2"])
def test_toned_syllables(syllable):
    assert pinyin_data.toned_base(syllable) is not None


@pytest.mark.parametrize("word", ["bǎd", "wáng3", "waňg", "CEO", "ab", "qiu5x", "jü", "fiao"])
def test_not_syllables(word):
    assert pinyin_data.toned_base(word) is None


def test_inventory_size_is_the_chart():
    toneless, marked, numbered = pinyin_data.inventory()
    assert 400 <= len(toneless) <= 420
    assert {"men", "de", "zhi", "lü", "nüe", "jiong", "a", "n"} <= toneless
    assert not {"bü", "jü", "zhia", "fong"} & toneless
    assert marked["guǎng"] == "guang" and marked["liú"] == "liu" and marked["gǒu"] == "gou"


@pytest.mark.parametrize("text", [
    "(左三)", "范武(左三)", "工程师(MCMB)", "于(2024)年", "加入(湖北日報網)", "首席(CEO)",
    "图(a)", "方案(A)", "附件(一)", "表(a1)", "注(ni)", "公司(Inc.)", "(wǎng)开头",
])
def test_never_stripped(text):
    assert _pipe("SCR001").clean(text).edits == []


# ---------------------------------------------------------------- T2S gating


def test_simplified_seeds_are_not_converted():
    for seed in ("000", "003", "004"):
        assert _pipe("SCR004").clean(SEED[seed]).edits == []


def test_traditional_seeds_leave_no_traditional_only_character():
    scr = t2s.get_scripts(_corrections())
    for seed in ("001", "002"):
        out = _pipe("SCR").clean(SEED[seed]).text
        left = {c for c in out if scr.traditional[ord(c)]}
        assert not left, left


def _corrections() -> dict[str, str]:
    return RuleSet.load().get("SCR004").params["corrections"]


def test_simplified_line_of_a_traditional_document_is_kept():
    text = "這是繁體。\n乾坤未定，东西一坏就扔。\n還是繁體。"
    out = _pipe("SCR004").clean(text).text
    assert out.split("\n")[1] == "乾坤未定，东西一坏就扔。"


def test_unmarked_line_of_a_traditional_document_is_converted():
    # 乾杯 holds no Traditional-only character, but the document is Traditional
    text = "這是繁體文章。\n乾杯\n還是繁體文章。"
    assert _pipe("SCR004").clean(text).text.split("\n")[1] == "干杯"


def test_edits_are_grouped_and_replay():
    text = "荊楚網(湖北日報網)訊,今年是南水北調中線工程通水10周年。\n第二行的內容。"
    res = _pipe("SCR004").clean(text)
    assert apply_edits(text, res.edits) == res.text
    assert len(res.edits) < sum(a != b for a, b in zip(text, res.text))
    assert all("\n" not in e.before for e in res.edits)


# ---------------------------------------------------------------- punctuation

NEVER_WIDENED = [
    "增长2.1亿", "约45.14万", "09:30开始", "共1,000人", "比分3:1。", "第3.5节",
    "访问www.cnhubei.com查看", "邮箱abc.def@cnhubei.com。", "附件报告.pdf", "见a.b.c",
    "All Rights Reserved.", "Copyright © 2001-2025 湖北荆楚网络科技股份有限公司",
    "版权为 荆楚网 www.cnhubei.com 所有", "函数f(x)的值", "支持Python,Java和Go",
    "http://example.cn/a?b=1,2;c:d!", "卡尔.马克思", "等等...", "He said \"no\".",
    "(1,2)", "Windows(R)系统", "表达式a;b", "比例1:2:3", "版本v1.2.3发布",
]


@pytest.mark.parametrize("text", NEVER_WIDENED)
def test_never_widened(text):
    assert _pipe("SCR007").clean(text).edits == []


@pytest.mark.parametrize("text,expected", [
    ("获悉,今年", "获悉，今年"),
    ("主办:十堰市总工会", "主办：十堰市总工会"),
    ("(本版图片由北仑区委组织部提供)", "（本版图片由北仑区委组织部提供）"),
    ("他说\"好\"。", "他说“好”。"),
    ("真的吗?", "真的吗？"),
    ("第一句.", "第一句。"),
    ("“国之大者”,坚决", "“国之大者”，坚决"),
    ("(中文),x", "（中文），x"),
])
def test_widened(text, expected):
    assert _pipe("SCR007").clean(text).text == expected


def test_fullwidth_alnum_to_ascii():
    assert _pipe("SCR005").clean("ＡＢＣ１２３ｘｙｚ，").text == "ABC123xyz，"


# ---------------------------------------------------------------- Latin, duplicates


def test_unhandled_latin_is_reported_not_guessed():
    res = _pipe("SCR006").clean("技能 of 工人 and 干部")
    assert res.text == "技能 of 工人和干部"
    assert res.metadata["unhandled_latin"] == [{"rule": "SCR006", "word": "of", "start": 3}]


def test_connectives_without_metadata_dict():
    ctx = Context(rule_id="SCR006", metadata=None)
    out = scripts.latin_connectives("技能 of 工人", ctx, table={"and": "和"}, report=["of"])
    assert out == []


def test_seed_004_duplicates_and_connective():
    res = _pipe("SCR").clean(SEED["004"])
    assert "“工匠杯”“工匠杯”" not in res.text and "“工匠杯”" in res.text
    assert "继续教育和技能培训" in res.text
    assert {e.rule for e in res.edits if e.reason} <= {"SCR008", "SCR009"}


# ---------------------------------------------------------------- properties


def _normalised_alphabet() -> list[str]:
    """Han characters of the Simplified seeds that conversion leaves alone."""
    conv = t2s.get_converter("t2s", _corrections())
    chars = {c for s in ("000", "003", "004") for c in SEED[s] if "\u4e00" <= c <= "\u9fff"}
    return sorted(c for c in chars if conv.convert(c) == c)


_HAN_WORD = st.lists(st.sampled_from(_normalised_alphabet()), min_size=1, max_size=4).map("".join)
_TOKEN = st.one_of(_HAN_WORD, _HAN_WORD, _HAN_WORD,
                   st.sampled_from(list("，。、；：？！“”‘’（）《》…—")),
                   st.integers(0, 99999).map(str), st.just("\n"))
_SIMPLIFIED = st.lists(_TOKEN, max_size=60).map("".join)
_REPEAT = re.compile(r"([\u4e00-\u9fff]{2,12})、\1|([“《「][^“”《》「」]{2,40}[”》」])、?\2")
#: a clause mark doubled, or stops for an ellipsis: defects (SCR013, SCR010);
#: also across line breaks (the layout stage glues a line opening with a mark on)
_DOUBLED = re.compile(r"([，、；：])\n*\1|。\n*。")


@SETTINGS
@given(_SIMPLIFIED)
def test_normalised_simplified_text_is_left_alone_by_every_rule(text):
    assume(not _REPEAT.search(text))  # an exact adjacent repeat is not normalised
    assume(not _DOUBLED.search(text))
    for rid in SCR_IDS:
        res = _pipe(rid).clean(text)
        assert res.text == text, rid
        assert res.edits == [], rid


_TRADITIONAL_PIECE = st.one_of(
    st.sampled_from(sorted(t2s._dictionary("TSPhrases.txt"))),
    st.sampled_from(sorted(t2s._dictionary("TSCharacters.txt"))),
    st.sampled_from(["網(wǎng)", "調(diào)", "區(qū)", "(湖北日報網)", "(CEO)", " and ", "“工匠杯”",
                     ",", ".", ":", "?", "!", "(", ")", "\"", "2.1", "09:30", "www.a.com",
                     "\n", "ＡＢ１", "、"]),
    _HAN_WORD,
)


@SETTINGS
@given(st.lists(_TRADITIONAL_PIECE, max_size=50).map("".join))
def test_stage_replays_and_is_idempotent(text):
    pipe = _pipe("SCR")
    res = pipe.clean(text)
    assert apply_edits(text, res.edits) == res.text
    assert pipe.clean(res.text).text == res.text


def test_fast_path_returns_nothing_without_work():
    text = SEED["000"]
    ctx = Context(rule_id="SCR004", metadata={})
    assert scripts.traditional_to_simplified(text, ctx) == []
    assert scripts.strip_pinyin(text, ctx) == []
    assert scripts.fullwidth_alnum(text, ctx) == []
    assert not t2s.needs_conversion("中华人民共和国" * 100) and not np.any(
        t2s.get_scripts().traditional[t2s.encode(SEED["000"])])


@pytest.mark.parametrize("seed,count", [("001", 163), ("002", 249)])
def test_seed_pinyin_after_the_encoding_stage(seed, count):
    """ENC runs first and removes fragments glued to mojibake (``guī)``); every
    well-formed annotation after a Han character is still there for SCR001."""
    res = _pipe("ENC", "SCR001").clean(SEED[seed])
    assert sum(e.rule == "SCR001" for e in res.edits) == count
    assert not re.search(r"[\u4e00-\u9fff][(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]", res.text)


# ------------------------------------------------------------ the glued view (SCR007)

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="一二(（)）,，。?？:：!\n \u3000a1」", max_size=40))
def test_glued_view_maps_every_character_back(text):
    view, segs = glued_view(text)
    assert [text[original_position(segs, i)] for i in range(len(view))] == list(view)
    assert view.replace("\n", "").replace(" ", "").replace("\u3000", "") == \
        text.replace("\n", "").replace(" ", "").replace("\u3000", "")


def test_punctuation_is_judged_as_the_lines_will_be_joined():
    for text, fmt, want in [("一(\n）", "txt", "一（）"), ("一0?\n。", "jsonl", "一0？。"),
                            ("一\n:", "txt", "一："), ("Hello\n, world", "jsonl", "Hello, world")]:
        once = clean_text(text, format=fmt).text
        assert once == want
        assert clean_text(once, format=fmt).text == once
