"""``--html FILE``: one self-contained review page, streamed to disk.

The page is another view of the edit records (DESIGN.md "Every edit is
recorded"): nothing here re-runs a rule.

Streaming
    The page is written to an :class:`~cleaner.writing.AtomicFile` as documents
    arrive; each document becomes a collapsed ``<details>`` element and is then
    forgotten (only counters and the first failures stay in memory). The totals
    are known only at the end, so they are written last, as plain HTML, and
    shown first: the page body is a flex column and the totals have
    ``order: -1``; the inline script also moves them to the top of the DOM (for
    keyboard and screen-reader order). Unchanged documents get one line and no
    text, hidden unless the "unchanged" filter is on.

Size
    Collapsed details keep the layout cost low; the text is the bulk of the
    bytes. A document shorter than :data:`FULL_VIEW` code points is shown whole;
    a longer one shows each change with :data:`CONTEXT` code points around it
    and elides the unchanged stretches in between ("… 5,210 unchanged characters
    …"), and each column stops after about :data:`MAX_VIEW` code points with a
    note saying how many changes are not shown. A single change longer than
    :data:`MAX_MARK` (a dropped page, say) is cut inside its highlight. So a
    document costs a few hundred bytes of markup plus at most a bounded amount
    of text, whatever its length.

Highlighting (how before and after line up)
    The edits are replayed on a list of *pieces* that spell the current text:
    ``("o", a, b)`` is ``original[a:b]``, untouched so far, and ``("n", text,
    tags)`` is text an edit wrote (``tags``: the indices of the edits that
    produced it). An application of one rule (its edits share offsets into the
    same text) is one left-to-right sweep: pieces before an edit are copied,
    pieces it covers are consumed (a consumed ``n`` piece passes its tags on),
    and the edit adds one ``n`` piece with its ``after`` text -- an empty one
    for a deletion, so the deletion keeps its place and its rule ids. After the
    last rule, the surviving ``o`` pieces are exactly the original text that
    no edit touched, in order; everything between two of them is one *change
    region*: the original text in the gap (before) and the ``n`` text in the
    gap (after), labelled with the union of their tags. That gives both
    columns from one walk, with corresponding regions in both, and chains of
    edits (ENC001 turns ``\\r\\n`` into ``\\n``, a layout rule then removes the
    ``\\n``) are credited to every rule involved. The joined pieces are checked
    against ``result.text``; if they ever disagree the document is shown
    without highlights and says so, rather than highlighting the wrong text.

    In a highlight, invisible characters are spelled out in small boxes
    (``CR``, ``TAB``, ``ZWSP``, ``NBSP``, ``U+2028``; a removed or inserted line
    break shows ``⏎``) since they are often what a hygiene rule removed.
    Each highlight carries its rule ids as a visible badge (CSS generated
    content from ``data-r``: no bytes per edit, and it works on phones, which
    have no hover); each document lists its rules with their summaries in a
    legend; and when a document is opened the inline script sets each
    highlight's ``title`` (ids and summaries, shown on hover) from one JSON
    table of the summaries written at the end -- a static ``title`` on every
    highlight in both columns cost about a quarter of the page. A region containing a drop is struck through in the before
    column and labelled with the rule and reason.

Safety
    Document text is untrusted scraped content: every string is HTML-escaped
    (text and attributes), and the page carries a Content-Security-Policy that
    allows only its own inline script (by hash) and no network at all, so even
    a slip in escaping could not run a script or fetch anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

import regex

from . import __version__
from .records import Document, Edit, Result, rule_groups
from .writing import AtomicFile

#: Documents up to this many code points (before and after) are shown whole.
FULL_VIEW = 3000
#: Code points of unchanged text kept around each change in longer documents.
CONTEXT = 160
#: About this many code points per column, then the view is cut with a note.
MAX_VIEW = 6000
#: A single highlight longer than this is cut inside the highlight.
MAX_MARK = 600
#: Failures listed by name in the totals (all of them are in the document list).
MAX_LISTED_FAILURES = 100
#: Markup cost of a change region counted against MAX_VIEW, in code points.
_REGION_COST = 24

_INVISIBLE = regex.compile(r"[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}\p{Co}\p{Cs}\p{Cn}--[ ]]", regex.V1)
_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_NAMES = {"\r": "CR", "\t": "TAB", "\x0b": "VT", "\x0c": "FF", "\x00": "NUL",
          "\u00a0": "NBSP", "\u00ad": "SHY", "\u200b": "ZWSP", "\u200c": "ZWNJ",
          "\u200d": "ZWJ", "\u2060": "WJ", "\ufeff": "BOM", "\u3000": "U+3000"}


def _esc(s: str) -> str:
    return html.escape(s, quote=False)


def _attr(s: str) -> str:
    return html.escape(s, quote=True)


def _visible(s: str) -> str:
    """Escape ``s`` for a highlight, with invisible characters spelled out."""
    if not _INVISIBLE.search(s):
        return _esc(s)
    out: list[str] = []
    pos = 0
    for m in _INVISIBLE.finditer(s):
        out.append(_esc(s[pos:m.start()]))
        c = m.group()
        if c == "\n":
            out.append('<span class="c">⏎</span>\n')
        else:
            out.append(f'<span class="c u">{_NAMES.get(c) or f"U+{ord(c):04X}"}</span>')
        pos = m.end()
    out.append(_esc(s[pos:]))
    return "".join(out)


# ------------------------------------------------------------ alignment

Piece = tuple  # ("o", a, b) | ("n", text, frozenset[int])


def _plen(p: Piece) -> int:
    return p[2] - p[1] if p[0] == "o" else len(p[1])


def _split(p: Piece, k: int) -> tuple[Piece, Piece]:
    if p[0] == "o":
        return ("o", p[1], p[1] + k), ("o", p[1] + k, p[2])
    return ("n", p[1][:k], p[2]), ("n", p[1][k:], p[2])


def _groups(edits: list[Edit]) -> Iterable[list[tuple[int, Edit]]]:
    """The records' rule applications, each edit with its index in ``edits``."""
    i = 0
    for group in rule_groups(edits):
        yield list(enumerate(group, i))
        i += len(group)


