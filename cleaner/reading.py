"""Readers: walk input paths and yield documents, streaming, one file at a time.

`.txt`/`.md` files are one document each; `.jsonl` and `.jsonl.gz` hold one JSON
object per line (gzip is streamed, never inflated whole). A bad file or line
becomes a Document with ``error`` set, so it is reported and the run goes on.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .decoding import DecodeFailure, decode_bytes
from .records import Document

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")


def file_kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".jsonl.gz"):
        return "jsonl.gz"
    if name.endswith(".jsonl"):
        return "jsonl"
    if name.endswith(TEXT_SUFFIXES):
        return "txt"
    return None


@dataclass(frozen=True, slots=True)
class InputFile:
    """An input file and where its output goes, relative to the output root."""

    path: Path
    rel: Path
    kind: str  # "txt", "jsonl", "jsonl.gz" or "stdin"

    @property
    def shown(self) -> str:
        return "-" if self.kind == "stdin" else str(self.path)


def walk(paths: Iterable[str | Path]) -> Iterator[InputFile | Document]:
    """Input files in a deterministic order; unreadable paths as failed Documents.

    Directories are walked recursively (sorted, symlinked directories not
    followed); files of other types inside a directory are not documents and
    are skipped; a file named explicitly is read as text unless it is JSONL.
    """
    for p in paths:
        if str(p) == "-":
            yield InputFile(Path("-"), Path("stdin.txt"), "stdin")
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    f = Path(root) / name
                    kind = file_kind(f)
                    if kind is None or name.startswith("."):
                        continue
                    if f.is_symlink() and not _inside(f, path):
                        yield _failed(str(f), "symlink to a file outside the input "
                                              "directory; not read (name it explicitly)")
                        continue
                    yield InputFile(f, f.relative_to(path), kind)
        elif path.exists() or path.is_symlink():
            if not path.is_file():
                yield _failed(str(path), "not a regular file")
            else:
                yield InputFile(path, Path(path.name), file_kind(path) or "txt")
        else:
            yield _failed(str(path), "no such file or directory")


def _inside(f: Path, root: Path) -> bool:
    real, base = Path(os.path.realpath(f)), Path(os.path.realpath(root))
    return base in real.parents


def _failed(source: str, problem: str, doc_id: str | None = None,
            raw: str | None = None) -> Document:
    return Document(id=doc_id or source, text="", source=source, error=problem, raw=raw)


def documents(inputs: Iterable[InputFile | Document], *, text_key: str = "text",
              id_key: str = "id") -> Iterator[tuple[InputFile | None, Document]]:
    """Every document of ``walk``'s items, with the file it came from (None for a
    path that failed before it could be read)."""
    for item in inputs:
        if isinstance(item, Document):
            yield None, item
        else:
            for doc in read(item, text_key=text_key, id_key=id_key):
                yield item, doc


def read(f: InputFile, *, text_key: str = "text", id_key: str = "id") -> Iterator[Document]:
    """The documents of one input file."""
    if f.kind == "jsonl" or f.kind == "jsonl.gz":
        yield from _read_jsonl(f, text_key, id_key)
        return
    try:
        data = sys.stdin.buffer.read() if f.kind == "stdin" else f.path.read_bytes()
    except OSError as exc:
        yield _failed(f.shown, f"cannot read: {exc.strerror or exc}")
        return
    try:
        text, enc = decode_bytes(data)
    except DecodeFailure as exc:
        src = f"{f.shown}:{exc.line}" if exc.line else f.shown
        yield _failed(src, str(exc), doc_id=str(f.rel))
        return
    yield Document(id=str(f.rel) if f.kind != "stdin" else "-", text=text, source=f.shown,
                   encoding=enc)


def line_ranges(f: InputFile, parts: int, *, min_bytes: int = 1 << 22) -> list[tuple[int, int]]:
    """Byte ranges ``[start, end)`` splitting a plain JSONL file for parallel readers
    (each at least ``min_bytes``); a line belongs to the range it starts in."""
    try:
        size = f.path.stat().st_size
    except OSError:
        return [(0, -1)]
    n = max(1, min(parts, size // max(1, min_bytes)))
    cuts = [size * i // n for i in range(n + 1)]
    return [(cuts[i], cuts[i + 1]) for i in range(n)]


def texts_in_range(f: InputFile, start: int, end: int, text_key: str = "text"
                   ) -> Iterator[str]:
    """The texts of the well-formed lines starting in ``[start, end)`` of a plain
    JSONL file (``end`` -1: to the end). Bad lines are skipped: the cleaning pass
    reports them."""
    try:
        with open(f.path, "rb") as fh:
            if start:
                fh.seek(start - 1)
                fh.readline()  # the line that started before ``start`` is not ours
            pos = fh.tell()
            while end < 0 or pos < end:
                raw = fh.readline()
                if not raw:
                    break
                pos += len(raw)
                doc = _parse_line(f, 0, raw, text_key, "id")
                if doc.error is None:
                    yield doc.text
    except OSError:
        return  # reported by the cleaning pass


def _open_lines(f: InputFile) -> Iterator[bytes]:
    if f.kind == "jsonl.gz":
        with gzip.open(f.path, "rb") as fh:
            yield from fh
    else:
        with open(f.path, "rb") as fh:
            yield from fh


def _read_jsonl(f: InputFile, text_key: str, id_key: str) -> Iterator[Document]:
    lineno = 0
    try:
        for lineno, raw in enumerate(_open_lines(f), 1):
            yield _parse_line(f, lineno, raw, text_key, id_key)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        problem = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        yield _failed(f"{f.shown}:{lineno + 1}", f"cannot read: {problem}")


def _printable_id(value: object) -> str:
    """An id as text an index and a report can store: a lone surrogate (a JSON
    ``\\ud800`` escape, which no UTF-8 store accepts) stays as that escape."""
    doc_id = str(value)
    return doc_id if doc_id.isascii() else \
        doc_id.encode("utf-8", "backslashreplace").decode("utf-8")


def _parse_line(f: InputFile, lineno: int, raw: bytes, text_key: str, id_key: str) -> Document:
    source = f"{f.shown}:{lineno}"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _failed(source, f"not UTF-8 (byte {exc.start} of the line)", raw=None)
    if not line.strip():
        return _failed(source, "empty line (not a JSON object)", raw=line)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return _failed(source, f"broken JSON: {exc.msg} at column {exc.colno}", raw=line)
    except ValueError as exc:  # Python's limit on the digits of an integer
        return _failed(source, f"JSON this reader cannot hold: {exc}".split(";")[0], raw=line)
    except RecursionError:
        return _failed(source, "JSON nested too deeply to read", raw=line)
    if not isinstance(record, dict):
        return _failed(source, "not a JSON object", raw=line)
    doc_id = record.get(id_key)
    doc_id = _printable_id(doc_id) if doc_id is not None else f"{f.rel}:{lineno}"
    if text_key not in record:
        return _failed(source, f"missing text key {text_key!r} (keys: "
                               f"{', '.join(list(record)[:8]) or 'none'}); see --text-key",
                       doc_id=doc_id, raw=line)
    text = record[text_key]
    if not isinstance(text, str):
        return _failed(source, f"{text_key!r} is {type(text).__name__}, not a string",
                       doc_id=doc_id, raw=line)
    return Document(id=doc_id, text=text, source=source, record=record, encoding="utf-8",
                    raw=line)
