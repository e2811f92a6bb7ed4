"""Duplicates stage (DUP): repeated paragraphs inside a document, near-duplicate
documents across the corpus, paragraphs repeated from other documents.

All comparisons use the hashing-only normalisation of :mod:`cleaner.dedup.minhash`
(whitespace and punctuation dropped, width folded), so ``人才为本,`` and ``人才为本，``
are the same; the text itself is never rewritten, only whole paragraphs dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Iterable

import numpy as np

from ..dedup.minhash import (mapped_positions, shingle_hashes, shingle_hashes64,
                             shingle_hashes_high)
from ..records import Change
from ..registry import Context, builtin


# ============================================================ within one document
@dataclass(slots=True)
class _Para:
    start: int
    end: int
    norm: str  # normalised content
    shingles: np.ndarray  # distinct shingle hashes (sorted)


@dataclass(slots=True)
class _Doc:
    """A text's paragraphs and their shingle sets as flat arrays.

    ``hp``/``hh``: paragraph number and hash of each distinct (paragraph, shingle)
    pair, sorted by paragraph then hash; paragraph ``i`` owns
    ``hh[bounds[i]:bounds[i + 1]]``.
    """

    paras: list[_Para]
    hp: np.ndarray
    hh: np.ndarray
    bounds: np.ndarray


def _split(text: str, sep: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    n = len(sep)
    while True:
        j = text.find(sep, pos)
        if j < 0:
            spans.append((pos, len(text)))
            return spans
        spans.append((pos, j))
        pos = j + n


def _dedupe_pairs(hp: np.ndarray, hh: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (paragraph, hash) pairs sorted by paragraph, then hash."""
    if hh.dtype == np.uint32:  # one sort of packed keys beats a lexsort
        key = np.sort((hp.astype(np.uint64) << np.uint64(32)) | hh)
        if key.size > 1:
            keep = np.empty(key.size, dtype=bool)
            keep[0] = True
            np.not_equal(key[1:], key[:-1], out=keep[1:])
            key = key[keep]
        return (key >> np.uint64(32)).astype(np.int64), key.astype(np.uint32)
    order = np.lexsort((hh, hp))
    hp, hh = hp[order], hh[order]
    if hp.size > 1:
        keep = np.ones(hp.size, dtype=bool)
        keep[1:] = (hp[1:] != hp[:-1]) | (hh[1:] != hh[:-1])
        hp, hh = hp[keep], hh[keep]
    return hp, hh


def _analyse(text: str, sep: str, k: int, wide: bool = False) -> _Doc:
    """Paragraph spans, normalised texts and shingle sets, vectorised
    (32-bit shingle hashes, or 64-bit with ``wide``)."""
    spans = _split(text, sep)
    n = len(spans)
    norm, keep = mapped_positions(text)
    starts = np.fromiter((s for s, _ in spans), dtype=np.int64, count=n)
    pid = np.searchsorted(starts, keep, side="right") - 1
    offs = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(pid, minlength=n), out=offs[1:])
    normstr = norm.astype("<u4").tobytes().decode("utf-32-le")
    dtype = np.uint64 if wide else np.uint32
    hashes = ((shingle_hashes64 if wide else shingle_hashes)(norm, k) if norm.size >= k
              else np.empty(0, dtype))
    m = hashes.size
    if m:
        valid = pid[:m] == pid[k - 1:k - 1 + m]
        hp, hh = _dedupe_pairs(pid[:m][valid], hashes[valid])
    else:
        hp, hh = np.empty(0, np.int64), np.empty(0, dtype)
    bounds = np.searchsorted(hp, np.arange(n + 1), side="left")
    paras = [_Para(s, e, normstr[offs[i]:offs[i + 1]], hh[bounds[i]:bounds[i + 1]])
             for i, (s, e) in enumerate(spans)]
    return _Doc(paras, hp, hh, bounds)


