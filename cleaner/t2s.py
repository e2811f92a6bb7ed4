"""Traditional -> Simplified conversion with OpenCC's dictionaries, vectorised.

The package ``opencc-python-reimplemented`` (module ``opencc``) is the reference:
for every input, :meth:`Converter.convert` returns exactly what
``OpenCC("t2s").convert`` returns. Only the way its dictionaries are applied
changes; the dictionaries themselves are read from the installed package.

How the package converts (read in ``site-packages/opencc/opencc.py``):

1. The text is split at separators (whitespace runs and CJK/ASCII punctuation);
   no match ever crosses a separator.
2. A conversion chain is a list of *groups*; each group is a list of
   dictionaries. Within a segment, the first dictionary of a group picks the
   longest key occurring *anywhere* in the segment (leftmost on ties), replaces
   it, and recurses into the text left and right of it; only pieces that no key
   of that dictionary matched go on to the next dictionary of the group. A key
   with several values takes the first. Groups run one after the other on the
   joined output.

Two facts make this vectorisable. No dictionary key contains a separator, so a
key occurrence always lies inside one segment and segmentation never changes
the result (keys that do contain one can never match and are dropped). And the
recursive "longest anywhere, then the remainders" choice equals a greedy pass
over all occurrences ordered by (length descending, start ascending) that keeps
each occurrence not overlapping one already kept. Single-character keys only
apply to characters no longer key covers: a table lookup over a numpy array of
code points. Multi-character keys are rare (277 in t2s) and are found through a
two-character prefix filter, so only their few candidates are handled in Python.

Converters are immutable once built, built lazily once per configuration under
a lock, and safe to share between threads.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np

#: Code points a table covers: all of Unicode.
_SPAN = 0x110000

#: OpenCC's sentence separators (PhraseExtract.cpp, used by the package's
#: ``split_chars_re``) besides whitespace: no dictionary key may contain one.
_SEPARATORS = frozenset(
    "-,.?!*\u3000，。、；：？！…“”‘’『』「」﹁﹂—－（）《》〈〉～．／＼︒︑︔︓︿﹀︹︺︙︐［﹇］﹈︕︖︰︳︴︽︾︵︶｛︷｝︸﹃﹄【︻】︼"
)

#: Dictionary files of each conversion: a chain of groups, as in the package's
#: ``config/*.json``. ``tw``/``hk`` are the regional groups that run *before*
#: t2s (Taiwan/Hong Kong usage to mainland usage, still in Traditional script).
CHAINS: dict[str, tuple[tuple[str, ...], ...]] = {
    "t2s": (("TSPhrases.txt", "TSCharacters.txt"),),
    "tw": (("TWPhrasesRev.txt", "TWVariantsRevPhrases.txt", "TWVariantsRev.txt"),),
    "tw-variants": (("TWVariantsRevPhrases.txt", "TWVariantsRev.txt"),),
    "hk": (("HKVariantsRevPhrases.txt", "HKVariantsRev.txt"),),
}


def is_separator(ch: str) -> bool:
    """True for a character at which the package splits its input."""
    return ch in _SEPARATORS or ch.isspace()


# ---------------------------------------------------------------- dictionaries


def _dictionary_dir() -> Path:
    try:
        import opencc
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ImportError("Traditional->Simplified conversion needs the package "
                          "opencc-python-reimplemented: pip install "
                          "opencc-python-reimplemented") from exc
    return Path(opencc.__file__).resolve().parent / "dictionary"


def _load_dictionary(name: str) -> dict[str, str]:
    """One dictionary file as the package reads it: later lines win, first value used."""
    table: dict[str, str] = {}
    with open(_dictionary_dir() / name, encoding="utf-8") as f:
        for line in f:
            fields = line.strip().split("\t")
            if len(fields) != 2 or not fields[0]:
                continue
            key, value = fields
            if any(is_separator(c) for c in key):
                continue  # split away before matching: can never apply
            table[key] = value.split(" ")[0]
    return table


# ---------------------------------------------------------------- steps


@dataclass(frozen=True, slots=True)
class _PhraseStep:
    """The keys of two or more characters of one dictionary.

    Candidates come from one numpy lookup (positions whose character starts a
    key); each is then checked against the second characters and the key
    lengths that first character allows, so a miss costs two dict lookups.
    """

    table: Mapping[str, str]
    first: np.ndarray  # bool per code point: starts some key
    index: Mapping[str, tuple[frozenset[str], tuple[int, ...]]]  # first char ->
    # (second characters, key lengths longest first)

    def occurrences(self, arr: np.ndarray, text: str) -> list[tuple[int, int, str]]:
        """Every (-length, start, value) of a key occurring in ``text``."""
        if arr.size < 2:
            return []
        starts = np.flatnonzero(self.first[arr[:-1]])
        if not starts.size:
            return []
        found = []
        table, index, size = self.table, self.index, arr.size
        for i in starts.tolist():
            seconds, lengths = index[text[i]]
            if text[i + 1] not in seconds:
                continue
            for n in lengths:
                if i + n > size:
                    continue  # a shorter slice could equal a shorter key
                value = table.get(text[i:i + n])
                if value is not None:
                    found.append((-n, i, value))
        return found


@dataclass(frozen=True, slots=True)
class _CharStep:
    """The single-character keys of one or more consecutive dictionaries.

    A key whose value is longer than one character (``埠 -> 端口``) keeps its
    own code point in ``table`` and is listed in ``long`` instead.
    """

    table: np.ndarray  # uint32 per code point: its value, itself when no key
    keys: np.ndarray  # bool per code point: is a key
    long: Mapping[int, str]  # code point -> value of several characters
    long_mask: np.ndarray  # bool per code point: in ``long``


def _build_phrase_step(table: dict[str, str]) -> _PhraseStep:
    first = np.zeros(_SPAN, dtype=bool)
    seconds: dict[str, set[str]] = {}
    lengths: dict[str, set[int]] = {}
    for key in table:
        first[ord(key[0])] = True
        seconds.setdefault(key[0], set()).add(key[1])
        lengths.setdefault(key[0], set()).add(len(key))
    first.flags.writeable = False
    index = {c: (frozenset(seconds[c]), tuple(sorted(lengths[c], reverse=True)))
             for c in seconds}
    return _PhraseStep(dict(table), first, index)


def _build_char_step(tables: Sequence[dict[str, str]]) -> _CharStep:
    """Merge single-character dictionaries; an earlier one wins (it matched first)."""
    values = np.arange(_SPAN, dtype=np.uint32)
    keys = np.zeros(_SPAN, dtype=bool)
    long: dict[int, str] = {}
    for table in reversed(tables):
        for key, value in table.items():
            code = ord(key)
            keys[code] = True
            if len(value) == 1:
                values[code] = ord(value)
                long.pop(code, None)
            else:
                values[code] = code
                long[code] = value
    long_mask = np.zeros(_SPAN, dtype=bool)
    long_mask[list(long)] = True
    for a in (values, keys, long_mask):
        a.flags.writeable = False
    return _CharStep(values, keys, long, long_mask)


def _build_steps(group: Sequence[dict[str, str]]) -> list[_PhraseStep | _CharStep]:
    """A group's dictionaries as alternating phrase and character steps.

    Within one dictionary the longest key wins, so its multi-character keys
    come before its single characters. Character steps with no phrase step
    between them never compete for a position and merge into one table.
    """
    steps: list[_PhraseStep | _CharStep] = []
    pending: list[dict[str, str]] = []
    for table in group:
        multi = {k: v for k, v in table.items() if len(k) > 1}
        single = {k: v for k, v in table.items() if len(k) == 1}
        if multi:
            if pending:
                steps.append(_build_char_step(pending))
                pending = []
            steps.append(_build_phrase_step(multi))
        if single:
            pending.append(single)
    if pending:
        steps.append(_build_char_step(pending))
    return steps


# ---------------------------------------------------------------- converter


@dataclass(frozen=True, slots=True)
class Plan:
    """What conversion does to one text, in the text's own code-point offsets.

    ``mapped`` holds the converted code points wherever conversion keeps the
    length; ``phrases`` the (start, end, value) of the kept keys whose value
    has another length (``埠 -> 端口``), spliced in by :meth:`output`; ``kept``
    every kept multi-character key (and long value) that changes something.
    """

    arr: np.ndarray
    mapped: np.ndarray
    phrases: tuple[tuple[int, int, str], ...]
    kept: tuple[tuple[int, int, str], ...]  # every kept key that changes something

    def changed(self) -> np.ndarray:
        """Bool per input position: does conversion change it."""
        diff = self.mapped != self.arr
        for s, e, _ in self.phrases:
            diff[s:e] = True
        return diff

    def output(self, start: int = 0, end: int | None = None) -> str:
        """The converted text of input span [start, end) (phrases never straddle it)."""
        end = self.arr.size if end is None else end
        pos, parts = start, []
        for s, e, value in self.phrases:
            if e <= start or s >= end:
                continue
            parts.append(_decode(self.mapped[pos:s]))
            parts.append(value)
            pos = e
        parts.append(_decode(self.mapped[pos:end]))
        return "".join(parts)


class Converter:
    """One conversion group with optional corrections; immutable and thread-safe."""

    def __init__(self, group: Sequence[dict[str, str]]) -> None:
        self._steps = _build_steps(group)
        self.gate = _build_gate(group)

    def needs_conversion(self, text: str, arr: np.ndarray | None = None) -> bool:
        """False guarantees ``convert(text) == text``: no character that starts a change."""
        if text.isascii():
            return False
        return bool(self.gate[encode(text) if arr is None else arr].any())

    def convert(self, text: str) -> str:
        """The package's result for ``text``."""
        if text.isascii():
            return text
        arr = encode(text)
        if not self.gate[arr].any():
            return text
        return self.plan(text, arr).output()

    def plan(self, text: str, arr: np.ndarray | None = None) -> Plan:
        """Run the steps on ``text`` (``arr``: its code points, if already encoded)."""
        if arr is None:
            arr = encode(text)
        covered: bytearray | None = None
        mapped = arr
        phrases: list[tuple[int, int, str]] = []
        for k, step in enumerate(self._steps):
            last = k == len(self._steps) - 1
            if isinstance(step, _PhraseStep):
                found = step.occurrences(arr, text)
                if found:
                    if covered is None:
                        covered = bytearray(arr.size)
                    _keep_greedy(found, covered, text, phrases)
            elif covered is None and last and not step.long:
                mapped = step.table[arr]  # the common case: one table lookup
            else:
                if covered is None:
                    covered = bytearray(arr.size)
                mapped = _apply_chars(step, arr, mapped, covered, last, phrases)
        return _settle(arr, mapped, phrases)


