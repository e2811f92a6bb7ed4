"""Quality round 7: script unification and duplicates on hand-made probes the
project had not seen (Taiwan and Hong Kong news, Japanese and Korean quoted in
Chinese, code in a sentence; articles repeated inside a page; a syndicated
article across a corpus)."""

from __future__ import annotations

import json

import opencc
import pytest

from cleaner import Pipeline, apply_edits, clean_text
from cleaner.runner import RunOptions, run

_PIPE = Pipeline()

#: Clean Simplified text: no rule of the default pipeline may touch it.
CLEAN = [
    "萧先生今年六十岁，他的头发已经全白了。于谦是明代名臣，钟南山院士表示要科学精准。",
    "日本首相在东京发表讲话，日文原文为「日本経済の再生は待ったなしだ」，引发关注。",
    "日本网友留言说：「日本語の勉強は難しいけど、楽しいです。」这条留言获得了上万点赞。",
    "这家店的招牌上写着「東京の味、ここにあり」，吸引了不少游客。",
    "韩国宪法第一条写道：“대한민국은 民主共和國이다”，这是国家的根本。",
    "调用print(\"你好，世界\")即可输出。",
    "在SQL中写SELECT * FROM users WHERE age > 18 AND city = '北京'即可。",
    "他推荐阅读《Structure and Interpretation of Computer Programs》一书，命题p or q为真。",
    "函数f(x)=x^2在区间[0,1]上单调递增，设a,b为实数，且a:b=1:2，比分为3:1。",
    "汉语拼音方案规定，“西安”的拼音写作Xi'an，以区别于“先”（xian）。",
    "《论语》有云：“学而时习之，不亦说乎？有朋自远方来，不亦乐乎？”",
]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_untouched(text):
    res = _PIPE.clean(text, format="jsonl")
    assert res.edits == [] and res.text == text


def _check(src: str, expected: str) -> None:
    res = _PIPE.clean(src, format="jsonl")
    assert res.text == expected
    assert apply_edits(res.original, res.edits) == res.text
    assert _PIPE.clean(res.text, format="jsonl").text == res.text


@pytest.mark.parametrize("src, expected", [
    ("香港特區政府衞生署今日公布，新增確診個案二十宗，裏面的人也要注意衞生。",
     "香港特区政府卫生署今日公布，新增确诊个案二十宗，里面的人也要注意卫生。"),
    ("他敍述了事件經過，枱面上擺着文件。", "他叙述了事件经过，台面上摆着文件。"),
    ("屋簷下的老人手腳麻痺。", "屋檐下的老人手脚麻痹。"),
    ("港鐵東鐵綫今日起延伸至金鐘站。黃山主峯海拔1864米，並啓動調查。",
     "港铁东铁线今日起延伸至金钟站。黄山主峰海拔1864米，并启动调查。"),
    ("蕭先生在臺大任教，於是我們需要瞭解遊客，旅遊業佔經濟比重很高，賽後去吃牛肉麵。",
     "萧先生在台大任教，于是我们需要了解游客，旅游业占经济比重很高，赛后去吃牛肉面。"),
])
def test_regional_forms_become_mainland_simplified(src, expected):
    _check(src, expected)


def test_a_simplified_line_with_a_regional_form_is_converted():
    """衞 is no Simplified character: it is evidence on its own."""
    _check("香港卫生署改名前叫衞生署。", "香港卫生署改名前叫卫生署。")


@pytest.mark.parametrize("src, expected", [
    ("日本網友留言說：「日本語の勉強は難しいけど、楽しいです。」這條留言獲得了上萬點讚。",
     "日本网友留言说：「日本語の勉強は難しいけど、楽しいです。」这条留言获得了上万点赞。"),
    ("韓國憲法第一條寫道：「대한민국은 民主共和國이다」，這是國家的根本。",
     "韩国宪法第一条写道：「대한민국은 民主共和國이다」，这是国家的根本。"),
    # one kana (Chinese web slang) makes no Japanese clause
    ("小清新の日常：這家咖啡館環境很好。", "小清新の日常：这家咖啡馆环境很好。"),
])
def test_japanese_and_korean_clauses_are_not_converted(src, expected):
    _check(src, expected)


def test_code_brackets_and_quotes_stay_but_prose_brackets_widen():
    _check("调用print(\"你好\")输出,结果见(附录)。", "调用print(\"你好\")输出，结果见（附录）。")


