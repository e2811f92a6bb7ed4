"""``--html``: the review page. Unit tests on the generated HTML, the alignment of
before and after as a property, a 10,000-document size bound, and the page
opened in headless Chromium (phone and desktop widths, hostile content)."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import clean_text
from cleaner.html_report import _JS, HtmlReport, align
from cleaner.records import Document, Drop, Edit, Result, apply_edits

HYGIENE = ["ENC001", "ENC002", "ENC005"]  # CRLF, invisible characters, trailing spaces

PWN = "document.documentElement.setAttribute('data-pwned','{}')"
HOSTILE = (f"<script>{PWN.format('script')}</script>"
           f"<img src=x onerror=\"{PWN.format('img')}\">"
           f"</div></details></main><svg onload=\"{PWN.format('svg')}\"></svg>"
           "<a href=\"javascript:alert(1)\">x</a>&amp;")


class Tags(HTMLParser):
    """Every element of a page: (tag, attrs), and the text of <title> and scripts."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []
        self._in: str | None = None
        self._buf: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag in ("script", "title"):
            self._in, self._buf = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in == "script":
            self.scripts.append((self.elements[-1][1] if self.elements else {},
                                 "".join(self._buf)))
        self._in = None if tag == self._in else self._in

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)
        self.text.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == name]

    def attr_names(self) -> set[str]:
        return {k for _, a in self.elements for k in a}


def doc_of(text: str, i: int = 0, *, select: list[str] | None = None, **kw) -> Document:
    res = clean_text(text, select=select or HYGIENE)
    return Document(id=kw.pop("id", f"doc{i}"), text=text,
                    source=kw.pop("source", f"corpus/{i}.txt"), result=res, **kw)


def page_of(tmp_path: Path, docs: list[Document], name: str = "page.html") -> str:
    path = tmp_path / name
    r = HtmlReport(path)
    for d in docs:
        r.add(d)
    r.close(True)
    return path.read_text("utf-8")


DIRTY = "第一段文字。  \r\n\r\n第二\u200b段文字。\r\n"
CAPTION = "正文第一段。\n\n图为会议现场。（记者 李四 摄）\n\n正文第二段。"


def caption_drop() -> Document:
    a = CAPTION.index("\n\n图为")
    b = CAPTION.index("\n\n正文第二段")
    e = Edit("LAY010", a, b, CAPTION[a:b], "", reason="photo caption")
    res = Result(CAPTION, CAPTION[:a] + CAPTION[b:], [e])
    return Document(id="cap", text=CAPTION, source="corpus/news.jsonl:3", record={},
                    result=res)


def duplicate_drop() -> Document:
    text = "重复的文章，一字不差。"
    res = Result(text, text, [], Drop("DUP002", "near-duplicate", "corpus/news.jsonl:1", 0.93))
    return Document(id="dup", text=text, source="corpus/news.jsonl:4", record={}, result=res)


def failed(msg: str = "line is not valid JSON: Expecting value") -> Document:
    return Document(id="bad", text="", source="corpus/news.jsonl:5", error=msg)


# ------------------------------------------------------------ escaping and structure

def test_hostile_content_is_escaped_everywhere(tmp_path: Path) -> None:
    docs = [doc_of(DIRTY + HOSTILE + "  \r\n", source=f"corpus/{HOSTILE}.txt", id=HOSTILE),
            failed(f"bad line: {HOSTILE}")]
    page = page_of(tmp_path, docs)
    t = Tags(page)
    assert t.tags("img") == [] and t.tags("svg") == [] and t.tags("a") and all(
        (a.get("href") or "").startswith("#") for a in t.tags("a"))
    assert "data-pwned" not in t.attr_names()
    # the only scripts are ours: the summaries (data) and the page script (by hash)
    assert [a.get("type") for a, _ in t.scripts] == ["application/json", None]
    assert t.scripts[1][1] == _JS
    text = "".join(t.text)
    assert text.count(f"<script>{PWN.format('script')}</script>") >= 3  # before, after, id
    assert f"bad line: {HOSTILE}" in text


