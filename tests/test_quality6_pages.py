"""Quality round 6: layout, boilerplate and duplicates on hand-made pages of
kinds earlier rounds did not cover (verse and lyrics, portal disclaimers and
footers, newspaper page furniture, Q&A pages), through the whole pipeline in
both formats, twice (the second run must change nothing)."""

from __future__ import annotations

import pytest

from pages import BODY, clean_checked as _clean, page as _page


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
@pytest.mark.parametrize("poem", [
    ["《我的家乡》", "作词：张三　作曲：李四", "山那边有条小河", "河边是我的家", "妈妈在门前等我", "等我回家",
     "啊，家乡", "我的家乡", "山那边有条小河", "河边是我的家"],
    ["春天来了", "风", "吹过田野", "吹过河流", "吹过我童年的村庄", "我听见", "燕子在说话"],
    ["静夜思", "李白", "床前明月光，", "疑是地上霜。", "举头望明月，", "低头思故乡。"],
])
def test_verse_and_lyrics_keep_every_line(poem, fmt):
    """Short lines that make up the page are its content, not a sidebar or a
    dangling heading; a couplet's lines are not joined; the poet's name under
    the title is no byline."""
    assert _clean(_page(poem, fmt), fmt) == _page(poem, fmt)


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_a_sidebar_beside_a_body_still_goes(fmt):
    """(its last line stays: it may be the heading of the paragraph under it)"""
    side = ["一泓清水", "十分深情", "南水北调", "十周年特别报道"]
    assert _clean(_page([BODY[0], *side, BODY[1], BODY[2]], fmt), fmt) == \
        _page([BODY[0], side[-1], BODY[1], BODY[2]], fmt)


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_vertical_banner_set_one_character_a_paragraph_goes_whole(fmt):
    assert _clean(_page([*"奋进新征程", BODY[0], BODY[1]], fmt), fmt) == _page(BODY[:2], fmt)


def test_a_prose_sentence_after_an_image_slot_is_no_caption():
    text = f"{BODY[0]}\n\n\n\n村民在新修的公路上骑行\n\n\n\n{BODY[1]}"
    assert _clean(text) == f"{BODY[0]}\n\n{BODY[1]}"


#: Lines that portals, Q&A sites, public accounts and newspaper pages put around
#: an article.
FURNITURE = [
    "新浪声明：此消息系转载自新浪合作媒体，新浪网登载此文出于传递更多信息之目的，并不意味着赞同其观点或证实其描述。",
    "免责声明：本内容来自腾讯平台创作者，不代表腾讯新闻或腾讯网的观点和立场。",
    "特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布，本平台仅提供信息存储服务。",
    "腾讯新闻 2024-05-12 10:30 发布于北京", "发布于 2024-05-12 10:30", "字体：小 中 大",
    "2024年05月12日08:21 | 来源：人民网－人民日报", "《 人民日报 》（ 2024年05月12日 第 01 版）", "（上接第一版）",
    "人 民 网 股 份 有 限 公 司 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用",
    "违法和不良信息举报电话：010-12345678　举报邮箱：jubao@example.com", "互联网新闻信息服务许可证：10120170001",
    "著作权归作者所有。商业转载请联系作者获得授权，非商业转载请注明出处。", "上一页 1 2 下一页", "本期编辑：张三", "监制丨赵六",
    "点击蓝字 关注我们", "分享、点赞、在看，3连3连！", "海量资讯、精准解读，尽在新浪财经APP", "最佳答案", "已赞过",
    "你对这个回答的评价是？",
]

#: Content that uses the same words.
CONTENT = [
    "公司声明：本公司从未委托任何机构代为办理招聘事宜。", "该平台在声明中称，其仅提供信息存储空间服务，不应承担责任。",
    "该报告发布于2024年5月12日，引起广泛关注。", "本报上接第一版的报道引起了读者关注。",
    "法院认为，该作品的著作权归原告所有，被告应当停止侵权。", "该网站未取得互联网新闻信息服务许可证。", "请翻到下一页继续阅读。",
    "最佳答案往往来自有经验的网友。", "（此件公开发布）",
]


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_goes_in_the_middle_of_a_page(line, fmt):
    assert _clean(_page([BODY[0], line, BODY[1]], fmt), fmt) == _page(BODY[:2], fmt)


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
@pytest.mark.parametrize("line", CONTENT)
def test_content_with_the_same_words_stays(line, fmt):
    text = _page([BODY[0], line, BODY[1]], fmt)
    assert _clean(text, fmt) == text


NOTICE = ["关于做好2024年汛期安全防范工作的通知", "各县（市、区）人民政府，市政府各部门：",
          "为切实做好今年汛期安全防范工作，保障人民群众生命财产安全，经市政府同意，现就有关事项通知如下：",
          "一、提高思想认识", "各地各部门要充分认识做好汛期安全防范工作的重要性，切实增强责任感和紧迫感。",
          "（一）加强重点部位排查。对水库、堤防、山洪灾害易发区等重点部位开展全面排查。",
          "特此通知。", "附件：1.汛期重点部位责任人名单", "2.汛期值班安排表", "十堰市人民政府办公室", "2024年5月12日",
          "（此件公开发布）"]


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_a_notice_keeps_its_close_and_its_publication_marking(fmt):
    assert _clean(_page(NOTICE, fmt), fmt) == _page(NOTICE, fmt)


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_a_qa_page_keeps_the_question_and_the_answer(fmt):
    page = ["电脑开机蓝屏怎么办？", "最佳答案", "1、重启电脑，按F8进入安全模式。", "2、卸载最近安装的软件或驱动。",
            "已赞过", "已踩过", "你对这个回答的评价是？", "其他类似问题"]
    assert _clean(_page(page, fmt), fmt) == _page([page[0], page[2], page[3]], fmt)
