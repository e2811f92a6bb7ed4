"""The first characters of a pattern (cleaner.first_chars): a stdlib class scan
that must find something wherever the pattern matches, since a text without
any of those characters skips the rule or the gate of a run of rules."""

from __future__ import annotations

import regex
import pytest
from hypothesis import given, settings, strategies as st

from cleaner import Pipeline, pipeline as P
from cleaner.first_chars import first_char_scan, first_chars
from cleaner.rules import RuleSet


@pytest.mark.parametrize("pattern, flags, expected", [
    (r"\r\n?|[\u2028\u2029]", 0, "\r\u2028\u2029"),
    (r"[ \t\u3000]+(?=\n|\Z)", 0, " \t\u3000"),
    (r"(?<=[\p{Han}])\ufffd+|\ufffd+(?=[\p{Han}])", 0, "\ufffd"),  # lookbehind and lookahead
    (r"(?m:\n*^[ \t]*(?:[（(]x|y))", 0, "\n \t（(y"),  # optional prefixes add their characters
    (r"(?i:(?-i:[©版])(?:(?<=c)opyright|(?<=版)权))", 0, "©版"),
    (r"(?i:k)", 0, "kK\u212a"),  # the Kelvin sign folds to k
    ("k", regex.IGNORECASE, "kK\u212a"),
    (r"(?:ab){0,2}c", 0, "ac"),
    (r"\N{IDEOGRAPHIC SPACE}x", 0, "\u3000"),
    ("  # a comment\n x", regex.VERBOSE, "x"),
    ("一、|（一）", 0, "一（"),
    (r"\bx", 0, "x"),  # a word boundary is zero-width
])
def test_known_first_characters(pattern, flags, expected):
    assert first_chars(pattern, flags) == frozenset(expected)


@pytest.mark.parametrize("pattern", [
    r"\p{Han}x", r"[\p{Han}]", ".x", "[^a]", "x?", "x*y?", "a{e<=1}",
    "[[:alpha:]]", r"\X", r"[\u4e00-\u9fff]", r"\dx", r"\wx", "(?r)ab", "(?V1)a", "(?(1)a|b)",
])
def test_unknown_first_characters_leave_the_pattern_alone(pattern):
    assert first_chars(pattern) is None


def _gates() -> list[tuple[str, int]]:
    """Every pattern the engine asks a first-character question of: the regex and
    table rules, and the union gates of runs of rules."""
    out = [(r.pattern.pattern, r.pattern.flags) for r in RuleSet.load().rules
           if r.kind in ("regex", "table")]
    out += [(s.gate.pattern, s.gate.flags) for s in Pipeline()._local_plan
            if isinstance(s, P._Batch)]
    return out


GATES = _gates()
#: Characters the shipped patterns begin with, and others around them.
ALPHABET = sorted(set().union(*(first_chars(p, f) or () for p, f in GATES))
                  | set("中文的是，。、：；？！“”（）()[]【】 \t\n\r\u3000\xa0abcCK12-_.|>:"))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET + ["版权所有", "ICP备", "记者张三 摄", "图为", "\n\n\n",
                                           "（中）", "...", "。。", "--", "责任编辑：李四"]),
                max_size=30).map("".join))
def test_every_match_begins_with_a_first_character(text):
    for pattern, flags in GATES:
        chars = first_chars(pattern, flags)
        if chars is None:
            continue
        compiled = regex.compile(pattern, flags)
        for m in compiled.finditer(text, overlapped=True):
            assert text[m.start()] in chars, (pattern, text, m)


def test_rule_examples_pass_the_scan():
    """Every example a rule changes holds one of the characters its matches begin with."""
    for rule in RuleSet.load().rules:
        if rule.quick is None:
            continue
        for ex in rule.examples:
            if ex.expected != ex.input and not ex.select:
                assert rule.quick.search(ex.input) is not None, (rule.id, ex.input)


def test_scan_of_an_unknown_pattern_is_none():
    assert first_char_scan(r"\p{Han}+") is None
    assert first_char_scan("[ab]c").search("xxbc") is not None
