"""Layout restoration (LAY rules): rejoin sentences broken by the page, then write
paragraphs in the canonical form of the output format.

Runs after boilerplate (BOI) so captions that landed inside a sentence are gone
before the two halves are glued back together.

Rejoining is a judgement about a pair: the *previous* paragraph P (as joined
so far) and the *next* line N. A heading is a short line without end
punctuation too, so "P does not end a sentence" is never enough on its own; we
add up independent signals and join at a score of 1:

* strong (1.0): N starts with a character no sentence starts with (``，`` ``”``
  ``着`` ``们``); P has an unclosed quote or bracket; P ends with a word or mark
  that cannot end a phrase (``的`` ``与`` ``和``, a comma, ``·``); P opens like a
  sentence (``此外，`` ``9月4日，``); the text is hard-wrapped and P's last line
  reaches the wrap column; a Latin line ending in a word before a lower-case one,
  or in a hyphen before a letter (the typesetter's hyphen goes, see
  :func:`_drops_hyphen`); a decimal number, a date or a web address cut in two
  (``增长6.|8%``, ``6月|18日``, ``http://…/|content/``);
* medium: P holds a sentence end (1.0); P is 20+ characters with a clause comma
  (1.0); the break splits words the document uses elsewhere (four characters
  across it 1.0, three 0.5, two 0.25); P ends inside an enumeration (``、`` in
  its last clause, 0.5); P ends with a preposition-like character (``向`` ``在``,
  0.5); N's first sentence or clause is a stranded tail (``未来。`` ``道，``, 0.5);
* a line break inside a blank-line paragraph is a wrap unless shown otherwise
  (+0.5, +1.0 after a line of 15+ characters);
* a document's first paragraph is more often a title than not (unless it is
  longer than a heading with two clause commas), and so is one opening with a
  number (``一、``): medium signals there count 0.5 less;
* N opens like a sentence (``下一步，`` ``2024年4月，``): P lost its full stop
  or is a heading, medium signals count 2 less (and P opening like a sentence
  is no strong signal then).

Never joined: two lines of navigation items (``首页 > 新闻``), two rows of a
table set with spaces, two field lines (``地址：…`` / ``电话：…``), P ends a
sentence (unless N starts with closing punctuation, or a hard-wrapped line ends
at the margin inside a blank-line paragraph), N opens a structure (``——``,
``一、``, ``(1)``, a bullet).

Idempotence: decisions run left to right on P *as joined so far*, and every
feature is a feature of that joined text (its length, its last 40 characters),
of N's start, or of the document without whitespace (which joining does not
change); so a second run, where each joined paragraph is one line, sees the
same features and makes the same (no) decisions. Image slots weigh nothing
here (a canonical text has none), and the wrap signal can only disappear once
lines are joined. The lines of a blank-line paragraph are grouped into
:func:`logical_paragraphs` from the paragraph's own text alone, and the
boilerplate stage judges those same units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

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
_STRONG_END = re.compile(r"[的与和及或并把被，、,·—]$")
#: Function words that rarely end a heading.
_WEAK_END = re.compile(r"[向对在于为是从将让使给跟以由]$")
#: N's first sentence is a stranded two- or three-character tail.
_SHORT_TAIL = re.compile(r"[ \t\u3000]*[^\s。！？!?，,、；;：:]{1,3}[。！？!?]")
#: A numbered heading: its length and commas say nothing about being body text.
_NUMBERED = re.compile(r"[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十0-9]{1,3}[）)]"
                       r"|第[一二三四五六七八九十百0-9]{1,4}[章节條条部篇]|[0-9]{1,2}(?:\.[0-9]{1,2})*[、.．]\s*\D)")
#: Sentence openers: a line that starts with a connective or a date and a comma
#: is prose, never a heading.
_OPENER = re.compile(
    r"[ \t\u3000]*(?:此外|另外|同时|与此同时|目前|近日|日前|当前|近年来|近期|今年以来|今年|去年|"
    r"为此|因此|此前|其中|然而|但是|而且|并且|另一方面|一方面|首先|其次|再次|最后|总之|据悉|"
    r"据了解|据统计|据介绍|截至目前|截至|如今|随后|对此|事实上|可以说|也就是说|下一步|接下来|"
    r"(?:[0-9]{4}年)?[0-9]{1,2}月(?:[0-9]{1,2}日)?|[0-9]{4}年)[，,]")
#: N's first clause is one character long (``道，`` after ``在各个街``).
_ONE_CHAR_CLAUSE = re.compile(r"[ \t\u3000]*[^\s，,、。！？!?；;：:]{1}[，,、]")
_IS_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_WHITESPACE = re.compile(r"\s+")
_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?]")
#: Latin prose: a line ending in a word or comma, the next starting in lower case.
_LATIN_WORD_END = re.compile(r"[A-Za-z,]$")
#: A Latin word hyphenated at the line end (``tech-`` + ``nology``): the hyphen
#: is the typesetter's when the next line goes on in lower case.
_HYPHEN_END = re.compile(r"[A-Za-z]{2}-$")
#: The Latin word (with inner hyphens) that a line-end hyphen ends, and the one
#: that the next line starts with.
_WORD_BEFORE_HYPHEN = re.compile(r"([A-Za-z]+(?:-[A-Za-z]+)*)-$")
_WORD_AFTER_HYPHEN = re.compile(r"[a-z]+")
#: Prefixes that make hyphenated compounds (``self-employed``, ``well-known``):
#: a line-end hyphen after one of them is the word's own.
#: Only prefixes that no common word's first syllable spells (``ex-ample``,
#: ``mid-dle``, ``multi-ple``, ``high-way`` are hyphenations).
_COMPOUND_PREFIXES = frozenset("self well non anti cross half all vice".split())
#: A line of navigation items: two or more short items joined by ``|`` ``>``
#: ``»`` or a spaced dash (the shape BOI003 drops with three or more items).
#: Two such lines are never joined: their items are line-structured, and the
#: joined line would read as a link row on a second pass.
_NAV_MARKS = ("|", "｜", ">", "»", " - ")
_NAV_ITEMS = re.compile(
    r"[^\s|｜>»\-。！？，,；;][^|｜>»。！？，,；;]{0,11}(?:(?:[ \t\u3000]+-[ \t\u3000]+"
    r"|[ \t\u3000]*[|｜>»][ \t\u3000]*)[^\s|｜>»\-。！？，,；;][^|｜>»。！？，,；;]{0,11})+")
_LOWER_START = re.compile(r"[ \t]*[a-z]")
_LETTER_START = re.compile(r"[ \t]*[A-Za-z]")
_LATIN_END = re.compile(r"[0-9A-Za-z\u00c0-\u024f%)\]]$")
#: A number that Chinese text introduces, cut by the line end (``统计局1|2日``):
#: its digits go on at the next line's start (:data:`_NUMBER_GOES_ON`). A cut
#: after a decimal point (``上涨0.|3%``) joins like any wrapped full stop.
_CUT_NUMBER_END = re.compile(r"(?:^|[^0-9A-Za-z\u00c0-\u024f.,\s])[0-9]+$")
_NUMBER_GOES_ON = re.compile(r"[0-9%％]")
_LATIN_START = re.compile(r"[0-9A-Za-z\u00c0-\u024f(\[]")
#: A decimal number cut after its point (``增长6.|8%``): the digits after it go
#: on with what only follows a number (a per cent sign, 万/亿, 个百分点, 倍, 元).
_DECIMAL_CUT_END = re.compile(r"(?:^|[^0-9A-Za-z.])[0-9]+\.$")
_DECIMAL_GOES_ON = re.compile(r"[ \t\u3000]*[0-9]+(?:[%％‰]|[万亿]|个百分点|倍|元)")
#: A date cut between month and day (``6月|18日``).
_MONTH_END = re.compile(r"[0-9]{1,2}月$")
_DAY_START = re.compile(r"[ \t\u3000]*[0-9]{1,2}[日号]")
#: A web or mail address cut by the line end, and what goes on with it (a run of
#: address characters with a separator or a digit in it, glued to what follows
#: it, not a word of an English line): no space between.
_URL_END = re.compile(r"(?:(?:https?://|www\.)[!-~]*|[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]*)$")
_URL_GOES_ON = re.compile(r"[ \t\u3000]*(?=[A-Za-z0-9/._\-?=&%#~+]*[/._?=&%#~])"
                          r"[A-Za-z0-9/._\-?=&%#~+]+(?![ \t])")
#: A mail address that is already whole (its domain has a dot and a suffix).
_WHOLE_MAIL = re.compile(r"@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
#: A number cut before its unit (``2024|年1月``, ``3000|万元``, ``5|%``).
_UNIT_GOES_ON = re.compile(r"[ \t\u3000]*(?:[%％‰]|[年月](?=[0-9])|个百分点|倍"
                           r"|[万亿](?:元|人|户|吨|个|家|件|辆|台|千瓦|平方米|立方米|亩|美元))")
#: Two Latin words on either side of a break, and their letters.
_LATIN_WORD_BEFORE = re.compile(r"[A-Za-z]+$")
_LATIN_WORD_AFTER = re.compile(r"[A-Za-z]+")
#: A field line (``联系电话：010-…``, ``记者：…``): two in a row are two fields.
_FIELD_LINE = re.compile(r"[ \t\u3000]*[\u3400-\u4dbf\u4e00-\u9fff]{2,8}[ \t\u3000]*[:：][ \t\u3000]*\S")
#: A line that is a date and nothing else (``2025年11月20日``, ``二〇二五年十一月二十日``,
#: ``2025-11-20``): a notice's date or an article's dateline, never half a sentence.
_DATE_LINE = re.compile(
    r"[ \t\u3000]*(?:[0-9]{4}[年.\-/][0-9]{1,2}[月.\-/][0-9]{1,2}日?"
    r"|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
    r"[ \t\u3000]*$")
#: A line that is only an organisation's name (a notice's issuer above its date):
#: no mark at all, ending with what such names end with.
_ISSUER_LINE = re.compile(
    r"[ \t\u3000]*[\u4e00-\u9fff]{2,24}(?:办公室|办公厅|委员会|人民政府|政府|管理局|局|厅"
    r"|委|院|中心|公司|集团|协会|学会|联合会|大学|学院|学校|医院|银行|研究所)[ \t\u3000]*$")
#: Cells of a table row set apart by runs of spaces (or a tab).
_COLUMN_GAP = re.compile(r"(?<=\S)(?:[ \u3000]{2,}|[ \u3000]*\t[ \t\u3000]*)(?=\S)")

_PAIRS = (("“", "”"), ("（", "）"), ("(", ")"), ("《", "》"), ("「", "」"),
          ("『", "』"), ("【", "】"), ("‘", "’"))
#: Any character of :data:`_PAIRS`, and what it adds to its pair's open count.
_PAIR_MARK = re.compile("[" + re.escape("".join(a + b for a, b in _PAIRS)) + "]")
_PAIR_DELTA = {ch: (k, 1 if ch == pair[0] else -1)
               for k, pair in enumerate(_PAIRS) for ch in pair}

#: Cheap question: a line that does not end a sentence, or a line starting with
#: a closer. Text without either cannot have a broken sentence.
_MAYBE_BROKEN = re.compile(
    r"[^\s。！？!?；;：:….．”’」』）)】》〕］\]\"'](?=[ \t\u3000]*\n)"
    r"|\n[\s]*[，、。；：？！）】》”’,;:?!)]"
)
#: :data:`_MAYBE_BROKEN` as two searches that start with a literal line break,
#: which the regex engine finds with a fast scan instead of trying every
#: position: the first alternative is searched in the reversed text (a line
#: break, then the spaces before it, then the character ending the line).
_OPEN_LINE_END_REVERSED = re.compile(r"\n[ \t\u3000]*[^\s。！？!?；;：:….．”’」』）)】》〕］\]\"']")
_CLOSER_LINE_START = re.compile(r"\n[\s]*[，、。；：？！）】》”’,;:?!)]")
#: A decimal point ending a line before a digit (``增长6.|8%``): the one line end
#: with a full stop that may be a cut (:data:`_DECIMAL_CUT_END`).
_DECIMAL_BREAK = re.compile(r"\.(?<=[0-9]\.)[ \t\u3000]*\n[ \t\u3000]*[0-9]")


# Line breaks LAY002 joins whatever else it finds: before a line opening with a
# closing mark (``_CLOSER_START`` and ``_CLOSER_LINE_START``), and before a line
# opening with a mark that cannot start a phrase (``_NONSTARTER``) after a line
# that did not end a sentence. Blank lines between count too. The scripts stage
# runs first and judges punctuation as these lines will read (SCR007).

#: A line break, blank lines after it, and a mark that may glue the next line on
#: (searched from the break: a literal start the regex engine scans for fast).
_BREAK_BEFORE_MARK = re.compile(r"\n\s*(?=[”’）)】》，、。；：？！」』,;:?!\]])")
#: Closing marks that glue the next line on whatever the line before ends with.
_ALWAYS_GLUED = "”’）)】》，、。；：？！"
#: How a line that does not glue a nonstarter on ends (``para._TERMINATED``).
_LINE_ENDS = "。！？!?；;：:….．"


def joined_breaks(text: str) -> Iterator[tuple[int, int]]:
    """Spans ``(start, end)`` of the line breaks (with the spaces around them) that
    this stage always joins."""
    for m in _BREAK_BEFORE_MARK.finditer(text):
        start, end = m.start(), m.end()
        while start > 0 and text[start - 1] in " \t\u3000":
            start -= 1
        if text[end] not in _ALWAYS_GLUED:  # a nonstarter: only after an unfinished line
            if start == 0 or text[start - 1].isspace() or text[start - 1] in _LINE_ENDS:
                continue
        yield start, end


def _maybe_broken(text: str) -> bool:
    """Whether :data:`_MAYBE_BROKEN` finds anything in ``text`` (same answer, cheaper)."""
    return (_CLOSER_LINE_START.search(text) is not None
            or _OPEN_LINE_END_REVERSED.search(text[::-1]) is not None
            or _DECIMAL_BREAK.search(text) is not None)


#: How much of P's end the end-of-paragraph signals look at.
_TAIL = 40


@dataclass(slots=True)
class _Run:
    """The paragraph being built: features of P as joined so far."""

    length: int = 0
    comma: bool = False
    commas: int = 0           # clause commas in P (a long title has one at most)
    internal_end: bool = False
    first: bool = True
    numbered: bool = False    # P opens with 一、 / （二） / 第三章: a heading's number
    opener: bool = False      # P opens like a sentence (此外，/ 9月4日，): not a heading
    aside: bool = False       # P opens with a bracket (（1.武汉大学…）)
    tail: str = ""            # the end of P as joined so far (same in every run)
    line: str = ""            # P's last physical line (only this run has it)
    opened: tuple[int, ...] = (0,) * len(_PAIRS)

    def start(self, line: str, first: bool) -> None:
        self.length, self.comma, self.internal_end, self.tail = 0, False, False, ""
        self.commas = 0
        self.opened = (0,) * len(_PAIRS)
        self.first = first
        self.numbered = _NUMBERED.match(line) is not None
        self.opener = _OPENER.match(line) is not None
        self.aside = line.lstrip(" \t\u3000")[:1] in ("（", "(")
        self.extend(line)

    def extend(self, line: str, unhyphen: bool = False) -> None:
        line = line.strip()
        if unhyphen:  # P's line-end hyphen goes: P reads as the joined text will
            self.tail = self.tail[:-1]
            self.length -= 1
        if self.length and para.is_terminated(self.tail):
            self.internal_end = True
        self.internal_end = self.internal_end or para.has_internal_end(line)
        self.length += len(line)
        self.comma = self.comma or "，" in line or ", " in line or "," in line
        self.commas += line.count("，") + line.count(",")
        marks = _PAIR_MARK.findall(line)
        if marks:  # each pair: max(open + count(opener) - count(closer), 0)
            delta = [0] * len(_PAIRS)
            for ch in marks:
                k, d = _PAIR_DELTA[ch]
                delta[k] += d
            self.opened = tuple(max(o + d, 0) for o, d in zip(self.opened, delta))
        self.tail = (self.tail + line)[-_TAIL:]
        self.line = line


def _straddles_word(tail: str, nxt: str, seen: str) -> float:
    """The break splits words that the document uses elsewhere (为提|升产业, 总书|记).

    ``seen`` is the document without any whitespace, so the break itself counts
    once and joins made by this rule never change the counts (idempotence). A
    four-character window across the break found elsewhere is strong evidence;
    three characters are weaker (a heading ending in 人才 before a paragraph
    starting with 人 matches 人才人 by chance), two weaker still.
    """
    tail, nxt = tail.rstrip(), nxt.lstrip()
    if len(tail) < 3 or len(nxt) < 3 or not (_IS_HAN.match(tail[-1]) and _IS_HAN.match(nxt[0])):
        return 0.0
    if any(seen.count(tail[-k:] + nxt[:4 - k]) >= 2 for k in (1, 2, 3)):
        return 1.0
    if seen.count(tail[-2:] + nxt[0]) >= 2 or seen.count(tail[-1] + nxt[:2]) >= 2:
        return 0.5
    if seen.count(tail[-1] + nxt[0]) >= 2:
        return 0.25
    return 0.0


def _score(run: _Run, nxt: str, *, wrapped: bool, wrap_col: int | None, seen: str,
           line_bonus: bool = False) -> float:
    """How strongly the evidence says P and N are one sentence (join at >= 1)."""
    tail = run.tail
    if para.LIST_MARKER.match(nxt):
        return 0.0
    if _is_nav_line(run.line) and _is_nav_line(nxt):
        return 0.0
    if _CLOSER_START.match(nxt):
        return 1.0
    if run.length == len(run.line) and _verse_pair(run.line, nxt):
        return 0.0  # two lines of a poem: each its own line
    if _table_rows(run.line, nxt) or (("：" in nxt or ":" in nxt) and _FIELD_LINE.match(nxt)
                                      and (_FIELD_LINE.match(run.line) or _bracketed(run, tail))
                                      and not _STRONG_END.search(tail)):
        # two rows of a table, two fields (联系人：… / 电话：…), a field under
        # a bracketed line (a paper's affiliations above 摘要：…)
        return 0.0
    at_wrap = wrap_col is not None and para.at_wrap(para.display_width(run.line), wrap_col)
    if not at_wrap and (_DATE_LINE.match(nxt) or _DATE_LINE.match(run.line)
                        or _ISSUER_LINE.match(nxt)):
        return 0.0  # a notice's issuer and date, a dateline: lines of their own
    if at_wrap and _CUT_NUMBER_END.search(tail) and _NUMBER_GOES_ON.match(nxt):
        return 1.0  # one number, cut by the page width
    last = tail[-1:]
    if ((last == "." and _DECIMAL_CUT_END.search(tail) and _DECIMAL_GOES_ON.match(nxt))
            or (last == "月" and _MONTH_END.search(tail) and _DAY_START.match(nxt)
                and run.length > 4)
            or (last.isdigit() and _CUT_NUMBER_END.search(tail) and _UNIT_GOES_ON.match(nxt))
            or (("/" in tail or "@" in tail) and _address_cut(run.line, nxt))):
        return 1.0  # a number, a date or a web or mail address cut in two
    if para.is_terminated(tail):
        # Inside a hard-wrapped paragraph a line may end at a full stop and go on.
        return 1.0 if wrapped and at_wrap else 0.0
    n_opens = _OPENER.match(nxt) is not None  # N opens like a sentence (下一步，/ 5月1日，)
    if (_NONSTARTER.match(nxt) or any(run.opened) or _STRONG_END.search(tail) or at_wrap
            or (run.opener and not n_opens)
            or (_LATIN_WORD_END.search(tail) and _LOWER_START.match(nxt))
            or (_HYPHEN_END.search(tail) and _LETTER_START.match(nxt))):
        return 1.0
    score = 0.0
    if run.internal_end:
        score += 1.0
    if run.length >= 20 and run.comma:
        score += 1.0
    last_clause = _CLAUSE_BREAK.split(tail)[-1]
    if "、" in last_clause:
        score += 0.5
    if _WEAK_END.search(tail):
        score += 0.5
    if _SHORT_TAIL.match(nxt) or _ONE_CHAR_CLAUSE.match(nxt):
        score += 0.5
    if line_bonus:
        score += 1.0 if len(run.line) >= 15 else 0.5
    if n_opens:
        # P lost its full stop or is a heading; only words the break splits
        # (截至|目前，) still join it
        score -= 2.0
    if (run.first and not (run.length > para.HEADING_MAX and run.commas >= 2)) or run.numbered:
        score -= 0.5
    if score < 1.0 <= score + 1.0:  # only then can the (costlier) word evidence decide
        straddle = _straddles_word(tail, nxt, seen)
        # A heading repeated before repeated text matches by chance: cap it there.
        if run.length <= para.HEADING_MAX and para.is_heading_like(tail):
            straddle = min(straddle, 0.5)
        score += straddle
    return score


def _bracketed(run: _Run, tail: str) -> bool:
    """P is one bracketed aside, line after line (（1.武汉大学…；2.…）): its
    first line opens a bracket, and P ends closing every bracket it opened."""
    return run.aside and tail[-1:] in "）)" and not any(run.opened)


#: A line of verse: one clause of 4 to 12 characters and the mark that ends it.
_VERSE_LINE = re.compile(r"[^\s，,、。！？!?；;：:]{4,12}[，,。！？!?；;]")


def _verse_pair(line: str, nxt: str) -> bool:
    """P is one line of verse ending with a comma and N another of the same
    length (within a character): a couplet set one line a line, as poems and
    lyrics are (``床前明月光，`` / ``疑是地上霜。``). A sentence the page broke
    at a comma goes on with a line of another length."""
    nxt = nxt.strip()
    return (line[-1:] in "，,；;" and abs(len(line) - len(nxt)) <= 1
            and _VERSE_LINE.fullmatch(line) is not None and _VERSE_LINE.fullmatch(nxt) is not None)


def _address_cut(line: str, nxt: str) -> bool:
    """Whether ``line`` ends with a web or mail address that ``nxt`` goes on with
    (``…/zwgk/`` + ``zcwj/2024.html``, ``hr@exam`` + ``ple.com``)."""
    m = _URL_END.search(line.rstrip())
    if m is None or _URL_GOES_ON.match(nxt) is None:
        return False
    return not ("@" in m.group() and "://" not in m.group() and _WHOLE_MAIL.search(m.group()))


def _table_rows(line: str, nxt: str) -> bool:
    """Two lines split into the same number (2+) of cells by runs of spaces: rows
    of a table set with spaces (``海淀区　　2800亿元　　6.1%``), never one wrapped line."""
    if "  " not in line and "\u3000\u3000" not in line and "\t" not in line \
            and " \u3000" not in line and "\u3000 " not in line:
        return False
    cells = len(_COLUMN_GAP.findall(line.strip()))
    return cells >= 1 and len(_COLUMN_GAP.findall(nxt.strip())) == cells


def _is_nav_line(line: str) -> bool:
    """A line of two or more navigation items (``首页 > 新闻``, ``a | b``)."""
    return any(m in line for m in _NAV_MARKS) and _NAV_ITEMS.fullmatch(line.strip()) is not None


def _drops_hyphen(tail: str, nxt: str, seen: str) -> bool:
    """Whether the hyphen ending ``tail`` before ``nxt`` is the typesetter's
    (``tech-`` + ``nology``), not the word's own (``self-`` + ``employed``).

    The document decides when it can: the word written whole elsewhere
    (``technology``) or with its hyphen elsewhere (``self-employed``; the
    break itself counts once in ``seen``). Otherwise a hyphen after a compound
    prefix stays and any other goes.
    """
    before = _WORD_BEFORE_HYPHEN.search(tail.rstrip())
    after = _WORD_AFTER_HYPHEN.match(nxt.lstrip())
    if before is None or after is None:
        return False
    head = before.group(1).rsplit("-", 1)[-1]
    rest = after.group()
    if seen.count(f"{head}-{rest}") >= 2:
        return False
    if f"{head}{rest}" in seen:
        return True
    return head.lower() not in _COMPOUND_PREFIXES


def _joiner(prev: str, nxt: str, line: str = "", text: str = "") -> str:
    """Chinese lines join with nothing; Latin words and numbers keep a space,
    except the two halves of one number in Chinese text, of a web address
    (``line`` is P's last line) and of a word that ``text`` writes whole
    elsewhere (``Micro|soft``, ``Microsoft``)."""
    prev, nxt = prev.rstrip(), nxt.lstrip()
    if _LATIN_END.search(prev) and _LATIN_START.match(nxt):
        if _CUT_NUMBER_END.search(prev) and _NUMBER_GOES_ON.match(nxt):
            return ""
        if _address_cut(line, nxt):
            return ""
        before, after = _LATIN_WORD_BEFORE.search(prev), _LATIN_WORD_AFTER.match(nxt)
        if before and after and text and re.search(
                rf"(?<![A-Za-z]){before.group()}{after.group()}(?![A-Za-z])", text):
            return ""
        return " "
    return ""


def logical_paragraphs(layout: para.Layout) -> list[para.Paragraph]:
    """The layout's paragraphs, each cut where its own line breaks are not wraps.

    Inside a blank-line paragraph a line break is a hard wrap unless the lines
    say otherwise (a full stop before it, a list item after it, a short line
    with nothing to carry it on). This is decided from the paragraph's own text
    only, so the boilerplate stage, which runs first on the same model, judges
    the very units that this stage will write as paragraphs.
    """
    out: list[para.Paragraph] = []
    for p in layout.paragraphs:
        if len(p.lines) == 1:  # nothing to decide (the run below only scores line pairs)
            out.append(para.Paragraph(len(out), [p.lines[0]], p.gap))
            continue
        unit = [p.lines[0]]
        gap = p.gap
        run = _Run()
        run.start(p.lines[0].text, False)
        for line in p.lines[1:]:
            if _score(run, line.text, wrapped=True, wrap_col=None, seen="",
                      line_bonus=True) >= 1.0:
                unit.append(line)
                run.extend(line.text)
            else:
                out.append(para.Paragraph(len(out), unit, gap))
                unit, gap = [line], 0
                run.start(line.text, False)
        out.append(para.Paragraph(len(out), unit, gap))
    return out


@lru_cache(maxsize=8)
def units_of(text: str) -> tuple[para.Layout, list[para.Paragraph]]:
    """The layout of ``text`` and its :func:`logical_paragraphs`, shared by the
    boilerplate structure rules and :func:`rejoin_broken_lines` (which see the
    same text when nothing between them changed it). Read-only for its users."""
    layout = para.layout_of(text)
    return layout, logical_paragraphs(layout)


def wrap_column(layout: para.Layout) -> int | None:
    """The column the text was hard-wrapped at (:func:`para.wrap_width`), read
    from the lines inside blank-line paragraphs when there are enough of them
    (asked by both stages of the same layout: answered once)."""
    return _wrap_column(layout.text)


@lru_cache(maxsize=8)
def _wrap_column(text: str) -> int | None:
    layout = para.layout_of(text)
    inner = [ln.text for p in layout.paragraphs for ln in p.lines[:-1]]
    return para.wrap_width(inner if layout.blank_lines and len(inner) >= 3
                           else [ln.text for ln in layout.lines])


def would_join(prev: str, nxt: str, text: str) -> bool:
    """Whether this stage would join paragraph ``prev`` with the ``nxt`` after it
    in ``text`` (judged on the two alone), for the boilerplate stage, which must
    judge the paragraph that the join will make."""
    run = _Run()
    run.start(prev, False)
    return _score(run, nxt, wrapped=False, wrap_col=None, seen=_without_space(text)) >= 1.0


def surely_joins(prev: str, nxt: str, text: str) -> bool:
    """Whether ``nxt`` goes on with ``prev`` by evidence of the words alone, not
    of the lengths and commas a heading after an unfinished paragraph shares
    with it: N starts with a mark or particle no sentence starts with, P ends
    with a word that cannot end a phrase or leaves a quote or bracket open, or
    the break splits a word the document writes whole elsewhere (four
    characters). For the boilerplate stage: what stands between such halves is
    the page's, not a heading."""
    if para.is_terminated(prev) or para.LIST_MARKER.match(nxt) or _OPENER.match(nxt):
        return False
    run = _Run()
    run.start(prev, False)
    if _NONSTARTER.match(nxt) or _STRONG_END.search(run.tail) or any(run.opened):
        return True
    seen = _without_space(text)
    across = run.tail.rstrip()[-3:] + nxt.lstrip()[:3]
    if across not in seen:  # (what stands between them parts the halves in the text)
        seen = f"{seen}\n{across}"
    return _straddles_word(run.tail, nxt, seen) >= 1.0


@lru_cache(maxsize=8)
def _without_space(text: str) -> str:
    return _WHITESPACE.sub("", text)


# --- letter spacing ----------------------------------------------------------

_HAN_CLASS = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
#: The cheap question: two Han characters one space apart.
_SPACED_PAIR = re.compile(_HAN_CLASS + r"[ \u3000]" + _HAN_CLASS)


@lru_cache(maxsize=8)
def _spaced_run(min_chars: int) -> re.Pattern[str]:
    """``min_chars`` or more single Han characters, each one space from the next,
    the run glued to no other Han character (``日讯 国 家 统 计 局`` starts at 国)."""
    return re.compile(rf"(?<!{_HAN_CLASS})(?:{_HAN_CLASS}[ \u3000]){{{min_chars - 1},}}"
                      rf"{_HAN_CLASS}(?!{_HAN_CLASS})")


@builtin("letter_spaced")
def letter_spaced(text: str, ctx: Context, *, min_chars: int = 4) -> list[Change]:
    """Close up Chinese set one character at a time (``国 家 统 计 局``).

    Letter-spaced headings and OCR of spaced type put a space after every
    character; Chinese never separates single characters that way in running
    text, so a run of ``min_chars`` or more loses its inner spaces. Two- and
    three-character runs (``张 三``, padded names in tables) stay.
    """
    if (" " not in text and "\u3000" not in text) or not _SPACED_PAIR.search(text):
        return []
    out = []
    for m in _spaced_run(min_chars).finditer(text):
        for k in range(m.start() + 1, m.end(), 2):
            out.append(Change(k, k + 1, ""))
    return out


@builtin("rejoin_broken_lines")
def rejoin_broken_lines(text: str, ctx: Context):
    """Join lines and paragraphs that the page layout cut inside a sentence.

    Lines of one logical paragraph (see :func:`logical_paragraphs`) are joined;
    between paragraphs, the evidence is weighed with :func:`_score` on P as
    joined so far. A change replaces the break (a line break, a blank line or a
    whole image slot) by nothing, or by a space between Latin words.
    """
    if "\n" not in text or not _maybe_broken(text):
        return []
    layout, units = units_of(text)
    wrap_col = wrap_column(layout)
    seen = _without_space(text)
    changes: list[Change] = []
    run = _Run()
    run.start(units[0].lines[0].text, True)

    def join(prev: para.Line, nxt: para.Line) -> None:
        glue = _joiner(run.tail, nxt.text, run.line, text)
        unhyphen = (_HYPHEN_END.search(run.tail) is not None
                    and _LOWER_START.match(nxt.text) is not None
                    and _drops_hyphen(run.tail, nxt.text, seen))
        if unhyphen:  # the line's last non-space character is the hyphen
            end = prev.end
            while text[end - 1] != "-":
                end -= 1
            changes.append(Change(end - 1, nxt.start, ""))
        elif text[prev.end:nxt.start] != glue:
            changes.append(Change(prev.end, nxt.start, glue))
        run.extend(nxt.text, unhyphen)

    for k, unit in enumerate(units):
        if k:
            prev, first = units[k - 1].lines[-1], unit.lines[0]
            # A cut inside a blank-line paragraph: its wrap bonus was spent in
            # logical_paragraphs; only a full stop at the wrap column still joins.
            wrapped = unit.gap == 0 and layout.blank_lines
            if _score(run, first.text, wrapped=wrapped, wrap_col=wrap_col,
                      seen=seen) >= 1.0:
                join(prev, first)
            else:
                run.start(first.text, False)
        for prev, nxt in zip(unit.lines, unit.lines[1:]):
            join(prev, nxt)
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


#: A line break that cannot be part of a canonical break: after a space or a
#: blank line's whitespace (:data:`_ANY_BREAK` would take it, or the line is
#: blank), or in a run of breaks longer than the separator (``\n\n`` and
#: ``\n``) or, for ``\n\n``, in a run of one. Each starts with a literal line
#: break, which the regex engine finds with a fast scan.
_NOT_CANONICAL = {
    "\n\n": re.compile(r"\n(?:(?<=[ \t\u3000\r\x0b\x0c]\n)|\n\n|(?<!\n\n)(?!\n))"),
    "\n": re.compile(r"\n(?:(?<=[ \t\u3000\r\x0b\x0c]\n)|\n)"),
}


def _canonical_body(text: str, end: int, sep: str) -> bool:
    """Whether every break that :data:`_ANY_BREAK` finds in ``text[:end]`` is
    exactly ``sep``, answered by one fast search.

    ``text[:end]`` ends with a non-space character. When its line breaks all
    come in runs of exactly the separator's length and none follows a space or
    a blank line's whitespace, each break matches as the bare run: nothing is
    taken before it, and the line after it is not blank (it is not empty and
    its last character before any further break is not a space). Answers
    False when unsure (another separator).
    """
    bad = _NOT_CANONICAL.get(sep)
    return bad is not None and bad.search(text, 0, end) is None


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
    tail = text[body_end:]
    if not body_start and tail in ("", "\n") and _canonical_body(text, body_end, sep):
        return []
    changes = [Change(0, body_start, "")] if body_start else []
    for m in _ANY_BREAK.finditer(text, body_start, body_end):
        if m.group() != sep:
            changes.append(Change(m.start(), m.end(), sep))
    final = "\n" if "\n" in tail else ""
    if tail != final:
        changes.append(Change(body_end, len(text), final))
    return changes
