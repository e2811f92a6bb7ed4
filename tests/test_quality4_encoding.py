"""UTF-8 read as GBK by a decoder that wrote ``?`` (not U+FFFD) for the bytes
it could not read (ENC016): the run is read through the ``?`` only where the
reading is proven; a real question mark in clean text is never touched."""

from __future__ import annotations

import codecs

from hypothesis import given, settings, strategies as st

from cleaner import clean_text
from cleaner.bench import garble_encoding as G


def _qmark(err: UnicodeDecodeError) -> tuple[str, int]:
    return "?", err.end


codecs.register_error("cleancorpus-test-qmark", _qmark)


def _as_gbk(text: str) -> str:
    return text.encode("utf-8").decode("gbk", errors="cleancorpus-test-qmark")


def _as_big5(text: str) -> str:
    return text.encode("utf-8").decode("cp950", errors="cleancorpus-test-qmark")


def enc(text: str) -> str:
    return clean_text(text, select=["ENC"]).text


def test_brief_sentence():
    src = "北京市今年将新建保障性住房五万套，进一步改善市民居住条件。"
    out = clean_text(_as_gbk(src), select=["ENC"])
    assert out.text == "北京市今年将新建保障性住房五万，进一步改善市民居住条件。"
    assert any(e.reason == "lost-bytes" for e in out.edits)  # 套 is reported, not guessed


def test_run_before_ascii_and_at_line_end():
    src = "北京·湖北（十堰）劳务协作座谈会举行。\n2015年，北京大学来到十堰。"
    out = enc(_as_gbk(src))
    first, second = out.split("\n")
    assert first == "北京·湖北（十堰）劳务协作座谈会举行。"
    assert second.startswith("2015年，北京大") and "?" not in second


def test_repair_floor_question_mark_class():
    cls = G.DamageClass("utf8_as_gbk_qmark", lambda t, rng: (t, _as_gbk(t)))
    fig = G.measure(cls, 30, seed=0, hygiene=False)
    assert fig.clean_changed == 0
    assert fig.recovered >= 0.75, fig
    assert fig.made_rate <= 0.005, fig
    assert fig.left_rate <= 0.06, fig


def test_big5_question_mark_class_makes_little():
    """Big5 keeps no ``?`` in its segments: little is read, little is made."""
    cls = G.DamageClass("utf8_as_big5_qmark", lambda t, rng: (t, _as_big5(t)), traditional=True)
    fig = G.measure(cls, 30, seed=0, hygiene=False)
    assert fig.clean_changed == 0
    assert fig.made_rate <= 0.015, fig


_HAN = st.sampled_from("北京市今年将新建保障性住房五万套进一步改善民居条件的是你知道吗十堰专家协作")
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC", min_size=1, max_size=8)
_PIECE = st.one_of(st.lists(_HAN, min_size=1, max_size=12).map("".join), _WORD)
_MARK = st.sampled_from(["?", "？", "??", "，", "。", " ", ", ", "! ", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PIECE, _MARK), min_size=1, max_size=8))
def test_real_question_marks_untouched(parts):
    text = "".join(p + m for p, m in parts).strip() or "北京?"
    assert enc(text) == text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_PIECE, _MARK), min_size=1, max_size=6))
def test_repair_idempotent(parts):
    text = "".join(p + m for p, m in parts)
    once = enc(_as_gbk(text))
    assert enc(once) == once