def _seen_before(doc: _Doc) -> np.ndarray:
    """Per paragraph: how many of its shingles occur in some earlier paragraph."""
    n = len(doc.paras)
    if doc.hh.size < 2:
        return np.zeros(n, dtype=np.int64)
    if doc.hh.dtype == np.uint32:
        key = np.sort((doc.hh.astype(np.uint64) << np.uint64(32)) | doc.hp.astype(np.uint64))
        hh, hp = key >> np.uint64(32), (key & np.uint64(0xFFFFFFFF)).astype(np.int64)
    else:
        order = np.lexsort((doc.hp, doc.hh))
        hh, hp = doc.hh[order], doc.hp[order]
    first = np.ones(hh.size, dtype=bool)
    np.not_equal(hh[1:], hh[:-1], out=first[1:])
    group_start = np.maximum.accumulate(np.where(first, np.arange(hh.size), 0))
    later = hp > hp[group_start]
    return np.bincount(hp[later], minlength=n)


_HIGH32 = np.uint64(0xFFFFFFFF00000000)


def _may_drop(text: str, sep: str, k: int, floor: float, min_chars: int,
              min_exact_chars: int) -> bool:
    """The cheap question of :func:`duplicate_paragraphs`: False only when it
    provably drops nothing (its candidate sets, exact and near, are both empty).

    The same 32-bit shingle hashes as :func:`_analyse`. Two exact filters on
    32-bit keys (high bits of the hash, then the paragraph number; they sort
    twice as fast as 64-bit ones) come first: no key shared by two paragraphs,
    or no paragraph whose upper bound of ``seen`` reaches its lower bound of
    ``sizes`` (see below), and nothing can be dropped. Otherwise one sort of
    ``hash << 32 | paragraph`` keys gives each paragraph's distinct shingle
    count (``sizes``) and how many of them an earlier paragraph has (``seen``),
    exactly as :func:`_seen_before`; no per-paragraph Python objects. An exact
    repeat of ``min_exact_chars >= k`` characters has ``seen == sizes > 0``.
    """
    if k < 1 or min_exact_chars < k or floor <= 0:  # short exact repeats: no shingles;
        return True  # floor <= 0: every long paragraph is a near candidate
    norm, keep = mapped_positions(text)
    if keep.size < k:
        return False
    starts = []
    pos, step = text.find(sep), len(sep)
    while pos >= 0:  # start of every paragraph but the first
        starts.append(pos + step)
        pos = text.find(sep, pos + step)
    if not starts:
        return False  # one paragraph
    n = len(starts) + 1
    pid = np.searchsorted(np.array(starts), keep, "right")
    # high halves: the 32-bit shingle hashes (FNV states shared with the sketch)
    h = shingle_hashes_high(norm, k)
    m = h.size
    bits = (n - 1).bit_length()
    if bits <= 12 and _LITTLE:
        # first filter, exact: the 32-bit keys ``high bits of the hash | paragraph``
        # sort faster; no two paragraphs share a hash if no two share those bits.
        # (Shingles across a paragraph break are kept here: more keys can only
        # make the filter pass more often.)
        x = h.view(np.uint32)[1::2] & np.uint32((_MASK32 << bits) & _MASK32)
        x |= pid[:m].astype(np.uint32)
        x.sort()
        d = x[1:] ^ x[:-1]
        d -= np.uint32(1)  # 0 < d < 2**bits: same high bits, another paragraph
        cross = d < np.uint32((1 << bits) - 1)
        if not cross.any():
            return False
        # Second filter, exact: bounds from the same keys. A distinct shingle of
        # paragraph i that an earlier paragraph has comes after a key with the
        # same high bits: seen[i] <= up[i], the number of such entries of i.
        # Its distinct shingles are at least its entries less those repeating
        # the key before less the k - 1 that may cross its end: sizes[i] >= low.
        rep = d == np.uint32(_MASK32)  # the key again
        cross |= rep  # now: the same high bits as the key before
        para = x & np.uint32((1 << bits) - 1)
        after = para[1:]
        up = np.bincount(after[cross], minlength=n).tolist()
        low = np.bincount(para, minlength=n) - np.bincount(after[rep], minlength=n)
        for u, lo, ln in zip(up, (low - (k - 1)).tolist(),
                             np.bincount(pid, minlength=n).tolist()):
            if u:
                lo = max(lo, 1)
                if (ln >= min_chars and u >= floor * lo) or (ln >= min_exact_chars and u >= lo):
                    break
        else:
            return False
    # hash << 32 | paragraph: the low halves are overwritten with the paragraph numbers
    if _LITTLE:
        h.view(np.uint32)[0::2] = pid[:m]
    else:
        h &= _HIGH32
        h |= pid[:m].view(np.uint64)
    key = h[pid[:m] == pid[k - 1:k - 1 + m]]
    if key.size < 2:
        return False
    key.sort()
    # neighbours with the same hash and another paragraph: 0 < a ^ b < 2**32
    d = key[1:] ^ key[:-1]
    d -= np.uint64(1)
    if not (d < np.uint64(0xFFFFFFFF)).any():
        return False  # no shingle in two paragraphs: seen == 0 everywhere
    key = key[np.concatenate(([True], key[1:] != key[:-1]))]  # distinct pairs
    hs = key >> np.uint64(32)
    later = np.concatenate(([False], hs[1:] == hs[:-1]))
    hp = (key & np.uint64(0xFFFFFFFF)).astype(np.int64)
    sizes = np.bincount(hp, minlength=n)
    seen = np.bincount(hp[later], minlength=n)
    lens = np.bincount(pid, minlength=n)
    near = (lens >= min_chars) & (sizes > 0) & (seen >= floor * sizes)
    exact = (lens >= min_exact_chars) & (sizes > 0) & (seen == sizes)
    return bool(near.any() or exact.any())


