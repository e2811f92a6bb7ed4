"""Seeded encoding damage on clean Chinese paragraphs, and how much ENC repairs.

``python -m cleaner.bench.garble_encoding`` prints, per damage class, the share
of damaged characters the encoding stage gives back, the characters it emits
that were not in the clean text, and the share of clean paragraphs it changes
(must be 0). ``tests/test_encoding_generated.py`` holds floors on these.

Clean paragraphs come from the seeds without encoding damage (000, 003, 004);
Traditional ones are their OpenCC ``s2t`` conversion. Each class imitates what
a real page does, byte for byte:

- ``utf8_as_cp1252``/``utf8_as_latin1``: UTF-8 read as a single-byte page (ftfy's class);
- ``html_entities``: characters written as ``&#NNNNN;``/``&ldquo;``;
- ``utf8_as_gbk``/``utf8_as_gb18030``/``utf8_as_big5``: UTF-8 read as a Chinese
  code page, undecodable bytes replaced by U+FFFD;
- ``gbk_as_latin1``/``gbk_as_cp1252``/``big5_as_latin1``: the reverse mix-up;
- ``gbk_misaligned``/``big5_misaligned``: a lead byte lost, the page decoder
  reads on one byte off (``?`` for what it cannot decode, consuming one byte or,
  before ASCII, sometimes two; user-defined pairs decoded to private use and
  then dropped), and, on some pages, full-width punctuation folded to ASCII;
- ``gbk_lost_byte``/``gbk_lost_byte_trad``/``big5_lost_byte``: one byte of a
  two-byte character lost in the middle of a line and the page decoded with
  Python's codec and ``errors="replace"``: the rest of the line is read one
  byte off, with no mark where the byte was lost, until an ASCII byte or an
  invalid pair (U+FFFD, often *after* the garbage) puts the decoder back in step;
- ``lost_symbol``: a copyright line written by an encoder without ``©``.
"""

from __future__ import annotations

import argparse
import difflib
import html
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

#: Where the seeds are: next to the package in a checkout, else in the
#: working directory (an installed package runs from the project root).
SEED_DIRS = (Path(__file__).resolve().parents[2] / "seeds", Path.cwd() / "seeds")
SEED_FILES = ("000_84e5a0de3c430b6f.txt", "003_6ea8189872a35dcf.txt", "004_b7a6837eb00bd7b9.txt")
#: The encoding repair rules measured (hygiene, ENC001-009, is not).
REPAIR_RULES = tuple(f"ENC{n:03d}" for n in range(10, 25))

#: clean paragraph, random source -> (the clean text to compare with, the garbled text)
Garbler = Callable[[str, random.Random], tuple[str, str]]


# ---------------------------------------------------------------- clean text


def clean_documents(*, traditional: bool = False, root: Path | None = None) -> list[str]:
    """The clean seed documents (Traditional: their OpenCC ``s2t`` conversion)."""
    seeds = root / "seeds" if root else next((d for d in SEED_DIRS if d.is_dir()), SEED_DIRS[0])
    docs = [(seeds / name).read_text("utf-8") for name in SEED_FILES]
    if traditional:
        import opencc
        conv = opencc.OpenCC("s2t")
        docs = [conv.convert(d) for d in docs]
    return docs


def _is_paragraph(line: str, min_han: int) -> bool:
    return sum("\u4e00" <= c <= "\u9fff" for c in line) >= min_han


def clean_paragraphs(*, traditional: bool = False, min_han: int = 12,
                     root: Path | None = None) -> list[str]:
    """Lines of the clean seeds with at least ``min_han`` Han characters."""
    return [line.strip() for doc in clean_documents(traditional=traditional, root=root)
            for line in doc.splitlines() if _is_paragraph(line, min_han)]


# ---------------------------------------------------------------- garblers


def _sloppy_cp1252(data: bytes) -> str:
    """Windows-1252 as browsers decode it: unassigned bytes become C1 controls."""
    return "".join(bytes([b]).decode("cp1252", errors="replace") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                   else chr(b) for b in data)


def _encodable(text: str, codec: str) -> str:
    """Drop characters ``codec`` cannot write (a page in it never had them)."""
    return "".join(c for c in text if _can(c, codec))


