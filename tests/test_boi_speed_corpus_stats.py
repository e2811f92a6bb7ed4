"""The corpus-statistics pre-pass replaces each distinct compatibility or
whitespace character everywhere at once; the answers must be those of the plain
computations (NFKC, the whitespace regex, one blake2b hash a line)."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from cleaner import corpus_stats as cs
from cleaner.corpus_stats import CorpusStats, nfkc

_TABLE = list(cs._compat()[1])
_MARKS = list("\u0301\u0308\u0323\u3099\u309a\uff9e\uff9f\u1161\u11a8")
_compat_text = st.lists(st.one_of(st.sampled_from(_TABLE), st.sampled_from(_MARKS),
                                  st.sampled_from(list("，。中文abc \n\u3000")),
                                  st.characters(blacklist_categories=("Cs",))),
                        max_size=80).map("".join)


def test_no_nfkc_form_holds_a_character_of_the_table():
    assert cs._replaced_once()


@settings(max_examples=400, deadline=None)
@given(_compat_text)
def test_nfkc_is_nfkc_on_text_full_of_compatibility_characters(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize("seed", range(3))
def test_nfkc_past_the_distinct_characters_replaced_one_by_one(seed):
    rng = random.Random(seed)
    text = "".join(rng.choice(_TABLE + _MARKS + ["中", "，"]) for _ in range(3 * cs._DISTINCT * 4))
    assert len(set(text) & set(_TABLE)) > cs._DISTINCT
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_the_whitespace_set_is_the_whitespace_regex_on_every_character():
    ws = cs._inline_space()
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        assert bool(ws.match(c)) == (c != "\n" and bool(cs._INLINE_SPACE.match(c))), hex(cp)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list(" \t\r\x0b\x0c\x1c\x85\xa0\u1680\u2000\u2028\u3000\n中a，"),
               max_size=60))
def test_drop_inline_space_is_the_regex_substitution(text):
    assert cs._drop_inline_space(text) == cs._INLINE_SPACE.sub("", text)


@settings(max_examples=200, deadline=None)
@given(_compat_text)
def test_keys_are_the_blake2b_hashes_of_the_normalised_lines(text):
    s = CorpusStats(max_len=20)
    lines = cs._INLINE_SPACE.sub("", s.normalise(text)).split("\n")
    assert s._keys(text) == {cs._hash(x) for x in lines if x and len(x) <= 20}
    s.observe(text)
    s.observe(text.split("\n")[0])
    assert s.counts(text.split("\n")) == [s.count(x) for x in text.split("\n")]
