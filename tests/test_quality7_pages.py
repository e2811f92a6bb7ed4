"""Quality round 7: layout and boilerplate on hand-made pages of kinds earlier
rounds did not cover (judgments and laws, press conferences and interviews,
papers' abstracts, recipes and how-tos, product and job pages, encyclopedia
entries, weather and market briefs, live blogs, OCR'd books and magazines),
through the whole pipeline in both formats, twice (the second run must change
nothing, and the edits must replay)."""

from __future__ import annotations

import pytest

from pages import BODY, clean_checked as _clean, page as _page

FORMATS = ["txt", "jsonl"]


A = "乡村振兴战略实施以来，各地农村基础设施建设明显加快，农村公路、供水、电网和通信网络不断向村组延伸，农民群众的获得感显著增强。"
B = "从调查情况看，农村公路建设仍然存在资金投入不足、养护机制不健全、部分路段技术等级偏低等问题，需要在下一阶段加以解决。"


# --- pages that must come out as they went in ---------------------------------

CLEAN_PAGES = {
    "judgment": ["湖北省十堰市中级人民法院", "民事判决书", "（2024）鄂03民终1234号",
                 "上诉人（原审被告）：张某，男，1980年5月出生，汉族，住湖北省十堰市茅箭区。",
                 "本院认为，根据《中华人民共和国民法典》第五百七十七条的规定，当事人一方不履行合同义务或者履行合同义务不符合约定的，应当承担违约责任。",
                 "综上所述，上诉人的上诉请求不能成立，应予驳回。依照《中华人民共和国民事诉讼法》第一百七十七条第一款第一项规定，判决如下：",
                 "驳回上诉，维持原判。", "本判决为终审判决。", "审判长　王明", "审判员　李华", "审判员　赵刚",
                 "二〇二四年五月十二日", "书记员　张三"],
    "law": ["第一章　总则", "第一条　为了保护民事主体的合法权益，调整民事关系，维护社会和经济秩序，制定本法。",
            "第二条　民法调整平等主体的自然人、法人和非法人组织之间的人身关系和财产关系。", "第二章　自然人",
            "第十三条　自然人从出生时起到死亡时止，具有民事权利能力，依法享有民事权利，承担民事义务。"],
    "contract": ["房屋租赁合同", "出租方（甲方）：张三", "承租方（乙方）：李四", "第一条　房屋基本情况",
                 "甲方将位于十堰市茅箭区的房屋出租给乙方使用。", "第二条　租赁期限", "租赁期自2024年6月1日起至2025年5月31日止。",
                 "甲方（签字）：", "乙方（签字）：", "2024年5月12日"],
    "press conference": ["外交部发言人汪文斌主持例行记者会", "主持人：现在开始提问。",
                         "记者：据报道，中方将于下周举办中国—中亚峰会。你能否介绍更多情况？",
                         "汪文斌：关于你提到的问题，我们会适时发布消息。", "记者：谢谢。", "主持人：今天的发布会到此结束，谢谢大家。"],
    "speaker turns on their own lines": ["新闻发布会实录", "主持人：", "各位记者朋友，大家上午好！欢迎参加今天的新闻发布会。", "发言人：",
                                         "今年以来，全市经济运行总体平稳，稳中有进。", "记者：", "请问下一步有哪些具体措施？"],
    "interview": ["【访谈实录】", "主持人：欢迎来到今天的节目。今天我们请到了市交通运输局局长王明。", "王明：主持人好，网友们好。",
                  "主持人：今年农村公路建设有哪些新举措？", "王明：今年我们重点抓好三件事：一是建设，二是养护，三是运营。",
                  "网友“山里人”：我们村的路什么时候修？", "王明：这位网友反映的问题，我们会尽快核实。"],
    "paper's front matter": ["乡村振兴背景下农村公路建设的路径研究", "张三1，李四2",
                             "（1.武汉大学 经济学院，湖北 武汉 430072；2.十堰市交通运输局，湖北 十堰 442000）",
                             "摘要：农村公路是乡村振兴的重要基础。本文基于十堰市2015—2023年的面板数据，分析了农村公路建设对农民收入的影响。",
                             "关键词：乡村振兴；农村公路；农民收入",
                             "中图分类号：F323　文献标识码：A　文章编号：1002-1234（2024）05-0012-08",
                             "基金项目：国家社会科学基金项目（23BJY123）", "一、引言",
                             "农村公路是农村经济社会发展的基础设施，对促进农民增收具有重要作用。"],
    "English abstract": ["摘要：本文研究了农村公路建设对农民收入的影响。", "关键词：农村公路；农民收入；乡村振兴",
                         "Abstract: This paper studies the impact of rural road construction on farmers' income.",
                         "Key words: rural roads; farmers' income; rural revitalization", "收稿日期：2024-03-12",
                         "作者简介：张三（1990—），男，湖北十堰人，博士研究生，研究方向为农村经济。"],
    "recipe": ["红烧肉的做法", "食材：五花肉500克、冰糖30克、生抽2勺、老抽1勺、料酒1勺、姜3片、葱2段", "步骤：",
               "1.五花肉洗净切成2厘米见方的块，冷水下锅焯水，撇去浮沫后捞出。", "2.锅中放少许油，放入冰糖小火炒出糖色。",
               "3.放入五花肉翻炒上色，加入生抽、老抽、料酒和姜葱。", "4.加开水没过肉块，大火烧开后转小火炖1小时。", "5.大火收汁即可出锅。",
               "小贴士：焯水时加入料酒可以去腥。"],
    "how-to": ["如何办理居住证", "第一步：准备材料", "身份证原件及复印件、近期一寸免冠照片两张、居住证明材料。", "第二步：线上预约",
               "通过“鄂汇办”APP预约办理时间。", "第三步：现场办理", "携带材料到户籍所在地派出所办理，一般10个工作日内可领取。"],
    "product": ["华为MatePad 11.5英寸平板电脑", "￥1999.00", "规格参数", "屏幕尺寸：11.5英寸", "分辨率：2200×1440",
                "处理器：骁龙7 Gen 1", "电池容量：7700mAh", "商品介绍",
                "这款平板电脑采用11.5英寸护眼全面屏，支持120Hz高刷新率，续航时间长，适合学习和办公。"],
    "price fields": ["五常大米 5kg", "价格：￥59.90", "促销价：￥49.90", "产地：黑龙江五常", "保质期：12个月", "商品详情",
                     "精选五常核心产区稻米，颗粒饱满，口感软糯。"],
    "encyclopedia": ["十堰市", "十堰市，湖北省辖地级市，位于湖北省西北部，是南水北调中线工程核心水源区。", "中文名：十堰市",
                     "外文名：Shiyan City", "行政区类别：地级市", "所属地区：湖北省", "面积：23680平方千米", "历史沿革",
                     "十堰古称庸国、麇国，历史悠久。", "参考资料", "1. 十堰市人民政府门户网站．十堰概况．2024-05-12",
                     "2. 湖北省统计局．湖北统计年鉴2023．2023"],
    "encyclopedia with bracketed references": [
        "南水北调中线工程", "南水北调中线工程，从加高后的丹江口水库调水，经长江流域与淮河流域的分水岭方城垭口，沿唐白河流域和黄淮海平原西部边缘开挖渠道，自流输水到北京、天津。",
        "基本信息", "工程起点：丹江口水库", "工程终点：北京团城湖", "干线全长：1432千米", "通水时间：2014年12月12日", "参考资料",
        "[1] 南水北调中线工程通水十周年．人民网．2024-12-12", "[2] 丹江口水库．湖北省水利厅．2023-05-20"],
    "job posting": ["招聘：Python开发工程师", "薪资：15-25K·13薪", "工作地点：北京市海淀区", "岗位职责：", "1. 负责数据清洗平台的设计与开发；",
                    "2. 参与系统架构设计与优化。", "任职要求：", "1. 本科及以上学历，3年以上Python开发经验；", "2. 熟悉常用数据库。",
                    "联系人：王女士", "联系电话：010-12345678"],
    "weather": ["十堰天气预报", "5月12日 星期日", "今天白天：多云转小雨，气温18～26℃，东南风2～3级。", "今天夜间：小雨，气温16℃。",
                "明天：阴转多云，气温17～25℃。"],
    "hourly forecast": ["十堰今日逐小时预报", "08:00　多云　19℃", "11:00　多云　23℃", "14:00　小雨　25℃", "17:00　小雨　22℃",
                        "20:00　阴　20℃"],
    "market brief": ["A股收评：沪指涨0.5%",
                     "5月12日，A股三大指数集体收涨。截至收盘，沪指涨0.52%，报3154.32点；深成指涨0.81%，报9683.11点；创业板指涨1.02%。",
                     "沪指　3154.32　+0.52%", "深成指　9683.11　+0.81%", "创业板指　1878.65　+1.02%", "两市成交额8765亿元，较上一交易日放量。"],
    "market fields": ["今日行情", "上证指数：3154.32点，涨0.52%", "深证成指：9683.11点，涨0.81%", "成交额：8765亿元",
                      "北向资金净流入：32.5亿元"],
    "live blog": ["直播：2024年全国两会开幕", "10:30", "大会开始，全体起立，奏唱国歌。", "10:35", "国务院总理作政府工作报告。", "11:50",
                  "报告结束，会场响起热烈掌声。"],
    "live blog, times inline": ["【直播】十堰马拉松开跑", "07:30　比赛正式开始，两万名选手从市民广场出发。", "08:15　男子组领先选手已通过10公里处。",
                                "09:40　男子组冠军诞生，成绩2小时10分。"],
    "live blog, dated times": ["5月12日 10:30", "十堰市2024年招商引资推介会在北京开幕。", "5月12日 11:05", "现场签约项目32个，总金额286亿元。",
                               "5月12日 11:40", "推介会圆满结束。"],
    "figure and table captions in a report": [A, "图1　2015—2023年十堰市农村公路里程变化", "表2　各县市区农村公路建设情况",
                                              "县市区　新建里程（公里）　投资（亿元）", "郧阳区　120　2.1", "竹山县　95　1.6",
                                              "注：数据来源于十堰市交通运输局。", B],
    "bullets with a middle dot": ["活动亮点", "· 免费体检", "· 健康讲座", "· 义诊咨询", A],
    "a book's contents": ["目录", "第一章　绪论", "第二章　文献综述", "第三章　研究设计", "第一章　绪论", A],
    "a note and a table's source": [A, "注：本文数据截至2024年4月底。", "表1　主要变量的描述性统计", "变量　均值　标准差",
                                    "农民收入　1.52　0.34", "公路密度　0.87　0.21", "资料来源：作者根据统计年鉴整理。", B],
    "FAQ": ["常见问题", "问：居住证有效期多久？", "答：居住证有效期为一年。", "问：到期后如何续签？", "答：可在有效期满前30日内办理签注手续。"],
    "scores": ["中超第12轮赛果", "上海海港 2:1 北京国安", "山东泰山 1:1 成都蓉城", "武汉三镇 0:2 上海申花"],
    "letter": ["尊敬的各位家长：", A, "此致", "敬礼！", "十堰市实验小学", "2024年5月12日"],
    "diary": ["2024年5月12日 星期日 晴", "今天和妈妈一起去公园玩，公园里的花都开了，非常漂亮。", "2024年5月13日 星期一 阴",
              "今天上学迟到了，老师批评了我，我以后一定要早点起床。"],
    "song whose first line is its title": ["让我们荡起双桨", "让我们荡起双桨", "小船儿推开波浪", "海面倒映着美丽的白塔",
                                           "四周环绕着绿树红墙"],
    "summary the body does not repeat": ["【导读】今年我市农村公路建设提速，全年计划新改建800公里。", BODY[0], BODY[1]],
    "widget words in sentences": [BODY[0], "市民可扫描二维码关注“十堰发布”公众号，获取最新信息。", "大字号的标语挂满了街道，十分醒目。",
                                  "不少村民表示，山货好卖了，会加入购物车的人也多了。", BODY[1]],
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", list(CLEAN_PAGES))
def test_pages_of_new_kinds_keep_every_line(kind, fmt):
    """Signature lines, speaker turns, front-matter fields, numbered steps,
    references, time stamps and figures are the page's content."""
    text = _page(CLEAN_PAGES[kind], fmt)
    assert _clean(text, fmt) == text


# --- pages with a defect ---------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("head", ["十堰日报2024年5月12日 星期日\n3", "十堰日报2024年5月12日 星期日 3",
                                  "十堰日报 2024年5月12日（星期日）\n3"])
