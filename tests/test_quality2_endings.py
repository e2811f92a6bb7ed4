"""Quality round 2: content at a page's end is kept; a paragraph's lost 。 comes back."""

import pytest

from cleaner import Pipeline, clean_text

NOTICE = ("关于做好防汛工作的通知\n\n各区县人民政府，市政府各部门：\n\n"
          "为切实做好今年汛期防汛工作，确保人民群众生命财产安全，现将有关事项通知如下。\n\n"
          "一、提高思想认识，压实防汛责任。\n\n二、加强隐患排查，及时消除风险。\n\n"
          "XX市人民政府办公室\n\n2024年5月12日")


@pytest.mark.parametrize("tail", [
    "联系电话：010-12345678",
    "地址：北京市朝阳区建国路88号",
    "邮箱：service@example.com",
    "官网：https://www.example.gov.cn",
    "配置文件示例：name: test, version: 1.0",
    "2024年5月12日",
    "二〇二四年五月十二日",
])
def test_content_line_closing_a_page_is_kept(tail):
    text = f"展览将持续到本月底，免费向市民开放，需提前预约。\n\n{tail}"
    assert clean_text(text).text == text


def test_notice_signature_block_is_kept():
    assert clean_text(NOTICE).text == NOTICE
    jsonl = NOTICE.replace("\n\n", "\n")
    assert Pipeline().clean(jsonl, format="jsonl").text == jsonl


def test_sentence_before_contact_fields_is_no_caption():
    text = ("本次招聘面向社会公开进行，报名时间为6月1日至6月10日。\n\n"
            "有意者请携带相关材料到现场报名。\n\n联系人：王老师\n\n联系电话：010-12345678")
    assert clean_text(text).text == text


def test_short_field_lines_are_no_sidebar():
    text = "报名者须填写以下信息并提交。\n\n姓名：张三\n\n性别：男\n\n年龄：30\n\n审核结果将另行通知。"
    assert clean_text(text).text == text


def test_dangling_heading_still_goes_after_fields():
    text = "有意者请携带相关材料到现场报名。\n\n联系电话：010-12345678\n\n热点新闻推荐"
    assert clean_text(text).text == "有意者请携带相关材料到现场报名。\n\n联系电话：010-12345678"


def _as_gbk(s: str) -> str:
    return s.encode("utf-8").decode("gbk", errors="replace")


@pytest.mark.parametrize("sentence", ["北京欢迎你。", "北京欢迎你，中国人民站起来了。"])
def test_utf8_read_as_gbk_restores_final_full_stop(sentence):
    garbled = _as_gbk(sentence)
    assert garbled.endswith("\ufffd\ufffd")
    out = clean_text(garbled, select=["ENC016"]).text
    assert out.endswith("。") and "\ufffd" not in out


def test_lost_mark_with_open_bracket_is_not_guessed():
    out = clean_text(_as_gbk("书名叫《北京欢迎你》"), select=["ENC016"]).text
    assert not out.endswith("。") and "\ufffd" not in out


def test_endings_are_idempotent():
    for text in (NOTICE, _as_gbk("北京欢迎你。\n下一段文字。")):
        once = clean_text(text).text
        assert clean_text(once).text == once


@pytest.mark.parametrize("text,expected", [
    ('他说："Hello, world!" 然后笑了。', '他说：“Hello, world!” 然后笑了。'),
    ("太好了:)明天见。", "太好了:)明天见。"),
    ('他喊"快跑!"大家都跑了。', "他喊“快跑！”大家都跑了。"),
    ("今天天气很好,我们去公园散步吧!", "今天天气很好，我们去公园散步吧！"),
])
def test_halfwidth_marks_in_english_phrases_and_smileys(text, expected):
    once = clean_text(text).text
    assert once == expected
    assert clean_text(once).text == once
