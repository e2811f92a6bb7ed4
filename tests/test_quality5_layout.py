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
