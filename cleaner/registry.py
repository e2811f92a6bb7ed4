"""Rule mechanisms registered by name (ftfy's ``FIXERS``): a rule file names a
builtin, never an import path, so nothing in a rule file is ever evaluated.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from .records import Change


@dataclass(slots=True)
class Context:
    """What a mechanism may know about the document besides its text.

    ``paragraph_sep`` is the canonical paragraph separator of the output format
    (``"\\n\\n"`` for .txt/.md, ``"\\n"`` inside a JSONL text). ``metadata`` collects
    what a rule takes out of the text but keeps (bylines). ``corpus`` holds
    corpus-wide statistics (line frequencies) and ``index`` the near-duplicate
    index; both may be None (a single text cleaned on its own).
    """

    rule_id: str = ""
    doc_id: str | None = None
    paragraph_sep: str = "\n\n"
    metadata: dict[str, Any] | None = None
    corpus: Any = None
    index: Any = None
    sketch: Any = None  # the near-duplicate sketch of the text, computed in a worker


Mechanism = Callable[..., Iterable[Change]]


@dataclass(frozen=True, slots=True)
class Builtin:
    name: str
    func: Mechanism
    params: frozenset[str]
    sequential: bool
    needs_corpus: bool
    document: bool
    gate: Callable[[dict[str, Any]], tuple[str, bool]] | None = None
    batch: Callable[..., list[Any]] | None = None


BUILTINS: dict[str, Builtin] = {}


def builtin(name: str, *, sequential: bool = False, needs_corpus: bool = False,
            document: bool = False,
            gate: Callable[[dict[str, Any]], tuple[str, bool]] | None = None,
            batch: Callable[..., list[Any]] | None = None
            ) -> Callable[[Mechanism], Mechanism]:
    """Register ``func(text, ctx, **params) -> Iterable[Change]`` under ``name``.

    ``sequential`` mechanisms keep state across documents (the cross-document
    near-duplicate index): they run in the main process, in input order.
    ``needs_corpus`` mechanisms read ``ctx.corpus`` filled by a pre-pass.
    ``document`` mechanisms judge the whole document: they return None to keep it,
    or ``(reason, of, similarity)`` to drop it (implies ``sequential``).
    ``gate(params) -> (pattern, ignore_case)`` names a regex every text the rule
    could change contains: the engine searches one union of such gates for a run
    of rules and skips them all on text it does not match.
    ``batch(texts, ctxs, **params) -> [answer, ...]`` answers for consecutive
    documents at once, exactly as ``func`` called on each in order would (a
    sequential mechanism then pays one index round trip per batch, not per document).
    """

    def register(func: Mechanism) -> Mechanism:
        if name in BUILTINS:
            raise ValueError(f"builtin {name!r} registered twice")
        sig = inspect.signature(func)
        params = frozenset(p for p, v in list(sig.parameters.items())[2:]
                           if v.kind in (v.KEYWORD_ONLY, v.POSITIONAL_OR_KEYWORD))
        BUILTINS[name] = Builtin(name, func, params, sequential or document, needs_corpus,
                                 document, gate, batch)
        return func

    return register


def load_builtins() -> None:
    """Import the stage modules so their builtins are registered."""
    from . import stages  # noqa: F401
