"""The records every view is built from: documents, edits and drops.

One record of edits, many views: ``explain``, ``check``, ``--diff``, the report and
the HTML page all read these, and :func:`apply_edits` replays them on the input.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from typing import Any, Iterable, NamedTuple


class Change(NamedTuple):
    """What a rule mechanism proposes: replace ``text[start:end]`` by ``after``.

    ``reason`` is set when the change drops content (a caption, a duplicate
    paragraph); ``of`` and ``similarity`` name what a duplicate duplicates.
    """

    start: int
    end: int
    after: str
    reason: str | None = None
    of: str | None = None
    similarity: float | None = None


class Edit(NamedTuple):
    """One applied change, attributed to a rule.

    Offsets are code points in the text *as that rule saw it*: the edits of one
    rule are applied together, rule after rule, so a replay needs only the list.
    A named tuple, not a dataclass: a worker's edits cross the process pipe, and
    a tuple is built without an ``__init__`` setting one field at a time
    (:class:`Result` ships them as plain tuples, see ``Result.__reduce__``).
    """

    rule: str
    start: int
    end: int
    before: str
    after: str
    reason: str | None = None
    of: str | None = None
    similarity: float | None = None

    @property
    def is_drop(self) -> bool:
        return self.reason is not None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"rule": self.rule, "start": self.start, "end": self.end,
                             "before": self.before, "after": self.after}
        if self.reason is not None:
            d["reason"] = self.reason
        if self.of is not None:
            d["of"] = self.of
        if self.similarity is not None:
            d["similarity"] = round(self.similarity, 4)
        return d


@dataclass(frozen=True, slots=True)
class Drop:
    """Content that left the corpus: a paragraph (``text`` set) or a whole document."""

    rule: str
    reason: str
    of: str | None = None
    similarity: float | None = None
    text: str | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"rule": self.rule, "reason": self.reason}
        if self.of is not None:
            d["of"] = self.of
        if self.similarity is not None:
            d["similarity"] = round(self.similarity, 4)
        if self.text is not None:
            d["text"] = self.text
        return d


class Result:
    """The outcome of cleaning one text.

    A worker's result crosses the process pipe with its edits packed (one bytes
    object, with their per-rule counts and the dropped paragraphs beside it):
    the main process reads the counts and drops for the summary and report, and
    unpacks the edit list only when a view asks for it (``explain``, ``--diff``,
    the HTML page). Building the named tuples there cost up to half of its
    time per document on Traditional pages.
    """

    __slots__ = ("original", "text", "_edits", "_packed", "dropped", "metadata", "sketch")

    def __init__(self, original: str, text: str, edits: list[Edit] | None = None,
                 dropped: Drop | None = None, metadata: dict[str, Any] | None = None,
                 sketch: Any = None) -> None:
        self.original = original
        self.text = text
        self._edits: list[Edit] = [] if edits is None else edits
        #: ``(pickled edit tuples, counts, drop edit tuples)`` until first read
        self._packed: tuple[bytes, dict[str, int], list[tuple[Any, ...]]] | None = None
        self.dropped = dropped
        self.metadata: dict[str, Any] = {} if metadata is None else metadata
        self.sketch = sketch  # set by a worker so the in-order index step only looks up

    @property
    def edits(self) -> list[Edit]:
        if self._packed is not None:
            # our own worker's bytes, from the pipe (never from disk)
            self._edits = [_new_tuple(Edit, e) for e in pickle.loads(self._packed[0])]
            self._packed = None
        return self._edits

    @edits.setter
    def edits(self, value: list[Edit]) -> None:
        self._edits, self._packed = value, None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        edits = self.edits
        packed = None
        if edits:  # plain tuples unpickle three times faster than named tuples
            packed = (pickle.dumps([tuple(e) for e in edits], pickle.HIGHEST_PROTOCOL),
                      self.counts(), [tuple(e) for e in edits if e.reason is not None])
        return (_result, (self.original, self.text, packed, self.dropped, self.metadata,
                          self.sketch))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Result):
            return NotImplemented
        return (self.original, self.text, self.edits, self.dropped, self.metadata,
                self.sketch) == (other.original, other.text, other.edits, other.dropped,
                                 other.metadata, other.sketch)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"Result(original={self.original!r}, text={self.text!r}, "
                f"edits={self.edits!r}, dropped={self.dropped!r}, "
                f"metadata={self.metadata!r}, sketch={self.sketch!r})")

    @property
    def drops(self) -> list[Drop]:
        """Dropped paragraphs (from the edits) and the document drop, if any."""
        edits = self._packed[2] if self._packed is not None else self._edits
        out = [Drop(e[0], e[5], e[6], e[7], e[3]) for e in edits if e[5] is not None]
        if self.dropped is not None:
            out.append(self.dropped)
        return out

    @property
    def changed(self) -> bool:
        return self.dropped is not None or self.text != self.original

    def counts(self) -> dict[str, int]:
        """Edits per rule id, in first-seen order."""
        if self._packed is not None:
            return dict(self._packed[1])
        c: dict[str, int] = {}
        for e in self._edits:
            c[e.rule] = c.get(e.rule, 0) + 1
        return c


_new_tuple = tuple.__new__


def _result(original: str, text: str,
            packed: tuple[bytes, dict[str, int], list[tuple[Any, ...]]] | None,
            dropped: Drop | None, metadata: dict[str, Any], sketch: Any) -> Result:
    res = Result(original, text, None, dropped, metadata, sketch)
    res._packed = packed
    return res


@dataclass(slots=True)
class Document:
    """A unit of the corpus as read from disk.

    ``source`` is ``path`` or ``path:line``; ``record`` is the JSONL object the
    text came from (its other fields pass through untouched), else None.
    """

    id: str
    text: str
    source: str
    record: dict[str, Any] | None = None
    encoding: str | None = None
    result: Result | None = None
    error: str | None = None
    raw: str | None = None  # the JSONL line as read: kept in place when it cannot be parsed

    @property
    def format(self) -> str:
        """How its text separates paragraphs: ``jsonl`` (one line break) or ``txt``."""
        return "jsonl" if self.record is not None else "txt"


def rule_groups(edits: Iterable[Edit]) -> list[list[Edit]]:
    """Edits split into applications: consecutive edits of one rule were made
    together, with offsets into the same text."""
    groups: list[list[Edit]] = []
    for e in edits:
        if groups and groups[-1][0].rule == e.rule:
            groups[-1].append(e)
        else:
            groups.append([e])
    return groups


def apply_group(text: str, group: list[Edit], *, check: bool = True) -> str:
    """One rule's edits (sorted, non-overlapping) applied to the text it saw.

    The engine applies edits with this same function, so a replay is the run.
    """
    parts: list[str] = []
    pos = 0
    for e in group:
        if check and text[e.start:e.end] != e.before:
            raise ValueError(f"edit record of {e.rule} at {e.start} does not match the text")
        parts.append(text[pos:e.start])
        parts.append(e.after)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Replay edit records on ``text``: the output of the run that made them."""
    for group in rule_groups(edits):
        text = apply_group(text, sorted(group, key=lambda e: (e.start, e.end)))
    return text
