"""cleaner.t2s gives exactly what the package's OpenCC(...).convert gives.

The reference is opencc-python-reimplemented itself: random strings built from
its own dictionary keys (so phrases, overlapping phrases and phrases across
separators occur often), Simplified characters, ASCII and punctuation.
"""

from __future__ import annotations

import random
import threading

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from opencc import OpenCC

from cleaner import t2s

REF = OpenCC("t2s")
PHRASES = sorted(t2s._dictionary("TSPhrases.txt"))
CHARS = sorted(t2s._dictionary("TSCharacters.txt"))
SIMPLIFIED = sorted(set(t2s._dictionary("TSCharacters.txt").values()))
OTHER = list("网络中国人民的了是在和有 \t\n,.?!-*，。、；：？！“”（）《》「」…—abcXYZ0123456789()[]'\"")


def _random_text(rng: random.Random, keys: list[str], n: int) -> str:
    parts = []
    for _ in range(n):
        r = rng.random()
        if r < 0.35:
            parts.append(rng.choice(keys))
        elif r < 0.6:
            parts.append(rng.choice(CHARS))
        elif r < 0.8:
            parts.append(rng.choice(SIMPLIFIED))
        else:
            parts.append(rng.choice(OTHER))
    return "".join(parts)


def test_identical_to_package_on_seeded_random_text():
    rng = random.Random(20240528)
    conv = t2s.get_converter()
    for _ in range(4000):
        text = _random_text(rng, PHRASES, rng.randint(0, 30))
        assert conv.convert(text) == REF.convert(text), text


_fragment = st.one_of(
    st.sampled_from(PHRASES),
    st.sampled_from(CHARS),
    st.sampled_from(SIMPLIFIED),
    st.sampled_from(OTHER),
    st.characters(),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_fragment, max_size=40).map("".join))
def test_identical_to_package_property(text):
    assert t2s.convert(text) == REF.convert(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_fragment, max_size=40).map("".join))
def test_gate_false_means_unchanged(text):
    if not t2s.needs_conversion(text):
        assert REF.convert(text) == text


def test_gate_catches_phrase_of_unchanged_characters():
    # 沈 and 默 convert to themselves; only the phrase changes
    assert t2s.convert("沈默") == REF.convert("沈默") == "沉默"
    assert t2s.needs_conversion("沈默")
    assert not t2s.needs_conversion("中国人民")
    assert not t2s.needs_conversion("ASCII only, nothing to do.")


def test_longest_anywhere_not_left_to_right():
    # the package picks the longest key anywhere in the segment, then recurses
    text = "反反覆覆的乾隆年間"
    assert t2s.convert(text) == REF.convert(text)


@pytest.mark.parametrize("config,first", [("tw2sp", "tw"), ("tw2s", "tw-variants"),
                                          ("hk2s", "hk")])
def test_regional_chain_then_t2s_is_the_package_chain(config, first):
    ref = OpenCC(config)
    regional, main = t2s.get_converter(first), t2s.get_converter("t2s")
    keys = sorted(k for name in t2s.CHAINS[first][0] for k in t2s._dictionary(name))
    rng = random.Random(7)
    for _ in range(1500):
        text = _random_text(rng, keys + PHRASES, rng.randint(0, 20))
        assert main.convert(regional.convert(text)) == ref.convert(text), text


def test_separators_match_the_package_split():
    split = REF.split_chars_re
    sample = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    theirs = {ch for ch in sample if split.fullmatch(ch)}
    ours = {ch for ch in sample if t2s.is_separator(ch)}
    assert ours == theirs


def test_plan_offsets_and_partial_output():
    text = "乾隆年間,臺灣的瞭望臺"
    plan = t2s.get_converter().plan(text)
    assert plan.output() == REF.convert(text)
    assert plan.output(0, 4) == "乾隆年间"
    changed = plan.changed()
    assert [text[i] for i in changed.nonzero()[0]] == list("間臺灣臺")


def test_length_changing_values_are_spliced():
    conv = t2s.get_converter("tw")
    assert conv.convert("隨身碟和埠") == "U盤和端口"
    plan = conv.plan("買隨身碟")
    assert plan.phrases == ((1, 4, "U盤"),)
    assert plan.output(1, 4) == "U盤"


def test_corrections_join_the_phrase_dictionary():
    conv = t2s.get_converter("t2s", {"昇": "昇", "昇華": "升华"})
    assert conv.convert("畢昇昇華") == "毕昇升华"
    # a longer OpenCC phrase still wins over a shorter correction
    conv = t2s.get_converter("t2s", {"乾隆": "干隆"})
    assert conv.convert("乾隆皇帝") == "乾隆皇帝"


@pytest.mark.parametrize("bad", [{"": "x"}, {"a b": "ab"}, {"昇": "升华"}, {"乾，隆": "x"}])
def test_invalid_corrections_are_refused(bad):
    with pytest.raises(ValueError):
        t2s.get_converter("t2s", bad)


def test_unknown_chain_is_refused():
    with pytest.raises(ValueError, match="unknown conversion"):
        t2s.get_converter("xx")


def test_thread_safe_shared_converter():
    rng = random.Random(3)
    texts = [_random_text(rng, PHRASES, 200) for _ in range(40)]
    expected = [REF.convert(t) for t in texts]
    results: dict[int, list[str]] = {}

    def work(k: int) -> None:
        results[k] = [t2s.convert(t) for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert all(r == expected for r in results.values())


def test_lone_surrogates_and_astral_characters():
    text = "\ud800臺\U0002a6a5灣\udfff樠谿"
    assert t2s.convert(text) == REF.convert(text)


def test_script_evidence():
    s = t2s.get_scripts()
    assert s.traditional[ord("網")] and not s.traditional[ord("乾")]
    assert s.simplified[ord("网")] and not s.simplified[ord("網")]
    assert s.phrase_is_evidence("瞭解", "了解") is False  # 瞭 is written alone (瞭望)
    assert s.phrase_is_evidence("沈默", "沉默") is False  # 沈 is written alone (瀋 -> 沈)
    assert s.phrase_is_evidence("乾紅", "乾红") is True  # 紅 never is
    corrected = t2s.get_scripts({"袷衣": "夹衣", "昇": "昇", "昇華": "升华"})
    assert corrected.phrase_is_evidence("袷衣", "夹衣")
    assert corrected.phrase_is_evidence("昇華", "升华")
    assert not corrected.phrase_is_evidence("一坏", "一坯")

