"""The engine: rules find changes, the pipeline applies them and keeps the record.

A rule sees the whole text as the previous rule left it; its changes are sorted,
overlaps skipped, and applied together as one step. The edit records are the
only account of what happened: every view (explain, check, report, HTML) and
the replay test read them.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import regex

from .errors import InputError
from .first_chars import first_char_scan
from .records import Change, Document, Drop, Edit, Result, apply_group
from .registry import Context
from . import rules as rules_mod
from .rules import Rule, RuleSet

PARAGRAPH_SEP = {"txt": "\n\n", "jsonl": "\n"}


class Pipeline:
    """Rules selected once, reused for every document (thread-safe).

    ``corpus`` holds corpus statistics for frequency rules, ``index`` the
    near-duplicate index for cross-document rules; without them those rules
    do nothing, so a single ``clean`` call stays pure.
    """

    def __init__(self, rules: Sequence[str | Path] | None = None, *,
                 select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
                 safe_only: bool = False, corpus: Any = None, index: Any = None,
                 ruleset: RuleSet | None = None) -> None:
        self.ruleset = ruleset or RuleSet.load(rules or ())
        self.rules = self.ruleset.select(select, ignore, safe_only=safe_only)
        self.local_rules = [r for r in self.rules if not r.sequential]
        self._local_plan = _plan(self.local_rules)
        self.sequential_rules = [r for r in self.rules if r.sequential]
        self._judges_documents = any(r.document_level for r in self.sequential_rules)
        self.corpus = corpus
        self.index = index
        self._lock = threading.Lock()

    @property
    def needs_corpus(self) -> bool:
        return any(r.needs_corpus for r in self.rules)

    @property
    def needs_index(self) -> bool:
        return bool(self.sequential_rules)

    # ------------------------------------------------------------ one text

    def clean(self, text: str, *, doc_id: str | None = None, format: str = "txt") -> Result:
        """Clean one text with every selected rule."""
        result = self.clean_local(text, doc_id=doc_id, format=format)
        return self.finish(result, doc_id=doc_id, format=format)

    def clean_local(self, text: str, *, doc_id: str | None = None,
                    format: str = "txt") -> Result:
        """The per-document rules only: what worker processes run."""
        result = Result(original=text, text=text)
        self._run(self._local_plan, result, doc_id, format)
        if self.index is not None and result.dropped is None and self._judges_documents:
            result.sketch = self.index.signer.sketch(result.text)
        return result

    def finish(self, result: Result, *, doc_id: str | None = None,
               format: str = "txt") -> Result:
        """Cross-document rules, in input order, against the shared index."""
        if self.sequential_rules and self.index is not None:
            with self._lock:
                self._run(list(self.sequential_rules), result, doc_id, format)
        return result

    def finish_many(self, items: Sequence[tuple[Result, str | None, str]]) -> None:
        """:meth:`finish` for consecutive documents ``(result, doc_id, format)``, in
        order, with the same outcome; the first cross-document rule answers for
        the whole batch at once when its mechanism can (one index transaction)."""
        seq = self.sequential_rules
        if not seq or self.index is None:
            return
        first = seq[0]
        if first.builtin is None or first.builtin.batch is None or not first.document_level:
            for res, doc_id, fmt in items:
                self.finish(res, doc_id=doc_id, format=fmt)
            return
        live = [(res, doc_id, fmt) for res, doc_id, fmt in items if res.dropped is None]
        ctxs = [self._context(res, doc_id, fmt) for res, doc_id, fmt in live]
        for ctx in ctxs:
            ctx.rule_id = first.id
        with self._lock:
            verdicts = first.builtin.batch([res.text for res, _, _ in live], ctxs,
                                           **first.params)
            for (res, doc_id, fmt), found in zip(live, verdicts):
                _judge(first, res, found)
                self._run(seq[1:], res, doc_id, fmt)

    def _context(self, result: Result, doc_id: str | None, format: str) -> Context:
        return Context(doc_id=doc_id, paragraph_sep=PARAGRAPH_SEP[format],
                       metadata=result.metadata, corpus=self.corpus, index=self.index,
                       sketch=result.sketch)

    def _run(self, plan: Sequence[Rule | _Batch], result: Result, doc_id: str | None,
             format: str) -> None:
        ctx = self._context(result, doc_id, format)
        text = result.text
        for rule in _rules_to_run(plan, result):
            if result.dropped is not None:
                break
            ctx.rule_id = rule.id
            try:
                found = rule.find(text, ctx)
                if rule.document_level:
                    _judge(rule, result, found)
                    continue
                edits = _edits(rule.id, text, found)
            except TimeoutError:
                raise InputError(doc_id or "<text>",
                                 f"rule {rule.id} timed out (its regex took over "
                                 "the limit on this document)") from None
            if edits:
                text = result.text = apply_group(text, edits, check=False)
                result.edits.extend(edits)

    # ------------------------------------------------------------ streams

    def run(self, documents: Iterable[Document]) -> Iterator[Document]:
        """Clean a stream of documents lazily, in order (constant memory)."""
        for doc in documents:
            if doc.error is None:
                try:
                    doc.result = self.clean(doc.text, doc_id=doc.id, format=doc.format)
                except InputError as exc:
                    doc.error = exc.problem
            yield doc


class _Batch:
    """Consecutive regex/table rules behind one combined search.

    On text none of them can match (most of a clean corpus) one scan replaces
    one scan per rule. When the gate finds anything, every rule of the batch
    runs in turn as usual, so a rule still sees the edits of the one before.
    """

    __slots__ = ("rules", "gate", "quick")

    def __init__(self, rules: list[Rule], gate: Any) -> None:
        self.rules, self.gate = rules, gate
        #: a stdlib class of the characters a match of the gate can begin with:
        #: text without any skips the gate's own (slower) scan
        self.quick = first_char_scan(gate.pattern, gate.flags)


_BACKREF = regex.compile(r"\\[1-9]|\(\?P=|\\g<|\(\?\(")
_SCOPED = {regex.IGNORECASE: "i", regex.MULTILINE: "m", regex.DOTALL: "s"}


def _gate_of(rule: Rule) -> tuple[str, int] | None:
    """The rule's gate as (pattern, flags), when it has one that can join a union."""
    if rule.sequential:
        return None
    if rule.kind in ("regex", "table"):
        pattern, flags = rule.pattern.pattern, rule.pattern.flags
    elif rule.builtin is not None and rule.builtin.gate is not None:
        pattern, ignore_case = rule.builtin.gate(rule.params)
        flags = regex.IGNORECASE if ignore_case else 0
    else:
        return None
    if flags & regex.VERBOSE or _BACKREF.search(pattern):
        return None
    return pattern, flags


