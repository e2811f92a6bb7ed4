"""Rules are data: load ``rules/*.toml`` and user rule files, validate them, select.

A rule file is read with tomllib and checked field by field; an invalid file is
one :class:`RuleFileError` naming the file, the line and the field. Nothing in a
rule file is evaluated: ``builtin`` names a registered mechanism, ``pattern`` is
compiled with the ``regex`` module and run with a timeout.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Sequence

import regex

from .errors import RuleFileError, UnknownRuleError
from .first_chars import first_char_scan
from .records import Change
from .registry import BUILTINS, Builtin, Context, load_builtins
from .stages import PREFIXES, RULE_FILES, STAGES

ID_RE = regex.compile(r"^(ENC|SCR|LAY|BOI|DUP|USR)[0-9]{3}$")
KINDS = ("regex", "table", "builtin")
FLAGS = {"IGNORECASE": regex.IGNORECASE, "MULTILINE": regex.MULTILINE,
         "DOTALL": regex.DOTALL, "VERBOSE": regex.VERBOSE}
RULE_KEYS = {"id", "name", "stage", "summary", "why", "kind", "safe", "default", "pattern",
             "replacement", "flags", "reason", "table", "builtin", "params", "examples",
             "fix_safety", "references", "since", "requires"}
EXAMPLE_KEYS = {"label", "input", "expected", "select", "format", "expect", "comment",
                "corpus", "escapes"}
#: ``\uXXXX`` in an example with ``escapes = true``: the one way to write a lone
#: surrogate, which TOML strings cannot hold
_EXAMPLE_ESCAPE = regex.compile(r"\\u([0-9a-fA-F]{4})")

#: Seconds a rule's regex may run on one document before it is stopped.
REGEX_TIMEOUT = 2.0


@dataclass(frozen=True, slots=True)
class Example:
    input: str
    expected: str
    label: str = ""
    select: tuple[str, ...] | None = None
    format: str = "txt"
    expect: str = "pass"
    comment: str = ""
    #: Documents cleaned first, for cross-document rules (an index and line counts
    #: over them and the input); ``expected = ""`` then means "document dropped".
    corpus: tuple[str, ...] = ()

    @property
    def negative(self) -> bool:
        return self.input == self.expected


@dataclass(eq=False)
class Rule:
    """One rule: identity and docs, plus the mechanism that finds its changes."""

    id: str
    stage: str
    summary: str
    why: str
    kind: str
    safe: bool
    source: str
    name: str = ""
    default: bool = True
    pattern: Any = None
    replacement: str = ""
    reason: str | None = None
    table: dict[str, str] = field(default_factory=dict)
    builtin: Builtin | None = None
    params: dict[str, Any] = field(default_factory=dict)
    examples: tuple[Example, ...] = ()
    fix_safety: str = ""
    references: tuple[str, ...] = ()
    #: a stdlib ``re`` class search that finds nothing where the pattern cannot
    #: match: its twin when it is one pure class (:func:`_class_twin`), else the
    #: characters a match can begin with (:mod:`cleaner.first_chars`), or None
    quick: Any = field(default=None, repr=False, compare=False)
    #: literal strings one of which every match contains (a regex rule's declared
    #: cheap question: substring tests before any regex scan)
    requires: tuple[str, ...] = ()
    #: :attr:`requires` as one stdlib ``re`` alternation of the literals (a scan
    #: that skips to the characters they start with), when there are several
    requires_any: Any = field(default=None, repr=False, compare=False)

    @property
    def sequential(self) -> bool:
        return self.builtin is not None and self.builtin.sequential

    @property
    def document_level(self) -> bool:
        return self.builtin is not None and self.builtin.document

    @property
    def needs_corpus(self) -> bool:
        return self.builtin is not None and self.builtin.needs_corpus

    def find(self, text: str, ctx: Context) -> Iterable[Change]:
        """The changes this rule proposes on ``text`` (offsets into ``text``)."""
        if self.kind == "builtin":
            assert self.builtin is not None
            return self.builtin.func(text, ctx, **self.params)
        if self.requires_any is not None:
            if self.requires_any.search(text) is None:
                return []
        elif self.requires and not any(r in text for r in self.requires):
            return []
        if self.quick is not None and self.quick.search(text) is None:
            return []  # none of the characters a match begins with
        if self.kind == "table":
            table = self.table
            return [Change(m.start(), m.end(), table[m.group()])
                    for m in self.pattern.finditer(text, timeout=REGEX_TIMEOUT)]
        out = []
        for m in self.pattern.finditer(text, timeout=REGEX_TIMEOUT):
            after = m.expand(self.replacement)
            if after != m.group() or self.reason is not None:
                out.append(Change(m.start(), m.end(), after, self.reason))
        return out


#: One bracketed class of literal characters, ranges and \\xNN / \\uNNNN escapes:
#: no set operations, no properties, nothing case- or locale-dependent.
_PURE_CLASS = regex.compile(
    r"\[\^?(?:[^\\\[\]]|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\[-nrtfv\\\]\[^])+\]")


def _class_twin(pattern: Any) -> re.Pattern[str] | None:
    """A stdlib ``re`` copy of a pattern that is one pure character class.

    The ``regex`` module scans Chinese text for a character class five times
    slower than ``re`` (16 µs instead of 2.5 on a 2 KB page), and a class is the
    commonest cheap question of all. Both modules read such a class the same
    way, and a class cannot backtrack, so the twin needs no timeout; it only
    says whether the real pattern can match at all. Anything else: None.
    """
    if pattern.flags & (regex.IGNORECASE | regex.VERBOSE) or \
            not _PURE_CLASS.fullmatch(pattern.pattern):
        return None
    try:
        return re.compile(pattern.pattern)
    except re.error:
        return None


def _requires_search(requires: tuple[str, ...]) -> re.Pattern[str] | None:
    """One stdlib ``re`` alternation of the literals, for three or more: its scan
    skips to the characters they start with, where three substring scans cost
    more. Literals need no timeout."""
    if len(requires) < 3:
        return None
    return re.compile("|".join(re.escape(r) for r in sorted(requires, key=len, reverse=True)))


# ---------------------------------------------------------------- loading


def shipped_rule_paths() -> list[Path]:
    """The rule files inside the installed package (``cleaner/rules``), in order."""
    base = Path(str(resources.files("cleaner") / "rules"))
    if not base.is_dir():  # running from a source checkout: the top-level rules/
        base = Path(__file__).resolve().parent.parent / "rules"
    return [base / name for name in RULE_FILES if (base / name).is_file()]


def load_rule_file(path: str | Path, *, user: bool = False) -> list[Rule]:
    """Parse and validate one rule file."""
    path = Path(path)
    shown = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleFileError(shown, None, None, f"cannot read: {exc.strerror or exc}") from None
    try:
        src = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise RuleFileError(shown, line, None, "not valid UTF-8") from None
    try:
        data = tomllib.loads(src)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = regex.search(r"\(at line (\d+), column \d+\)", msg)
        line = int(m.group(1)) if m else None
        raise RuleFileError(shown, line, None, f"TOML syntax: {msg}") from None
    locate = _Locator(src)
    tables = data.get("rule", [])
    unknown_top = set(data) - {"rule", "schema_version", "stage"}
    if unknown_top:
        key = sorted(unknown_top)[0]
        raise RuleFileError(shown, locate.top(key), key, "unknown top-level key "
                            "(a rule file holds [[rule]] tables)")
    if not isinstance(tables, list):
        raise RuleFileError(shown, locate.top("rule"), "rule", "must be [[rule]] tables")
    return [_build_rule(t, i, shown, locate, user) for i, t in enumerate(tables)]


def _build_rule(t: dict[str, Any], i: int, shown: str, locate: _Locator, user: bool) -> Rule:
    def err(fld: str | None, problem: str) -> RuleFileError:
        return RuleFileError(shown, locate.field(i, fld), fld, problem)

    def req_str(fld: str) -> str:
        v = t.get(fld)
        if not isinstance(v, str) or not v.strip():
            raise err(fld, "required, a non-empty string")
        return v

    unknown = set(t) - RULE_KEYS
    if unknown:
        fld = sorted(unknown)[0]
        raise err(fld, f"unknown field (known: {', '.join(sorted(RULE_KEYS))})")
    rid = req_str("id")
    if not ID_RE.match(rid):
        raise err("id", f"{rid!r} is not a prefix (ENC, SCR, LAY, BOI, DUP, USR) + 3 digits")
    if user and not rid.startswith("USR"):
        raise err("id", f"{rid!r}: user rule files take USR ids")
    stage = t.get("stage", PREFIXES[rid[:3]])
    if stage not in STAGES:
        raise err("stage", f"{stage!r} is not a stage ({', '.join(STAGES)})")
    if not rid.startswith("USR") and stage != PREFIXES[rid[:3]]:
        raise err("stage", f"{rid} belongs to stage {PREFIXES[rid[:3]]!r}")
    summary, why, kind = req_str("summary"), req_str("why"), req_str("kind")
    if kind not in KINDS:
        raise err("kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    safe = t.get("safe")
    if not isinstance(safe, bool):
        raise err("safe", "required, true or false")
    default = t.get("default", True)
    if not isinstance(default, bool):
        raise err("default", "must be true or false")
    rule = Rule(id=rid, stage=stage, summary=summary, why=why, kind=kind, safe=safe,
                source=shown, name=str(t.get("name", "")), default=default,
                fix_safety=str(t.get("fix_safety", "")),
                references=tuple(t.get("references", ())))
    reason = t.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise err("reason", "must be a string")
    rule.reason = reason
    if kind == "regex":
        pattern = req_str("pattern")
        repl = t.get("replacement", "")
        if not isinstance(repl, str):
            raise err("replacement", "must be a string")
        flags = 0
        for f in t.get("flags", []):
            if f not in FLAGS:
                raise err("flags", f"{f!r} is not one of {', '.join(FLAGS)}")
            flags |= FLAGS[f]
        try:
            rule.pattern = regex.compile(pattern, flags | regex.V0)
        except regex.error as exc:
            raise err("pattern", f"does not compile: {exc}") from None
        problem = _check_template(repl, rule.pattern)
        if problem:
            raise err("replacement", problem)
        rule.replacement = repl
        rule.quick = _class_twin(rule.pattern) or first_char_scan(pattern, flags)
        requires = t.get("requires", [])
        if not isinstance(requires, list) or not all(isinstance(r, str) and r
                                                      for r in requires):
            raise err("requires", "must be a list of non-empty strings, one of which "
                                  "every match contains")
        rule.requires = tuple(requires)
        rule.requires_any = _requires_search(rule.requires)
    elif kind == "table":
        table = t.get("table")
        if not isinstance(table, dict) or not table:
            raise err("table", "required for kind = \"table\", a non-empty [rule.table]")
        for k, v in table.items():
            if not isinstance(v, str) or not k:
                raise err("table", f"entry {k!r}: before = after, both strings")
        rule.table = dict(table)
        keys = sorted(table, key=len, reverse=True)
        rule.pattern = regex.compile("|".join(regex.escape(k) for k in keys))
        rule.quick = first_char_scan(rule.pattern.pattern)
    else:
        load_builtins()
        name = req_str("builtin")
        if name not in BUILTINS:
            close = difflib.get_close_matches(name, BUILTINS, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise err("builtin", f"no builtin named {name!r}{hint}")
        b = BUILTINS[name]
        params = t.get("params", {})
        if not isinstance(params, dict):
            raise err("params", "must be a table")
        extra = set(params) - b.params
        if extra:
            raise err("params", f"builtin {name!r} takes no parameter {sorted(extra)[0]!r} "
                                f"(it takes: {', '.join(sorted(b.params)) or 'none'})")
        rule.builtin, rule.params = b, dict(params)
    rule.examples = tuple(_build_example(e, j, err) for j, e in enumerate(t.get("examples", [])))
    return rule


_GROUP_REF = regex.compile(r"\\(?:g<([^>]*)>|([0-9]{1,2}))")


def _check_template(repl: str, pattern: Any) -> str | None:
    """A replacement naming a missing group fails at load time, not mid-run."""
    for m in _GROUP_REF.finditer(repl):
        ref = m.group(1) if m.group(1) is not None else m.group(2)
        if ref.isdigit():
            if int(ref) > pattern.groups:
                return f"refers to group {ref}; the pattern has {pattern.groups}"
        elif ref not in pattern.groupindex:
            return f"refers to group {ref!r}, which the pattern does not define"
    return None


def _build_example(e: Any, j: int, err: Any) -> Example:
    if not isinstance(e, dict):
        raise err("examples", f"example {j + 1} must be a table")
    unknown = set(e) - EXAMPLE_KEYS
    if unknown:
        raise err("examples", f"example {j + 1}: unknown field {sorted(unknown)[0]!r}")
    if not isinstance(e.get("input"), str) or not isinstance(e.get("expected"), str):
        raise err("examples", f"example {j + 1}: input and expected are required strings")
    sel = e.get("select")
    if sel is not None and (not isinstance(sel, list) or not all(isinstance(s, str) for s in sel)):
        raise err("examples", f"example {j + 1}: select is a list of rule ids or prefixes")
    fmt = e.get("format", "txt")
    if fmt not in ("txt", "jsonl"):
        raise err("examples", f"example {j + 1}: format is \"txt\" or \"jsonl\"")
    expect = e.get("expect", "pass")
    if expect not in ("pass", "fail"):
        raise err("examples", f"example {j + 1}: expect is \"pass\" or \"fail\"")
    corpus = e.get("corpus", [])
    if not isinstance(corpus, list) or not all(isinstance(c, str) for c in corpus):
        raise err("examples", f"example {j + 1}: corpus is a list of document texts")
    escapes = e.get("escapes", False)
    if not isinstance(escapes, bool):
        raise err("examples", f"example {j + 1}: escapes is true or false")
    texts = [e["input"], e["expected"], *corpus]
    if escapes:
        texts = [_EXAMPLE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), t) for t in texts]
    return Example(texts[0], texts[1], str(e.get("label", "")),
                   tuple(sel) if sel is not None else None, fmt, expect,
                   str(e.get("comment", "")), tuple(texts[2:]))


class _Locator:
    """Finds the line of a rule's field in the raw TOML, for error messages."""

    def __init__(self, src: str) -> None:
        self.lines = src.splitlines()
        self.starts = [n for n, ln in enumerate(self.lines, 1) if ln.strip() == "[[rule]]"]

    def top(self, key: str) -> int | None:
        for n, ln in enumerate(self.lines, 1):
            if ln.split("=")[0].strip() == key:
                return n
        return None

    def field(self, i: int, fld: str | None) -> int | None:
        if i >= len(self.starts):
            return None
        start = self.starts[i]
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.lines) + 1
        if fld:
            for n in range(start, end):
                ln = self.lines[n - 1].strip()
                if ln.split("=")[0].strip() == fld or ln.startswith(f"[rule.{fld}]") \
                        or ln.startswith(f"[[rule.{fld}]]"):
                    return n
        return start


