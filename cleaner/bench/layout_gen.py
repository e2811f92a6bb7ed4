"""Seeded generator and measurement for stage 3 (boilerplate + layout).

``python -m cleaner.bench.layout_gen [--docs N] [--seed S] [--seeds DIR]``

Documents are built from the seeds' body paragraphs (clean prose), then damaged
the way pages damage text: paragraphs broken at random points (some with an
image slot and its caption landing inside the sentence), captions after image
slots with and without photo credits, bylines under the title, sidebar runs of
very short lines, site footers. Half the documents use the blank-line layout
(image slots as runs of blank lines), the other half one paragraph per line.

:func:`measure` cleans them with the BOI and LAY rules and reports the share of
breaks rejoined, of captions / bylines / footers / sidebars dropped, of headings
kept as paragraphs of their own, and of body paragraphs (whole, or either half of
a broken one) wrongly dropped, or glued to another paragraph (targets 0).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

#: Headings of the seeds: short lines without end punctuation.
HEADINGS = (
    "清泓润京 智泽车城", "乘战略东风 擦亮协作共赢名片", "借“最强大脑” 赋能产业向“新”发展",
    "拓就业新路 谱写外输内拓新篇", "因水结缘，开展村村协作", "以水为媒，干部互派挂职",
    "饮水思源，加强人才协作", "循绩辨才 激励青年干部担当作为", "引育留用 打造创新人才成长闭环",
    "产教融合 为产业发展培养能工巧匠", "淬才强技 筑梦车城", "创新培育机制",
    "促成产业人才“双向奔赴”", "创新竞技平台", "唱响匠心筑梦奋进之歌", "创新服务保障",
    "照亮职工技能成才之路",
)
#: Picture captions as the seeds print them (and a few in their style).
CAPTIONS = (
    "举行北京·十堰劳务协作座谈会", "北京·十堰劳务协作专场招聘会吸引众多求职者",
    "北京·湖北（鄂西）建筑行业劳务协作工作站揭牌", "海天“蓝金领”人才工厂",
    "“五一”国际劳动节歌咏比赛。", "开展“京堰劳模工匠助企行”活动。", "开通“劳模工匠号”公交车。",
    "2024年张湾区职工职业技能大赛焊工竞赛理论考试现场。", "北京专家在丹江口大坝欣赏库区风光",
    "北京院士专家走进十堰市郧阳区查看土壤质量观测实验点。", "开展鱼苗增殖放流活动。",
    "市民在江滩公园参加健步走活动", "技术人员在生产线上调试新设备。", "志愿者为村民讲解防汛知识",
    "学员在实训车间操作数控机床", "丹江口库区风光",
)
#: Sidebar and banner words: runs of very short lines.
SIDEBAR = ("一泓清水", "十分深情", "南水北调中线工程通水", "10周年特别报道", "市委人才办",
           "市人社局", "特别策划", "人才强市", "京堰协作", "专题报道", "本期导读", "聚焦")
FOOTERS = (
    "Copyright © 2001-2025 湖北荆楚网络科技股份有限公司 All Rights Reserved",
    "鄂ICP备13005321号-1 鄂公网安备 42010602000123号",
    "关于我们 - 版权声明 - 合作咨询 - 联系方式",
    "首页 | 新闻 | 政务 | 民生 | 视频",
    "版权所有 十堰日报社 未经许可不得转载",
    "责任编辑：王晓东",
    "分享到：微信 微博 QQ空间",
    "上一篇：十堰举办职工技能大赛",
    "扫一扫 在手机上阅读本文",
)
_GIVEN = "俊柳环晓东红丽军华伟芳敏静磊强洋艳勇杰娟涛明超秀霞平刚桂英"
_SURNAMES = "刘杨罗王李张陈黄周吴徐孙胡朱高林何郭马谢"


@lru_cache(maxsize=4)
def body_paragraphs(seeds_dir: str | None = None) -> tuple[str, ...]:
    """Clean body paragraphs of the Simplified seeds (000, 003, 004)."""
    base = Path(seeds_dir) if seeds_dir else _find_seeds()
    out: list[str] = []
    for name in ("000", "003", "004"):
        for path in sorted(base.glob(f"{name}_*.txt")):
            for line in path.read_text("utf-8").split("\n"):
                line = _full_width(line.strip())
                if (len(line) >= 50 and line.endswith("。") and "提供）" not in line
                        and not re.search(r"（[左右中][一二三]?）", line) and line not in out):
                    out.append(line)
    if not out:
        raise FileNotFoundError(f"no seed articles in {base}")
    return tuple(out)


def _find_seeds() -> Path:
    for base in (Path.cwd(), *Path(__file__).resolve().parents):
        if (base / "seeds").is_dir():
            return base / "seeds"
    raise FileNotFoundError("the layout benchmark needs the seed articles (seeds/); "
                            "pass --seeds DIR")


def _full_width(s: str) -> str:
    han = r"[\u4e00-\u9fff“”）]"
    s = re.sub(rf"(?<={han}),|,(?={han})", "，", s)
    s = re.sub(r"\(([^()]{1,30})\)", r"（\1）", s)
    return re.sub(rf"(?<={han})\?", "？", s)


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN, rng.choice((1, 2))))


@dataclass
class GenDoc:
    """A generated document and what was put into it."""

    text: str
    blank_lines: bool
    body: list[str] = field(default_factory=list)       # inserted whole
    broken: list[tuple[str, str]] = field(default_factory=list)  # halves of broken ones
    headings: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    footers: list[str] = field(default_factory=list)
    sidebars: list[str] = field(default_factory=list)


def _caption(rng: random.Random, blank: bool) -> str:
    text = rng.choice(CAPTIONS)
    style = rng.random()
    if style < 0.25:
        return "▲" + text
    if style < 0.5 or not blank:
        credit = rng.choice((f"记者{_name(rng)} 摄", "通讯员 供图", f"{_name(rng)} 摄"))
        return f"{text} {credit}"
    if style < 0.6:
        return f"{_name(rng)}（左{rng.choice('一二三')}）{rng.choice(('向同事传授技术。', '与学员交流。'))}"
    return text


def _break_point(rng: random.Random, text: str) -> int | None:
    """A random cut inside a sentence (a cut after 。 is a paragraph end, not a break)."""
    for _ in range(10):
        cut = rng.randrange(2, len(text) - 2)
        if text[cut - 1] not in "。！？；：”" and text[cut] not in "”":
            return cut
    return None


def generate(n_docs: int = 200, seed: int = 0, seeds_dir: str | None = None) -> list[GenDoc]:
    """``n_docs`` damaged documents, the same for the same ``seed``."""
    rng = random.Random(seed)
    pool = body_paragraphs(seeds_dir)
    return [_document(rng, pool) for _ in range(n_docs)]


def _document(rng: random.Random, pool: tuple[str, ...]) -> GenDoc:
    blank = rng.random() < 0.5
    sep = "\n\n" if blank else "\n"
    slot = "\n\n\n\n"
    doc = GenDoc("", blank)
    parts: list[str] = []
    title = rng.choice(HEADINGS)
    parts.append(title)
    doc.headings.append(title)
    if rng.random() < 0.5:
        by = rng.choice((f"记者{_name(rng)} {_name(rng)}", f"本报记者 {_name(rng)}",
                         f"记者{_name(rng)} 通讯员{_name(rng)}"))
        parts.append(by)
        doc.bylines.append(by)
    for body in rng.sample(pool, rng.randint(3, 8)):
        r = rng.random()
        if r < 0.12:
            h = rng.choice([h for h in HEADINGS if h != title])
            parts.append(h)
            doc.headings.append(h)
        elif r < 0.2 and blank:
            run = rng.sample(SIDEBAR, rng.randint(3, 5))
            parts.extend(run)
            doc.sidebars.extend(run)
        cut = _break_point(rng, body) if rng.random() < 0.35 else None
        if cut is None:
            parts.append(body)
            doc.body.append(body)
        else:
            doc.broken.append((body[:cut], body[cut:]))
            if blank and rng.random() < 0.3:
                cap = _caption(rng, blank)
                doc.captions.append(cap)
                parts.append(body[:cut] + slot + cap + sep + body[cut:])
            else:
                parts.append(body[:cut] + sep + body[cut:])
        if rng.random() < 0.3:
            cap = _caption(rng, blank)
            doc.captions.append(cap)
            parts[-1] += (slot if blank else sep) + cap
    if not blank or rng.random() < 0.3:
        feet = rng.sample(FOOTERS, rng.randint(1, 3))
        parts.extend(feet)
        doc.footers.extend(feet)
    lead = rng.choice(("", "\n\n")) if blank else ""
    doc.text = lead + sep.join(parts) + rng.choice(("", "\n"))
    return doc


def _share(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 1.0


def measure(docs: list[GenDoc], select: tuple[str, ...] = ("BOI", "LAY")) -> dict[str, float]:
    """Clean ``docs`` and score what stage 3 did to each inserted piece."""
    from .. import Pipeline

    pipe = Pipeline(select=list(select))
    c = {k: [0, 0] for k in ("rejoined", "captions", "bylines", "footers", "sidebars",
                              "headings", "body_dropped", "body_glued")}

    def count(key: str, ok: bool) -> None:
        c[key][0] += ok
        c[key][1] += 1

    for doc in docs:
        out = pipe.clean(doc.text).text
        paras = out.rstrip("\n").split("\n\n")
        flat = out.replace("\n", "")
        for head, tail in doc.broken:
            count("rejoined", any(head + tail in p for p in paras))
            count("body_dropped", head not in flat or tail not in flat)
        for cap in doc.captions:
            count("captions", cap not in out)
        for key, items in (("bylines", doc.bylines), ("footers", doc.footers),
                           ("sidebars", doc.sidebars)):
            for item in items:
                count(key, item not in paras)
        for h in doc.headings:
            count("headings", h in paras)
        for b in doc.body:
            count("body_dropped", b not in flat)
            count("body_glued", b in flat and b not in paras)
    return {k: _share(hits, total) for k, (hits, total) in c.items()} | {
        "documents": len(docs), "breaks": c["rejoined"][1], "body": c["body_glued"][1]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m cleaner.bench.layout_gen")
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seeds", default=None, help="directory of the seed articles")
    args = ap.parse_args(argv)
    print(json.dumps(measure(generate(args.docs, args.seed, args.seeds)), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
