"""The persistent near-duplicate index (SQLite and in-memory) and its CLI."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from cleaner.dedup import MinHashConfig, NearDupIndex, redact
from cleaner.errors import IndexError_
from conftest import ROOT, SEEDS

SEED0 = (SEEDS / "000_84e5a0de3c430b6f.txt").read_text(encoding="utf-8")
SEED3 = (SEEDS / "003_6ea8189872a35dcf.txt").read_text(encoding="utf-8")
SEED4 = (SEEDS / "004_b7a6837eb00bd7b9.txt").read_text(encoding="utf-8")
FIXED0 = SEED0.replace("十履行", "十堰行")  # 7 OCR fixes: a near-duplicate of SEED0


def _doc(rng: np.random.Generator, n: int = 600) -> str:
    return "".join(chr(0x4E00 + int(c)) for c in rng.integers(0, 3000, n))


@pytest.fixture(params=["memory", "sqlite"])
def index(request, tmp_path):
    target = None if request.param == "memory" else tmp_path / "ix.db"
    with NearDupIndex.open(target) as ix:
        yield ix


def test_check_add_keeps_first_and_names_it(index):
    assert index.check_add("a", SEED0) is None
    assert index.check_add("b", SEED4) is None
    kept, sim = index.check_add("c", FIXED0)
    assert kept == "a" and 0.8 <= sim <= 1.0
    assert "c" not in index and len(index) == 2
    assert [d for d, _ in index.query(FIXED0)] == ["a"]
    assert index.query(SEED3) == []


def test_same_id_is_not_its_own_duplicate(index):
    assert index.check_add("a", SEED0) is None
    assert index.check_add("a", SEED0) is None  # a rerun after a crash
    assert index.query(SEED0, exclude="a") == []
    assert len(index) == 1


def test_rerun_gives_identical_answers(tmp_path):
    rng = np.random.default_rng(1)
    docs = [(f"d{i}", _doc(rng)) for i in range(30)]
    docs += [(f"copy{i}", docs[i][1][:-5] + "尾巴变了") for i in range(0, 30, 3)]
    first_run = None
    with NearDupIndex.open(tmp_path / "ix.db") as ix:
        first_run = [ix.check_add(d, t) for d, t in docs]
    with NearDupIndex.open(tmp_path / "ix.db") as ix:  # everything again
        again = [ix.check_add(d, t) for d, t in docs]
    assert again == first_run
    assert sum(r is not None for r in first_run) == 10


def test_planted_near_duplicates_are_found_and_others_not(index):
    rng = np.random.default_rng(5)
    base = [_doc(rng, 1000) for _ in range(50)]
    index.add_many((f"o{i}", t) for i, t in enumerate(base))
    for i, t in enumerate(base[:10]):
        chars = list(t)
        for j in rng.choice(len(chars), 10, replace=False):  # 1% of characters changed
            chars[j] = "变"
        assert index.check_add(f"n{i}", "".join(chars))[0] == f"o{i}"
    for i in range(10):
        assert index.check_add(f"fresh{i}", _doc(rng, 1000)) is None


def test_persistence_across_reopen(tmp_path):
    p = tmp_path / "ix.db"
    with NearDupIndex.open(p) as ix:
        ix.add("a", SEED0)
    with NearDupIndex.open(p) as ix:
        assert len(ix) == 1 and "a" in ix
        assert ix.query(FIXED0)[0][0] == "a"
        st = ix.stats()
    assert st["documents"] == 1 and st["size_bytes"] > 0
    assert st["fingerprint"] == MinHashConfig().fingerprint


def test_stored_config_is_used_and_mismatch_refused(tmp_path):
    p = tmp_path / "ix.db"
    cfg = MinHashConfig(shingle_size=4, threshold=0.7)
    with NearDupIndex.open(p, cfg) as ix:
        ix.add("a", SEED0)
    with NearDupIndex.open(p) as ix:
        assert ix.config == cfg
    with pytest.raises(IndexError_, match="built with settings"):
        NearDupIndex.open(p, MinHashConfig())


def test_open_errors_are_clear(tmp_path):
    with pytest.raises(IndexError_, match="no near-duplicate index"):
        NearDupIndex.open(tmp_path / "missing.db", create=False)
    with pytest.raises(IndexError_, match="does not exist"):
        NearDupIndex.open(tmp_path / "no" / "dir" / "ix.db")
    with pytest.raises(IndexError_, match="directory"):
        NearDupIndex.open(tmp_path)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(IndexError_):
        NearDupIndex.open(junk)


def test_replacing_an_id_moves_its_bands(index):
    index.add("a", SEED0)
    index.add("a", SEED4)
    assert len(index) == 1
    assert index.query(FIXED0) == []
    assert index.query(SEED4)[0][0] == "a"
    assert index.add("a", SEED4) is False


def test_adding_does_not_rewrite_old_documents(tmp_path):
    p = tmp_path / "ix.db"
    rng = np.random.default_rng(2)
    with NearDupIndex.open(p) as ix:
        ix.add_many((f"o{i}", _doc(rng)) for i in range(200))
    db = sqlite3.connect(p)
    before = db.execute("SELECT seq, doc_id, confirm, bands FROM docs ORDER BY seq").fetchall()
    db.close()
    with NearDupIndex.open(p) as ix:
        ix.add_many((f"n{i}", _doc(rng)) for i in range(50))
    db = sqlite3.connect(p)
    after = db.execute("SELECT seq, doc_id, confirm, bands FROM docs ORDER BY seq").fetchall()
    db.close()
    assert after[:200] == before and len(after) == 250


def test_nothing_is_pickled(tmp_path, monkeypatch):
    import pickle

    def boom(*a, **k):
        raise AssertionError("pickle used")

    monkeypatch.setattr(pickle, "dumps", boom)
    monkeypatch.setattr(pickle, "loads", boom)
    p = tmp_path / "ix.db"
    with NearDupIndex.open(p) as ix:
        ix.add("a", SEED0)
        ix.query(FIXED0)
    raw = p.read_bytes() + (Path(str(p) + "-wal").read_bytes()
                            if Path(str(p) + "-wal").exists() else b"")
    assert b"\x80\x04\x95" not in raw and b"\x80\x05\x95" not in raw  # pickle protocol 4/5


_KILL_CHILD = r"""
import sys, numpy as np
sys.path.insert(0, sys.argv[2])
from cleaner.dedup import NearDupIndex
rng = np.random.default_rng(0)
with NearDupIndex.open(sys.argv[1]) as ix:
    i = 0
    while True:
        text = lambda: "".join(chr(0x4E00 + int(c)) for c in rng.integers(0, 3000, 400))
        ix.add_many([(f"k{i}-{j}", text()) for j in range(50)], batch=50)
        i += 1
        if i == 2:
            print("ready", flush=True)
