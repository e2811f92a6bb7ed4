"""Run the pipeline over input paths: read, clean (in parallel), write, report.

One code path for ``clean``, ``check`` and ``fix``; the mode decides what is
written. Documents stream through in input order; workers run the per-document
rules, the main process runs cross-document rules in order and writes.
"""

from __future__ import annotations

import difflib
from collections import deque
from contextlib import ExitStack
import json
import os
import sys
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import click

from .errors import CleanCorpusError, InputError
from .parallel import OrderedPool
from .pipeline import Pipeline
from .reading import InputFile, documents, line_ranges, read, texts_in_range, walk
from .records import Document, Result
from .report import ReportWriter, Summary
from .writing import AtomicFile, contained_path, in_place_target, remove_stale_temps


#: What a rule took out of the text but keeps: written into JSONL output records
#: under "cleancorpus". Other metadata (findings) goes to the report only.
OUTPUT_METADATA = ("byline", "banner", "furniture")


@dataclass
class RunOptions:
    mode: str = "clean"  # clean | check | fix
    out: Path | None = None
    in_place: bool = False
    text_key: str = "text"
    id_key: str = "id"
    jobs: int = 1
    report: Path | None = None
    html: Path | None = None
    diff: bool = False
    quiet: bool = False
    index: str | None = None
    batch: int = 64
    #: documents per index commit (see NearDupIndex.grouped)
    index_group: int = 1024
    echo: Callable[[str], None] = field(default=lambda s: click.echo(s))
    err: Callable[[str], None] = field(default=lambda s: click.echo(s, err=True))


def check_output_location(paths: Iterable[str], out: Path) -> None:
    """Refuse an output directory inside (or equal to) an input directory."""
    out_real = Path(os.path.realpath(out))
    for p in paths:
        if p == "-":
            continue
        src = Path(os.path.realpath(p))
        if src.is_dir() and (out_real == src or src in out_real.parents):
            raise CleanCorpusError(f"{out}: output directory is inside the input {p}; a "
                                   "rerun would read its own output (choose -o elsewhere)")


def run(paths: list[str], pipeline: Pipeline, opts: RunOptions) -> Summary:
    """Clean, check or fix ``paths``; return the summary (its return_code is the exit)."""
    summary = Summary(mode=opts.mode)
    if opts.out is not None:
        check_output_location(paths, opts.out)
        opts.out.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(opts.out)
    inputs = list(walk(paths))
    stats_path = _stats_path(opts)
    if pipeline.needs_corpus and pipeline.corpus is None:
        pipeline.corpus = _prepass(inputs, opts, stats_path)
    owns_index = False
    if opts.mode == "clean" and pipeline.needs_index and pipeline.index is None:
        from .dedup import NearDupIndex
        pipeline.index = NearDupIndex.open(opts.index)
        owns_index = True
    report = ReportWriter(opts.report)
    html = _html_sink(opts, pipeline)
    sink = _Sink(opts, summary, report, html)
    total = sum(_size(f) for f in inputs if isinstance(f, InputFile))
    show = not opts.quiet and sys.stderr.isatty()
    ok = False
    try:
        with click.progressbar(length=max(total, 1), label="cleaning", file=sys.stderr,
                               show_pos=False, show_percent=True,
                               hidden=not show) as bar:
            stream = _process(pipeline, inputs, opts)
            grouped = getattr(pipeline.index, "grouped", None) if opts.mode == "clean" \
                else None
            with ExitStack() as scope:  # an exception rolls the open group back
                in_group = 0
                while chunk := list(islice(stream, opts.batch)):
                    if grouped is not None and not in_group:
                        scope.enter_context(grouped())
                    _finish(pipeline, [doc for _, doc in chunk])
                    in_group += len(chunk)
                    if in_group >= opts.index_group:
                        scope.close()  # commit
                        in_group = 0
                    for f, doc in chunk:
                        advanced = sink.add(f, doc)
                        if advanced:
                            bar.update(advanced)
            sink.close()
        ok = True
        if stats_path is not None and pipeline.corpus is not None:
            pipeline.corpus.save(stats_path)
    finally:
        if not ok:
            sink.abort()  # an interrupted file leaves no temp file behind
        report.close(ok)
        if html is not None:
            html.close(ok)
        if owns_index:
            pipeline.index.close()
    return summary


