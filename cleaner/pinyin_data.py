"""The Hanyu Pinyin syllable inventory, built from data: initials x finals.

Conversion sites annotate characters with their reading (``網(wǎng)``); a
bracket is an annotation only when everything in it is a real syllable, so the
inventory must be exact. It is built from :data:`FINALS_BY_INITIAL` (the
standard pinyin chart: which finals each initial takes) by :func:`_build_*`
functions, in three spellings:

- tone marks on the vowel the orthography puts them on (``wǎng``, ``lüè``),
- tone numbers 1-5 after the syllable, with ``ü`` also written ``v`` or ``u:``
  (``wang3``, ``lv4``),
- toneless (``men``): a neutral tone looks like any Latin word, so callers
  accept it only with other proof.
"""

from __future__ import annotations

from functools import lru_cache

#: The pinyin chart: initial -> the finals it combines with (GB/T 16159 table;
#: "" is the zero initial, where ``y``/``w`` spellings are listed whole).
FINALS_BY_INITIAL: dict[str, str] = {
    "": "a o e ai ei ao ou an en ang eng er ya yo ye yao you yan yin yang ying yong yi yu "
        "yue yuan yun wa wo wai wei wan wen wang weng wu",
    "b": "a o ai ei ao an en ang eng i ie iao ian in ing u",
    "p": "a o ai ei ao ou an en ang eng i ie iao ian in ing u",
    "m": "a o e ai ei ao ou an en ang eng i ie iao iu ian in ing u",
    "f": "a o ei ou an en ang eng u",
    "d": "a e ai ei ao ou an en ang eng ong i ia ie iao iu ian ing u uo ui uan un",
    "t": "a e ai ei ao ou an ang eng ong i ie iao ian ing u uo ui uan un",
    "n": "a e ai ei ao ou an en ang eng ong i ie iao iu ian in iang ing u uo uan un ü üe",
    "l": "a o e ai ei ao ou an ang eng ong i ia ie iao iu ian in iang ing u uo uan un ü üe",
    "g": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "k": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "h": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "j": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "q": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "x": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "zh": "a e i ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "ch": "a e i ai ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "sh": "a e i ai ei ao ou an en ang eng u ua uo uai ui uan un uang",
    "r": "e i ao ou an en ang eng ong u ua uo ui uan un",
    "z": "a e i ai ei ao ou an en ang eng ong u uo ui uan un",
    "c": "a e i ai ao ou an en ang eng ong u uo ui uan un",
    "s": "a e i ai ao ou an en ang eng ong u uo ui uan un",
}

#: Syllables without a vowel (interjections 嗯 ńg, 呣 ḿ): the tone sits on the n or m.
NASAL_SYLLABLES = ("n", "ng", "m")

#: Tone 1-4 forms of each letter that can carry a mark (tone 5 is unmarked).
TONE_MARKS: dict[str, str] = {
    "a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "ü": "ǖǘǚǜ",
    "n": "\u0144\u0148\u01f9", "m": "\u1e3f",  # ń ň ǹ (no precomposed n̄), ḿ
}


def _build_toneless() -> frozenset[str]:
    """Every toneless syllable of the chart, ``ü`` spelled as ``ü``."""
    out = {initial + final for initial, finals in FINALS_BY_INITIAL.items()
           for final in finals.split()}
    return frozenset(out | set(NASAL_SYLLABLES))


def _mark_position(syllable: str) -> int:
    """Where the tone mark goes: a or e; the o of ou; else the last vowel."""
    for v in "ae":
        if v in syllable:
            return syllable.index(v)
    if "ou" in syllable:
        return syllable.index("ou")
    vowels = [i for i, c in enumerate(syllable) if c in "iouü"]
    if vowels:
        return vowels[-1]
    return 0  # n, ng, m


def _build_marked(toneless: frozenset[str]) -> dict[str, str]:
    """Tone-marked spelling -> toneless syllable (tone 5 is the toneless spelling)."""
    out: dict[str, str] = {}
    for syl in toneless:
        pos = _mark_position(syl)
        for mark in TONE_MARKS.get(syl[pos], ""):
            out[syl[:pos] + mark + syl[pos + 1:]] = syl
    return out


def _build_numbered(toneless: frozenset[str]) -> dict[str, str]:
    """Tone-numbered spelling (``wang3``, ``lv4``, ``lu:4``) -> toneless syllable."""
    out: dict[str, str] = {}
    for syl in toneless:
        spellings = {syl, syl.replace("ü", "v"), syl.replace("ü", "u:")}
        for spelled in spellings:
            for tone in "12345":
                out[spelled + tone] = syl
    return out


@lru_cache(maxsize=1)
def inventory() -> tuple[frozenset[str], dict[str, str], dict[str, str]]:
    """(toneless syllables, marked -> toneless, numbered -> toneless), built once."""
    toneless = _build_toneless()
    return toneless, _build_marked(toneless), _build_numbered(toneless)


def toned_base(syllable: str) -> str | None:
    """The toneless syllable of a tone-marked or tone-numbered syllable, else None."""
    _, marked, numbered = inventory()
    return marked.get(syllable) or numbered.get(syllable)


def is_toneless(syllable: str) -> bool:
    """True for a syllable of the chart written without a tone."""
    return syllable in inventory()[0]
