"""The pipeline on a Dask cluster (extra ``[dask]``): ``cleancorpus clean --dask``.

Three phases, each distributed over input files (one file, one partition):

1. workers read and clean their files (the per-document rules) and sketch each
   kept document for the near-duplicate rule; the cleaned documents stay in
   cluster memory;
2. band keys are shuffled and grouped (a dask bag ``groupby``), each bucket
   confirms its candidate pairs on the confirmation sketches, and the driver
   replays the confirmed pairs in input order — a document is dropped when it
   nearly duplicates an earlier *kept* document, of which the earliest is named —
   which is exactly what the sequential in-memory index decides locally;
3. workers write their output files atomically with those decisions.

So ``--dask local`` and a plain run give byte-identical outputs and reports.
"""

from __future__ import annotations

from typing import Any

from .errors import CleanCorpusError
from .pipeline import Pipeline
from .reading import InputFile, documents, read, walk
from .records import Document, Drop
from .report import ReportWriter, Summary
from .runner import RunOptions, _clean_one, _Sink, check_output_location
from .writing import remove_stale_temps

_PIPES: dict[str, Pipeline] = {}


def _pipeline(settings: dict[str, Any], corpus: Any = None) -> Pipeline:
    key = repr(sorted((k, v) for k, v in settings.items() if k in
                      ("rules", "select", "ignore", "safe_only")))
    pipe = _PIPES.get(key)
    if pipe is None:
        pipe = _PIPES[key] = Pipeline(settings["rules"], select=settings["select"],
                                      ignore=settings["ignore"], safe_only=settings["safe_only"])
    pipe.corpus = corpus
    return pipe


