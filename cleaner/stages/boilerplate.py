"""Boilerplate (BOI rules): what the page put around the article, not the article.

Site furniture that a pattern recognises (copyright lines, ICP numbers,
navigation rows, share widgets, photo credits) is pattern data in
``rules/boilerplate.toml``, run by :func:`drop_lines` (a keyword scan first, so
clean pages cost one search). This module also holds what needs more than one
line to judge:

* :func:`page_structure`: bylines, banners, captions placed by the layout and
  page furniture (sidebars, vertical text). These are decided *together* on the
  paragraph model, because each decision depends on the neighbours that are
  left: a caption is recognised by the heading after it once the furniture
  between them is gone, a line is a dangling heading only once the captions
  after it are gone. The analysis iterates to a fixed point, so the paragraphs
  it keeps are exactly a text on which it would drop nothing more, which makes
  the stage idempotent. Each BOI rule that names this builtin emits only the
  drops of its own ``kinds``, so explain and ``--ignore`` still work per rule.
* :func:`frequent_lines`: lines that recur across many documents of a corpus
  (site templates), from :class:`cleaner.corpus_stats.CorpusStats`.

Dropped bylines, banners and furniture are kept as metadata
(``ctx.metadata["byline"]`` ...) when the caller collects it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import regex

from ..records import Change
from ..registry import Context, builtin
from . import _paragraphs as para
from .layout import surely_joins, units_of, would_join, wrap_column

# --- vocabulary -------------------------------------------------------------

#: Common Chinese surnames (Simplified and Traditional forms): a byline's names
#: start with one, a heading's words rarely do. Compound surnames are matched by
#: their first character, which is in the list.
SURNAMES = frozenset(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓"
    "冯馮邓鄧曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸"
    "汪范金石廖贾賈夏韦韋付方白邹鄒孟熊秦邱江尹薛闫閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬"
    "钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯"
    "岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂成苗谷"
    "盛曲翁冉骆駱蓝藍路游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒解牟艾尤阳陽时時穆农農司卓古吉"
    "缪繆简簡车車项項连連芦蘆麦麥褚娄婁窦竇戚岑景党宫宮费費卜冷晏席卫衛米柏宗瞿桂全佟应應臧"
    "闵閔苟邬鄔边邊卞姬师師和仇栾欒隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏明佘池查麻苑迟遲邝鄺"
    "官封谈談匡鞠惠荆荊乐樂冀郁胥南班储儲原栗燕楚鄢劳勞谌諶奚皮粟冼蔺藺楼樓盘盤满滿闻聞位"
    "厉厲伊仝区區郜海阚闞花权權强強帅帥屠豆朴盖蓋练練廉禹井祖漆巴丰風支卿国國狄平计計索宣晋晉"
    "相初门門云雲容敬来來扈晁芮都普阙闕浦戈伏鹿薄邸雍辜羊阿乌烏母裘亓修邰赫杭况況那宿鲜鮮印逯"
    "隆茹诸諸战戰慕危玉银銀亢嵇公哈湛宾賓戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴陰昝智幸奉"
    "植衡富尧堯闭閉由"
)

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ROLE = (r"(?:(?:本报|本報|本台|本刊|本网|本網|特约|特約|见习|見習|实习|實習|首席)?"
         r"(?:摄影记者|攝影記者|记者|記者|通讯员|通訊員|实习生|實習生|摄影|攝影|撰稿|撰文|作者"
         r"|责任编辑|責任編輯|编辑|編輯|责编|責編|主编|主編|文字|图文|圖文|排版|美编|美編|剪辑|剪輯"
         r"|制图|製圖|校对|校對|审核|審核|审校|審校)"
         r"|(?:设计|設計|视频|視頻|海报|海報|统筹|統籌|策划|策劃|监制|監製)\s*[/／|｜丨]"
         r"|(?:文|图|圖|摄|攝)\s*[/／]\s*(?:文|图|圖|摄|攝)(?![\u3400-\u4dbf\u4e00-\u9fff])"
         r"|(?:文|图|圖|文图|文圖|摄|攝)\s*[/／|｜丨])")
_SEP = r"[ \t\u3000、，,]+"
_NAME = rf"[{_HAN}][{_HAN}·]{{1,3}}"
_ROLED_NAME = rf"(?:{_ROLE}[ \t\u3000:：|｜/／丨]*)?{_NAME}"
#: A byline may close with the roles of all its names (``记者 李强 文/图``).
_BYLINE = re.compile(rf"{_ROLED_NAME}(?:{_SEP}{_ROLED_NAME})*(?:{_SEP}{_ROLE})?")
#: Whether a text holds a role (:data:`_ROLE` has a match): the role words without
#: the optional prefixes and with the longer words that contain shorter ones left
#: out, behind a lookahead for their first characters, which the regex engine
#: scans for quickly.
_HAS_ROLE = re.compile(r"(?=[记記通实實摄攝撰作编編责責主文图圖排美剪制製校审審设設视視海统統策监監])"
                       r"(?:记者|記者|通讯员|通訊員|实习生|實習生|摄影|攝影|撰稿|撰文|作者|编辑|編輯"
                       r"|责编|責編|主编|主編|文字|图文|圖文|排版|美编|美編|剪辑|剪輯|制图|製圖|校对|校對"
                       r"|审核|審核|审校|審校|(?:设计|設計|视频|視頻|海报|海報|统筹|統籌|策划|策劃|监制|監製"
                       r"|[文图圖摄攝])\s*[/／|｜丨])")
_SPLIT_NAMES = re.compile(rf"{_ROLE}|[ \t\u3000:：、，,|｜/／丨]+")
_NAME_LINE = re.compile(rf"{_NAME}(?:[ \t\u3000]+{_NAME}){{0,3}}")
_BULLET = re.compile(r"^[■□●◆◇▲△★☆•]\s*")
_BRACKETS = re.compile(r"^[（(【\[](.*)[）)】\]]$")

#: Sponsor lines of a banner or an advertisement: 主办：… 承办：…
_SPONSOR = re.compile(r"(?:联合|聯合)?(?:主办|主辦|承办|承辦|协办|協辦|支持|指导|指導|出品|监制|監製)"
                      r"(?:单位|單位|方)?[ \t\u3000]*[:：]")

_COMMA = re.compile(r"[，,；;：:、]")
_CLAUSE_COMMA = re.compile(r"[，,；;]")

#: Lines that look like headings (short, no end mark) but are content: a field
#: ``标签：值`` (联系电话：010-…, 地址：…, 配置文件示例：…) and a date on a line of
#: its own (the signature block closing a notice). A sponsor line is a banner's.
_FIELD = re.compile(rf"[{_HAN}]{{2,8}}(?:[（(][{_HAN}]{{1,6}}[）)])?[ \t\u3000]*[:：][ \t\u3000]*[^\s:：].*")
_DATE_LINE = re.compile(
    r"(?:[0-9]{4}|[〇○零一二三四五六七八九]{4})[ \t]*年[ \t]*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})"
    r"[ \t]*月[ \t]*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[ \t]*日")


#: Field lines that label the page, not the text: a portal's tags and keywords.
_TAG_FIELD = re.compile(r"(?:相[关關])?(?:关键[词字]|關鍵[詞字]|标签|標籤|热词|熱詞)[ \t\u3000]*[:：]")


_TITLE_WORDS = re.compile(rf"[{_HAN}]")
#: The label of a page's summary box (【导读】, 摘要：, 核心提示：).
_DIGEST = re.compile(r"(?:[【\[](?:导读|導讀|摘要|内容提要|內容提要|提要|核心提示)[】\]]"
                     r"|(?:导读|導讀|摘要|内容提要|內容提要|核心提示)[ \t\u3000]*[:：])")
_DIGEST_FIRST = frozenset("【[导導摘内內核")


#: A notice's publication marking under its date: （此件公开发布）, （此件不公开）.
_NOTICE_MARKING = re.compile(r"[（(](?:此件|本件)[^（）()。！？]{1,12}[）)]")


#: The signature lines closing a judgment, an award or a contract: an office and
#: a name (审判长　王明, 书记员　张三, 法定代表人：李华).
_SIGNATURE = re.compile(
    rf"(?:(?:代理)?审判[长员]|(?:代理)?審判[長員]|(?:人民)?陪审员|(?:人民)?陪審員|书记员|書記員"
    rf"|法官助理|执行员|執行員|(?:首席)?仲裁员|(?:首席)?仲裁員|速录员|速錄員"
    rf"|法定代表人|(?:委托|委託)?代理人|负责人|負責人)[ \t\u3000]*[:：]?[ \t\u3000]*{_NAME}")


def _content_line(s: str) -> bool:
    """A short unterminated line that says something (see :data:`_FIELD`)."""
    s = s.strip()
    if _DATE_LINE.fullmatch(s) or _NOTICE_MARKING.fullmatch(s) or _SIGNATURE.fullmatch(s):
        return True
    return _FIELD.fullmatch(s) is not None and not _SPONSOR.match(s) \
        and not _TAG_FIELD.match(s)


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits of the structural judgements (rule params)."""

    caption_max: int = 80          # a caption after an image slot is at most this long
    short_caption_max: int = 40    # a caption recognised by the heading after it
    furniture_max: int = 10        # a line of a sidebar / banner block
    furniture_run: int = 3         # that many short lines in a row are furniture


