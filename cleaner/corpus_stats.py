"""Corpus statistics for boilerplate by frequency: in how many documents a line occurs.

A line that recurs across many documents of one corpus is a site template
(``分享到：微信 微博``, a newsletter footer), whatever its wording; the BOI rule
``frequent_lines`` drops it. The CLI fills a :class:`CorpusStats` in a pre-pass
(``observe`` every input document), then cleans with it as ``ctx.corpus``.

Lines are normalised before hashing so that the same template counts once
whatever the width of its punctuation, its spacing, its letter case, or pinyin
annotations a conversion site added: NFKC (full-width -> ASCII), casefold, no
whitespace, no ``(pīn)`` annotations. Only a 64-bit hash of each line is kept, and
only lines up to ``max_len`` characters (longer lines are content, not
templates). Each document counts a line once.

Memory is bounded: when the table passes ``max_entries`` hashes, the rarest are
forgotten (lossy counting). ``floor`` is then the most a forgotten line may
have been undercounted by; a line seen in many documents is never forgotten
before the rare ones.

Stored as JSON (never pickle): ``save``/``load``; ``merge`` adds the counts of
statistics gathered in parallel.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
import unicodedata

from .t2s import convert
from pathlib import Path

FORMAT = "cleancorpus-corpus-stats"
VERSION = 2  # 2: the marks the scripts stage writes fold like NFKC's (_MARKS)

_INLINE_SPACE = re.compile(r"[^\S\n]+")
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,6}[1-5]?\)")
#: Marks NFKC leaves alone but the scripts stage writes for their ASCII forms
#: (SCR007's 。 and curly quotes, SCR011's dash): folded back, a line counts the
#: same before the scripts stage (the pre-pass) and after it (BOI014's lookup).
_MARKS = (("。", "."), ("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("—", "-"))


class CorpusStats:
    """Document frequency of normalised lines, by hash, with bounded memory."""

    def __init__(self, *, max_len: int = 200, max_entries: int = 1_000_000) -> None:
        self.max_len = max_len
        self.max_entries = max_entries
        self.n_docs = 0
        self.floor = 0
        self._counts: dict[int, int] = {}
        self._max: int | None = None

    # ------------------------------------------------------------ counting

    @staticmethod
    def normalise(text: str) -> str:
        """The form lines are compared in (applied to a whole text at once)."""
        text = nfkc(text).casefold()
        # a Traditional page's footer counts with its Simplified copies (convert
        # returns a text without a character to convert at the cost of needs_conversion)
        text = convert(text)
        for mark, ascii_form in _MARKS:  # str.replace scans in C; translate goes char by char
            if mark in text:
                text = text.replace(mark, ascii_form)
        return _PINYIN.sub("", text)

    def _lines(self, text: str) -> list[str]:
        """The normalised lines of ``text``, whitespace removed (one pass each)."""
        return _drop_inline_space(self.normalise(text)).split("\n")

    def _keys(self, text: str) -> set[int]:
        max_len = self.max_len
        blake2b, from_bytes = hashlib.blake2b, int.from_bytes  # _hash, without a call a line
        return {from_bytes(blake2b(line.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")
                for line in self._lines(text) if line and len(line) <= max_len}

    def observe(self, text: str) -> None:
        """Count each distinct line of one document once."""
        counts = self._counts
        for k in self._keys(text):
            counts[k] = counts.get(k, 0) + 1
        self.n_docs += 1
        self._max = None
        if len(counts) > self.max_entries:
            self._prune()

    def count(self, line: str) -> int:
        """In how many observed documents ``line`` occurs (0 if never seen)."""
        keys = self._keys(line)
        if len(keys) != 1:
            return 0
        return self._counts.get(keys.pop(), 0)

    @property
    def max_count(self) -> int:
        """The count of the most frequent line (a rule's cheap question)."""
        if self._max is None:
            self._max = max(self._counts.values(), default=0)
        return self._max

    def counts(self, lines: list[str]) -> list[int]:
        """:meth:`count` of many lines of one document, normalised together (as
        :meth:`observe` normalises a document)."""
        if any("\n" in line for line in lines):
            return [self.count(line) for line in lines]
        got = self._counts
        max_len = self.max_len
        blake2b, from_bytes = hashlib.blake2b, int.from_bytes  # _hash, without a call a line
        return [got.get(from_bytes(blake2b(n.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big"), 0)
                if n and len(n) <= max_len else 0
                for n in self._lines("\n".join(lines))]

    def __len__(self) -> int:
        return len(self._counts)

    def _prune(self) -> None:
        """Forget the rarest hashes until the table is at most half full."""
        target = self.max_entries // 2
        by_count: dict[int, int] = {}
        for n in self._counts.values():
            by_count[n] = by_count.get(n, 0) + 1
        size, cut = len(self._counts), 0
        for n in sorted(by_count):
            if size <= target:
                break
            size -= by_count[n]
            cut = n
        self._counts = {k: n for k, n in self._counts.items() if n > cut}
        self._max = None
        self.floor = max(self.floor, cut)

    def merge(self, other: CorpusStats) -> CorpusStats:
        """Add ``other``'s counts (statistics of other documents) to these."""
        if other.max_len != self.max_len:
            raise ValueError(f"cannot merge corpus statistics with max_len {other.max_len} "
                             f"into statistics with max_len {self.max_len}")
        counts = self._counts
        for k, n in other._counts.items():
            counts[k] = counts.get(k, 0) + n
        self.n_docs += other.n_docs
        self.floor += other.floor
        self._max = None
        if len(counts) > self.max_entries:
            self._prune()
        return self

    # ------------------------------------------------------------ storage

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write JSON atomically (a temp file beside it, then a rename)."""
        path = Path(path)
        data = {"format": FORMAT, "version": VERSION, "n_docs": self.n_docs,
                "max_len": self.max_len, "max_entries": self.max_entries,
                "floor": self.floor,
                "counts": {f"{k:016x}": n for k, n in self._counts.items()}}
        fd, tmp = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.",
                                   suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, separators=(",", ":"))
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> CorpusStats:
        """Read statistics written by :meth:`save`; ValueError if it is not one."""
        try:
            data = json.loads(Path(path).read_text("utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not corpus statistics (invalid JSON: {exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"{path}: not corpus statistics (format is not {FORMAT!r})")
        if data.get("version") != VERSION:
            raise ValueError(f"{path}: corpus statistics version {data.get('version')!r}; "
                             f"this cleancorpus reads version {VERSION} (delete the file: "
                             "the next run counts its inputs again)")
        stats = cls(max_len=int(data["max_len"]), max_entries=int(data["max_entries"]))
        stats.n_docs = int(data["n_docs"])
        stats.floor = int(data["floor"])
        stats._counts = {int(k, 16): int(n) for k, n in data["counts"].items()}
        return stats


@functools.cache
def _compat() -> tuple[re.Pattern[str], dict[str, str]]:
    """Every BMP character NFKC changes on its own, and what it becomes."""
    table = {}
    for cp in range(0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        n = unicodedata.normalize("NFKC", c)
        if n != c:
            table[c] = n
    return re.compile("[" + "".join(re.escape(c) for c in table) + "]"), table


@functools.cache
def _replaced_once() -> bool:
    """No NFKC form in the table holds a character of the table (so a replacement
    is never replaced again): true of every Unicode version so far."""
    table = _compat()[1]
    return not any(ch in table for n in table.values() for ch in n)


#: Distinct compatibility characters :func:`nfkc` replaces one ``str.replace`` each.
_DISTINCT = 24


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, ten times faster on Chinese text.

    Full-width punctuation fails NFKC's quick check, so CPython normalises the
    whole text the slow way. Replacing each compatibility character by its own
    NFKC form first leaves the NFKD form, hence the NFKC form, unchanged; when
    the result passes the check it is the answer, else the full call decides.

    A text holds few distinct compatibility characters (，（）；…), each many
    times: each is replaced everywhere at once (``str.replace``), found by a search
    from where the previous one was first found. As no NFKC form holds a
    character of the table (:func:`_replaced_once`), what is replaced is never
    replaced again: the result is the one of a replacement match by match. Past
    :data:`_DISTINCT` distinct characters (a table, not prose) the rest of the
    text is replaced match by match, so the time stays linear.
    """
    pattern, table = _compat()
    folded, start = text, 0
    if _replaced_once():
        for _ in range(_DISTINCT):
            m = pattern.search(folded, start)
            if m is None:
                break
            c, start = m.group(), m.start()
            folded = folded.replace(c, table[c])
        else:
            m = pattern.search(folded, start)
    else:
        m = pattern.search(folded)
    if m is not None:  # many distinct ones: match by match from here
        folded = folded[:start] + pattern.sub(lambda m: table[m.group()], folded[start:])
    if unicodedata.is_normalized("NFKC", folded):
        return folded
    return unicodedata.normalize("NFKC", text)


@functools.cache
def _inline_space() -> re.Pattern[str]:
    """:data:`_INLINE_SPACE` as a set of single characters (whitespace is all in the BMP)."""
    chars = [chr(cp) for cp in range(0x10000) if chr(cp) != "\n" and _INLINE_SPACE.match(chr(cp))]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


def _drop_inline_space(text: str) -> str:
    """``_INLINE_SPACE.sub("", text)``: each whitespace character that occurs (few
    distinct ones: the space) removed everywhere at once."""
    pattern = _inline_space()
    m = pattern.search(text)
    while m is not None:
        text = text.replace(m.group(), "")
        m = pattern.search(text, m.start())
    return text


def _hash(line: str) -> int:
    return int.from_bytes(hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest(), "big")