def _apply_group(pieces: list[Piece], group: list[tuple[int, Edit]]) -> list[Piece]:
    out: list[Piece] = []
    it = iter(pieces)
    cur: Piece | None = next(it, None)
    pos = 0  # offset of ``cur`` in the text this rule saw
    for i, e in sorted(group, key=lambda ie: (ie[1].start, ie[1].end)):
        s, t = e.start, e.end
        while cur is not None and pos + _plen(cur) <= s:
            out.append(cur)
            pos += _plen(cur)
            cur = next(it, None)
        if cur is not None and pos < s:
            left, cur = _split(cur, s - pos)
            out.append(left)
            pos = s
        tags = {i}
        while cur is not None and pos < t and pos + _plen(cur) <= t:
            if cur[0] == "n":
                tags |= cur[2]
            pos += _plen(cur)
            cur = next(it, None)
        if cur is not None and pos < t:
            left, cur = _split(cur, t - pos)
            if left[0] == "n":
                tags |= left[2]
            pos = t
        out.append(("n", e.after, frozenset(tags)))
    if cur is not None:
        out.append(cur)
    out.extend(it)
    return out


def align(original: str, edits: list[Edit]) -> list[tuple[int, int, str | None, frozenset[int]]]:
    """The original cut into regions: ``(a, b, None, {})`` untouched,
    ``(a, b, after, tags)`` replaced by ``after`` through the edits ``tags``."""
    pieces: list[Piece] = [("o", 0, len(original))] if original else []
    for group in _groups(edits):
        pieces = _apply_group(pieces, group)
    regions: list[tuple[int, int, str | None, frozenset[int]]] = []
    last = 0
    after: list[str] = []
    tags: set[int] = set()
    pending = False
    for p in pieces:
        if p[0] == "n":
            after.append(p[1])
            tags |= p[2]
            pending = True
            continue
        a, b = p[1], p[2]
        if a == b:
            continue
        if pending or a > last:
            regions.append((last, a, "".join(after), frozenset(tags)))
            after, tags, pending = [], set(), False
        if regions and regions[-1][2] is None and regions[-1][1] == a:
            regions[-1] = (regions[-1][0], b, None, frozenset())
        else:
            regions.append((a, b, None, frozenset()))
        last = b
    if pending or last < len(original):
        regions.append((last, len(original), "".join(after), frozenset(tags)))
    return regions


# ------------------------------------------------------------ the page

