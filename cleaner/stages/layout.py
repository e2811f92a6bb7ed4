"""Layout restoration (LAY rules): rejoin sentences broken by the page, then write
paragraphs in the canonical form of the output format.

Runs after boilerplate (BOI) so captions that landed inside a sentence are gone
before the two halves are glued back together.

Rejoining is a judgement about a pair of lines, the *previous* paragraph P (as
joined so far) and the *next* line N. A heading is a short line without end
punctuation too, so "P does not end a sentence" is never enough on its own; we
add up independent signals and join at a score of 1:

* strong (1.0): N starts with a character no sentence starts with (``，`` ``”``
  ``着`` ``们``); P has an unclosed quote or bracket; P ends with a word that
  cannot end a phrase (``的`` ``与`` ``和``, a comma); the text is hard-wrapped
  and P's last line reaches the wrap column;
* medium: P holds a sentence end (a heading never does, 0.75); P is long and has
  a clause comma (0.5); P ends inside an enumeration (``、`` in its last clause,
  0.5); P ends with a preposition-like character (``向`` ``对`` ``在``, 0.5); N's
  first sentence is two or three characters, a stranded tail (``未来。``, 0.5);
* a line break inside a blank-line paragraph is a wrap unless shown otherwise
  (+0.5, and a long unterminated line always joins);
* the first paragraph of a document is its title more often than not, so
  medium signals there count 0.5 less (strong ones still join).

Never joined: P ends a sentence (unless N starts with closing punctuation), N
opens a structure (``——``, ``一、``, ``(1)``, a bullet).

Idempotence: decisions run left to right on P *as joined so far*, and every
feature is either a feature of that joined text or of N's start; so a second
run, where each joined paragraph is one line, sees the same features and makes
the same (no) decisions. Image slots weigh nothing here (a canonical text has
none), and the wrap signal can only disappear once lines are joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Change
from ..registry import Context, builtin
from . import _paragraphs as para

# --- signals --------------------------------------------------------------

#: Characters that cannot start a sentence: closing punctuation and particles.
#: Particles that also start common words are listed with those words' second
#: characters as exceptions (着力, 的确, 了解).
_NONSTARTER = re.compile(
    r"[ \t\u3000]*(?:[，、。；：？！）】》」』”’,;:?!)\]]|[们吗呢吧嘛么]"
    r"|着(?![力眼手重实陆装急迷落想])|的(?![确士哥])|了(?![解不却如结断]))"
)
#: N starts with a closer: joins even after a terminated P (``好。`` + ``”他说``).
_CLOSER_START = re.compile(r"[ \t\u3000]*[”’」』）)】》，、。；：？！]")
#: Words that cannot end a phrase, a heading's included.
_STRONG_END = re.compile(r"[的与和及或并把被，、,]$")
#: Function words that rarely end a heading.
_WEAK_END = re.compile(r"[向对在于为是从将让使给跟以由]$")
#: N's first sentence is a stranded two- or three-character tail.
_SHORT_TAIL = re.compile(r"[ \t\u3000]*[^\s。！？!?，,、；;：:]{1,3}[。！？!?]")
_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?]")
#: Latin prose: a line ending in a word or comma, the next starting in lower case.
_LATIN_WORD_END = re.compile(r"[A-Za-z,]$")
_LOWER_START = re.compile(r"[ \t]*[a-z]")
_LATIN_END = re.compile(r"[0-9A-Za-z\u00c0-\u024f%)\]]$")
_LATIN_START = re.compile(r"[0-9A-Za-z\u00c0-\u024f(\[]")

_PAIRS = (("“", "”"), ("（", "）"), ("(", ")"), ("《", "》"), ("「", "」"),
          ("『", "』"), ("【", "】"), ("‘", "’"))

#: Cheap question: a line that does not end a sentence, or a line starting with
#: a closer. Text without either cannot have a broken sentence.
_MAYBE_BROKEN = re.compile(
    r"[^\s。！？!?；;：:….．”’」』）)】》〕］\]\"'](?=[ \t\u3000]*\n)"
    r"|\n[\s]*[，、。；：？！）】》”’,;:?!)]"
)


@dataclass(slots=True)
class _Run:
    """The paragraph being built: features of P as joined so far."""

    length: int = 0
    comma: bool = False
    internal_end: bool = False
    first: bool = True
    tail: str = ""            # P's last line
    opened: tuple[int, ...] = (0,) * len(_PAIRS)

    def start(self, line: str, first: bool) -> None:
        self.length, self.comma, self.internal_end = 0, False, False
        self.opened = (0,) * len(_PAIRS)
        self.first = first
        self.extend(line)

    def extend(self, line: str) -> None:
        line = line.strip()
        if self.length and para.is_terminated(self.tail):
            self.internal_end = True
        self.internal_end = self.internal_end or para.has_internal_end(line)
        self.length += len(line)
        self.comma = self.comma or "，" in line or ", " in line or "," in line
        self.opened = tuple(max(o + line.count(a) - line.count(b), 0)
                            for o, (a, b) in zip(self.opened, _PAIRS))
        self.tail = line


def _score(run: _Run, nxt: str, *, wrapped: bool, wrap_col: int | None) -> float:
    """How strongly the evidence says P and N are one sentence (join at >= 1)."""
    tail = run.tail
    if para.LIST_MARKER.match(nxt):
        return 0.0
    if _CLOSER_START.match(nxt):
        return 1.0
    at_wrap = wrap_col is not None and para.display_width(tail) >= wrap_col - 3
    if para.is_terminated(tail):
        # Inside a hard-wrapped paragraph a line may end at a full stop and go on.
        return 1.0 if wrapped and at_wrap else 0.0
    if (_NONSTARTER.match(nxt) or any(run.opened) or _STRONG_END.search(tail) or at_wrap
            or (_LATIN_WORD_END.search(tail) and _LOWER_START.match(nxt))):
        return 1.0
    score = 0.0
    if run.internal_end:
        score += 0.75
    if run.length >= 30 and run.comma:
        score += 0.5
    last_clause = _CLAUSE_BREAK.split(tail)[-1]
    if "、" in last_clause:
        score += 0.5
    if _WEAK_END.search(tail):
        score += 0.5
    if _SHORT_TAIL.match(nxt):
        score += 0.5
    if wrapped:
        score += 1.0 if len(tail) >= 15 else 0.5
    if run.first:
        score -= 0.5
    return score


def _joiner(prev: str, nxt: str) -> str:
    """Chinese lines join with nothing; Latin words and numbers keep a space."""
    if _LATIN_END.search(prev.rstrip()) and _LATIN_START.match(nxt.lstrip()):
        return " "
    return ""


@builtin("rejoin_broken_lines")
def rejoin_broken_lines(text: str, ctx: Context, *, threshold: float = 1.0):
    """Join lines and paragraphs that the page layout cut inside a sentence.

    The changes replace the break between P and N (a line break, a blank line or
    a whole image slot) by nothing, or by a space between Latin words.
    """
    if "\n" not in text or not _MAYBE_BROKEN.search(text):
        return []
    layout = para.split(text)
    units = list(para.iter_units(layout))
    if len(units) < 2:
        return []
    inner = [ln.text for p in layout.paragraphs for ln in p.lines[:-1]]
    wrap_col = para.wrap_width(inner if layout.blank_lines and len(inner) >= 3
                               else [ln.text for ln in layout.lines])
    changes = []
    run = _Run()
    run.start(units[0][1].text, True)
    for (p_prev, prev), (p_next, nxt) in zip(units, units[1:]):
        wrapped = p_prev is p_next  # a plain line break inside a blank-line paragraph
        if _score(run, nxt.text, wrapped=wrapped, wrap_col=wrap_col) >= threshold:
            glue = _joiner(run.tail, nxt.text)
            if text[prev.end:nxt.start] != glue:
                changes.append(Change(prev.end, nxt.start, glue))
            run.extend(nxt.text)
        else:
            run.start(nxt.text, False)
    return _widen(text, changes)


def _widen(text: str, changes: list[Change]) -> list[Change]:
    """Widen each join over the spaces around the break (trailing or indent)."""
    out = []
    for c in changes:
        start, end = c.start, c.end
        while start > 0 and text[start - 1] in " \t\u3000":
            start -= 1
        while end < len(text) and text[end] in " \t\u3000":
            end += 1
        out.append(Change(start, end, c.after))
    return out


#: Any run of line breaks, with the blank lines and edge spaces in it.
_ANY_BREAK = re.compile(r"[ \t\u3000]*\n(?:[ \t\r\f\v\u3000]*\n)*")
_LEADING_BLANK = re.compile(r"(?:[ \t\r\f\v\u3000]*\n)+")


@builtin("canonical_breaks")
def canonical_breaks(text: str, ctx: Context):
    """Separate paragraphs by exactly ``ctx.paragraph_sep``; no blank lines at the
    start or end (a final newline is kept when the text had one, so a file that
    ends with one stays as its writer made it).

    Every line break is a paragraph break here: lines that belong together were
    joined by the rejoin rule before, so what is left on its own line is a
    paragraph (a heading, a list item).
    """
    if "\n" not in text:
        return []
    sep = ctx.paragraph_sep
    lead = _LEADING_BLANK.match(text)
    body_start = lead.end() if lead else 0
    body_end = len(text.rstrip())
    if body_end <= body_start:
        return [Change(0, len(text), "")] if text else []
    changes = [Change(0, body_start, "")] if body_start else []
    for m in _ANY_BREAK.finditer(text, body_start, body_end):
        if m.group() != sep:
            changes.append(Change(m.start(), m.end(), sep))
    tail = text[body_end:]
    final = "\n" if "\n" in tail else ""
    if tail != final:
        changes.append(Change(body_end, len(text), final))
    return changes
