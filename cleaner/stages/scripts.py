"""Script unification (SCR): one script, one width, no reading aids.

Mechanisms of ``rules/scripts.toml``, in pipeline order: strip pinyin
annotations, regional vocabulary (opt-in), Traditional -> Simplified,
full-width letters and digits, stray English connectives, punctuation width,
adjacent duplicated list items. Each one asks a cheap question first (a
substring test, one compiled regex search, one numpy lookup) and returns
nothing for text it cannot touch: clean Simplified text costs microseconds.
"""

from __future__ import annotations

import re
from typing import Collection, Iterable, Mapping

import numpy as np

from .. import pinyin_data, t2s
from ..records import Change
from ..registry import Context, builtin
from ._scripts_punct import HAN_RE, widen

# ---------------------------------------------------------------- pinyin

#: An opening bracket whose content starts like pinyin; the rest is checked in Python.
_PINYIN_OPEN_RE = re.compile("[(（](?=[a-z\u00e0-\u00fc\u0101-\u01dc\u0144\u0148\u01f9\u1e3f])")
_GROUP_RE = re.compile(r"[(（]([^()（）\n]{1,40})[)）]")
_SYLLABLE_SPLIT_RE = re.compile(r"[ '’]+")


def _syllables(content: str) -> list[tuple[str, str | None]] | None:
    """(syllable, its toneless base or None if toneless) for pinyin content, else None.

    Content is one or more syllables separated by spaces or apostrophes;
    up to four, each either tone-marked, tone-numbered or toneless pinyin.
    A tone-numbered vowel alone (``a1``, ``e2``) reads as a label, not pinyin.
    """
    parts = [p for p in _SYLLABLE_SPLIT_RE.split(content.strip()) if p]
    if not parts or len(parts) > 4:
        return None
    out: list[tuple[str, str | None]] = []
    for p in parts:
        base = pinyin_data.toned_base(p)
        if base is not None:
            if p[-1].isdigit() and len(base) < 2:
                return None
            out.append((p, base))
        elif pinyin_data.is_toneless(p):
            out.append((p, None))
        else:
            return None
    return out


@builtin("strip_pinyin")
def strip_pinyin(text: str, ctx: Context, *, toneless_min_annotations: int = 3
                 ) -> list[Change]:
    """Delete pinyin in brackets after Han characters (``網(wǎng)`` -> ``網``).

    A bracket goes only when everything in it is pinyin with a tone (mark or
    number). A toneless syllable (``(men)``, ``(a)``) could be any Latin word;
    it goes only when the document is densely annotated (at least
    ``toneless_min_annotations`` toned annotations) and the same character is
    annotated elsewhere in it with that syllable and a tone.
    """
    if "(" not in text and "（" not in text:
        return []
    toned: list[tuple[int, int]] = []
    toneless: list[tuple[int, int, str, str]] = []  # start, end, char, syllable
    readings: dict[str, set[str]] = {}
    done = 0
    for hit in _PINYIN_OPEN_RE.finditer(text):
        pos = hit.start()
        if pos < done or pos == 0 or not HAN_RE.match(text, pos - 1):
            continue
        char = text[pos - 1]
        while (m := _GROUP_RE.match(text, pos)) is not None:
            syls = _syllables(m.group(1))
            if syls is None:
                break  # a real bracket: it and what follows stay
            if all(base is not None for _, base in syls):
                toned.append((m.start(), m.end()))
                if len(syls) == 1:
                    readings.setdefault(char, set()).add(syls[0][1])  # type: ignore[arg-type]
            elif len(syls) == 1:
                toneless.append((m.start(), m.end(), char, syls[0][0]))
            else:
                break
            pos = m.end()
        done = pos
    spans = list(toned)
    if len(toned) >= toneless_min_annotations:
        spans += [(s, e) for s, e, char, syl in toneless if syl in readings.get(char, ())]
    return [Change(s, e, "") for s, e in sorted(spans)]


# ---------------------------------------------------------------- T2S

#: Changed positions closer than this (on one line) form one edit.
_EDIT_GAP = 8


def _line_starts(arr: np.ndarray) -> np.ndarray:
    return np.flatnonzero(arr == 10)