def _can(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def utf8_as(codec: str) -> Garbler:
    def garble(text: str, rng: random.Random) -> tuple[str, str]:
        data = text.encode("utf-8")
        if codec == "cp1252":
            return text, _sloppy_cp1252(data)
        return text, data.decode(codec, errors="replace")
    return garble


def dbcs_as(codec: str, single: str) -> Garbler:
    def garble(text: str, rng: random.Random) -> tuple[str, str]:
        text = _encodable(text, codec)
        data = text.encode(codec)
        return text, _sloppy_cp1252(data) if single == "cp1252" else data.decode("latin-1")
    return garble


def dbcs_as_dbcs(true: str, read: str) -> Garbler:
    """A GBK page decoded as Big5, or a Big5 page as GBK / GB18030 (with replacement)."""
    def garble(text: str, rng: random.Random) -> tuple[str, str]:
        text = _encodable(text, true)
        return text, text.encode(true).decode(read, errors="replace")
    return garble


def html_entities(text: str, rng: random.Random) -> tuple[str, str]:
    return text, _entities(text, rng)


def _entities(text: str, rng: random.Random) -> str:
    """About a fifth of the characters as numeric references, quotes as names."""
    out = []
    for ch in text:
        if ch in "“”‘’—…" and rng.random() < 0.8:
            out.append(html.escape(ch, quote=False) if ch == "&" else
                       "&" + {"“": "ldquo", "”": "rdquo", "‘": "lsquo", "’": "rsquo",
                              "—": "mdash", "…": "hellip"}[ch] + ";")
        elif not ch.isascii() and rng.random() < 0.2:
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def page_decode(data: bytes, codec: str, rng: random.Random) -> str:
    """Decode like a page that meets bad bytes: ``?`` for a pair it cannot read
    (one byte consumed, or two when the second is ASCII and the decoder
    swallows it), private-use characters (user-defined pairs) dropped."""
    out = []
    i = 0
    n = len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        if i + 1 < n:
            try:
                ch = data[i:i + 2].decode(codec)
            except UnicodeDecodeError:
                ch = ""
            if len(ch) == 1:
                if not "\ue000" <= ch <= "\uf8ff":
                    out.append(ch)
                i += 2
                continue
        out.append("?")
        i += 2 if i + 1 < n and data[i + 1] < 0x80 and rng.random() < 0.5 else 1
    return "".join(out)


def _fold(text: str) -> str:
    """Full-width forms to ASCII, as some sites do to every page."""
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)


def misaligned(codec: str, *, runs: int = 2) -> Garbler:
    """Lose the lead byte of ``runs`` characters (each with a trail byte >= 0x80,
    else the decoder is back in step at once) and decode the rest as a page."""
    def garble(text: str, rng: random.Random) -> tuple[str, str]:
        text = _encodable(text, codec)
        starts = []
        pos = 0
        for ch in text:
            data = ch.encode(codec)
            if len(data) == 2 and data[1] >= 0x80 and pos > 0:
                starts.append(pos)
            pos += len(data)
        data = bytearray(text.encode(codec))
        for p in rng.sample(starts, min(runs, len(starts))):
            data[p] = 0xFF
        return text, page_decode(bytes(data), "gb18030" if codec == "gbk" else codec, rng)
    return garble


def lost_byte(codec: str) -> Garbler:
    """Lose one byte (the lead or the trail) of a two-byte character away from
    the line's ends and decode with ``errors="replace"``, as a scraper does."""
    def garble(text: str, rng: random.Random) -> tuple[str, str]:
        text = _encodable(text, codec)
        spots = []
        pos = 0
        for k, ch in enumerate(text):
            data = ch.encode(codec)
            if len(data) == 2 and 2 <= k < len(text) - 2:
                spots.extend((pos, pos + 1))
            pos += len(data)
        data = bytearray(text.encode(codec))
        if spots:
            del data[rng.choice(spots)]
        return text, bytes(data).decode(codec, errors="replace")
    return garble


def lost_symbol(text: str, rng: random.Random) -> tuple[str, str]:
    """A copyright footer written by an encoder without ``©``."""
    year = rng.randint(1998, 2024)
    owner = text[:rng.randint(4, 10)]
    line = rng.choice([f"Copyright © {year}-2025 {owner} All Rights Reserved",
                       f"© {year} {owner} 版权所有", f"版权所有 © {year} {owner}"])
    return line, line.encode("gbk", errors="replace").decode("gbk")


@dataclass(frozen=True)
class DamageClass:
    """One kind of damage. ``in_document``: the damaged paragraph stays inside
    its whole document, as on a real page, so the repair can use what the rest
    of the document shows (the misalignment repair needs that proof)."""

    name: str
    garble: Garbler
    traditional: bool = False
    in_document: bool = False