def _settle(arr: np.ndarray, mapped: np.ndarray, phrases: list[tuple[int, int, str]]) -> Plan:
    """Write same-length phrase values into ``mapped``; keep the others to splice.

    Then ``mapped != arr`` shows exactly which characters a phrase changes
    (``乾隆年間`` changes only ``間``), and edits can start inside a phrase.
    """
    spliced = []
    for s, e, value in phrases:
        if len(value) == e - s:
            if mapped is arr or not mapped.flags.writeable:
                mapped = mapped.copy()
            mapped[s:e] = encode(value)
        else:
            spliced.append((s, e, value))
    spliced.sort()
    return Plan(arr, mapped, tuple(spliced), tuple(sorted(phrases)))


def _keep_greedy(found: list[tuple[int, int, str]], covered: bytearray, text: str,
                 phrases: list[tuple[int, int, str]]) -> None:
    """Longest first, leftmost on ties, skipping anything overlapping a kept key."""
    found.sort()
    for neg, s, value in found:
        e = s - neg
        if covered.find(1, s, e) >= 0:
            continue
        covered[s:e] = b"\x01" * (e - s)
        if value != text[s:e]:
            phrases.append((s, e, value))


def _apply_chars(step: _CharStep, arr: np.ndarray, mapped: np.ndarray, covered: bytearray,
                 last: bool, phrases: list[tuple[int, int, str]]) -> np.ndarray:
    """Map every position no key has covered yet; mark them covered unless last."""
    cov = np.frombuffer(covered, dtype=bool)
    hit = step.keys[arr] & ~cov
    out = np.where(hit, step.table[arr], mapped)
    if step.long:
        for i in np.flatnonzero(hit & step.long_mask[arr]).tolist():
            phrases.append((i, i + 1, step.long[int(arr[i])]))
    if not last:
        np.frombuffer(covered, dtype=np.uint8)[hit] = 1
    return out


