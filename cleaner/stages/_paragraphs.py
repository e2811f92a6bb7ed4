"""The paragraph model shared by the boilerplate (BOI) and layout (LAY) stages.

Scraped and OCR'd text comes in two layouts, and a rule must know which one it
reads before it can say where a paragraph ends:

* **blank-line layout**: paragraphs are separated by blank lines; a run of two or
  more blank lines is an *image slot* (where a picture stood on the page, so the
  next paragraph is often its caption); a single line break inside a paragraph is
  a hard wrap.
* **one paragraph per line**: the text has no blank line at all; every line is a
  paragraph (web pages, JSONL texts in canonical form).

:func:`split` reads the text once with one compiled regex and builds the model
(no per-character Python loop), so each rule can afford to call it. The helpers
below it are the shared vocabulary of both stages: what counts as a terminated
sentence, a heading-like line, a list marker, and how to drop lines so that the
text left behind is still well formed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

#: A run of line breaks, blank (whitespace-only) lines included.
_BREAKS = re.compile(r"\n(?:[ \t\r\f\v\u3000]*\n)*")

#: Sentence-final punctuation (Chinese and ASCII), optionally followed by closers.
#: ``；`` and ``：`` count: a list item ends with ``；`` and a lead-in with ``：``.
_TERMINATED = re.compile(r"[。！？!?；;：:….．][”’」』）)】》〕］\]\"'\u300d]*[ \t\u3000]*$")
#: A sentence end inside a text (followed by more text): a heading never has one.
_INTERNAL_END = re.compile(r"(?:[。！？!?]|……)[”’」』）)】》]*(?=\S)")

#: A sentence end (a run of end marks and the closers after it), counted by sentence_count.
_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)】》]*")

#: Punctuation inside a line of prose.
_PROSE = re.compile(r"[，、。；：！？,;]")

#: Line starts that open a structure (list item, subtitle dash, numbered heading):
#: never glued onto the previous line.
LIST_MARKER = re.compile(
    r"[ \t\u3000]*(?:——|—(?!—)|[●■◆◇□★☆•▪►◎※]|[-*+]\s|#{1,6}\s|>\s"
    r"|[0-9]{1,3}[、.．](?![0-9])|[一二三四五六七八九十]{1,3}[、．]"
    r"|[（(][一二三四五六七八九十0-9]{1,3}[）)]|第[一二三四五六七八九十百0-9]{1,4}[章节條条部篇]"
    r"|[①-⑳]|[\[［][0-9]{1,3}[\]］]|[·・][ \t\u3000]*(?=[\u4e00-\u9fff]))"
)

#: Characters a heading line usually is not longer than (code points).
HEADING_MAX = 40

_WIDE = re.compile(r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                   r"\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                   r"\uffe0-\uffe6\U00020000-\U0003fffd]")
#: Runs of wide characters: a line of Chinese is a few runs, not hundreds of characters.
_WIDE_RUN = re.compile(_WIDE.pattern + "+")


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line: ``text`` is ``source[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Paragraph:
    """Consecutive lines with no blank line between them (or one line).

    ``gap`` is the number of blank lines between this paragraph and the previous
    one: 1 in running text, 2+ after an image slot, 0 for the first paragraph and
    in the one-paragraph-per-line layout.
    """

    index: int
    lines: list[Line]
    gap: int

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    @property
    def flat(self) -> str:
        """The paragraph's lines run together (what a reader sees)."""
        if len(self.lines) == 1:
            return self.lines[0].text.strip()
        return "".join(line.text.strip() for line in self.lines)

    @property
    def after_slot(self) -> bool:
        return self.gap >= 2


@dataclass(slots=True)
class Layout:
    """A text cut into paragraphs and lines; offsets are into ``text``."""

    text: str
    paragraphs: list[Paragraph]
    blank_lines: bool
    lines: list[Line] = field(default_factory=list)

    def removal_spans(self, groups: Iterable[Sequence[Line]]) -> list[tuple[int, int]]:
        """Spans that delete each group of consecutive lines with one separator.

        Deleting a paragraph must leave the text well formed: a group takes the
        line break(s) before it, so ``A\\n\\nX\\n\\nB`` becomes ``A\\n\\nB`` and an
        image slot before a caption goes with the caption. A group at the start of
        the text (nothing kept before it) takes the break after it instead. The
        spans never overlap, whatever groups are dropped together.
        """
        order = {id(line): k for k, line in enumerate(self.lines)}
        ranges = sorted((order[id(g[0])], order[id(g[-1])]) for g in groups if g)
        dropped: set[int] = set()
        for first, last in ranges:
            dropped.update(range(first, last + 1))
        spans = []
        for first, last in ranges:
            if all(k in dropped for k in range(first)):
                stop = self.lines[last + 1].start if last + 1 < len(self.lines) else len(self.text)
                spans.append((self.lines[first].start, stop))
            else:
                spans.append((self.lines[first - 1].end, self.lines[last].end))
        return spans