"""


def test_sigkill_during_add_leaves_a_usable_index(tmp_path):
    p = tmp_path / "ix.db"
    proc = subprocess.Popen([sys.executable, "-c", _KILL_CHILD, str(p), str(ROOT)],
                            stdout=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with NearDupIndex.open(p) as ix:
        n = len(ix)
        assert n >= 100 and n % 50 == 0  # whole batches only
        assert ix.check_add("after", SEED0) is None
        assert ix.query(FIXED0)[0][0] == "after"
        db = sqlite3.connect(p)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # every band row points at a document
        orphans = db.execute("SELECT count(*) FROM bands WHERE seq NOT IN "
                             "(SELECT seq FROM docs)").fetchone()[0]
        db.close()
        assert orphans == 0


@pytest.mark.parametrize("url,shown", [
    ("redis://:s3cret@host:6379/0", "redis://:***@host:6379/0"),
    ("redis://user:s3cret@host/1?name=x", "redis://user:***@host/1?name=x"),
    ("redis://s3cret@host:6379", "redis://***@host:6379"),
    ("redis://host:6379/0", "redis://host:6379/0"),
    ("error: redis://u:p%40ss@h:1/2: refused", "error: redis://u:***@h:1/2: refused"),
    ("/tmp/index.db", "/tmp/index.db"),
    ("rediss://x?password=s3cret&name=a", "rediss://x?password=***&name=a"),
])
def test_redact(url, shown):
    assert redact(url) == shown
    assert "s3cret" not in redact(url)


def test_cli_add_query_stats(tmp_path, run_cli):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    for f in SEEDS.glob("*.txt"):
        (a / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (b / "copy.txt").write_text(FIXED0, encoding="utf-8")
    (b / "new.txt").write_text("一篇完全不同的文章。" * 3, encoding="utf-8")
    ix = str(tmp_path / "ix.db")
    r = run_cli("index", "add", ix, str(a))
    assert r.returncode == 0, r.stderr
    r = run_cli("index", "query", ix, str(b / "new.txt"))
    assert r.returncode == 0 and r.stdout == b""
    r = run_cli("index", "query", ix, str(b), "--json")
    assert r.returncode == 1
    lines = [json.loads(x) for x in r.stdout.decode().splitlines()]
    hit = next(x for x in lines if x["id"] == "copy.txt")
    assert hit["duplicates"][0]["id"] == "000_84e5a0de3c430b6f.txt"
    r = run_cli("index", "stats", ix)
    assert r.returncode == 0 and b"documents:  5" in r.stdout
    r = run_cli("index", "stats", str(tmp_path / "none.db"))
    assert r.returncode == 2 and b"Traceback" not in r.stderr
    r = run_cli("index", "query", ix, str(tmp_path / "missing"))
    assert r.returncode == 2 and b"missing" in r.stderr


def test_cli_never_shows_a_redis_password(tmp_path, run_cli):
    r = run_cli("index", "stats", "redis://:hunter2@127.0.0.1:1/0")
    assert r.returncode == 2
    assert b"hunter2" not in r.stderr + r.stdout and b"***" in r.stderr


def _mixed_batch(rng: np.random.Generator) -> list[tuple[str, str]]:
    base = [_doc(rng, 300) for _ in range(12)]
    items = [(f"d{i}", t) for i, t in enumerate(base)]
    items += [(f"copy{i}", base[i][:-6] + "尾巴变了一点") for i in range(0, 12, 2)]
    items += [(f"copy2-{i}", items[-1][1] + "再加") for i in range(2)]  # copies of a copy
    items += [("short", "短"), ("empty", "，。")]
    order = rng.permutation(len(items))
    return [items[i] for i in order]


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_check_add_many_answers_as_one_by_one(tmp_path, seed):
    """The batched path gives the answers (and index) of check_add in order,
    including documents that duplicate an earlier one of the same batch, an
    earlier run's documents, and ids indexed before with other text."""
    rng = np.random.default_rng(seed)
    earlier = [(f"old{i}", _doc(rng, 300)) for i in range(5)]
    batch = _mixed_batch(rng) + [(f"old-copy{i}", t[:-4] + "改了结尾")
                                 for i, (_, t) in enumerate(earlier[:2])]
    batch.append(("old3", _doc(rng, 300)))  # an id indexed before, now other text
    batch.append(("old4", earlier[4][1]))    # the same text again: a rerun
    answers = []
    for name in ("single", "many"):
        with NearDupIndex.open(tmp_path / f"{name}.db") as ix:
            for d, t in earlier:
                ix.check_add(d, t)
            if name == "single":
                got = [ix.check_add(d, t) for d, t in batch]
            else:
                got = ix.check_add_many([(d, ix.sketch(t)) for d, t in batch])
            answers.append((got, sorted((d, [m for m, _ in ix.query(t)])
                                        for d, t in earlier + batch)))
    (single, state1), (many, state2) = answers
    assert any(a is not None for a in single)  # the batch has duplicates to find
    assert many == single
    assert state2 == state1


