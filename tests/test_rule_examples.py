"""Every [[rule.examples]] of every rule file runs as a test (ftfy's JSON cases).

Each example also checks that replaying the edit records on the input gives the
output, and that running the same rules on the output changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Pipeline, apply_edits
from cleaner.rules import RuleSet, load_rule_file, shipped_rule_paths

ROOT = Path(__file__).resolve().parent.parent
USER_FILES = sorted((ROOT / "rules" / "examples").glob("*.toml"))


def _cases():
    for path in [*shipped_rule_paths(), *USER_FILES]:
        user = path in USER_FILES
        for rule in load_rule_file(path, user=user):
            for n, ex in enumerate(rule.examples, 1):
                marks = [pytest.mark.xfail(strict=True, reason=ex.comment or "known gap")] \
                    if ex.expect == "fail" else []
                label = ex.label or f"example {n}"
                yield pytest.param(path if user else None, rule.id, ex,
                                   id=f"{rule.id}-{n}-{label[:40]}", marks=marks)


_PIPES: dict = {}


def _pipe(user_file, select):
    key = (user_file, select)
    if key not in _PIPES:
        _PIPES[key] = Pipeline([user_file] if user_file else None, select=list(select))
    return _PIPES[key]


def _with_corpus(user_file, rule_id, ex):
    """Clean the example's corpus first, against a fresh index and line counts."""
    from cleaner.corpus_stats import CorpusStats
    from cleaner.dedup import NearDupIndex
    stats = CorpusStats()
    for text in (*ex.corpus, ex.input):
        stats.observe(text)
    pipe = Pipeline([user_file] if user_file else None, select=list(ex.select or (rule_id,)),
                    corpus=stats, index=NearDupIndex.open(None))
    for i, text in enumerate(ex.corpus):
        pipe.clean(text, doc_id=f"corpus-{i}", format=ex.format)
    return pipe


@pytest.mark.parametrize("user_file,rule_id,ex", list(_cases()))
def test_example(user_file, rule_id, ex):
    if ex.corpus:
        pipe = _with_corpus(user_file, rule_id, ex)
        res = pipe.clean(ex.input, doc_id="example", format=ex.format)
        if res.dropped is not None:
            assert ex.expected == "" and res.dropped.rule == rule_id
            assert res.dropped.of is not None and res.dropped.of.startswith("corpus-")
            return
    else:
        pipe = _pipe(user_file, ex.select or (rule_id,))
        res = pipe.clean(ex.input, format=ex.format)
    assert res.text == ex.expected
    assert apply_edits(ex.input, res.edits) == res.text
    if ex.negative:
        assert res.edits == [], "a negative example must produce no edit"
    else:
        assert any(e.rule == rule_id for e in res.edits), f"{rule_id} made no edit"
    again = pipe.clean(res.text, doc_id="example", format=ex.format)
    assert again.text == res.text, "running the rules on their own output changed it"


def test_every_example_file_loads():
    rs = RuleSet.load(USER_FILES)
    assert rs.rules