def test_a_papers_running_head_once_inside_a_pdf_sentence_goes(head, fmt):
    text = f"{BODY[1][:-5]}\n{head}\n{BODY[1][-5:]}\n{BODY[2]}"
    assert _clean(text, fmt) == _page([BODY[1], BODY[2]], fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_books_running_head_once_between_the_halves_of_a_sentence_goes(fmt):
    k = A.index("通信")  # (the first half ends with 和, which ends no phrase)
    text = A[:k] + "\n\n12　乡村振兴的理论与实践\n\n" + A[k:] + "\n\n" + B
    assert _clean(text, fmt) == _page([A, B], fmt)
    k = B.index("机制") + 1  # (养护机|制: the document writes 养护机制 whole elsewhere)
    end = "农村公路养护机制改革正在推进。"
    text = A + "\n\n" + B[:k] + "\n\n乡村振兴的理论与实践　13\n\n" + B[k:] + "\n\n" + end
    assert _clean(text, fmt) == _page([A, B, end], fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_numbered_heading_after_a_paragraph_that_lost_its_full_stop_is_not_dropped(fmt):
    page = ["1 引言", "近年来，随着乡村振兴战略的深入实施，农村公路建设取得了显著成效，相关研究也日益增多", "2 研究方法",
            "本文采用面板数据模型，对十堰市各县的数据进行了实证分析。"]
    assert "研究方法" in _clean(_page(page, fmt), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_ocr_magazine_page_with_its_running_head_repeated_inside_sentences(fmt):
    text = (A[:50] + "\n中国经济周刊 2024年第10期\n" + A[50:] + "\n"
            + B[:45] + "\n中国经济周刊 2024年第10期\n" + B[45:])
    assert _clean(text, fmt) == _page([A, B], fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_ocr_book_page_keeps_its_footnote(fmt):
    note = "① 参见《中国农村发展报告2023》，中国社会科学出版社2023年版，第45页。"
    a = A.replace("增强。", "增强①。")
    text = f"\u3000\u3000{a[:36]}\n{a[36:]}\n\u3000\u3000{B[:37]}\n{B[37:]}\n{note}"
    assert _clean(text, fmt) == _page([a, B, note], fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("header", ["2024年5月12日 星期日　责编 王明　美编 李华　校对 张三",
                                    "2024年5月12日　责任编辑 王明　校对 张三"])
def test_a_newspaper_page_header_without_colons_goes(header, fmt):
    assert _clean(_page([header, BODY[0], BODY[1]], fmt), fmt) == _page(BODY[:2], fmt)
    assert _clean(_page([BODY[0], header, BODY[1]], fmt), fmt) == _page(BODY[:2], fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("label", ["【导读】", "【摘要】", "导读：", "核心提示："])
def test_a_summary_box_copying_the_lead_goes_not_the_lead(label, fmt):
    whole = label + BODY[0]
    cut = label + BODY[0][:BODY[0].index("，目前")] + "。"
    for box in (whole, cut):
        assert _clean(_page([box, BODY[0], BODY[1]], fmt), fmt) == _page(BODY[:2], fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("widget", ["小字号", "大字号 小字号", "大字号 中字号 小字号", "加入购物车", "立即购买",
                                    "加入购物车　立即购买"])
def test_font_size_and_shop_widgets_go(widget, fmt):
    assert _clean(_page([BODY[0], widget, BODY[1]], fmt), fmt) == _page(BODY[:2], fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_public_accounts_name_and_follow_us_promo_under_the_article_go(fmt):
    page = [BODY[0], BODY[1], "新浪财经公众号", "24小时滚动播报最新的财经资讯和视频，更多粉丝福利扫描二维码关注（sinafinance）"]
    assert _clean(_page(page, fmt), fmt) == _page(BODY[:2], fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_title_said_again_under_the_title_goes(fmt):
    title = "十堰农村公路建设提速"
    assert _clean(_page([title, title, BODY[0], BODY[1]], fmt), fmt) == _page([title, BODY[0], BODY[1]], fmt)
    page = [title, "来源：十堰日报　2024-05-12", title, BODY[0], BODY[1]]
    assert _clean(_page(page, fmt), fmt) == _page([title, BODY[0], BODY[1]], fmt)


def test_a_recipe_with_image_slots_between_its_steps_keeps_every_step():
    steps = ["1. 番茄洗净切块，鸡蛋打散备用。", "2. 热锅倒油，倒入蛋液炒至凝固盛出。", "3. 锅中再放少许油，放入番茄翻炒出汁。",
             "4. 倒入炒好的鸡蛋，加盐和白糖翻炒均匀即可。"]
    head = ["番茄炒蛋", "材料：番茄2个、鸡蛋3个、盐适量、白糖少许", "做法："]
    text = "\n\n".join(head) + "\n\n" + "\n\n\n\n".join(steps)
    assert _clean(text) == "\n\n".join(head + steps)


def test_an_encyclopedias_edit_buttons_and_contents_go():
    page = ["十堰市", "十堰市，湖北省辖地级市，位于湖北省西北部，是南水北调中线工程核心水源区。", "编辑", "播报", "目录", "1 历史沿革",
            "2 行政区划", "历史沿革", "十堰古称庸国、麇国，历史悠久。"]
    assert _clean("\n".join(page), "jsonl") == "\n".join([*page[:2], *page[7:]])


def test_a_job_pages_apply_button_goes():
    page = ["岗位名称：会计", "工作地点：十堰市张湾区", "岗位职责：负责公司日常账务处理。", "立即投递", "举报该职位"]
    assert _clean("\n".join(page), "jsonl") == "\n".join(page[:3])


def test_every_copy_of_the_title_goes_in_one_run():
    """Found by the idempotence property: four copies of a title kept two after
    the first run (each copy but the last read the others as verse under it),
    and the second run dropped one more."""
    from cleaner import Pipeline

    pipe = Pipeline()
    for fmt, sep in (("jsonl", "\n"), ("txt", "\n\n")):
        text = sep.join(["清泓润京 智泽车城"] * 4)
        once = pipe.clean(text, format=fmt).text
        assert once == "清泓润京 智泽车城"
        assert pipe.clean(once, format=fmt).text == once
