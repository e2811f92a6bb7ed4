"""CorpusStats: document frequency of normalised lines, bounded, mergeable, stored as JSON."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from cleaner.corpus_stats import CorpusStats, nfkc


def test_counts_documents_not_occurrences():
    s = CorpusStats()
    s.observe("分享到：微信 微博\n正文一。\n分享到：微信 微博")
    s.observe("分享到：微信 微博\n正文二。")
    s.observe("正文三。")
    assert s.n_docs == 3
    assert s.count("分享到：微信 微博") == 2
    assert s.count("正文一。") == 1
    assert s.count("从未出现") == 0


def test_normalisation_width_space_case_and_pinyin():
    s = CorpusStats()
    s.observe("版权所有，未经许可不得转载")
    s.observe("版权所有,未经许可 不得转载")
    s.observe("  版權(quán)所有，未經許可不得轉載  ")  # Traditional, annotated: the same line
    s.observe("Copyright 2024 ALL RIGHTS RESERVED")
    assert s.count("版权所有，未经许可不得转载") == 3
    assert s.count("版權所有，未經許可不得轉載") == 3
    assert s.count("copyright 2024 all rights reserved") == 1


def test_long_lines_and_blank_lines_are_not_counted():
    s = CorpusStats(max_len=10)
    s.observe("短行\n\n" + "长" * 11)
    assert len(s) == 1 and s.count("长" * 11) == 0


def test_count_of_several_lines_is_zero():
    s = CorpusStats()
    s.observe("甲\n乙")
    assert s.count("甲\n乙") == 0


def test_save_and_load_roundtrip(tmp_path):
    s = CorpusStats(max_len=50, max_entries=1000)
    for i in range(5):
        s.observe(f"页脚行\n第{i}篇正文。")
    path = tmp_path / "stats.json"
    s.save(path)
    data = json.loads(path.read_text("utf-8"))
    assert data["format"] == "cleancorpus-corpus-stats" and data["n_docs"] == 5
    t = CorpusStats.load(path)
    assert (t.n_docs, t.max_len, t.max_entries) == (5, 50, 1000)
    assert t.count("页脚行") == 5 and t.count("第3篇正文。") == 1
    assert not list(tmp_path.glob(".stats.json.*")), "no temp file left behind"


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"format": "other"}',
                                     '{"format": "cleancorpus-corpus-stats", "version": 99}'])
def test_load_refuses_what_it_did_not_write(tmp_path, content):
    path = tmp_path / "x.json"
    path.write_text(content, "utf-8")
    with pytest.raises(ValueError, match=str(path)):
        CorpusStats.load(path)


def test_merge_adds_counts_and_documents():
    a, b = CorpusStats(), CorpusStats()
    a.observe("页脚\n甲。")
    b.observe("页脚\n乙。")
    b.observe("页脚")
    a.merge(b)
    assert a.n_docs == 3 and a.count("页脚") == 3 and a.count("乙。") == 1


def test_merge_refuses_other_settings():
    with pytest.raises(ValueError, match="max_len"):
        CorpusStats(max_len=10).merge(CorpusStats(max_len=20))


def test_memory_is_bounded_and_frequent_lines_survive_pruning():
    s = CorpusStats(max_entries=100)
    for i in range(1000):
        s.observe(f"订阅本报\n第{i}篇独有的一行。")
    assert len(s) <= 100
    assert s.count("订阅本报") == 1000
    assert s.floor >= 1  # rare lines were forgotten, and the stats say by how much


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["甲", "乙", "丙丁", "版权所有", "a b"]), max_size=5),
                max_size=20))
def test_count_is_the_number_of_documents_containing_the_line(docs):
    s = CorpusStats()
    for lines in docs:
        s.observe("\n".join(lines))
    for line in ["甲", "乙", "丙丁", "版权所有"]:
        assert s.count(line) == sum(line in lines for lines in docs)
    assert s.count("ab") == sum("a b" in lines for lines in docs)


# ------------------------------------------------------------ the fast NFKC

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_fast_nfkc_is_nfkc_on_any_text(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize("text", [
    "分享到：微信　微博（ＱＱ空间）",           # full-width forms fold
    "ｅ\u0301 and e\u0301 and ﬁ and ①",        # compatibility + composition across chars
    "Ａ\u0308",                                 # a folded letter then composes with its mark
    "𝐀𝐁 math letters",                         # astral compatibility characters
])
def test_fast_nfkc_on_hard_cases(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_counts_of_many_lines_match_count_of_each():
    s = CorpusStats()
    for i in range(4):
        s.observe(f"分享到：微信　微博\n正文{i}。\nCopyright ２０２４ 新华网\n版權(quán)所有")
    lines = ["分享到：微信 微博", "  Copyright 2024 新华网 ", "正文1。", "", "从未出现",
             "版权所有", "x" * 300, "版權(quán)所有"]
    assert s.counts(lines) == [s.count(x) for x in lines] == [4, 4, 1, 0, 0, 4, 0, 4]
    assert s.counts(["含\n换行", "正文2。"]) == [0, 1]


def test_max_count_follows_observe_and_merge():
    s = CorpusStats()
    assert s.max_count == 0
    s.observe("页脚\n正文一。")
    s.observe("页脚\n正文二。")
    assert s.max_count == 2
    s.observe("页脚")
    assert s.max_count == 3
    other = CorpusStats()
    other.observe("页脚")
    assert s.merge(other).max_count == 4


def test_lines_count_the_same_before_and_after_the_scripts_stage():
    """The pre-pass sees raw text; BOI014 looks lines up after SCR007 and SCR011."""
    stats = CorpusStats()
    stats.observe('"扫一扫"关注我们\n活动时间：5月1日至5月3日.\n报名请联系--王老师')
    assert stats.count("“扫一扫”关注我们") == 1
    assert stats.count("活动时间：5月1日至5月3日。") == 1
    assert stats.count("报名请联系——王老师") == 1
    assert stats.count("“扫一扫”关注他们") == 0


def test_an_older_version_is_refused_with_what_to_do(tmp_path):
    import json
    path = tmp_path / "idx.sqlite.lines.json"
    CorpusStats().save(path)
    data = json.loads(path.read_text("utf-8"))
    data["version"] = 1
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(ValueError, match="delete the file"):
        CorpusStats.load(path)
