"""Straight single quotes in Chinese context (SCR007's ``single_quotes`` kind)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from cleaner import Pipeline, apply_edits, clean_text

PIPE = Pipeline()
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

pieces = st.sampled_from(["'", "'", "中国", "以教育为主", "，", ",", ".", "。", " ", "s",
                          "It", "AI", "3", "\n", "了", "”", "“"])


@given(st.lists(pieces, max_size=20).map("".join), st.sampled_from(["txt", "jsonl"]))
@SETTINGS
def test_single_quotes_idempotent_and_replayable(text, fmt):
    res = PIPE.clean(text, format=fmt)
    assert apply_edits(text, res.edits) == res.text
    assert PIPE.clean(res.text, format=fmt).text == res.text


@given(st.lists(st.sampled_from(["中国", "以教育为主", "好", "了"]), min_size=1, max_size=4)
       .map("".join))
@SETTINGS
def test_quoted_chinese_turns_full_width(inner):
    out = clean_text(f"他说'{inner}'。", select=["SCR007"]).text
    assert out == f"他说‘{inner}’。"


def test_apostrophe_on_the_line_leaves_its_quotes():
    text = "他在China's大会上说'好'。"
    assert clean_text(text, select=["SCR007"]).text == text