# ---------------------------------------------------------------- rule sets


class RuleSet:
    """All known rules in pipeline order, and the selection of those that run."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        seen: dict[str, Rule] = {}
        for r in rules:
            if r.id in seen:
                raise RuleFileError(r.source, None, "id",
                                    f"{r.id} is already defined in {seen[r.id].source}")
            seen[r.id] = r
        order = {s: i for i, s in enumerate(STAGES)}
        # stable: within a stage, file order then rule order
        self.rules: list[Rule] = sorted(rules, key=lambda r: order[r.stage])
        self.by_id = seen

    @classmethod
    def load(cls, extra: Iterable[str | Path] = ()) -> RuleSet:
        rules: list[Rule] = []
        for p in shipped_rule_paths():
            rules.extend(load_rule_file(p))
        for p in extra:
            rules.extend(load_rule_file(p, user=True))
        return cls(rules)

    def get(self, rid: str) -> Rule:
        if rid in self.by_id:
            return self.by_id[rid]
        raise UnknownRuleError(self._unknown(rid))

    def _unknown(self, sel: str) -> str:
        close = difflib.get_close_matches(sel.upper(), list(self.by_id), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        return f"unknown rule id or prefix {sel!r}{hint} (see `cleancorpus rules`)"

    def select(self, select: Iterable[str] | None = None,
               ignore: Iterable[str] | None = None, *, safe_only: bool = False) -> list[Rule]:
        """Rules that run: ruff-style prefixes; ``default = false`` rules only by exact id."""
        sel = [s.strip().upper() for s in (select or []) if s.strip()]
        ign = [s.strip().upper() for s in (ignore or []) if s.strip()]
        for s in sel + ign:
            if s != "ALL" and not any(r.startswith(s) for r in self.by_id):
                raise UnknownRuleError(self._unknown(s))
        out = []
        for r in self.rules:
            if sel:
                if not any(r.id.startswith(s) or s == "ALL" for s in sel):
                    continue
                if not r.default and r.id not in sel:
                    continue
            elif not r.default:
                continue
            if any(r.id.startswith(s) for s in ign):
                continue
            if safe_only and not r.safe:
                continue
            out.append(r)
        return out
