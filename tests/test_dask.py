"""``clean --dask local``: a LocalCluster with 2 workers gives the same outputs and
report as the plain run, on the seeds and on a corpus with planted duplicates."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from conftest import cli

pytest.importorskip("distributed")


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _report(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines()]


def _planted(d: Path) -> None:
    from cleaner.bench.corpus import documents
    rng = random.Random(7)
    docs = list(documents(60, kind="clean", seed=3))
    d.mkdir()
    parts: list[list[dict]] = [[], [], []]
    for part in range(3):
        for i, doc in enumerate(docs[part * 20:(part + 1) * 20]):
            parts[part].append(doc)
            if i % 4 == 0:  # a near copy (a few characters changed) in the next file
                chars = list(doc["text"])
                for j in rng.sample(range(len(chars)), 3):
                    chars[j] = "的"
                parts[(part + 1) % 3].append(dict(doc, id=doc["id"] + "-copy",
                                                  text="".join(chars)))
    for part, rows in enumerate(parts):
        with open(d / f"part{part}.jsonl", "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")


@pytest.mark.parametrize("corpus", ["seeds", "planted"])
def test_dask_local_matches_plain_run(tmp_path, seeds_copy, corpus):
    src = seeds_copy if corpus == "seeds" else tmp_path / "planted"
    if corpus == "planted":
        _planted(src)
    plain, dist = tmp_path / "plain", tmp_path / "dask"
    r1 = cli("clean", str(src), "-o", str(plain), "--report", str(tmp_path / "r1.jsonl"))
    assert r1.returncode == 0, r1.stderr.decode()
    r2 = cli("clean", str(src), "-o", str(dist), "--report", str(tmp_path / "r2.jsonl"),
             "--dask", "local")
    assert r2.returncode == 0, r2.stderr.decode()
    assert _tree(dist) == _tree(plain)
    a, b = _report(tmp_path / "r1.jsonl"), _report(tmp_path / "r2.jsonl")
    for x in a + b:
        x.pop("output")
    assert b == a
    if corpus == "planted":
        drops = [x for x in a if x["status"] == "dropped"]
        assert len(drops) == 15  # every planted copy (or its original, whichever comes later)
        for x in drops:
            assert x["id"].removesuffix("-copy") == x["drops"][0]["of"].removesuffix("-copy")