CLASSES: tuple[DamageClass, ...] = (
    DamageClass("utf8_as_cp1252", utf8_as("cp1252")),
    DamageClass("utf8_as_latin1", utf8_as("latin-1")),
    DamageClass("html_entities", html_entities),
    DamageClass("utf8_as_gbk", utf8_as("gbk")),
    DamageClass("utf8_as_gb18030", utf8_as("gb18030")),
    DamageClass("utf8_as_big5", utf8_as("cp950"), traditional=True),
    DamageClass("gbk_as_latin1", dbcs_as("gbk", "latin-1")),
    DamageClass("gbk_as_cp1252", dbcs_as("gbk", "cp1252")),
    DamageClass("big5_as_latin1", dbcs_as("cp950", "latin-1"), traditional=True),
    DamageClass("gbk_as_big5", dbcs_as_dbcs("gbk", "cp950")),
    DamageClass("big5_as_gbk", dbcs_as_dbcs("cp950", "gbk"), traditional=True),
    DamageClass("big5_as_gb18030", dbcs_as_dbcs("cp950", "gb18030"), traditional=True),
    DamageClass("gbk_misaligned", misaligned("gbk"), in_document=True),
    DamageClass("gbk_misaligned_trad", misaligned("gbk"), traditional=True, in_document=True),
    DamageClass("big5_misaligned", misaligned("cp950"), traditional=True, in_document=True),
    DamageClass("gbk_lost_byte", lost_byte("gbk"), in_document=True),
    DamageClass("gbk_lost_byte_trad", lost_byte("gbk"), traditional=True, in_document=True),
    DamageClass("big5_lost_byte", lost_byte("cp950"), traditional=True, in_document=True),
    DamageClass("lost_symbol", lost_symbol),
)


