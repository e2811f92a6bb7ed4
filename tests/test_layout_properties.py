"""Properties of stage 3 (BOI + LAY) over generated page-like documents.

Documents are assembled from the seeds' own pieces (body paragraphs, headings,
captions, short sidebar lines, broken halves) joined by every kind of break the
two layouts use (line break, blank line, image slot, whitespace-only line), so
the rules meet their hard cases far more often than with random text:

* cleaning is idempotent in the .txt form and in the JSONL form;
* replaying the edit records reproduces the output;
* a body paragraph (long or several sentences) is never dropped;
* the output is in canonical form.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from cleaner import Pipeline, apply_edits
from cleaner.bench.layout_gen import CAPTIONS, HEADINGS, SIDEBAR, body_paragraphs

PIPE = Pipeline(select=["BOI", "LAY"])
SETTINGS = settings(max_examples=250, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
LONG_BODY = [p for p in body_paragraphs(str(SEEDS)) if len(p) > 80]
breaks = st.sampled_from(["\n", "\n\n", "\n\n", "\n\n\n\n", "\n \n", "\n\u3000\n\n"])


@st.composite
def piece(draw):
    kind = draw(st.sampled_from(["body", "body", "heading", "caption", "short", "broken"]))
    if kind == "body":
        return draw(st.sampled_from(LONG_BODY))
    if kind == "heading":
        return draw(st.sampled_from(HEADINGS))
    if kind == "caption":
        return draw(st.sampled_from(CAPTIONS))
    if kind == "short":
        return draw(st.sampled_from(SIDEBAR))
    text = draw(st.sampled_from(LONG_BODY))
    cut = draw(st.integers(1, len(text) - 1))
    return text[:cut] + draw(breaks) + text[cut:]


@st.composite
def document(draw):
    parts = draw(st.lists(piece(), min_size=1, max_size=12))
    out = draw(st.sampled_from(["", "\n", "\n\n"]))
    for i, p in enumerate(parts):
        out += (draw(breaks) if i else "") + p
    return out + draw(st.sampled_from(["", "\n", "\n\n\n"]))


@SETTINGS
@given(document())
def test_idempotent_txt(text):
    once = PIPE.clean(text)
    assert apply_edits(text, once.edits) == once.text
    again = PIPE.clean(once.text)
    assert again.text == once.text, [e for e in again.edits]


@SETTINGS
@given(document())
def test_idempotent_jsonl(text):
    once = PIPE.clean(text, format="jsonl")
    assert apply_edits(text, once.edits) == once.text
    assert "\n\n" not in once.text.strip("\n")
    again = PIPE.clean(once.text, format="jsonl")
    assert again.text == once.text, [e for e in again.edits]


@SETTINGS
@given(st.lists(st.sampled_from(LONG_BODY), min_size=1, max_size=6), st.data())
def test_long_body_paragraphs_are_never_dropped(bodies, data):
    others = data.draw(st.lists(piece(), max_size=6))
    parts = bodies + others
    order = data.draw(st.permutations(range(len(parts))))
    text = ""
    for i, k in enumerate(order):
        text += (data.draw(breaks) if i else "") + parts[k]
    out = PIPE.clean(text).text
    flat = out.replace("\n", "")
    for b in bodies:
        assert b in flat, b[:20]


@SETTINGS
@given(document())
def test_canonical_form(text):
    out = PIPE.clean(text).text
    assert "\n\n\n" not in out
    assert not out.startswith(("\n", " "))
    assert out == "" or out.rstrip("\n") + "\n" == out or "\n" not in out[-1:]
    for para in out.rstrip("\n").split("\n\n"):
        assert "\n" not in para
