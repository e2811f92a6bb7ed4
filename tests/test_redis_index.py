"""The redis:// near-duplicate index, against a real redis-server.

CLEANCORPUS_TEST_REDIS (default redis://127.0.0.1:6379/15) names a database
these tests may flush. If nothing answers there and ``redis-server`` is on the
PATH, a private server is started for the session (and stopped after). When CI
is set, an unreachable redis is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest

from cleaner.dedup import MinHashConfig, NearDupIndex
from cleaner.errors import IndexError_
from conftest import SEEDS

redis = pytest.importorskip("redis") if not os.environ.get("CI") else __import__("redis")

URL = os.environ.get("CLEANCORPUS_TEST_REDIS", "redis://127.0.0.1:6379/15")
SEED0 = (SEEDS / "000_84e5a0de3c430b6f.txt").read_text(encoding="utf-8")
SEED4 = (SEEDS / "004_b7a6837eb00bd7b9.txt").read_text(encoding="utf-8")
FIXED0 = SEED0.replace("十履行", "十堰行")


def _client(url: str):
    p = urlsplit(url)
    return redis.Redis(host=p.hostname or "127.0.0.1", port=p.port or 6379,
                       db=int(p.path.strip("/") or 0), password=p.password,
                       socket_connect_timeout=2)


def _alive(url: str) -> bool:
    try:
        return bool(_client(url).ping())
    except redis.exceptions.RedisError:
        return False


@pytest.fixture(scope="session")
def redis_url():
    started = None
    if not _alive(URL):
        p = urlsplit(URL)
        if shutil.which("redis-server") and p.hostname in ("127.0.0.1", "localhost"):
            started = subprocess.Popen(["redis-server", "--port", str(p.port or 6379),
                                        "--save", "", "--appendonly", "no"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(50):
                if _alive(URL):
                    break
                time.sleep(0.1)
    if not _alive(URL):
        msg = f"no redis at {URL} (set CLEANCORPUS_TEST_REDIS or start redis-server)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    yield URL
    if started is not None:
        started.terminate()
        started.wait(10)


@pytest.fixture
def url(redis_url, request):
    _client(redis_url).flushdb()
    sep = "&" if "?" in redis_url else "?"
    yield f"{redis_url}{sep}name=t-{request.node.name[:40].replace('[', '-').replace(']', '')}"
    _client(redis_url).flushdb()


def test_add_query_check_add(url):
    with NearDupIndex.open(url) as ix:
        assert ix.check_add("a", SEED0) is None
        assert ix.check_add("b", SEED4) is None
        kept, sim = ix.check_add("c", FIXED0)
        assert kept == "a" and sim >= 0.8
        assert len(ix) == 2 and "a" in ix and "c" not in ix
        assert ix.check_add("a", SEED0) is None  # not its own duplicate
        st = ix.stats()
    assert st["backend"] == "redis" and st["documents"] == 2


def test_shared_between_workers_and_persistent(url):
    with NearDupIndex.open(url) as w1, NearDupIndex.open(url) as w2:
        w1.add("from-w1", SEED0)
        assert w2.query(FIXED0)[0][0] == "from-w1"
    with NearDupIndex.open(url) as again:
        assert len(again) == 1


def test_workers_in_separate_processes(url, tmp_path):
    code = ("import sys; sys.path.insert(0, sys.argv[3]);"
            "from cleaner.dedup import NearDupIndex;"
            "ix = NearDupIndex.open(sys.argv[1]);"
            "print(ix.check_add(sys.argv[2], open(sys.argv[4], encoding='utf-8').read()))")
    f = tmp_path / "doc.txt"
    f.write_text(SEED0, encoding="utf-8")
    root = str(SEEDS.parent)
    out1 = subprocess.run([sys.executable, "-c", code, url, "p1", root, str(f)],
                          capture_output=True, text=True, check=True).stdout.strip()
    f.write_text(FIXED0, encoding="utf-8")
    out2 = subprocess.run([sys.executable, "-c", code, url, "p2", root, str(f)],
                          capture_output=True, text=True, check=True).stdout.strip()
    assert out1 == "None" and out2.startswith("('p1', ")


def test_config_mismatch_refused(url):
    with NearDupIndex.open(url, MinHashConfig(shingle_size=4)):
        pass
    with pytest.raises(IndexError_, match="built with settings"):
        NearDupIndex.open(url, MinHashConfig())


def test_nothing_pickled_in_redis(url):
    with NearDupIndex.open(url) as ix:
        ix.add("a", SEED0)
    c = _client(URL)
    for key in c.scan_iter():
        kind = c.type(key)
        vals = []
        if kind == b"hash":
            vals = list(c.hgetall(key).keys()) + list(c.hgetall(key).values())
        elif kind == b"set":
            vals = list(c.smembers(key))
        elif kind == b"list":
            vals = c.lrange(key, 0, -1)
        assert not any(v.startswith(b"\x80") for v in [key, *vals]), key


def test_password_never_shown(redis_url):
    p = urlsplit(redis_url)
    bad = f"redis://:hunter2@{p.hostname}:{p.port or 6379}/15"
    try:
        with NearDupIndex.open(bad) as ix:  # a server without auth may accept it
            assert "hunter2" not in repr(ix) + str(ix.stats()) + ix.location
    except IndexError_ as exc:
        assert "hunter2" not in str(exc) and "***" in str(exc)
    with pytest.raises(IndexError_) as info:
        NearDupIndex.open("redis://:hunter2@127.0.0.1:1/0")
    assert "hunter2" not in str(info.value)


def test_missing_redis_client_gives_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "redis", None)
    with pytest.raises(IndexError_, match=r"pip install cleancorpus\[redis\]"):
        NearDupIndex.open("redis://:pw@127.0.0.1:6379/0")


def test_candidates_match_datasketch_query(url):
    """The pipelined band lookup reads exactly what datasketch's lsh.query returns."""
    with NearDupIndex.open(url) as ix:
        ix.add_many([("a", SEED0), ("b", SEED4), ("c", SEED0[:3000])])
        backend = ix._backend
        sk = ix.sketch(FIXED0)
        lsh = backend._lsh_for(ix.signer)
        want = sorted(k.decode() for k in lsh.query(ix.signer.lean_minhash(sk.signature)))
        got = sorted(c.doc_id for c in backend.candidates(ix.signer, sk))
    assert got == want and "a" in got


def test_bulk_add_and_replace(url):
    with NearDupIndex.open(url) as ix:
        assert ix.add_many([("a", SEED0), ("b", SEED4)]) == 2
        assert ix.add_many([("a", SEED4)]) == 1  # replaced
        assert len(ix) == 2
        assert ix.query(FIXED0) == []
        assert {d for d, _ in ix.query(SEED4)} == {"a", "b"}
