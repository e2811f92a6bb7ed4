"""The README documents every rule and every hook (pre-commit-hooks' readme_test)."""

from __future__ import annotations

from conftest import ROOT

from cleaner.docs import render_readme, rules_table
from cleaner.rules import RuleSet


def test_readme_rule_table_is_current():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert render_readme(readme, rules_table()) == readme, \
        "README rule table is stale: run `python -m cleaner.docs`"


def test_every_rule_id_is_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    for r in RuleSet.load().rules:
        assert f"`{r.id}`" in readme


def test_rules_command_shows_a_rule_like_ruff(run_cli):
    r = run_cli("rules", "ENC001")
    out = r.stdout.decode()
    assert r.returncode == 0
    for section in ("What it does:", "Why it matters:", "Fix safety:", "Examples:"):
        assert section in out
    bad = run_cli("rules", "ENC999")
    assert bad.returncode == 2 and b"unknown rule" in bad.stderr


def test_every_hook_is_in_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8")
    import re
    ids = re.findall(r"^- id: (\S+)", hooks, re.M)
    assert set(ids) == {"cleancorpus-fix", "cleancorpus-check"}
    for hook in ids:
        assert hook in readme