def _lines_to_convert(arr: np.ndarray, text: str, plan: t2s.Plan, scripts: t2s.Scripts
                      ) -> np.ndarray | None:
    """Line numbers to convert, or None for all; an empty array for none.

    A line is converted when it holds Traditional evidence: a Traditional-only
    character (``網``) or a phrase only Traditional text writes (``袷衣``). In a
    document with more evidence than Simplified-only characters (``网``), a
    line without either is converted too. Lines without evidence in a
    Simplified document are never touched, so OpenCC's conversions of
    characters and phrases that Simplified also writes (``乾``, ``沈默``,
    ``一坏``) cannot rewrite clean Simplified text.
    """
    trad = np.flatnonzero(scripts.traditional[arr])
    extra = [s for s, e, value in plan.kept
             if scripts.phrase_is_evidence(text[s:e], value)]
    if extra:
        trad = np.union1d(trad, np.array(extra, dtype=np.intp))
    if not trad.size:
        return np.empty(0, dtype=np.intp)
    simp = np.flatnonzero(scripts.simplified[arr])
    if not simp.size:
        return None  # evidence and no Simplified-only character: all of it
    breaks = _line_starts(arr)
    keep = np.zeros(breaks.size + 1, dtype=bool)
    if trad.size > simp.size:
        keep[:] = True
        keep[np.searchsorted(breaks, simp)] = False
    keep[np.searchsorted(breaks, trad)] = True
    return None if keep.all() else np.flatnonzero(keep)


def _conversion_changes(text: str, conv: t2s.Converter, scripts: t2s.Scripts
                        ) -> list[Change]:
    """The changes ``conv`` makes on the lines of ``text`` that are Traditional."""
    if text.isascii():
        return []
    arr = t2s.encode(text)
    if not scripts.has_evidence(arr) or not conv.needs_conversion(text, arr):
        return []
    plan = conv.plan(text, arr)
    lines = _lines_to_convert(arr, text, plan, scripts)
    if lines is not None and not lines.size:
        return []
    changed = plan.changed()
    if lines is not None:
        breaks = _line_starts(arr)
        allowed = np.zeros(breaks.size + 1, dtype=bool)
        allowed[lines] = True
        changed &= allowed[np.cumsum(arr == 10) - (arr == 10)]
    return _group_changes(changed, arr, plan)


#: A run of changed positions (1) with gaps of at most _EDIT_GAP unchanged ones
#: (0), never across a line end (2): one edit.
_RUN_RE = re.compile(rb"\x01(?:\x00{0,%d}\x01)*" % _EDIT_GAP)


def _group_changes(changed: np.ndarray, arr: np.ndarray, plan: t2s.Plan) -> list[Change]:
    """Changed positions as edits: one per stretch of nearby changes on a line.

    The mask becomes bytes and one regex finds the stretches: cheaper than a
    dozen numpy calls on a page-sized array.
    """
    mask = changed.view(np.uint8) | ((arr == 10).view(np.uint8) << 1)
    spans = [m.span() for m in _RUN_RE.finditer(mask.tobytes())]
    if plan.phrases:  # values of another length: splice per edit
        return [Change(s, e, plan.output(s, e)) for s, e in spans]
    out = plan.output()  # same offsets as the input
    return [Change(s, e, out[s:e]) for s, e in spans]


@builtin("t2s")
def traditional_to_simplified(text: str, ctx: Context, *,
                              corrections: Mapping[str, str] | None = None) -> list[Change]:
    """OpenCC t2s, phrase-correct, with ``corrections`` joining its phrase dictionary.

    Corrections (``"昇華" = "升华"``, ``"昇" = "昇"``) compete with OpenCC's
    phrases for the longest match, exactly as a newer dictionary would; a
    table rule running before conversion would instead win even against a
    longer OpenCC phrase and leave Simplified output for OpenCC to re-convert.
    """
    conv = t2s.get_converter("t2s", corrections)
    return _conversion_changes(text, conv, t2s.get_scripts(corrections))


@builtin("opencc_regional")
def regional_vocabulary(text: str, ctx: Context, *, region: str) -> list[Change]:
    """Taiwan or Hong Kong usage to mainland usage (``軟體`` -> ``軟件``), still Traditional.

    OpenCC's tw2sp/hk2s chains run this group before t2s; as a rule of its
    own before the t2s rule, the result is the same chain.
    """
    conv = t2s.get_converter(region)
    return _conversion_changes(text, conv, t2s.get_scripts())


# ---------------------------------------------------------------- width

_PUNCT_GATE_RE = re.compile(r'[,;:?!.()"]')
_FULLWIDTH_ALNUM_RE = re.compile("[０-９Ａ-Ｚａ-ｚ]+")
_HALFWIDTH = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                      *range(0xFF41, 0xFF5B)]}


@builtin("fullwidth_alnum")
def fullwidth_alnum(text: str, ctx: Context) -> list[Change]:
    """Full-width Latin letters and digits to ASCII (``２０２４`` -> ``2024``)."""
    if text.isascii():
        return []
    return [Change(m.start(), m.end(), m.group().translate(_HALFWIDTH))
            for m in _FULLWIDTH_ALNUM_RE.finditer(text)]


@builtin("han_punctuation")
def han_punctuation(text: str, ctx: Context, *,
                    kinds: Iterable[str] = ("marks", "brackets", "quotes", "full_stop")
                    ) -> list[Change]:
    """Half-width punctuation in Chinese context to full-width (see _scripts_punct)."""
    if text.isascii() or not _PUNCT_GATE_RE.search(text) or not HAN_RE.search(text):
        return []
    changed = widen(text, tuple(kinds))
    return [Change(i, i + 1, after) for i, after in sorted(changed.items())]