_LITTLE = np.little_endian
_MASK32 = 0xFFFFFFFF


@builtin("duplicate_paragraphs")
def duplicate_paragraphs(text: str, ctx: Context, *, shingle_size: int = 4,
                         near_threshold: float = 0.8, containment: float = 0.9,
                         min_overlap: float = 0.6, min_chars: int = 24,
                         min_exact_chars: int = 10,
                         block_threshold: float | None = None) -> Iterable[Change]:
    """Drop later copies of a paragraph of the same document; the first stays in place.

    A later paragraph goes when, against an earlier paragraph that is kept:
    its normalised text is equal (``min_exact_chars`` or more characters);
    or both have ``min_chars`` or more and the Jaccard similarity of their
    ``shingle_size``-character shingle sets is ``>= near_threshold`` (a few
    characters changed); or it is ``min_chars`` long and ``containment`` of its
    shingles lie in the earlier one (a truncated copy); or it holds
    ``containment`` of the earlier one's shingles and the copy is at least
    ``min_overlap`` of it (a copy with a stray prefix or suffix). A dropped
    paragraph takes the separator before it with it.

    Inside a repeated block (an article printed again with small edits), a
    paragraph next to a dropped copy is compared with the paragraph at the
    same place of the earlier block: at Jaccard ``>= block_threshold`` (lower
    than ``near_threshold``) it is an edited copy of it and goes too.
    """
    sep = ctx.paragraph_sep or "\n\n"
    if sep not in text:
        return []
    if not _may_drop(text, sep, shingle_size, min(near_threshold, containment, min_overlap),
                     min_chars, min_exact_chars):
        return []
    doc = _analyse(text, sep, shingle_size)
    paras = doc.paras
    n = len(paras)
    # cheap question first: exact repeats, and paragraphs whose shingles were
    # mostly seen earlier (clean text has neither)
    first_norm: dict[str, int] = {}
    exact: dict[int, int] = {}
    for i, p in enumerate(paras):
        if p.norm:
            j = first_norm.setdefault(p.norm, i)
            if j != i and len(p.norm) >= min_exact_chars and not _refrain(text, paras, i, min_chars):
                exact[i] = j
    sizes = np.diff(doc.bounds)
    lens = np.fromiter((len(p.norm) for p in paras), dtype=np.int64, count=n)
    floor = min(near_threshold, containment, min_overlap)
    near = np.flatnonzero((lens >= min_chars) & (sizes > 0)
                          & (_seen_before(doc) >= floor * sizes))
    if not exact and not near.size:
        return []
    todo = sorted(set(exact) | set(near.tolist()))
    kept = np.ones(n, dtype=bool)
    copy_of: dict[int, int] = {}
    changes: list[Change] = []
    for i in todo:
        hit: tuple[int, float, str] | None = None
        j0 = exact.get(i)
        if j0 is not None and kept[j0]:
            hit = (j0, 1.0, "duplicate paragraph")
        elif lens[i] >= min_chars and sizes[i]:
            hit = _near(i, doc, lens, sizes, kept, near_threshold, containment, min_overlap,
                        min_chars, text)
        if hit is None:
            continue
        j, sim, reason = hit
        kept[i] = False
        copy_of[i] = j
        p = paras[i]
        changes.append(Change(p.start - len(sep), p.end, "", reason=reason,
                              of=f"paragraph {j + 1}", similarity=round(sim, 4)))
    if block_threshold is not None and copy_of:
        for i, j, sim in _block_neighbours(doc, lens, sizes, kept, copy_of,
                                           block_threshold, min_chars):
            p = paras[i]
            changes.append(Change(p.start - len(sep), p.end, "",
                                  reason="edited copy in a repeated block",
                                  of=f"paragraph {j + 1}", similarity=round(sim, 4)))
        changes.sort(key=lambda c: c.start)
    return changes