_CSS = """
:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--mut:#666;--line:#ddd;--ins:#d7f5dd;
--del:#fde0e0;--mark:#fff1b8;--badge:#4056a1;--card:#f7f7f8}
@media (prefers-color-scheme:dark){:root{--bg:#17181a;--fg:#e6e6e6;--mut:#9a9a9a;
--line:#333;--ins:#1f4d2b;--del:#5a2424;--mark:#5a4a12;--badge:#8fa6ff;--card:#202124}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1400px;padding:12px;background:var(--bg);color:var(--fg);
font:15px/1.55 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC",
"Microsoft YaHei",sans-serif;display:flex;flex-direction:column;gap:12px;
overflow-wrap:anywhere}
body>*{min-width:0}
header{order:-2}#totals{order:-1}
h1{font-size:1.25em;margin:0}h2{font-size:1.05em;margin:.8em 0 .3em}
a{color:var(--badge)}
table{border-collapse:collapse;width:100%;font-size:.92em;overflow-wrap:break-word}
th{white-space:nowrap}
td,th{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.scroll{overflow-x:auto}
.doc{border:1px solid var(--line);border-radius:6px;margin:6px 0;background:var(--card);
content-visibility:auto;contain-intrinsic-size:auto 44px}
.doc>summary{cursor:pointer;padding:6px 10px;overflow-wrap:anywhere}
.doc.unchanged{display:none;padding:4px 10px;color:var(--mut)}
.src{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
.b{display:inline-block;font:600 .72em/1.4 ui-monospace,Menlo,Consolas,monospace;
padding:0 4px;border-radius:3px;background:var(--badge);color:var(--bg);margin-left:4px;
vertical-align:1px;white-space:nowrap}
.st{font-size:.8em;color:var(--mut);margin-left:6px}
.failed>summary .st,.err{color:#c0392b}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:10px;padding:0 10px 10px}
.cols>div{min-width:0}
.cols h3{font-size:.8em;color:var(--mut);margin:4px 0;font-weight:600}
.t{white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:isolate;background:var(--bg);
border:1px solid var(--line);border-radius:4px;padding:6px 8px;margin:0}
mark{background:var(--mark);color:inherit;border-radius:2px}
.a mark{background:var(--ins)}
del{background:var(--del);color:inherit}
mark[data-r]::before,del[data-r]::before{content:attr(data-r);font:600 .62em/1 ui-monospace,
Menlo,Consolas,monospace;color:var(--badge);vertical-align:super;margin-right:1px;
white-space:nowrap}
.why{font-size:.8em;color:#c0392b;white-space:normal}
.c{font-size:.75em;color:var(--mut)}
.c.u{border:1px solid var(--mut);border-radius:2px;padding:0 1px}
.el{display:block;color:var(--mut);font-size:.8em;font-style:italic;white-space:normal}
.legend{padding:0 10px 8px;font-size:.85em;color:var(--mut)}
.legend .b{margin:0 4px 0 0}
#shown{color:var(--mut);margin-left:8px}
@media (max-width:720px){.cols{grid-template-columns:1fr}body{padding:6px;font-size:14px}}
"""

_JS = r"""(function(){
var d=document,t=d.getElementById('totals'),st=d.getElementById('flt'),
sh=d.getElementById('shown');
if(t&&t.parentNode){d.body.insertBefore(t,d.body.firstElementChild.nextSibling);}
var S={};try{S=JSON.parse(d.getElementById('cc-rules').textContent);}catch(e){}
function titles(doc){var ms=doc.querySelectorAll('[data-r]:not([title])');
 for(var i=0;i<ms.length;i++){ms[i].title=ms[i].getAttribute('data-r').split(' ').map(
 function(r){return S[r]?r+': '+S[r]:r;}).join('\n');}}
d.addEventListener('toggle',function(e){if(e.target.open)titles(e.target);},true);
function apply(){
 var h=decodeURIComponent(location.hash.slice(1)),m=/^(rule|status)=([A-Z]{3}[0-9]{3}|changed|dropped|failed|unchanged)$/.exec(h),
 css='',txt='';
 if(m){var sel=m[1]=='rule'?'[data-r~="'+m[2]+'"]':'.'+m[2];
  css='.doc:not('+sel+'){display:none}.doc'+sel+'{display:block}';
  var n=d.querySelectorAll('.doc'+sel).length;
  txt='showing '+n+' document'+(n==1?'':'s')+' with '+m[1]+' '+m[2]+(S[m[2]]?' ('+S[m[2]]+')':'');}
 else if(/^d[0-9]+$/.test(h)){var e=d.getElementById(h);if(e&&e.tagName=='DETAILS'){e.open=true;titles(e);}}
 st.textContent=css;sh.textContent=txt;}
addEventListener('hashchange',apply);apply();
})();"""

