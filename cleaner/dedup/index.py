"""A persistent, incremental near-duplicate index: MinHash LSH bands + confirmation.

``NearDupIndex.open(target)``:

- ``None``: in memory (sorted numpy levels, :class:`_MemoryBackend`), gone at
  :meth:`NearDupIndex.close`.
- a path: a SQLite file (the embedded default, no server). WAL journal, one
  transaction per add (or per batch in :meth:`NearDupIndex.add_many`), so a
  process killed at any moment leaves the file usable with every committed add.
  Band keys are 64-bit integers in a ``WITHOUT ROWID`` table keyed
  ``(key, seq)``; confirmation sketches are little-endian uint32 blobs. Nothing is
  pickled. Adding documents only inserts rows: old documents are never rewritten.
- ``redis://[user:password@]host[:port][/db][?name=NAME]``: datasketch's
  ``MinHashLSH`` with Redis storage (basename ``cleancorpus:NAME:lsh``, keys as
  bytes, ``prepickle=False``) plus a Redis hash of confirmation sketches, so
  several scraping workers share one index. A Redis lock makes check-and-add
  atomic across workers. The password never appears in any message or stats.

Every index stores its :class:`~cleaner.dedup.minhash.MinHashConfig` and refuses
to open under a different one.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import threading
from contextlib import contextmanager
from dataclasses import asdict
from itertools import chain
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import parse_qs, unquote, urlsplit

import numpy as np

from ..errors import IndexError_
from .minhash import (MinHashConfig, Signer, Sketch, decode_sketch, encode_sketch,
                      sketch_many, sketch_similarity)
from .redact import redact, scrub

FORMAT = "cleancorpus-neardup"
FORMAT_VERSION = "1"
#: Documents per transaction in bulk adds.
BATCH = 1000
#: Values per ``IN (...)`` list (SQLite allows 32,766 variables since 3.32).
_IN_CHUNK = 900

Match = tuple[str, float]


class _Candidate:
    __slots__ = ("doc_id", "seq", "confirm")

    def __init__(self, doc_id: str, seq: int, confirm: np.ndarray) -> None:
        self.doc_id, self.seq, self.confirm = doc_id, seq, confirm


def _live(signer: Signer, backend: "_Backend", items: list[tuple[str, Sketch]]
          ) -> tuple[list[Match | None], list[tuple[int, str, Sketch, list[int]]]] | None:
    """A batch's answers (all None so far) and its documents with something to
    hash, with their band keys; None when an id repeats (the batch then goes
    one document at a time)."""
    ids = [d for d, _ in items]
    if len(set(ids)) != len(ids):
        return None
    return [None] * len(items), [(i, d, sk, backend.band_keys(signer, sk))
                                 for i, (d, sk) in enumerate(items) if not sk.empty]


def _earliest(doc_id: str, sk: Sketch, keys: list[int], hits: dict[int, list[int]],
              doc: Any, thr: float, k: int) -> Match | None:
    """The first indexed (lowest sequence number) confirmed near-duplicate of a
    sketch among the documents its band keys hit; ``doc(seq)`` is ``(doc_id,
    confirmation sketch)``, or None for a document replaced meanwhile."""
    found: list[tuple[str, float, int]] = []
    seen: set[int] = set()
    for key in keys:
        for seq in hits.get(key, ()):
            if seq in seen:
                continue
            seen.add(seq)
            cand = doc(seq)
            if cand is None or cand[0] == doc_id:
                continue
            s = sketch_similarity(sk.confirm, cand[1], k)
            if s >= thr:
                found.append((cand[0], s, seq))
    if not found:
        return None
    kept = min(found, key=lambda m: m[2])  # first in input order
    return kept[0], kept[1]


class NearDupIndex:
    """Near-duplicate documents by MinHash LSH, confirmed on a second sketch.

    Use as a context manager or call :meth:`close`. Thread-safe (one lock).
    """

    def __init__(self, backend: "_Backend", config: MinHashConfig) -> None:
        self._backend = backend
        self.config = config
        self.signer = Signer(config)
        backend.attach(self.signer)
        self._lock = threading.RLock()
        #: In-memory state other rules may keep per index (cross-document paragraphs).
        self.extras: dict[str, Any] = {}

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, target: str | os.PathLike[str] | None = None,
             config: MinHashConfig | None = None, *, create: bool = True) -> "NearDupIndex":
        """Open (or create) an index. ``config=None`` uses the stored settings of an
        existing index, else the defaults; a given config must match the stored one.
        """
        if target is None or str(target) == ":memory:":
            backend: _Backend = _MemoryBackend()
        elif str(target).startswith(("redis://", "rediss://")):
            backend = _RedisBackend(str(target))
        else:
            backend = _SQLiteBackend(Path(target), create=create)
        try:
            stored = backend.get_meta("config")
            if stored is None:
                if not create:
                    raise IndexError_(f"{backend.shown}: no near-duplicate index there")
                config = config or MinHashConfig()
                backend.init_meta({"format": FORMAT, "version": FORMAT_VERSION,
                                   "config": config.to_json(),
                                   "fingerprint": config.fingerprint})
            else:
                fmt = backend.get_meta("format")
                if fmt != FORMAT:
                    raise IndexError_(f"{backend.shown}: not a cleancorpus near-duplicate index")
                try:
                    have = MinHashConfig.from_json(stored)
                except (ValueError, TypeError) as exc:
                    raise IndexError_(f"{backend.shown}: unreadable index settings ({exc})"
                                      ) from None
                if config is not None and config.fingerprint != have.fingerprint:
                    raise IndexError_(
                        f"{backend.shown}: index was built with settings [{have.fingerprint}] "
                        f"but this run uses [{config.fingerprint}]; use the same settings "
                        "(or omit them) or build a new index")
                config = have
        except BaseException:
            backend.close()
            raise
        return cls(backend, config)

    # ------------------------------------------------------------------ API
    @property
    def location(self) -> str:
        """Where the index lives, with any password masked."""
        return self._backend.shown

    def __repr__(self) -> str:
        return f"NearDupIndex({self.location!r}, {self.config.fingerprint!r})"

    def __enter__(self) -> "NearDupIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._backend.close()

    def __len__(self) -> int:
        return self._backend.count()

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and self._backend.get(doc_id) is not None

    def sketch(self, text: str) -> Sketch:
        return self.signer.sketch(text)

    def add(self, doc_id: str, text: str) -> bool:
        """Index ``text`` under ``doc_id`` (replacing what that id held).

        Returns False when nothing changed (same text already indexed) or the text
        has nothing to hash (no letters or digits).
        """
        return self.add_sketch(doc_id, self.signer.sketch(text))

    def add_sketch(self, doc_id: str, sk: Sketch) -> bool:
        if sk.empty:
            return False
        with self._lock, self._backend.transaction():
            old = self._backend.get(doc_id)
            if old is not None and np.array_equal(old.confirm, sk.confirm):
                return False
            self._backend.insert([(doc_id, sk, self._keys(sk))])
        return True

    def add_many(self, items: Iterable[tuple[str, str]], *, batch: int = BATCH) -> int:
        """Index many ``(doc_id, text)`` pairs, one transaction per ``batch``.

        Returns how many were added or replaced.
        """
        added = 0
        chunk: list[tuple[str, str]] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= batch:
                added += self._add_chunk(chunk)
                chunk = []
        if chunk:
            added += self._add_chunk(chunk)
        return added

    def _add_chunk(self, chunk: list[tuple[str, str]]) -> int:
        sketches = sketch_many([self.signer.hashes(t) for _, t in chunk], self.config)
        return self.add_sketches(list(zip([d for d, _ in chunk], sketches)))

    def add_sketches(self, items: list[tuple[str, Sketch]]) -> int:
        """Index precomputed sketches in one transaction (what :meth:`add_many`
        does after hashing); the later sketch of a repeated id wins."""
        rows: list[tuple[str, Sketch, Any] | None] = []
        seen: dict[str, int] = {}
        for doc_id, sk in items:
            if sk.empty:
                continue
            if doc_id in seen:  # the later text of a repeated id wins
                rows[seen[doc_id]] = None
            seen[doc_id] = len(rows)
            rows.append((doc_id, sk, self._keys(sk)))
        with self._lock:
            return self._backend.add_rows([row for row in rows if row is not None])

    def query(self, text: str, *, exclude: str | None = None,
              threshold: float | None = None) -> list[Match]:
        """Indexed near-duplicates of ``text``: ``[(doc_id, similarity), ...]``,
        most similar first (ties: earliest indexed first). ``similarity`` is the
        confirmed Jaccard estimate of the character shingle sets.
        """
        sk = self.signer.sketch(text)
        with self._lock:
            found = self._confirmed(sk, exclude, threshold)
        found.sort(key=lambda m: (-m[1], m[2]))
        return [(d, s) for d, s, _ in found]

    def check_add(self, doc_id: str, text: str, *, threshold: float | None = None
                  ) -> Match | None:
        """The earliest indexed near-duplicate of ``text`` as ``(doc_id, similarity)``;
        when there is none, ``text`` is indexed under ``doc_id`` (atomically).

        A document already indexed under ``doc_id`` is not a duplicate of itself:
        rerunning a crashed run gives the same answers.
        """
        return self.check_add_sketch(doc_id, self.signer.sketch(text), threshold=threshold)

    def check_add_sketch(self, doc_id: str, sk: Sketch, *, threshold: float | None = None
                         ) -> Match | None:
        """:meth:`check_add` for a sketch computed beforehand (e.g. in a worker
        process with ``index.signer.sketch(text)``: only this part is sequential)."""
        if sk.empty:
            return None
        with self._lock, self._backend.transaction():
            old = self._backend.get(doc_id)
            if old is not None and np.array_equal(old.confirm, sk.confirm):
                return None
            found = self._confirmed(sk, doc_id, threshold)
            if found:
                kept = min(found, key=lambda m: m[2])  # first in input order
                return kept[0], kept[1]
            self._backend.insert([(doc_id, sk, self._keys(sk))])
        return None

    @contextmanager
    def grouped(self) -> Iterator[None]:
        """Hold one write transaction across many calls (a file index).

        Each commit rewrites every page the batch touched, and band keys are
        random, so an index of 64-document transactions writes far more than it
        stores; a run groups a thousand documents per commit. A failing call
        inside still undoes only its own batch. A Redis index locks per call
        (workers sharing it interleave), so this changes nothing there.
        """
        with self._lock:
            if self._backend.kind == "redis":
                yield
                return
            with self._backend.transaction():
                yield

    def check_add_many(self, items: list[tuple[str, Sketch]], *,
                       threshold: float | None = None) -> list[Match | None]:
        """:meth:`check_add_sketch` for consecutive documents, answered exactly as
        one call each in order (a document may duplicate one earlier in the same
        batch), but in one transaction with a few set lookups, not one round of
        queries per document."""
        thr = self.config.threshold if threshold is None else threshold
        with self._lock:
            out = self._backend.check_add_many(self.signer, items, thr,
                                               self.config.confirm_size)
            if out is None:  # the backend has no batched path (or the batch repeats an id)
                out = [self.check_add_sketch(d, sk, threshold=threshold) for d, sk in items]
        return out

    def stats(self) -> dict[str, Any]:
        """Documents, size and settings (no secrets)."""
        with self._lock:
            out: dict[str, Any] = {"location": self.location, "backend": self._backend.kind,
                                   "documents": self._backend.count()}
            out.update(self._backend.size())
        out["fingerprint"] = self.config.fingerprint
        out["settings"] = asdict(self.config)
        return out

    # ------------------------------------------------------------------ internals
    def _keys(self, sk: Sketch) -> Any:
        return self._backend.band_keys(self.signer, sk)

    def _confirmed(self, sk: Sketch, exclude: str | None, threshold: float | None
                   ) -> list[tuple[str, float, int]]:
        if sk.empty:
            return []
        thr = self.config.threshold if threshold is None else threshold
        k = self.config.confirm_size
        out = []
        for c in self._backend.candidates(self.signer, sk):
            if c.doc_id == exclude:
                continue
            s = sketch_similarity(sk.confirm, c.confirm, k)
            if s >= thr:
                out.append((c.doc_id, s, c.seq))
        return out


# ====================================================================== backends
class _Backend:
    kind = "?"
    shown = "?"
    signer: Signer | None = None

    def attach(self, signer: Signer) -> None:
        self.signer = signer

    def get_meta(self, key: str) -> str | None: raise NotImplementedError
    def init_meta(self, values: dict[str, str]) -> None: raise NotImplementedError
    def get(self, doc_id: str) -> _Candidate | None: raise NotImplementedError
    def band_keys(self, signer: Signer, sk: Sketch) -> Any:
        """One signed 64-bit key per band (made with the sketch, in a worker)."""
        return list(sk.keys) if sk.keys is not None else signer.band_keys(sk.signature)

    def insert(self, rows: list[tuple[str, Sketch, Any]]) -> None: raise NotImplementedError
    def candidates(self, signer: Signer, sk: Sketch) -> list[_Candidate]:
        raise NotImplementedError
    def count(self) -> int: raise NotImplementedError
    def size(self) -> dict[str, Any]: raise NotImplementedError

    #: whether :meth:`_check_live` answers a batch (else one document at a time)
    batched = False

    def check_add_many(self, signer: Signer, items: list[tuple[str, Sketch]], thr: float,
                       k: int) -> list[Match | None] | None:
        """:meth:`NearDupIndex.check_add_many`'s answers, or None when this
        backend (or a batch that repeats an id) goes one document at a time."""
        batch = _live(signer, self, items) if self.batched else None
        if batch is None:
            return None
        out, live = batch
        if live:
            self._check_live(live, out, thr, k)
        return out

    def _check_live(self, live: list[tuple[int, str, Sketch, list[int]]],
                    out: list[Match | None], thr: float, k: int) -> None:
        raise NotImplementedError

    def add_rows(self, rows: list[tuple[str, Sketch, Any]]) -> int:
        """Index rows of distinct ids, skipping those already indexed with the same text."""
        with self.transaction():
            todo = []
            for row in rows:
                old = self.get(row[0])
                if old is not None and np.array_equal(old.confirm, row[1].confirm):
                    continue
                todo.append(row)
            self.insert(todo)
        return len(todo)
    def close(self) -> None: raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[None]:
        yield


class _SQLiteBackend(_Backend):
    batched = True

    def __init__(self, path: Path | None, *, create: bool = True) -> None:
        self.path = path
        self.kind = "memory" if path is None else "sqlite"
        self.shown = ":memory:" if path is None else str(path)
        self._depth = 0
        if path is not None:
            if path.is_dir():
                raise IndexError_(f"{path}: is a directory; give the index a file name")
            if not path.exists():
                if not create:
                    raise IndexError_(f"{path}: no near-duplicate index there")
                if not path.parent.is_dir():
                    raise IndexError_(f"{path}: directory {path.parent} does not exist")
        try:
            self.db = sqlite3.connect(":memory:" if path is None else str(path),
                                      isolation_level=None, timeout=60.0,
                                      check_same_thread=False)
            if path is not None:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA cache_size=-65536")
            self.db.executescript("""
                CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS docs(
                    seq INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE,
                    shingles INTEGER NOT NULL, bands BLOB NOT NULL, confirm BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS bands(
                    key INTEGER NOT NULL, seq INTEGER NOT NULL,
                    PRIMARY KEY(key, seq)) WITHOUT ROWID;
            """)
        except sqlite3.DatabaseError as exc:
            raise IndexError_(f"{self.shown}: not a usable index file ({exc})") from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            # nested: a savepoint, so a failed inner batch leaves nothing behind
            # while the outer transaction (:meth:`NearDupIndex.grouped`) goes on
            name = f"sp{self._depth}"
            self.db.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self.db.execute(f"ROLLBACK TO {name}")
                raise
            finally:
                self._depth -= 1
                self.db.execute(f"RELEASE {name}")
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise IndexError_(f"{self.shown}: cannot write the index ({exc})") from None
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.db.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise IndexError_(f"{self.shown}: cannot write the index ({exc})") from None

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else row[0]

    def init_meta(self, values: dict[str, str]) -> None:
        with self.transaction():
            if self.get_meta("config") is None:
                self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                    list(values.items()))

    def get(self, doc_id: str) -> _Candidate | None:
        row = self.db.execute("SELECT seq, confirm FROM docs WHERE doc_id=?",
                              (doc_id,)).fetchone()
        return None if row is None else _Candidate(doc_id, row[0], decode_sketch(row[1]))

    def insert(self, rows: list[tuple[str, Sketch, Any]]) -> None:
        self._add(rows, skip_same=False)

    def candidates(self, signer: Signer, sk: Sketch) -> list[_Candidate]:
        keys = self.band_keys(signer, sk)
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT seq, doc_id, confirm FROM docs WHERE seq IN "
            f"(SELECT seq FROM bands WHERE key IN ({marks}))", keys).fetchall()
        return [_Candidate(d, s, decode_sketch(c)) for s, d, c in rows]

    def _select_in(self, sql: str, values: list[Any]) -> Iterator[tuple[Any, ...]]:
        """Rows of ``sql`` (with one ``IN ({})``) for ``values``, in chunks."""
        for i in range(0, len(values), _IN_CHUNK):
            part = values[i:i + _IN_CHUNK]
            yield from self.db.execute(sql.format(",".join("?" * len(part))), part)

    def _check_live(self, live: list[tuple[int, str, Sketch, list[int]]],
                    out: list[Match | None], thr: float, k: int) -> None:
        with self.transaction():
            old = self._indexed([d for _, d, _, _ in live])
            hits: dict[int, list[int]] = {}
            for key, seq in self._select_in("SELECT key, seq FROM bands WHERE key IN ({})",
                                            sorted({x for *_, ks in live for x in ks})):
                hits.setdefault(key, []).append(seq)
            known: dict[int, tuple[str, np.ndarray] | None] = {
                seq: (d, decode_sketch(c)) for seq, d, c in self._select_in(
                    "SELECT seq, doc_id, confirm FROM docs WHERE seq IN ({})",
                    sorted({s for seqs in hits.values() for s in seqs}))}
            top = self._last_seq()
            replaced: set[int] = set()
            todo: list[tuple[int, str, Sketch, list[int]]] = []
            for i, doc_id, sk, keys in live:
                prev = old.get(doc_id)
                if prev is not None and np.array_equal(decode_sketch(prev[2]), sk.confirm):
                    continue  # indexed by an earlier run: not a duplicate of itself
                out[i] = _earliest(doc_id, sk, keys, hits, known.get, thr, k)
                if out[i] is not None:
                    continue
                if prev is not None:
                    replaced.add(prev[0])
                    known[prev[0]] = None
                top += 1
                todo.append((top, doc_id, sk, keys))
                known[top] = (doc_id, sk.confirm)
                for key in keys:
                    hits.setdefault(key, []).append(top)
            self._insert_numbered(todo, [(seq, bands) for d, (seq, bands, _) in old.items()
                                         if seq in replaced])

    def add_rows(self, rows: list[tuple[str, Sketch, Any]]) -> int:
        return self._add(rows, skip_same=True)

    def _indexed(self, doc_ids: list[str]) -> dict[str, tuple[int, bytes, bytes]]:
        """``doc_id -> (seq, band keys blob, confirmation blob)`` of those indexed."""
        return {d: (seq, bands, conf) for d, seq, bands, conf in self._select_in(
            "SELECT doc_id, seq, bands, confirm FROM docs WHERE doc_id IN ({})", doc_ids)}

    def _last_seq(self) -> int:
        return self.db.execute("SELECT max(seq) FROM docs").fetchone()[0] or 0

    def _add(self, rows: list[tuple[str, Sketch, Any]], *, skip_same: bool) -> int:
        """Index rows of distinct ids after everything indexed (an id indexed before
        is replaced, or with ``skip_same`` kept when its text is the same)."""
        if not rows:
            return 0
        with self.transaction():
            old = self._indexed([d for d, _, _ in rows])
            top = self._last_seq()
            todo, gone = [], []
            for doc_id, sk, keys in rows:
                prev = old.get(doc_id)
                if prev is not None:
                    if skip_same and np.array_equal(decode_sketch(prev[2]), sk.confirm):
                        continue
                    gone.append((prev[0], prev[1]))
                top += 1
                todo.append((top, doc_id, sk, keys))
            self._insert_numbered(todo, gone)
        return len(todo)

    def _insert_numbered(self, rows: list[tuple[int, str, Sketch, list[int]]],
                         gone: list[tuple[int, bytes]]) -> None:
        db = self.db
        drop = [(key, seq) for seq, bands in gone
                for key in struct.unpack(f"<{len(bands) // 8}q", bands)]
        if drop:
            db.executemany("DELETE FROM bands WHERE key=? AND seq=?", drop)
            db.executemany("DELETE FROM docs WHERE seq=?", [(seq,) for seq, _ in gone])
        db.executemany(
            "INSERT INTO docs(seq, doc_id, shingles, bands, confirm) VALUES (?,?,?,?,?)",
            [(seq, d, sk.shingles, struct.pack(f"<{len(keys)}q", *keys),
              encode_sketch(sk.confirm)) for seq, d, sk, keys in rows])
        pairs = sorted((key, seq) for seq, _, _, keys in rows for key in keys)
        db.executemany("INSERT OR IGNORE INTO bands(key, seq) VALUES (?, ?)", pairs)

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM docs").fetchone()[0])

    def size(self) -> dict[str, Any]:
        if self.path is None:
            pages = self.db.execute("PRAGMA page_count").fetchone()[0]
            psize = self.db.execute("PRAGMA page_size").fetchone()[0]
            return {"size_bytes": int(pages * psize)}
        total = 0
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(self.path) + suffix)
            if p.exists():
                total += p.stat().st_size
        return {"size_bytes": total}

    def close(self) -> None:
        db = getattr(self, "db", None)
        if db is not None:
            try:
                db.close()
            finally:
                self.db = None  # type: ignore[assignment]


class _MemoryBackend(_Backend):
    """The run-local index (no path): band keys in sorted numpy levels.

    A run without ``--index`` only needs its own documents, so nothing is
    written anywhere: each batch's ``(band key, seq)`` pairs become one sorted
    level, a level merges with the one before while it is as big (so there are
    about log2(documents / batch) levels), and a batch's keys are looked up with
    one ``searchsorted`` per level. Documents live in a list by sequence number.
    About 1.2 KB a document (a 1 KB confirmation sketch, 18 band pairs of 16
    bytes); a replaced document's pairs go at the next merge.
    """

    kind = "memory"
    shown = ":memory:"
    batched = True

    def __init__(self) -> None:
        self._meta: dict[str, str] = {}
        self._ids: dict[str, int] = {}
        #: seq -> (doc_id, confirmation sketch); None once replaced
        self._docs: list[tuple[str, np.ndarray] | None] = [None]
        self._alive = np.zeros(1024, dtype=bool)
        self._levels: list[tuple[np.ndarray, np.ndarray]] = []

    def get_meta(self, key: str) -> str | None:
        return self._meta.get(key)

    def init_meta(self, values: dict[str, str]) -> None:
        if "config" not in self._meta:
            self._meta.update(values)

    def get(self, doc_id: str) -> _Candidate | None:
        seq = self._ids.get(doc_id)
        if seq is None:
            return None
        return _Candidate(doc_id, seq, self._docs[seq][1])  # type: ignore[index]

    def _hits(self, keys: Iterable[int] | np.ndarray) -> dict[int, list[int]]:
        """Band key -> sequence numbers holding it (replaced ones included)."""
        out: dict[int, list[int]] = {}
        if not self._levels:
            return out
        # sorted queries: each binary search starts where the last one ended
        q = keys if isinstance(keys, np.ndarray) else np.unique(np.fromiter(keys, np.int64))
        for lk, ls in self._levels:
            lo = np.searchsorted(lk, q, "left")
            found = np.flatnonzero(lk[np.minimum(lo, lk.size - 1)] == q)
            if not found.size:
                continue
            hi = np.searchsorted(lk, q[found], "right")
            for key, a, b in zip(q[found].tolist(), lo[found].tolist(), hi.tolist()):
                out.setdefault(key, []).extend(ls[a:b].tolist())
        return out

    def _new(self, doc_id: str, sk: Sketch) -> int:
        prev = self._ids.get(doc_id)
        if prev is not None:
            self._docs[prev] = None
            self._alive[prev] = False
        seq = len(self._docs)
        self._docs.append((doc_id, sk.confirm))
        if seq >= self._alive.size:
            self._alive = np.concatenate((self._alive, np.zeros(self._alive.size, bool)))
        self._alive[seq] = True
        self._ids[doc_id] = seq
        return seq

    def _push(self, new: list[tuple[int, list[int]]]) -> None:
        """Add the band pairs of new documents as a level; merge while it is
        as big as the level before (dropping replaced documents' pairs)."""
        if not new:
            return
        k = np.fromiter(chain.from_iterable(keys for _, keys in new), dtype=np.int64)
        q = np.repeat(np.fromiter((seq for seq, _ in new), dtype=np.int64, count=len(new)),
                      [len(keys) for _, keys in new])
        order = np.argsort(k, kind="stable")
        self._levels.append((k[order], q[order]))
        while len(self._levels) > 1 and self._levels[-1][0].size >= self._levels[-2][0].size:
            (k2, q2), (k1, q1) = self._levels.pop(), self._levels.pop()
            k, q = np.concatenate((k1, k2)), np.concatenate((q1, q2))
            keep = self._alive[q]
            k, q = k[keep], q[keep]
            order = np.argsort(k, kind="stable")
            self._levels.append((k[order], q[order]))

    def insert(self, rows: list[tuple[str, Sketch, Any]]) -> None:
        self._push([(self._new(d, sk), list(keys)) for d, sk, keys in rows])

    def candidates(self, signer: Signer, sk: Sketch) -> list[_Candidate]:
        seqs = {seq for seqs in self._hits(self.band_keys(signer, sk)).values()
                for seq in seqs}
        out = []
        for seq in sorted(seqs):
            doc = self._docs[seq]
            if doc is not None:
                out.append(_Candidate(doc[0], seq, doc[1]))
        return out

    def _check_live(self, live: list[tuple[int, str, Sketch, list[int]]],
                    out: list[Match | None], thr: float, k: int) -> None:
        """As the SQLite backend's: one call each in order, a batch at once."""
        every, times = np.unique(np.fromiter(chain.from_iterable(keys for *_, keys in live),
                                             dtype=np.int64), return_counts=True)
        hits = self._hits(every)
        # only a key two of the batch's documents share can hit one indexed in it
        shared = set(every[times > 1].tolist())
        docs = self._docs
        new: list[tuple[int, list[int]]] = []
        for i, doc_id, sk, keys in live:
            prev = self._ids.get(doc_id)
            if prev is not None and np.array_equal(docs[prev][1], sk.confirm):  # type: ignore[index]
                continue  # indexed by an earlier call: not a duplicate of itself
            if not hits.keys().isdisjoint(keys):
                out[i] = _earliest(doc_id, sk, keys, hits, docs.__getitem__, thr, k)
                if out[i] is not None:
                    continue
            seq = self._new(doc_id, sk)
            new.append((seq, keys))
            if shared:
                for key in shared.intersection(keys):
                    hits.setdefault(key, []).append(seq)
        self._push(new)

    def count(self) -> int:
        return len(self._ids)

    def size(self) -> dict[str, Any]:
        pairs = sum(lk.nbytes + ls.nbytes for lk, ls in self._levels)
        sketches = sum(doc[1].nbytes for doc in self._docs if doc is not None)
        return {"size_bytes": int(pairs + sketches)}

    def close(self) -> None:
        self._ids.clear()
        self._docs = [None]
        self._levels = []


class _RedisBackend(_Backend):
    kind = "redis"

    def __init__(self, url: str) -> None:
        self.shown = redact(url)
        parts = urlsplit(url)
        self._password = unquote(parts.password) if parts.password else None
        try:
            import redis
        except ImportError:
            raise IndexError_(f"{self.shown}: a redis:// index needs the redis client: "
                              "pip install cleancorpus[redis]") from None
        self._redis_mod = redis
        try:
            port = parts.port or 6379
        except ValueError:
            raise IndexError_(f"{self.shown}: invalid port in the redis URL") from None
        path = parts.path.strip("/")
        if path and not path.isdigit():
            raise IndexError_(f"{self.shown}: the redis URL path must be a database number")
        query = parse_qs(parts.query)
        name = (query.get("name") or ["default"])[0]
        if not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
            raise IndexError_(f"{self.shown}: index name must be letters, digits, - _ .")
        self.params: dict[str, Any] = {"host": parts.hostname or "127.0.0.1", "port": port,
                                       "db": int(path or 0)}
        if parts.username:
            self.params["username"] = unquote(parts.username)
        if self._password:
            self.params["password"] = self._password
        if parts.scheme == "rediss":
            self.params["ssl"] = True
        self.base = f"cleancorpus:{name}".encode()
        self._lsh: Any = None
        try:
            self.r = redis.Redis(socket_connect_timeout=10, **self.params)
            self.r.ping()
        except redis.exceptions.RedisError as exc:
            raise self._error("cannot connect to redis", exc) from None

    def _error(self, what: str, exc: BaseException) -> IndexError_:
        return IndexError_(f"{self.shown}: {what}: "
                           f"{scrub(str(exc) or type(exc).__name__, self._password)}")

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        try:
            yield
        except self._redis_mod.exceptions.RedisError as exc:
            raise self._error(what, exc) from None

    def _lsh_for(self, signer: Signer) -> Any:
        if self._lsh is None:
            from datasketch import MinHashLSH

            cfg = signer.config
            with self._errors("cannot open the LSH tables"):
                self._lsh = MinHashLSH(
                    threshold=cfg.threshold, num_perm=cfg.num_perm,
                    params=(cfg.bands, cfg.rows), prepickle=False,
                    storage_config={"type": "redis", "basename": self.base + b":lsh",
                                    "redis": dict(self.params)})
        return self._lsh

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._errors("cannot lock the index"):
            lock = self.r.lock(self.base + b":lock", timeout=120, blocking_timeout=120)
            if not lock.acquire():
                raise IndexError_(f"{self.shown}: timed out waiting for the index lock")
        try:
            yield
        finally:
            try:
                lock.release()
            except self._redis_mod.exceptions.LockError:
                pass

    def get_meta(self, key: str) -> str | None:
        with self._errors("cannot read the index"):
            v = self.r.hget(self.base + b":meta", key)
        return None if v is None else v.decode()

    def init_meta(self, values: dict[str, str]) -> None:
        with self._errors("cannot create the index"):
            for k, v in values.items():
                self.r.hsetnx(self.base + b":meta", k, v)

    def get(self, doc_id: str) -> _Candidate | None:
        with self._errors("cannot read the index"):
            raw = self.r.hget(self.base + b":docs", doc_id.encode())
        return None if raw is None else self._decode(doc_id, raw)

    @staticmethod
    def _decode(doc_id: str, raw: bytes) -> _Candidate:
        seq, _ = struct.unpack_from("<qI", raw)
        return _Candidate(doc_id, seq, decode_sketch(raw[12:]))

    def band_keys(self, signer: Signer, sk: Sketch) -> Any:
        return signer.lean_minhash(sk.signature)

    def insert(self, rows: list[tuple[str, Sketch, Any]]) -> None:
        if not rows:
            return
        assert self.signer is not None
        lsh = self._lsh_for(self.signer)
        docs = self.base + b":docs"
        with self._errors("cannot write the index"):
            keys = [doc_id.encode() for doc_id, _, _ in rows]
            pipe = self.r.pipeline(transaction=False)
            for key in keys:
                pipe.hexists(docs, key)
            for key, there in zip(keys, pipe.execute()):
                if there:
                    lsh.remove(key)
            last = int(self.r.incrby(self.base + b":seq", len(rows)))
            if len(rows) >= 50:
                # datasketch's buffered insertion: one pipeline per table, not per
                # document (its session reconnects each table when it closes, so
                # only worth it for batches)
                with lsh.insertion_session(buffer_size=max(1000, len(rows))) as session:
                    for key, (_, _, mh) in zip(keys, rows):
                        session.insert(key, mh, check_duplication=False)
            else:
                for key, (_, _, mh) in zip(keys, rows):
                    lsh.insert(key, mh, check_duplication=False)
            pipe = self.r.pipeline(transaction=False)
            for n, (key, (_, sk, _)) in enumerate(zip(keys, rows)):
                seq = last - len(rows) + 1 + n
                pipe.hset(docs, key,
                          struct.pack("<qI", seq, sk.shingles) + encode_sketch(sk.confirm))
            pipe.execute()

    def candidates(self, signer: Signer, sk: Sketch) -> list[_Candidate]:
        lsh = self._lsh_for(signer)
        mh = signer.lean_minhash(sk.signature)
        with self._errors("cannot query the index"):
            # what lsh.query(mh) reads, in one round trip: the band sets of
            # datasketch's Redis storage, by its own key names
            pipe = self.r.pipeline(transaction=False)
            for (start, end), table in zip(lsh.hashranges, lsh.hashtables):
                pipe.smembers(table.redis_key(lsh._H(mh.hashvalues[start:end])))
            found: set[bytes] = set().union(*pipe.execute())
            if not found:
                return []
            keys = sorted(found)
            raws = self.r.hmget(self.base + b":docs", keys)
        return [self._decode(k.decode(), raw) for k, raw in zip(keys, raws) if raw is not None]

    def count(self) -> int:
        with self._errors("cannot read the index"):
            return int(self.r.hlen(self.base + b":docs"))

    def size(self) -> dict[str, Any]:
        with self._errors("cannot read the index"):
            mem = self.r.info("memory").get("used_memory")
            docs = self.r.memory_usage(self.base + b":docs") or 0
        return {"size_bytes": int(docs), "server_used_memory": mem,
                "size_note": "size_bytes counts the sketch hash only; LSH band sets are "
                             "separate Redis keys (see server_used_memory)"}

    def close(self) -> None:
        r = getattr(self, "r", None)
        if r is not None:
            try:
                r.close()
            except Exception:  # noqa: BLE001 - closing must not raise
                pass

