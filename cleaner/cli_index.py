"""``cleancorpus index add|query|stats``: the persistent near-duplicate index.

INDEX is a file path (SQLite, no server) or a ``redis://[user:password@]host:port/db
[?name=NAME]`` URL. Exit codes: ``add``/``stats`` 0, or 2 on an error (an input
that could not be read still lets the others through, then exits 2);
``query`` 0 when no document has a near-duplicate, 1 when some has, 2 on error.
A password in a redis URL is never printed.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Callable, Iterator

import click

from .cli_guard import friendly
from .records import Document


def _documents(paths: tuple[str, ...], text_key: str, id_key: str,
               failed: list[str]) -> Iterator[Document]:
    """Documents of the inputs; failures are printed and counted, never raised."""
    from .reading import documents, walk

    for _, doc in documents(walk(paths), text_key=text_key, id_key=id_key):
        if doc.error is not None:
            failed.append(doc.source)
            click.echo(f"error: {doc.source}: {doc.error}", err=True)
            continue
        yield doc


def _cleaner(clean: bool) -> Callable[[Document], str]:
    if not clean:
        return lambda doc: doc.text
    from .pipeline import Pipeline

    pipe = Pipeline()

    def run(doc: Document) -> str:
        return pipe.clean_local(doc.text, doc_id=doc.id, format=doc.format).text

    return run


def _open(target: str, create: bool) -> Any:
    from .dedup import NearDupIndex

    return NearDupIndex.open(target, create=create)


_input_options = [
    click.argument("target", metavar="INDEX"),
    click.argument("paths", metavar="PATH...", nargs=-1, required=True),
    click.option("--text-key", default="text", show_default=True,
                 help="JSONL field holding the text."),
    click.option("--id-key", default="id", show_default=True,
                 help="JSONL field holding the id (else file:line)."),
    click.option("--clean", "clean", is_flag=True,
                 help="Clean each document with the shipped rules first (as `clean "
                      "--index` does), so raw and cleaned copies match."),
]


def _inputs(f: Callable[..., Any]) -> Callable[..., Any]:
    for o in reversed(_input_options):
        f = o(f)
    return f


@click.group("index")
def index() -> None:
    """Persistent near-duplicate index (a file path or a redis:// URL)."""


@index.command("add")
@_inputs
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
@friendly
def add_cmd(target: str, paths: tuple[str, ...], text_key: str, id_key: str, clean: bool,
            quiet: bool) -> None:
    """Add the documents under PATH... to INDEX (created if missing).

    A document id already in the index is replaced by the new text.
    """
    failed: list[str] = []
    prep = _cleaner(clean)
    seen = 0
    with _open(target, create=True) as ix:
        def pairs() -> Iterator[tuple[str, str]]:
            nonlocal seen
            for doc in _documents(paths, text_key, id_key, failed):
                seen += 1
                yield doc.id, prep(doc)

        added = ix.add_many(pairs())
        total = len(ix)
        where = ix.location
    if not quiet:
        click.echo(f"{where}: {seen} documents read, {added} added or updated, "
                   f"{total} in the index" + (f", {len(failed)} failed" if failed else ""))
    sys.exit(2 if failed else 0)


@index.command("query")
@_inputs
@click.option("--json", "as_json", is_flag=True, help="One JSON line per document.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=None,
              help="Minimum similarity [the index's threshold].")
@friendly
def query_cmd(target: str, paths: tuple[str, ...], text_key: str, id_key: str, clean: bool,
              as_json: bool, threshold: float | None) -> None:
    """For each document under PATH..., the indexed near-duplicates and similarity.

    Exit 0 when none has a near-duplicate, 1 when some has, 2 on an error. A
    document is not reported as a duplicate of itself (same id).
    """
    failed: list[str] = []
    prep = _cleaner(clean)
    found_any = False
    with _open(target, create=False) as ix:
        for doc in _documents(paths, text_key, id_key, failed):
            matches = ix.query(prep(doc), exclude=doc.id, threshold=threshold)
            found_any = found_any or bool(matches)
            if as_json:
                click.echo(json.dumps({"source": doc.source, "id": doc.id, "duplicates": [
                    {"id": d, "similarity": round(s, 4)} for d, s in matches]},
                    ensure_ascii=False))
            elif matches:
                shown = ", ".join(f"{d} ({s:.2f})" for d, s in matches)
                click.echo(f"{doc.source}: near-duplicate of {shown}")
    if failed:
        sys.exit(2)
    sys.exit(1 if found_any else 0)


@index.command("stats")
@click.argument("target", metavar="INDEX")
@click.option("--json", "as_json", is_flag=True, help="Print the stats as JSON.")
@friendly
def stats_cmd(target: str, as_json: bool) -> None:
    """Documents, size on disk and settings of INDEX."""
    with _open(target, create=False) as ix:
        st = ix.stats()
    if as_json:
        click.echo(json.dumps(st, ensure_ascii=False, sort_keys=True))
        return
    click.echo(f"index:      {st['location']} ({st['backend']})")
    click.echo(f"documents:  {st['documents']}")
    click.echo(f"size:       {_size(st['size_bytes'])}")
    if st.get("server_used_memory") is not None:
        click.echo(f"server mem: {_size(int(st['server_used_memory']))}")
    click.echo(f"settings:   {st['fingerprint']}")


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"