def generate(cls: DamageClass, n: int, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` (clean, garbled) pairs of one class, the same for the same seed."""
    rng = random.Random(f"{cls.name}:{seed}")
    if not cls.in_document:
        paras = clean_paragraphs(traditional=cls.traditional)
        return [cls.garble(paras[k % len(paras)], rng) for k in range(n)]
    codec = "cp950" if "big5" in cls.name else "gbk"
    docs = [_encodable(d, codec) for d in clean_documents(traditional=cls.traditional)]
    slots = [(d, i) for d, doc in enumerate(docs)
             for i, line in enumerate(doc.split("\n")) if _is_paragraph(line, 12)]
    out = []
    for k in range(n):
        d, i = slots[k % len(slots)]
        lines = docs[d].split("\n")
        lines[i] = cls.garble(lines[i], rng)[1]
        clean, page = docs[d], "\n".join(lines)
        if rng.random() < 0.5:  # a site that folds full-width punctuation to ASCII
            clean, page = _fold(clean), _fold(page)
        out.append((clean, page))
    return out


# ---------------------------------------------------------------- measuring


def _matched(a: str, b: str) -> int:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in sm.get_matching_blocks())


def _kept_positions(a: str, b: str) -> set[int]:
    """Positions of ``b`` that match ``a``."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return {j + k for i, j, size in sm.get_matching_blocks() for k in range(size)}


@dataclass
class Figures:
    """Per class: damaged characters, how many came back, what is wrong after."""

    name: str
    paragraphs: int = 0
    chars: int = 0
    damaged: int = 0
    restored: int = 0
    #: characters the repair emitted that the clean text does not have there
    made: int = 0
    #: garbage the repair left in place
    left: int = 0
    clean_changed: int = 0

    @property
    def recovered(self) -> float:
        return self.restored / self.damaged if self.damaged else 1.0

    @property
    def made_rate(self) -> float:
        """Wrong characters the repair made, per damaged character."""
        return self.made / self.damaged if self.damaged else 0.0

    @property
    def left_rate(self) -> float:
        """Garbage characters left in place, per damaged character."""
        return self.left / self.damaged if self.damaged else 0.0


def repair(text: str) -> str:
    """The encoding stage as the library runs it (hygiene included)."""
    from cleaner import clean_text
    return clean_text(text, select=["ENC"]).text


def repair_only(text: str) -> str:
    """The encoding repair rules alone (ENC010+), for the clean-text check."""
    from cleaner import clean_text
    return clean_text(text, select=list(REPAIR_RULES)).text


def clean_variants(text: str, rng: random.Random) -> list[tuple[str, str]]:
    """Clean texts that look a little like damage, each with what the repair
    must make of it: the text, its full-width punctuation folded to ASCII
    (pages do that), a version with ASCII question marks mid-paragraph (all
    three unchanged), and one with a Han character lost to U+FFFD, which
    ENC021 removes while its neighbours stay."""
    folded = _fold(text)
    marks = list(folded)
    commas = [i for i, c in enumerate(marks) if c == ","]
    for i in rng.sample(commas, min(2, len(commas))):
        marks[i] = "?"
    out = [(text, text), (folded, folded), ("".join(marks), "".join(marks))]
    han = [i for i in range(1, len(text) - 1) if _is_han(text[i - 1]) and _is_han(text[i + 1])]
    if han:
        i = rng.choice(han)
        out.append((text[:i] + "\ufffd" + text[i + 1:], text[:i] + text[i + 1:]))
    return out


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def measure(cls: DamageClass, n: int = 60, seed: int = 0, *, hygiene: bool = True) -> Figures:
    """Repair ``n`` garbled paragraphs of ``cls`` and count what came back:
    with the whole encoding stage (``hygiene``), or the repair rules alone."""
    fig = Figures(cls.name)
    fix = repair if hygiene else repair_only
    for clean, garbled in generate(cls, n, seed):
        fixed = fix(garbled)
        base = _matched(clean, garbled)
        good = _kept_positions(clean, fixed)
        from_page = _kept_positions(garbled, fixed)
        fig.paragraphs += 1
        fig.chars += len(clean)
        fig.damaged += len(clean) - base
        fig.restored += max(0, len(good) - base)
        for j in range(len(fixed)):
            if j not in good:
                if j in from_page:
                    fig.left += 1
                else:
                    fig.made += 1
        rng = random.Random(f"clean:{seed}:{fig.paragraphs}")
        if any(repair_only(v) != want for v, want in clean_variants(clean, rng)):
            fig.clean_changed += 1
    return fig


def check_speed(mb: float = 20.0) -> dict[str, float]:
    """MB/s (UTF-8 bytes) of the encoding repair on clean text, per rule and in
    all: each mechanism called directly, as the engine calls it, on the clean
    seed documents repeated to about ``mb`` megabytes (one text per document,
    as a corpus run sees them)."""
    import time

    from cleaner.registry import Context
    from cleaner.rules import RuleSet

    docs = clean_documents() + clean_documents(traditional=True)
    reps = max(1, int(mb * 1e6 / sum(len(d.encode()) for d in docs)))
    texts = [(d + " ")[:-1] for d in docs for _ in range(reps)]  # distinct objects, as in a run
    nbytes = sum(len(t.encode()) for t in texts)
    rules = [r for r in RuleSet.load().rules if r.id in REPAIR_RULES]
    ctx = Context()
    spent = {r.id: 0.0 for r in rules}
    clock = time.perf_counter
    for t in texts:  # as the engine runs them: every rule on one text, then the next
        for rule in rules:
            t0 = clock()
            rule.find(t, ctx)
            spent[rule.id] += clock() - t0
    out = {rid: nbytes / 1e6 / dt for rid, dt in spent.items()}
    out["all"] = nbytes / 1e6 / sum(spent.values())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cleaner.bench.garble_encoding")
    ap.add_argument("-n", type=int, default=60, help="paragraphs per class")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-hygiene", action="store_true",
                    help="run the repair rules ENC010+ without the hygiene rules ENC001-009")
    ap.add_argument("--speed", action="store_true",
                    help="measure the repair rules on clean text (MB/s) instead")
    ap.add_argument("classes", nargs="*", help="class names (default: all)")
    args = ap.parse_args(argv)
    if args.speed:
        for rid, rate in check_speed().items():
            print(f"{rid:8} {rate:10.0f} MB/s")
        return 0
    chosen = [c for c in CLASSES if not args.classes or c.name in args.classes]
    print(f"{'class':22} {'samples':>7} {'damaged':>8} {'recovered':>9} {'wrong':>6} "
          f"{'left':>6} {'clean changed':>13}")
    for cls in chosen:
        f = measure(cls, args.n, args.seed, hygiene=not args.no_hygiene)
        print(f"{f.name:22} {f.paragraphs:7d} {f.damaged:8d} {f.recovered:9.1%} "
              f"{f.made_rate:6.1%} {f.left_rate:6.1%} {f.clean_changed / f.paragraphs:13.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
