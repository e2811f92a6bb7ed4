"""The ``cleancorpus`` command: a thin click layer over the library.

Exit codes follow DESIGN.md: ``clean`` 0, or 2 when any input failed; ``check``
0 clean / 1 would change / 2 error; ``fix`` 0 unchanged / 1 changed / 2 error.
A user never sees a traceback (set CLEANCORPUS_DEBUG=1 to get one).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .cli_guard import friendly
from .config import find_config, load_config
from .errors import CleanCorpusError, InputError
from .explain import LineIndex, original_positions, short
from .pipeline import Pipeline
from .reading import documents, walk
from .rules import RuleSet
from .runner import RunOptions, run


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for raw in values for v in raw.split(",") if v.strip()]


def common_options(f: Callable[..., Any]) -> Callable[..., Any]:
    opts = [
        click.option("--select", multiple=True, help="Rule ids or prefixes to run (ENC, SCR012)."),
        click.option("--ignore", multiple=True, help="Rule ids or prefixes not to run."),
        click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
                     help="Extra rule file (USR rules, e.g. an errata table)."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False),
                     help="Config file (default: cleancorpus.toml or [tool.cleancorpus])."),
        click.option("--safe-only", is_flag=True, default=None,
                     help="Run only rules marked safe (meaning-preserving)."),
        click.option("--text-key", default=None, help="JSONL field holding the text [text]."),
        click.option("--id-key", default=None, help="JSONL field holding the id [id]."),
        click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None,
                     help="Worker processes [1]."),
        click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write one JSON line per input document."),
        click.option("--html", type=click.Path(dir_okay=False, path_type=Path),
                     help="Write a self-contained HTML review page."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _settings(kw: dict[str, Any]) -> dict[str, Any]:
    cfg_path = Path(kw["config_path"]) if kw.get("config_path") else find_config()
    if kw.get("config_path") and not Path(kw["config_path"]).is_file():
        raise CleanCorpusError(f"{kw['config_path']}: config file not found")
    cfg = load_config(cfg_path)
    return {
        "select": _split(kw.get("select") or ()) or cfg.get("select"),
        "ignore": _split(kw.get("ignore") or ()) or cfg.get("ignore"),
        "rules": [*cfg.get("rules", []), *kw.get("rule_files", ())],
        "safe_only": kw["safe_only"] if kw.get("safe_only") is not None
        else cfg.get("safe-only", False),
        "text_key": kw.get("text_key") or cfg.get("text-key", "text"),
        "id_key": kw.get("id_key") or cfg.get("id-key", "id"),
        "jobs": kw.get("jobs") or cfg.get("jobs", 1),
        "index": kw.get("index") or cfg.get("index"),
    }


def _pipeline(s: dict[str, Any]) -> Pipeline:
    return Pipeline(s["rules"], select=s["select"], ignore=s["ignore"],
                    safe_only=s["safe_only"])


def _options(s: dict[str, Any], kw: dict[str, Any], mode: str, **extra: Any) -> RunOptions:
    return RunOptions(mode=mode, text_key=s["text_key"], id_key=s["id_key"], jobs=s["jobs"],
                      report=kw.get("report"), html=kw.get("html"), quiet=kw.get("quiet", False),
                      index=s["index"], **extra)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleancorpus")
def main() -> None:
    """Clean scraped and OCR'd Chinese text into corpus files.

    Every edit is attributed to a rule id: see `cleancorpus rules`.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Output directory; mirrors the input tree.")
@click.option("--in-place", is_flag=True, help="Rewrite the inputs instead.")
@click.option("--index", default=None,
              help="Near-duplicate index to check and extend: a path or redis:// URL.")
@click.option("--dask", "dask_scheduler", default=None,
              help="Run on a Dask cluster: a scheduler address or 'local'.")
@common_options
@friendly
def clean(paths: tuple[str, ...], out: Path | None, in_place: bool,
          dask_scheduler: str | None, **kw: Any) -> None:
    """Run the whole pipeline on PATHS (files, directories, - for stdin).

    Exit 0, or 2 if any input failed (each failure is one line on stderr and in
    the report; the other documents are still written).
    """
    if out is None and not in_place and any(p != "-" for p in paths):
        raise click.UsageError("give -o OUT (a directory to write to) or --in-place")
    if out is not None and in_place:
        raise click.UsageError("-o and --in-place exclude each other")
    s = _settings(kw)
    if dask_scheduler:
        from .dask import run_dask
        summary = run_dask(list(paths), s, _options(s, kw, "clean", out=out, in_place=in_place),
                           dask_scheduler)
    else:
        summary = run(list(paths), _pipeline(s),
                      _options(s, kw, "clean", out=out, in_place=in_place))
    _finish(summary, kw)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--diff", is_flag=True, help="Print a unified diff of each change.")
@common_options
@friendly
def check(paths: tuple[str, ...], diff: bool, **kw: Any) -> None:
    """Dry run: which documents would change, by rule id. Writes nothing.

    Exit 0 when nothing would change, 1 when something would, 2 on an error.
    Cross-document rules (near-duplicate documents) are not run: they need a
    whole corpus, not a batch of files.
    """
    s = _settings(kw)
    summary = run(list(paths), _pipeline(s), _options(s, kw, "check", diff=diff))
    _finish(summary, kw)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@common_options
