"""Half-width punctuation in Chinese context: which marks become full-width.

Every decision is taken per mark (or per bracket/quote pair) from its
neighbours: a mark turns full-width when Chinese text (a Han character or
full-width punctuation) is on at least one side and a Latin letter or digit is
not on both sides. Numbers (``2.1亿``, ``09:30``, ``1,000``), URLs, e-mail
addresses, domain and file names are protected spans and never touched.

Width changes keep every offset (one code point for one), so the decisions are
iterated to a fixpoint on a working copy: converting a bracket can put a mark
in Chinese context (``(中文),x`` -> ``（中文）,x`` -> ...), and the rule must give
the same answer when run on its own output.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterator

from .layout import joined_breaks

#: Han ideographs (URO, extension A, compatibility, planes 2-3) and 〇.
HAN_CLASS = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RE = re.compile(f"[{HAN_CLASS}]")

#: Full-width / CJK punctuation that counts as Chinese context.
CJK_PUNCT = frozenset(
    "，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕［］｛｝…—～·・－／＼｜＿＂＇"
    "\u3001\u3002\u300c\u300d\u300e\u300f\u3010\u3011\u3014\u3015\u3016\u3017"
)

#: Marks converted by context; ``.``, brackets and quotes have their own logic.
SIMPLE_MARKS = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
OPEN, CLOSE = "(（", ")）"
CLOSERS = frozenset("”’）》〉】」』〕")

#: Spans no mark inside may change: URLs, e-mail, domains, file names.
_URL_CHARS = r"A-Za-z0-9\-._~:/?#\[\]@!$&'*+;=%"
PROTECTED_RE = re.compile(
    # a Han path segment counts only when URL syntax follows it: /新闻?id=3
    rf"(?:https?|ftp)://[{_URL_CHARS}]+(?:[{HAN_CLASS}]+[/?#=&][{_URL_CHARS}]*)*"
    rf"|www\.[{_URL_CHARS}]+"
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
    r"|(?<![A-Za-z0-9\-])[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
    r"\.(?:com|cn|net|org|gov|edu|info|io|hk|tw|mo|jp|uk|de)(?![A-Za-z0-9])"
    r"|[A-Za-z0-9_\-]+\.(?:txt|pdf|docx?|xlsx?|pptx?|jpe?g|png|gif|zip|rar|7z|html?|csv|"
    r"json|xml|md|mp[34]|exe|py|js)(?![A-Za-z0-9])"
)
#: :data:`PROTECTED_RE` rewritten to start with a character class (the union of
#: its alternatives' first characters), each alternative then checking its own
#: first character by a lookbehind: the same matches (same alternative order,
#: same spans), but the regex engine skips in C to the next ASCII letter, digit
#: or ``._%+-`` instead of trying five alternatives at every Han character.
_PROTECTED_SCAN_RE = re.compile(
    r"[A-Za-z0-9._%+\-](?:"
    rf"(?<=h)ttps?://[{_URL_CHARS}]+(?:[{HAN_CLASS}]+[/?#=&][{_URL_CHARS}]*)*"
    rf"|(?<=f)tp://[{_URL_CHARS}]+(?:[{HAN_CLASS}]+[/?#=&][{_URL_CHARS}]*)*"
    rf"|(?<=w)ww\.[{_URL_CHARS}]+"
    r"|[A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
    r"|(?<![A-Za-z0-9\-][A-Za-z0-9\-])(?<=[A-Za-z0-9\-])[A-Za-z0-9\-]*(?:\.[A-Za-z0-9\-]+)*"
    r"\.(?:com|cn|net|org|gov|edu|info|io|hk|tw|mo|jp|uk|de)(?![A-Za-z0-9])"
    r"|(?<=[A-Za-z0-9_\-])[A-Za-z0-9_\-]*\.(?:txt|pdf|docx?|xlsx?|pptx?|jpe?g|png|gif|zip|rar|"
    r"7z|html?|csv|json|xml|md|mp[34]|exe|py|js)(?![A-Za-z0-9])"
    r")"
)
_TRAILING = ".,;:?!'"

#: Code in a sentence: a call with a string argument (``print("你好，世界")``)
#: and a string compared or assigned (``city = '北京'``). Its brackets and
#: quotes are the language's syntax, not Chinese punctuation.
_CODE_RE = re.compile(
    r"""[A-Za-z_][A-Za-z0-9_.]*\((?:"[^"\n]*"|'[^'\n]*')(?:\s*,[^()\n]*)?\)"""
    r"""|(?:[=!]=?|<>)[ \t]?(?:"[^"\n]*"|'[^'\n]*')"""
)