_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'; script-src 'sha256-"
        + base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii") + "'")

_STATUSES = ("changed", "dropped", "failed", "unchanged")


def _head(title: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n"
            "<style id=\"flt\"></style>\n</head>\n<body>\n"
            f"<header><h1>{_esc(title)}</h1><span id=\"shown\" aria-live=\"polite\"></span>"
            "</header>\n<main id=\"docs\">\n")


class HtmlReport:
    """The review page: ``add`` each document as it is done, then ``close``.

    ``rules`` (a :class:`~cleaner.rules.RuleSet`, e.g. ``pipeline.ruleset``)
    gives the summaries shown with each edit, including a user's USR rules;
    without it the shipped rules are loaded.
    """

    def __init__(self, path: Path, rules: Any = None, *, title: str | None = None) -> None:
        self.path = Path(path)
        self._rules = rules
        self._summaries: dict[str, str] | None = None
        self.file = AtomicFile(self.path, errors="strict")  # see _write
        self.n = 0
        self.status: Counter[str] = Counter()
        self.edits: Counter[str] = Counter()
        self.docs_by_rule: Counter[str] = Counter()
        self.first: dict[str, int] = {}
        self.drops: Counter[tuple[str, str]] = Counter()
        self.failures: list[tuple[int, str, str]] = []
        self.bytes = 0
        self._write(_head(title or "cleancorpus review"))

    # -------------------------------------------------------- public

    def add(self, doc: Document) -> None:
        """Render one document and write it out (nothing of it is kept)."""
        k = self.n
        self.n += 1
        res = doc.result
        if doc.error is not None or res is None:
            self._write(self._failed(k, doc, doc.error or "not cleaned"))
            return
        if res.dropped is None and not res.edits and res.text == res.original:
            self.status["unchanged"] += 1
            self._write(f'<div class="doc unchanged" id="d{k}"><span class="src">'
                        f'{_esc(doc.source)}</span>{self._id(doc)} '
                        '<span class="st">unchanged</span></div>\n')
            return
        status = "dropped" if res.dropped is not None else "changed"
        self.status[status] += 1
        counts = res.counts()
        for rule, n in counts.items():
            self.edits[rule] += n
            self.docs_by_rule[rule] += 1
            self.first.setdefault(rule, k)
        rules_here = list(counts)
        if res.dropped is not None:
            d = res.dropped
            self.drops[(d.rule, d.reason)] += 1
            self.docs_by_rule[d.rule] += d.rule not in counts
            self.first.setdefault(d.rule, k)
            if d.rule not in counts:
                rules_here.append(d.rule)
        for e in res.edits:
            if e.reason is not None:
                self.drops[(e.rule, e.reason)] += 1
        self._write(self._document(k, doc, res, status, counts, rules_here))

    def close(self, ok: bool = True) -> None:
        """Write the totals and commit the page (``ok``), or discard it."""
        if self.file.done:
            return
        if not ok:
            self.file.abort()
            return
        self._write("</main>\n" + self._totals() + self._rules_json()
                    + f"<script>{_JS}</script>\n</body>\n</html>\n")
        self.file.commit()

    # -------------------------------------------------------- pieces

    def _write(self, s: str) -> None:
        try:
            self.file.write(s)
        except UnicodeEncodeError:  # a lone surrogate from a JSON escape
            s = _SURROGATE.sub("\ufffd", s)
            self.file.write(s)
        self.bytes += len(s)

    def summaries(self) -> dict[str, str]:
        if self._summaries is None:
            rs = self._rules
            if rs is None:
                try:
                    from .rules import RuleSet
                    rs = RuleSet.load()
                except Exception:  # noqa: BLE001 - summaries are a nicety here
                    rs = None
            by_id = getattr(rs, "by_id", {}) if rs is not None else {}
            self._summaries = {rid: r.summary for rid, r in by_id.items()}
        return self._summaries

    @staticmethod
    def _id(doc: Document) -> str:
        if doc.id and doc.id != doc.source:
            return f' <span class="st">id {_esc(str(doc.id))}</span>'
        return ""

    def _failed(self, k: int, doc: Document, error: str) -> str:
        self.status["failed"] += 1
        if len(self.failures) < MAX_LISTED_FAILURES:
            self.failures.append((k, doc.source, error))
        return (f'<details class="doc failed" id="d{k}"><summary><span class="src">'
                f'{_esc(doc.source)}</span>{self._id(doc)}<span class="st">failed</span>'
                f'</summary><p class="legend err">{_esc(error)}</p></details>\n')

    def _document(self, k: int, doc: Document, res: Result, status: str,
                  counts: dict[str, int], rules_here: list[str]) -> str:
        badges = "".join(f'<span class="b">{_esc(r)}&#160;{n}</span>'
                         for r, n in counts.items())
        drop_note = ""
        if res.dropped is not None:
            d = res.dropped
            badges += f'<span class="b">{_esc(d.rule)}</span>'
            drop_note = f'<span class="st err">dropped: {_esc(_drop_why(d.reason, d.of, d.similarity))}</span>'
        enc = ""
        if doc.encoding and doc.encoding.lower().replace("_", "-") not in ("utf-8", "ascii"):
            enc = f'<span class="st">decoded as {_esc(doc.encoding)}</span>'
        head = (f'<details class="doc {status}" id="d{k}" data-r="{_attr(" ".join(rules_here))}">'
                f'<summary><span class="src">{_esc(doc.source)}</span>{self._id(doc)}'
                f'{badges}{drop_note}{enc}</summary>\n')
        s = self.summaries()
        legend = "".join(f'<span class="b">{_esc(r)}</span>{_esc(s.get(r, ""))} '
                         for r in rules_here)
        before, after = self._columns(res)
        return (head + f'<div class="legend">{legend}</div>'
                f'<div class="cols"><div><h3>before</h3><div class="t">{before}</div></div>'
                f'<div class="a"><h3>after</h3><div class="t">{after}</div></div></div>'
                "</details>\n")

    # -------------------------------------------------------- the two columns

    def _columns(self, res: Result) -> tuple[str, str]:
        try:
            regions = align(res.original, res.edits)
            ok = "".join(res.original[a:b] if aft is None else aft
                         for a, b, aft, _ in regions) == res.text
        except (IndexError, TypeError, ValueError):
            ok = False
        if not ok:
            note = '<span class="el">(the edit records do not line up with this text; shown without highlights)</span>'
            return (note + _esc(_cut(res.original, MAX_VIEW)),
                    note + _esc(_cut(res.text, MAX_VIEW)))
        if res.dropped is not None:
            d = res.dropped
            why = _drop_why(d.reason, d.of, d.similarity)
            before = (f'<del data-r="{_attr(d.rule)}">'
                      f'{_esc(_cut(res.original, MAX_VIEW))}</del>'
                      f'<span class="why"> {_esc(d.rule)} dropped the document: {_esc(why)}</span>')
            after = f'<span class="why">(document dropped by {_esc(d.rule)}: {_esc(why)})</span>'
            if not res.edits:
                return before, after
            b, a = self._render(res, regions)
            return before, after + '<span class="el">edits made before the drop:</span>' + a
        return self._render(res, regions)

    def _render(self, res: Result, regions: list[tuple[int, int, str | None, frozenset[int]]]
                ) -> tuple[str, str]:
        orig = res.original
        long = len(orig) > FULL_VIEW or len(res.text) > FULL_VIEW
        bo: list[str] = []
        ao: list[str] = []
        used = 0
        last = len(regions) - 1
        for j, (a, b, after, tags) in enumerate(regions):
            if used > MAX_VIEW:
                left = sum(1 for r in regions[j:] if r[2] is not None)
                note = (f'<span class="el">… view cut here: {left} more change region'
                        f'{"" if left == 1 else "s"} and {len(orig) - a:,} characters of the '
                        'original not shown (see cleancorpus explain)</span>')
                bo.append(note)
                ao.append(note)
                break
            if after is None:
                chunk = self._same(orig, a, b, long, first=j == 0, last=j == last)
                bo.append(chunk)
                ao.append(chunk)
                used += min(b - a, 2 * CONTEXT + 40) if long else b - a
                continue
            edits = [res.edits[i] for i in sorted(tags)]
            rules = list(dict.fromkeys(e.rule for e in edits))
            r_attr = _attr(" ".join(rules))
            drops = [e for e in edits if e.reason is not None]
            before = orig[a:b]
            if drops:
                why = "; ".join(f"{e.rule} dropped: {_drop_why(e.reason or '', e.of, e.similarity)}"
                                for e in drops)
                bo.append(f'<del data-r="{r_attr}">{_visible(_cut(before, MAX_MARK))}'
                          f'</del><span class="why"> [{_esc(why)}]</span>')
            elif before:
                bo.append(f'<mark data-r="{r_attr}">{_visible(_cut(before, MAX_MARK))}</mark>')
            else:  # a pure insertion: a caret where it goes
                bo.append(f'<mark data-r="{r_attr}">‸</mark>')
            ao.append(f'<mark data-r="{r_attr}">{_visible(_cut(after, MAX_MARK))}</mark>')
            used += min(len(before), MAX_MARK) + min(len(after), MAX_MARK) // 2 + _REGION_COST
        return "".join(bo), "".join(ao)

    @staticmethod
    def _same(orig: str, a: int, b: int, long: bool, *, first: bool, last: bool) -> str:
        n = b - a
        if not long or n <= 2 * CONTEXT + 40:
            return _esc(orig[a:b])
        head = "" if first else orig[a:a + CONTEXT]
        tail = "" if last else orig[b - CONTEXT:b]
        gap = n - len(head) - len(tail)
        return (_esc(head) + f'<span class="el">… {gap:,} unchanged characters …</span>'
                + _esc(tail))

    # -------------------------------------------------------- totals

    def _totals(self) -> str:
        st = self.status
        s = self.summaries()
        out = ['<section id="totals" aria-label="totals">',
               f'<p>{self.n:,} document{"" if self.n == 1 else "s"} · '
               f'{sum(self.edits.values()):,} edits · cleancorpus {_esc(__version__)} · '
               '<a href="#">show all</a></p>',
               '<p class="status">' + " · ".join(
                   f'<a href="#status={name}">{name}</a> <b id="n-{name}">{st[name]:,}</b>'
                   for name in _STATUSES) + "</p>"]
        if self.edits or self.drops:
            out.append('<h2>Edits by rule</h2><div class="scroll"><table class="rules">'
                       '<tr><th>rule</th><th class="n">edits</th><th class="n">documents</th>'
                       '<th>summary</th><th></th></tr>')
            for rule in sorted(set(self.edits) | {r for r, _ in self.drops}):
                out.append(f'<tr id="r-{_attr(rule)}"><td><a href="#rule={_attr(rule)}">'
                           f'<span class="b">{_esc(rule)}</span></a></td>'
                           f'<td class="n">{_num(self.edits[rule])}</td>'
                           f'<td class="n">{self.docs_by_rule[rule]:,}</td>'
                           f'<td>{_esc(s.get(rule, ""))}</td>'
                           f'<td><a href="#d{self.first[rule]}">first</a></td></tr>')
            out.append("</table></div>")
        if self.drops:
            out.append('<h2>Drops</h2><div class="scroll"><table class="drops">'
                       '<tr><th>rule</th><th>reason</th><th class="n">count</th></tr>')
            for (rule, reason), n in sorted(self.drops.items()):
                out.append(f'<tr><td><a href="#rule={_attr(rule)}"><span class="b">{_esc(rule)}'
                           f'</span></a></td><td>{_esc(reason)}</td><td class="n">{n:,}</td></tr>')
            out.append("</table></div>")
        if self.failures:
            more = st["failed"] - len(self.failures)
            out.append('<h2>Failed documents</h2><ul class="failures">')
            for k, source, error in self.failures:
                out.append(f'<li><a href="#d{k}" class="src">{_esc(source)}</a>: '
                           f'<span class="err">{_esc(error)}</span></li>')
            if more > 0:
                out.append(f'<li><a href="#status=failed">{more:,} more</a></li>')
            out.append("</ul>")
        out.append("</section>\n")
        return "".join(out)

    def _rules_json(self) -> str:
        s = self.summaries()
        used = {r: s[r] for r in sorted(set(self.edits) | {r for r, _ in self.drops}) if r in s}
        blob = json.dumps(used, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
        return f'<script type="application/json" id="cc-rules">{blob}</script>\n'


def _num(n: int) -> str:
    return f"{n:,}" if n else "–"


def _drop_why(reason: str, of: str | None, similarity: float | None) -> str:
    out = reason
    if of:
        out += f" of {of}"
    if similarity is not None:
        out += f" (similarity {similarity:.2f})"
    return out


def _cut(s: str, limit: int) -> str:
    if len(s) <= limit:
        return s
    return s[:limit] + f"… [{len(s) - limit:,} more characters]"
