"""MinHash signatures for Chinese text, computed for all shingles at once with numpy.

Pipeline for one text (no Python call per character or per shingle):

1. **Hashing-only normalisation** (:func:`normalize_codepoints`): the text becomes a
   numpy array of code points mapped through a lookup table that drops whitespace,
   punctuation, symbols and control/format characters, folds full-width and
   half-width forms (``ＡＢＣ１２３`` -> ``abc123``) and lower-cases. It only decides
   what is hashed; no text is ever rewritten with it.
2. **Character shingles** (:func:`shingle_hashes`): every run of ``shingle_size``
   consecutive normalised characters (Chinese needs no word segmenter) is hashed to
   32 bits: an FNV-style fold of its code points in uint64, then the MurmurHash3
   64-bit finaliser, then the high 32 bits. :func:`shingle_hash32` is the same
   function for one shingle in pure Python (the reference the tests check against).
3. **Permutations** (:func:`signature`): datasketch's ``affine32`` scheme exactly:
   each hash goes through MurmurHash3's 32-bit finaliser, then
   ``phv_k = a_k * h + b_k (mod 2**32)`` with ``a_k`` odd and ``(a, b)`` drawn from
   ``numpy.random.RandomState(seed)`` as datasketch draws them; the signature is the
   column minimum. So ``datasketch.MinHash(num_perm, seed, hashfunc=shingle_hash32,
   scheme="affine32")`` fed the same shingles has *identical* hash values, and
   :meth:`Signer.lean_minhash` turns a signature into a ``datasketch.LeanMinHash``
   that datasketch's ``MinHashLSH`` (and its Redis storage) accepts.

Threshold math. With ``b`` bands of ``r`` rows, two documents of Jaccard
similarity ``s`` share at least one band key (become candidates) with probability
``P(s) = 1 - (1 - s**r)**b``, an S-curve whose steepest point is near
``(1/b)**(1/r)``. :class:`MinHashConfig` takes ``b, r`` from datasketch's
``_optimal_param(lsh_threshold, num_perm, 0.5, 0.5)``, which minimises the area
under ``P`` below ``lsh_threshold`` (false positives) plus the area of ``1 - P``
above it (false negatives). Tuned at the decision threshold itself (0.8: ``b=9,
r=13``), ``P(0.8)`` is only 0.40 and ``P(0.85)`` 0.69: half the true duplicates
near the threshold would never become candidates. Because every candidate is
confirmed, the bands are tuned lower, at ``lsh_threshold = threshold - 0.2``
by default: for ``threshold=0.8, num_perm=128`` that is ``b=18, r=7`` (126 of
128 values used) with ``P(0.9)=1.0``, ``P(0.8)=0.986``, ``P(0.75)=0.92``,
``P(0.6)=0.40``, ``P(0.5)=0.13``: recall near the threshold is kept and the
extra candidates cost one cheap confirmation each. Candidates are *confirmed* on a second,
independent sketch (:func:`bottom_k`, a k-minimum-values sketch of the shingle
hashes, ``confirm_size`` values): for texts with fewer distinct shingles than
``confirm_size`` it holds the whole shingle set and the Jaccard similarity is
exact; for longer texts the estimate has standard error about
``sqrt(s * (1 - s) / confirm_size)`` (0.025 at s=0.8 for 256). Only candidates whose
confirmed similarity is ``>= threshold`` count as near-duplicates, so the band
S-curve costs recall near the threshold, never precision.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Iterable

import numpy as np

#: Version of normalisation + shingle hashing + band keys; part of the fingerprint.
#: 1: band keys are salted blake2b digests; 2: a vectorised multiply-add hash of
#: each band (same shingles and signatures). An index keeps the version it was
#: built with, so version-1 indexes still open and answer as before.
HASH_VERSION = 2

_U64 = np.uint64
_FNV_OFFSET = _U64(0xCBF29CE484222325)
_FNV_PRIME = _U64(0x100000001B3)
_M64_1 = _U64(0xFF51AFD7ED558CCD)
_M64_2 = _U64(0xC4CEB9FE1A85EC53)
_M32_1 = np.uint32(0x85EBCA6B)
_M32_2 = np.uint32(0xC2B2AE35)
_MASK64 = (1 << 64) - 1
_MASK32 = (1 << 32) - 1
_MAX32 = np.uint32(_MASK32)
#: Columns of shingles per permutation block (keeps the work matrix in cache).
_CHUNK = 16384


# --------------------------------------------------------------------------- config
#: datasketch's optimum for the default settings, so that opening the default index
#: does not import datasketch (and scipy with it: ~0.6 s per process). A test keeps
#: it equal to ``datasketch.lsh._optimal_param``.
KNOWN_BANDS: dict[tuple[float, int], tuple[int, int]] = {(0.6, 128): (18, 7)}


@functools.lru_cache(maxsize=64)
def optimal_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """``(bands, rows)`` as datasketch's MinHashLSH chooses them (equal weights)."""
    known = KNOWN_BANDS.get((round(threshold, 4), num_perm))
    if known is not None:
        return known
    from datasketch.lsh import _optimal_param

    b, r = _optimal_param(threshold, num_perm, 0.5, 0.5)
    return int(b), int(r)


