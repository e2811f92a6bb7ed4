"""Script-stage benchmark: ``python -m cleaner.bench.scripts [--docs N] [--seed S]``.

Seeded generated input: documents assembled from the seed paragraphs with a
share of their Han characters replaced (so they are not copies), in three
kinds: clean Simplified (full-width punctuation, the fast path), raw Simplified
(half-width punctuation, as scraped), and Traditional (the same paragraphs
converted once with the package's s2t). Prints, on one core:

- documents/s and MB/s of the whole SCR stage (``Pipeline(select=["SCR"])``);
- MB/s of :func:`cleaner.t2s.convert` and of ``OpenCC("t2s").convert`` on the
  Traditional documents (output checked identical), and of the detector
  :func:`cleaner.t2s.needs_conversion` on Simplified documents;
- the share of the characters of seeds 001/002 changed by the conversion
  (SCR004) and by the other SCR rules, per rule.

Figures, not assertions.
"""

from __future__ import annotations

from .corpus import seeds_dir

import argparse
import random
import time
from typing import Callable

from .. import Pipeline, t2s

SIMPLIFIED_SEEDS = ("000", "003", "004")


def _seed(prefix: str) -> str:
    return next(seeds_dir().glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _paragraphs(clean: bool) -> list[str]:
    """Paragraphs (> 20 chars) of the Simplified seeds, SCR-normalised if ``clean``."""
    pipe = Pipeline(select=["SCR"]) if clean else None
    out = []
    for prefix in SIMPLIFIED_SEEDS:
        text = _seed(prefix)
        if pipe is not None:
            text = pipe.clean(text).text
        out += [p for p in text.split("\n") if len(p) > 20]
    return out


def _mutate(rng: random.Random, para: str, alphabet: list[str], share: float) -> str:
    chars = list(para)
    han = [i for i, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
    for i in rng.sample(han, int(len(han) * share)):
        chars[i] = rng.choice(alphabet)
    return "".join(chars)


def generate(n: int, kind: str, seed: int = 1) -> list[str]:
    """``n`` documents of ``kind``: ``clean``, ``raw`` or ``traditional``."""
    rng = random.Random(seed)
    paras = _paragraphs(clean=kind != "raw")
    if kind == "traditional":
        from opencc import OpenCC
        s2t = OpenCC("s2t")
        paras = [s2t.convert(p) for p in paras]
    alphabet = sorted({c for p in paras for c in p if "\u4e00" <= c <= "\u9fff"})
    return ["\n\n".join(_mutate(rng, p, alphabet, 0.2)
                        for p in rng.sample(paras, rng.randint(3, 8))) for _ in range(n)]


def _rate(texts: list[str], fn: Callable[[str], object], repeat: int = 3) -> tuple[float, float]:
    """(documents/s, MB/s) of ``fn`` over ``texts``, best of ``repeat``."""
    nbytes = sum(len(t.encode()) for t in texts)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best, nbytes / 1e6 / best


def changed_chars(prefix: str) -> tuple[int, dict[str, int]]:
    """A seed's length and the characters each SCR rule changes in it.

    A conversion edit spans unchanged characters between changed ones, so for
    SCR004 only the positions that differ are counted; other rules count the
    longer side of each edit (a deleted annotation counts all its characters).
    """
    text = _seed(prefix)
    res = Pipeline(select=["SCR"]).clean(text)
    per_rule: dict[str, int] = {}
    for e in res.edits:
        if e.rule == "SCR004" and len(e.before) == len(e.after):
            n = sum(a != b for a, b in zip(e.before, e.after))
        else:
            n = max(len(e.before), len(e.after))
        per_rule[e.rule] = per_rule.get(e.rule, 0) + n
    return len(text), per_rule


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cleaner.bench.scripts")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    stage = Pipeline(select=["SCR"])
    docs = {kind: generate(args.docs, kind, args.seed) for kind in ("clean", "raw", "traditional")}
    stage.clean(docs["traditional"][0])  # build the converter outside the timing
    mb = {k: sum(len(t.encode()) for t in v) / 1e6 for k, v in docs.items()}
    print(f"{args.docs} documents per kind (seed {args.seed}); sizes "
          + ", ".join(f"{k} {v:.1f} MB" for k, v in mb.items()) + "\n")
    print("| input | SCR stage docs/s | SCR stage MB/s |")
    print("| --- | --- | --- |")
    for kind, label in (("clean", "clean Simplified (fast path)"),
                        ("raw", "Simplified, half-width punctuation"),
                        ("traditional", "Traditional")):
        d, m = _rate(docs[kind], stage.clean)
        print(f"| {label} | {d:,.0f} | {m:.1f} |")

    trad = docs["traditional"]
    conv = t2s.get_converter()
    _, ours = _rate(trad, conv.convert)
    from opencc import OpenCC
    ref = OpenCC("t2s")
    sample = trad[: max(20, len(trad) // 20)]
    _, theirs = _rate(sample, ref.convert, repeat=1)
    same = all(conv.convert(t) == ref.convert(t) for t in sample)
    big = "\n".join(trad)
    _, ours_big = _rate([big], conv.convert)
    _, detect = _rate(docs["clean"], t2s.needs_conversion)
    _, detect_big = _rate(["\n".join(docs["clean"])], t2s.needs_conversion)
    print("\n| T2S | MB/s |")
    print("| --- | --- |")
    print(f"| cleaner.t2s.convert, per document | {ours:.1f} |")
    print(f"| cleaner.t2s.convert, one {len(big.encode()) / 1e6:.1f} MB text | {ours_big:.1f} |")
    print(f"| OpenCC('t2s').convert (package), per document | {theirs:.2f} |")
    print(f"| speed-up | {ours / theirs:.0f}x (identical output: {'yes' if same else 'NO'}) |")
    print(f"| detector needs_conversion on Simplified, per document | {detect:.1f} |")
    print(f"| detector on one {mb['clean']:.1f} MB Simplified text | {detect_big:.1f} |")

    print("\n| seed | characters | changed by T2S (SCR004) | changed beyond T2S | by rule |")
    print("| --- | --- | --- | --- | --- |")
    for prefix in ("001", "002"):
        size, per_rule = changed_chars(prefix)
        conv_share = per_rule.pop("SCR004", 0) / size
        rules = ", ".join(f"{k} {v}" for k, v in sorted(per_rule.items()))
        print(f"| {prefix} | {size} | {conv_share:.1%} | {sum(per_rule.values()) / size:.1%} "
              f"| {rules} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
