"""Quality round 5: layout, boilerplate and duplicates on hand-made pages (PDF
and OCR text, portals, public accounts, notices), through the whole pipeline in
both formats, twice (the second run must change nothing)."""

from __future__ import annotations

import pytest

from cleaner import Pipeline, apply_edits

PIPE = Pipeline()


def _clean(text: str, fmt: str = "txt") -> str:
    res = PIPE.clean(text, format=fmt)
    assert apply_edits(text, res.edits) == res.text
    assert PIPE.clean(res.text, format=fmt).text == res.text
    return res.text


def _wrap(paragraphs: list[str], width: int, indent: str = "\u3000\u3000") -> str:
    """Paragraphs as a PDF extractor gives them: cut every ``width`` characters,
    each paragraph's first line indented, no blank lines."""
    lines = []
    for p in paragraphs:
        s = indent + p
        while s:
            lines.append(s[:width])
            s = s[width:]
    return "\n".join(lines)


PDF = [
    "今年以来，我市坚持以人民为中心的发展思想，聚焦群众急难愁盼问题，扎实推进十项民生实事，取得明显成效。",
    "全年新增城镇就业人员五万两千人，城镇调查失业率控制在百分之五以内。",
    "在教育方面，新建改扩建中小学校十二所，新增学位一万五千个；在医疗方面，新增三甲医院两家，基层医疗卫生服务能力持续提升，群众看病就医更加便利。",
    "在养老方面，新建社区养老服务中心三十个，为老年人提供助餐、助洁、助医等服务，受到群众普遍欢迎。",
]


@pytest.mark.parametrize("indent", ["\u3000\u3000", "    "])
def test_pdf_paragraphs_marked_by_indentation(indent):
    """Indented first lines, no blank lines: wrapped lines join, paragraphs stay
    apart, no indent is left (also before a paragraph that opens with a
    figure), no line is taken for a heading or a caption."""
    body = [PDF[0], "5月12日，" + PDF[2], PDF[3]]
    text = _wrap(body, 26, indent)
    assert _clean(text) == "\n\n".join(body)
    assert _clean(text, "jsonl") == "\n".join(body)


def test_cuts_inside_numbers_dates_and_addresses():
    text = ("据海关总署统计，前4个月出口增长4.9%；进口增长6.\n8%，贸易顺差1.82万亿元。\n\n"
            "中考将于6月\n18日至20日举行，详见http://www.example.gov.cn/zwgk/\n"
            "zcwj/202405/t20240512_1.html，或拨打12345热线。")
    assert _clean(text) == (
        "据海关总署统计，前4个月出口增长4.9%；进口增长6.8%，贸易顺差1.82万亿元。\n\n"
        "中考将于6月18日至20日举行，详见http://www.example.gov.cn/zwgk/zcwj/202405/"
        "t20240512_1.html，或拨打12345热线。")


def test_latin_word_cut_by_the_width_joins_when_the_document_writes_it_whole():
    text = "近日，微软公司宣布将在上海设立研发中心，Micro\nsoft方面表示，Microsoft中国区总裁出席。"
    assert _clean(text, "jsonl") == "近日，微软公司宣布将在上海设立研发中心，Microsoft方面表示，Microsoft中国区总裁出席。"
    # without that evidence the words keep their space
    assert _clean("The pipeline joins lines that\nwere wrapped.", "jsonl") == \
        "The pipeline joins lines that were wrapped."


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_tables_fields_and_signatures_are_not_joined(fmt):
    sep = "\n\n" if fmt == "txt" else "\n"
    lines = ["各区一季度主要指标如下：", "区域\u3000\u3000地区生产总值\u3000\u3000增速",
             "海淀区\u3000\u30002800亿元\u3000\u30006.1%", "朝阳区\u3000\u30002100亿元\u3000\u30005.2%",
             "欢迎广大市民踊跃报名参加。", "报名地址：北京市海淀区中关村大街1号", "邮政编码：100080",
             "联系电话：010-12345678", "特此通知。", "XX市人民政府办公室", "2024年5月12日"]
    text = "\n".join(lines[:4]) + "\n\n" + "\n".join(lines[4:8]) + "\n\n" + "\n".join(lines[8:])
    assert _clean(text, fmt) == sep.join(lines)


