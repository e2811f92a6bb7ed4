"""The cheap questions and shortcuts of the layout and boilerplate stages give
exactly the answers of the plain computations they replace."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.registry import Context
from cleaner.stages import _paragraphs as para
from cleaner.stages import boilerplate as bp
from cleaner.stages import layout

#: Text made of the characters these rules look at: breaks, spaces of every
#: kind, end punctuation, closers, brackets, keywords' characters.
_ALPHABET = list("\n\n\n  \t\u3000\r\x0b\x0c\x1c。，、！？!?；：”“（）()》《」「.-|>图為中左记者摄") + ["a", "中文", "记者", "\n\n\n\n"]
texts = st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join)


@settings(max_examples=600)
@given(texts)
def test_maybe_broken_is_the_union_regex(text):
    assert layout._maybe_broken(text) == (layout._MAYBE_BROKEN.search(text) is not None)


@settings(max_examples=600)
@given(texts)
def test_maybe_structure_is_the_union_regex(text):
    bp._LAST.pair = None
    assert bp._maybe_structure(text) == (bp._MAYBE_STRUCTURE.search(text) is not None)


def _canonical_breaks_reference(text: str, sep: str):
    """canonical_breaks without its shortcut (the scan over every break)."""
    if "\n" not in text:
        return []
    lead = layout._LEADING_BLANK.match(text)
    body_start = lead.end() if lead else 0
    body_end = len(text.rstrip())
    if body_end <= body_start:
        return [(0, len(text), "")] if text else []
    changes = [(0, body_start, "")] if body_start else []
    for m in layout._ANY_BREAK.finditer(text, body_start, body_end):
        if m.group() != sep:
            changes.append((m.start(), m.end(), sep))
    tail = text[body_end:]
    final = "\n" if "\n" in tail else ""
    if tail != final:
        changes.append((body_end, len(text), final))
    return changes


@settings(max_examples=800)
@given(texts, st.sampled_from(["\n\n", "\n"]))
def test_canonical_breaks_shortcut(text, sep):
    ctx = Context(paragraph_sep=sep)
    got = [(c.start, c.end, c.after) for c in layout.canonical_breaks(text, ctx)]
    assert got == _canonical_breaks_reference(text, sep)


@settings(max_examples=600)
@given(texts, st.sampled_from([r"\s-\s|[|｜>»]", "[▲△▼↑]|[图圖]", "记者|摄", r"[（(](?:中排)?[左右中]",
                               r"\n", r"a*", r"[^\n]{2}"]), st.integers(1, 30))
def test_lines_with_keyword_is_a_search_per_line(text, keywords, max_len):
    assert bp._context_free(keywords)
    keys = regex.compile(keywords, regex.V0)
    lines = para.split(text).lines
    found = [(m.start(), m.end()) for m in keys.finditer(text)]
    expected = [ln for ln in lines if len(ln.text) <= max_len and keys.search(ln.text)]
    assert bp._lines_with_keyword(lines, found, keys, max_len) == expected


def test_context_free_refuses_context():
    for pattern in ["^a", "a$", r"\bx", "(?=a)", "(?<!a)b", "(?i)a", r"(a)\1", "a{e<=1}", r"\[^a",
                    r"\Aa", r"a\Z", "[[:alpha:]]"]:
        assert not bp._context_free(pattern), pattern
    for pattern in ["[^a]b", "a{2,3}", r"\u3000", r"\s-\s|[|｜>»]", "(?:ab)+"]:
        assert bp._context_free(pattern), pattern


@given(st.text(alphabet=list("ab 中文，。\u3000ｱ한\U00020001—“"), max_size=30))
def test_display_width_counts_wide_characters(s):
    assert para.display_width(s) == len(s) + len(para._WIDE.findall(s))


@given(st.lists(st.text(alphabet=list("“”（）()《》「」『』【】‘’字，"), max_size=12), min_size=1, max_size=5))
def test_run_counts_open_brackets(lines):
    run = layout._Run()
    run.start(lines[0], False)
    opened = (0,) * len(layout._PAIRS)
    for k, line in enumerate(lines):
        if k:
            run.extend(line)
        s = line.strip()
        opened = tuple(max(o + s.count(a) - s.count(b), 0) for o, (a, b) in zip(opened, layout._PAIRS))
    assert run.opened == opened


def test_units_are_shared_between_the_stages():
    text = "标题\n\n正文第一段，还没有完\n\n结束。"
    layout_, units = layout.units_of(text)
    assert layout.units_of(text)[1] is units
    assert para.layout_of(text) is layout_
    assert [u.flat for u in units] == [u.flat for u in layout.logical_paragraphs(para.split(text))]