def _client(scheduler: str) -> Any:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise CleanCorpusError("--dask needs the dask extra: pip install 'cleancorpus[dask]'") \
            from None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster)
    try:
        return Client(scheduler, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise CleanCorpusError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None


def _doc_rule(pipe: Pipeline) -> Any:
    rules = [r for r in pipe.sequential_rules if r.document_level]
    others = [r for r in pipe.sequential_rules if not r.document_level]
    if others:
        raise CleanCorpusError(f"{others[0].id} keeps state across documents and does not "
                               "run on Dask yet; --ignore it or run without --dask")
    return rules[0] if rules else None


# ------------------------------------------------------------ phase 1: clean, sketch


def _clean_file(part: list[tuple[int, InputFile]], settings: dict[str, Any], opts: RunOptions,
                corpus: Any) -> list[tuple[int, InputFile, list[Document], list[Any]]]:
    pipe = _pipeline(settings, corpus)
    rule = _doc_rule(pipe)
    out = []
    for fno, f in part:
        docs, sketches = [], []
        for doc in read(f, text_key=opts.text_key, id_key=opts.id_key):
            _clean_one(pipe, doc)
            sk = None
            if rule is not None and doc.error is None and doc.result is not None \
                    and doc.result.dropped is None:
                sk = _sketch(doc, rule)
            docs.append(doc)
            sketches.append(sk)
        out.append((fno, f, docs, sketches))
    return out


def _sketch(doc: Document, rule: Any) -> Any:
    from .stages.duplicates import too_short
    assert doc.result is not None
    text = doc.result.text
    if too_short(text, rule.params.get("min_chars", 1)):
        return None
    sk = _signer().sketch(text)
    return None if sk.empty else sk


_SIGNER: Any = None


def _signer() -> Any:
    global _SIGNER
    if _SIGNER is None:
        from .dedup.minhash import MinHashConfig, Signer
        _SIGNER = Signer(MinHashConfig())
    return _SIGNER


# ------------------------------------------------------------ phase 2: band shuffle


def _band_items(part: list[Any]) -> list[tuple[int, tuple[int, str, Any]]]:
    items = []
    for fno, f, docs, sketches in part:
        for dno, (doc, sk) in enumerate(zip(docs, sketches)):
            if sk is not None:
                order = (fno << 32) | dno
                keys = sk.keys if sk.keys is not None else _signer().band_keys(sk.signature)
                for key in keys:
                    items.append((key, (order, doc.id, sk.confirm)))
    return items


def _confirm_bucket(bucket: tuple[int, list[tuple[int, str, Any]]], threshold: float
                    ) -> list[tuple[int, int, str, float]]:
    from .dedup.minhash import sketch_similarity
    _, members = bucket
    if len(members) < 2:
        return []
    k = _signer().config.confirm_size
    members = sorted(members, key=lambda m: m[0])
    pairs = []
    for a in range(len(members)):
        oa, ida, ca = members[a]
        for b in range(a + 1, len(members)):
            ob, idb, cb = members[b]
            if ida == idb:
                continue
            s = sketch_similarity(cb, ca, k)
            if s >= threshold:
                pairs.append((oa, ob, ida, s))
    return pairs


def _decide(orders: list[int], pairs: list[tuple[int, int, str, float]]
            ) -> dict[int, tuple[str, float]]:
    """Replay the sequential index: drop a document that matches an earlier kept one."""
    earlier: dict[int, list[tuple[int, str, float]]] = {}
    for oa, ob, ida, s in set(pairs):
        earlier.setdefault(ob, []).append((oa, ida, s))
    kept: set[int] = set()
    dropped: dict[int, tuple[str, float]] = {}
    for o in sorted(orders):
        hits = [(oa, ida, s) for oa, ida, s in earlier.get(o, ()) if oa in kept]
        if hits:
            oa, ida, s = min(hits)
            dropped[o] = (ida, s)
        else:
            kept.add(o)
    return dropped


# ------------------------------------------------------------ phase 3: write


def _write_file(part: list[Any], opts: RunOptions, rule_id: str | None,
                dropped: dict[int, tuple[str, float]]) -> list[tuple[Summary, list[str]]]:
    out = []
    for fno, f, docs, _ in part:
        summary = Summary(mode=opts.mode)
        report = ReportWriter(None, collect=True)
        errors: list[str] = []
        o = RunOptions(mode=opts.mode, out=opts.out, in_place=opts.in_place,
                       text_key=opts.text_key, id_key=opts.id_key, quiet=True,
                       echo=lambda s: None, err=errors.append)
        sink = _Sink(o, summary, report, None)
        for dno, doc in enumerate(docs):
            hit = dropped.get((fno << 32) | dno)
            if hit is not None and doc.result is not None and rule_id is not None:
                doc.result.dropped = Drop(rule_id, "near-duplicate document", hit[0],
                                          round(hit[1], 4))
            sink.add(f, doc)
        sink.close()
        summary.started = 0.0
        out.append((summary, report.lines or []))
    return out


def run_dask(paths: list[str], settings: dict[str, Any], opts: RunOptions,
             scheduler: str) -> Summary:
    """Clean ``paths`` on a Dask cluster; same outputs as :func:`cleaner.runner.run`."""
    import dask.bag as db

    if opts.html is not None:
        raise CleanCorpusError("--html is not available with --dask yet; run without --dask")
    if "-" in paths:
        raise CleanCorpusError("stdin (-) cannot be read on a Dask cluster")
    if opts.index is not None:
        raise CleanCorpusError("--index (a persistent index) is not used with --dask: the "
                               "cluster deduplicates the inputs among themselves")
    if opts.out is not None:
        check_output_location(paths, opts.out)
        opts.out.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(opts.out)
    summary = Summary(mode=opts.mode)
    report = ReportWriter(opts.report)
    client = _client(scheduler)
    try:
        pipe = _pipeline(settings)
        rule = _doc_rule(pipe)
        inputs = list(walk(paths))
        files = [(i, f) for i, f in enumerate(inputs) if isinstance(f, InputFile)]
        for f in inputs:
            if isinstance(f, Document):
                summary.docs_in += 1
                summary.failed += 1
                opts.err(f"error: {f.source}: {f.error}")
                report.add(f, "failed", None)
        if not files:
            return summary
        bag = db.from_sequence(files, npartitions=len(files))
        corpus = None
        if pipe.needs_corpus:
            corpus = bag.map_partitions(_observe, opts).fold(_merge_stats).compute()
        cleaned = bag.map_partitions(_clean_file, settings, opts, corpus).persist()
        dropped: dict[int, tuple[str, float]] = {}
        if rule is not None:
            threshold = rule.params.get("threshold", 0.0) or _signer().config.threshold
            orders = cleaned.map_partitions(_orders).compute()
            pairs = (cleaned.map_partitions(_band_items)
                     .groupby(lambda kv: kv[0])
                     .map(lambda g: (g[0], [v for _, v in g[1]]))
                     .map(_confirm_bucket, threshold).flatten().compute())
            dropped = _decide(list(orders), list(pairs))
        results = cleaned.map_partitions(_write_file, opts, rule.id if rule else None,
                                         dropped).compute()
        for part_summary, lines in results:
            _merge_summary(summary, part_summary)
            report.write_lines(lines)
        for msg in summary.errors:
            opts.err(f"error: {msg}")
        report.close(True)
    except BaseException:
        report.close(False)
        raise
    finally:
        client.close()
    return summary


def _orders(part: list[Any]) -> list[int]:
    return [(fno << 32) | dno for fno, _, docs, sks in part
            for dno, sk in enumerate(sks) if sk is not None]


def _observe(part: list[tuple[int, InputFile]], opts: RunOptions) -> list[Any]:
    from .corpus_stats import CorpusStats
    stats = CorpusStats()
    for _, doc in documents([f for _, f in part], text_key=opts.text_key, id_key=opts.id_key):
        if doc.error is None:
            stats.observe(doc.text)
    return [stats]


def _merge_stats(a: Any, b: Any) -> Any:
    return a.merge(b)


def _merge_summary(total: Summary, part: Summary) -> None:
    for name in ("docs_in", "written", "unchanged", "changed", "failed", "bytes_in"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.dropped.update(part.dropped)
    total.edits.update(part.edits)
    total.errors.extend(part.errors)

