"""Floors on what the encoding repair gives back from generated damage.

``cleaner.bench.garble_encoding`` garbles clean seed paragraphs (000, 003, 004,
and their Traditional conversion) the way real pages do; these floors sit a
little under the measured figures so a regression fails. The repair rules are
measured alone (ENC010-ENC024): the hygiene rules that run before them delete
U+00AD and rewrite no-break spaces, which are bytes of Latin-1 mojibake (see
the report; ``python -m cleaner.bench.garble_encoding`` shows both).

Floors per class: share of damaged characters recovered; at most this many
wrong characters made per damaged character; at most this much garbage left.
No class may change a clean paragraph.
"""

from __future__ import annotations

import pytest

from cleaner.bench import garble_encoding as G

N = 30

#: class -> (recovered at least, wrong at most, left at most)
FLOORS = {
    "utf8_as_cp1252": (0.99, 0.0, 0.0),
    "utf8_as_latin1": (0.99, 0.0, 0.0),
    "html_entities": (0.99, 0.0, 0.0),
    "utf8_as_gbk": (0.80, 0.0, 0.0),  # what the decoder replaced is lost
    "utf8_as_gb18030": (0.90, 0.0, 0.0),
    "utf8_as_big5": (0.15, 0.0, 0.0),  # Big5 has no trail bytes 80-A0: most bytes are lost
    "gbk_as_latin1": (0.99, 0.002, 0.002),
    "gbk_as_cp1252": (0.99, 0.002, 0.002),
    "big5_as_latin1": (0.99, 0.002, 0.002),
    # the two code pages confused: what the reading decoder replaced is lost, and
    # GBK has no reading for 36% of Big5's pairs (GB18030 keeps them all)
    "gbk_as_big5": (0.85, 0.002, 0.08),
    "big5_as_gbk": (0.50, 0.01, 0.10),
    "big5_as_gb18030": (0.99, 0.0, 0.005),
    # a run's first character and bytes swallowed by "?" are lost by nature;
    # unproven characters are dropped rather than risked (see _mojibake_shift)
    "gbk_misaligned": (0.28, 0.005, 0.05),
    "gbk_misaligned_trad": (0.33, 0.01, 0.06),
    "big5_misaligned": (0.50, 0.01, 0.08),
    # one byte lost mid-line, decoded with replacement: runs ending at U+FFFD are
    # found back from it where the document proves their start; Big5's runs mostly
    # end at a trail byte read as ASCII, with no U+FFFD, and are left (measured
    # 47.0% / 29.2% / 4.3% recovered, 21.2% / 49.0% / 94.3% left)
    "gbk_lost_byte": (0.42, 0.005, 0.25),
    "gbk_lost_byte_trad": (0.25, 0.005, 0.55),
    "big5_lost_byte": (0.03, 0.005, 0.97),
    "lost_symbol": (0.99, 0.0, 0.0),
}


def test_every_class_has_a_floor():
    assert {c.name for c in G.CLASSES} == set(FLOORS)


@pytest.mark.parametrize("cls", G.CLASSES, ids=lambda c: c.name)
def test_repair_floor(cls):
    fig = G.measure(cls, N, seed=0, hygiene=False)
    recovered, wrong, left = FLOORS[cls.name]
    assert fig.clean_changed == 0, f"{cls.name}: a clean paragraph was changed"
    assert fig.recovered >= recovered, f"{cls.name}: recovered {fig.recovered:.1%}"
    assert fig.made_rate <= wrong, f"{cls.name}: wrong characters {fig.made_rate:.2%}"
    assert fig.left_rate <= left, f"{cls.name}: garbage left {fig.left_rate:.2%}"


def test_generator_is_seeded():
    cls = next(c for c in G.CLASSES if c.name == "gbk_misaligned")
    assert G.generate(cls, 3, seed=1) == G.generate(cls, 3, seed=1)
    assert G.generate(cls, 3, seed=1) != G.generate(cls, 3, seed=2)