def _block_neighbours(doc: _Doc, lens: np.ndarray, sizes: np.ndarray, kept: np.ndarray,
                      copy_of: dict[int, int], threshold: float, min_chars: int
                      ) -> list[tuple[int, int, float]]:
    """Kept paragraphs inside a run of dropped copies: paragraph ``i`` whose
    neighbour is a copy of ``j ± 1`` is compared with ``j`` only (one Jaccard
    per candidate), when at least two copies around ``i`` line up with the
    paragraphs around ``j`` (both after it, both before it, or one on each
    side): a lone repeated sentence makes no block. Updates ``kept`` and
    ``copy_of``; repeats until no paragraph joins a block."""
    out: list[tuple[int, int, float]] = []
    n = len(doc.paras)

    def aligned(i: int, j: int, step: int) -> int:
        run = 0
        while run < 2 and copy_of.get(i + step * (run + 1)) == j + step * (run + 1):
            run += 1
        return run

    grew = True
    while grew:
        grew = False
        for i in range(n):
            if not kept[i] or lens[i] < min_chars or not sizes[i]:
                continue
            targets = {copy_of[nb] - step for nb, step in ((i + 1, 1), (i - 1, -1))
                       if nb in copy_of}
            for j in sorted(targets):
                if not 0 <= j < i or not kept[j] or lens[j] < min_chars or not sizes[j]:
                    continue
                if aligned(i, j, 1) + aligned(i, j, -1) < 2:
                    continue
                a, b = doc.paras[i], doc.paras[j]
                x = np.intersect1d(a.shingles, b.shingles, assume_unique=True).size
                jac = x / (float(sizes[i]) + float(sizes[j]) - x)
                if jac < threshold or _template_variants(a.norm, b.norm):
                    continue
                kept[i] = False
                copy_of[i] = j
                out.append((i, j, jac))
                grew = True
                break
    return out


def _near(i: int, doc: _Doc, lens: np.ndarray, sizes: np.ndarray, kept: np.ndarray,
          near_threshold: float, containment: float, min_overlap: float, min_chars: int,
          text: str = "") -> tuple[int, float, str] | None:
    upto = doc.bounds[i]  # every shingle of paragraphs 0..i-1
    shared = np.isin(doc.hh[:upto], doc.paras[i].shingles, assume_unique=False)
    inter = np.bincount(doc.hp[:upto][shared], minlength=i)
    best: tuple[float, int, str] | None = None
    si = float(sizes[i])
    for j in np.flatnonzero(inter):
        if not kept[j] or lens[j] < min_chars or not sizes[j]:
            continue
        x = float(inter[j])
        sj = float(sizes[j])
        jac = x / (si + sj - x)
        ci, cj = x / si, x / sj
        if jac >= near_threshold:
            cand = (jac, int(j), "near-duplicate paragraph")
        elif ci >= containment:
            cand = (ci, int(j), "truncated copy")
        elif cj >= containment and ci >= min_overlap:
            later, earlier = doc.paras[i], doc.paras[int(j)]
            if text and _goes_on(text[earlier.start:earlier.end], text[later.start:later.end]):
                continue  # the earlier one is cut short (a summary): this one says more
            cand = (cj, int(j), "copy with extra text")
        else:
            continue
        if _template_variants(doc.paras[i].norm, doc.paras[int(j)].norm):
            continue
        if best is None or cand[0] > best[0]:
            best = cand
    if best is None:
        return None
    return best[1], best[0], best[2]


