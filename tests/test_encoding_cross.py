"""ENC022/ENC023: GBK text read as Big5, Big5 text read as GBK or GB18030."""

from __future__ import annotations

import difflib

import opencc
import pytest
from hypothesis import given, settings, strategies as st

from cleaner import clean_text
from cleaner.bench.corpus import clean_paragraphs, documents
from cleaner.stages import _mojibake_cross as X
from conftest import SEEDS

PARAS = [p for p in clean_paragraphs() if len(p) >= 30][:150]
S2T = opencc.OpenCC("s2t")


def _fix(text: str, family: str) -> str:
    out, pos = [], 0
    for c in X.cross_read(text, family):
        out += [text[pos:c.start], c.after]
        pos = c.end
    return "".join(out) + text[pos:]


def _recovered(truth: list[str], fixed: list[str]) -> float:
    ok = sum(sum(b.size for b in difflib.SequenceMatcher(None, t, f, autojunk=False)
                 .get_matching_blocks()) for t, f in zip(truth, fixed))
    return ok / sum(map(len, truth))


@pytest.mark.parametrize("family,true,read,floor,exact", [
    ("gbk", "gbk", "cp950", 0.93, 0.0),      # ~3% of GBK pairs have no Big5 reading
    ("big5", "cp950", "gb18030", 0.98, 0.5),  # GB18030 keeps every pair
    ("big5", "cp950", "gbk", 0.62, 0.0),     # ~36% of Big5 pairs are lost to GBK
])
def test_misread_pages_come_back(family, true, read, floor, exact):
    truth = [S2T.convert(p) if family == "big5" else p for p in PARAS]
    truth = [t.encode(true, errors="ignore").decode(true) for t in truth]
    garbled = [t.encode(true).decode(read, errors="replace") for t in truth]
    fixed = [_fix(g, family).replace("\ufffd", "") for g in garbled]
    assert _recovered(truth, fixed) >= floor
    assert sum(f == t for f, t in zip(fixed, truth)) >= exact * len(truth)


def test_lost_pairs_are_marked_not_guessed():
    """A pair the reading decoder replaced becomes U+FFFD (for ENC021), never a guess."""
    t = S2T.convert("“科技创新”是推动高质量发展的关键——专家如是说。"
                  "北京市教育委员会发布通知，要求各区做好招生工作。")
    garbled = t.encode("cp950").decode("gbk", errors="replace")
    fixed = _fix(garbled, "big5")
    assert "\ufffd" in fixed
    kept = fixed.replace("\ufffd", "")
    assert all(c in t for c in kept)  # every character left is one of the page's


@pytest.mark.parametrize("kind", ["clean", "news", "traditional"])
def test_clean_and_other_damage_are_left_alone(kind):
    for doc in documents(400, kind=kind, seed=3):
        for family in ("gbk", "big5"):
            assert X.cross_read(doc["text"], family) == [], doc["id"]


def test_seeds_are_left_alone():
    for p in sorted(SEEDS.glob("*.txt")):
        text = p.read_text("utf-8")
        assert not X.cross_read(text, "gbk") and not X.cross_read(text, "big5"), p.name


def test_other_scripts_in_both_code_pages_are_not_read_as_chinese():
    """Cyrillic, Greek and kana are in both code pages: a Russian line must not
    turn into Chinese."""
    for text in ["дороге Из-под #футбол и хоккей на льду сегодня вечером",
                 "Αθήνα και Θεσσαλονίκη είναι πόλεις της Ελλάδας",
                 "ひらがなとカタカナのテキストはそのままです"]:
        assert clean_text(text).text == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x3000, max_codepoint=0x9FFF)
               | st.sampled_from(list("\ufffd\ue000abc，。\n")), max_size=200))
def test_never_crashes_and_repairs_are_stable(text):
    for family in ("gbk", "big5"):
        once = _fix(text, family)
        assert _fix(once, family) == once or "\ufffd" in once