@dataclass(frozen=True)
class MinHashConfig:
    """Everything that decides a signature, a band key or a confirmation.

    Two indexes are compatible only if their :attr:`fingerprint` strings are equal;
    an index stores it and refuses to open under another one.
    ``threshold`` decides (confirmed Jaccard); ``bands``/``rows`` default to
    datasketch's optimum for ``lsh_threshold`` (default ``threshold - 0.2``) and
    ``num_perm`` (see the module docstring for the math).
    """

    num_perm: int = 128
    threshold: float = 0.8
    shingle_size: int = 5
    seed: int = 1
    confirm_size: int = 256
    lsh_threshold: float = 0.0
    bands: int = 0
    rows: int = 0
    hash_version: int = field(default=HASH_VERSION)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.num_perm < 2:
            raise ValueError(f"num_perm must be >= 2, got {self.num_perm}")
        if self.shingle_size < 1:
            raise ValueError(f"shingle_size must be >= 1, got {self.shingle_size}")
        if self.confirm_size < 16:
            raise ValueError(f"confirm_size must be >= 16, got {self.confirm_size}")
        if not self.lsh_threshold:
            object.__setattr__(self, "lsh_threshold",
                               round(max(0.1, self.threshold - 0.2), 4))
        if not 0.0 < self.lsh_threshold <= self.threshold:
            raise ValueError(f"lsh_threshold must be in (0, threshold], got {self.lsh_threshold}")
        if not self.bands or not self.rows:
            b, r = optimal_bands(float(self.lsh_threshold), int(self.num_perm))
            object.__setattr__(self, "bands", b)
            object.__setattr__(self, "rows", r)
        if self.bands < 2 or self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands*rows must be <= num_perm and bands >= 2, got "
                             f"{self.bands}*{self.rows} for num_perm={self.num_perm}")

    @property
    def fingerprint(self) -> str:
        """A stable one-line identity, e.g. ``minhash-v2 k=5 perm=128 seed=1 ...``."""
        return (f"minhash-v{self.hash_version} scheme=affine32 k={self.shingle_size} "
                f"perm={self.num_perm} seed={self.seed} bands={self.bands}x{self.rows} "
                f"threshold={self.threshold:g} confirm={self.confirm_size}")

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "MinHashConfig":
        data: dict[str, Any] = json.loads(text)
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})

    def band_probability(self, s: float) -> float:
        """Probability that two texts of Jaccard ``s`` become LSH candidates."""
        return 1.0 - (1.0 - s ** self.rows) ** self.bands


# ------------------------------------------------------------------ normalisation
_DROP_CLASS = r"[\p{P}\p{Z}\p{S}\p{Cc}\p{Cf}\p{Cs}]"