def _build_gate(group: Sequence[dict[str, str]]) -> np.ndarray:
    """Characters without which no key that changes something can occur.

    A single-character key that changes is its own gate. A phrase that changes
    something needs one of its characters in the gate (``沈默 -> 沉默``: neither
    character changes alone): nothing is added when the phrase already holds a
    gated character, else its first changing character is.
    """
    gate = np.zeros(_SPAN, dtype=bool)
    for table in group:
        for key, value in table.items():
            if len(key) == 1 and key != value:
                gate[ord(key)] = True
    for table in group:
        for key, value in table.items():
            if len(key) > 1 and key != value and not any(gate[ord(c)] for c in key):
                pos = next((i for i, (a, b) in enumerate(zip(key, value)) if a != b), 0)
                gate[ord(key[pos])] = True
    gate.flags.writeable = False
    return gate


def encode(text: str) -> np.ndarray:
    """The code points of ``text`` (lone surrogates included) as uint32."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _decode(codes: np.ndarray) -> str:
    return codes.tobytes().decode("utf-32-le", "surrogatepass")


# ---------------------------------------------------------------- script evidence


@dataclass(frozen=True, slots=True)
class Scripts:
    """What proves a text Traditional or Simplified, from the dictionaries alone.

    ``traditional``: characters conversion changes that never appear in any
    conversion output (``網``; not ``乾``, which stays in ``乾隆``).
    ``simplified``: conversion outputs that are no key (``网``).
    ``attested``: outputs of the character table, i.e. characters Simplified
    text writes on their own (``沈`` from ``瀋``, ``坏`` from ``壞``).
    """

    traditional: np.ndarray
    simplified: np.ndarray
    attested: np.ndarray
    gate: np.ndarray  # traditional, plus what a phrase needs to be evidence

    def has_evidence(self, arr: np.ndarray) -> bool:
        """False guarantees the text holds no Traditional evidence (one lookup)."""
        return bool(self.gate[arr].any())

    def phrase_is_evidence(self, key: str, value: str) -> bool:
        """A phrase proves Traditional text when a character it changes is never
        written alone in Simplified (``袷衣 -> 夹衣``), unlike ``一坏 -> 一坯`` or
        ``沈默 -> 沉默``, whose characters are all Simplified."""
        if len(key) == len(value):
            changed = [a for a, b in zip(key, value) if a != b]
        else:
            changed = list(key)
        return any(not self.attested[ord(c)] for c in changed)


def _build_scripts(group: Sequence[dict[str, str]], base: Sequence[dict[str, str]]
                   ) -> Scripts:
    """Evidence tables of ``group``; ``attested`` from the package's own ``base``.

    A correction that keeps a character (``昇 = 昇``, for names) does not make
    it a character Simplified writes in ordinary words: ``昇華`` stays evidence.
    """
    changing: set[str] = set()
    outputs: set[str] = set()
    keys: set[str] = set()
    for table in group:
        for key, value in table.items():
            outputs.update(value)
            keys.update(key)
            if len(key) == 1 and key != value:
                changing.add(key)
    char_outputs = {v for table in base for k, v in table.items() if len(k) == 1}
    gate = changing - outputs
    for table in group:
        for key, value in table.items():
            if len(key) > 1 and key != value:
                pairs = zip(key, value) if len(key) == len(value) else ((c, "") for c in key)
                gate.update(a for a, b in pairs if a != b and a not in char_outputs)
    tables = []
    for chars in (changing - outputs, outputs - keys, char_outputs, gate):
        a = np.zeros(_SPAN, dtype=bool)
        a[[ord(c) for c in chars]] = True
        a.flags.writeable = False
        tables.append(a)
    return Scripts(*tables)


# ---------------------------------------------------------------- lazy cache

_LOCK = threading.Lock()
_DICTS: dict[str, dict[str, str]] = {}
_CONVERTERS: dict[tuple, Converter] = {}
_SCRIPTS: dict[tuple, Scripts] = {}


def _dictionary(name: str) -> dict[str, str]:
    if name not in _DICTS:
        _DICTS[name] = _load_dictionary(name)
    return _DICTS[name]


def _group(chain: str, corrections: Mapping[str, str] | None) -> list[dict[str, str]]:
    if chain not in CHAINS or len(CHAINS[chain]) != 1:
        raise ValueError(f"unknown conversion {chain!r} (known: {', '.join(CHAINS)})")
    group = [_dictionary(name) for name in CHAINS[chain][0]]
    if corrections:
        group[0] = {**group[0], **validate_corrections(corrections)}
    return group


def validate_corrections(corrections: Mapping[str, str]) -> dict[str, str]:
    """Corrections join the group's first dictionary; each must be usable there."""
    out = {}
    for key, value in corrections.items():
        if not isinstance(key, str) or not isinstance(value, str) or not key or not value:
            raise ValueError(f"correction {key!r} = {value!r}: both must be non-empty strings")
        if any(is_separator(c) for c in key):
            raise ValueError(f"correction {key!r}: a key cannot hold a separator "
                             "(space or punctuation); conversion never matches across one")
        if len(key) == 1 and len(value) != 1:
            raise ValueError(f"correction {key!r}: a single character maps to one character")
        out[key] = value
    return out


