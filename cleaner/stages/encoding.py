"""Encoding repair (ENC010+): mojibake and lost characters, each class its own rule.

Two families of damage:

- What ftfy knows (UTF-8 read as Windows-1252/Latin-1/MacRoman..., HTML
  entities, C1 controls, surrogate pairs, terminal escapes). Each rule runs ftfy
  with an explicit :class:`ftfy.TextFixerConfig` in which only its own fixer is
  on, so each fix is attributed to its own rule id; ftfy's defaults that damage
  Chinese (folding full-width punctuation, straightening curly quotes, NFC/NFKC,
  ligatures) are never on. ftfy works per line; each changed line is narrowed to
  its changed span so an edit shows what changed.
- What ftfy does not: Chinese double-byte mojibake (``_mojibake_shift`` for GBK
  or Big5 read one byte off after a lost byte's mark, ``_mojibake_lost`` for
  such a run that ends at the U+FFFD of a decoder with replacement,
  ``_mojibake_cjk`` for UTF-8 read as GBK/Big5 and
  GBK/Big5 read as Latin-1), and a symbol lost to ``?`` (``Copyright ?``).

Every mechanism first asks :func:`suspects`: one compiled ``re`` search over
the code points any of these repairs starts from, done once per text and shared
by all the rules (the engine hands each rule the same text object until one
edits it). Clean Chinese has none of them, so it costs one scan (~300 MB/s for
all the rules together; ftfy's own ``is_bad`` runs at ~18 MB/s).

``fixer = "surrogates"`` (ftfy's ``fix_surrogates``) is available to rule
files but not shipped: a TOML example cannot hold a lone surrogate.
"""

from __future__ import annotations

import re
from typing import Iterator

import ftfy
from ftfy import TextFixerConfig

from ..records import Change
from ..registry import Context, builtin
from . import _mojibake_cjk, _mojibake_cross, _mojibake_lost, _mojibake_shift

# ---------------------------------------------------------------- ftfy

#: Everything off: the base every rule's config starts from.
_FTFY_OFF = TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_encoding=False,
    restore_byte_a0=False, replace_lossy_sequences=False, decode_inconsistent_utf8=False,
    fix_c1_controls=False, fix_latin_ligatures=False, fix_character_width=False,
    uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=False,
    remove_control_chars=False, normalization=None, explain=True,
)

#: Rule param ``fixer`` -> the kind of damage it needs (see :func:`suspects`).
FIXER_NEEDS = {"encoding": "latin", "html": "amp", "c1_controls": "latin",
               "surrogates": "surrogate", "terminal_escapes": "esc"}

#: Rule param ``fixer`` -> the ftfy options it turns on.
FTFY_FIXERS: dict[str, dict[str, object]] = {
    # UTF-8 decoded as a single-byte code page; its sub-steps (a space that was
    # a no-break space, lossy "?" sequences, mixed mojibake) belong to it.
    "encoding": dict(fix_encoding=True, restore_byte_a0=True, replace_lossy_sequences=True,
                     decode_inconsistent_utf8=True),
    # "auto": entities are decoded unless the line has "<" (then it is HTML source).
    "html": dict(unescape_html="auto"),
    "c1_controls": dict(fix_c1_controls=True),
    "surrogates": dict(fix_surrogates=True),
    "terminal_escapes": dict(remove_terminal_escapes=True),
}


def ftfy_config(fixer: str) -> TextFixerConfig:
    """The explicit config of one ftfy rule: only ``fixer`` on."""
    return _FTFY_OFF._replace(**FTFY_FIXERS[fixer])  # type: ignore[arg-type]


# Gates: the code points each fixer's damage is made of. For UTF-8 mojibake
# every damaged sequence starts with a UTF-8 lead byte read as a single-byte
# code page: a Latin-1 letter, Latin Extended, Greek, Cyrillic, box drawing,
# or one of the Windows-1252/MacRoman symbols. Left out on purpose, because
# Chinese text uses them and they never start a sequence: · × ÷ ° ± and the
# curly quotes, dashes and ellipsis.
_MOJIBAKE_GATE = re.compile(
    "[\u0080-\u00af\u00b2-\u00b6\u00b8-\u00d6\u00d8-\u00f6\u00f8-\u024f\u02c6-\u02dd"
    "\u0370-\u04ff\u2500-\u259f\u201a\u201e\u2020\u2021\u2030\u2039\u203a\u20ac\u2122"
    "\u0192\u2202\u2206\u220f\u2211\u221a\u221e\u222b\u2248\u2260\u2264\u2265\u25ca"
    "\ufb01\ufb02\uf8ff]"
)
#: Every code point a repair of this module may start from, in one class, and
#: the kind of damage each points to. Clean Chinese text has none of them, so
#: one search serves every rule (UTF-8 read as GBK starts from a character
#: made of a UTF-8 lead and a continuation byte; Traditional text has some
#: of those, and ENC016 then looks for the pair its damage always shows).
_SUSPECT = re.compile(_MOJIBAKE_GATE.pattern[:-1] + "&\x1b?\ufffd\ud800-\udfff"
                      + _mojibake_cjk.UTF8_LEAD_CHARS["gbk"] + "]")
