"""Quality round 3: forum furniture, poems, tables and full-width tokens on
hand-made pages, through the whole pipeline (.txt and JSONL), twice."""

from __future__ import annotations

import pytest

from cleaner import Pipeline, clean_text

FORUM = """【求助】家里老人血压高，平时饮食要注意什么？

楼主 发表于 2024-05-12 10:30

我父亲今年六十八岁，最近体检发现血压偏高。想请教大家平时都是怎么调理的？

—— 来自 iPhone 客户端

回复 | 举报

本帖最后由 老王 于 2024-5-12 10:30 编辑

少吃盐是第一位的，每天不超过五克。

收起回复

2楼

点赞(12) 评论(3)

“人生得一知己足矣，斯世当以同怀视之。”

—— 鲁迅
"""

POEM = """中秋将至，我们一起重温这首诗。

静夜思
李白
床前明月光
疑是地上霜
举头望明月
低头思故乡

这首诗千百年来广为传诵。
"""

TABLE = """公司高管名单如下。

姓名 | 年龄 | 职务
张三 | 45 | 董事长
李四 | 38 | 总经理

以上人员均已到任。
"""


def _both(text: str) -> list[str]:
    out = [clean_text(text).text, Pipeline().clean(text, format="jsonl").text]
    assert clean_text(out[0]).text == out[0]
    assert Pipeline().clean(out[1], format="jsonl").text == out[1]
    return out


def test_forum_furniture_goes_and_the_posts_and_attribution_stay():
    for out in _both(FORUM):
        for gone in ("发表于", "客户端", "举报", "本帖最后由", "收起回复", "2楼", "点赞"):
            assert gone not in out
        for kept in ("想请教大家", "少吃盐", "同怀视之", "—— 鲁迅"):
            assert kept in out


def test_a_poem_keeps_every_line_unjoined():
    for out in _both(POEM):
        lines = [ln for ln in out.split("\n") if ln]
        for verse in ("静夜思", "李白", "床前明月光", "疑是地上霜", "举头望明月", "低头思故乡"):
            assert verse in lines


def test_a_table_with_figures_stays():
    for out in _both(TABLE):
        for row in ("姓名 | 年龄 | 职务", "张三 | 45 | 董事长", "李四 | 38 | 总经理"):
            assert row in out


@pytest.mark.parametrize("text, expected", [
    ("２０２４年ＧＤＰ增长５．２％。", "2024年GDP增长5.2%。"),
    ("详见ｗｗｗ．ｘｘｘ．ｃｏｍ。", "详见www.xxx.com。"),
])
def test_fullwidth_tokens_go_half_width_whole(text, expected):
    assert clean_text(text).text == expected