def _finish(pipeline: Pipeline, docs: list[Document]) -> None:
    """The cross-document rules for consecutive documents, in input order (one
    index transaction per batch); an index failure fails the batch's documents."""
    todo = [doc for doc in docs if doc.error is None and doc.result is not None]
    try:
        pipeline.finish_many([(doc.result, doc.id, doc.format)  # type: ignore[misc]
                              for doc in todo])
    except CleanCorpusError as exc:
        for doc in todo:
            doc.error = str(exc)


def _size(f: InputFile) -> int:
    try:
        return f.path.stat().st_size if f.kind != "stdin" else 0
    except OSError:
        return 0


def _html_sink(opts: RunOptions, pipeline: Pipeline) -> Any:
    if opts.html is None:
        return None
    from .html_report import HtmlReport
    return HtmlReport(opts.html, pipeline.ruleset)


def _stats_path(opts: RunOptions) -> Path | None:
    """Line counts persist beside a file index, so incremental runs use them."""
    if opts.mode != "clean" or not opts.index or "://" in opts.index:
        return None
    p = Path(opts.index)
    return p.with_name(p.name + ".lines.json")


def _prepass(inputs: list[Any], opts: RunOptions, saved: Path | None) -> Any:
    """Corpus statistics (line frequencies) over every input, before cleaning,
    added to the counts of earlier runs when they were saved beside the index."""
    from .corpus_stats import CorpusStats
    stats = CorpusStats()
    if saved is not None and saved.is_file():
        try:
            stats = CorpusStats.load(saved)
        except (ValueError, OSError) as exc:
            raise CleanCorpusError(f"{saved}: cannot read the saved line counts: {exc}") \
                from None
    files = [f for f in inputs if isinstance(f, InputFile) and f.kind != "stdin"]
    if opts.jobs <= 1:
        for _, doc in documents(files, text_key=opts.text_key, id_key=opts.id_key):
            if doc.error is None:
                stats.observe(doc.text)
        return stats
    # workers read their own share (byte ranges of a JSONL file, whole other files):
    # no text crosses a pipe, only each share's counts come back
    tasks = []
    for f in files:
        ranges = line_ranges(f, opts.jobs * 4) if f.kind == "jsonl" else [(0, -1)]
        tasks += [(f, start, end, opts.text_key, stats.max_len) for start, end in ranges]
    with OrderedPool(opts.jobs, _observe) as pool:
        for part in pool.imap(tasks):  # in order: merging stays deterministic
            stats.merge(part)
    return stats


def _observe(task: tuple[InputFile, int, int, str, int]) -> Any:
    from .corpus_stats import CorpusStats
    f, start, end, text_key, max_len = task
    stats = CorpusStats(max_len=max_len)
    if f.kind == "jsonl":
        texts = texts_in_range(f, start, end, text_key)
    else:
        texts = (doc.text for doc in read(f, text_key=text_key) if doc.error is None)
    for text in texts:
        stats.observe(text)
    return stats


# ------------------------------------------------------------ parallel map

_WORKER: Pipeline | None = None


def _work_batch(jobs: list[tuple[str, str, str]]) -> list[tuple[Result | None, str | None]]:
    """A worker cleans a batch of texts: only the texts go over the pipe, and the
    results come back without the originals (the main process has them)."""
    assert _WORKER is not None
    out = []
    for job in jobs:
        result, error = _clean_local(_WORKER, *job)
        if result is not None:
            result.original = ""
        out.append((result, error))
    return out