def _surnamed(name: str) -> bool:
    return name[:1] in SURNAMES


#: The date (and weekday) a newspaper page's header sets before its credits
#: (2024年5月12日 星期日　责编 王明　美编 李华).
_DATED = re.compile(r"(?:[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日|[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2})"
                    r"[ \t\u3000]*(?:[（(]?星期[一二三四五六日天][）)]?)?[ \t\u3000]+(?=\S)")


def _is_byline(s: str) -> bool:
    """A paragraph that is only reporters' names with their roles (a page
    header's date may stand before them)."""
    s = _BULLET.sub("", s.strip())
    dated = _DATED.match(s) if s[:1].isdigit() else None
    if dated:
        s = s[dated.end():]
    m = _BRACKETS.match(s)
    if m:
        s = m.group(1).strip()
    if len(s) > 60 or not _HAS_ROLE.search(s) or not _BYLINE.fullmatch(s):
        return False
    names = [t for t in _SPLIT_NAMES.split(s) if t]
    return bool(names) and all(_surnamed(n) for n in names)


def _is_name_line(s: str) -> bool:
    """A line of bare names (``周松华 仑轩轩``), the byline under a title."""
    s = s.strip()
    if len(s) > 20 or not _NAME_LINE.fullmatch(s):
        return False
    names = s.split()
    return all(len(n) <= 3 for n in names) and _surnamed(names[0])


def _is_vertical(p: para.Paragraph) -> bool:
    """Text set vertically on the page comes out one or two characters a line."""
    return len(p.lines) >= 3 and all(len(ln.text.strip()) <= 2 for ln in p.lines)


#: Widgets of portals, apps and public accounts, each a paragraph of its own:
#: app prompts (打开APP阅读全文), read-more links, comment-section and ranking
#: headings, 广告, rows of buttons, of share targets and of counters (阅读 10万+),
#: calls to follow an account, end marks (（完）), reprint and opinion
#: disclaimers. None of them is a sentence of prose: a paragraph that says the
#: same in a sentence (with its full stop) stays.
_BUTTON = (r"(?:打印|[关關][闭閉]|收藏|分享|[点點][赞讚]|[评評][论論]|[转轉][发發]|[纠糾][错錯]|[举舉][报報]"
           r"|[复複]制[链鏈]接|打[赏賞]|在看)(?:[ \t\u3000]*(?:[（(][0-9]{1,7}[）)]|[0-9]{1,7}))?")