@functools.lru_cache(maxsize=1)
def _lut() -> np.ndarray:
    """Code point -> normalised code point (0 = not hashed), for the BMP."""
    import regex

    everything = "".join(map(chr, range(0x10000)))
    lut = np.arange(0x10000, dtype=np.uint32)
    for m in regex.finditer(r"[\p{Lu}\p{Lt}]", everything):
        low = m.group().lower()
        if len(low) == 1:
            lut[m.start()] = ord(low)
    for c in range(0xFF01, 0xFFEF):  # full-width / half-width forms, then lower case
        n = unicodedata.normalize("NFKC", chr(c))
        if len(n) == 1:
            lut[c] = lut[ord(n)]
    drop = np.zeros(0x10000, dtype=bool)
    drop[[m.start() for m in regex.finditer(_DROP_CLASS, everything)]] = True
    lut[drop[lut]] = 0
    lut[0] = 0
    return lut


def codepoints(text: str) -> np.ndarray:
    """The code points of ``text`` as a uint32 array (no copy per character)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def normalize_map(cps: np.ndarray) -> np.ndarray:
    """Map code points through the normalisation table (0 = dropped), same length."""
    lut = _lut()
    try:
        return lut[cps]  # the BMP: one lookup (no maximum first)
    except IndexError:  # characters outside the BMP are kept as they are
        out = cps.copy()
        bmp = cps < 0x10000
        out[bmp] = lut[cps[bmp]]
        return out


_LAST_MAPPED = threading.local()


def mapped_positions(text: str) -> tuple[np.ndarray, np.ndarray]:
    """``(kept, positions)``: the hashed characters of ``text`` and where they are.

    The last text's answer is kept (per thread, by identity): the paragraph
    check of DUP001 and the document sketch look at the same text one after
    the other (and share the shingle hash prefix, :func:`_fnv_states`).
    """
    last = getattr(_LAST_MAPPED, "pair", None)
    if last is not None and last[0] is text:
        return last[1]
    mapped = normalize_map(codepoints(text))
    keep = np.flatnonzero(mapped)
    out = (mapped[keep], keep)
    for a in out:
        a.setflags(write=False)  # shared: callers copy before changing anything
    _LAST_MAPPED.pair = (text, out)
    _LAST_MAPPED.fnv = None
    return out


def normalize_codepoints(text: str) -> np.ndarray:
    """The hashed characters of ``text``: whitespace/punctuation dropped, width folded."""
    return mapped_positions(text)[0]


def normalize_text(text: str) -> str:
    """:func:`normalize_codepoints` as a string (for display and tests)."""
    return normalize_codepoints(text).astype("<u4").tobytes().decode("utf-32-le")


# ------------------------------------------------------------------------ hashing
def _fmix64(h: np.ndarray, last: bool = True, first: bool = True) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, in place. Its last step (``h ^= h >> 33``)
    changes only the low 31 bits: ``last=False`` skips it when only the high
    half is used; ``first=False`` skips the first one (done by the caller)."""
    if first:
        h ^= h >> _U64(33)
    h *= _M64_1
    h ^= h >> _U64(33)
    h *= _M64_2
    if last:
        h ^= h >> _U64(33)
    return h