def _clean_local(pipeline: Pipeline, doc_id: str, text: str, fmt: str
                 ) -> tuple[Result | None, str | None]:
    """The per-document rules on one text: its result, or why it failed."""
    try:
        return pipeline.clean_local(text, doc_id=doc_id, format=fmt), None
    except InputError as exc:
        return None, exc.problem
    except RecursionError:
        return None, "text too deeply nested to clean"


def _clean_one(pipeline: Pipeline, doc: Document) -> Document:
    if doc.error is None:
        doc.result, doc.error = _clean_local(pipeline, doc.id, doc.text, doc.format)
    return doc


def _process(pipeline: Pipeline, inputs: list[Any], opts: RunOptions
             ) -> Iterator[tuple[Any, Document]]:
    stream = documents(inputs, text_key=opts.text_key, id_key=opts.id_key)
    if opts.jobs <= 1:
        for f, doc in stream:
            yield f, _clean_one(pipeline, doc)
        return
    global _WORKER
    _WORKER = pipeline  # inherited by the forked workers: built once, never pickled
    # a task of opts.batch documents; two per worker in flight, so workers never
    # wait for this process, which indexes and writes in input order
    batches: deque[list[tuple[Any, Document]]] = deque()

    def tasks() -> Iterator[list[tuple[str, str, str]]]:
        while batch := list(islice(stream, opts.batch)):
            batches.append(batch)
            yield [(d.id, d.text, d.format) for _, d in batch if d.error is None]

    with OrderedPool(opts.jobs, _work_batch) as pool:
        for answers in pool.imap(tasks()):
            done = iter(answers)
            for f, doc in batches.popleft():
                if doc.error is None:
                    doc.result, doc.error = next(done)
                    if doc.result is not None:
                        doc.result.original = doc.text
                yield f, doc


# ------------------------------------------------------------ writing


