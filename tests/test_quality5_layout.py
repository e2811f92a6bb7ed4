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
    """Indented first lines, no blank lines: wrapped lines join (a full stop at
    the margin included), paragraphs stay apart, no indent is left (also before
    a paragraph that opens with a figure), no one-sentence line is a caption."""
    body = [PDF[0] + PDF[1], "5月12日，" + PDF[2], PDF[3]]
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