def _fmix64_of(state: np.ndarray, last: bool = True) -> np.ndarray:
    """:func:`_fmix64` of ``state`` as a new array (``state`` unchanged)."""
    h = state >> _U64(33)
    h ^= state
    return _fmix64(h, last, first=False)


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser of uint32 ``h`` (a new array; ``h`` is unchanged)."""
    h = h ^ (h >> np.uint32(16))
    h *= _M32_1
    h ^= h >> np.uint32(13)
    h *= _M32_2
    h ^= h >> np.uint32(16)
    return h


def _fnv_states(cps: np.ndarray, k: int) -> np.ndarray:
    """The FNV-1a states of every ``k``-character window (``n - k + 1`` of them,
    ``n >= k``), before the finaliser; read-only.

    FNV folds one character at a time, so the states of ``k + 1``-character
    windows are one step on from those of ``k``-character ones: for the
    hashed characters of the last text (:func:`mapped_positions`) the last
    states are kept, and DUP001's 4-character shingles give the document
    sketch its 5-character ones in one step.
    """
    pair = getattr(_LAST_MAPPED, "pair", None)
    shared = pair is not None and pair[1][0] is cps
    m = int(cps.size) - k + 1
    h = None
    if shared:
        last = getattr(_LAST_MAPPED, "fnv", None)
        if last is not None:
            if last[0] == k:
                return last[1]
            if last[0] < k:  # the next character folded into a new array
                h = last[1][:m] ^ cps[last[0]:last[0] + m]
                h *= _FNV_PRIME
                first = last[0] + 1
    if h is None:
        cps = cps.astype(np.uint64)  # same-type operands: faster loops
        h = cps[:m] ^ _FNV_OFFSET
        h *= _FNV_PRIME
        first = 1
    for j in range(first, k):  # array arithmetic wraps modulo 2**64, silently
        h ^= cps[j:j + m]
        h *= _FNV_PRIME
    h.setflags(write=False)
    if shared:
        _LAST_MAPPED.fnv = (k, h)
    return h


def _fmix32_inplace(h: np.ndarray) -> np.ndarray:
    """:func:`_fmix32`, changing ``h``."""
    h ^= h >> np.uint32(16)
    h *= _M32_1
    h ^= h >> np.uint32(13)
    h *= _M32_2
    h ^= h >> np.uint32(16)
    return h


def shingle_hashes64(cps: np.ndarray, k: int) -> np.ndarray:
    """64-bit hashes of every ``k``-character window (before the 32-bit fold).

    A text shorter than ``k`` (but not empty) is one shingle of its whole length.
    """
    n = int(cps.size)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    if n < k:
        k = n
    return _fmix64_of(_fnv_states(cps, k))


def shingle_hashes_high(cps: np.ndarray, k: int) -> np.ndarray:
    """A new uint64 array whose high halves are :func:`shingle_hashes` (the 32-bit
    hashes; the low halves are not those of :func:`shingle_hashes64`)."""
    n = int(cps.size)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    return _fmix64_of(_fnv_states(cps, min(k, n)), last=False)


def shingle_hashes(cps: np.ndarray, k: int) -> np.ndarray:
    """32-bit hashes of every ``k``-character window of normalised code points."""
    h = shingle_hashes_high(cps, k)
    if _LITTLE:  # the high halves, one strided copy
        return h.view(np.uint32)[1::2].copy()
    return (h >> _U64(32)).astype(np.uint32)


_LITTLE = np.little_endian


def shingle_hash32(shingle: str | bytes) -> int:
    """Pure-Python reference of :func:`shingle_hashes` for one shingle.

    Usable as datasketch's ``hashfunc`` (shingles given as normalised strings).
    """
    if isinstance(shingle, bytes):
        shingle = shingle.decode("utf-8")
    h = 0xCBF29CE484222325
    for ch in shingle:
        h = ((h ^ ord(ch)) * 0x100000001B3) & _MASK64
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & _MASK64
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & _MASK64
    h ^= h >> 33
    return h >> 32


def shingles(text: str, k: int) -> list[str]:
    """The normalised shingle strings of ``text`` (reference/tests; slow)."""
    s = normalize_text(text)
    if not s:
        return []
    if len(s) < k:
        return [s]
    return [s[i:i + k] for i in range(len(s) - k + 1)]


@functools.lru_cache(maxsize=16)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 ``(a, b)`` for ``num_perm`` and ``seed``, as columns."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    a.setflags(write=False)
    b.setflags(write=False)
    return a.reshape(-1, 1), b.reshape(-1, 1)


#: Texts up to this many shingles take the flat (one long loop) signature path.
_FLAT_MAX = 4096


@functools.lru_cache(maxsize=4)
def _tiled(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``a`` and ``b`` repeated ``_FLAT_MAX`` times, row-major ``(shingle, perm)``."""
    a, b = permutations(num_perm, seed)
    ta, tb = np.tile(a.ravel(), _FLAT_MAX), np.tile(b.ravel(), _FLAT_MAX)
    ta.setflags(write=False)
    tb.setflags(write=False)
    return ta, tb


