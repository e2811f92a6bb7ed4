"""OpenCC's own conversion test cases, through the library call.

Data: ../shared/peer-tests/opencc/testcases.json (see its README). Every ``t2s``
case must match on Han characters (punctuation width is the SCR stage's own
business); ``tw2s`` and ``hk2s`` cases are run and counted, with the regional
rules (SCR002, SCR003) on and off, as a regression floor.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cleaner import clean_text

DATA = Path(__file__).resolve().parents[2] / "shared" / "peer-tests" / "opencc" / "testcases.json"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")

pytestmark = pytest.mark.skipif(not DATA.is_file(), reason="peer tests not present")


def _cases() -> list[dict]:
    if not DATA.is_file():
        return []
    raw = DATA.read_text(encoding="utf-8")
    return json.loads(re.sub(r",(\s*[\]}])", r"\1", raw))["cases"]  # OpenCC's trailing commas


def _han(text: str) -> str:
    return "".join(_HAN.findall(text))


def _by_config(config: str) -> list[tuple[str, str, str]]:
    return [(c["id"], c["input"], c["expected"][config]) for c in _cases()
            if config in c["expected"]]


def test_case_counts_match_the_readme():
    assert len(_by_config("t2s")) == 55
    assert len(_by_config("tw2s")) == 32
    assert len(_by_config("hk2s")) == 21


@pytest.mark.parametrize("case_id,text,expected", _by_config("t2s"),
                         ids=[c[0] for c in _by_config("t2s")])
def test_t2s_case(case_id, text, expected):
    assert _han(clean_text(text, select=["SCR"]).text) == _han(expected)


def _passed(config: str, select: list[str]) -> int:
    return sum(_han(clean_text(text, select=select).text) == _han(expected)
               for _, text, expected in _by_config(config))


@pytest.mark.parametrize("config,select,floor", [
    ("tw2s", ["SCR"], 29),
    ("tw2s", ["SCR", "SCR002"], 27),  # SCR002 also replaces vocabulary (tw2sp): 演算法 -> 算法
    ("hk2s", ["SCR"], 21),
    ("hk2s", ["SCR", "SCR003"], 21),
])
def test_regional_cases_do_not_regress(config, select, floor):
    assert _passed(config, select) >= floor