def test_check_add_many_with_a_repeated_id_goes_one_by_one(index):
    rng = np.random.default_rng(9)
    a, b = _doc(rng), _doc(rng)
    got = index.check_add_many([("x", index.sketch(a)), ("x", index.sketch(b)),
                                ("y", index.sketch(a))])
    assert got[:2] == [None, None]
    assert got[2] is None  # "x" now holds b: a is no longer indexed
    assert [d for d, _ in index.query(b)] == ["x"]


def test_version_1_index_still_opens_and_answers(tmp_path):
    """Band keys changed in hash version 2; an index built with version 1 keeps
    its own keys (its stored settings say which) and still finds duplicates."""
    from cleaner.dedup.minhash import HASH_VERSION, Signer

    assert HASH_VERSION == 2
    v1 = MinHashConfig(hash_version=1)
    sig = Signer().sketch(SEED0).signature
    assert Signer(v1).band_keys(sig) != Signer().band_keys(sig)
    with NearDupIndex.open(tmp_path / "v1.db", v1) as ix:
        assert ix.check_add("a", SEED0) is None
    with NearDupIndex.open(tmp_path / "v1.db") as ix:  # settings come from the file
        assert ix.config.hash_version == 1
        assert ix.check_add("b", FIXED0)[0] == "a"
        got = ix.check_add_many([("c", ix.sketch(FIXED0)), ("d", ix.sketch(SEED4))])
        assert got[0][0] == "a" and got[1] is None
    with pytest.raises(IndexError_, match="minhash-v1"):
        NearDupIndex.open(tmp_path / "v1.db", MinHashConfig())