def signature(hashes: np.ndarray, num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """MinHash signature (uint32, length ``num_perm``) of 32-bit shingle hashes.

    All-``0xFFFFFFFF`` for an empty input, as datasketch's empty MinHash.
    Short texts: one flat ``(shingle, perm)`` product in long 1-D loops and a
    column minimum; long texts: ``(perm, shingle)`` blocks of ``_CHUNK`` columns.
    """
    if hashes.size == 0:
        return np.full(num_perm, _MAX32, dtype=np.uint32)
    return _min_affine(_fmix32(hashes if hashes.dtype == np.uint32
                               else hashes.astype(np.uint32)), num_perm, seed)


def _min_affine(mixed: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """:func:`signature` of finalised (``_fmix32``) hashes, at least one."""
    n = int(mixed.size)
    if n <= _FLAT_MAX:
        ta, tb = _tiled(num_perm, seed)
        w = np.repeat(mixed, num_perm)
        np.multiply(w, ta[:w.size], out=w)
        np.add(w, tb[:w.size], out=w)
        # two halvings as flat element-wise minimums (faster than the strided
        # column reduction), then the column minimum of what is left
        for _ in range(2):
            if n < 4:
                break
            half = n // 2
            top = w[:half * num_perm]
            np.minimum(top, w[(n - half) * num_perm:n * num_perm], out=top)
            n -= half
        return w[:n * num_perm].reshape(n, num_perm).min(axis=0)
    out = np.full(num_perm, _MAX32, dtype=np.uint32)
    a, b = permutations(num_perm, seed)
    buf = _work_buffer(num_perm, min(_CHUNK, n))
    for start in range(0, n, _CHUNK):
        part = mixed[start:start + _CHUNK].reshape(1, -1)
        work = buf[:, :part.shape[1]]
        np.multiply(a, part, out=work)
        np.add(work, b, out=work)
        np.minimum(out, work.min(axis=1), out=out)
    return out


def bottom_k(hashes: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` smallest distinct (re-mixed) shingle hashes, sorted (a KMV sketch)."""
    if hashes.size == 0:
        return np.empty(0, dtype=np.uint32)
    return _kmv(_confirm_mix(hashes), k)


def _kmv(mixed: np.ndarray, k: int) -> np.ndarray:
    """:func:`bottom_k` of re-mixed hashes (``mixed`` is a scratch array: sorted)."""
    if mixed.size > 8 * k:
        # the k-th smallest of n uniform values is near k/n * 2**32: sort only
        # what is below 2x that (falls back to everything if too few survive)
        small = mixed[mixed <= np.uint32(min(_MASK32, (2 * k << 32) // mixed.size))]
        out = _sorted_unique(small)
        if out.size >= k:
            return out[:k]
    mixed.sort()
    return _sorted_unique(mixed, presorted=True)[:k]


def _sorted_unique(x: np.ndarray, presorted: bool = False) -> np.ndarray:
    if not presorted:
        x = np.sort(x)
    if x.size > 1:
        same = x[1:] == x[:-1]
        if same.any():
            keep = np.empty(x.size, dtype=bool)
            keep[0] = True
            np.logical_not(same, out=keep[1:])
            x = x[keep]
    return x


def _confirm_mix(hashes: np.ndarray) -> np.ndarray:
    """An independent re-mix of the shingle hashes for the confirmation sketch."""
    if hashes.dtype != np.uint32:
        hashes = hashes.astype(np.uint32)
    return _fmix32(hashes ^ np.uint32(_CONFIRM_SALT))


_CONFIRM_SALT = 0x9E3779B9


def sketch_similarity(a: np.ndarray, b: np.ndarray, k: int) -> float:
    """Jaccard similarity from two :func:`bottom_k` sketches.

    Exact when the union of the two shingle sets has at most ``k`` members.
    """
    if a.size == 0 or b.size == 0:
        return 0.0
    union = np.union1d(a, b)[:k]
    cutoff = union[-1]
    inter = np.intersect1d(a, b, assume_unique=True)
    return float(np.count_nonzero(inter <= cutoff)) / float(union.size)


def signature_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The MinHash estimate: the fraction of equal signature values."""
    return float(np.count_nonzero(a == b)) / float(a.size)


def exact_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two arrays of shingle hashes, as sets."""
    sa, sb = np.unique(a), np.unique(b)
    if sa.size == 0 and sb.size == 0:
        return 1.0
    inter = np.intersect1d(sa, sb, assume_unique=True).size
    return inter / float(sa.size + sb.size - inter)


# ---------------------------------------------------------------------- bundling
@dataclass(frozen=True, slots=True)
class Sketch:
    """What the index needs of one text: LSH signature, band keys, confirmation sketch."""

    signature: np.ndarray
    confirm: np.ndarray
    shingles: int
    #: the band keys (:meth:`Signer.band_keys`), when computed with the sketch
    keys: tuple[int, ...] | None = None
    #: how many characters were hashed (after normalisation), when known
    chars: int = -1

    @property
    def empty(self) -> bool:
        return self.shingles == 0

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # the arrays as bytes: a sketch crosses the process pipe with every document
        return (_sketch, (self.signature.tobytes(), self.confirm.tobytes(), self.shingles,
                          self.keys, self.chars))


def _sketch(signature: bytes, confirm: bytes, shingles: int, keys: tuple[int, ...] | None,
            chars: int) -> Sketch:
    return Sketch(np.frombuffer(signature, dtype=np.uint32).copy(),
                  np.frombuffer(confirm, dtype=np.uint32).copy(), shingles, keys, chars)


class Signer:
    """Computes :class:`Sketch` es under one :class:`MinHashConfig`."""

    def __init__(self, config: MinHashConfig | None = None) -> None:
        self.config = config or MinHashConfig()
        cfg = self.config
        self._salts = [hashlib.blake2b(f"{cfg.fingerprint}|band{i}".encode(),
                                       digest_size=8).digest() for i in range(cfg.bands)]
        # version 2: per band, random odd 64-bit multipliers for its rows and a salt
        seed = np.frombuffer(hashlib.blake2b(cfg.fingerprint.encode(), digest_size=32)
                             .digest(), dtype="<u4")
        gen = np.random.default_rng(seed)
        self._mult = gen.integers(0, 1 << 63, cfg.bands * cfg.rows, dtype=np.uint64) \
            * _U64(2) + _U64(1)
        self._band_salt = gen.integers(0, 1 << 63, cfg.bands, dtype=np.uint64)
        self._band_starts = np.arange(0, cfg.bands * cfg.rows, cfg.rows)

    def hashes(self, text: str) -> np.ndarray:
        return shingle_hashes(normalize_codepoints(text), self.config.shingle_size)

    def sketch(self, text: str) -> Sketch:
        """Everything the index needs, band keys included, so a worker process
        does all the hashing and the in-order index step only looks up."""
        cps = normalize_codepoints(text)
        cfg = self.config
        high = shingle_hashes_high(cps, cfg.shingle_size)  # FNV states shared with DUP001
        n = int(high.size)
        if not n or not _LITTLE:
            h = shingle_hashes(cps, cfg.shingle_size)
            sig = signature(h, cfg.num_perm, cfg.seed)
            return Sketch(sig, bottom_k(h, cfg.confirm_size), n,
                          tuple(self.band_keys(sig)) if n else None, int(cps.size))
        # the signature's and the confirmation's re-mixes in one pass over 2n values
        both = np.empty(2 * n, dtype=np.uint32)
        h = high.view(np.uint32)[1::2]  # the 32-bit shingle hashes
        both[:n] = h
        np.bitwise_xor(h, np.uint32(_CONFIRM_SALT), out=both[n:])
        _fmix32_inplace(both)
        sig = _min_affine(both[:n], cfg.num_perm, cfg.seed)
        return Sketch(sig, _kmv(both[n:], cfg.confirm_size), n, tuple(self.band_keys(sig)),
                      int(cps.size))

    def sketches(self, texts: Iterable[str]) -> list[Sketch]:
        """:meth:`sketch` of many texts, batched (faster for short texts)."""
        cps = [normalize_codepoints(t) for t in texts]
        k = self.config.shingle_size
        return [replace(sk, keys=tuple(self.band_keys(sk.signature)) if sk.shingles else None,
                        chars=int(c.size))
                for sk, c in zip(sketch_many([shingle_hashes(c, k) for c in cps], self.config),
                                 cps)]

    def band_keys(self, sig: np.ndarray) -> list[int]:
        """One signed 64-bit key per band (band number salted in), for integer indexes."""
        cfg = self.config
        r = cfg.rows
        if cfg.hash_version >= 2:
            # sum of row * odd multiplier (mod 2**64) differs whenever one row does;
            # the salt and a 64-bit finaliser spread it. Collisions only add
            # candidates, which the confirmation sketch then rejects.
            rows = sig[:cfg.bands * r].astype(np.uint64)
            rows *= self._mult  # array arithmetic wraps modulo 2**64
            h = np.add.reduceat(rows, self._band_starts)
            h ^= self._band_salt
            return _fmix64(h).view(np.int64).tolist()
        raw = sig.astype("<u4").tobytes()
        return [int.from_bytes(hashlib.blake2b(raw[i * r * 4:(i + 1) * r * 4], digest_size=8,
                                               key=salt).digest(), "little", signed=True)
                for i, salt in enumerate(self._salts)]

    def lean_minhash(self, sig: np.ndarray) -> Any:
        """The signature as a ``datasketch.LeanMinHash`` (affine32 scheme)."""
        from datasketch import LeanMinHash

        return LeanMinHash(seed=self.config.seed, hashvalues=sig, scheme="affine32")

    def similarity(self, a: Sketch, b: Sketch) -> float:
        return sketch_similarity(a.confirm, b.confirm, self.config.confirm_size)


def sketch_many(hash_arrays: list[np.ndarray], config: MinHashConfig) -> list[Sketch]:
    """:class:`Sketch` es of many texts' shingle hashes, batched.

    Small texts are processed together: one permutation matrix for the batch and
    ``np.minimum.reduceat`` per text, one sort for all bottom-k sketches; results
    are identical to :func:`signature` and :func:`bottom_k` one text at a time.
    """
    out: list[Sketch | None] = [None] * len(hash_arrays)
    batch: list[int] = []
    total = 0

    def flush() -> None:
        nonlocal total
        if batch:
            _sketch_batch([hash_arrays[i] for i in batch], config, batch, out)
        batch.clear()
        total = 0

    for i, h in enumerate(hash_arrays):
        if h.size == 0 or h.size >= _CHUNK:
            out[i] = Sketch(signature(h, config.num_perm, config.seed),
                            bottom_k(h, config.confirm_size), int(h.size))
            continue
        if total + h.size > _CHUNK:
            flush()
        batch.append(i)
        total += int(h.size)
    flush()
    return out  # type: ignore[return-value]


_local = threading.local()


def _work_buffer(rows: int, cols: int) -> np.ndarray:
    """A reused (per thread) uint32 work matrix: no page faults per batch."""
    buf = getattr(_local, "buf", None)
    if buf is None or buf.shape[0] != rows or buf.shape[1] < cols:
        buf = np.empty((rows, max(cols, _CHUNK)), dtype=np.uint32)
        _local.buf = buf
    return buf[:, :cols]


def _sketch_batch(arrays: list[np.ndarray], config: MinHashConfig, where: list[int],
                  out: list[Sketch | None]) -> None:
    a, b = permutations(config.num_perm, config.seed)
    n = len(arrays)
    sizes = np.fromiter((x.size for x in arrays), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    allh = np.concatenate(arrays)
    work = _work_buffer(config.num_perm, allh.size)
    np.multiply(a, _fmix32(allh.copy()).reshape(1, -1), out=work)
    np.add(work, b, out=work)
    sigs = np.minimum.reduceat(work, starts, axis=1).T.copy()  # (n_texts, num_perm)
    for j, i in enumerate(where):
        out[i] = Sketch(sigs[j], bottom_k(arrays[j], config.confirm_size), int(sizes[j]))


def encode_sketch(arr: np.ndarray) -> bytes:
    """Little-endian uint32 bytes of a sketch (storage format; never pickle)."""
    return arr.astype("<u4").tobytes()


def decode_sketch(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype="<u4").astype(np.uint32)


def batch_signatures(texts: Iterable[str], config: MinHashConfig | None = None
                     ) -> list[np.ndarray]:
    """Signatures of many texts (convenience for benchmarks and bulk loads)."""
    signer = Signer(config)
    return [signature(signer.hashes(t), signer.config.num_perm, signer.config.seed)
            for t in texts]
