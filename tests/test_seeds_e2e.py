"""End to end on seeds/: the README's command, then each SEEDS.md defect checked
in the cleaned output (file:line references are to ../shared/SEEDS.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import opencc
import pytest
import regex

from conftest import ROOT, SEEDS, cli

import cleaner
from cleaner import Pipeline, apply_edits

ERRATA = ROOT / "rules" / "examples" / "seeds-errata.toml"
PINYIN = regex.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüń]{1,6}[1-5]?[)）]")


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("clean")
    report = out.parent / "report.jsonl"
    r = cli("clean", str(SEEDS), "-o", str(out), "--rules", str(ERRATA), "--report",
            str(report))
    assert r.returncode == 0, r.stderr.decode()
    assert "Traceback" not in r.stderr.decode()
    docs = {p.name[:3]: p.read_text("utf-8") for p in sorted(out.glob("*.txt"))}
    docs["report"] = report.read_text("utf-8")
    docs["out"] = str(out)
    return docs


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def test_installed_package_is_what_runs():
    if os.environ.get("CI"):
        assert ROOT not in Path(cleaner.__file__).resolve().parents, cleaner.__file__


def test_every_seed_is_written_and_reported(cleaned):
    assert set(k for k in cleaned if k.isdigit()) == {"000", "001", "002", "003", "004"}
    lines = [json.loads(x) for x in cleaned["report"].splitlines()]
    assert len(lines) == 5 and all(x["status"] == "written" for x in lines)


def test_canonical_form(cleaned):
    for name in ("000", "001", "002", "003", "004"):
        t = cleaned[name]
        assert "\r" not in t and "\n\n\n" not in t, name
        assert not t.startswith("\n"), name
        assert all(ln == ln.rstrip() for ln in t.split("\n")), name


def test_check_finds_nothing_more_in_the_output(cleaned):
    r = cli("check", cleaned["out"], "--rules", str(ERRATA))
    assert r.returncode == 0, r.stdout.decode() + r.stderr.decode()


def test_000_captions_furniture_breaks_headings_errata(cleaned):
    t = cleaned["000"]
    paras = paragraphs(t)
    for caption in ("▲北京专家参观", "▲北京专家在丹江口大坝", "记者罗环 摄", "全国技术能手刘宏（中）",
                    "本版图片除署名外"):
        assert caption not in t, caption
    for standalone in ("举行北京·十堰劳务协作座谈会", "北京·十堰劳务协作专场招聘会吸引众多求职者",
                       "北京·湖北（鄂西）建筑行业劳务协作工作站揭牌", "一泓清水", "十分深情",
                       "南水北调中线工程通水", "10周年特别报道", "市委人才办", "市人社局",
                       "记者刘俊 杨柳"):
        assert standalone not in paras, standalone
    assert any("十年同心向未来。从车间到高校" in p for p in paras)
    assert any("2015年我市与北京大学创业训练营合作" in p for p in paras)
    for heading in ("清泓润京 智泽车城", "——京堰两地人才智力对口协作工作十周年回头看",
                    "乘战略东风 擦亮协作共赢名片", "借“最强大脑” 赋能产业向“新”发展",
                    "拓就业新路 谱写外输内拓新篇"):
        assert heading in paras, heading
    assert "十履行" not in t and t.count("十堰行") == 7
    assert any(p.endswith("将合力谱写更加精彩的篇章。") for p in paras)


def test_001_traditional_pinyin_mojibake_footer(cleaned):
    t = cleaned["001"]
    assert opencc.OpenCC("t2s").convert(t) == t, "Traditional characters left"
    assert not PINYIN.search(t), PINYIN.search(t)
    assert "?" not in t and "？！" not in t
    assert "我们解决" in t
    assert not regex.search(r"\p{Han},|,\p{Han}", t)
    for gone in ("通讯员 供图", "Copyright", "版权", "营业执照", "关于我们", "cnhubei", "罕", "始业"):
        assert gone not in t, gone
    assert "因水结缘，开展村村协作" in paragraphs(t)


def test_002_misalignment_runs_recovered(cleaned):
    t = cleaned["002"]
    for recovered in ("高校“发榜”", "“揭榜", "“选中”", "“送"):
        assert recovered in t, recovered
    assert "?" not in t and not PINYIN.search(t)
    assert "邢智轩" not in t
    assert "（武汉6所高校和江西理工大学）" in t


def test_003_punctuation_breaks_captions_vertical_text(cleaned):
    t = cleaned["003"]
    paras = paragraphs(t)
    assert not regex.search(r"\p{Han}[,?()]|[,?()]\p{Han}", t)
    for joined in ("实施新建续建项目54个", "“宁波高端装备海外工程师协同创新中心”",
                   "集聚着40多万名产业工人", "人才精准画像、人岗精准匹配"):
        assert any(joined in p for p in paras), joined
    for gone in ("顾立琴 摄", "本版图片由北仑区委组织部提供", "三支队伍建设的创新实践",
                 "周松华 仑轩轩"):
        assert gone not in t, gone
    for standalone in ("海天“蓝金领”人才工厂", "北仑区（开发区）高水平企业家赋能基地正式启动",
                       "浙", "「", "其", "才"):
        assert standalone not in paras, standalone
    assert not any(p.startswith("“争做锋领青年") for p in paras)
    assert not any(p.startswith("“港通天下 才聚北仑”") for p in paras)


def test_004_repeated_bullets_latin_and_list_items(cleaned):
    t = cleaned["004"]
    assert t.count("千秋基业，人才为本") == 1
    assert "千帆竞发" not in t and "“三个精神”，营造" not in t
    bullets = [p[:8] for p in paragraphs(t) if p.startswith("——持续")]
    assert bullets == ["——持续促成产业", "——持续搭好人才", "——持续拓展产业", "——持续营造近悦"]
    assert "继续教育和技能培训" in t
    assert "“车城状元”“工匠杯”等" in t
    for gone in ("主办：十堰市总工会", "培育新质生产力 壮大发展新动能", "开通“劳模工匠号”公交车。",
                 "召开劳动模范协会会员代表大会。", "全国劳动模范范武（左三）向同事传授技术。"):
        assert gone not in paragraphs(t), gone
    assert "淬才强技 筑梦车城" in paragraphs(t)


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_replay_reproduces_output_and_explain_names_rules(seed):
    pipe = Pipeline([ERRATA])
    text = seed.read_text("utf-8")
    res = pipe.clean(text, doc_id=seed.name)
    assert apply_edits(text, res.edits) == res.text
    assert pipe.clean(res.text).text == res.text
    r = cli("explain", str(seed))
    assert r.returncode == 0, r.stderr.decode()
    lines = r.stdout.decode().splitlines()
    ids = {r.id for r in pipe.ruleset.rules}
    if res.edits:
        assert lines and all(regex.search(r": ([A-Z]{3}\d{3}) ", ln).group(1) in ids
                             for ln in lines if not ln.endswith(": clean"))
