"""Encoding repair (ENC010-ENC020): mechanisms, seeds, properties, speed gates.

The rule examples (rules/encoding.toml) run in test_rule_examples.py; these
tests pin what the examples cannot: the ftfy configuration, the fast path on
clean text, the records of removals, the seeds as a whole, and round trips
over generated text.
"""

from __future__ import annotations

import re
from pathlib import Path

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import apply_edits
from cleaner.registry import Context
from cleaner.stages import _mojibake_shift, _mojibake_tables as T, encoding

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REPAIR = [f"ENC{n:03d}" for n in range(10, 21)]


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text("utf-8")


def enc(text: str, select=("ENC",)):
    return cleaner.clean_text(text, select=list(select))


# ---------------------------------------------------------------- ftfy config


def test_ftfy_config_never_damages_chinese():
    for fixer in encoding.FTFY_FIXERS:
        cfg = encoding.ftfy_config(fixer)
        assert cfg.fix_character_width is False and cfg.uncurl_quotes is False
        assert cfg.normalization is None and cfg.fix_latin_ligatures is False
        assert cfg.remove_control_chars is False and cfg.fix_line_breaks is False


def test_each_ftfy_fix_is_attributed_to_its_own_rule():
    text = "&ldquo;北京&rdquo;\nThe Mona Lisa doesnâ€™t\n\x93引号\x94"
    counts = enc(text, REPAIR).counts()
    assert counts == {"ENC011": 1, "ENC010": 1, "ENC012": 1}


def test_full_width_punctuation_and_curly_quotes_survive_ftfy():
    text = "Ningboï¼ŒChina ‘他说’“好”"
    assert enc(text).text == "Ningbo，China ‘他说’“好”"


def test_narrow_gives_the_smallest_changed_span():
    change = encoding.narrow(10, "abcXYZdef", "abcQdef")
    assert (change.start, change.end, change.after) == (13, 16, "Q")
    assert encoding.narrow(0, "same", "same") is None


def test_ftfy_edits_cover_only_what_changed():
    res = enc("第一行\nThe Mona Lisa doesnâ€™t have eyebrows.", ["ENC010"])
    (edit,) = res.edits
    assert (edit.before, edit.after) == ("â€™", "’")


# ---------------------------------------------------------------- fast path