REPORT = ("过去一年，我们坚持稳中求进工作总基调，全市地区生产总值增长6.2%，城乡居民人均可支配收入分别增长5.3%和7.2%，"
          "经济社会发展主要目标任务圆满")


@pytest.mark.parametrize("number", ["— 2 —", "·12·", "12", "P12", "第 3 页 共 8 页", "12/30"])
def test_page_break_inside_a_sentence(number):
    """A page number and a running head (repeated at every page) between the two
    halves of a sentence go, and the halves join."""
    text = (f"XX市人民政府工作报告\n\n{REPORT}\n\n{number}\n\nXX市人民政府工作报告\n\n完成。产业转型步伐加快。\n\n"
            f"今年要坚持以高质量发展为首要任务，着力扩大有效需求，着力推动科技创新和产业\n\n"
            f"XX市人民政府工作报告\n\n创新深度融合。")
    assert _clean(text) == (f"XX市人民政府工作报告\n\n{REPORT}完成。产业转型步伐加快。\n\n"
                            "今年要坚持以高质量发展为首要任务，着力扩大有效需求，着力推动科技创新和产业创新深度融合。")


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_what_a_lead_in_introduces_stays(fmt):
    sep = "\n\n" if fmt == "txt" else "\n"
    song = ["歌词如下：", "我和我的祖国，一刻也不能分割", "无论我走到哪里，都流出一首赞歌",
            "我歌唱每一座高山，我歌唱每一条河", "我和我的祖国，一刻也不能分割"]
    ranking = ["2024年中国城市GDP排名前三位依次是：", "上海", "北京", "深圳"]
    assert _clean(sep.join(song), fmt) == sep.join(song)
    assert _clean(sep.join(ranking), fmt) == sep.join(ranking)


def test_rows_of_a_template_are_not_duplicates_but_copies_are():
    rows = ["今日起，各地油价调整如下：",
            "北京市：92号汽油每升7.85元，95号汽油每升8.35元，0号柴油每升7.53元。",
            "天津市：92号汽油每升7.84元，95号汽油每升8.29元，0号柴油每升7.51元。",
            "河北省：92号汽油每升7.84元，95号汽油每升8.29元，0号柴油每升7.51元。"]
    assert _clean("\n\n".join(rows)) == "\n\n".join(rows)
    copy = rows[1].replace("，", ",").replace("汽油", "汽汕", 1)
    assert _clean("\n\n".join(rows + [copy])) == "\n\n".join(rows)


BODY = ["5月12日，市文化和旅游局发布数据显示，“五一”假期全市共接待游客356万人次，同比增长12.3%。",
        "业内人士表示，文旅消费持续升温，释放出强劲的内需潜力，也为全年经济增长注入了动力。"]