# ------------------------------------------------------------------ DUP001

LEAD = "记者从市交通运输局获悉，今年我市将新开通公交线路12条，优化调整线路30条，进一步方便市民出行。"
BODY = [
    "据介绍，新开通的线路主要覆盖城市新区和产业园区，重点解决职工通勤难题，预计日均服务乘客超过5万人次。",
    "市交通运输局相关负责人表示，下一步将加快推进智慧公交建设，在主要站点安装电子站牌，实时发布车辆到站信息。",
    "此外，我市还将新增新能源公交车200辆，全市公交车新能源化率将达到95%以上。",
]
ARTICLE = [LEAD, *BODY]


@pytest.mark.parametrize("fmt, sep", [("jsonl", "\n"), ("txt", "\n\n")])
def test_an_article_repeated_with_a_reworded_lead_keeps_one_copy(fmt, sep):
    reworded = "记者日前从市交通运输局获悉，今年本市将新开通公交线路12条，优化调整线路30条，方便市民出行。"
    second = ["记者从市交通运输局获悉：今年我市将新开通公交线路12条、优化调整线路30条，进一步方便市民出行。", *BODY]
    src = sep.join(ARTICLE + second + [reworded, *BODY[:2]])
    res = clean_text(src, select=["DUP001"], format=fmt)
    assert res.text == sep.join(ARTICLE)
    assert apply_edits(src, res.edits) == res.text
    assert any(d.reason == "edited copy in a repeated block" and d.of == "paragraph 1"
               for d in res.drops)
    assert clean_text(res.text, select=["DUP001"], format=fmt).edits == []


@pytest.mark.parametrize("at, edited", [
    (1, "据了解，新开通的线路主要覆盖城市新区和产业园区，着力解决职工通勤难题，预计日均服务乘客5万人次以上。"),
    (2, "市交通运输局负责人表示，下一步将加快智慧公交建设，在主要站点安装电子站牌，实时发布车辆到站信息。"),
])
def test_an_edited_paragraph_inside_or_at_the_end_of_a_repeated_block_goes(at, edited):
    copy = ARTICLE[:3]
    copy[at] = edited
    src = "\n".join(ARTICLE[:3] + copy)
    res = clean_text(src, select=["DUP001"], format="jsonl")
    assert res.text == "\n".join(ARTICLE[:3])
    assert [d.reason for d in res.drops].count("edited copy in a repeated block") == 1


def test_a_reworded_lead_alone_is_no_block():
    """Without two aligned copies after it, a paragraph under the near threshold stays."""
    reworded = "记者日前从市交通运输局获悉，今年本市将新开通公交线路12条，优化调整线路30条，方便市民出行。"
    src = "\n".join(ARTICLE + [reworded, BODY[0]])
    assert clean_text(src, select=["DUP001"], format="jsonl").text == "\n".join(ARTICLE + [reworded])


def test_copies_in_another_width_or_script_go():
    half = [p.replace("，", ",").replace("。", ".") for p in ARTICLE[:2]]
    trad = opencc.OpenCC("s2t").convert(ARTICLE[2])
    _check("\n".join(ARTICLE + half + [trad]), "\n".join(ARTICLE))


@pytest.mark.parametrize("lines", [
    ["各地天气预报如下：",
     "北京：晴转多云，最高气温28℃，最低气温16℃，东南风三到四级，空气质量良。",
     "天津：晴转多云，最高气温27℃，最低气温17℃，东南风三到四级，空气质量良。",
     "石家庄：晴转多云，最高气温29℃，最低气温18℃，东南风三到四级，空气质量良。"],
    ["| 序号 | 项目名称 | 投资额（亿元） | 建设地点 | 开工时间 |",
     "| 1 | 城市轨道交通三号线一期工程 | 120.5 | 高新区 | 2024年3月 |",
     "| 2 | 城市轨道交通三号线二期工程 | 98.3 | 高新区 | 2024年6月 |",
     "| 3 | 城市轨道交通四号线一期工程 | 110.2 | 经开区 | 2024年9月 |"],
    ["朗诵诗歌《祖国啊，我亲爱的祖国》：",
     "我是你河边上破旧的老水车，数百年来纺着疲惫的歌；",
     "祖国啊，我亲爱的祖国！",
     "我是你簇新的理想，刚从神话的蛛网里挣脱；",
     "祖国啊，我亲爱的祖国！"],
    ["问：如何办理居住证？",
     "答：申请人可携带身份证、居住登记凭证等材料，到居住地派出所或社区服务站办理。",
     "问：如何办理居住证续签？",
     "答：申请人可携带身份证、原居住证等材料，到居住地派出所或社区服务站办理续签。"],
])
def test_templates_and_refrains_stay(lines):
    text = "\n".join(lines)
    assert _PIPE.clean(text, format="jsonl").text == text


