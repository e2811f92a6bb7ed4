"""An article syndicated to many sites: one whole copy survives the run.

Frequency boilerplate (BOI014) and near-duplicate documents (DUP002) meet here:
the copies' short paragraphs are frequent lines, but they are content.
"""

from __future__ import annotations

import json

from conftest import cli

ARTICLE = [
    "新华社北京5月12日电 国家统计局12日发布数据显示，4月份全国居民消费价格同比上涨0.3%。",
    "其中，城市上涨0.3%，农村上涨0.2%；食品价格下降2.7%，非食品价格上涨0.9%。",
    "国家统计局城市司首席统计师董莉娟表示，4月份，消费市场运行总体平稳。",
    "从环比看，CPI由上月下降1.0%转为上涨0.1%。",
    "扣除食品和能源价格的核心CPI同比上涨0.7%，涨幅比上月扩大0.1个百分点。",
]
TEMPLATE = "扫码关注我们 获取更多资讯"


def _run(tmp_path, body: str, template: str = "") -> dict[str, str]:
    """40 distinct pages and ten reprints of ``body`` (each with its own site's
    header), ``template`` under every page; cleaned: the kept texts by id."""
    src = tmp_path / "in.jsonl"
    tail = f"\n{template}" if template else ""
    with src.open("w", encoding="utf-8") as f:
        for i in range(40):
            f.write(json.dumps({"id": f"page{i}", "text": f"第{i}条本地新闻，内容各不相同，编号{i * 7919}。"
                                + tail}, ensure_ascii=False) + "\n")
            if i % 4 == 0:
                f.write(json.dumps({"id": f"copy{i}", "text": f"第{i}号网站 转载\n{body}{tail}"},
                                   ensure_ascii=False) + "\n")
    out = tmp_path / "out"
    r = cli("clean", str(src), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    return {rec["id"]: rec["text"] for rec in
            map(json.loads, (out / "in.jsonl").read_text("utf-8").splitlines())}


def _whole(kept: dict[str, str]) -> bool:
    """One copy kept (the others are its near-duplicates), with every paragraph."""
    flat = kept["copy0"].replace("\n", "").replace(" ", "")
    return [k for k in kept if k.startswith("copy")] == ["copy0"] and \
        all(p.replace(" ", "") in flat for p in ARTICLE)


def test_a_syndicated_article_keeps_one_whole_copy_and_loses_the_template(tmp_path):
    kept = _run(tmp_path, "\n".join(ARTICLE), TEMPLATE)
    assert _whole(kept), kept["copy0"]
    assert not any(TEMPLATE in t for t in kept.values())  # the template is gone everywhere
    assert len([k for k in kept if k.startswith("page")]) == 40


def test_a_syndicated_article_wrapped_by_page_width_keeps_its_lines(tmp_path):
    """Wrapped lines are fragments, not sentences: they are read with their paragraph."""
    body = "\n\n".join("\n".join(p[i:i + 18] for i in range(0, len(p), 18)) for p in ARTICLE)
    kept = _run(tmp_path, "\n" + body)
    assert _whole(kept), kept["copy0"]


def test_a_syndicated_article_cut_into_jsonl_lines_keeps_them(tmp_path):
    """One paragraph a line, cut by a page width: the fragments are read as runs."""
    kept = _run(tmp_path, "\n".join(p[i:i + 22] for p in ARTICLE for i in range(0, len(p), 22)))
    assert _whole(kept), kept["copy0"]
