"""MinHash signatures: datasketch-compatible, accurate, batch == one by one."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.dedup import MinHashConfig
from cleaner.dedup.minhash import (Signer, bottom_k, exact_jaccard, normalize_text,
                                   optimal_bands, shingle_hash32, shingle_hashes, shingles,
                                   signature, sketch_many, sketch_similarity,
                                   normalize_codepoints)
from conftest import ROOT

SEED0 = (ROOT / "seeds" / "000_84e5a0de3c430b6f.txt").read_text(encoding="utf-8")
SEED4 = (ROOT / "seeds" / "004_b7a6837eb00bd7b9.txt").read_text(encoding="utf-8")
han = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
texty = st.text(alphabet=st.one_of(han, st.sampled_from(list("，。 \nＡa1１!“”"))),
                max_size=300)


def test_normalisation_drops_space_and_punctuation_and_folds_width():
    assert normalize_text("ＡＢＣ１２３，你好 世界！ Hello—“引号”\n") == "abc123你好世界hello引号"
    assert normalize_text("人才为本,") == normalize_text("人才为本，")
    assert normalize_text("𠀀字") == "𠀀字"  # outside the BMP kept


@given(texty, st.integers(1, 7))
@settings(max_examples=60, deadline=None)
def test_vectorised_shingle_hashes_equal_the_python_reference(text, k):
    got = shingle_hashes(normalize_codepoints(text), k)
    want = [shingle_hash32(s) for s in shingles(text, k)]
    assert got.tolist() == want


@pytest.mark.parametrize("num_perm,seed", [(128, 1), (64, 42)])
def test_signature_is_bit_identical_to_datasketch_affine32(num_perm, seed):
    sh = shingles(SEED0, 5)
    m = MinHash(num_perm, seed=seed, hashfunc=shingle_hash32, scheme="affine32")
    m.update_batch(sh)
    ours = signature(shingle_hashes(normalize_codepoints(SEED0), 5), num_perm, seed)
    assert ours.dtype == np.uint32
    assert np.array_equal(ours, m.hashvalues)


def test_empty_text_signature_is_datasketchs_empty():
    assert np.all(signature(np.empty(0, np.uint32)) == np.uint32(0xFFFFFFFF))
    assert Signer().sketch("，。 \n").empty


def _mutate(text: str, rate: float, rng: np.random.Generator) -> str:
    chars = list(text)
    for i in np.flatnonzero(rng.random(len(chars)) < rate):
        chars[i] = chr(0x4E00 + int(rng.integers(0, 20000)))
    return "".join(chars)


def test_estimates_track_exact_jaccard_and_datasketch():
    """Over many pairs, our MinHash estimate is unbiased and as accurate as datasketch's
    own (sha1) MinHash with the same num_perm/seed: mean errors within 0.01."""
    rng = np.random.default_rng(3)
    base = SEED0 + SEED4
    ours, theirs, signed = [], [], []
    for _ in range(40):
        start = int(rng.integers(0, len(base) - 1500))
        a = base[start:start + 1500]
        b = _mutate(a, float(rng.uniform(0, 0.08)), rng)
        ha, hb = (shingle_hashes(normalize_codepoints(x), 5) for x in (a, b))
        exact = exact_jaccard(ha, hb)
        est = float(np.mean(signature(ha) == signature(hb)))
        ma, mb = MinHash(128, seed=1), MinHash(128, seed=1)
        ma.update_batch([s.encode() for s in shingles(a, 5)])
        mb.update_batch([s.encode() for s in shingles(b, 5)])
        ours.append(abs(est - exact))
        theirs.append(abs(ma.jaccard(mb) - exact))
        signed.append(est - exact)
    assert abs(np.mean(signed)) < 0.01
    assert np.mean(ours) < np.mean(theirs) + 0.01


def test_confirmation_sketch_is_exact_for_small_sets_and_close_for_large():
    s = Signer()
    a, b = SEED4[:300], SEED4[:300].replace("产业", "企业")
    ha, hb = s.hashes(a), s.hashes(b)
    exact = exact_jaccard(ha, hb)
    assert sketch_similarity(bottom_k(ha, 256), bottom_k(hb, 256), 256) == pytest.approx(exact)
    big_a = SEED0 * 1
    big_b = SEED0.replace("十履行", "十堰行")
    ha, hb = s.hashes(big_a), s.hashes(big_b)
    est = sketch_similarity(bottom_k(ha, 256), bottom_k(hb, 256), 256)
    assert abs(est - exact_jaccard(ha, hb)) < 0.05


@given(st.lists(texty, max_size=12))
@settings(max_examples=30, deadline=None)
def test_batched_sketches_equal_one_by_one(texts):
    s = Signer()
    batch = sketch_many([s.hashes(t) for t in texts], s.config)
    for t, b in zip(texts, batch):
        one = s.sketch(t)
        assert np.array_equal(one.signature, b.signature)
        assert np.array_equal(one.confirm, b.confirm)
        assert one.shingles == b.shingles


def test_signatures_work_in_datasketch_lsh():
    s = Signer()
    cfg = s.config
    lsh = MinHashLSH(threshold=cfg.lsh_threshold, num_perm=cfg.num_perm,
                     params=(cfg.bands, cfg.rows))
    lsh.insert("seed0", s.lean_minhash(s.sketch(SEED0).signature))
    lsh.insert("seed4", s.lean_minhash(s.sketch(SEED4).signature))
    q = s.lean_minhash(s.sketch(SEED0.replace("十履行", "十堰行")).signature)
    assert isinstance(q, LeanMinHash)
    assert lsh.query(q) == ["seed0"]


def test_config_fingerprint_and_bands():
    cfg = MinHashConfig()
    assert (cfg.bands, cfg.rows) == optimal_bands(cfg.lsh_threshold, cfg.num_perm)
    assert cfg.bands * cfg.rows <= cfg.num_perm
    assert cfg.band_probability(0.9) > 0.99 and cfg.band_probability(0.3) < 0.05
    assert MinHashConfig.from_json(cfg.to_json()) == cfg
    assert MinHashConfig(shingle_size=4).fingerprint != cfg.fingerprint
    with pytest.raises(ValueError):
        MinHashConfig(threshold=1.5)


def test_known_bands_match_datasketch():
    from datasketch.lsh import _optimal_param

    from cleaner.dedup.minhash import KNOWN_BANDS
    for (threshold, num_perm), bands in KNOWN_BANDS.items():
        assert tuple(int(x) for x in _optimal_param(threshold, num_perm, 0.5, 0.5)) == bands
