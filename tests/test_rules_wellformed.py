"""Meta-tests on the shipped rule files: ids, docs, examples (pre-commit-hooks'
readme_test habit), so rules cannot drift from their documentation."""

from __future__ import annotations

import re

from cleaner.rules import RuleSet, load_rule_file, shipped_rule_paths
from cleaner.stages import PREFIXES


def _all_rules():
    return [r for p in shipped_rule_paths() for r in load_rule_file(p)]


def test_ids_unique_and_prefixed():
    rules = _all_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    for r in rules:
        assert re.fullmatch(r"(ENC|SCR|LAY|BOI|DUP)\d{3}", r.id)
        assert PREFIXES[r.id[:3]] == r.stage


def test_every_rule_is_documented_and_has_positive_and_negative_examples():
    for r in _all_rules():
        assert r.summary.strip() and r.why.strip(), r.id
        assert "\n" not in r.summary, f"{r.id}: summary is one line"
        pos = [e for e in r.examples if not e.negative]
        neg = [e for e in r.examples if e.negative]
        assert pos, f"{r.id} has no positive example"
        assert neg, f"{r.id} has no negative example"


def test_shipped_rules_load_as_a_set():
    rs = RuleSet.load()
    assert [r.stage for r in rs.rules] == sorted(
        (r.stage for r in rs.rules), key=["encoding", "scripts", "user", "boilerplate",
                                          "layout", "duplicates"].index)
