"""The drop_lines keywords of BOI001-BOI009 are written for speed (rare anchor
characters first, lookbehinds for the rest), so they must still be what they
promise: a necessary condition for the rule's ``line`` pattern. Each rule must drop
exactly what it drops when every line is a candidate, and the pipeline's union
gate of the batch must pass whenever any rule of the batch would change the text.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cleaner import Pipeline, pipeline as P
from cleaner.registry import Context
from cleaner.rules import RuleSet
from cleaner.stages.boilerplate import drop_lines

RULES = RuleSet.load()
IDS = [f"BOI00{i}" for i in range(1, 10)] + ["BOI015", "BOI016", "BOI017", "BOI018"]  # the drop_lines rules, in file order
DROP_LINES = [rid for rid in IDS if RULES.get(rid).kind == "builtin"]
EVERY_LINE = r"[\s\S]"  # a keyword every line holds: the rule judges every line

#: Pieces of the lines the rules drop, and of the text around them.
TOKENS = [
    "copyright", "Copyright ©", "COPYRIGHT", "All Rights Reserved", "©", "版权所有", "版權所有",
    "版权为", "版权声明：", "未经同意不得", "未經許可，不得", "未经本站书面许可不得转载", "所有", "人",
    "ICP备", "icp證", "\u0130CP备", "\u0131CP備", "京ICP证", "公网安备", "網安備", "备案号", "備案號",
    " - ", "-", " | ", "|", "｜", " > ", ">", "»", "首页", "新闻", "关于我们",
    "责任编辑：", "【责任编辑", "責編:", "值班编辑", "编辑", "来源：", "來源:", "发布时间：",
    "浏览次数：", "阅读量", "点击量：", "校对", "审核：", "：", ":",
    "分享到：", "分享至", "扫一扫", "掃一掃", "扫描二维码", "长按识别二维码", "長按二維碼",
    "点击阅读原文", "阅读原文", "上一篇：", "下一篇", "返回顶部", "返回首页", "打印本页", "关闭窗口",
    "字体：大 中 小", "字体大中小", "关注我们", "点击进入",
    "记者", "记者张伟 摄", " 摄", "摄", "攝", "供图", " 通讯员 供圖", "（记者 张伟 摄）", "(王五摄)",
    "）", ")", "▲", "△", "▼", "↑", "图为", "圖為", "图为了", "图1：", "左图：", "上圖2:", "图", "地图",
    "（中）", "(左三)", "（前排右二）", "（右起）", "(中)", "（", "(", "（本版图片由某某提供）",
    "。", "！", "？", "，", ",", "；", " ", "\t", "\u3000", "  ", "\n", "\n\n", "\n\n\n", "\r", "\x0b",
    "张", "王", "市", "的", "一", "二", "上", "下", "左", "右", "中", "前排", "第三排", "了", "为",
    "1", "2", "十", "【", "[", "]", "】",
    "- 12 -", "—3—", "－", "第3页", "第 3 页", "共8页", "/", "Page 2", "PAGE", "page 3", " of 9",
    "页", "版", "第3版", "3版", "人民日报 2024年5月12日 ", "星期日", "日报", "年", "月", "日",
    "点击上方", "蓝字", "关注我们", "END", "- END -", "往期推荐", "往期", "在看", "再看", "“在看”",
    "喜欢就点个", "吧", "如有侵权", "请联系删除", "侵权", "看",
    "【纠错】", "[糾錯]", "【打印】", "【关闭】", "收藏", "相关阅读", "相關閱讀：", "延伸阅读", "推荐新闻",
    "更多文章", "热点推荐", "熱門新聞", "相关链接", "猜你喜欢", "猜你喜歡：", "阅读", "新闻",
    "楼主", "发表于", " 发表于 2024-05-12 10:30", "2024-5-12 10:30", "—— 来自 ", "iPhone",
    "客户端", "手機版", "回复", " | 举报", "只看该作者", "本帖最后由 ", "编辑", "沙发", "2楼", "#3",
    "点赞", "（12）", "评论(3)", "收起回复",
    "发布于", "编辑于", " 2024-05-12 10:30 ", "发布于北京", "腾讯新闻", "字体：小 中 大", "小", "大 ",
    "上一页", "下一页", " 1 2 ", "首页 ", "本期编辑：", "日08:21 | ", "｜来源：", "（上接第一版）", "下转",
    "A3版", "第二版", "《 人民日报 》（ ", "版 权 所 有", "著作权归作者所有。", "商业转载请联系作者。",
    "违法和不良信息举报电话：", "不良信息", "互联网新闻信息服务许可证：", "许可证", "增值电信业务经营许可证",
    "声明：", "新浪声明：", "免责声明：", "不代表本网观点", "仅提供信息存储服务", "平台", "上传并发布",
    "出于传递更多信息之目的", "3连3连！", "点击蓝字 关注我们",
    "十堰日报2024年5月12日", "晚报 2024年05月12日", "（星期日）", "星期", " 3",
]
SEPARATORS = [" - ", "  -   ", "\u3000-\u3000", "\t- ", " | ", "|", "｜", " > ", ">", "»",
              " »  ", "-", " -", "- "]
ITEMS = ["首页", "新闻", "关于我们", "A", "体育", "财经频道", "一二三四五六七八九十一二", "a b",
         "x-y", "本地 新闻", "，", "。"]


def _params(rid: str, keywords: str | None = None) -> dict:
    params = dict(RULES.get(rid).params)
    if keywords is not None:
        params["keywords"] = keywords
    return params


def _union():
    step = next(s for s in Pipeline()._local_plan if isinstance(s, P._Batch)
                and s.rules[0].id == "BOI001")
    assert [r.id for r in step.rules] == IDS
    return step.gate


UNION = _union()


def _check(text: str) -> None:
    changed = False
    for rid in DROP_LINES:
        want = drop_lines(text, Context(), **_params(rid, EVERY_LINE))
        assert drop_lines(text, Context(), **_params(rid)) == want, (rid, text)
        changed |= bool(want)
    if changed:
        assert UNION.search(text), text


def _token_text(rng: random.Random) -> str:
    return "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 14)))


def _navigation(rng: random.Random) -> str:
    items = [rng.choice(ITEMS) for _ in range(rng.randint(1, 5))]
    line = (rng.choice(["", " ", "\u3000", "\t", "  "])
            + "".join(item + rng.choice(SEPARATORS) for item in items[:-1]) + items[-1]
            + rng.choice(["", " ", "。"]))
    return rng.choice(["", "正文。\n", "正文。\n\n", "\n"]) + line + rng.choice(["", "\n正文。", "\n\n"])


def _lines(rng: random.Random) -> str:
    return rng.choice(["\n", "\n\n", "\n\n\n"]).join(
        rng.choice(["", " ", "\u3000\u3000", "\t"]) + _token_text(rng)
        for _ in range(rng.randint(1, 5)))


@pytest.mark.parametrize("seed", range(4))
def test_keywords_find_every_line_the_rules_drop(seed):
    rng = random.Random(seed)
    for _ in range(400):
        _check(rng.choice([_token_text, _navigation, _lines])(rng))


@pytest.mark.parametrize("text", [
    "一二三四五六七八九十一二    -    新闻    -    体育",  # the item's tail and the spaces
    "首页\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000-\u3000新闻 - 体育",
    "正文。\n\u3000\u3000【责任编辑\u3000：张三】",
    "\t\t上一篇：京堰协作十周年",
    "COPYR\u0130GHT 2024",
    "京\u0130CP备12345678号",
    "京\u0131CP备12345678号",  # ignore_case: I matches a dotless i, i does not
    "图为北京专家在丹江口大坝",  # one line: the whole text goes
    "图为",
])
def test_keywords_find_lines_at_their_limits(text):
    _check(text)


def test_the_generated_texts_exercise_every_rule():
    rng = random.Random(0)
    hit = set()
    for _ in range(1600):
        text = rng.choice([_token_text, _navigation, _lines])(rng)
        hit |= {rid for rid in DROP_LINES
                if drop_lines(text, Context(), **_params(rid, EVERY_LINE))}
    assert hit == set(DROP_LINES)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=20).map("".join))
def test_keywords_are_necessary_on_any_token_text(text):
    _check(text)


@pytest.mark.parametrize("text", [
    "他在城市图书馆里读书。\n\n地图为我们指明了方向。",
    "资金来源：财政拨款。\n\n欢迎读者分享到朋友圈，扫一扫就能关注我们。",
    "市民供图给报社。\n\n道路左侧（左）为机动车道。这条路全长三公里。",
])
def test_clean_text_does_not_pass_the_gate(text):
    """Words of the keywords inside sentences no longer make all nine rules run."""
    assert UNION.search(text) is None


def test_the_gate_starts_with_anchor_characters_only():
    """Every BOI gate starts with a set of characters without case folding: the
    union then has a small first-character set (a range, a negated class, a
    zero-width start or ignore_case there would make the scan slow again)."""
    for rid in DROP_LINES:
        keywords = RULES.get(rid).params["keywords"]
        assert keywords.startswith(("[", "(?-i:[", "(?:[")), rid
        assert not keywords.startswith(("[^", "(?-i:[^")), rid


# --- line-local keywords take the one-scan path of drop_lines ---------------------

_LINE_ALPHABET = list("\n\n\n  \t\u3000\r\x0b。，！？（）()|-—图為为中左记者摄ab") + [
    "\n\n\n", "a b", "图为", "（中）", " - "]
_line_texts = st.lists(st.sampled_from(_LINE_ALPHABET), max_size=40).map("".join)
_LINE_LOCAL = [
    r"(?<![^\n])[ \t\u3000]*图", r"图(?![^\n])", r"[^。\n]{2}(?<=[ab])", r"(?<=[^\n]{3})中",
    r"(?<!(?<![^\n])[ \t]*)[-—]", r"[（(](?<=[\u4e00-\u9fff][（(])中[）)]", r"(?-i:[aA])(?=[^\n]*b)",
    r"(?=图)(?<![^\n ])[^\n]*", r"[^\s]+", r"(?<=\t).", r"[\t\r -]{2}",
    *(RULES.get(rid).params["keywords"] for rid in DROP_LINES),
]


@pytest.mark.parametrize("pattern", _LINE_LOCAL)
def test_line_local_patterns_are_recognised(pattern):
    from cleaner.stages.boilerplate import _line_local
    assert _line_local(pattern)


@pytest.mark.parametrize("pattern", [
    r"\n", r"[\n]", r"\s", r"[\s]", r"\W", r"\D", r"[^a]", r"[\t-\r]", r"\x0a", r"[\u000a]",
    r"^a", r"a$", r"\Aa", r"a\Z", r"\bx", "(?i)a", "(?s:.)", r"(a)\1", "a{e<=1}", "[[:alpha:]]",
    "(?<n>a)", "(?>a)", "a\nb", r"(?<=[^a])b", r"\p{Han}",
])
def test_patterns_that_may_see_past_a_line_break_are_refused(pattern):
    from cleaner.stages.boilerplate import _line_local
    assert not _line_local(pattern)


@settings(max_examples=500, deadline=None)
@given(_line_texts, st.sampled_from(_LINE_LOCAL), st.integers(1, 30))
def test_lines_with_a_line_local_keyword_are_a_search_per_line(text, keywords, max_len):
    import regex

    from cleaner.stages import _paragraphs as para
    from cleaner.stages.boilerplate import _lines_with_keyword
    keys = regex.compile(keywords, regex.V0)
    lines = para.split(text).lines
    found = [(m.start(), m.end()) for m in keys.finditer(text)]
    expected = [ln for ln in lines if len(ln.text) <= max_len and keys.search(ln.text)]
    assert _lines_with_keyword(lines, found, keys, max_len) == expected
