"""Seeded generators of benchmark corpora built from the seed articles.

Documents are assembled from real paragraphs with a share of their characters
replaced by other common characters, so they keep the statistics of Chinese
news text but are not near-duplicates of each other (which dedup would drop).
"""

from __future__ import annotations

import json
import os
import random
from functools import lru_cache
from pathlib import Path
from typing import Iterator

def seeds_dir() -> Path:
    """``$CLEANCORPUS_SEEDS``, else ``./seeds``, else the source checkout's seeds/."""
    for cand in (os.environ.get("CLEANCORPUS_SEEDS"), "seeds",
                 Path(__file__).resolve().parents[2] / "seeds"):
        if cand and Path(cand).is_dir() and any(Path(cand).glob("*.txt")):
            return Path(cand)
    raise FileNotFoundError("the benchmark needs the seed articles: run it from the "
                            "project checkout or set CLEANCORPUS_SEEDS")


@lru_cache(maxsize=1)
def seed_texts() -> tuple[str, ...]:
    return tuple(p.read_text("utf-8") for p in sorted(seeds_dir().glob("*.txt")))


@lru_cache(maxsize=1)
def clean_paragraphs() -> tuple[str, ...]:
    """Body paragraphs of the seeds after the full pipeline."""
    from .. import Pipeline
    pipe = Pipeline()
    out = []
    for t in seed_texts():
        out += [p for p in pipe.clean(t).text.split("\n\n") if len(p) > 40]
    return tuple(out)


def _mutate(rng: random.Random, para: str, alphabet: str, share: float) -> str:
    chars = list(para)
    for i in rng.sample(range(len(chars)), int(len(chars) * share)):
        if "\u4e00" <= chars[i] <= "\u9fff":
            chars[i] = rng.choice(alphabet)
    return "".join(chars)


def documents(n: int, *, kind: str = "news", seed: int = 1) -> Iterator[dict]:
    """``kind``: ``clean`` (already clean Simplified), ``news`` (mostly Simplified
    with a share of dirty pages: seeds' defects), ``traditional`` (all Traditional)."""
    rng = random.Random(seed)
    paras = clean_paragraphs()
    alphabet = "".join(sorted({c for p in paras for c in p if "\u4e00" <= c <= "\u9fff"}))
    raw = seed_texts()
    conv = None
    if kind == "traditional":
        import opencc
        conv = opencc.OpenCC("s2t")
    for i in range(n):
        if kind == "news" and i % 10 == 0:
            text = _mutate(rng, raw[i // 10 % len(raw)], alphabet, 0.2)
        else:
            body = [_mutate(rng, p, alphabet, 0.3) for p in rng.sample(paras, rng.randint(3, 8))]
            # already clean means nothing to change: JSONL's canonical form is a
            # paragraph a line (with blank lines LAY003 would rewrite every page)
            text = ("\n" if kind == "clean" else "\n\n").join(body)
            if conv is not None:
                text = conv.convert(text)
        yield {"id": f"{kind}-{i}", "text": text, "url": f"https://example.com/{kind}/{i}"}


def write_jsonl(path: Path, n: int, *, kind: str = "news", seed: int = 1) -> int:
    """Write ``n`` documents; return the file size in bytes."""
    with open(path, "w", encoding="utf-8") as fh:
        for doc in documents(n, kind=kind, seed=seed):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return path.stat().st_size
