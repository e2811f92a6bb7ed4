"""The characters a match of a regex can begin with: a cheap question for free.

The ``regex`` module scans Chinese text for a pattern that cannot match about
five times slower than the stdlib ``re`` scans it for a character class (and
every call with a timeout costs it 2 µs more). Most rule patterns, and the union
gates of runs of rules, can only begin with a few characters (``\\r``, ``\\ufffd``,
a space before a line end): :func:`first_char_scan` finds that set and gives a
stdlib class search for it, so a text with none of them skips the pattern after
one C loop. A user's rule gets the same question without declaring anything.

The set is conservative, never a guess: lookbehinds are removed before the
analysis (a larger language, so a larger first set), and anything the analysis
does not know (``\\p{…}`` properties, ``.``, negated classes, a pattern that can
match the empty string, syntax the stdlib parser reads differently) gives None:
the pattern then runs as it always did.
"""

from __future__ import annotations

import functools
import re
import re._constants as C  # the stdlib parser's node kinds
import re._parser as sre_parse
from typing import Any, Sequence

import regex

#: A larger first set is no cheap question (most texts would hold one).
MAX_FIRST = 400

#: ``\s``: every character Python calls a space, and the format characters older
#: Unicode versions did (a superset of the ``regex`` module's class).
_SPACE = frozenset(c for c in map(chr, range(0x3001)) if c.isspace()) | \
    frozenset("\u180e\u200b\u2060\ufeff")
_PLACEHOLDER = "\x00"  # stands in for \p{…}: a first set holding it is unknown
#: ``regex`` syntax the stdlib parser would read as something else: POSIX classes
#: (``[[:alpha:]]``), fuzzy constraints (``{e<=1}``): any brace that is not a
#: repeat count or ``\N{name}`` (properties are replaced before this test).
_OTHER_SYNTAX = regex.compile(r"\[:\^?[A-Za-z_]+:\]|(?<!\\|\\N)\{(?![0-9]*,?[0-9]*\})")
_PROPERTY = regex.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]")


class _Unknown(Exception):
    """The analysis cannot bound the first characters."""


@functools.lru_cache(maxsize=512)
def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The characters a match of ``pattern`` (``regex`` syntax, ``regex`` module
    ``flags``) can begin with, or None when they cannot be bounded (see the
    module docstring)."""
    try:
        plain = _PROPERTY.sub(r"\\x00", _strip_lookbehinds(pattern))
        if _OTHER_SYNTAX.search(plain):
            return None
        tree = sre_parse.parse(plain, (re.IGNORECASE if flags & regex.IGNORECASE else 0)
                               | (re.VERBOSE if flags & regex.VERBOSE else 0))
        chars, nullable = _first(tree.data, bool(tree.state.flags & re.IGNORECASE))
    except (_Unknown, re.error, OverflowError, RecursionError, ValueError):
        return None
    if nullable or not chars or _PLACEHOLDER in chars or len(chars) > MAX_FIRST:
        return None
    return frozenset(chars)


def first_char_scan(pattern: str, flags: int = 0) -> re.Pattern[str] | None:
    """A stdlib class search that finds nothing in a text where ``pattern``
    cannot match (a class cannot backtrack: it needs no timeout), or None."""
    chars = first_chars(pattern, flags)
    if chars is None:
        return None
    return re.compile("[" + "".join("\\" + c if c in "\\]^-[" else c for c in sorted(chars))
                      + "]")


def _first(seq: Sequence[tuple[Any, Any]], icase: bool) -> tuple[set[str], bool]:
    """(first characters, can match empty) of a sequence of parsed nodes."""
    out: set[str] = set()
    for op, av in seq:
        chars, nullable = _node(op, av, icase)
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _node(op: Any, av: Any, icase: bool) -> tuple[set[str], bool]:
    if op is C.LITERAL:
        return _cased({chr(av)}, icase), False
    if op is C.IN:
        return _cased(_class(av), icase), False
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return set(), True  # zero-width: the first character comes after it
    if op is C.BRANCH:
        out: set[str] = set()
        nullable = False
        for alt in av[1]:
            chars, empty = _first(alt, icase)
            out |= chars
            nullable |= empty
        return out, nullable
    if op is C.SUBPATTERN:
        _, add, remove, sub = av
        return _first(sub, (icase or bool(add & re.IGNORECASE))
                      and not remove & re.IGNORECASE)
    if op is C.ATOMIC_GROUP:
        return _first(av, icase)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _, sub = av
        chars, nullable = _first(sub, icase)
        return chars, nullable or low == 0
    if op is C.CATEGORY and av is C.CATEGORY_SPACE:
        return set(_SPACE), False
    raise _Unknown(op)  # ANY, NOT_LITERAL, group references, other categories


def _class(items: Sequence[tuple[Any, Any]]) -> set[str]:
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] <= MAX_FIRST:
            out.update(map(chr, range(av[0], av[1] + 1)))
        elif op is C.CATEGORY and av is C.CATEGORY_SPACE:
            out |= _SPACE
        else:  # a negated class, a wide range, other categories
            raise _Unknown(op)
    return out


def _cased(chars: set[str], icase: bool) -> set[str]:
    if not icase:
        return chars
    partners = _case_partners()
    out = set(chars)
    for c in chars:
        out |= partners.get(c, frozenset())
    return out


@functools.lru_cache(maxsize=1)
def _case_partners() -> dict[str, frozenset[str]]:
    """Every cased BMP character -> the characters a case-insensitive match may
    take for it (those sharing its lower or upper case: k, K and the Kelvin sign)."""
    groups: dict[str, set[str]] = {}
    for cp in range(0x10000):
        c = chr(cp)
        low, up = c.lower(), c.upper()
        if low == c == up:
            continue
        for key in (low, up, c.casefold()):
            if len(key) == 1:
                groups.setdefault(key.lower(), set()).add(c)
    out: dict[str, frozenset[str]] = {}
    for members in groups.values():
        full = frozenset(members | {m.lower() for m in members if len(m.lower()) == 1}
                         | {m.upper() for m in members if len(m.upper()) == 1})
        for m in full:
            out[m] = out.get(m, frozenset()) | full
    return out


# ---------------------------------------------------------------- lookbehinds
def _strip_lookbehinds(pattern: str) -> str:
    """``pattern`` without its lookbehind groups (zero-width: only their
    variable widths keep the stdlib parser from reading the rest)."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        if pattern.startswith(("(?<=", "(?<!"), i):
            i = _group_end(pattern, i)
            continue
        j = _token_end(pattern, i)
        out.append(pattern[i:j])
        i = j
    return "".join(out)


def _token_end(pattern: str, i: int) -> int:
    """The end of the token at ``i``: an escape, a whole class, or one character."""
    c = pattern[i]
    if c == "\\":
        if pattern.startswith(("\\p{", "\\P{", "\\N{", "\\x{", "\\u{"), i):
            close = pattern.find("}", i)
            if close < 0:
                raise re.error("unclosed escape")
            return close + 1
        return i + 2
    if c == "[":
        j = i + 1
        if pattern.startswith("^", j):
            j += 1
        if pattern.startswith("]", j):
            j += 1  # a ] first in a class is a literal
        while j < len(pattern) and pattern[j] != "]":
            j = _token_end(pattern, j) if pattern[j] == "\\" else j + 1
        return j + 1
    return i + 1


def _group_end(pattern: str, i: int) -> int:
    """The index just past the group opening at ``i``."""
    depth = 0
    while i < len(pattern):
        if pattern[i] == "(":
            depth += 1
        elif pattern[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i = _token_end(pattern, i)
    raise re.error("unbalanced parenthesis")