#: Lines a page puts around an article: captions and credits, sources, widgets.
FURNITURE = [
    "资料图", "资料图片", "（视频截图）", "视频截图", "受访者供图", "网络图片", "图片来源：网络", "图源：视觉中国",
    "图/视觉中国", "图片｜来源网络", "图片由受访者提供", "本文图片均来自网络", "（本报记者 王芳 摄）", "央视新闻客户端截图",
    "（图片来源于网络，如有侵权请联系删除）", "文 | 张三", "作者 | 李四", "编辑 | 王五 审核 | 钱七", "摄影/张伟",
    "文字：张三  摄影：李四", "海报设计：赵敏", "视频：李明 剪辑：王芳", "文/图 记者 王芳", "实习生 张华 记者 李强 文/图",
    "作者：张三 来源：经济日报", "本文来源：中国新闻网", "原标题：《五一假期文旅消费持续升温》", "2024-05-12 10:30 来源：新华网",
    "分享：", "微信 微博 QQ空间", "微信扫一扫 关注该公众号", "【字号 大 中 小】", "点击“阅读原文”了解更多", "返回搜狐，查看更多",
    "下载XX新闻客户端，看更多精彩内容", "打开APP阅读全文", "打开XX APP，查看更多高清图片", "展开全文", "点击蓝字关注我们",
    "更多精彩内容，请关注XX公众号", "网友评论", "发表评论", "全部评论(12)", "24小时热文", "点击排行", "广告", "【广告】",
    "点赞 收藏 分享", "打印 | 关闭", "阅读 10万+", "【延伸阅读】", "喜欢此内容的人还喜欢", "转载请注明出处。",
    "本文系XX原创，转载请注明来源。", "声明：本文仅代表作者观点，不代表本站立场。", "本网站所有内容未经授权禁止转载", "（完）",
]

#: Content that uses the same words.
CONTENT = [
    "用户可在各大应用商店下载“XX”APP，在线预约挂号。", "打开手机，下载客户端，几分钟就能办好业务。",
    "他说：“点击上方的按钮，就能看到全部内容。”", "作者以细腻的笔触，描绘了江南水乡的风土人情。",
    "图片来源于生活，又高于生活。", "这张效果图展示了未来新城区的面貌。", "电脑如何截图", "绘就乡村振兴新蓝图",
    "转载是网络传播的常见方式，但应当遵守著作权法。", "他在文章中说，欢迎转载，但是请注明出处，这是对作者的尊重。",
    "评论员文章", "网友评论认为，这项措施切实可行。", "广告行业近年来发展迅速。", "排行榜前十名中，国产品牌占据六席。",
    "点赞、评论、转发，是网友表达态度的方式。", "微信、微博等社交平台成为信息传播的重要渠道。", "微信支付 支付宝 银联云闪付",
    "欢迎关注我们的公众号，获取更多资讯。", "阅读100本书的计划已经完成一半。", "分享：我的三个读书方法",
    "文 | 张三的这篇文章写得很好。", "设计：简约大方", "视频：支持4K录制", "策划：市文旅局", "作者简介：张三，1980年生，北京人。",
    "2024-05-12 10:30 会议在市政府召开，与会人员就有关问题进行了讨论。", "已有300人参与了此次问卷调查。",
    "返回家乡创业的年轻人越来越多。", "记者：您怎么看待今年的就业形势？",
]


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_goes_in_the_middle_of_a_page(line, fmt):
    sep = "\n\n" if fmt == "txt" else "\n"
    assert _clean(sep.join([BODY[0], line, BODY[1]]), fmt) == sep.join(BODY)


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
@pytest.mark.parametrize("line", CONTENT)
def test_content_with_the_same_words_stays(line, fmt):
    sep = "\n\n" if fmt == "txt" else "\n"
    text = sep.join([BODY[0], line, BODY[1]])
    assert _clean(text, fmt) == text


def test_widget_paragraphs_hold_a_widget_character():
    """The cheap question of the widget pattern is necessary: every paragraph it
    matches (of the furniture above, and of pieces of them) holds one of its
    characters."""
    import random

    from cleaner.stages import boilerplate as bp
    pieces = [*FURNITURE, *CONTENT, "APP", "客户端", "评论", "(12)", " ", "|", "阅读", "10万+", "完", "（", "）",
              "分享", "点赞", "收藏", "关注", "公众号", "排行", "榜", "热文", "下载", "打开", "，", "全文", "更多"]
    rng = random.Random(5)
    for _ in range(20000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4)))[:bp._WIDGET_MAX]
        if bp._WIDGET.fullmatch(s):
            assert bp._WIDGET_CHARS.search(s), s


