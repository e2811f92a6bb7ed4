"""Stage 3 end to end on the seeds: every SEEDS.md line about captions, credits,
bylines, banners, page furniture, site footers, layout breaks and headings,
checked in the text that the USR + BOI + LAY rules make of each seed.

Each seed's lines are annotated below with what they are (line numbers are those
of SEEDS.md). From the annotation we build the exact paragraphs the stage must
output: headings and body paragraphs kept whole and in order, broken sentences
joined, everything else gone. So one comparison checks every line, and every
body paragraph of the seeds is asserted to survive.

The seeds reach stage 3 in Simplified with full-width punctuation once the
encoding and script stages have run; ``upstream`` stands in for those stages
here (pinyin annotations out, OpenCC t2s, full-width punctuation next to Han),
so these tests depend only on the stage under test. ``raw`` runs the stage on
the seed text as given, for the seeds that are already Simplified.
"""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest

import cleaner
from cleaner import apply_edits

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ERRATA = ROOT / "rules" / "examples" / "seeds-errata.toml"
SELECT = ["USR", "BOI", "LAY"]

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,6}\)")
_HAN = r"[\u4e00-\u9fff“”]"
_T2S = opencc.OpenCC("t2s")


def upstream(text: str) -> str:
    """What the encoding and script stages hand over (approximately)."""
    text = _T2S.convert(_PINYIN.sub("", text))
    text = re.sub(rf"(?<={_HAN}),|,(?={_HAN})", "，", text)
    text = re.sub(r"\(([^()\n]{1,30})\)", r"（\1）", text)
    text = re.sub(rf"(?<={_HAN})\?", "？", text)
    return re.sub(rf"(?<={_HAN}):\s*", "：", text)


def raw(text: str) -> str:
    return text


# What each line is. Lines not listed (and not blank) are body paragraphs.
# "join": pairs (first, last) of one sentence broken by the layout; "strip":
# a line whose trailing note goes (the rest of it is body).
ANNOTATIONS = {
    "000": {
        "heading": [3, 5, 33, 55, 83],
        "byline": [7],
        "caption": [15, 19, 53, 77, 81, 111],
        "furniture": [21, 23, 25, 27, 29, 31],
        "join": [(45, 47), (101, 103)],
        "strip": {107: "（本版图片除署名外均由市委人才办、市人社局提供）"},
    },
    "001": {
        "heading": [2, 9, 13],
        "caption": [5, 11, 15],
        "footer": [19, 20, 21, 22],
    },
    "002": {"byline": [1]},
    "003": {
        "heading": [3, 21, 45, 61],
        "byline": [5],
        "caption": [19, 29, 71, 79, 93, 95],
        "furniture": [97, 98, 99, 100, 102],
        "join": [(37, 39), (51, 53), (63, 65), (75, 81)],
    },
    "004": {
        "banner": [3, 5, 13, 15],
        "heading": [7, 9, 39, 41, 65, 67, 99, 101],
        "byline": [11],
        "caption": [19, 29, 33, 37, 63, 97, 133],
    },
}

DROPPED = ("byline", "caption", "furniture", "footer", "banner")


def _seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text("utf-8")


def expected_paragraphs(name: str, prep) -> list[str]:
    """The paragraphs stage 3 must leave, built from the annotation."""
    ann = ANNOTATIONS[name]
    lines = prep(_seed(name)).split("\n")
    gone = {n for kind in DROPPED for n in ann.get(kind, [])}
    joins = dict(ann.get("join", []))
    skip = set(joins.values())
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or n in gone or n in skip:
            continue
        if n in joins:
            line = line + lines[joins[n] - 1]
        note = ann.get("strip", {}).get(n)
        if note:
            line = line.replace(prep(note), "")
        out.append(line.replace("十履行", "十堰行"))
    return out


def _clean(text: str, fmt: str = "txt"):
    return cleaner.clean_text(text, rules=[ERRATA], select=SELECT, format=fmt)


CASES = [(n, upstream) for n in ANNOTATIONS] + [(n, raw) for n in ("000", "003", "004")]


