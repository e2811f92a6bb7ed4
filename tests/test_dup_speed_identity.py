"""DUP speed work (issue #8): the faster DUP001 cheap question and document
sketch give exactly the answers of the previous implementations, kept here as
references (a verbatim copy of the previous ``_may_drop`` and a from-scratch
signature / bottom-k / shingle-hash computation)."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.dedup import minhash as M
from cleaner.dedup.minhash import (Signer, bottom_k, mapped_positions, normalize_codepoints,
                                   permutations, shingle_hashes, shingle_hashes64, signature)
from cleaner.registry import Context
from cleaner.stages import duplicates as D

_HIGH32 = np.uint64(0xFFFFFFFF00000000)


# ----------------------------------------------------------- references
def _ref_shingle_hashes64(cps: np.ndarray, k: int) -> np.ndarray:
    n = int(cps.size)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    if n < k:
        k = n
    m = n - k + 1
    c = cps.astype(np.uint64)
    h = np.full(m, M._FNV_OFFSET, dtype=np.uint64)
    for j in range(k):
        h ^= c[j:j + m]
        h *= M._FNV_PRIME
    for shift, mult in ((33, M._M64_1), (33, M._M64_2)):
        h ^= h >> np.uint64(shift)
        h *= mult
    h ^= h >> np.uint64(33)
    return h


def _ref_fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h *= M._M32_1
    h ^= h >> np.uint32(13)
    h *= M._M32_2
    h ^= h >> np.uint32(16)
    return h


def _ref_signature(hashes: np.ndarray, num_perm: int = 128, seed: int = 1) -> np.ndarray:
    if hashes.size == 0:
        return np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    a, b = permutations(num_perm, seed)
    mixed = _ref_fmix32(hashes.astype(np.uint32)).reshape(1, -1)
    return (a * mixed + b).min(axis=1)  # (perm, shingle) products, wrapping in uint32


def _ref_bottom_k(hashes: np.ndarray, k: int) -> np.ndarray:
    if hashes.size == 0:
        return np.empty(0, dtype=np.uint32)
    return np.unique(_ref_fmix32(hashes.astype(np.uint32) ^ np.uint32(0x9E3779B9)))[:k]


def _ref_may_drop(text: str, sep: str, k: int, floor: float, min_chars: int,
                  min_exact_chars: int) -> bool:
    """``duplicates._may_drop`` before the speed work (verbatim but for the hashes)."""
    if k < 1 or min_exact_chars < k or floor <= 0:
        return True
    starts = []
    pos, step = text.find(sep), len(sep)
    while pos >= 0:
        starts.append(pos + step)
        pos = text.find(sep, pos + step)
    norm, keep = mapped_positions(text)
    if keep.size < k:
        return False
    n = len(starts) + 1
    pid = np.searchsorted(np.array(starts, dtype=np.int64), keep, side="right")
    h = _ref_shingle_hashes64(norm, k)
    m = h.size
    h &= _HIGH32
    h |= pid[:m].view(np.uint64)
    key = h[pid[:m] == pid[k - 1:k - 1 + m]]
    if key.size < 2:
        return False
    key.sort()
    d = key[1:] ^ key[:-1]
    d -= np.uint64(1)
    if not (d < np.uint64(0xFFFFFFFF)).any():
        return False
    key = key[np.concatenate(([True], key[1:] != key[:-1]))]
    hs = key >> np.uint64(32)
    later = np.concatenate(([False], hs[1:] == hs[:-1]))
    hp = (key & np.uint64(0xFFFFFFFF)).astype(np.int64)
    sizes = np.bincount(hp, minlength=n)
    seen = np.bincount(hp[later], minlength=n)
    lens = np.bincount(pid, minlength=n)
    near = (lens >= min_chars) & (sizes > 0) & (seen >= floor * sizes)
    exact = (lens >= min_exact_chars) & (sizes > 0) & (seen == sizes)
    return bool(near.any() or exact.any())


# ----------------------------------------------------------- strategies
_han = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E3F)  # small: repeats happen
_chars = st.one_of(_han, st.sampled_from(list("，。 、\n\nＡa1１!“”\u3000")),
                   st.characters(min_codepoint=0x20000, max_codepoint=0x20004))
_para = st.text(alphabet=_chars, max_size=40)


@st.composite
def _paragraph_texts(draw):
    """Paragraphs drawn from a small pool (so exact, near and partial repeats
    occur), some edited, joined by the separator."""
    pool = draw(st.lists(_para, min_size=1, max_size=5))
    paras = []
    for _ in range(draw(st.integers(1, 9))):
        p = draw(st.sampled_from(pool))
        if p and draw(st.booleans()):
            i = draw(st.integers(0, len(p)))
            p = p[:i] + draw(st.text(alphabet=_chars, max_size=4)) + p[i + draw(st.integers(0, 3)):]
        paras.append(p)
    joiner = draw(st.sampled_from(["\n\n", "\n", "\n\n\n"]))
    return joiner.join(paras), draw(st.sampled_from(["\n\n", "\n"]))


def _fresh(text: str) -> str:
    """An equal string that is another object (so no per-text cache is hit)."""
    return (" " + text)[1:]


# ----------------------------------------------------------- the tests
@given(_paragraph_texts(), st.integers(1, 6), st.sampled_from([0.0, 0.3, 0.6, 0.6, 0.8, 1.0, 1.2]),
       st.integers(0, 30), st.integers(-1, 10))
@settings(max_examples=400, deadline=None)
def test_may_drop_equals_the_previous_implementation(tp, k, floor, min_chars, extra):
    text, sep = tp
    min_exact = max(0, k + extra)
    want = _ref_may_drop(_fresh(text), sep, k, floor, min_chars, min_exact)
    assert D._may_drop(_fresh(text), sep, k, floor, min_chars, min_exact) == want
    # and with the per-text caches warm, in either order with the sketch
    t = _fresh(text)
    Signer().sketch(t)
    assert D._may_drop(t, sep, k, floor, min_chars, min_exact) == want


@given(_paragraph_texts())
@settings(max_examples=200, deadline=None)
def test_may_drop_false_means_duplicate_paragraphs_drops_nothing(tp):
    text, sep = tp
    if not D._may_drop(text, sep, 4, 0.6, 24, 10):
        with patch.object(D, "_may_drop", lambda *a: True):  # the full computation
            assert list(D.duplicate_paragraphs(_fresh(text), Context(paragraph_sep=sep))) == []


def _check_sketch(text: str, warm_k: int | None) -> None:
    t = _fresh(text)
    if warm_k is not None:  # as in the pipeline: DUP001's shingles first
        shingle_hashes64(normalize_codepoints(t), warm_k)
    signer = Signer()
    got = signer.sketch(t)
    cps = normalize_codepoints(_fresh(text))
    h = (_ref_shingle_hashes64(cps, 5) >> np.uint64(32)).astype(np.uint32)
    assert got.shingles == h.size and got.chars == cps.size
    sig = _ref_signature(h)
    assert got.signature.dtype == np.uint32 and got.signature.tobytes() == sig.tobytes()
    assert got.confirm.dtype == np.uint32 and got.confirm.tobytes() == _ref_bottom_k(h, 256).tobytes()
    assert got.keys == (tuple(signer.band_keys(sig)) if h.size else None)


@given(st.text(alphabet=_chars, max_size=400), st.sampled_from([None, 1, 3, 4, 5, 6]))
@settings(max_examples=300, deadline=None)
def test_sketch_equals_from_scratch_computation(text, warm_k):
    _check_sketch(text, warm_k)


def test_sketch_of_long_texts_and_big_kmv_inputs():
    rng = np.random.default_rng(3)
    for size in (3000, 4100, 5000, 20000):  # both signature paths; bottom-k filter path
        text = "".join(map(chr, rng.integers(0x4E00, 0x4E00 + 3000, size)))
        for warm in (None, 4):
            _check_sketch(text, warm)


@given(st.lists(st.integers(0, 2**32 - 1), max_size=3000), st.integers(1, 300),
       st.sampled_from([1, 7, 100, 4096, 40000]))
@settings(max_examples=150, deadline=None)
def test_signature_and_bottom_k_equal_references(values, k, repeat_mod):
    h = np.array([v % (2**32 if repeat_mod == 1 else repeat_mod * 9973) for v in values],
                 dtype=np.uint32)
    assert signature(h).tobytes() == _ref_signature(h).tobytes()
    assert signature(h, 64, 42).tobytes() == _ref_signature(h, 64, 42).tobytes()
    assert bottom_k(h, k).tobytes() == _ref_bottom_k(h, k).tobytes()


@given(st.lists(st.integers(1, 0x10FFFF), max_size=60), st.integers(1, 8))
@settings(max_examples=200, deadline=None)
def test_shingle_hashes_equal_reference_cached_or_not(cps, k):
    arr = np.array(cps, dtype=np.uint32)
    want = _ref_shingle_hashes64(arr, k)
    assert np.array_equal(shingle_hashes64(arr, k), want)
    assert np.array_equal(shingle_hashes(arr, k), (want >> np.uint64(32)).astype(np.uint32))
    assert np.array_equal(shingle_hashes64(arr.astype(np.int64), k), want)
    text = "".join(map(chr, (c if not 0xD800 <= c < 0xE000 else 0x4E00 for c in cps)))
    norm = normalize_codepoints(text)
    ref = [_ref_shingle_hashes64(norm, j) for j in range(1, 10)]
    for j in (k, k + 1, k - 1 if k > 1 else k, 8, 1):  # any order on the shared states
        assert np.array_equal(shingle_hashes64(norm, j), ref[j - 1])


def test_may_drop_and_sketch_equal_references_on_benchmark_documents():
    from cleaner.bench.corpus import documents

    for kind in ("news", "clean"):
        for d in documents(150, kind=kind, seed=5):
            text = d["text"]
            for sep in ("\n\n", "\n"):
                for args in ((4, 0.6, 24, 10), (4, 0.6, 8, 4), (3, 0.2, 5, 3)):
                    want = _ref_may_drop(_fresh(text), sep, *args)
                    assert D._may_drop(_fresh(text), sep, *args) == want
            _check_sketch(text, 4)