#: A sentence end (a refrain is a line of verse, which has none).
_SENTENCE_END = re.compile(r"[。！？!?…]")


def _refrain(text: str, paras: list[_Para], i: int, min_chars: int) -> bool:
    """Whether the short paragraph ``i`` (shorter than ``min_chars``) is a line of
    verse that a song or poem repeats: it holds no sentence end and the line
    before it is short too (a repeated slogan or caption follows prose)."""
    p = paras[i]
    return (len(p.norm) < min_chars and i > 0 and len(paras[i - 1].norm) < min_chars
            and _SENTENCE_END.search(text, p.start, p.end) is None)


#: A sentence end at the end of a text (closing marks may follow it).
_ENDS_SENTENCE = re.compile(r"[。！？!?…][”’」』）)]*\s*$")


def _goes_on(earlier: str, later: str) -> bool:
    """Whether ``later`` holds ``earlier`` and goes on with its last sentence
    (``…同比增长12.3%。`` / ``…同比增长12.3%，实现旅游收入28.6亿元。``): the
    earlier paragraph is a cut version (a summary, a teaser), and the later
    one's extra text is content. A stray prefix (a column's cut tail glued
    before a copy) or a new sentence after the copy is no such thing."""
    blocks = [b for b in SequenceMatcher(None, earlier, later, autojunk=False).get_matching_blocks()
              if b.size]
    if not blocks:
        return False
    big = max(blocks, key=lambda b: b.size)
    end = big.b + big.size
    return len(later[end:].strip()) >= 6 and _ENDS_SENTENCE.search(later, 0, end) is None


def _template_variants(a: str, b: str) -> bool:
    """Whether two near-identical paragraphs are items of one template (rows of a
    price list, a forecast per city) rather than one paragraph copied twice:
    every difference is a substitution, the first one the item's subject at its
    start (``北京市：`` / ``天津市：``, ``1月份`` / ``2月份``) and the others changed
    figures (``7.85`` / ``7.84``). Copies that a page repeated differ by what was
    cut or added, or by a character misread inside (``十堰行`` / ``十履行``)."""
    ops = [op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
           if op[0] != "equal"]
    if not ops or ops[0][1] != 0 or ops[0][3] != 0:
        return False  # the same subject: a copy, even with a figure misread
    head_a, head_b = ops[0][2], ops[0][4]
    if max(head_a, head_b) > 10 or abs(head_a - head_b) > 3:
        return False  # a cut or a stray prefix, no subject of a list item
    for tag, i1, i2, j1, j2 in ops:
        if tag != "replace":
            return False
        if i1 and not (_DIGIT.search(a, i1, i2) and _DIGIT.search(b, j1, j2)):
            return False
    return True


_DIGIT = re.compile(r"[0-9]")


# ============================================================ across documents
def too_short(text: str, min_chars: int, sketch: Any = None) -> bool:
    """Fewer than ``min_chars`` hashed characters: the document takes no part."""
    if min_chars <= 1:
        return False
    if sketch is not None and sketch.chars >= 0:
        return sketch.chars < min_chars
    return int(mapped_positions(text)[0].size) < min_chars