@pytest.mark.parametrize("name,prep", CASES, ids=[f"{n}-{p.__name__}" for n, p in CASES])
def test_stage3_output_is_exactly_headings_and_body(name, prep):
    text = prep(_seed(name))
    res = _clean(text)
    got = res.text.rstrip("\n").split("\n\n")
    assert got == expected_paragraphs(name, prep)
    assert apply_edits(text, res.edits) == res.text


@pytest.mark.parametrize("name", list(ANNOTATIONS))
def test_every_body_paragraph_survives(name):
    text = upstream(_seed(name))
    out = _clean(text).text
    ann = ANNOTATIONS[name]
    special = {n for kind in (*DROPPED, "heading") for n in ann.get(kind, [])}
    special |= {n for pair in ann.get("join", []) for n in pair} | set(ann.get("strip", {}))
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip() and n not in special:
            assert line.replace("十履行", "十堰行") in out.split("\n\n"), f"{name}:{n} lost"


@pytest.mark.parametrize("name", list(ANNOTATIONS))
def test_headings_stay_paragraphs_of_their_own(name):
    text = upstream(_seed(name))
    paras = _clean(text).text.split("\n\n")
    lines = text.split("\n")
    for n in ANNOTATIONS[name].get("heading", []):
        assert lines[n - 1] in paras, f"{name}:{n} heading merged or lost"


@pytest.mark.parametrize("name", list(ANNOTATIONS))
def test_drops_carry_reasons(name):
    res = _clean(upstream(_seed(name)))
    ann = ANNOTATIONS[name]
    reasons = {e.reason for e in res.edits if e.reason}
    want = {"caption" if k == "caption" else None for k in ann if k == "caption"}
    want |= {"byline" for k in ann if k == "byline"}
    want |= {"page furniture" for k in ann if k == "furniture"}
    want |= {"banner" for k in ann if k == "banner"}
    assert want - {None} <= reasons
    for e in res.edits:
        if e.reason:
            assert e.after == "", "a drop removes text and inserts nothing"


def test_bylines_banners_furniture_are_kept_as_metadata():
    assert _clean(upstream(_seed("000"))).metadata["byline"] == ["记者刘俊 杨柳"]
    assert _clean(upstream(_seed("002"))).metadata["byline"] == ["本报记者 邢智轩"]
    assert _clean(upstream(_seed("003"))).metadata["byline"] == ["周松华 仑轩轩"]
    meta = _clean(upstream(_seed("004"))).metadata
    assert meta["byline"] == ["记者刘俊 特约记者谢朝华 通讯员张晓宁"]
    assert meta["banner"][0] == "培育新质生产力 壮大发展新动能"
    assert "主办：十堰市总工会" in meta["banner"]
    furniture = _clean(upstream(_seed("000"))).metadata["furniture"]
    assert furniture == ["一泓清水", "十分深情", "南水北调中线工程通水", "10周年特别报道",
                         "市委人才办", "市人社局"]


def test_003_caption_inside_a_sentence_goes_before_the_halves_join():
    out = _clean(upstream(_seed("003"))).text
    assert "实现岗位精准建模、人才精准画像、人岗精准匹配" in out
    assert "人才精北仑" not in out


def test_errata_table_fixes_all_seven_event_names():
    out = _clean(upstream(_seed("000"))).text
    assert "十履行" not in out and out.count("十堰行") == 7
    plain = cleaner.clean_text(_seed("000"), select=["BOI", "LAY"]).text
    assert plain.count("十履行") == 7, "the errata table is not loaded by default"


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
@pytest.mark.parametrize("name", list(ANNOTATIONS))
def test_stage3_is_idempotent_in_both_forms(name, fmt):
    once = _clean(upstream(_seed(name)), fmt).text
    again = _clean(once, fmt)
    assert again.text == once and again.edits == []
    sep = "\n\n" if fmt == "txt" else "\n"
    assert "\n\n\n" not in once and not once.startswith("\n")
    if fmt == "jsonl":
        assert "\n\n" not in once
    assert once.rstrip("\n").split(sep) == _clean(upstream(_seed(name))).text.rstrip(
        "\n").split("\n\n")
