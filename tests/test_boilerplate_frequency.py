"""Boilerplate by frequency (BOI014): lines found in many documents of a corpus go,
with the count in the drop reason; without corpus statistics nothing happens."""

from __future__ import annotations

from cleaner import Pipeline, apply_edits
from cleaner.corpus_stats import CorpusStats
from cleaner.rules import RuleSet

PROMO = "欢迎关注本报微信公众号"


def _corpus(n_docs: int = 100, with_promo: int = 12) -> CorpusStats:
    stats = CorpusStats()
    for i in range(n_docs):
        lines = [f"第{i}篇文章的正文，内容各不相同。"]
        if i < with_promo:
            lines.append(PROMO)
        stats.observe("\n\n".join(lines))
    return stats


def test_the_rule_is_registered_as_needing_the_corpus():
    rule = RuleSet.load().get("BOI014")
    assert rule.needs_corpus and rule.builtin.name == "frequent_lines"
    assert Pipeline(select=["BOI014"]).needs_corpus


def test_the_documented_example_with_corpus_statistics():
    ex = RuleSet.load().get("BOI014").examples[0]
    pipe = Pipeline(select=["BOI014"], corpus=_corpus())
    res = pipe.clean(ex.input)
    assert res.text == ex.expected
    [drop] = res.drops
    assert drop.rule == "BOI014" and drop.reason == "frequent line (12 documents)"
    assert apply_edits(ex.input, res.edits) == res.text


def test_frequent_line_inside_a_one_line_per_paragraph_text():
    text = f"标题\n{PROMO}\n正文。"
    res = Pipeline(select=["BOI014"], corpus=_corpus()).clean(text, format="jsonl")
    assert res.text == "标题\n正文。"


def test_thresholds_min_docs_and_min_share():
    pipe = Pipeline(select=["BOI014"], corpus=_corpus(with_promo=4))  # 4 < min_docs 5
    assert pipe.clean(f"{PROMO}\n\n正文。").text == f"{PROMO}\n\n正文。"
    big = _corpus(n_docs=2000, with_promo=6)  # 6 docs, 0.3 % < min_share 0.5 %
    assert Pipeline(select=["BOI014"], corpus=big).clean(f"{PROMO}\n\n正文。").edits == []


def test_long_shared_paragraphs_are_left_to_the_duplicates_stage():
    body = "这是一段被很多网站转载的新闻正文，" * 8 + "。"
    stats = CorpusStats()
    for i in range(50):
        stats.observe(body + f"\n第{i}篇。")
    res = Pipeline(select=["BOI014"], corpus=stats).clean(body + "\n\n结尾。")
    assert res.edits == []


def test_without_statistics_nothing_is_dropped():
    assert Pipeline(select=["BOI014"]).clean(f"{PROMO}\n\n正文。").edits == []


def test_idempotent_with_statistics():
    pipe = Pipeline(select=["BOI", "LAY"], corpus=_corpus())
    once = pipe.clean(f"正文。\n\n{PROMO}\n\n{PROMO}\n\n结尾。").text
    assert once == "正文。\n\n结尾。"
    assert pipe.clean(once).text == once
