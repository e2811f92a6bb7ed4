"""Corpus-wide boilerplate (BOI014) on a corpus of one genre: government
notices share their structure (numbered headings, salutation, closing formula,
attachment line, issuer and date), which is content however often it recurs;
the site's own footer is the template that goes. Run through the CLI's runner,
as a user runs it."""

from __future__ import annotations

import json
import random

from cleaner import Pipeline
from cleaner.runner import RunOptions, run

TOPICS = ["中小学课后服务", "基层医疗卫生服务能力提升", "城市公共交通优化", "大气污染防治",
          "高标准农田建设", "老旧小区改造", "养老服务体系建设", "消费品以旧换新"]
DEPTS = ["市教育局", "市卫生健康委员会", "市交通运输局", "市生态环境局", "市农业农村局",
         "市住房和城乡建设局", "市民政局", "市商务局"]
STRUCTURE = ["各区县人民政府，市直各有关单位：", "一、总体要求", "二、重点任务", "三、保障措施",
             "特此通知。"]
FOOTER = ["主办：某市人民政府办公室", "网站标识码：4201000001"]


def _notice(rng: random.Random, i: int) -> tuple[str, str, str]:
    topic, dept = TOPICS[i % len(TOPICS)], DEPTS[i % len(DEPTS)]
    filler = "".join(rng.sample("推进落实加强完善健全提升保障服务管理监督统筹协调机制", 12))
    lines = [STRUCTURE[0],
             f"为进一步推动{topic}工作，第{i}号文件就有关事项通知如下，{filler}。",
             STRUCTURE[1], f"到{2024 + i % 3}年底，{topic}取得明显成效，{filler[::-1]}。",
             STRUCTURE[2], f"（一）各地要把{topic}纳入议事日程，第{i}项任务按期完成。",
             STRUCTURE[3], f"各部门要加强宣传引导，营造良好氛围，{filler[3:]}。",
             STRUCTURE[4], f"附件：{topic}工作任务清单", dept, "2025年5月12日", *FOOTER]
    return "\n".join(lines), dept, topic


def test_a_notice_corpus_keeps_its_structure_and_loses_the_site_footer(tmp_path):
    rng = random.Random(5)
    src = tmp_path / "in"
    src.mkdir()
    with open(src / "notices.jsonl", "w", encoding="utf-8") as fh:
        for i in range(40):
            text, _, _ = _notice(rng, i)
            fh.write(json.dumps({"id": f"n{i}", "text": text}, ensure_ascii=False) + "\n")
    opts = RunOptions(mode="clean", out=tmp_path / "out", quiet=True,
                      echo=lambda s: None, err=lambda s: None)
    summary = run([str(src)], Pipeline(), opts)
    assert summary.failed == 0
    out = [json.loads(line) for line in open(tmp_path / "out" / "notices.jsonl", encoding="utf-8")]
    assert out
    for rec in out:
        lines = rec["text"].split("\n")
        for line in STRUCTURE:
            assert line in lines, (rec["id"], line)
        i = int(rec["id"][1:])
        assert lines[-3:] == [f"附件：{TOPICS[i % 8]}工作任务清单", DEPTS[i % 8], "2025年5月12日"]
        assert not set(FOOTER) & set(lines)
    assert summary.edits["BOI014"] >= len(out)  # 网站标识码 (主办： is BOI010's banner)
