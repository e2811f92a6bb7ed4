"""The README's Python examples run as written (a doctest of the docs)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S)


def test_readme_has_examples():
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("n", range(len(BLOCKS)))
def test_readme_example_runs(n, capsys):
    exec(compile(BLOCKS[n], f"README.md python block {n + 1}", "exec"), {})
