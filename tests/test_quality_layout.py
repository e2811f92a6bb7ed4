"""Layout fixes found by probing whole pages: line-end hyphens in Latin words,
lines of navigation items, and properties of both under the full pipeline."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from cleaner import Pipeline, apply_edits, clean_text

PIPE = Pipeline()
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)


@given(st.lists(words, min_size=2, max_size=8), st.data(),
       st.sampled_from(["txt", "jsonl"]))
@SETTINGS
def test_hyphenated_line_ends_are_idempotent_and_leave_no_break(ws, data, fmt):
    """A Latin word split by a line-end hyphen (``tech-`` + ``nology``) is one
    word after cleaning, with or without its hyphen, and a second run changes
    nothing."""
    k = data.draw(st.integers(1, len(ws) - 1))
    head, tail = ws[k - 1], ws[k]
    text = " ".join(ws[:k - 1] + [head + "-"]) + "\n" + " ".join([tail] + ws[k + 1:]) + "."
    res = PIPE.clean(text, format=fmt)
    out = res.text
    assert "\n" not in out.strip()
    assert f"{head}{tail}" in out or f"{head}-{tail}" in out
    assert apply_edits(text, res.edits) == out
    assert PIPE.clean(out, format=fmt).text == out


def test_hyphen_is_dropped_only_before_lower_case():
    assert clean_text("We support tech-\nnology firms.").text == "We support technology firms."
    assert clean_text("Members of the Anglo-\nSaxon court.").text == "Members of the Anglo-Saxon court."


def test_compound_prefix_keeps_its_hyphen():
    assert clean_text("They are well-\nknown here.").text == "They are well-known here."


item = st.sampled_from(["首页", "新闻", "b", "c", "体育", "About", "a b", "本地新闻"])
sep = st.sampled_from([">", " > ", "|", " | ", " - ", "»", "｜"])


@given(st.lists(st.tuples(item, sep, item), min_size=2, max_size=4),
       st.sampled_from(["\n", "\n\n"]), st.sampled_from(["txt", "jsonl"]))
@SETTINGS
def test_lines_of_two_navigation_items_are_idempotent(lines, brk, fmt):
    """Lines of two items each are not navigation rows for BOI003 (three or more
    items); joined, they would be one on a second run. They stay apart."""
    text = brk.join(a + s + b for a, s, b in lines)
    once = PIPE.clean(text, format=fmt).text
    assert PIPE.clean(once, format=fmt).text == once