_TARGET = r"(?:微信|微博|新浪微博|[腾騰][讯訊]微博|QQ空[间間]|QQ好友|QQ|朋友圈|豆瓣|[复複]制[链鏈]接)"
_APP = r"(?<![A-Za-z])(?:客[户戶]端|APP|App|app)(?![A-Za-z])"
_COUNTER = r"(?:[阅閱][读讀]|[浏瀏][览覽]|在看|[点點][赞讚])[ \t\u3000]*[:：]?[ \t\u3000]*[0-9][0-9.]*[万萬wW]?\+?"
_WIDGET_MAX = 60
_WIDGET = re.compile(
    rf"[^。！？]{{0,20}}?(?:下[载載]|打[开開]|安[装裝]|前往|登[录錄])[^。！？，,]{{0,16}}?{_APP}[^。！？]{{0,30}}"
    rf"|[^。！？]{{0,10}}?{_APP}内?(?:打[开開]|查看|[阅閱][读讀])[^。！？]{{0,20}}"
    r"|(?:[点點][击擊])?(?:[阅閱][读讀]|查看|展[开開])(?:全文|更多)[>》»]*|[点點][击擊]查看(?:详情|更多)[>》»]*"
    r"|(?:网友|網友|[热熱]门|最新|精彩|全部|相[关關])?[评評][论論](?:区|[（(][0-9]{1,7}[）)])?[:：]?"
    r"|(?:[发發]表|我要|查看|写|登[录錄]后?(?:[发發]表|参与))[评評][论論]|已有[0-9]{1,7}人参与(?:[评評][论論])?"
    r"|(?:[0-9]{1,7}人参与[ \t\u3000，,]*)?共?[0-9]{1,7}条[评評][论論]"
    r"|(?:24小[时時]|今日|本周|本月|[点點][击擊]|[阅閱][读讀]|[热熱]门|[热熱]文|新[闻聞]|[热熱]点)?(?:排行榜?|[热熱]榜)[:：]?"
    r"|24小[时時][热熱]文[:：]?|(?:[编編][辑輯]|[为為]你|大家都在|今日)(?:推[荐薦]|精[选選]|在看)[:：]?"
    r"|[【\[（(]?(?:广告|廣告|推广|推廣)[】\]）)]?"
    rf"|{_BUTTON}(?:[ \t\u3000|｜/·]+{_BUTTON}){{1,8}}"
    rf"|(?:分享到?[:：]?[ \t\u3000]*)?{_TARGET}(?:[ \t\u3000、|｜/]+{_TARGET}){{1,8}}"
    r"|[^。！？]{0,24}关注[^。！？]{0,16}(?:公众号|微信号|视频号|公眾號)[^。！？]{0,16}[！!]?"
    r"|[^。！？]{0,40}二[维維][码碼][^。！？]{0,6}(?:关注|關注)[^。！？]{0,24}"
    r"|(?:加入[购購]物[车車]|立即[购購][买買]|立即[抢搶][购購]|[马馬]上[抢搶][购購]|去[结結]算|[购購][买買]|到[货貨]通知)"
    r"(?:[ \t\u3000|｜/]+(?:加入[购購]物[车車]|立即[购購][买買]|立即[抢搶][购購]|收藏|分享|到[货貨]通知)){0,3}"
    r"|(?:[大中小]|标准|標準)字[号號](?:[ \t\u3000|｜/·]+(?:[大中小]|标准|標準)字[号號]){0,3}"
    r"|[-—–~·* \t\u3000（(【\[]{0,6}(?:全文)?(?:完|END|End)[-—–~·* \t\u3000）)】\]]{0,6}"
    r"|本文(?:[转轉][载載](?:自|于|於)?|[转轉]自|摘自|摘[编編]自|[编編]?[译譯]自|[来來]自)[^。！？]{1,40}[。.！!]?"
    r"|[（(【\[]?(?:[图圖]片?(?:[来來]源|[来來]自|源)(?:于|於|自)?[:：]?|[图圖]片?均?(?:[选選]|取)自)"
    r"[ \t\u3000]*(?:互[联聯])?[网網][络絡][^。！？]{0,16}[）)】\]]?"
    r"|(?:(?:本文|文章|[图圖]片)?[来來]源|[图圖]源)[ \t\u3000]*[丨|｜][ \t\u3000]*[^。！？|｜丨]{1,30}"
    rf"|{_COUNTER}(?:[ \t\u3000]+{_COUNTER}){{0,3}}"
    r"|[^。！？]{0,30}[转轉][载載][^。！？]{0,4}[请請]?注明(?:出[处處]|[来來]源|作者|原文|[链鏈]接)?"
    r"(?:(?:及|和|与|與|、)(?:出[处處]|[来來]源|作者|[链鏈]接))?[^。！？，,\s]{0,4}[。.！!]?"
    r"|[（(【\[]?[^。！？]{0,20}仅代表(?:原?作者)(?:个人|本人)?(?:观点|立场|意见)?[^。！？]{0,30}[。]?[）)】\]]?"
    r"|[↓⬇👇▼▽][↓⬇👇▼▽ \t\u3000]*"
    rf"|[^。！？]{{0,20}}尽在[^。！？，,]{{0,12}}?{_APP}"
    r"|(?:最佳|满意|推荐|提问者采纳的?|网友采纳的?)答案|已[赞踩]过|你对这个回答的评价是[？?]?"
    r"|其他(?:类似|相关)?(?:问题|回答)[:：]?"
    r"|著作[权權][归歸][^。！？]{1,12}所有[。.]?(?:[^。！？]{0,40}[转轉][载載][^。！？]{0,40}[。.]?){0,3}"
    r"|(?:(?:首[页頁]|尾[页頁]|末[页頁]|[0-9]{1,3}|…)[ \t\u3000]+)*[上下]一[页頁]"
    r"(?:[ \t\u3000]+(?:首[页頁]|尾[页頁]|末[页頁]|[上下]一[页頁]|[0-9]{1,3}|…))*")


#: Characters every :data:`_WIDGET` paragraph holds one of (its cheap question).
_WIDGET_CHARS = re.compile(r"[端全多论論榜排热熱荐薦选選告广廣印闭閉藏享赞讚发發错錯报報接赏賞看信博Q圈瓣号號完EN"
                           r"读讀览覽载載仅参↓⬇👇▼▽Pp案过价题答页頁自络絡丨码碼车車买買购購知]")
#: A line giving the address of the original (原文链接：https://…), of any length.
_LINK_LINE = re.compile(r"[【\[（(]?(?:原文|本文|文章|原帖)(?:[链鏈]接|地址|网址|網址)[ \t\u3000]*[:：]?"
                        r"[ \t\u3000]*(?:https?://|www\.)[^\s。！？]+[】\]）)]?")


#: A page number as OCR leaves it between two halves of a sentence (12, ·12·, P12, 12/30).
_PAGE_NUMBER = re.compile(r"[-—–－·•・(（\[【Pp. \t\u3000]*[0-9]{1,3}"
                          r"(?:[ \t\u3000]*[/／][ \t\u3000]*[0-9]{1,3})?[-—–－·•・)）\]】 \t\u3000]*")
#: A book's or magazine's running head: the page number, a space, the title (or
#: the title, a space, the number) — 12　乡村振兴的理论与实践.
_RUNNING_HEAD = re.compile(r"[0-9]{1,3}[ \t\u3000]+[^\s0-9][^。！？，,；;:：]{1,24}"
                           r"|[^\s0-9][^。！？，,；;:：]{1,24}[ \t\u3000]+[0-9]{1,3}")
#: What goes on with a number: a line starting with it was cut from the figure before it.
_UNIT_START = re.compile(r"[ \t\u3000]*(?:[%％‰)）.．0-9]|[万亿千百]|[年月日号时个倍元岁名位家人次项])")


#: A lead-in: a paragraph ending with a colon introduces what follows it.
_LEAD_IN = re.compile(r"[:：][ \t\u3000]*$")
#: The heading of a reading list or comment section (热门文章：, 更多新闻：): furniture itself.
_LIST_HEADING = re.compile(r"热门|热点|热文|推荐|相关|延伸|更多|精彩|往期|排行|最新|专题|链接|新闻|文章|阅读|评论")


