"""Floors on what stage 3 achieves on the seeded benchmark corpus
(cleaner/bench/layout_gen.py): damaged copies of the seeds' body paragraphs.

The figures are shares of inserted pieces; body paragraphs wrongly dropped must
stay at zero. Raising a floor is welcome, lowering one needs a reason in the
changelog.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.bench.layout_gen import generate, measure

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def figures():
    return measure(generate(200, seed=7, seeds_dir=str(SEEDS)))


def test_the_corpus_is_large_enough_to_mean_something(figures):
    assert figures["breaks"] >= 300 and figures["body"] >= 600


def test_no_body_paragraph_is_dropped(figures):
    assert figures["body_dropped"] == 0.0


def test_body_paragraphs_are_not_glued_together(figures):
    assert figures["body_glued"] <= 0.005


def test_headings_stay_paragraphs(figures):
    assert figures["headings"] >= 0.99


def test_breaks_are_rejoined(figures):
    assert figures["rejoined"] >= 0.85


@pytest.mark.parametrize("kind,floor", [("captions", 0.99), ("bylines", 0.99),
                                        ("footers", 0.99), ("sidebars", 0.70)])
def test_boilerplate_is_dropped(figures, kind, floor):
    assert figures[kind] >= floor


def test_generation_is_seeded():
    a = generate(5, seed=3, seeds_dir=str(SEEDS))
    b = generate(5, seed=3, seeds_dir=str(SEEDS))
    assert [d.text for d in a] == [d.text for d in b]
    assert [d.text for d in a] != [d.text for d in generate(5, seed=4, seeds_dir=str(SEEDS))]


def test_the_benchmark_times_the_parts_of_a_run():
    """``python -m cleaner.bench`` splits a run's time into its parts (figures,
    not assertions on speed: only that each part is timed)."""
    from cleaner.bench.__main__ import phases
    from cleaner.bench.corpus import documents

    parts = phases([d["text"] for d in documents(30, kind="clean")])
    assert set(parts) == {"rules", "sketch", "pre-pass"}
    assert parts["rules"] > 0 and parts["pre-pass"] > 0