# ---------------------------------------------------------------- Latin words


#: A run of Latin letters (or &): a candidate word, looked up as a whole.
_LATIN_RUN_RE = re.compile(r"[A-Za-z&]+")


def _between_han(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span from just after a Han character before ``start`` (spaces and tabs
    between) to just before one after ``end``; None unless Han on both sides."""
    a = start
    while a > 0 and text[a - 1] in " \t":
        a -= 1
    b = end
    while b < len(text) and text[b] in " \t":
        b += 1
    if a == 0 or b == len(text) or not HAN_RE.match(text, a - 1) or not HAN_RE.match(text, b):
        return None
    return a, b


@builtin("latin_connectives")
def latin_connectives(text: str, ctx: Context, *, table: Mapping[str, str],
                      report: Collection[str] = ()) -> list[Change]:
    """English connectives between Han characters, from ``table`` (``and`` -> ``和``).

    Words in ``report`` have no one translation (``of``, ``for``, ``in``): they
    are not guessed but listed in ``ctx.metadata["unhandled_latin"]``.
    """
    if text.isascii() or not any(w[:1] in text for words in (table, report) for w in words):
        return []  # substring tests: cheaper than any regex scan of a Chinese page
    out, found = [], []
    for m in _LATIN_RUN_RE.finditer(text):
        word = m.group()
        if word not in table and word not in report:
            continue
        span = _between_han(text, m.start(), m.end())
        if span is None:
            continue
        if word in table:
            out.append(Change(span[0], span[1], table[word]))
        else:
            found.append({"rule": ctx.rule_id, "word": word, "start": m.start()})
    if found and ctx.metadata is not None:
        ctx.metadata.setdefault("unhandled_latin", []).extend(found)
    return out


# ---------------------------------------------------------------- duplicates

#: A quoted or titled item repeated at once, optionally after 、: “工匠杯”“工匠杯”.
_QUOTED_REPEAT_RE = re.compile(
    r"(?P<item>“(?P<a>[^“”\n]{2,40})”|《(?P<b>[^《》\n]{2,40})》|「(?P<c>[^「」\n]{2,40})」)"
    r"(?P<rep>(?:、?(?P=item))+)")
_QUOTED_JOINT_RE = re.compile("[”》」]、?[“《「]")
_SENTENCE_PUNCT = frozenset("，。！？；：…!?,;:")

#: What may follow a bare list item: the next item or the end of the list.
_ITEM_END = frozenset("、，。；）”\n")


@builtin("dedupe_quoted_items")
def dedupe_quoted_items(text: str, ctx: Context) -> list[Change]:
    """Drop exact repeats of a quoted list item right after it."""
    if not _QUOTED_JOINT_RE.search(text):
        return []
    out = []
    for m in _QUOTED_REPEAT_RE.finditer(text):
        inner = m.group("a") or m.group("b") or m.group("c")
        if any(c in _SENTENCE_PUNCT for c in inner):
            continue  # “快！”“快！” is dialogue, not a list
        out.append(Change(m.start("rep"), m.end("rep"), "", reason="duplicate list item"))
    return out


def _repeat_at(text: str, p: int) -> int:
    """Length of the item X when ``text[p]`` is the 、 of ``X、X``, else 0.

    X is 2-12 Han characters, the longest that fits; the repeat must end the
    list or be followed by the next item. Triples (发展、发展、发展) and
    rhetorical repeats (学习、学习、再学习) are not slips: 0.
    """
    first = text[p + 1:p + 2]
    if not first or not HAN_RE.match(first):
        return 0
    j = text.find(first, max(0, p - 12), p - 1)
    while j != -1:
        size = p - j
        item = text[j:p]
        if (text.startswith(item, p + 1) and all(HAN_RE.match(c) for c in item)
                and (p + 1 + size == len(text) or text[p + 1 + size] in _ITEM_END)):
            after = text[p + 1 + size:p + 3 + size]
            tripled = (text.startswith("、" + item, p + 1 + size)
                       or (j > size and text[j - 1 - size:j] == item + "、"))
            if tripled or after in ("、再", "、又"):
                return 0
            return size
        j = text.find(first, j + 1, p - 1)
    return 0


@builtin("dedupe_list_items")
def dedupe_list_items(text: str, ctx: Context) -> list[Change]:
    """Drop an exact repeat of a bare 、-separated item right after it."""
    out = []
    p = text.find("、")
    while p != -1:
        size = _repeat_at(text, p)
        if size:
            out.append(Change(p, p + 1 + size, "", reason="duplicate list item"))
            p = text.find("、", p + 1 + size)
        else:
            p = text.find("、", p + 1)
    return out