def near_duplicate_of(text: str, ctx: Context, *, threshold: float = 0.0,
                      min_chars: int = 1) -> tuple[str, float] | None:
    """``(kept_doc_id, similarity)`` when ``text`` nearly duplicates a document in
    ``ctx.index`` (the earliest indexed one), else None, and then ``text`` is
    added to the index under ``ctx.doc_id``.

    ``threshold`` 0 means the index's own threshold; ``min_chars`` is the
    minimum number of hashed characters for a document to take part. A document
    already indexed under the same id is not a duplicate of itself, so a rerun
    after a crash gives the same answers.
    """
    index = ctx.index
    if index is None or ctx.doc_id is None or too_short(text, min_chars, ctx.sketch):
        return None
    if ctx.sketch is not None:  # computed in a worker: only the lookup is sequential
        return index.check_add_sketch(ctx.doc_id, ctx.sketch, threshold=threshold or None)
    return index.check_add(ctx.doc_id, text, threshold=threshold or None)


def near_duplicate_documents(texts: list[str], ctxs: list[Context], *,
                             threshold: float = 0.0, min_chars: int = 1
                             ) -> list[tuple[str, str, float] | None]:
    """:func:`near_duplicate_document` for consecutive documents: one index
    transaction (``check_add_many``) instead of one per document."""
    out: list[tuple[str, str, float] | None] = [None] * len(texts)
    index = ctxs[0].index if ctxs else None
    many = getattr(index, "check_add_many", None)
    if many is None or any(c.sketch is None for c in ctxs):
        # no batched index, or a document without a worker's sketch: in order, one by one
        return [near_duplicate_document(t, c, threshold=threshold, min_chars=min_chars)
                for t, c in zip(texts, ctxs)]
    todo = [i for i, (t, c) in enumerate(zip(texts, ctxs))
            if c.doc_id is not None and not too_short(t, min_chars, c.sketch)]
    found = many([(ctxs[i].doc_id, ctxs[i].sketch) for i in todo],
                 threshold=threshold or None)
    for i, f in zip(todo, found):
        out[i] = _verdict(f)
    return out


def _verdict(found: tuple[str, float] | None) -> tuple[str, str, float] | None:
    return None if found is None else ("near-duplicate document", found[0], round(found[1], 4))


@builtin("near_duplicate_document", document=True, batch=near_duplicate_documents)
def near_duplicate_document(text: str, ctx: Context, *, threshold: float = 0.0,
                            min_chars: int = 1) -> tuple[str, str, float] | None:
    """Document-level mechanism: ``(reason, kept_id, similarity)`` or None."""
    return _verdict(near_duplicate_of(text, ctx, threshold=threshold, min_chars=min_chars))