def test_drop_lines_keywords_find_the_new_lines():
    """Each drop_lines rule drops the same lines of these pages with its keywords
    as when every line is a candidate (the keywords are necessary), and the
    pipeline's union gate passes whenever one of them drops something."""
    import random

    from cleaner import pipeline as P
    from cleaner.registry import Context
    from cleaner.rules import RuleSet
    from cleaner.stages.boilerplate import drop_lines

    rules = RuleSet.load()
    ids = [r.id for r in rules.rules if r.kind == "builtin" and r.builtin.name == "drop_lines"]
    assert len(ids) >= 12
    gate = next(s for s in Pipeline()._local_plan if isinstance(s, P._Batch)
                and s.rules[0].id == "BOI001").gate
    rng = random.Random(7)
    lines = [*FURNITURE, *CONTENT, *BODY, "  ", "\u3000\u3000", "正文。", "【受访者供图】", "（CFP供图）",
             "视频：李明", "记者：您好", "作者：张三 来源：经济日报。"]
    for _ in range(600):
        text = rng.choice(["\n", "\n\n"]).join(
            rng.choice(["", " ", "\u3000\u3000"]) + rng.choice(lines) for _ in range(rng.randint(1, 4)))
        changed = False
        for rid in ids:
            params = dict(rules.get(rid).params)
            want = drop_lines(text, Context(), **{**params, "keywords": r"[\s\S]"})
            assert drop_lines(text, Context(), **params) == want, (rid, text)
            changed |= bool(want)
        if changed:
            assert gate.search(text), text


@pytest.mark.parametrize("text,expected", [
    ("这一政策自2024\n年1月1日起正式施行。", "这一政策自2024年1月1日起正式施行。"),
    ("有意者请将简历发送至hr@exam\nple.com，邮件标题注明应聘岗位。", "有意者请将简历发送至hr@example.com，邮件标题注明应聘岗位。"),
    ("全市城镇居民人均可支配收入同比增长5.\n3%，农村居民增长7.2%。", "全市城镇居民人均可支配收入同比增长5.3%，农村居民增长7.2%。"),
    ("官网：https://www.gov.cn/\nEnglish version available here.", None),
    ("邮箱hr@example.com\n2024年5月12日", None),
    ("工作总结2024\n年初，我们制定了计划。", None),
])
def test_cuts_in_one_paragraph_per_line(text, expected):
    assert _clean(text, "jsonl") == (text if expected is None else expected)


def test_a_fuller_paragraph_after_its_summary_stays_a_copy_with_junk_goes():
    summary = "【摘要】5月12日，市文旅局发布数据显示，“五一”假期全市共接待游客356万人次，同比增长12.3%。"
    full = "5月12日，市文旅局发布数据显示，“五一”假期全市共接待游客356万人次，同比增长12.3%，实现旅游收入28.6亿元。"
    other = "业内人士表示，文旅消费持续升温，释放出强劲的内需潜力，也为全年经济增长注入了动力。"
    assert _clean("\n\n".join([summary, full, other])) == "\n\n".join([summary, full, other])
    junk = "6个,创新建设24小时工会驿站26个。" + full
    assert _clean("\n\n".join([full, other, junk])) == "\n\n".join([full, other])
    assert _clean("\n\n".join([full, other, full + "千帆竞发，人才为本。"])) == "\n\n".join([full, other])


def test_a_figure_cut_from_its_unit_is_no_page_number():
    text = "今年以来，全市地区生产总值同比增长了百分之\n\n12\n\n%，其他指标也稳中有升。"
    assert _clean(text) == "今年以来，全市地区生产总值同比增长了百分之12%，其他指标也稳中有升。"


@pytest.mark.parametrize("credit", ["（新华社发）", "（受访者供图）", "（CFP供图）", "（图片由市文旅局提供）",
                                    "（本文配图均来自网络）", "视觉中国供图", "图｜视觉中国"])
def test_picture_credits_alone(credit):
    assert _clean("\n\n".join([BODY[0], credit, BODY[1]])) == "\n\n".join(BODY)