def _lead_in(s: str) -> bool:
    """Whether ``s`` ends with a colon and is no reading-list heading."""
    return _LEAD_IN.search(s) is not None and not (len(s) <= 12 and _LIST_HEADING.search(s))


def _short_line(s: str, limits: Limits) -> bool:
    """A line of a sidebar: a short phrase (a line ending with a clause comma
    goes on in the next: a line of verse, or a sentence the page broke)."""
    return (len(s) <= limits.furniture_max and para.is_heading_like(s)
            and not para.LIST_MARKER.match(s) and s[-1:] not in "，,、")


#: The longest line of a poem set one line a line (a body paragraph is longer).
_VERSE_MAX = 12
#: A line of classical verse: five or seven Han characters, no mark.
_VERSE_LINE = regex.compile(r"\p{Han}{5}|\p{Han}{7}")


def _has_verse(lines: list[str]) -> bool:
    """Four or more lines in a row of five (or seven) Han characters each: a
    poem set one line a line (its title and poet may stand above it), not a
    sidebar's words, whose lines vary in length."""
    count, size = 0, 0
    for s in lines:
        s = s.strip()
        if not _VERSE_LINE.fullmatch(s):
            count = 0
            continue
        count = count + 1 if count and len(s) == size else 1
        size = len(s)
        if count >= 4:
            return True
    return False


def _prose_sentence(s: str, limits: Limits) -> bool:
    """A sentence longer than a short caption, with two clause breaks and its
    full stop: body text, even right after an image slot (a caption that long names
    its photographer or its people, which BOI007 and BOI009 find)."""
    return len(s) > limits.short_caption_max and para.is_terminated(s) \
        and len(_CLAUSE_COMMA.findall(s)) >= 2


def _caption_sentence(s: str, limits: Limits) -> bool:
    """One short sentence without a clause break: how a photo caption reads."""
    return (10 <= len(s) <= limits.short_caption_max and s.endswith("。")
            and para.sentence_count(s) == 1 and not _COMMA.search(s)
            and not para.LIST_MARKER.match(s))


