"""GBK (or Big5) text that lost one byte mid-line and was decoded with
``errors="replace"`` (ENC014/ENC015, ``cleaner/stages/_mojibake_lost.py``).

The decoder reads on one byte off with no mark where the byte was lost and
writes U+FFFD where it meets a pair it cannot read, after the garbage, back in
step. The run is found back from that U+FFFD and re-paired; the start must be
proven by the bytes and the document. A U+FFFD next to clean Chinese (a lost
character, an emoji the code page lacks) keeps its neighbours: only ENC021
removes it.
"""

from __future__ import annotations

import random

import pytest

from cleaner import Pipeline, apply_edits, clean_text
from cleaner.bench import garble_encoding as G
from cleaner.stages import _mojibake_lost as L

_PIPE = Pipeline()


def lose(text: str, index: int, which: int, codec: str = "gbk") -> str:
    """``text`` with byte ``which`` (0 lead, 1 trail) of character ``index``
    lost, decoded with replacement as a scraper does."""
    data = bytearray()
    pos = 0
    for k, ch in enumerate(text):
        if k == index:
            pos = len(data) + which
        data += ch.encode(codec)
    del data[pos]
    return bytes(data).decode(codec, errors="replace")


def enc(text: str, select=("ENC",)):
    return clean_text(text, select=list(select))


def _check(src: str) -> str:
    res = enc(src)
    assert apply_edits(res.original, res.edits) == res.text
    assert enc(res.text).text == res.text  # idempotent
    full = _PIPE.clean(src, format="jsonl")
    assert apply_edits(full.original, full.edits) == full.text
    return res.text


# ---------------------------------------------------------------- the damage


def test_the_decoder_marks_the_end_not_the_start():
    garbled = lose("北京市今年将新建保障性住房五万套。", 3, 1)
    assert garbled == "北京市侥杲\ufffd新建保障性住房五万套。"


DOC = "十年来，京堰两地对口协作工作成效显著，协作工作十分扎实，今年是十周年。"


def test_run_ending_at_the_replacement_character_is_repaired():
    line = lose("京堰对口协作工作十周年回头看。", 5, 1)
    assert line == "京堰对口协坠ぷ魇\ufffd周年回头看。"
    res = enc(DOC + line)
    assert res.text == DOC + "京堰对口协作工作十周年回头看。"
    (edit,) = [e for e in res.edits if e.rule == "ENC014"]
    assert (edit.before, edit.after) == ("坠ぷ魇\ufffd", "作工作十")


def test_what_the_document_does_not_prove_is_removed_and_reported():
    line = lose("京堰对口协作工作十周年回头看。", 5, 1)
    doc = "十年来，京堰两地对口协作工作成效显著，协作工作十分扎实。"
    res = enc(doc + line)
    assert res.text == doc + "京堰对口协作工作周年回头看。"  # 十 is lost, not guessed
    (edit,) = [e for e in res.edits if e.rule == "ENC014"]
    assert edit.after == "作工作" and edit.reason == "lost-bytes"


def test_unproven_pairs_go_with_a_reason():
    line = lose("北京市今年将新建保障性住房五万套，进一步改善市民居住条件。", 11, 0)
    assert "》课逋蛱祝\ufffd" in line
    res = enc("保障性住房建设是民生工程。" + line)
    assert res.text.endswith("北京市今年将新建保障性住房进一步改善市民居住条件。")
    (edit,) = [e for e in res.edits if e.rule == "ENC014"]
    assert edit.reason == "unproven-pair"  # 五万套 re-pair, but nothing proves them


@pytest.mark.xfail(strict=True, reason="known gap: alone, nothing proves where the garbage "
                   "starts; only U+FFFD goes (ENC021), no clean character is risked")
def test_without_proof_the_garbage_is_left():
    line = lose("北京市今年将新建保障性住房五万套，进一步改善市民居住条件。", 11, 0)
    assert enc(line).text == "北京市今年将新建保障性进一步改善市民居住条件。"


def test_one_garbage_character_needs_both_halves_proven():
    """呶 = DF CE: the trail of 堰 and the lead of 为, whose trail AA the
    decoder rejected before 城. Both come back only as a pair the document
    shows between the same neighbours (十堰, 堰为, 为城)."""
    line = lose("北京专家来到十堰为城市发展献策。", 7, 0)
    assert line == "北京专家来到十呶\ufffd城市发展献策。"
    proved = "十堰为南水北调水源地，十堰为城市发展出力。"
    assert _check(proved + line) == proved + "北京专家来到十堰为城市发展献策。"
    alone = "十堰是水源地。专家为城市发展出力。"  # no 堰为: nothing is risked
    res = enc(alone + line)
    assert [e.rule for e in res.edits] == ["ENC021"]