def test_content_security_policy_allows_only_the_page_script(tmp_path: Path) -> None:
    page = page_of(tmp_path, [doc_of(DIRTY)])
    csp = [a for a in Tags(page).tags("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1
    policy = csp[0]["content"] or ""
    digest = base64.b64encode(hashlib.sha256(_JS.encode()).digest()).decode()
    assert "default-src 'none'" in policy
    assert f"script-src 'sha256-{digest}'" in policy
    # self-contained: no URL leaves the page
    assert not re.search(r"(?:src|href)=\"(?!#)", page)
    assert "@import" not in page and "url(" not in page and "@font-face" not in page


def test_edits_are_highlighted_with_rule_ids_on_both_sides(tmp_path: Path) -> None:
    page = page_of(tmp_path, [doc_of(DIRTY)])
    t = Tags(page)
    marks = [a["data-r"] for a in t.tags("mark")]
    # each change region appears once in each column
    assert marks.count("ENC002") == 2
    assert sorted(set(marks)) == ["ENC001", "ENC001 ENC005", "ENC002"]
    # invisible characters are spelled out inside the highlights
    assert re.search(r'<mark data-r="ENC002"><span class="c u">ZWSP</span></mark>', page)
    assert re.search(r'<mark data-r="ENC001 ENC005">  <span class="c u">CR</span>'
                     r'<span class="c">⏎</span>\n', page)
    # the document's legend names each rule with its summary
    assert "Trailing whitespace at a line end" in page
    details = [a for a in t.tags("details") if a.get("id") == "d0"]
    assert set((details[0]["data-r"] or "").split()) == set(HYGIENE)  # the filter key


def test_drops_are_struck_through_with_their_reason(tmp_path: Path) -> None:
    page = page_of(tmp_path, [caption_drop(), duplicate_drop()])
    t = Tags(page)
    dels = t.tags("del")
    assert {a["data-r"] for a in dels} == {"LAY010", "DUP002"}
    assert re.search(r'<del data-r="LAY010">[^<]*(<span class="c">⏎</span>\n)+'
                     r'图为会议现场。（记者 李四 摄）</del>'
                     r'<span class="why"> \[LAY010 dropped: photo caption\]</span>', page)
    assert "DUP002 dropped the document: near-duplicate of corpus/news.jsonl:1 " \
           "(similarity 0.93)" in page
    assert re.search(r'<del data-r="DUP002">重复的文章，一字不差。</del>', page)
    assert re.search(r'class="doc dropped" id="d1" data-r="DUP002"', page)


def test_failed_documents_are_listed_with_their_error(tmp_path: Path) -> None:
    page = page_of(tmp_path, [doc_of(DIRTY), failed("line 5 is not valid JSON")])
    assert re.search(r'<details class="doc failed" id="d1">.*?corpus/news.jsonl:5.*?'
                     r'line 5 is not valid JSON', page, re.S)
    totals = page[page.index('<section id="totals"'):]
    assert re.search(r'<li><a href="#d1" class="src">corpus/news.jsonl:5</a>: '
                     r'<span class="err">line 5 is not valid JSON</span></li>', totals)
    assert '<b id="n-failed">1</b>' in totals


def test_totals_count_edits_documents_and_statuses(tmp_path: Path) -> None:
    docs = [doc_of(DIRTY, 0), doc_of("干净的文本。\n", 1), doc_of("行尾空格。 \n", 2),
            caption_drop(), duplicate_drop(), failed()]
    page = page_of(tmp_path, docs)
    totals = page[page.index('<section id="totals"'):]
    assert page.index('<section id="totals"') > page.index('id="d5"')  # written at the end

    def row(rule: str) -> tuple[str, str, str]:
        m = re.search(rf'<tr id="r-{rule}"><td><a href="#rule={rule}">.*?</a></td>'
                      r'<td class="n">([^<]*)</td><td class="n">([^<]*)</td>'
                      r'<td>[^<]*</td><td><a href="#(d\d+)">first</a>', totals)
        assert m, rule
        return m.groups()

    assert row("ENC001") == ("3", "1", "d0")
    assert row("ENC005") == ("2", "2", "d0")
    assert row("ENC002") == ("1", "1", "d0")
    assert row("LAY010") == ("1", "1", "d3")
    assert row("DUP002") == ("–", "1", "d4")
    for status, n in (("changed", 3), ("unchanged", 1), ("dropped", 1), ("failed", 1)):
        assert f'<a href="#status={status}">{status}</a> <b id="n-{status}">{n}</b>' in totals
    assert "6 documents · 7 edits" in totals
    assert re.search(r"LAY010.*photo caption</td><td class=\"n\">1<", totals)
    assert re.search(r"DUP002.*near-duplicate</td><td class=\"n\">1<", totals)


def test_unchanged_documents_are_one_line_without_text(tmp_path: Path) -> None:
    page = page_of(tmp_path, [doc_of("干净的文本，不会改变。\n", 0)])
    assert re.search(r'<div class="doc unchanged" id="d0"><span class="src">corpus/0.txt'
                     r'</span> <span class="st">id doc0</span> <span class="st">unchanged'
                     r'</span></div>', page)
    assert "干净的文本" not in page


def test_user_rule_summaries_come_from_the_ruleset_given(tmp_path: Path) -> None:
    class R:
        summary = "OCR confusion of the event name"

    class RS:
        by_id = {"USR001": R()}

    text = "北京院士专家十履行活动"
    e = Edit("USR001", 6, 9, "十履行", "十堰行")
    doc = Document(id="1", text=text, source="a.txt",
                   result=Result(text, apply_edits(text, [e]), [e]))
    path = tmp_path / "p.html"
    r = HtmlReport(path, RS())
    r.add(doc)
    r.close(True)
    page = path.read_text("utf-8")
    assert '<mark data-r="USR001">十履行</mark>' in page
    assert '<mark data-r="USR001">十堰行</mark>' in page
    assert "OCR confusion of the event name" in page
    assert '"USR001": "OCR confusion of the event name"' in page  # for the hover titles


def test_close_not_ok_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    r = HtmlReport(path)
    r.add(doc_of(DIRTY))
    r.close(False)
    r.close(True)  # a second close does nothing
    assert list(tmp_path.iterdir()) == []


def test_records_that_do_not_line_up_are_shown_plain(tmp_path: Path) -> None:
    e = Edit("ENC005", 0, 3, "xyz", "")  # not what the text holds
    doc = Document(id="1", text="原文。", source="a.txt",
                   result=Result("原文。", "改过的。", [e]))
    page = page_of(tmp_path, [doc])
    assert "do not line up" in page
    assert "原文。" in page and "改过的。" in page
    assert "<mark" not in page


def test_lone_surrogate_does_not_break_the_page(tmp_path: Path) -> None:
    text = "坏\ud800字。 \n"
    page = page_of(tmp_path, [doc_of(text, select=["ENC005"])])
    assert "坏\ufffd字" in page and "</html>" in page


# ------------------------------------------------------------ before/after alignment

def test_chained_edits_credit_every_rule() -> None:
    text = "甲。\r\n乙。"
    e1 = Edit("ENC001", 2, 4, "\r\n", "\n")
    e2 = Edit("LAY002", 2, 3, "\n", "")
    assert align(text, [e1, e2]) == [(0, 2, None, frozenset()),
                                     (2, 4, "", frozenset({0, 1})),
                                     (4, 6, None, frozenset())]


def test_pure_insertion_is_a_caret_before_and_a_highlight_after(tmp_path: Path) -> None:
    text = "第一段。第二段。"
    e = Edit("LAY001", 4, 4, "", "\n\n")
    doc = Document(id="1", text=text, source="a.txt",
                   result=Result(text, apply_edits(text, [e]), [e]))
    page = page_of(tmp_path, [doc])
    assert '第一段。<mark data-r="LAY001">‸</mark>第二段。' in page
    assert ('第一段。<mark data-r="LAY001"><span class="c">⏎</span>\n'
            '<span class="c">⏎</span>\n</mark>第二段。') in page


@st.composite
def edit_history(draw):
    alphabet = st.sampled_from(["a", "b", "中", "\r", "\n", " ", "\u200b"])
    original = draw(st.text(alphabet, max_size=30))
    text, edits = original, []
    for g in range(draw(st.integers(0, 4))):
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
        group, last = [], -1
        for s, t in zip(cuts[::2], cuts[1::2]):
            if s < last or (s == t == last):
                continue
            after = draw(st.text(alphabet, max_size=3))
            if s == t and not after:
                continue
            group.append(Edit(f"ENC{g:03d}", s, t, text[s:t], after))
            last = t
        text = apply_edits(text, group)
        edits += group
    return original, edits


@settings(max_examples=300, deadline=None)
@given(edit_history())
def test_alignment_tiles_the_original_and_rebuilds_the_output(history) -> None:
    original, edits = history
    regions = align(original, edits)
    # the regions tile the original, in order
    assert [r[0] for r in regions[1:]] == [r[1] for r in regions[:-1]]
    if regions:
        assert regions[0][0] == 0 and regions[-1][1] == len(original)
    # before and after columns spell the input and the output
    assert "".join(original[a:b] for a, b, _, _ in regions) == original
    assert "".join(original[a:b] if after is None else after
                   for a, b, after, _ in regions) == apply_edits(original, edits)
    # every edit is shown somewhere, every change says which edits made it
    assert set().union(*(r[3] for r in regions)) == set(range(len(edits)))
    assert all(r[3] for r in regions if r[2] is not None)
    # untouched regions are exactly the original characters no edit covered
    prov: list[int | None] = list(range(len(original)))
    for rule in dict.fromkeys(e.rule for e in edits):
        group = [e for e in edits if e.rule == rule]
        for e in sorted(group, key=lambda e: (e.start, e.end), reverse=True):
            prov[e.start:e.end] = [None] * len(e.after)
    survivors = {i for i in prov if i is not None}
    shown_same = {i for a, b, after, _ in regions if after is None for i in range(a, b)}
    assert shown_same == survivors


# ------------------------------------------------------------ size

def test_long_document_is_elided_and_bounded(tmp_path: Path) -> None:
    para = "很长的一段正文，讲述了当地经济发展的情况。" * 40
    text = "\r\n\r\n".join([para] * 1500) + "  \r\n"  # ~1.3 million characters
    assert len(text) > 1_000_000
    page = page_of(tmp_path, [doc_of(text)])
    size = len(page.encode())
    assert size < 80_000, size
    assert "unchanged characters" in page
    assert "view cut here" in page and "more change regions" in page
    assert page.count('<mark data-r="ENC001">') >= 10


def test_ten_thousand_documents_stream_in_bounded_size(tmp_path: Path) -> None:
    base = "本报讯（记者张三）近日，北京院士专家十堰行活动在湖北省十堰市举行，来自各地的专家学者共同探讨地方经济发展。"
    path = tmp_path / "big.html"
    r = HtmlReport(path)
    n, budget, streamed = 10_000, 0, 0
    for i in range(n):
        lines = [base[j % 7:] + f"第{i}篇第{j}段。" for j in range(8)]
        if i % 3 == 0:  # a third of the documents need fixing
            text = "\r\n\r\n".join(ln + ("  " if j % 2 else "") for j, ln in enumerate(lines))
        else:
            text = "\n\n".join(lines)
        d = doc_of(text, i)
        changed = d.result.changed
        # the bound: text twice (before and after) plus markup
        budget += 2 * len(text.encode()) + 2000 if changed else 250
        r.add(d)
        if i == n // 2:
            r.file.fh.flush()
            streamed = r.file.tmp.stat().st_size
    r.close(True)
    size = path.stat().st_size
    assert streamed > size / 3  # written as the documents came, not at the end
    assert size < budget, (size, budget)
    assert size / n < 2_000, size / n  # ~1,260 bytes of text per document here
    tail = path.read_text("utf-8")[-5000:]
    assert '<b id="n-changed">3,334</b>' in tail and '<b id="n-unchanged">6,666</b>' in tail


# ------------------------------------------------------------ the command line

def test_check_and_clean_write_the_page(tmp_path: Path, run_cli) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(DIRTY.encode())
    (src / "b.txt").write_text("干净的文本。\n", encoding="utf-8")
    (src / "c.jsonl").write_bytes(b'{"id": "x", "text": "ok"}\n{broken\n')
    page = tmp_path / "check.html"
    r = run_cli("check", str(src), "--html", str(page), "--select", ",".join(HYGIENE))
    assert r.returncode == 2, r.stderr  # the broken line
    html = page.read_text("utf-8")
    assert 'class="doc changed"' in html and "a.txt" in html
    assert 'class="doc failed"' in html and "c.jsonl:2" in html
    assert '<b id="n-unchanged">2</b>' in html

    out = tmp_path / "out"
    page2 = tmp_path / "sub" / "clean.html"
    page2.parent.mkdir()
    r = run_cli("clean", str(src), "-o", str(out), "--html", str(page2),
                "--select", ",".join(HYGIENE))
    assert r.returncode == 2
    assert '<mark data-r="ENC002">' in page2.read_text("utf-8")
    assert [p.name for p in page2.parent.iterdir()] == ["clean.html"]  # no temp left


# ------------------------------------------------------------ in a real browser

def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None and Path("/usr/bin/chromium").exists():
        exe = "/usr/bin/chromium"
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required for the HTML report tests in CI")
        pytest.skip("chromium is not installed")
    return exe


def browse(tmp_path: Path, page: Path, fragment: str = "", *, width: int = 1280,
           height: int = 900) -> str:
    """The DOM of ``page`` after its scripts ran, as headless Chromium sees it."""
    profile = tmp_path / f"profile-{width}"
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
           f"--window-size={width},{height}", "--dump-dom", page.as_uri() + fragment]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert p.returncode == 0 and "</html>" in p.stdout, p.stderr[-2000:]
    return p.stdout


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    _chromium()
    d = tmp_path_factory.mktemp("page")
    long_url = "https://example.invalid/" + "a" * 300
    docs = [doc_of(DIRTY + HOSTILE + "\r\n" + long_url + "  \r\n", 0,
                   source="corpus/" + "很长的目录名/" * 20 + "a.txt"),
            doc_of("干净的文本。\n", 1), caption_drop(), duplicate_drop(),
            failed(f"line 5: {HOSTILE}")]
    path = d / "review.html"
    page_of(d, docs, path.name)
    return path


def test_chromium_renders_totals_rules_drops_and_failures(browser_page: Path,
                                                          tmp_path: Path) -> None:
    dom = browse(tmp_path, browser_page)
    t = Tags(dom)
    # the page script ran (under its CSP) and put the totals first
    ids = [a.get("id") for _, a in t.elements if a.get("id")]
    assert ids.index("totals") < ids.index("docs")
    text = "".join(t.text)
    for rule in ("ENC001", "ENC002", "ENC005", "LAY010", "DUP002"):
        assert any(a.get("href") == f"#rule={rule}" for a in t.tags("a")), rule
    assert "Windows or old-Mac line end" in text
    assert "[LAY010 dropped: photo caption]" in text
    assert "near-duplicate of corpus/news.jsonl:1 (similarity 0.93)" in text
    assert f"line 5: {HOSTILE}" in text
    # nothing from the documents ran or became an element
    assert "data-pwned" not in t.attr_names()
    assert not t.tags("img") and not t.tags("svg")
    assert len(t.tags("script")) == 2


def test_chromium_filters_by_rule_and_opens_a_document(browser_page: Path,
                                                      tmp_path: Path) -> None:
    dom = browse(tmp_path, browser_page, "#rule=LAY010")
    shown = re.search(r'<span id="shown"[^>]*>([^<]*)</span>', dom)
    assert shown and shown.group(1).startswith("showing 1 document with rule LAY010"), dom[:3000]
    assert '.doc:not([data-r~="LAY010"]){display:none}' in dom

    dom = browse(tmp_path, browser_page, "#d0")
    t = Tags(dom)
    d0 = [a for a in t.tags("details") if a.get("id") == "d0"][0]
    assert "open" in d0
    titles = {a.get("title") for a in t.tags("mark")}
    assert "ENC002: Invisible character (zero-width space, stray BOM, word joiner; " \
           "soft hyphen in Chinese)" in titles


def _layout_probe(page: Path, out: Path, width: int) -> Path:
    """A wrapper page showing ``page`` in a ``width``-pixel frame (a window cannot
    be narrower than 500 px) with the page's CSP removed, and a probe that writes
    the frame's layout into the wrapper's title: side-by-side or stacked columns,
    the page width against the frame width, and whether a document's script ran."""
    html = page.read_text("utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = ("<script>document.getElementById('f').addEventListener('load',function(){"
             "var d=this.contentDocument,x=d.getElementById('d0');x.open=true;"
             "var c=x.querySelectorAll('.cols>div');"
             "var a=c[0].getBoundingClientRect(),b=c[1].getBoundingClientRect();"
             "document.title=(a.top==b.top&&b.left>a.right?'side':"
             "(b.top>=a.bottom?'stacked':'overlap'))+' '+d.documentElement.scrollWidth+' '+"
             "this.contentWindow.innerWidth+' '+"
             "(d.querySelector('[data-pwned]')?'pwned':'clean');});</script>")
    out.write_text(f'<!DOCTYPE html><html><head><title>-</title></head><body style="margin:0">'
                   f'<iframe id="f" width="{width}" height="844" style="border:0" '
                   f'srcdoc="{escape(html, quote=True)}"></iframe>{probe}</body></html>', "utf-8")
    return out


@pytest.mark.parametrize(("width", "layout"), [(390, "stacked"), (1280, "side")])
def test_chromium_layout_phone_and_desktop(browser_page: Path, tmp_path: Path,
                                           width: int, layout: str) -> None:
    probe = _layout_probe(browser_page, tmp_path / "probe.html", width)
    dom = browse(tmp_path, probe, width=1400, height=900)
    title = re.search(r"<title>([^<]*)</title>", dom)
    assert title and title.group(1) != "-", dom[:2000]
    kind, page_width, frame_width, ran = title.group(1).split()
    assert int(frame_width) == width
    assert kind == layout
    assert int(page_width) <= width  # nothing forces sideways scrolling
    # without the CSP, escaping alone keeps the documents' scripts from running
    assert ran == "clean"