class _Analysis:
    """The joint decision over a document's paragraphs (see the module doc)."""

    def __init__(self, text: str, paragraphs: list[para.Paragraph], limits: Limits,
                 layout: para.Layout | None = None) -> None:
        self.text = text
        self.ps = paragraphs
        self.flat = [p.flat for p in self.ps]
        self.heading = [para.is_heading_like(s) for s in self.flat]
        # A line that fills a hard-wrapped page's width goes on in the next line
        # (the layout stage joins them): it heads nothing. Only a heading-like
        # line 27 columns wide or more can (a wrap column is 30 or more).
        wide = [i for i, (h, p) in enumerate(zip(self.heading, self.ps))
                if h and para.display_width(p.lines[-1].text.strip()) >= 27]
        wrap_col = wrap_column(layout) if wide and layout is not None and len(layout.lines) >= 3 \
            else None
        if wrap_col is not None:
            for i in wide:
                if para.at_wrap(para.display_width(self.ps[i].lines[-1].text.strip()), wrap_col):
                    self.heading[i] = False
        #: heading-like lines that are content all the same (fields, dates)
        self.content = [h and _content_line(s) for h, s in zip(self.heading, self.flat)]
        self.limits = limits
        self.kind: dict[int, str] = {}

    def run(self) -> dict[int, str]:
        self._static()
        for _ in range(len(self.ps) + 1):
            before = len(self.kind)
            kept = [i for i in range(len(self.ps)) if i not in self.kind]
            self._masthead(kept)
            self._furniture_runs(kept)
            self._captions_before_headings(kept)
            self._dangling(kept)
            self._page_breaks(kept)
            if len(self.kind) == before:
                break
        return self.kind

    def _mark(self, i: int, kind: str) -> None:
        self.kind.setdefault(i, kind)

    def _static(self) -> None:
        """Judgements about a paragraph alone (and the image slot before it)."""
        lim = self.limits
        for i, (p, s) in enumerate(zip(self.ps, self.flat)):
            if _is_byline(s):
                self._mark(i, "byline")
            elif len(s) <= _WIDGET_MAX and _WIDGET_CHARS.search(s) and _WIDGET.fullmatch(s) \
                    or ("://" in s or "www." in s) and _LINK_LINE.fullmatch(s):
                self._mark(i, "furniture")
            elif _SPONSOR.match(s) and len(s) <= 40:
                self._mark(i, "banner")
                # the event name above a 主办： line belongs to the same banner
                # (a date or a field line there closes the text above: a notice's)
                if i >= 2 and self.heading[i - 1] and not self.content[i - 1] \
                        and not _SPONSOR.match(self.flat[i - 1]):
                    self._mark(i - 1, "banner")
            elif _is_vertical(p):
                self._mark(i, "furniture")
            elif (p.after_slot and len(s) <= lim.caption_max and para.sentence_count(s) == 1
                  and not para.LIST_MARKER.match(s) and not _prose_sentence(s, lim)):
                self._mark(i, "caption")
            elif s[:1] in _DIGEST_FIRST and self._digest_copy(i):
                self._mark(i, "furniture")
        # the title said again under it, before the body starts (the page's
        # heading, then the article's own): the copy goes
        # (a song whose first line is its title goes on with short lines; a
        # title is words, not a row of links)
        titled = self.heading[0] and len(_TITLE_WORDS.findall(self.flat[0])) >= 4
        # (other copies of the title are no verse after a copy: every copy goes
        # at once, so a second run finds none left to drop)
        others = [j for j in range(len(self.ps)) if self.flat[j] != self.flat[0]]
        for i in range(1, len(self.ps) if titled else 1):
            if not self.heading[i]:
                break
            if self.flat[i] == self.flat[0] and not self._verse_follows(others, i):
                self._mark(i, "furniture")

    def _digest_copy(self, i: int) -> bool:
        """A lead's copy under a digest label (【导读】…, 摘要：…) that a later
        paragraph holds whole: the page's summary box, whose text the article
        itself goes on to give (the body's paragraph is the one to keep)."""
        m = _DIGEST.match(self.flat[i])
        if not m:
            return False
        rest = self.flat[i][m.end():].strip(" \t\u3000").rstrip("。！？!?…")  # (cut at a full stop)
        return len(rest) >= 10 and any(rest in self.flat[j] for j in range(i + 1, len(self.flat)))

    def _leading_run(self, kept: list[int]) -> list[int]:
        run = []
        for i in kept:
            if not self.heading[i]:
                break
            run.append(i)
        return run

    def _masthead(self, kept: list[int]) -> None:
        """Title block: title, ``——`` subtitle, byline. Above the title: banners.

        Only a subtitle with the byline right under it marks a title block, so
        a list item opening with ``——`` never does. Bare names right under the
        title (and subtitle) are the byline.
        """
        run = self._leading_run(kept)
        for pos, i in enumerate(run):
            if (pos >= 2 and self.flat[i].startswith("——")
                    and self.kind.get(i + 1) == "byline"):
                for j in run[:pos - 1]:
                    self._mark(j, "banner")
                break
        for i in run[1:]:
            if _is_name_line(self.flat[i]) and not self._verse_follows(kept, i):
                self._mark(i, "byline")

    def _verse_follows(self, kept: list[int], i: int) -> bool:
        """Two or more short lines (a poem's, 12 characters at most) under the
        names: the name is the poet's, not a reporter's byline."""
        after = [j for j in kept if j > i][:2]
        return len(after) == 2 and all(len(self.flat[j]) <= _VERSE_MAX for j in after)

    def _furniture_runs(self, kept: list[int]) -> None:
        """Three or more very short lines in a row: a sidebar, a pull quote, a banner.

        Two members of a run stay: the document's first paragraph (its title) and
        the last line of a run that a body paragraph follows (that paragraph's
        heading, as short headings sit next to sidebars). A run is content when
        a lead-in ending with a colon introduces it (a poem, a song, a list) or
        when two of its lines hold a clause comma (verse).
        """
        lim = self.limits
        run: list[int] = []
        before: int | None = None  # the kept paragraph before the run
        prose: int | None = None
        for pos, i in enumerate([*kept, None]):
            if i is not None and _short_line(self.flat[i], lim) and not self.content[i]:
                if not run:
                    before = kept[pos - 1] if pos else None
                run.append(i)
                continue
            if (len(run) >= lim.furniture_run and not _has_verse([self.flat[j] for j in run])
                    and not (before is not None and _lead_in(self.flat[before]))
                    and sum("，" in self.flat[j] for j in run) < 2):
                vertical = all(len(self.flat[j]) <= 2 for j in run)
                if prose is None:
                    prose = self._prose(kept)
                if vertical or sum(len(self.flat[j]) for j in run) < prose:
                    if i is not None and not self.heading[i] and not vertical:
                        run.pop()
                    for j in run:
                        if j != kept[0] or vertical:
                            self._mark(j, "furniture")
            run = []

    def _prose(self, kept: list[int]) -> int:
        """How much body text (not heading-like) the page holds. Short lines that
        outweigh it are the page's content (a poem, lyrics), not its furniture."""
        return sum(len(self.flat[i]) for i in kept if not self.heading[i])

    def _captions_before_headings(self, kept: list[int]) -> None:
        """A one-sentence caption left between a paragraph and the next heading.

        The paragraph before must end a sentence, else this one may be the end
        of a sentence the page broke; nothing else about it is looked at, since
        the layout stage may still join it with others. When the layout stage
        will join this one to an unfinished short line before it, the joined
        paragraph is what is judged (a second run sees only that).
        """
        lim = self.limits
        flat, heading = self.flat, self.heading
        for k in range(1, len(kept) - 1):
            a, b, c = kept[k - 1], kept[k], kept[k + 1]
            if not (heading[c] and not self.content[c] and _caption_sentence(flat[b], lim)):
                continue
            if para.is_terminated(flat[a]):
                self._mark(b, "caption")
            elif (k >= 2 and para.is_terminated(flat[kept[k - 2]]) and heading[a]
                    and _caption_sentence(flat[a] + flat[b], lim)
                    and would_join(flat[a], flat[b], self.text)):
                self._mark(a, "caption")
                self._mark(b, "caption")

    def _page_breaks(self, kept: list[int]) -> None:
        """What a page break left inside a sentence: a page number, or a running
        head or foot (a heading-like line that the document repeats).

        The paragraph before must be body text that does not end its sentence
        (for a page number, a short line with a clause comma will do), and one
        must follow; a running head found there is the page's furniture
        wherever else it stands (but as the document's first paragraph, its title).
        """
        flat, heading = self.flat, self.heading
        repeated: dict[str, list[int]] | None = None
        for k in range(1, len(kept) - 1):
            a, b = kept[k - 1], kept[k]
            if not heading[b] or para.is_terminated(flat[a]) or (
                    heading[a] and ("，" not in flat[a] or len(flat[a]) < 20)):
                continue
            if _PAGE_NUMBER.fullmatch(flat[b]):
                if not _UNIT_START.match(flat[kept[k + 1]]):  # (增长|12|% is one number)
                    self._mark(b, "furniture")
                continue
            if _RUNNING_HEAD.fullmatch(flat[b]) and surely_joins(flat[a], flat[kept[k + 1]], self.text):
                self._mark(b, "furniture")  # a book's head with its page number, once
                continue
            if heading[a]:
                continue  # a running head needs prose before it (a refrain follows verse)
            if repeated is None:
                repeated = {}
                for i in kept[1:]:
                    if heading[i]:
                        repeated.setdefault(flat[i], []).append(i)
            copies = repeated.get(flat[b], ())
            if len(copies) >= 2:
                for i in copies:
                    self._mark(i, "furniture")

    def _dangling(self, kept: list[int]) -> None:
        """Headings after the last body paragraph head nothing: page furniture.

        Fields, dates and list items are body here: a notice closes with its
        issuer and date, a page with a contact line or the last item of a list;
        and so is what a last paragraph ending with a colon introduces."""
        body = [i for i in kept if not self.heading[i] or self.content[i]
                or para.LIST_MARKER.match(self.flat[i])]
        if not body or _lead_in(self.flat[body[-1]]):
            return  # (after a lead-in: what it introduces, a list, a poem)
        tail = [i for i in kept if i > body[-1]]
        if len(tail) >= self.limits.furniture_run \
                and sum(len(self.flat[i]) for i in tail) >= self._prose(kept):
            return  # (the short lines outweigh the prose: verse, lyrics)
        for i in tail:
            self._mark(i, "furniture")


