"""Properties over any Unicode text: no crash, idempotence, exact replay, and
clean text left alone."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings, strategies as st

from cleaner import Pipeline, apply_edits

PIPE = Pipeline()

any_text = st.text(max_size=300)
# Text that looks like a Chinese corpus: Han, CJK punctuation, digits, Latin, newlines
chinese_like = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.sampled_from(list("，。、；：？！“”‘’（）《》——…0123456789abcXYZ \n")),
        st.characters(),
    ),
    max_size=400,
)

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(any_text)
def test_never_crashes_and_replays(text):
    res = PIPE.clean(text)
    assert isinstance(res.text, str)
    assert apply_edits(text, res.edits) == res.text


@SETTINGS
@given(chinese_like)
@example("\x8e¤Ā")  # a C1 control whose Windows-1252 letter reads as new mojibake
@example("一\x08\xad")  # a control character hid the soft hyphen from the Chinese
@example("®\x08\xa0\x8e[")  # ... or split a run of GBK bytes read as Latin-1
def test_idempotent(text):
    once = PIPE.clean(text).text
    assert PIPE.clean(once).text == once


@SETTINGS
@given(chinese_like)
@example("一0?\n。")  # the line break joined later puts the ? next to Chinese
@example("一\n:")  # a line opening with a mark is joined to the unfinished one before
@example("À\x19§")  # a control character split UTF-8 read as Latin-1
@example("(¢@\n¢@")  # joined lines read as Big5 from Latin-1 gave only punctuation (＼＼)
def test_idempotent_jsonl_form(text):
    once = PIPE.clean(text, format="jsonl").text
    assert PIPE.clean(once, format="jsonl").text == once