def test_seed_document_lines():
    doc = G.clean_documents()[0]
    lines = doc.split("\n")
    k = next(i for i, line in enumerate(lines) if "对口协作工作十周年" in line)
    lines[k] = lose(lines[k], lines[k].index("协作") + 1, 1)
    assert "\ufffd" in lines[k]
    out = _check("\n".join(lines))
    assert "坠" not in out and "\ufffd" not in out
    assert "对口协作工作" in out.split("\n")[k]


# ---------------------------------------------------------------- clean text


NEAR_FFFD = [
    "国家统计局5月15日发布数据显示，4月份全国规模以上工业增加值同比增长6.7%。",
    "乾隆年间，这座瞭望塔曾是江南重要的军事设施。如今，游客可以在此凭栏远眺。",
    "彝族、畲族和仡佬族的同胞在黔东南欢聚一堂。",
    "羣衆路線，鄖陽區的彝族同胞與畲族同胞。",
    "以提高產業工人技能水平爲重點，實施企業崗位練兵。",
    "就近就業以及返鄉創業作爲推進鄉村振興、促進農民增收的重要途徑。",
    "饕餮盛宴上，耄耋老人与垂髫小儿共享天伦之乐，觥筹交错。",
    "苹果公司在发布会上推出iPhone 16系列，搭载A18芯片。",
    "他说：“这件事……我还得再想想。”——这是他最后一次公开表态。",
]


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@pytest.mark.parametrize("text", NEAR_FFFD)
def test_fffd_next_to_clean_chinese_keeps_its_neighbours(text):
    for i, ch in enumerate(text):
        if not _han(ch):
            continue
        inserted = text[:i + 1] + "\ufffd" + text[i + 1:]
        assert enc(inserted).text == text, inserted
        if 0 < i < len(text) - 1 and _han(text[i - 1]) and _han(text[i + 1]):
            lost = text[:i] + "\ufffd" + text[i + 1:]
            assert enc(lost).text == text[:i] + text[i + 1:], lost
            assert enc(text[:i] + "\ufffd\ufffd" + text[i + 1:]).text == text[:i] + text[i + 1:]


@pytest.mark.parametrize("traditional", [False, True], ids=["simplified", "traditional"])
def test_fffd_in_clean_paragraphs(traditional):
    """Every seed paragraph, folded and not, with U+FFFD after or instead of
    a Han character: only U+FFFD goes."""
    rng = random.Random(6)
    paras = G.clean_paragraphs(traditional=traditional)
    paras += [G._fold(p) for p in paras]
    for p in paras:
        spots = [i for i in range(1, len(p) - 1) if _han(p[i - 1]) and _han(p[i]) and _han(p[i + 1])]
        for i in rng.sample(spots, min(4, len(spots))):
            assert enc(p[:i + 1] + "\ufffd" + p[i + 1:]).text == p
            assert enc(p[:i] + "\ufffd" + p[i + 1:]).text == p[:i] + p[i + 1:]


@pytest.mark.parametrize("traditional", [False, True], ids=["simplified", "traditional"])
def test_fffd_in_clean_documents(traditional):
    """Whole documents (the document's own pairs are the evidence): many
    characters lost to U+FFFD, none of their neighbours touched."""
    rng = random.Random(7)
    for doc in G.clean_documents(traditional=traditional):
        spots = [i for i in range(1, len(doc) - 1)
                 if _han(doc[i - 1]) and _han(doc[i]) and _han(doc[i + 1])]
        chosen = sorted(rng.sample(spots, 40))
        chosen = [i for k, i in enumerate(chosen) if k == 0 or i > chosen[k - 1] + 1]
        damaged, want = list(doc), list(doc)
        for i in chosen:
            damaged[i] = "\ufffd"
            want[i] = ""
        res = enc("".join(damaged), ["ENC014", "ENC015", "ENC021"])
        assert res.text == "".join(want)
        assert {e.rule for e in res.edits} == {"ENC021"}


def test_a_replacement_character_outside_chinese_is_not_a_run_end():
    for text in ("Reply \ufffd now", "价格：100\ufffd元", "“lossy decoding\ufffd and"):
        assert not [e for e in enc(text).edits if e.rule in ("ENC014", "ENC015")]


# ---------------------------------------------------------------- generated damage


def test_generated_damage_every_change_has_a_record():
    cls = next(c for c in G.CLASSES if c.name == "gbk_lost_byte")
    for clean, page in G.generate(cls, 12, seed=3):
        res = enc(page)
        assert apply_edits(res.original, res.edits) == res.text
        for e in res.edits:
            if e.rule == "ENC014" and len(e.after) < len(e.before.replace("\ufffd", "")):
                assert e.reason in ("lost-bytes", "unproven-pair")


def test_the_run_is_cached_per_text():
    text = DOC + lose("京堰对口协作工作十周年回头看。", 5, 1)
    assert L.find_runs(text) is L.find_runs(text)