_KIND_OF = {"?": "mark", "\ufffd": "fffd", "&": "amp", "\x1b": "esc"}
_UTF8_LEAD = _mojibake_cjk.UTF8_LEAD_SET["gbk"]
_BIG5_LEAD = _mojibake_cjk.UTF8_LEAD_SET["big5"]
_PAIR_NEXT = _mojibake_cjk.UTF8_PAIR_NEXT
#: Two more kinds answer the gates of ENC016/ENC017 (``UTF8_GATE``) in the
#: same scan: ``utf8pair`` (a UTF-8 lead+continuation character of GBK, then
#: a continuation+lead one or U+FFFD) and ``big5lead`` (Big5's reading of a
#: UTF-8 lead and a continuation byte).
_ALL_KINDS = frozenset({"mark", "fffd", "amp", "esc", "surrogate", "utf8", "latin",
                        "utf8pair", "big5lead"})
#: Inside a character class: the code points that show each kind.
_KIND_CLASS = {
    "mark": "?", "fffd": "\ufffd", "amp": "&", "esc": "\x1b", "surrogate": "\ud800-\udfff",
    "utf8": _mojibake_cjk.UTF8_LEAD_CHARS["gbk"], "latin": _MOJIBAKE_GATE.pattern[1:-1],
    "big5lead": _mojibake_cjk.UTF8_LEAD_CHARS["big5"],
}
_PAIR_NEXT_CLASS = _mojibake_cjk.UTF8_PAIR_NEXT_CHARS
#: Search pattern for the kinds not seen yet (compiled on first need).
_SCANS: dict[frozenset[str], re.Pattern[str] | None] = {}
#: (text, kinds) of the last text looked at. The engine hands every rule the
#: same text object until one of them edits it.
_last: list[tuple[str | None, frozenset[str]]] = [(None, frozenset())]


def _scan_for(missing: frozenset[str]) -> re.Pattern[str] | None:
    """One pattern for every code point that shows a kind in ``missing``.
    Once ``utf8`` is seen but ``utf8pair`` is not, a lead character counts
    only when a continuation one or U+FFFD follows it."""
    if missing in _SCANS:
        return _SCANS[missing]
    others = "".join(_KIND_CLASS[k] for k in sorted(missing)
                     if k in _KIND_CLASS and not (k == "utf8" and "utf8pair" in missing))
    lead = _KIND_CLASS["utf8"]
    if "utf8pair" in missing and "utf8" in missing:
        pattern: re.Pattern[str] | None = re.compile("[" + others + lead + "]")
    elif "utf8pair" in missing:
        pair = "(?=[" + _PAIR_NEXT_CLASS + "])"
        pattern = re.compile("[" + others + lead + "](?:(?<=[" + others + "])|" + pair + ")"
                             if others else "[" + lead + "]" + pair)
    else:
        pattern = re.compile("[" + others + "]") if others else None
    _SCANS[missing] = pattern
    return pattern


# The scans almost every text needs (nothing seen yet; a lead character seen,
# with or without its pair), compiled at import rather than in a document.
for _seen in ((), ("utf8",), ("utf8", "utf8pair")):
    _scan_for(_ALL_KINDS - frozenset(_seen))


def suspects(text: str) -> frozenset[str]:
    """The kinds of damage ``text`` may have: ``mark`` (``?``), ``fffd``,
    ``amp``, ``esc``, ``surrogate``, ``utf8`` (UTF-8 read as GBK), ``latin``
    (Latin-1 and code-page symbols), and ``utf8pair``/``big5lead`` (what
    UTF-8 read as GBK/Big5 always shows). Empty for clean Chinese text.

    One search finds the first code point of a kind not seen yet; after each
    new kind the search goes on with a pattern for the kinds still missing,
    so the text is scanned about once, whatever it holds."""
    seen, kinds = _last[0]
    if text is seen:
        return kinds
    found: set[str] = set()
    missing = _ALL_KINDS
    scan = _scan_for(missing)
    pos = 0
    while scan is not None:
        m = scan.search(text, pos)
        if m is None:
            break
        pos = m.start()
        ch = text[pos]
        kind = _KIND_OF.get(ch)
        if kind is None:
            if "\ud800" <= ch <= "\udfff":
                kind = "surrogate"
            elif ch in _UTF8_LEAD:
                kind = "utf8"
                if text[pos + 1:pos + 2] in _PAIR_NEXT:
                    found.add("utf8pair")
            elif _MOJIBAKE_GATE.match(ch):
                kind = "latin"
        if kind is not None:
            found.add(kind)
            if kind == "fffd":
                found.add("mark")
        if ch in _BIG5_LEAD:
            found.add("big5lead")
        pos += 1
        if len(found) + len(missing) != len(_ALL_KINDS):
            missing = _ALL_KINDS - found
            scan = _scan_for(missing)
    kinds = frozenset(found)
    _last[0] = (text, kinds)
    return kinds


