"""ftfy's own test cases through ``clean_text(original, select=["ENC"])``.

The cases live in ../shared/peer-tests/ftfy (data only, see its README.md);
the test is skipped when that directory is absent. Each case's expected text
is ``fixed-encoding`` (what ``ftfy.fix_encoding`` gives), else ``fixed``.
``expect: fail`` cases run as strict xfail; a case whose expected text is its
original is a negative case and must come back with no edit at all.

A few cases conflict with choices of this project, not with the encoding
repair; they are listed in :data:`CONFLICTS` with the rule that makes them
differ. Each of them is held to two things instead: the encoding repair rules
alone (ENC010-ENC020, without the hygiene rules) give ftfy's answer, or, for
the one deliberate difference, the answer this project wants.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import cleaner

PEER = Path(__file__).resolve().parent.parent.parent / "shared" / "peer-tests" / "ftfy"
FILES = ("in-the-wild.json", "synthetic.json", "negative.json", "language-names.json",
         "known-failures.json")
REPAIR = [f"ENC{n:03d}" for n in range(10, 21)]

#: label -> (rule that makes the output differ, why). The hygiene rules run after
#: the repairs and only touch soft hyphens and no-break spaces next to Chinese, so
#: the one difference left is deliberate.
CONFLICTS: dict[str, tuple[str, str]] = {
    "HTML entity on top of UTF-8 / Latin-1":
        ("ENC011", "decodes &frac14; (ftfy's fix_encoding leaves entities alone); "
                   "the result 10μs is what a corpus wants"),
}
#: What this project wants where it differs from ftfy on purpose.
OURS = {"HTML entity on top of UTF-8 / Latin-1": "10μs"}


def _cases():
    if not PEER.is_dir():
        return
    for name in FILES:
        for n, case in enumerate(json.loads((PEER / name).read_text("utf-8"))):
            expected = case.get("fixed-encoding", case["fixed"])
            label = case["label"]
            marks = []
            if case["expect"] == "fail":
                marks.append(pytest.mark.xfail(strict=True, reason="ftfy known failure"))
            elif label in CONFLICTS:
                rule, why = CONFLICTS[label]
                marks.append(pytest.mark.xfail(strict=True, reason=f"{rule} {why}"))
            yield pytest.param(case["original"], expected, label,
                               id=f"{name.split('.')[0]}-{n}-{label[:40]}", marks=marks)


CASES = list(_cases())
pytestmark = pytest.mark.skipif(not PEER.is_dir(), reason="../shared/peer-tests/ftfy not present")


@pytest.mark.parametrize("original,expected,label", CASES)
def test_ftfy_case(original, expected, label):
    result = cleaner.clean_text(original, select=["ENC"])
    assert result.text == expected
    if expected == original:
        assert result.edits == [], "a negative case must produce no edit"


@pytest.mark.parametrize("original,expected,label",
                         [pytest.param(*c.values, id=c.id) for c in CASES if c.values[2] in CONFLICTS])
def test_conflicting_cases_are_right_without_hygiene(original, expected, label):
    result = cleaner.clean_text(original, select=REPAIR)
    assert result.text == OURS.get(label, expected)


def test_every_listed_conflict_is_a_case():
    labels = {c.values[2] for c in CASES}
    assert set(CONFLICTS) <= labels