@lru_cache(maxsize=8)
def layout_of(text: str) -> Layout:
    """:func:`split`, shared: the rules of both stages that read the same text
    (consecutive rules see the same text until one of them changes it) split it
    once. The model is read-only for its users."""
    return split(text)


#: Lines are built field by field (the slots' own setters): a frozen dataclass's
#: ``__init__`` costs twice as much, and ``split`` builds one object a line.
_NEW = object.__new__
_SET_START, _SET_END, _SET_TEXT = Line.start.__set__, Line.end.__set__, Line.text.__set__  # type: ignore[attr-defined]


def split(text: str) -> Layout:
    """Cut ``text`` into the paragraph model (one regex pass, a loop per line)."""
    lines: list[Line] = []
    breaks: list[int] = []  # line breaks before each line (0 for the first)
    pos = newlines = 0
    count = text.count
    for m in _BREAKS.finditer(text):
        start, end = m.span()
        chunk = text[pos:start]
        if chunk.strip():
            line = _NEW(Line)
            _SET_START(line, pos)
            _SET_END(line, start)
            _SET_TEXT(line, chunk)
            lines.append(line)
            breaks.append(newlines)
        pos = end
        newlines = (1 if end - start == 1 else count("\n", start, end)) if lines else 0
    chunk = text[pos:]
    if chunk.strip():
        lines.append(Line(pos, len(text), chunk))
        breaks.append(newlines)
    if max(breaks[1:], default=0) < 2:  # one paragraph per line
        return Layout(text, [Paragraph(i, [line], 0) for i, line in enumerate(lines)], False, lines)
    paragraphs: list[Paragraph] = []
    for line, nl in zip(lines, breaks):
        if paragraphs and nl == 1:
            paragraphs[-1].lines.append(line)
        else:
            gap = max(nl - 1, 0) if paragraphs else 0
            paragraphs.append(Paragraph(len(paragraphs), [line], gap))
    return Layout(text, paragraphs, True, lines)


# --------------------------------------------------------------------------
# Shared judgements about a line's text


def is_terminated(s: str) -> bool:
    """True when ``s`` ends a sentence (or a list item / lead-in)."""
    return _TERMINATED.search(s) is not None


def has_internal_end(s: str) -> bool:
    """True when a sentence ends somewhere before the end of ``s``."""
    return _INTERNAL_END.search(s) is not None


def is_heading_like(s: str, max_len: int = HEADING_MAX) -> bool:
    """Short, unterminated, one phrase: a heading, a banner, a caption, furniture."""
    s = s.strip()
    return 0 < len(s) <= max_len and not is_terminated(s) and not has_internal_end(s)


def sentence_count(s: str) -> int:
    """Sentence ends in ``s`` (an unterminated tail counts as one more)."""
    n = len(_SENTENCE_END.findall(s))
    return n + (0 if is_terminated(s) else 1)


def display_width(s: str) -> int:
    """Columns ``s`` takes in a monospaced layout (CJK characters are two wide)."""
    return len(s) + sum(map(len, _WIDE_RUN.findall(s)))


def wrap_tolerance(col: int) -> int:
    """How far short of the wrap column a wrapped line may end (wide characters,
    a word that did not fit)."""
    return max(3, col // 10)


def at_wrap(width: int, col: int) -> bool:
    return width >= col - wrap_tolerance(col)


def wrap_width(lines: Sequence[str]) -> int | None:
    """The column width a text was hard-wrapped at, or None if it was not.

    Hard-wrapped text (PDF, e-mail, OCR columns) has many lines filled up to the
    wrap column W, none longer, and most of them end inside a sentence; the last
    line of each paragraph is shorter. So the widest lines (W at least 30
    columns) must be a crowd, at least 3 different lines and 30 % of all lines,
    mostly without end punctuation at their end but with punctuation inside
    (prose, not a list of headings). Text whose paragraphs are whole lines
    (news and web pages, headings) has no such crowd.
    """
    if len(lines) < 3:
        return None
    widths = sorted((display_width(s.strip()), s) for s in lines)
    top = widths[-1][0]
    if top < 30:
        return None
    crowd = [s for w, s in widths if at_wrap(w, top)]
    if len(set(crowd)) < 3 or len(crowd) < 0.3 * len(lines):
        return None
    open_ended = sum(not is_terminated(s) for s in crowd)
    prose = sum(_PROSE.search(s) is not None for s in crowd)
    if open_ended * 3 >= len(crowd) * 2 and prose * 2 >= len(crowd):
        return top
    return None
