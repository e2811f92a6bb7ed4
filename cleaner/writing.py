"""Atomic, contained writes: a temp file in the target's directory, then os.replace.

A run killed at any moment leaves each output complete or absent (stale temp
files are removed by the next run); no write follows a symlink out of the
output tree, and an in-place rewrite never replaces a symlink.
"""

from __future__ import annotations

import gzip
import io
import os
import tempfile
from pathlib import Path
from typing import IO

from .errors import InputError

TMP_SUFFIX = ".cleancorpus-tmp"


class AtomicFile:
    """Text file written to a sibling temp file and moved over ``target`` on commit."""

    def __init__(self, target: Path, *, gz: bool = False,
                 errors: str = "backslashreplace") -> None:
        self.target = target
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                   suffix=TMP_SUFFIX)
        self.tmp = Path(tmp)
        self._raw: IO[bytes] = os.fdopen(fd, "wb")
        self._gz = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0) if gz else None
        # a lone surrogate (a JSON "\\ud800" escape) cannot be UTF-8: by default it is
        # written as that escape again, which keeps a JSONL record valid and its value
        self.fh = io.TextIOWrapper(self._gz or self._raw, encoding="utf-8", newline="\n",
                                   errors=errors, write_through=False)
        self.done = False

    def write(self, s: str) -> None:
        self.fh.write(s)

    def commit(self) -> None:
        self.fh.flush()
        self.fh.detach()
        if self._gz is not None:
            self._gz.close()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        try:
            mode = os.stat(self.target).st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(self.tmp, mode)
        os.replace(self.tmp, self.target)
        self.done = True

    def abort(self) -> None:
        if not self.done:
            try:
                self.fh.detach()
            except ValueError:
                pass
            self._raw.close()
            self.tmp.unlink(missing_ok=True)
            self.done = True

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def write_text_atomic(target: Path, text: str) -> None:
    with AtomicFile(target) as f:
        f.write(text)


def contained_path(root: Path, rel: Path) -> Path:
    """``root/rel`` with its parents created, refusing any symlink on the way."""
    root_real = Path(os.path.realpath(root))
    target = root / rel
    cur = root
    for part in rel.parent.parts:
        cur = cur / part
        if cur.is_symlink():
            raise InputError(str(target), f"output directory {cur} is a symlink; refusing "
                                          "to write through it")
        cur.mkdir(exist_ok=True)
    parent_real = Path(os.path.realpath(target.parent))
    if parent_real != root_real and root_real not in parent_real.parents:
        raise InputError(str(target), "output path leaves the output directory")
    if target.is_symlink():
        raise InputError(str(target), "output path is a symlink; refusing to replace it")
    return target


def in_place_target(path: Path) -> Path:
    if path.is_symlink():
        raise InputError(str(path), "is a symlink; not rewritten in place (pass the file "
                                    "it points to)")
    return path


def remove_stale_temps(root: Path) -> int:
    """Delete temp files a killed run left under ``root``."""
    n = 0
    if not root.is_dir():
        return 0
    for dirpath, dirs, files in os.walk(root):
        for name in files:
            if name.startswith(".") and name.endswith(TMP_SUFFIX):
                (Path(dirpath) / name).unlink(missing_ok=True)
                n += 1
    return n