def test_clean_chinese_never_reaches_ftfy(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("ftfy called on clean text")

    monkeypatch.setattr(ftfy, "fix_and_explain", boom)
    monkeypatch.setattr(ftfy, "fix_encoding_and_explain", boom)
    for prefix in ("000", "003", "004"):
        text = seed(prefix)
        assert enc(text, REPAIR).edits == []


def test_suspects_is_empty_for_clean_chinese_and_names_each_damage():
    assert encoding.suspects("今年是南水北调中线工程通水十周年，“一库清水”……——北京·十堰") == frozenset()
    assert encoding.suspects("高?!鞍") >= {"mark"}
    assert "latin" in encoding.suspects("±±¾©")
    assert "amp" in encoding.suspects("北京&amp;上海")
    assert "utf8" in encoding.suspects("鍖椾含")


def test_mechanisms_return_nothing_on_clean_text():
    ctx = Context()
    text = seed("000") + seed("004")
    assert encoding.dbcs_misaligned(text, ctx, family="gbk") == []
    assert encoding.utf8_read_as_dbcs(text, ctx, family="gbk") == []
    assert encoding.dbcs_read_as_latin1(text, ctx, family="big5") == []
    assert encoding.lost_symbol(text, ctx) == []
    assert encoding.ftfy_fix(text, ctx, fixer="encoding") == []


# ---------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seeds_fixed() -> dict[str, cleaner.Result]:
    return {p: enc(seed(p)) for p in ("000", "001", "002", "003", "004")}


def test_clean_seeds_are_untouched_by_the_repair(seeds_fixed):
    for p in ("000", "003", "004"):
        assert not [e for e in seeds_fixed[p].edits if e.rule in REPAIR], p


def test_seed_001_has_no_mojibake_left(seeds_fixed):
    t = seeds_fixed["001"].text
    assert "?!" not in t and "臀覀兘鉀Q" not in t and "焙碧忑埵紭I" not in t
    assert "我們解決" in t
    assert "罕" not in t and "始" not in t.split("困局")[1][:10]
    assert "Copyright © 2001-2025" in t
    assert "?" not in t
    for frag in ("guī)", "I(yè)", "l(fā)"):
        assert frag not in t


def test_seed_002_runs_recovered(seeds_fixed):
    t = seeds_fixed["002"].text
    for recovered in ("高校“發榜”", "高校“揭榜", "高校“選中”", "高校“送上門", "高校“對口爭"):
        assert recovered in t, recovered
    assert "?" not in t
    assert not re.search(r"(?<!\()(duì|wù)\)", t)  # fragments whose "(" went into the garbage
    assert "l(fā)" not in t


def test_seed_removals_carry_reasons_and_replay(seeds_fixed):
    for p in ("001", "002"):
        res = seeds_fixed[p]
        assert apply_edits(res.original, res.edits) == res.text
        ours = [e for e in res.edits if e.rule == "ENC014"]
        assert ours
        for e in ours:
            if e.after == "":
                assert e.reason in ("lost-bytes", "pinyin-on-mojibake", "unproven-pair"), e
        junk = [e.before for e in ours if e.reason == "pinyin-on-mojibake"]
        assert all(re.fullmatch(r"\(?[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", j) for j in junk), junk


def test_repaired_seeds_are_stable(seeds_fixed):
    for p, res in seeds_fixed.items():
        assert enc(res.text).text == res.text, p


def test_every_run_of_001_002_is_removed_whole():
    for p in ("001", "002"):
        runs = _mojibake_shift.find_runs(seed(p))
        assert runs
        for run in runs:
            changes = _mojibake_shift.run_changes(run)
            covered = sorted((c.start, c.end) for c in changes)
            assert covered[0][0] == run.start and max(e for _, e in covered) == run.end
            for (_, e1), (s2, _) in zip(covered, covered[1:]):
                assert e1 <= s2  # non-overlapping


# ---------------------------------------------------------------- misalignment mechanics


def test_lost_first_character_needs_the_document():
    alone = "面向高?!鞍l(fā)榜”"
    proved = "高校(武漢6所高校)。面向高?!鞍l(fā)榜”,高校“的"
    assert enc(alone, ["ENC014"]).text == "面向高“發榜”"
    assert enc(proved, ["ENC014"]).text == "高校(武漢6所高校)。面向高校“發榜”,高校“的"


def test_a_question_mark_before_chinese_stays():
    for text in ("怎么办?我们明天再说。", "你在哪裡?我在臺北。", "真的吗?!我不信。",
                 "國家有何特殊性?”“推動關鍵核心技術攻關", "他问?为什么"):
        assert enc(text, REPAIR).text == text


def test_a_question_mark_in_latin_or_cyrillic_text_stays():
    for text in ("ItÃ?Â¢â?¬â?¢s classic", "Ру\ufffd\ufffdкий", "\ufffd(⌣˛⌣)\ufffd"):
        assert [e for e in enc(text, ["ENC014", "ENC015"]).edits] == []


def test_big5_page_read_one_byte_off():
    text = "十堰與北京因水結緣。兩地因水?祭t，開展村村結對。"
    assert enc(text, ["ENC015"]).text == "十堰與北京因水結緣。兩地因水結緣，開展村村結對。"


def test_gap_pairs_need_a_lost_inner_pair():
    ev = _mojibake_shift.DocEvidence("湖北日報。湖北省。")
    pairs = ev.gap_pairs(0xBA, 0xB1, "gbk")  # 罕 = BA B1; 湖北 = BAFE B1B1, FE B1 unmappable
    assert pairs["湖北"] == 2


# ---------------------------------------------------------------- round trips


COMMON_SIMP = sorted(T.GB_LEVEL1)
COMMON_TRAD = sorted(T.BIG5_COMMON)
PUNCT = "，。、；：？！“”（）《》"


def _text(alphabet):
    return st.text(st.sampled_from(alphabet + list(PUNCT)), min_size=4, max_size=40).filter(
        lambda s: sum(c not in PUNCT for c in s) >= 3)


@settings(max_examples=60, deadline=None)
@given(_text(COMMON_SIMP))
def test_utf8_read_as_gb18030_round_trips(s):
    try:
        garbled = s.encode("utf-8").decode("gb18030")
    except UnicodeDecodeError:  # e.g. “ = E2 80 9C: GB18030 has no trail byte 80
        return
    fixed = enc(garbled, REPAIR).text
    assert fixed == s


@settings(max_examples=60, deadline=None)
@given(_text(COMMON_SIMP))
def test_gbk_read_as_latin1_round_trips(s):
    garbled = s.encode("gbk").decode("latin-1")
    assert enc(garbled, REPAIR).text == s


@settings(max_examples=60, deadline=None)
@given(st.text(st.sampled_from(COMMON_TRAD), min_size=8, max_size=40))
def test_big5_read_as_latin1_round_trips(s):
    # (shorter random strings may read as plausibly in GBK, which wins ties)
    s = "".join(c for c in s if c in T.BIG5_COMMON or c in "，。、；：？！（）《》")
    if sum(c in T.BIG5_COMMON for c in s) < 3:
        return
    garbled = s.encode("cp950").decode("latin-1")
    assert enc(garbled, REPAIR).text == s


@settings(max_examples=100, deadline=None)
@given(st.text(st.sampled_from(COMMON_SIMP + COMMON_TRAD + list(PUNCT) + list("0123456789 ,.")),
               max_size=80))
def test_clean_chinese_is_never_changed(s):
    assert enc(s, REPAIR).text == s


@settings(max_examples=60, deadline=None)
@given(_text(COMMON_SIMP))
def test_utf8_read_as_gbk_loses_only_what_was_replaced(s):
    garbled = s.encode("utf-8").decode("gbk", errors="replace")
    fixed = enc(garbled, REPAIR)
    out = fixed.text
    if out.endswith("。") and garbled.endswith("\ufffd\ufffd"):
        # a paragraph's last mark of U+3000-303F, its last byte lost, is read as 。
        assert "\u3000" <= s[-1] <= "\u303f"
        out = out[:-1]
    assert set(out) <= set(s)
    if "\ufffd" not in garbled:
        assert fixed.text == s
    for e in fixed.edits:
        if "\ufffd" in e.before:
            assert e.reason == "lost-bytes"


# ---------------------------------------------------------------- lost symbols


@pytest.mark.parametrize("text,expected", [
    ("Copyright ? 2001-2025 荊楚網 All Rights Reserved", "Copyright © 2001-2025 荊楚網 All Rights Reserved"),
    ("COPYRIGHT?2024 新华网", "COPYRIGHT©2024 新华网"),
    ("? 2024 新华网 版权所有", "© 2024 新华网 版权所有"),
    ("你知道吗? 2024年的计划", "你知道吗? 2024年的计划"),
    ("Is it 2024? Rights reserved?", "Is it 2024? Rights reserved?"),
])
def test_lost_copyright_sign(text, expected):
    assert enc(text, ["ENC020"]).text == expected
