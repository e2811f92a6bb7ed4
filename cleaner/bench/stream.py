"""Streaming benchmark: ``python -m cleaner.bench.stream --gb 5 [--jobs 2]``.

Generates a seeded news JSONL corpus of the given size (documents of
:mod:`cleaner.bench.corpus`, each file of the generator a new seed, so they are
not near-duplicates of each other), runs ``cleancorpus clean`` on it in a
subprocess and samples the resident memory of the whole process tree (the main
process and its workers, from ``/proc``) every few seconds. Memory that stays
flat while the input grows is the point: it is bounded by ``--jobs`` and the
batch size, not by the corpus. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .corpus import documents


def write_corpus(path: Path, nbytes: int, *, kind: str = "news") -> tuple[int, int]:
    """Append generated documents until ``path`` holds ``nbytes``; (bytes, docs)."""
    size = docs = 0
    seed = 1
    with open(path, "w", encoding="utf-8") as f:
        while size < nbytes:
            for doc in documents(20000, kind=kind, seed=seed):
                doc["id"] = f"s{seed}-{doc['id']}"
                line = json.dumps(doc, ensure_ascii=False) + "\n"
                f.write(line)
                size += len(line.encode("utf-8"))
                docs += 1
                if size >= nbytes:
                    break
            seed += 1
    return size, docs


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and its descendants, in KiB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cleaner.bench.stream")
    ap.add_argument("--gb", type=float, default=5.0, help="input size in GB")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--dir", type=Path, default=None, help="work directory (kept)")
    ap.add_argument("--every", type=float, default=10.0, help="seconds between samples")
    args = ap.parse_args(argv)
    work = args.dir or Path(tempfile.mkdtemp(prefix="cleancorpus-stream-"))
    work.mkdir(parents=True, exist_ok=True)
    src = work / "in" / "corpus.jsonl"
    src.parent.mkdir(exist_ok=True)
    want = int(args.gb * 1e9)
    if not src.exists() or src.stat().st_size < want:
        t0 = time.perf_counter()
        size, docs = write_corpus(src, want)
        print(json.dumps({"generated_bytes": size, "documents": docs,
                          "seconds": round(time.perf_counter() - t0)}), flush=True)
    size = src.stat().st_size
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    for p in work.glob("index.db*"):
        p.unlink()
    cmd = [sys.executable, "-m", "cleaner", "clean", str(src.parent), "-o", str(out),
           "--jobs", str(args.jobs), "--index", str(work / "index.db"), "--quiet"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    samples = []
    while proc.poll() is None:
        time.sleep(args.every)
        rss = _tree_rss_kb(proc.pid) / 1024
        if not rss:  # the run ended between poll and sample
            continue
        samples.append((round(time.perf_counter() - t0), round(rss)))
        print(json.dumps({"seconds": samples[-1][0], "tree_rss_MB": samples[-1][1]}),
              flush=True)
    secs = time.perf_counter() - t0
    peak = max((r for _, r in samples), default=0)
    res = {"input_bytes": size, "jobs": args.jobs, "exit": proc.returncode,
           "seconds": round(secs, 1), "MB_per_s": round(size / 1e6 / secs, 2),
           "peak_tree_rss_MB": peak,
           "rss_MB_at_10_50_90_percent_of_run": [
               samples[min(len(samples) - 1, int(len(samples) * q))][1]
               for q in (0.1, 0.5, 0.9)] if samples else [],
           "output_bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file())}
    print(json.dumps(res), flush=True)
    return 0 if proc.returncode in (0, 1) else proc.returncode


if __name__ == "__main__":
    raise SystemExit(main())