@lru_cache(maxsize=8)
def _structure(text: str, limits: Limits
               ) -> tuple[para.Layout, list[tuple[list[para.Line], str, str]]]:
    """The joint analysis of ``text``, shared by the rules that name
    :func:`page_structure` (they see the same text until one of them drops):
    the groups of lines to drop, each with its kind and its text.

    When the drops would take the page's last blank line, the layout stage
    reads the lines left as one paragraph each, not as the wrapped paragraphs
    judged here; the page as it will be is then judged again (a second run
    would), and its drops join these."""
    layout, units = units_of(text)
    if not units:
        return layout, []
    decided = _Analysis(text, units, limits, layout).run()
    groups = [(units[i].lines, kind, units[i].flat) for i, kind in sorted(decided.items())]
    dropped = {id(ln) for lines, _, _ in groups for ln in lines}
    for _ in range(3):
        if not groups or not any(p.gap for p in layout.paragraphs):
            break
        kept = [ln for ln in layout.lines if id(ln) not in dropped]
        after = _without(text, layout.removal_spans([g[0] for g in groups]))
        new_layout, new_units = units_of(after)
        if any(p.gap for p in new_layout.paragraphs) or len(new_layout.lines) != len(kept) \
                or not new_units:
            break
        more = _Analysis(after, new_units, limits).run()
        if not more:
            break
        index = {id(ln): k for k, ln in enumerate(new_layout.lines)}
        for i, kind in sorted(more.items()):
            lines = [kept[index[id(ln)]] for ln in new_units[i].lines]
            groups.append((lines, kind, new_units[i].flat))
            dropped.update(id(ln) for ln in lines)
    groups.sort(key=lambda g: g[0][0].start)
    return layout, groups


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in sorted(spans):
        out.append(text[pos:start])
        pos = max(pos, end)
    out.append(text[pos:])
    return "".join(out)


_REASONS = {"byline": "byline", "banner": "banner", "furniture": "page furniture",
            "caption": "caption"}
_KEEP_AS_METADATA = ("byline", "banner", "furniture")
KINDS = tuple(_REASONS)
_KIND_SET = frozenset(KINDS)

#: Cheap question: text without a blank-line slot, a short line or a byline-ish
#: word has nothing :func:`page_structure` could drop.
_MAYBE_STRUCTURE = re.compile(
    r"\n[ \t\u3000]*\n[ \t\u3000]*\n"                       # an image slot
    rf"|(?:^|\n)[^\n]{{1,{para.HEADING_MAX}}}(?:\n|$)"           # a short line
    r"|记者|記者|通讯员|通訊員|主办|主辦|承办|承辦|摄|攝|供图|供圖"
)


#: :data:`_MAYBE_STRUCTURE` cut into its alternatives, each of which the regex
#: engine scans for quickly (a literal line break first, or a small set of
#: first characters) instead of trying the whole union at every position.
_SLOT = re.compile(r"\n[ \t\u3000]*\n[ \t\u3000]*\n")
#: A heading-like line is up to para.HEADING_MAX characters: shorter bounds made the
#: cheap question miss a dangling 31-40 character heading that the analysis drops.
_SHORT_FIRST_LINE = re.compile(rf"[^\n]{{1,{para.HEADING_MAX}}}(?:\n|$)")
_SHORT_LINE = re.compile(rf"\n[^\n]{{1,{para.HEADING_MAX}}}(?:\n|$)")
_BYLINE_WORD = re.compile(r"记者|記者|通讯员|通訊員|主办|主辦|承办|承辦|摄|攝|供图|供圖")

_LAST = threading.local()


def _maybe_structure(text: str) -> bool:
    """:data:`_MAYBE_STRUCTURE` for the text the four structure rules share (their
    text is the same object when none of them dropped anything)."""
    last = getattr(_LAST, "pair", None)
    if last is not None and last[0] is text:
        return last[1]
    found = (_SHORT_FIRST_LINE.match(text) is not None or _SHORT_LINE.search(text) is not None
             or _SLOT.search(text) is not None or _BYLINE_WORD.search(text) is not None)
    _LAST.pair = (text, found)
    return found


@builtin("page_structure")
def page_structure(text: str, ctx: Context, *, kinds: Sequence[str] = KINDS,
                   caption_max: int = 80, short_caption_max: int = 40,
                   furniture_max: int = 10, furniture_run: int = 3) -> list[Change]:
    """Drop the paragraphs of ``kinds`` (byline, banner, caption, furniture)."""
    if not _KIND_SET.issuperset(kinds):
        unknown = set(kinds) - _KIND_SET
        raise ValueError(f"page_structure: unknown kind {sorted(unknown)[0]!r} "
                         f"(known: {', '.join(KINDS)})")
    if not _maybe_structure(text):
        return []
    limits = Limits(caption_max, short_caption_max, furniture_max, furniture_run)
    layout, groups = _structure(text, limits)
    mine = [g for g in groups if g[1] in kinds]
    if not mine:
        return []
    spans = layout.removal_spans(lines for lines, _, _ in mine)
    changes = []
    for (_, kind, flat), (start, end) in zip(mine, spans):
        changes.append(Change(start, end, "", _REASONS[kind]))
        if ctx.metadata is not None and kind in _KEEP_AS_METADATA:
            ctx.metadata.setdefault(kind, []).append(flat)
    return changes


# --- line patterns -----------------------------------------------------------

#: Seconds a rule's pattern may run on one line (rule files may be user data).
_TIMEOUT = 2.0


@lru_cache(maxsize=256)
def _compile(pattern: str, ignore_case: bool) -> regex.Pattern:
    return regex.compile(pattern, (regex.IGNORECASE if ignore_case else 0) | regex.V0)


@lru_cache(maxsize=256)
def _context_free(pattern: str) -> bool:
    """Whether ``pattern`` matches the same way whatever surrounds the matched
    text: no anchor, boundary, lookaround, backreference or inline flag, only
    literals, classes, ``(?:`` groups, alternation, quantifiers and a few
    escapes. Conservative: a construct not listed makes it False.

    For such a pattern a line holds a match exactly when a match lies inside
    it in the whole text, which :func:`_lines_with_keyword` relies on.
    """
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                return False
            e = pattern[i + 1]
            if e.isalnum() and e not in "sSdDwWtnrfvuxU":
                return False
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif c == "[":
                return False  # nested sets / POSIX classes: not worth the risk
            i += 1
            continue
        if c == "[":
            in_class = True
            i += 1
            if pattern.startswith("^", i):
                i += 1
            if pattern.startswith("]", i):
                i += 1  # a leading ] is a literal
            continue
        if c in "^$":
            return False
        if c == "(" and pattern.startswith("?", i + 1) and not pattern.startswith("?:", i + 1):
            return False
        if c == "{" and not regex.match(r"\{[0-9]*(?:,[0-9]*)?\}", pattern[i:]):
            return False
        i += 1
    return not in_class


