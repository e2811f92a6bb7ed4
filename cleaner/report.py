"""Counters and the per-document report: one line per input document.

The report, the closing summary and the exit code are all read off the same
counters (black's ``Report``).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .records import Document
from .writing import AtomicFile


@dataclass
class Summary:
    mode: str = "clean"
    docs_in: int = 0
    written: int = 0
    unchanged: int = 0
    changed: int = 0
    failed: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    edits: Counter[str] = field(default_factory=Counter)
    bytes_in: int = 0
    started: float = field(default_factory=time.perf_counter)
    errors: list[str] = field(default_factory=list)

    @property
    def return_code(self) -> int:
        if self.failed:
            return 2
        if self.mode in ("check", "fix") and (self.changed or sum(self.dropped.values())):
            return 1
        return 0

    def render(self) -> str:
        secs = max(time.perf_counter() - self.started, 1e-9)
        mb = self.bytes_in / 1e6
        done = f"{self.changed} changed" if self.mode in ("check", "fix") \
            else f"{self.written} written"
        lines = [f"cleancorpus {self.mode}: {self.docs_in} documents in, "
                 f"{done}, {sum(self.dropped.values())} dropped, "
                 f"{self.failed} failed ({secs:.2f} s, {mb / secs:.2f} MB/s)"]
        if self.dropped:
            lines.append("  dropped: " + ", ".join(f"{r} {n}" for r, n in
                                                   self.dropped.most_common()))
        if self.edits:
            lines.append(f"  edits: {sum(self.edits.values())} — " + ", ".join(
                f"{r} {n}" for r, n in sorted(self.edits.items())))
        if self.mode == "check":
            lines.append(f"  {self.changed} document(s) would change")
        return "\n".join(lines)


class ReportWriter:
    """``--report FILE.jsonl``: written atomically, one line per input document."""

    def __init__(self, path: Path | None, *, collect: bool = False) -> None:
        self.file = AtomicFile(path) if path is not None else None
        self.lines: list[str] | None = [] if collect else None

    def add(self, doc: Document, status: str, output: str | None) -> None:
        if self.file is None and self.lines is None:
            return
        res = doc.result
        line: dict[str, Any] = {"source": doc.source, "id": doc.id, "status": status,
                                "output": output, "encoding": doc.encoding,
                                "edits": res.counts() if res else {},
                                "drops": [d.to_json() for d in res.drops] if res else [],
                                "error": doc.error}
        if res is not None and res.metadata:
            line["metadata"] = res.metadata
        text = json.dumps(line, ensure_ascii=False) + "\n"
        if self.lines is not None:
            self.lines.append(text)
        else:
            assert self.file is not None
            self.file.write(text)

    def write_lines(self, lines: list[str]) -> None:
        if self.file is not None:
            for text in lines:
                self.file.write(text)

    def close(self, ok: bool = True) -> None:
        if self.file is not None:
            self.file.commit() if ok else self.file.abort()