class _Sink:
    """Routes each cleaned document to its output file, report line and counters."""

    def __init__(self, opts: RunOptions, summary: Summary, report: ReportWriter,
                 html: Any) -> None:
        self.opts, self.summary, self.report, self.html = opts, summary, report, html
        self.cur: InputFile | None = None
        self.writer: AtomicFile | None = None
        self.cur_changed = False
        self.cur_written = 0
        self._failed_before = 0
        self.cur_target: Path | None = None

    # a file's documents arrive together; its output is committed when the next begins
    def add(self, f: InputFile | None, doc: Document) -> int:
        advanced = 0
        if f is not self.cur:
            advanced = self._end_file()
            self.cur = f
            self.cur_written = 0
            if f is not None:
                self.summary.bytes_in += _size(f)
                self._begin_file(f)
        self._document(f, doc)
        return advanced

    def close(self) -> None:
        self._end_file()

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()
            self.writer = None

    def _output_target(self, f: InputFile) -> Path | None:
        o = self.opts
        if o.mode == "check" or f.kind == "stdin" and o.out is None:
            return None
        if o.mode == "fix" or o.in_place:
            return in_place_target(f.path)
        assert o.out is not None
        return contained_path(o.out, f.rel)

    def _begin_file(self, f: InputFile) -> None:
        self.cur_changed = False
        self._failed_before = self.summary.failed
        self.cur_target = None
        if f.kind.startswith("jsonl"):
            try:
                self.cur_target = self._output_target(f)
                if self.cur_target is not None:
                    self.writer = AtomicFile(self.cur_target, gz=f.kind == "jsonl.gz")
            except CleanCorpusError as exc:
                self.opts.err(f"error: {exc}")
                self.summary.errors.append(str(exc))
                self.cur_target = None

    def _end_file(self) -> int:
        f, w = self.cur, self.writer
        self.writer = None
        if f is None:
            return 0
        if w is not None:
            in_place = self.opts.mode == "fix" or self.opts.in_place
            if in_place and not self.cur_changed or not in_place and not self.cur_written \
                    and self.summary.failed > self._failed_before:
                w.abort()  # unchanged in place, or nothing of a broken file to write
            else:
                w.commit()
                if self.opts.mode == "fix":
                    self.opts.echo(f"Fixing {f.shown}")
        return _size(f)

    def _document(self, f: InputFile | None, doc: Document) -> None:
        s, o = self.summary, self.opts
        output = None
        res = doc.result
        if doc.error is None and res is not None and res.dropped is None:
            assert f is not None
            try:
                output = self._write(f, doc)
            except CleanCorpusError as exc:  # e.g. an output path through a symlink
                doc.error = str(exc)
        s.docs_in += 1
        if doc.error is not None or res is None:
            self._failed(doc)
            return
        for rule, n in res.counts().items():  # counts: the edits stay packed
            s.edits[rule] += n
        if res.changed:
            s.changed += 1
        else:
            s.unchanged += 1
        if o.mode == "check":
            self._check_lines(doc)
        if res.dropped is not None:
            s.dropped[res.dropped.rule] += 1
            self.report.add(doc, "dropped", None)
            self.cur_changed = True
        else:
            s.written += output is not None or o.mode == "check"
            self.report.add(doc, "written", output)
        self._html(doc)

    def _failed(self, doc: Document) -> None:
        s, o = self.summary, self.opts
        s.failed += 1
        msg = f"{doc.source}: {doc.error}"
        s.errors.append(msg)
        o.err(f"error: {msg}")
        self.report.add(doc, "failed", None)
        if self.writer is not None and doc.raw is not None and (o.in_place or o.mode == "fix"):
            self.writer.write(doc.raw.rstrip("\r\n") + "\n")  # in place: never lose a line
        self._html(doc)

    def _html(self, doc: Document) -> None:
        if self.html is not None:
            self.html.add(doc)

    def _write(self, f: InputFile, doc: Document) -> str | None:
        res = doc.result
        assert res is not None
        o = self.opts
        if o.mode == "check":
            return None
        if f.kind.startswith("jsonl"):
            if self.writer is None:
                return None
            meta_out = {k: v for k, v in res.metadata.items() if k in OUTPUT_METADATA}
            if not res.changed and not meta_out and doc.raw is not None:
                line = doc.raw.rstrip("\r\n") + "\n"
            else:  # only a changed record is re-serialised: others keep their bytes
                record = dict(doc.record or {})
                record[o.text_key] = res.text
                if meta_out:
                    meta = dict(record.get("cleancorpus") or {})
                    meta.update(meta_out)
                    record["cleancorpus"] = meta
                line = json.dumps(record, ensure_ascii=False) + "\n"
                self.cur_changed = True
            self.writer.write(line)
            self.cur_written += 1
            return f"{self.cur_target}:{doc.source.rsplit(':', 1)[-1]}"
        # one-document files
        if f.kind == "stdin" and o.out is None:
            sys.stdout.write(res.text)
            sys.stdout.flush()
            return "-"
        target = self._output_target(f)
        if target is None:
            return None
        in_place = o.mode == "fix" or o.in_place
        if in_place and not res.changed and doc.encoding == "utf-8":
            return str(target)
        with AtomicFile(target) as w:
            w.write(res.text)
        if o.mode == "fix":
            o.echo(f"Fixing {f.shown}")
        return str(target)

    def _check_lines(self, doc: Document) -> None:
        res = doc.result
        assert res is not None
        if not res.changed:
            return
        counts = res.counts()
        parts = ", ".join(f"{r} {n}" for r, n in counts.items())
        drop = f"; dropped by {res.dropped.rule}: {res.dropped.reason}" if res.dropped else ""
        self.opts.echo(f"{doc.source}: {sum(counts.values())} edit(s) ({parts}){drop}")
        if self.opts.diff:
            name = doc.source
            diff = difflib.unified_diff(res.original.splitlines(keepends=True),
                                        res.text.splitlines(keepends=True),
                                        fromfile=f"a/{name}", tofile=f"b/{name}")
            for line in diff:  # a lone surrogate shown as its escape, not an error
                self.opts.echo(line.rstrip("\n").encode("utf-8", "backslashreplace")
                               .decode("utf-8"))