# ------------------------------------------------------------------ DUP002

BODY2 = [
    "新华社北京5月12日电 记者从国家发展改革委获悉，今年以来我国加快推进新型基础设施建设，5G基站总数已达374万个，占全球总量的60%以上。",
    "国家发展改革委有关负责人介绍，今年将重点推进算力基础设施建设，在京津冀、长三角、粤港澳大湾区等地布局一批国家算力枢纽节点，推动数据中心绿色低碳发展。",
    "该负责人表示，下一步将加大对新型基础设施建设的政策支持力度，鼓励社会资本参与，形成政府引导、市场主导的多元投入格局。",
    "据统计，一季度全国新型基础设施建设投资同比增长16.8%，高于全部投资增速12.3个百分点，成为稳投资的重要力量。",
    "专家认为，新型基础设施建设既是稳增长的重要抓手，也是推动经济高质量发展的重要支撑，未来发展空间广阔。",
]


def test_a_syndicated_article_in_several_versions(tmp_path):
    title = "我国加快推进新型基础设施建设"
    docs = [
        ("orig", [title, *BODY2]),
        ("retitled", ["5G基站总数达374万个 新基建按下快进键", *BODY2]),
        ("added", [title, *BODY2, "另据了解，工业和信息化部近日印发通知，要求各地加快推进千兆光网建设，力争年底前千兆宽带用户突破1亿户。"]),
        ("cut", [title, *BODY2[:4]]),
        ("trad", opencc.OpenCC("s2t").convert("\n".join([title, *BODY2])).split("\n")),
        ("furniture", ["首页 > 新闻中心 > 国内新闻", title, "2024-05-12 08:30 来源：新华网 责任编辑：张三",
                       *BODY2, "扫一扫在手机打开当前页"]),
        ("shanghai", ["上海加快建设新型基础设施",
                      "记者从上海市经济和信息化委员会获悉，今年以来上海加快推进新型基础设施建设，全市累计建成5G基站7.9万个，实现中心城区和郊区重点区域连续覆盖。",
                      "市经济信息化委有关负责人表示，下一步将加大政策支持力度，鼓励社会资本参与，重点推进人工智能算力中心和工业互联网平台建设。",
                      "专家认为，新型基础设施建设是推动经济高质量发展的重要支撑，上海在这一领域具有先发优势。"]),
        ("guangdong", ["广东省新基建投资同比增长两成",
                       "记者从广东省发展改革委获悉，一季度全省新型基础设施建设投资同比增长21.5%，高于全部投资增速15个百分点，成为稳投资的重要力量。",
                       "广东省发展改革委有关负责人介绍，今年全省将新建5G基站2.5万个，推进粤港澳大湾区国家算力枢纽节点建设，推动数据中心绿色低碳发展。",
                       "专家认为，新型基础设施建设既是稳增长的重要抓手，也是推动经济高质量发展的重要支撑。"]),
    ]
    src = tmp_path / "in"
    src.mkdir()
    with open(src / "c.jsonl", "w", encoding="utf-8") as f:
        for doc_id, lines in docs:
            f.write(json.dumps({"id": doc_id, "text": "\n".join(lines)}, ensure_ascii=False) + "\n")
    report = tmp_path / "report.jsonl"
    run([str(src)], Pipeline(), RunOptions(mode="clean", out=tmp_path / "out", report=report,
                                           quiet=True, echo=lambda s: None, err=lambda s: None))
    rows = {r["id"]: r for r in map(json.loads, report.read_text(encoding="utf-8").splitlines())}
    written = {k for k, r in rows.items() if r["status"] == "written"}
    assert written == {"orig", "shanghai", "guangdong"}
    for k in ("retitled", "added", "cut", "trad", "furniture"):
        dup = [d for d in rows[k]["drops"] if d["rule"] == "DUP002"]
        assert dup and dup[0]["of"] == "orig" and dup[0]["similarity"] >= 0.8