_GATES: dict[str, re.Pattern[str]] = {
    "encoding": _MOJIBAKE_GATE,
    "html": re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?"),
    "c1_controls": re.compile("[\u0080-\u009f]"),
    "surrogates": re.compile("[\ud800-\udfff]"),
    "terminal_escapes": re.compile("\x1b"),
}


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line without its newline) for every line of ``text``."""
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def narrow(start: int, before: str, after: str) -> Change | None:
    """The smallest change turning ``before`` (at ``start``) into ``after``:
    the common prefix and suffix are trimmed off."""
    if before == after:
        return None
    p = 0
    limit = min(len(before), len(after))
    while p < limit and before[p] == after[p]:
        p += 1
    s = 0
    while s < limit - p and before[-1 - s] == after[-1 - s]:
        s += 1
    return Change(start + p, start + len(before) - s, after[p:len(after) - s])


def _ftfy_line(line: str, fixer: str, config: TextFixerConfig) -> str:
    """One line through ftfy; the explanation says whether the fixer acted."""
    if fixer == "encoding":
        fixed, steps = ftfy.fix_encoding_and_explain(line, config)
    else:
        fixed, steps = ftfy.fix_and_explain(line, config)
    return fixed if steps else line


@builtin("ftfy_fix")
def ftfy_fix(text: str, ctx: Context, fixer: str = "encoding") -> list[Change]:
    """Run one ftfy fixer over the lines that may need it."""
    gate = _GATES[fixer]
    if FIXER_NEEDS[fixer] not in suspects(text) or not gate.search(text):
        return []
    config = ftfy_config(fixer)
    out = []
    for start, line in _lines(text):
        if not gate.search(line):
            continue
        fixed = _ftfy_line(line, fixer, config)
        if fixer == "c1_controls" and fixed != line and \
                _ftfy_line(fixed, "encoding", ftfy_config("encoding")) != fixed:
            # Windows-1252 letters for the controls would read as fresh mojibake
            # (``\x8e¤`` -> ``Ž¤`` -> ``ޤ``): the controls are not text, leave them
            continue
        change = narrow(start, line, fixed)
        if change is not None:
            out.append(change)
    return out


# ---------------------------------------------------------------- Chinese mojibake


@builtin("dbcs_misaligned")
def dbcs_misaligned(text: str, ctx: Context, family: str = "gbk") -> list[Change]:
    """GBK or Big5 text read one byte off (``高?!鞍l(fā)榜”`` -> ``高校“發榜”``),
    also where a byte was lost unmarked and U+FFFD ends the run (``协坠ぷ魇\ufffd``
    -> ``协作工作``): a text with U+FFFD is looked at even without a mark."""
    kinds = suspects(text)
    if "mark" not in kinds or "fffd" not in kinds and not _mojibake_shift.CANDIDATE.search(text):
        return []
    out: list[Change] = []
    for run in _mojibake_lost.find_runs(text):
        if run.family == family:
            out.extend(_mojibake_shift.run_changes(run))
    return out


@builtin("utf8_read_as_dbcs")
def utf8_read_as_dbcs(text: str, ctx: Context, family: str = "gbk") -> list[Change]:
    """UTF-8 text decoded as GBK or Big5 (``鍖椾含`` -> ``北京``)."""
    # GBK's reading starts from a lead+continuation character; Big5's always has U+FFFD.
    kinds = suspects(text)
    if ("utf8" if family == "gbk" else "fffd") not in kinds:
        return []
    if "utf8pair" not in kinds and "big5lead" not in kinds:
        return []  # neither reading's gate (UTF8_GATE) can match
    return _mojibake_cjk.utf8_read_as(text, family, gated=True)


@builtin("dbcs_read_as_latin1")
def dbcs_read_as_latin1(text: str, ctx: Context, family: str = "gbk") -> list[Change]:
    """GBK or Big5 text decoded as Latin-1/Windows-1252 (``±±¾©`` -> ``北京``)."""
    if "latin" not in suspects(text):
        return []
    return _mojibake_cjk.dbcs_read_as_latin1(text, family)


@builtin("dbcs_read_as_other")
def dbcs_read_as_other(text: str, ctx: Context, family: str = "gbk") -> list[Change]:
    """GBK text decoded as Big5, or Big5 text decoded as GBK or GB18030
    (``※褪撮斐陔`` -> ``“科技创新``); lost pairs become U+FFFD for ENC021."""
    if text.isascii():
        return []
    return _mojibake_cross.cross_read(text, family)


# ---------------------------------------------------------------- markup

#: HTML elements that end a block (a line break in text) and inline ones (nothing).
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li nav ol p pre section table tbody td tfoot th thead tr ul".split())
_INLINE_TAGS = frozenset(
    "a abbr b big cite code del em font i iframe img input ins label mark meta link small "
    "source span strike strong sub sup u video audio button select option".split())
_TAG_NAMES = "|".join(sorted(_BLOCK_TAGS | _INLINE_TAGS, key=len, reverse=True))
_ATTRS = r"""(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"<>\n]{0,300}"|'[^'<>\n]{0,300}'|[^\s"'<>]{1,300}))?){0,20}"""
#: A tag of a known element (raw or entity-escaped), a comment, or a script or
#: style element with its content.
_MARKUP = re.compile(
    r"(?i)<(?:script|style)\b[^<>]{0,300}>.{0,20000}?</(?:script|style)\s*>"
    r"|<!--.{0,2000}?-->"
    rf"|<(/?)({_TAG_NAMES})\b{_ATTRS}\s*/?>"
    rf"|&lt;(/?)({_TAG_NAMES})\b{_ATTRS}\s*/?&gt;",
    re.DOTALL)


@builtin("html_markup")
def html_markup(text: str, ctx: Context, *, min_tags: int = 2) -> list[Change]:
    """Markup a scraper left in the text: tags go (block tags become a line
    break, inline ones nothing, their content stays), comments and script or
    style elements go whole. A page needs ``min_tags`` of them: one ``<b>`` may
    be a comparison or an article about HTML."""
    if "<" not in text and "&lt;" not in text:
        return []
    found = list(_MARKUP.finditer(text))
    if len(found) < min_tags:
        return []
    out = []
    n = len(text)
    for m in found:
        name = (m.group(2) or m.group(4) or "").lower()
        if not name:
            out.append(Change(m.start(), m.end(), "", "markup"))
            continue
        a, b = m.span()
        # a block ends a line, unless a line already ends there (or the text does)
        brk = name in _BLOCK_TAGS and 0 < a and b < n and text[a - 1] != "\n" \
            and text[b] != "\n"
        out.append(Change(a, b, "\n" if brk else ""))
    return out


# ---------------------------------------------------------------- lost symbols

#: A ``?`` where an encoder without the symbol replaced it, in the few contexts
#: that prove which symbol it was: a copyright notice (``Copyright ? 2001``,
#: ``? 2001-2025 ... All Rights Reserved``, ``版权所有 ? 2024``).
_LOST_SYMBOLS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)(?<=copyright)(\s*)\?(?=\s*(?:\d{4}|[A-Za-z\u4e00-\u9fff]))"), "©"),
    (re.compile(r"(?<=版权所有)(\s*)\?(?=\s*\d{4})|(?<=版權所有)(\s*)\?(?=\s*\d{4})"), "©"),
    (re.compile(r"(?im)(?:^|(?<=\s))\?(?=\s*\d{4}(?:\s*[-–]\s*\d{4})?\s.{0,80}?"
                r"(?:all rights reserved|版权所有|版權所有))"), "©"),
)


def _has_copyright(text: str) -> bool:
    """A copyright notice is near (plain substring tests: no case-folding regex)."""
    return any(w in text for w in ("opyright", "OPYRIGHT", "ights", "IGHTS", "版权所有",
                                   "版權所有"))


@builtin("lost_symbol")
def lost_symbol(text: str, ctx: Context) -> list[Change]:
    """A ``?`` that stands for a symbol an encoder could not write (``©``)."""
    if "mark" not in suspects(text) or not _has_copyright(text):
        return []
    out: dict[int, Change] = {}
    for pattern, symbol in _LOST_SYMBOLS:
        for m in pattern.finditer(text):
            q = text.index("?", m.start())
            out.setdefault(q, Change(q, q + 1, symbol))
    return [out[k] for k in sorted(out)]