_HSPACE = " \t\u00a0"


def is_han(ch: str) -> bool:
    return bool(HAN_RE.match(ch))


def is_chinese(ch: str) -> bool:
    """Chinese context: a Han character or full-width punctuation."""
    return ch in CJK_PUNCT or is_han(ch)


def is_latin_or_digit(ch: str) -> bool:
    """ASCII or full-width letters and digits, and accented Latin letters."""
    if not ch:
        return False
    o = ord(ch)
    if o < 128:
        return ch.isalnum()
    if 0xFF10 <= o <= 0xFF19 or 0xFF21 <= o <= 0xFF3A or 0xFF41 <= o <= 0xFF5A:
        return True
    return 0xC0 <= o <= 0x24F and ch.isalpha()


class _Text:
    """The working copy: characters, and the protected positions (found on first use:
    most candidates are rejected by their neighbours before anyone asks)."""

    __slots__ = ("chars", "_text", "_protected")

    def __init__(self, text: str) -> None:
        self.chars = list(text)
        self._text = text
        self._protected: bytearray | None = None

    def is_protected(self, i: int, j: int | None = None) -> bool:
        if self._protected is None:
            self._protected = _protected(self._text)
        return self._protected.find(1, i, i + 1 if j is None else j) != -1

    def left(self, i: int) -> str:
        """Nearest character before ``i`` on the same line, spaces skipped ('' at line
        start, unless ``i`` opens a line that layout joins to the one before)."""
        return _chinese_before(self._text, i, self.chars)

    def right(self, i: int) -> str:
        """Nearest character after ``i`` on the same line, spaces skipped ('' at line
        end, unless the next line opens with a mark that layout glues to this one)."""
        return _chinese_after(self._text, i, self.chars)


#: A bibliographic reference (GB/T 7714: ``张三. 题名[J]. 刊名, 2020(5): 12-20.``)
#: writes its separators in ASCII by convention, Chinese or not: its whole line
#: is protected. Known by its document-type code and the ``.`` or ``//`` after it.
_REFERENCE_LINE_RE = re.compile(
    r"[^\n]*[^\s\[]\[(?:[JMNCDRSPGZA]|EB|DB|CP)(?:/(?:OL|CD|MT|DK))?\][ \t]*(?:\.|//)[^\n]*")


