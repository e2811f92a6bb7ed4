"""``python -m cleaner.bench``: time each stage and the whole run on generated corpora.

Prints MB/s and docs/s per core, and the ratios against a plain JSONL
read+write of the same data and against ``ftfy.fix_text`` alone. Figures, not
assertions: the README table is copied from this output.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

from .. import Pipeline, clean_text
from ..runner import RunOptions, run
from .corpus import documents, write_jsonl


def _rate(nbytes: int, secs: float) -> float:
    return nbytes / 1e6 / secs


def _time(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _best(fn, repeat: int) -> float:
    """The fastest of ``repeat`` timings: on a shared machine the slower runs
    measure the neighbours, not the code (``timeit``'s advice)."""
    return min(_time(fn) for _ in range(repeat))


def floor_read_write(src: Path, dst: Path, repeat: int = 1) -> float:
    def go() -> None:
        with open(src, encoding="utf-8") as fi, open(dst, "w", encoding="utf-8") as fo:
            for line in fi:
                fo.write(json.dumps(json.loads(line), ensure_ascii=False) + "\n")
    return _best(go, repeat)


def stage_rates(texts: list[str]) -> dict[str, float]:
    nbytes = sum(len(t.encode()) for t in texts)
    out = {}
    for prefix in ("ENC", "SCR", "BOI", "LAY", "DUP"):
        pipe = Pipeline(select=[prefix])
        out[prefix] = _rate(nbytes, _time(lambda: [pipe.clean(t) for t in texts]))
    return out


def whole_run(src: Path, out: Path, jobs: int) -> float:
    opts = RunOptions(mode="clean", out=out, jobs=jobs, quiet=True,
                      echo=lambda s: None, err=lambda s: None)
    return _time(lambda: run([str(src)], Pipeline(), opts))


def phases(texts: list[str], repeat: int = 3) -> dict[str, float]:
    """Microseconds per document of each part of a ``-j1`` run's work (JSONL
    form), the fastest of ``repeat`` timings: the per-document rules, the
    near-duplicate sketch of the cleaned text (alone: in a run it shares the
    normalisation and shingle hashing of DUP001), and the line-frequency
    pre-pass. The read+write floor and the index step are the rest of a run."""
    from ..corpus_stats import CorpusStats
    from ..dedup.minhash import MinHashConfig, Signer

    n = len(texts)
    rules = Pipeline()
    cleaned = [rules.clean_local(t, format="jsonl").text for t in texts]  # warm, too
    signer = Signer(MinHashConfig())
    return {"rules": _best(lambda: [rules.clean_local(t, format="jsonl") for t in texts],
                           repeat) / n * 1e6,
            "sketch": _best(lambda: [signer.sketch(t) for t in cleaned], repeat) / n * 1e6,
            "pre-pass": _best(lambda: [CorpusStats().observe(t) for t in texts],
                              repeat) / n * 1e6}


def _busy(texts: list[str]) -> float:
    pipe = Pipeline()
    pipe.clean(texts[0])
    return _time(lambda: [pipe.clean(t) for t in texts])


def parallel_ceiling(texts: list[str], jobs: int) -> tuple[float, float]:
    """The same CPU-bound work (cleaning ``texts``) alone, then in ``jobs``
    processes at once: the seconds each took, and the speed-up the machine
    allows ``jobs`` workers that share nothing (``jobs`` x alone / together).
    Two busy cores of a small machine run slower than one (shared caches,
    memory bandwidth, clock), so ``--jobs N`` cannot beat this."""
    import multiprocessing

    alone = min(_busy(texts) for _ in range(2))
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        together = max(pool.map(_busy, [texts] * jobs))
    return alone, jobs * alone / together


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cleaner.bench")
    ap.add_argument("--docs", type=int, default=5000, help="documents per corpus")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=3,
                    help="timings per figure; the fastest is reported")
    args = ap.parse_args(argv)
    import ftfy
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        rows = []
        for kind in ("news", "traditional", "clean"):
            src = d / f"{kind}.jsonl"
            size = write_jsonl(src, args.docs, kind=kind)
            texts = [doc["text"] for doc in documents(args.docs, kind=kind)]
            floor = _rate(size, floor_read_write(src, d / "floor.jsonl", args.repeat))
            ftfy_rate = _rate(size, _best(lambda: [ftfy.fix_text(t) for t in texts],
                                          args.repeat))
            # -j1 and -jN alternate, so a slow spell of the machine touches both
            ones, manys = [], []
            for _ in range(max(1, args.repeat)):
                ones.append(whole_run(src, d / f"out1-{kind}", 1))
                manys.append(whole_run(src, d / f"outN-{kind}", args.jobs))
            one, many = _rate(size, min(ones)), _rate(size, min(manys))
            same = all((d / f"out1-{kind}" / p.name).read_bytes() == p.read_bytes()
                       for p in (d / f"outN-{kind}").iterdir())
            stages = stage_rates(texts[: max(200, args.docs // 4)])
            parts = phases(texts[: max(200, args.docs // 4)], args.repeat)
            rows.append((kind, size, floor, ftfy_rate, one, many, same, stages, parts))
        alone, ceiling = parallel_ceiling(
            [doc["text"] for doc in documents(1000, kind="news")], args.jobs)
        page = next(documents(1, kind="clean"))["text"].replace("\n", "\n\n")[:1000]  # txt form
        clean_text(page)
        n = 3000
        calls = n / _time(lambda: [clean_text(page) for _ in range(n)])
    j = args.jobs
    print(f"\n{args.docs} documents per corpus; MB/s of input text (per core for -j{j}); "
          f"the fastest of {args.repeat} timings\n")
    print("| corpus | size MB | read+write floor | ftfy.fix_text | clean -j1 | docs/s -j1 | "
          f"÷ floor | × ftfy | clean -j{j} per core | speed-up | identical | "
          "ENC | SCR | BOI | LAY | DUP |")
    print("| --- " * 16 + "|")
    for kind, size, floor, ft, one, many, same, st, _ in rows:
        print(f"| {kind} | {size / 1e6:.1f} | {floor:.1f} | {ft:.1f} | {one:.1f} | "
              f"{one * 1e6 / (size / args.docs):,.0f} | {floor / one:.0f}× slower | "
              f"{one / ft:.2f}× | {many / j:.1f} | {many / one:.2f}× | "
              f"{'yes' if same else 'NO'} | " +
              " | ".join(f"{st[k]:.1f}" for k in ("ENC", "SCR", "BOI", "LAY", "DUP")) + " |")
    print("\nwhere a -j1 run's time goes, µs per document (the floor: read+write alone; "
          "the rest: index step, records, report, less what the sketch shares with DUP001)\n")
    print("| corpus | whole run | read+write floor | rules | sketch | pre-pass | rest |")
    print("| --- " * 7 + "|")
    for kind, size, floor, _, one, _, _, _, parts in rows:
        per_doc = size / args.docs / 1e6
        whole, io = per_doc / one * 1e6, per_doc / floor * 1e6
        rest = whole - io - sum(parts.values())
        print(f"| {kind} | {whole:.0f} | {io:.0f} | {parts['rules']:.0f} | "
              f"{parts['sketch']:.0f} | {parts['pre-pass']:.0f} | {rest:.0f} |")
    print(f"\nthe same work in {j} processes at once: {ceiling:.2f}x one alone "
          f"(the most -j{j} can reach on this machine; {alone:.2f} s alone)")
    print(f"\nclean_text on a 1 KB clean page: {calls:,.0f} calls/s")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