def _cache_key(chain: str, corrections: Mapping[str, str] | None) -> tuple:
    return (chain, tuple(sorted((corrections or {}).items())))


#: (kind, chain, id(corrections)) -> (corrections, built object). Rules pass the
#: same params dict on every call; hashing its sorted items each time would cost
#: more than checking a clean page. The dict is held here, so its id stays unique.
_BY_ID: dict[tuple[str, str, int], tuple[object, object]] = {}


def _by_id(kind: str, chain: str, corrections: Mapping[str, str] | None,
           build: Callable[[], Any]) -> Any:
    slot = (kind, chain, id(corrections))
    hit = _BY_ID.get(slot)
    if hit is not None and hit[0] is corrections:
        return hit[1]
    built = build()
    if len(_BY_ID) < 256:
        _BY_ID[slot] = (corrections, built)
    return built


def get_converter(chain: str = "t2s", corrections: Mapping[str, str] | None = None
                  ) -> Converter:
    """The converter for ``chain`` plus ``corrections``, built once (thread-safe)."""
    return _by_id("converter", chain, corrections,
                  lambda: _cached(_CONVERTERS, _cache_key(chain, corrections),
                                  lambda: Converter(_group(chain, corrections))))


def get_scripts(corrections: Mapping[str, str] | None = None) -> Scripts:
    """Script evidence of the t2s dictionaries plus ``corrections``, built once."""
    return _by_id("scripts", "t2s", corrections,
                  lambda: _cached(_SCRIPTS, _cache_key("t2s", corrections),
                                  lambda: _build_scripts(_group("t2s", corrections),
                                                         _group("t2s", None))))


def _cached(cache: dict, key: tuple, build: Callable[[], Any]) -> Any:
    value = cache.get(key)
    if value is None:
        with _LOCK:
            value = cache.get(key)
            if value is None:
                value = cache[key] = build()
    return value


def convert(text: str) -> str:
    """``OpenCC("t2s").convert(text)``, fast."""
    return get_converter().convert(text)


def needs_conversion(text: str) -> bool:
    """False guarantees :func:`convert` returns ``text`` unchanged."""
    return get_converter().needs_conversion(text)
