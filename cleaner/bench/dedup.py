"""Near-duplicate benchmark: ``python -m cleaner.bench.dedup [--docs N] [--big N]``.

A seeded generator writes Chinese-like documents (Zipf-weighted CJK characters,
full-width punctuation) and plants near-duplicates of earlier documents at known
similarities from 0.5 to 1.0 (random character substitutions; the exact Jaccard
similarity of the shingle sets is computed as ground truth). Prints:

- precision and recall of ``check_add`` at the default threshold (a planted copy
  counts as a true duplicate when its exact Jaccard is >= the threshold), also
  with a +-0.05 margin and per similarity bucket;
- signature MB/s (batched and one document at a time) per core;
- index add and query rates, memory and disk per indexed document;
- with ``--big N``: builds an N-document SQLite index, then times adding 1,000
  more documents and querying 1,000 against it.

Figures, not assertions. Runs on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Iterator

import numpy as np

from ..dedup import MinHashConfig, NearDupIndex
from ..dedup.minhash import Signer, exact_jaccard, signature, sketch_many

_PUNCT = np.array([ord(c) for c in "，。、；："], dtype=np.uint32)


def _vocab(rng: np.random.Generator, size: int = 3500) -> tuple[np.ndarray, np.ndarray]:
    chars = rng.choice(np.arange(0x4E00, 0x9FA6, dtype=np.uint32), size=size, replace=False)
    w = 1.0 / np.arange(1, size + 1) ** 0.9
    return chars, w / w.sum()


def _text(rng: np.random.Generator, vocab: tuple[np.ndarray, np.ndarray], n: int) -> np.ndarray:
    cps = rng.choice(vocab[0], size=n, p=vocab[1])
    marks = rng.random(n) < 1 / 14
    cps[marks] = rng.choice(_PUNCT, size=int(marks.sum()))
    return cps


def _to_str(cps: np.ndarray) -> str:
    return cps.astype("<u4").tobytes().decode("utf-32-le")


def corpus(n_docs: int, *, seed: int = 7, mean_chars: int = 1000, dup_rate: float = 0.2
           ) -> Iterator[tuple[str, str, str | None]]:
    """``(doc_id, text, source_id_or_None)``; sources are earlier originals."""
    rng = np.random.default_rng(seed)
    vocab = _vocab(rng)
    originals: list[tuple[str, np.ndarray]] = []
    for i in range(n_docs):
        if originals and rng.random() < dup_rate:
            src_id, src = originals[int(rng.integers(len(originals)))]
            p = float(rng.uniform(0.0, 0.085))  # substitution rate: J from 1.0 to ~0.5
            cps = src.copy()
            hit = rng.random(cps.size) < p
            cps[hit] = rng.choice(vocab[0], size=int(hit.sum()), p=vocab[1])
            yield f"d{i}", _to_str(cps), src_id
        else:
            n = max(50, int(rng.normal(mean_chars, mean_chars / 4)))
            cps = _text(rng, vocab, n)
            originals.append((f"d{i}", cps))
            if len(originals) > 5000:
                originals.pop(0)
            yield f"d{i}", _to_str(cps), None


def quality(n_docs: int, cfg: MinHashConfig) -> dict:
    """Precision/recall of check_add on a planted corpus, against exact Jaccard."""
    signer = Signer(cfg)
    docs = list(corpus(n_docs))
    texts = {d: t for d, t, _ in docs}
    truth: dict[str, float] = {}
    for d, t, src in docs:
        if src is not None:
            truth[d] = exact_jaccard(signer.hashes(t), signer.hashes(texts[src]))
    thr = cfg.threshold
    pred: dict[str, tuple[str, float]] = {}
    with NearDupIndex.open(None, cfg) as ix:
        t0 = time.perf_counter()
        for d, t, _ in docs:
            found = ix.check_add(d, t)
            if found:
                pred[d] = found
        secs = time.perf_counter() - t0
    pos = {d for d, j in truth.items() if j >= thr}
    tp = sum(1 for d in pred if d in pos)
    margin_pos = {d for d, j in truth.items() if j >= thr + 0.05}
    margin_neg = {d for d in texts if d not in truth or truth[d] < thr - 0.05}
    buckets = {}
    for lo in np.arange(0.5, 1.0, 0.05):
        ids = [d for d, j in truth.items() if lo <= j < lo + 0.05 or (lo >= 0.95 and j >= lo)]
        if ids:
            buckets[f"{lo:.2f}"] = {"planted": len(ids),
                                    "dropped": sum(1 for d in ids if d in pred)}
    err = [abs(pred[d][1] - truth[d]) for d in pred if d in truth]
    return {
        "documents": n_docs, "planted": len(truth), "true_dups_at_threshold": len(pos),
        "predicted": len(pred), "precision": tp / max(1, len(pred)),
        "recall": tp / max(1, len(pos)),
        "recall_J>=thr+0.05": sum(1 for d in margin_pos if d in pred) / max(1, len(margin_pos)),
        "false_drops_J<thr-0.05": sum(1 for d in pred if d in margin_neg),
        "similarity_abs_error_mean": float(np.mean(err)) if err else None,
        "check_add_docs_per_s": n_docs / secs, "by_similarity": buckets,
    }


def accuracy_vs_datasketch(pairs: int, cfg: MinHashConfig) -> dict:
    """Mean |estimate - exact Jaccard| of our signatures and of datasketch's own
    MinHash (sha1, same num_perm and seed) on the same planted pairs."""
    from datasketch import MinHash

    from ..dedup.minhash import shingles

    signer = Signer(cfg)
    ours, theirs, bias = [], [], []
    gen = corpus(pairs * 6, mean_chars=600, dup_rate=0.5)
    texts: dict[str, str] = {}
    n = 0
    for d, t, src in gen:
        texts[d] = t
        if src is None:
            continue
        a, b = t, texts[src]
        ha, hb = signer.hashes(a), signer.hashes(b)
        exact = exact_jaccard(ha, hb)
        sa, sb = signature(ha, cfg.num_perm, cfg.seed), signature(hb, cfg.num_perm, cfg.seed)
        est = float(np.mean(sa == sb))
        ma, mb = MinHash(cfg.num_perm, seed=cfg.seed), MinHash(cfg.num_perm, seed=cfg.seed)
        ma.update_batch([s.encode() for s in shingles(a, cfg.shingle_size)])
        mb.update_batch([s.encode() for s in shingles(b, cfg.shingle_size)])
        ds = ma.jaccard(mb)
        ours.append(abs(est - exact))
        theirs.append(abs(ds - exact))
        bias.append(est - ds)
        n += 1
        if n >= pairs:
            break
    return {"pairs": n, "ours_mean_abs_error": float(np.mean(ours)),
            "datasketch_mean_abs_error": float(np.mean(theirs)),
            "mean_ours_minus_datasketch": float(np.mean(bias))}


def signature_speed(cfg: MinHashConfig, mb: float = 30.0) -> dict:
    signer = Signer(cfg)
    texts = []
    total = 0
    for _, t, _ in corpus(100000, seed=3, dup_rate=0.0):
        texts.append(t)
        total += len(t.encode())
        if total > mb * 1e6:
            break
    t0 = time.process_time()
    sketch_many([signer.hashes(t) for t in texts], cfg)
    batch = total / 1e6 / (time.process_time() - t0)
    t0 = time.process_time()
    for t in texts:
        signer.sketch(t)
    single = total / 1e6 / (time.process_time() - t0)
    t0 = time.process_time()
    for t in texts:
        signature(signer.hashes(t), cfg.num_perm, cfg.seed)
    sig_only = total / 1e6 / (time.process_time() - t0)
    return {"MB": round(total / 1e6, 1), "docs": len(texts),
            "batched_sketch_MB_per_s": batch, "one_by_one_sketch_MB_per_s": single,
            "one_by_one_signature_only_MB_per_s": sig_only}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _big_chunk(task: tuple[int, int, int, int]) -> list:
    """Sketches of ``count`` generated documents (seeded by chunk): run in a worker."""
    seed, first, count, mean_chars = task
    rng = np.random.default_rng([seed, first])
    vocab = _vocab(np.random.default_rng(seed))
    sizes = np.maximum(50, rng.normal(mean_chars, mean_chars / 4, count).astype(np.int64))
    cps = _text(rng, vocab, int(sizes.sum()))
    bounds = np.concatenate(([0], np.cumsum(sizes)))
    texts = [_to_str(cps[bounds[i]:bounds[i + 1]]) for i in range(count)]
    signer = Signer(MinHashConfig())
    return list(zip((f"big{first + i}" for i in range(count)), signer.sketches(texts)))


def big(n_docs: int, path: Path, cfg: MinHashConfig, mean_chars: int,
        bulk: int = 50_000) -> dict:
    """Build an ``n_docs`` SQLite index in bulk (documents generated and sketched in
    a worker process, indexed by this one ``bulk`` documents per transaction: a
    large sorted batch touches each B-tree page of the band table once for many
    rows), then time incremental adds and queries."""
    import multiprocessing

    for suffix in ("", "-wal", "-shm"):
        q = Path(str(path) + suffix)
        if q.exists():
            q.unlink()
    out: dict = {"documents": n_docs, "mean_chars": mean_chars}
    step = 2000
    tasks = [(11, i, min(step, n_docs - i), mean_chars) for i in range(0, n_docs, step)]
    t0 = time.perf_counter()
    index_s = 0.0
    with NearDupIndex.open(path, cfg) as ix, \
            multiprocessing.get_context("fork").Pool(1) as pool:
        pending: deque = deque()
        todo = iter(tasks)
        batch: list = []
        ahead = bulk // step + 2  # bounded: the worker never runs far ahead
        for n in range(1, len(tasks) + 1):
            while len(pending) < ahead:
                task = next(todo, None)
                if task is None:
                    break
                pending.append(pool.apply_async(_big_chunk, (task,)))
            batch += pending.popleft().get()
            if len(batch) < bulk and n < len(tasks):
                continue
            t1 = time.perf_counter()
            ix.add_sketches(batch)
            batch = []
            index_s += time.perf_counter() - t1
            done = min(n * step, n_docs)
            if done % 500_000 < bulk:
                print(json.dumps({"indexed": done, "seconds": round(time.perf_counter() - t0),
                                  "index_docs_per_s": round(done / index_s),
                                  "rss_MB": round(_rss_mb())}), flush=True)
        out["build_seconds"] = time.perf_counter() - t0
        out["build_docs_per_s"] = n_docs / out["build_seconds"]
        out["index_only_docs_per_s"] = n_docs / index_s
    with NearDupIndex.open(path) as ix:
        more = list(corpus(2000, seed=12, mean_chars=mean_chars, dup_rate=0.0))
        t0 = time.perf_counter()
        for d, t, _ in more[:1000]:
            ix.add("new-" + d, t)
        out["add_1000_one_by_one_seconds"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        for d, t, _ in more[1000:]:
            ix.query(t)
        out["query_1000_seconds"] = time.perf_counter() - t0
        st = ix.stats()
    out["disk_bytes"] = st["size_bytes"]
    out["disk_bytes_per_doc"] = st["size_bytes"] / (n_docs + 1000)
    out["max_rss_MB"] = _rss_mb()
    out["worker_max_rss_MB"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=20000, help="documents for precision/recall")
    ap.add_argument("--pairs", type=int, default=300, help="pairs for the accuracy check")
    ap.add_argument("--big", type=int, default=0, help="documents in the large-index build")
    ap.add_argument("--big-chars", type=int, default=500, help="mean characters, big build")
    ap.add_argument("--big-path", type=Path, default=None)
    args = ap.parse_args(argv)
    cfg = MinHashConfig()
    res: dict = {"config": cfg.fingerprint}
    res["signature_speed"] = signature_speed(cfg)
    print(json.dumps(res["signature_speed"]), flush=True)
    res["accuracy"] = accuracy_vs_datasketch(args.pairs, cfg)
    print(json.dumps(res["accuracy"]), flush=True)
    res["quality"] = quality(args.docs, cfg)
    print(json.dumps(res["quality"]), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "small.db"
        n = 20000
        docs = list(corpus(n, seed=5, mean_chars=1000, dup_rate=0.0))
        with NearDupIndex.open(p, cfg) as ix:
            t0 = time.perf_counter()
            for d, t, _ in docs:
                ix.add(d, t)
            add_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            for d, t, _ in docs[:2000]:
                ix.query(t)
            q_s = time.perf_counter() - t0
            size = ix.stats()["size_bytes"]
        res["small_index"] = {"documents": n, "add_one_by_one_docs_per_s": n / add_s,
                              "query_docs_per_s": 2000 / q_s, "disk_bytes_per_doc": size / n}
        print(json.dumps(res["small_index"]), flush=True)
    if args.big:
        path = args.big_path or Path(tempfile.gettempdir()) / "cleancorpus-bench-big.db"
        res["big"] = big(args.big, path, cfg, args.big_chars)
        print(json.dumps(res["big"]), flush=True)
        if args.big_path is None:
            for suffix in ("", "-wal", "-shm"):
                q = Path(str(path) + suffix)
                if q.exists():
                    os.remove(q)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