def test_grouped_commits_once_and_a_failed_batch_inside_leaves_nothing(tmp_path):
    """A run holds one transaction across batches: everything in it is there after
    the group, except a batch that failed (rolled back to its savepoint)."""
    rng = np.random.default_rng(5)
    docs = [(f"d{i}", _doc(rng, 300)) for i in range(6)]
    p = tmp_path / "ix.db"
    with NearDupIndex.open(p) as ix:
        with ix.grouped():
            ix.check_add_many([(d, ix.sketch(t)) for d, t in docs[:3]])
            other = sqlite3.connect(p)  # another reader sees none of it yet
            assert other.execute("SELECT count(*) FROM docs").fetchone()[0] == 0
            other.close()
            with pytest.raises(RuntimeError):
                with ix._backend.transaction():  # the batched path's own transaction
                    ix._backend.insert([("bad", ix.sketch(docs[3][1]),
                                         ix._keys(ix.sketch(docs[3][1])))])
                    raise RuntimeError("the batch fails half-way")
            ix.check_add_many([(d, ix.sketch(t)) for d, t in docs[4:]])
        assert len(ix) == 5
        assert ix.query(docs[3][1]) == []  # the failed batch left no band behind
    with NearDupIndex.open(p) as ix:
        assert len(ix) == 5
        assert ix.query(docs[4][1])[0][0] == "d4"


def test_grouped_rolls_back_on_error(tmp_path):
    rng = np.random.default_rng(6)
    with NearDupIndex.open(tmp_path / "ix.db") as ix:
        ix.check_add("before", _doc(rng))
        with pytest.raises(KeyboardInterrupt):
            with ix.grouped():
                ix.check_add_many([("in-group", ix.sketch(_doc(rng)))])
                raise KeyboardInterrupt
        assert len(ix) == 1


@pytest.mark.parametrize("group", [1, 3, 1000])
def test_run_output_and_index_do_not_depend_on_the_commit_group(tmp_path, group):
    from cleaner import Pipeline
    from cleaner.runner import RunOptions, run

    rng = np.random.default_rng(8)
    texts = [_doc(rng, 200) for _ in range(5)]
    lines = [json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False)
             for i, t in enumerate(texts + texts[:2] + [texts[3][:-3] + "改"])]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / f"out{group}"
    opts = RunOptions(mode="clean", out=out, index=str(tmp_path / f"ix{group}.db"),
                      batch=2, index_group=group, quiet=True,
                      echo=lambda s: None, err=lambda s: None)
    summary = run([str(src)], Pipeline(), opts)
    assert summary.dropped["DUP002"] == 3 and summary.written == 5
    kept = [json.loads(x)["id"] for x in (out / "in.jsonl").read_text("utf-8").splitlines()]
    assert kept == ["d0", "d1", "d2", "d3", "d4"]
    with NearDupIndex.open(tmp_path / f"ix{group}.db") as ix:
        assert len(ix) == 5


@pytest.mark.parametrize("seed", [11, 12])
def test_memory_index_answers_as_the_sqlite_index(tmp_path, seed):
    """The run-local index (sorted numpy levels, merged as they grow) gives the
    answers and the final state of the SQLite index over many batches: planted
    copies, copies of copies, ids re-indexed with other text (their old bands
    must stop matching, before and after a merge), reruns of the same text."""
    rng = np.random.default_rng(seed)
    stream: list[tuple[str, str]] = []
    base = [_doc(rng, 300) for _ in range(60)]
    for i, t in enumerate(base):
        stream.append((f"d{i}", t))
        if i % 3 == 0:
            stream.append((f"c{i}", t[:-6] + "尾巴变了一点"))
        if i % 7 == 0 and i:
            stream.append((f"d{i - 5}", _doc(rng, 300)))  # an id re-indexed with other text
        if i % 11 == 0:
            stream.append((f"d{i}", t))  # the same text again: a rerun
    stream.append(("late", base[5]))  # after d5 was re-indexed: no longer a copy of it
    answers = []
    for target in (None, tmp_path / "ix.db"):
        with NearDupIndex.open(target) as ix:
            got = []
            for start in range(0, len(stream), 7):
                part = stream[start:start + 7]
                if len({d for d, _ in part}) == len(part):
                    got += ix.check_add_many([(d, ix.sketch(t)) for d, t in part])
                else:
                    got += [ix.check_add(d, t) for d, t in part]
            state = sorted((d, [m for m, _ in ix.query(t)]) for d, t in stream)
            answers.append((got, state, len(ix)))
    (mem, mem_state, mem_n), (sql, sql_state, sql_n) = answers
    assert sum(a is not None for a in sql) >= 20  # the stream has copies to find
    assert mem == sql
    assert mem_state == sql_state
    assert mem_n == sql_n