class _ShingleStore:
    """Sampled 64-bit shingle hash -> first paragraph that had it, for a whole run.

    Sorted numpy levels merged like an LSM tree (sizes roughly doubling), so an
    add or a lookup costs a few vectorised ``searchsorted`` calls, never a Python
    call per shingle. 12 bytes per stored hash.
    """

    def __init__(self, max_entries: int) -> None:
        self.levels: list[tuple[np.ndarray, np.ndarray]] = []
        self.entries = 0
        self.max_entries = max_entries
        self.refs: list[tuple[str, int, int]] = []  # (doc id, paragraph no, sampled size)

    @staticmethod
    def _first(keys: np.ndarray, refs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        order = np.lexsort((refs, keys))
        keys, refs = keys[order], refs[order]
        keep = np.ones(keys.size, dtype=bool)
        np.not_equal(keys[1:], keys[:-1], out=keep[1:])
        return keys[keep], refs[keep]

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        out = np.full(keys.size, -1, dtype=np.int64)
        for lk, lr in self.levels:
            idx = np.searchsorted(lk, keys)
            idx[idx >= lk.size] = 0
            hit = lk[idx] == keys
            cand = lr[idx].astype(np.int64)
            better = hit & ((out < 0) | (cand < out))
            out[better] = cand[better]
        return out

    def add(self, keys: np.ndarray, refs: np.ndarray) -> None:
        if not keys.size or self.entries >= self.max_entries:
            return
        self.levels.append(self._first(keys, refs))
        while len(self.levels) > 1 and self.levels[-2][0].size <= 2 * self.levels[-1][0].size:
            (k1, r1), (k2, r2) = self.levels[-2], self.levels[-1]
            self.levels[-2:] = [self._first(np.concatenate([k1, k2]), np.concatenate([r1, r2]))]
        self.entries = sum(k.size for k, _ in self.levels)


@builtin("repeated_paragraphs", sequential=True)
def repeated_paragraphs(text: str, ctx: Context, *, drop: bool = False,
                        overlap: float = 0.25, threshold: float = 0.8,
                        shingle_size: int = 6, sample: int = 2, min_chars: int = 30,
                        min_shared: int = 8, max_entries: int = 100_000_000
                        ) -> Iterable[Change]:
    """Paragraphs that repeat text of a paragraph of an earlier document.

    Shingles (``shingle_size`` characters, 1 in ``sample`` kept by hash) of each
    paragraph of ``min_chars`` or more normalised characters are looked up among
    those of earlier documents. A paragraph sharing ``min_shared`` or more kept
    shingles with one earlier paragraph, and at least ``overlap`` of the smaller
    of the two, is listed in ``ctx.metadata["repeated_paragraphs"]`` as
    ``{"paragraph", "of", "similarity", "overlap"}`` (``similarity`` is the
    Jaccard estimate of the two shingle sets). With ``drop = true`` a paragraph
    whose similarity is ``>= threshold`` (a near-copy, not just shared facts) is
    dropped instead, with its preceding separator. State lives in memory beside
    ``ctx.index`` for one run, at most ``max_entries`` hashes (12 bytes each).
    """
    index = ctx.index
    if index is None or ctx.doc_id is None:
        return []
    extras: dict[str, Any] | None = getattr(index, "extras", None)
    if extras is None:
        return []
    sep = ctx.paragraph_sep or "\n\n"
    key = f"repeated_paragraphs:{shingle_size}:{sample}:{max_entries}"
    store: _ShingleStore | None = extras.get(key)
    if store is None:
        store = extras[key] = _ShingleStore(max_entries)
    paras = _analyse(text, sep, shingle_size, wide=True).paras
    smp = np.uint64(max(1, sample))
    found = []
    new_keys, new_refs = [], []
    for no, p in enumerate(paras):
        if len(p.norm) < min_chars or not p.shingles.size:
            continue
        keys = p.shingles[p.shingles % smp == 0] if sample > 1 else p.shingles
        if keys.size < min_shared:
            continue
        refs = store.lookup(keys)
        refs = refs[refs >= 0]
        if refs.size >= min_shared:
            ids, counts = np.unique(refs, return_counts=True)
            best = int(np.argmax(counts))
            shared, ref = int(counts[best]), int(ids[best])
            doc, m, size = store.refs[ref]
            ov = shared / min(keys.size, size)
            if shared >= min_shared and ov >= overlap and doc != ctx.doc_id:
                sim = shared / (keys.size + size - shared)
                found.append((no, doc, m, round(sim, 4), round(ov, 4)))
        ref = len(store.refs)
        store.refs.append((ctx.doc_id, no, int(keys.size)))
        new_keys.append(keys)
        new_refs.append(np.full(keys.size, ref, dtype=np.int32))
    if new_keys:
        store.add(np.concatenate(new_keys), np.concatenate(new_refs))
    if not found:
        return []
    if not drop:
        if ctx.metadata is not None:
            ctx.metadata.setdefault("repeated_paragraphs", []).extend(
                {"paragraph": no + 1, "of": f"{d} paragraph {m + 1}", "similarity": sim,
                 "overlap": ov} for no, d, m, sim, ov in found)
        return []
    drops = [(no, d, m, sim) for no, d, m, sim, _ in found if sim >= threshold]
    dropped = {no for no, *_ in drops}
    lead = 0  # paragraphs 0..lead-1 all dropped: they take the separator after them
    while lead in dropped:
        lead += 1
    out = []
    for no, d, m, sim in drops:
        p = paras[no]
        if no < lead:
            span = (p.start, paras[no + 1].start) if no + 1 < len(paras) else (p.start, p.end)
        else:
            span = (p.start - len(sep), p.end)
        out.append(Change(span[0], span[1], "", reason="repeated paragraph",
                          of=f"{d} paragraph {m + 1}", similarity=sim))
    return out