#: Group openings :func:`_line_local` accepts: groups, lookarounds, case scopes.
_GROUPS = ("(?:", "(?=", "(?!", "(?<=", "(?<!", "(?i:", "(?-i:")
#: Escapes of one character that is never a line break, and of classes without one.
_CONTROLS = {"t": 9, "v": 11, "f": 12, "r": 13}
_CLASSES = "Sdw"
_HEX = {"x": 2, "u": 4, "U": 8}


def _escape(pattern: str, i: int) -> tuple[int, int | None] | None:
    """The escape at ``pattern[i] == "\\"``: (its length, its code point when it is one
    character, else None), or None when it is not a known one-character escape."""
    e = pattern[i + 1:i + 2]
    if not e:
        return None
    if e in _HEX:
        digits = pattern[i + 2:i + 2 + _HEX[e]]
        if len(digits) != _HEX[e] or not all(c in "0123456789abcdefABCDEF" for c in digits):
            return None
        return 2 + len(digits), int(digits, 16)
    if not e.isalnum():
        return 2, ord(e)
    if e in _CONTROLS:
        return 2, _CONTROLS[e]
    return (2, None) if e in _CLASSES else None


@lru_cache(maxsize=256)
def _line_local(pattern: str) -> bool:
    """Whether nothing in ``pattern`` can match a line break: every set, escape and
    ``.`` stops at one (a negated set names ``\\n`` or ``\\s``), and there is no
    anchor, boundary, backreference or flag but a case scope. Lookarounds are
    allowed: at the edge of a line they see the same in the whole text as in the
    line alone, since what lies beyond the edge is a line break they cannot match.
    So a line searched on its own holds a match exactly when a match of the whole
    text lies inside it, which is what :func:`_lines_with_keyword` needs, like a
    context-free pattern. Conservative: a construct not listed makes it False.
    """
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            esc = _escape(pattern, i)
            if esc is None or esc[1] == 10:
                return False
            i += esc[0]
        elif c == "[":
            i = _line_local_set(pattern, i + 1)
            if i < 0:
                return False
        elif c in "^$\n":
            return False
        elif c == "(" and pattern.startswith("?", i + 1):
            opening = next((g for g in _GROUPS if pattern.startswith(g, i)), None)
            if opening is None:
                return False
            i += len(opening)
        elif c == "{":
            m = regex.match(r"\{[0-9]*(?:,[0-9]*)?\}", pattern[i:])
            if not m:
                return False
            i += m.end()
        else:
            i += 1
    return True


def _line_local_set(pattern: str, i: int) -> int:
    """Past the set that starts at ``pattern[i]`` (after its ``[``), or -1 when the
    set may match a line break (or is more than members and ranges of characters)."""
    negated = pattern.startswith("^", i)
    i += negated
    first, breaks, prev, n = True, False, None, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "]" and not first:
            return i + 1 if breaks == negated else -1
        first = False
        if c == "[":
            return -1  # nested sets / POSIX classes
        if c == "-" and prev is not None and pattern[i + 1:i + 2] not in ("]", ""):
            # a range prev-hi
            if pattern[i + 1] == "\\":
                esc = _escape(pattern, i + 1)
                if esc is None or esc[1] is None:
                    return -1
                step, hi = esc
            else:
                step, hi = 1, ord(pattern[i + 1])
            breaks |= prev <= 10 <= hi
            i, prev = i + 1 + step, None
            continue
        if c == "\\":
            e = pattern[i + 1:i + 2]
            if e in ("n", "s"):
                step, cp, breaks = 2, None, True
            else:
                esc = _escape(pattern, i)
                if esc is None:
                    return -1
                step, cp = esc
                breaks |= cp == 10
        else:
            step, cp = 1, ord(c)
            breaks |= cp == 10
        i, prev = i + step, cp
    return -1


def _lines_with_keyword(lines: Sequence[para.Line], found: list[tuple[int, int]],
                        keys: regex.Pattern, max_len: int) -> list[para.Line]:
    """The lines (of at most ``max_len`` characters) that ``keys`` finds a match in
    on their own, given the non-overlapping ``found`` matches of a context-free
    (or line-local, see :func:`_line_local`) ``keys`` in the whole text.

    A match lying inside a line is a match of the line. A line that no match
    touches holds none: the scan would have stopped at its own match, unless a
    match before it ran into it, and such a match touches it. A line that a
    match only touches (one crossing its edge) is searched on its own.
    """
    out = []
    k, n = 0, len(found)
    for ln in lines:
        start, end = ln.start, ln.end
        while k < n and found[k][1] < start:
            k += 1  # matches that end before this line touch no later line either
        if len(ln.text) > max_len:
            continue
        j, inside, touched = k, False, False
        while j < n and found[j][0] <= end:
            touched = True
            if found[j][0] >= start and found[j][1] <= end:
                inside = True
                break
            j += 1
        if inside or (touched and keys.search(ln.text, timeout=_TIMEOUT)):
            out.append(ln)
    return out


@builtin("drop_lines", gate=lambda p: (p["keywords"], bool(p.get("ignore_case", False))))
def drop_lines(text: str, ctx: Context, *, keywords: str, line: str, reason: str,
               ignore_case: bool = False, max_len: int = 200,
               keep_tables: bool = False) -> list[Change]:
    """Drop every line that ``line`` matches whole (site footers, widgets, credits).

    ``keywords`` is a cheap pattern that every such line contains: the text is
    searched for it first, so pages without any pay one scan, and ``line`` runs
    only on the lines that have a keyword. A dropped line takes the line break(s)
    before it, like every drop of this stage, so the text stays well formed.
    """
    keys = _compile(keywords, ignore_case)
    if _context_free(keywords) or _line_local(keywords):
        # one scan of the text answers for most lines (see _lines_with_keyword)
        found = [(m.start(), m.end()) for m in keys.finditer(text, timeout=_TIMEOUT)]
        if not found:
            return []
        layout = para.layout_of(text)
        candidates = _lines_with_keyword(layout.lines, found, keys, max_len)
    else:
        if not keys.search(text, timeout=_TIMEOUT):
            return []
        layout = para.layout_of(text)
        candidates = [ln for ln in layout.lines
                      if len(ln.text) <= max_len and keys.search(ln.text, timeout=_TIMEOUT)]
    whole = _compile(line, ignore_case)
    hits = [ln for ln in candidates
            if whole.fullmatch(ln.text.strip(" \t\u3000"), timeout=_TIMEOUT)]
    if hits and keep_tables:
        hits = _without_tables(layout.lines, hits)
    if not hits:
        return []
    return [Change(start, end, "", reason)
            for start, end in layout.removal_spans([ln] for ln in hits)]