def _protected(text: str) -> bytearray:
    marks = bytearray(len(text))
    for m in _PROTECTED_SCAN_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in _TRAILING:
            end -= 1  # "见www.a.com." : the full stop is the sentence's
        marks[m.start():end] = b"\x01" * (end - m.start())
    # whole spans: reference lines (they hold a [) and code (a call or a comparison)
    for pattern, needs in ((_REFERENCE_LINE_RE, "["), (_CODE_RE, "(=")):
        if any(c in text for c in needs):
            for m in pattern.finditer(text):
                marks[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return marks


def _context_ok(left: str, right: str) -> bool:
    """Chinese on one side, and not letters/digits on both."""
    if is_latin_or_digit(left) and is_latin_or_digit(right):
        return False
    return is_chinese(left) or is_chinese(right)


def _positions(text: str, pattern: re.Pattern[str]) -> list[int]:
    return [m.start() for m in pattern.finditer(text)]


_MARKS_RE = re.compile(r"[,;:?!]+")
_STOP_RE = re.compile(r"\.")
_BRACKETS_RE = re.compile(r"[()（）\n]")
_QUOTES_RE = re.compile(r'["\n]')
_SQUOTES_RE = re.compile(r"['\n]")


@dataclass(slots=True)
class _Candidates:
    """Where each decider looks: found once on the input, so no decider scans
    the whole text (a clean page with ``2.1亿`` costs one regex pass)."""

    marks: list[tuple[int, int]]  # runs of ,;:?!
    stops: list[int]
    brackets: list[int]  # brackets of both widths and newlines, in order
    quotes: list[int]  # straight quotes and newlines, in order
    squotes: list[int]  # straight single quotes and newlines, in order
    pairs: list[tuple[int, int]] | None = None  # bracket pairs, found on first use

    def prune(self, chars: list[str]) -> None:
        """Forget candidates already converted: their decisions can only repeat
        what is done (a converted character never changes back)."""
        self.marks = [(i, j) for i, j in self.marks if chars[i] in SIMPLE_MARKS]
        self.stops = [i for i in self.stops if chars[i] == "."]
        if self.pairs:
            self.pairs = [(a, b) for a, b in self.pairs
                          if chars[a] != "（" or chars[b] != "）"]


def _candidates(text: str, kinds: tuple[str, ...]) -> _Candidates:
    return _Candidates(
        [m.span() for m in _MARKS_RE.finditer(text)] if "marks" in kinds else [],
        _positions(text, _STOP_RE) if "full_stop" in kinds and "." in text else [],
        _positions(text, _BRACKETS_RE) if "brackets" in kinds and (
            "(" in text or ")" in text) else [],
        _positions(text, _QUOTES_RE) if "quotes" in kinds and '"' in text else [],
        _positions(text, _SQUOTES_RE) if "single_quotes" in kinds and "'" in text else [],
    )


#: ``:)`` ``:-)`` ``:-(``: a smiley's colon is no Chinese colon.
_SMILEYS = (":)", ":-)", ":-(")
_CLOSING_QUOTES = "\"'”’"


def _english_end(text: str, i: int, j: int) -> bool:
    """The marks ``text[i:j]`` close an English phrase at its closing quote
    (``"Hello, world!"``): a Latin letter right before, a quote right after."""
    return (0 < i and j < len(text) and text[j] in _CLOSING_QUOTES
            and text[i - 1].isascii() and text[i - 1].isalpha())


def _simple_marks(t: _Text, c: _Candidates) -> Iterator[tuple[int, str]]:
    """``,;:?!`` runs in Chinese context (a run such as ``?!`` is decided as one)."""
    text = t._text
    for i, j in c.marks:
        if _english_end(text, i, j) or text.startswith(_SMILEYS, j - 1):
            continue
        if _context_ok(t.left(i), t.right(j - 1)) and not t.is_protected(i, j):
            for k in range(i, j):
                yield k, SIMPLE_MARKS.get(t.chars[k], t.chars[k])


def _full_stops(t: _Text, c: _Candidates) -> Iterator[tuple[int, str]]:
    """A lone ``.`` after Chinese that ends a sentence: it ends its line, or a
    closing quote or bracket follows it (``来了.”然后``), or a space and then
    Chinese (``来了. 然后``). Glued to the next Han character it stays: that is
    how names are written (``约翰.史密斯``), not sentences."""
    chars, n = t.chars, len(t.chars)
    for i in c.stops:
        if (i > 0 and chars[i - 1] == ".") or (i + 1 < n and chars[i + 1] == "."):
            continue  # an ellipsis "..." or a path
        left = t.left(i)
        if not (is_han(left) or left in CLOSERS or _number_after_han(chars, i)):
            continue
        j = i + 1
        while j < n and (chars[j] in _HSPACE or chars[j] in CLOSERS or chars[j] == '"'):
            j += 1
        ends = j >= n or chars[j] in "\r\n" or j > i + 1 and is_chinese(chars[j])
        if ends and j == i + 1 and j < n and chars[i - 1].isdigit() and \
                _digit_after_break(chars, j):
            continue  # a decimal point that the page width cut from its digits (0.|3%)
        if ends and not t.is_protected(i) and not _after_enumerator(chars, i):
            yield i, "。"


def _digit_after_break(chars: list[str], j: int) -> bool:
    """A single line break at ``j`` (no blank line), then a digit."""
    k = j + (2 if chars[j] == "\r" and j + 1 < len(chars) and chars[j + 1] == "\n" else 1)
    return k < len(chars) and chars[k].isdigit()


_NUMBER = frozenset("0123456789%％.,")


def _number_after_han(seq: "str | list[str]", i: int) -> bool:
    """The ``.`` at ``i`` ends a number (``20%``, ``3.5``) that a Han character
    introduces (``增长20%.``): a Chinese sentence's end, not a Latin one's."""
    j = i - 1
    while j >= 0 and seq[j] in _NUMBER:
        j -= 1
    return j < i - 1 and seq[i - 1] != "." and j >= 0 and is_han(seq[j])


#: A line opening with a Chinese enumerator (``一.``, ``第一章.``, ``3.``): its
#: ``.`` numbers a heading or an item; it ends no sentence.
_ENUMERATOR = re.compile(r"[ \t\u3000]*第?[一二三四五六七八九十百零〇0-9]{1,4}"
                         r"[章节條条款部篇编卷回]?")


def _after_enumerator(chars: list[str], i: int) -> bool:
    start = i
    while start > 0 and chars[start - 1] != "\n" and i - start <= 12:
        start -= 1
    return bool(_ENUMERATOR.fullmatch("".join(chars[start:i])))


def _bracket_pairs(chars: list[str], positions: list[int]) -> Iterator[tuple[int, int]]:
    """Matched bracket pairs of either width, within a line."""
    stack: list[int] = []
    for i in positions:
        ch = chars[i]
        if ch == "\n":
            stack.clear()
        elif ch in OPEN:
            stack.append(i)
        elif ch in CLOSE and stack:
            yield stack.pop(), i


def _pair_is_chinese(t: _Text, a: int, b: int) -> bool:
    """Does the bracket pair at ``a``..``b`` belong to Chinese text?

    Yes when it holds Han text, when one half is already full-width, or when
    Chinese stands before it (or after it, when nothing is glued before);
    never when a letter or digit is glued to the opening bracket (``f(x)``,
    ``I(yè)``) and the pair holds no Han text.
    """
    chars = t.chars
    if HAN_RE.search("".join(chars[a + 1:b])):
        return True
    if a > 0 and is_latin_or_digit(chars[a - 1]):
        return False
    if chars[a] == "（" or chars[b] == "）" or is_chinese(t.left(a)):
        return True
    open_start = a == 0 or chars[a - 1] in _HSPACE or chars[a - 1] == "\n"
    return open_start and is_chinese(t.right(b))


def _brackets(t: _Text, c: _Candidates) -> Iterator[tuple[int, str]]:
    """Half-width halves of bracket pairs that belong to Chinese text."""
    chars = t.chars
    if c.pairs is None:  # the same in every round: a conversion keeps a bracket a bracket
        c.pairs = list(_bracket_pairs(chars, c.brackets))
    for a, b in c.pairs:
        if chars[a] == "（" and chars[b] == "）":
            continue
        if not _pair_is_chinese(t, a, b) or t.is_protected(a) or t.is_protected(b):
            continue
        if chars[a] == "(":
            yield a, "（"
        if chars[b] == ")":
            yield b, "）"


def _paired_on_lines(chars: list[str], positions: list[int], mark: str
                     ) -> Iterator[list[int]]:
    """The positions of straight quote ``mark`` line by line, for the lines where
    they pair up (an even count); a position already converted is skipped."""
    line: list[int] = []
    for i in [*positions, len(chars)]:
        if i < len(chars) and chars[i] == mark:
            line.append(i)
            continue
        if i < len(chars) and chars[i] != "\n":
            continue  # a quote converted in an earlier round
        if line and len(line) % 2 == 0:
            yield line
        line = []


def _quotes(t: _Text, c: _Candidates) -> Iterator[tuple[int, str]]:
    """Straight double quotes, paired in order on a line with an even count."""
    chars = t.chars
    for line in _paired_on_lines(chars, c.quotes, '"'):
        for a, b in zip(line[::2], line[1::2]):
            inner = "".join(chars[a + 1:b])
            if not (HAN_RE.search(inner) or is_chinese(t.left(a))
                    or is_chinese(t.right(b))):
                continue
            if not (t.is_protected(a) or t.is_protected(b)):
                yield a, "“"
                yield b, "”"


def _single_quotes(t: _Text, c: _Candidates) -> Iterator[tuple[int, str]]:
    """Straight single quotes around Chinese text (``将'以教育为主'``), paired in
    order on a line with an even count. A line where one is an apostrophe (a
    letter on both sides: ``China's``) is left alone, and so is a pair with no
    Han text inside or with a letter or digit glued outside (``'AI'`` in
    English)."""
    chars = t.chars
    n = len(chars)
    for line in _paired_on_lines(chars, c.squotes, "'"):
        if any(is_latin_or_digit(chars[k - 1] if k else "")
               and is_latin_or_digit(chars[k + 1] if k + 1 < n else "") for k in line):
            continue
        for a, b in zip(line[::2], line[1::2]):
            if not HAN_RE.search("".join(chars[a + 1:b])):
                continue
            if (a and is_latin_or_digit(chars[a - 1])) or (
                    b + 1 < n and is_latin_or_digit(chars[b + 1])):
                continue
            if not (t.is_protected(a) or t.is_protected(b)):
                yield a, "‘"
                yield b, "’"


DECIDERS = {"marks": _simple_marks, "brackets": _brackets, "quotes": _quotes,
            "single_quotes": _single_quotes, "full_stop": _full_stops}


def _chinese_before(text: str, i: int, chars: list[str] | None = None) -> str:
    """Nearest character before ``i`` on its line, spaces skipped ('' at line start)."""
    seq = text if chars is None else chars
    j = i - 1
    while j >= 0 and seq[j] in _HSPACE:
        j -= 1
    return "" if j < 0 or seq[j] == "\n" else seq[j]


def _chinese_after(text: str, i: int, chars: list[str] | None = None) -> str:
    """Nearest character after ``i`` on its line, spaces skipped ('' at line end)."""
    seq = text if chars is None else chars
    j, n = i + 1, len(seq)
    while j < n and seq[j] in _HSPACE:
        j += 1
    return "" if j >= n or seq[j] in "\r\n" else seq[j]


def glued_view(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with the line breaks layout will join removed, and how to map back:
    ``(start_in_view, offset)`` per segment (an original position is the view's
    plus the offset of its segment). Punctuation width judged on this view stays
    the same after the join, so cleaning is idempotent (``一0?`` + ``。``,
    ``一(`` + ``）``, ``一`` + ``:``)."""
    if "\n" not in text:
        return text, [(0, 0)]
    parts, segs, pos, shift = [], [(0, 0)], 0, 0
    for start, end in joined_breaks(text):
        if start < pos:  # spaces already taken by the previous break
            start = pos
        parts.append(text[pos:start])
        shift += end - start
        pos = end
        segs.append((pos - shift, shift))
    if not parts:
        return text, [(0, 0)]
    parts.append(text[pos:])
    return "".join(parts), segs


def original_position(segs: list[tuple[int, int]], i: int) -> int:
    """Where position ``i`` of :func:`glued_view`'s text is in the original."""
    k = bisect.bisect_right(segs, (i, float("inf"))) - 1
    return i + segs[k][1]


def may_widen(text: str, kinds: tuple[str, ...]) -> bool:
    """False guarantees ``widen(text, kinds)`` is empty; cheap on clean text.

    :func:`widen` stops after the first round that decides nothing, so only the
    first round, on ``text`` itself, needs answering: a half-width bracket or a
    straight quote may convert; a run of ``,;:?!`` only with Chinese next to it
    on one side; a ``.`` only after a Han character or a closing mark. Substring
    tests first (``str.find`` in C); the few marks found are looked at one by one.
    """
    if "brackets" in kinds and ("(" in text or ")" in text):
        return True
    if "quotes" in kinds and '"' in text:
        return True
    if "single_quotes" in kinds and "'" in text:
        return True
    if "marks" in kinds:
        for mark in SIMPLE_MARKS:
            i = text.find(mark)
            while i != -1:
                # the neighbours of the run around i, seen from i: a mark of the
                # run is not Chinese, so skipping it only moves to the run's end
                j = i
                while j > 0 and text[j - 1] in SIMPLE_MARKS:
                    j -= 1
                k = i
                while k + 1 < len(text) and text[k + 1] in SIMPLE_MARKS:
                    k += 1
                if is_chinese(_chinese_before(text, j)) or is_chinese(_chinese_after(text, k)):
                    return True
                i = text.find(mark, k + 1)
    if "full_stop" in kinds:
        i = text.find(".")
        while i != -1:
            left = _chinese_before(text, i)
            if is_han(left) or left in CLOSERS or _number_after_han(text, i):
                return True
            i = text.find(".", i + 1)
    return False


def widen(text: str, kinds: tuple[str, ...]) -> dict[int, str]:
    """Position -> full-width mark, iterated until no decision changes."""
    cands = _candidates(text, kinds)
    if not (cands.marks or cands.stops or cands.brackets or cands.quotes or cands.squotes):
        return {}
    t = _Text(text)
    changed: dict[int, str] = {}
    for _ in range(8):  # each round can only add conversions; a few suffice
        new = {}
        for kind in kinds:
            for i, after in DECIDERS[kind](t, cands):
                if t.chars[i] != after:
                    new[i] = after
        if not new:
            break
        for i, after in new.items():
            t.chars[i] = after
        changed.update(new)
        cands.prune(t.chars)
    return changed