def _plan(rules: list[Rule]) -> list[Rule | _Batch]:
    plan: list[Rule | _Batch] = []
    run: list[Rule] = []

    def flush() -> None:
        if len(run) >= 2:
            parts = []
            for r in run:
                pattern, fl = _gate_of(r)  # type: ignore[misc]
                flags = "".join(c for f, c in _SCOPED.items() if fl & f)
                parts.append(f"(?{flags}:{pattern})" if flags else f"(?:{pattern})")
            try:
                plan.append(_Batch(list(run), regex.compile("|".join(parts), regex.V0)))
            except regex.error:
                plan.extend(run)
        else:
            plan.extend(run)
        run.clear()

    for r in rules:
        if run and r.stage != run[-1].stage:
            flush()  # a gate per stage: each stays as selective as its own rules
        if _gate_of(r) is not None:
            run.append(r)
        else:
            flush()
            plan.append(r)
    flush()
    return plan


def _rules_to_run(plan: Sequence[Rule | _Batch], result: Result) -> Iterator[Rule]:
    for step in plan:
        if isinstance(step, _Batch):
            if step.quick is not None and step.quick.search(result.text) is None:
                continue
            try:
                if step.gate.search(result.text, timeout=rules_mod.REGEX_TIMEOUT) is None:
                    continue
            except TimeoutError:
                pass  # undecided: let each rule run (and time out) on its own
            yield from step.rules
        else:
            yield step


def _judge(rule: Rule, result: Result, found: Any) -> None:
    """A document-level rule's answer: None keeps the document, ``(reason, of,
    similarity)`` drops it."""
    if found:
        reason, of, sim = found
        result.dropped = Drop(rule.id, reason, of, sim)


def _edits(rule_id: str, text: str, changes: Iterable[Change] | None) -> list[Edit]:
    """Changes to edit records: sorted, no-ops dropped, overlapping ones skipped."""
    if not changes:
        return []
    out: list[Edit] = []
    end = -1
    n = len(text)
    for c in sorted(changes, key=lambda c: (c.start, c.end)):
        start, stop = c.start, c.end
        if start < end or start < 0 or stop > n or stop < start:
            continue  # overlapping or out of range: skipped, as ruff does
        before = text[start:stop]
        if before == c.after and c.reason is None:
            continue
        out.append(Edit(rule_id, start, stop, before, c.after, c.reason, c.of, c.similarity))
        end = stop
    return out


_DEFAULT: dict[tuple, Pipeline] = {}
_DEFAULT_LOCK = threading.Lock()


def clean_text(text: str, *, rules: Sequence[str | Path] | None = None,
               select: Iterable[str] | None = None,
               ignore: Iterable[str] | None = None, format: str = "txt") -> Result:
    """Clean one text: pure, thread-safe, and fast on text that is already clean.

    The pipeline for a given (rules, select, ignore) is built once and cached,
    so calling this per page in a scraping loop costs only the cleaning.
    Cross-document rules need an index and do nothing here; use
    :class:`Pipeline` with a :class:`~cleaner.dedup.NearDupIndex` for those.
    """
    if not isinstance(text, str):
        raise TypeError(f"clean_text takes str, not {type(text).__name__}: decode bytes first "
                        "(cleaner.decoding.decode_bytes detects GB18030/Big5/UTF-16)")
    key = (tuple(map(str, rules or ())), tuple(select or ()), tuple(ignore or ()))
    pipe = _DEFAULT.get(key)
    if pipe is None:
        with _DEFAULT_LOCK:
            pipe = _DEFAULT.get(key)
            if pipe is None:
                pipe = _DEFAULT[key] = Pipeline(rules, select=select, ignore=ignore)
    return pipe.clean(text, format=format)