#: A cell that holds a figure (45, 3.2亿, 12%, 2024-05): a table's data, never a link label.
_NUMBER_CELL = regex.compile(r"[-+]?\d[\d.,:/%％\-]*\p{Han}{0,2}")
_CELL_SEP = regex.compile(r"[|｜]")


def _without_tables(lines: Sequence[para.Line], hits: list[para.Line]) -> list[para.Line]:
    """``hits`` less the rows of a table: two or more lines in a row, split by
    ``|`` into the same number of cells, one of whose cells is a figure (a menu
    has no figures, and its rows are rarely stacked with equal counts)."""
    where = {id(ln): k for k, ln in enumerate(lines)}
    cells = {id(ln): [c.strip(" \t\u3000") for c in _CELL_SEP.split(ln.text.strip(" \t\u3000|｜"))]
             for ln in hits}
    keep: set[int] = set()
    run: list[para.Line] = []
    for ln in [*hits, None]:
        if (ln is not None and run and where[id(ln)] == where[id(run[-1])] + 1
                and len(cells[id(ln)]) == len(cells[id(run[-1])]) > 1):
            run.append(ln)
            continue
        if len(run) >= 2 and any(_NUMBER_CELL.fullmatch(c) for r in run for c in cells[id(r)]):
            keep.update(id(r) for r in run)
        run = [ln] if ln is not None else []
    return [ln for ln in hits if id(ln) not in keep]


# --- frequency ---------------------------------------------------------------


#: Prose: a sentence of ten characters or more that ends with a full stop, question
#: or exclamation mark. Templates are slogans, prompts and navigation.
_SENTENCE = re.compile(r"[^。！？!?\n]{9,}[。！？!?]")
#: A bracketed aside (a disclaimer such as （本文仅代表作者观点。）) is no prose.
_ASIDE = re.compile(r"[（(【\[].*[）)】\]]")


@builtin("frequent_lines", needs_corpus=True)
def frequent_lines(text: str, ctx: Context, *, min_docs: int = 5, min_share: float = 0.005,
                   max_len: int = 100, keep_sentences: bool = True,
                   structure: str = "") -> list[Change]:
    """Drop lines that recur in many documents of the corpus (site templates).

    A line goes when at least ``min_docs`` documents *and* at least ``min_share``
    of all documents contain it (after the normalisation of
    :class:`~cleaner.corpus_stats.CorpusStats`). Lines longer than ``max_len``
    are content shared between articles, the duplicates stage's business; so is
    a page whose every line is frequent (copies of one short page would all be
    emptied, the first included).

    With ``keep_sentences``, so is prose: an article syndicated to many sites
    repeats its short paragraphs, or the lines a page width cut them into, in
    every copy, and dropping them as a template would take them from the copy
    the duplicates stage keeps. Consecutive frequent lines found in the same
    number of documents are read together (the wrapped lines of one passage
    always travel together), and kept when they hold a sentence.
    Lines matching ``structure`` (whole, spaces trimmed) are the document's own
    structure, which a genre shares across a corpus (a notice's ``一、总体要求``,
    its salutation, ``特此通知。``, its date): they stay however frequent, and so
    does the issuer's line just before a closing date.
    Without corpus statistics (a single text cleaned alone) nothing happens.
    """
    stats = ctx.corpus
    if stats is None or not getattr(stats, "n_docs", 0):
        return []
    floor = max(min_docs, min_share * stats.n_docs)
    top = getattr(stats, "max_count", None)
    if top is not None and top < floor:
        return []  # no line of the corpus is that frequent
    layout, units = units_of(text)
    order = [k for k, ln in enumerate(layout.lines) if len(ln.text.strip()) <= max_len]
    texts = [layout.lines[k].text.strip() for k in order]
    many = getattr(stats, "counts", None)
    found = many(texts) if many is not None else [stats.count(t) for t in texts]
    # runs of frequent lines next to each other with the same count: (count, lines)
    runs: list[tuple[int, list[para.Line]]] = []
    last = -2
    for k, n in zip(order, found):
        if n < floor:
            continue
        if runs and k == last + 1 and n == runs[-1][0]:
            runs[-1][1].append(layout.lines[k])
        else:
            runs.append((n, [layout.lines[k]]))
        last = k
    if keep_sentences and runs:
        # a run inside a paragraph that a page width wrapped reads with that paragraph
        unit_of = {id(ln): unit.lines for unit in units if len(unit.lines) > 1
                   for ln in unit.lines}
        runs = [(n, run) for n, run in runs if not _is_prose(run, unit_of)]
    dropped = [(n, ln) for n, run in runs for ln in run]
    if structure and dropped:
        kept = _structure_lines(layout.lines, dropped, structure)
        dropped = [(n, ln) for n, ln in dropped if id(ln) not in kept]
    if not dropped or len(dropped) == len(layout.lines):
        return []  # every line frequent: the page is itself repeated (DUP002 keeps one)
    spans = layout.removal_spans([ln] for _, ln in dropped)
    return [Change(start, end, "", f"frequent line ({n} documents)")
            for (start, end), (n, _) in zip(spans, dropped)]


def _structure_lines(lines: Sequence[para.Line], dropped: list[tuple[int, para.Line]],
                     structure: str) -> set[int]:
    """The ids of the frequent lines that are the document's structure: those
    ``structure`` matches, and an issuer's line right before a date line that
    closes the document (nothing after the date but lines that go)."""
    pattern = _compile(structure, False)
    going = {id(ln) for _, ln in dropped}
    kept = {id(ln) for _, ln in dropped
            if pattern.fullmatch(ln.text.strip(" \t\u3000"), timeout=_TIMEOUT)}
    for k in range(len(lines) - 1, 0, -1):
        ln = lines[k]
        if _DATE_LINE.fullmatch(ln.text.strip(" \t\u3000")):
            before = lines[k - 1]
            if id(before) in going and para.is_heading_like(before.text):
                kept.add(id(before))
            break
        if id(ln) not in going or id(ln) in kept:
            break  # the date closes nothing: content follows it
    return kept


def _is_prose(run: list[para.Line], unit_of: dict[int, list[para.Line]]) -> bool:
    """Whether a run of frequent lines (with the wrapped paragraphs it is part
    of) holds a sentence, outside brackets."""
    first, last = unit_of.get(id(run[0])), unit_of.get(id(run[-1]))
    before = first[:[id(ln) for ln in first].index(id(run[0]))] if first else []
    after = last[[id(ln) for ln in last].index(id(run[-1])) + 1:] if last else []
    joined = "".join(ln.text.strip() for ln in [*before, *run, *after])
    return _SENTENCE.search(joined) is not None and _ASIDE.fullmatch(joined) is None