@friendly
def fix(paths: tuple[str, ...], **kw: Any) -> None:
    """Rewrite PATHS in place where a rule changes them (the pre-commit hook).

    Exit 0 when nothing changed, 1 when a file was rewritten, 2 on an error.
    """
    s = _settings(kw)
    summary = run(list(paths), _pipeline(s), _options(s, kw, "fix"))
    _finish(summary, kw)


def _finish(summary: Any, kw: dict[str, Any]) -> None:
    if not kw.get("quiet"):
        click.echo(summary.render(), err=True)
    sys.exit(summary.return_code)


@main.command()
@click.argument("file", type=click.Path())
@common_options
@friendly
def explain(file: str, **kw: Any) -> None:
    """Every edit in FILE: rule id, line:col, before -> after, rule summary."""
    s = _settings(kw)
    pipe = _pipeline(s)
    failed = False
    for _, doc in documents(walk([file]), text_key=s["text_key"], id_key=s["id_key"]):
        if doc.error is None:
            try:
                doc.result = pipe.clean(doc.text, doc_id=doc.id, format=doc.format)
            except InputError as exc:
                doc.error = exc.problem
        if doc.error is not None:
            click.echo(f"error: {doc.source}: {doc.error}", err=True)
            failed = True
            continue
        _explain_doc(doc, pipe)
    sys.exit(2 if failed else 0)


def _explain_doc(doc: Any, pipe: Pipeline) -> None:
    res = doc.result
    lines = LineIndex(res.original)
    base_line = int(doc.source.rsplit(":", 1)[1]) if doc.record is not None else 0
    src = doc.source.rsplit(":", 1)[0] if doc.record is not None else doc.source
    located = []
    for e, pos in original_positions(res.edits):
        if e.reason is not None:  # a dropped paragraph: point at it, not its separator
            pos += len(e.before) - len(e.before.lstrip("\n"))
        located.append((pos, e))
    located.sort(key=lambda pe: pe[0])  # in reading order, as ruff lists diagnostics
    for pos, e in located:
        line, col = lines(pos)
        where = f"{src}:{base_line}:{pos + 1}" if base_line else f"{src}:{line}:{col}"
        summary = pipe.ruleset.by_id[e.rule].summary
        if e.reason is not None:
            extra = f" of {e.of}" if e.of else ""
            sim = f", similarity {e.similarity:.2f}" if e.similarity is not None else ""
            click.echo(f"{where}: {e.rule} dropped ({e.reason}{extra}{sim}) "
                       f"“{short(e.before)}” — {summary}")
        else:
            click.echo(f"{where}: {e.rule} “{short(e.before)}” → “{short(e.after)}” — {summary}")
    if res.dropped is not None:
        d = res.dropped
        click.echo(f"{doc.source}: {d.rule} document dropped ({d.reason}"
                   f"{' of ' + d.of if d.of else ''})")
    if not res.edits and res.dropped is None:
        click.echo(f"{doc.source}: clean")


@main.command("rules")
@click.argument("rule_id", required=False)
@click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
              help="Extra rule file to include.")
@friendly
def rules_cmd(rule_id: str | None, rule_files: tuple[str, ...]) -> None:
    """List the rules (id, stage, safety, summary), or show one rule's full doc."""
    rs = RuleSet.load(rule_files)
    if rule_id is None:
        for r in rs.rules:
            flag = "safe  " if r.safe else "unsafe"
            off = "  (off by default)" if not r.default else ""
            click.echo(f"{r.id}  {r.stage:<11} {flag}  {r.summary}{off}")
        return
    r = rs.get(rule_id.upper())
    click.echo(render_rule(r))


def render_rule(r: Any) -> str:
    """A rule's doc in ruff's order: what it does, why, fix safety, examples."""
    out = [f"{r.id}{' (' + r.name + ')' if r.name else ''}", "",
           f"What it does: {r.summary}", "", f"Why it matters: {r.why}", "",
           f"Stage: {r.stage}; kind: {r.kind}"
           + (f" ({r.builtin.name})" if r.builtin else ""),
           "Fix safety: " + ("safe (meaning-preserving)" if r.safe
                            else "unsafe: may drop or rewrite content")
           + (f"; {r.fix_safety}" if r.fix_safety else ""),
           "Default: " + ("on" if r.default else "off (select it by its id)")]
    if r.kind == "regex":
        out.append(f"Pattern: {r.pattern.pattern}")
    if r.kind == "table":
        out.append(f"Table: {len(r.table)} entries")
    if r.examples:
        out += ["", "Examples:"]
        for ex in r.examples:
            tag = "negative" if ex.negative else "fix"
            out.append(f"  [{tag}] {ex.label}".rstrip())
            if ex.corpus:
                out.append(f"    after a corpus of {len(ex.corpus)} document(s)")
            out.append(f"    in:  {ex.input!r}")
            if not ex.negative:
                out.append("    out: (document dropped)" if ex.corpus and not ex.expected
                           else f"    out: {ex.expected!r}")
    out.append(f"\nDefined in {r.source}")
    return "\n".join(out)


try:  # the index subcommands live with the dedup code
    from .cli_index import index as _index_group
except ImportError:  # pragma: no cover - during development only
    _index_group = None
if _index_group is not None:
    main.add_command(_index_group)


if __name__ == "__main__":
    raise SystemExit(main())
