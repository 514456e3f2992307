"""HTML (a saved page or a CMS fragment) -> the report's text, positions in the HTML source.

The user edits the HTML, so findings point at its lines and columns: every character of the
extracted text keeps the source offset it came from (`checker.readers.mapped`). The standard
library's `html.parser` reads it, because it reports where each token starts (lxml and selectolax
build a tree but keep only element line numbers): text is copied one for one, an entity becomes its
character(s), a tag becomes nothing or a line break.

What is read: the body's text, with block elements, table rows and `<br>` as line breaks, a row's
cells joined by tabs (as for .docx), and runs of HTML white space as one space (none where a source
line break falls between two Chinese characters, as browsers render it). What is never read:
`<head>`, script, style, templates, `<noscript>`, SVG, form controls, hidden elements. Page
furniture (navigation, site header and footer, sidebars, share widgets, related-article lists,
breadcrumbs, pagers) is found from the DOM: the element's tag, ARIA role, or a class/id word
(`checker.readers.html_furniture`); a page whose every word looks like furniture (a wrapper's
class) is read whole. Where a page has an `<article>` or `<main>`, text outside it is furniture
too. Comments are not text, except checker's own directives (`<!-- checker-disable -->`), kept so
that suppressions work in a page as in a text file. Furniture around the report is dropped (before
it or after it, or with no more than a title's worth of report text on one side: the
publication-info line under a title); furniture inside it is kept in the text (it is what a copy of
the page gives) and recorded as `Document.furniture`, which `artifact.page-furniture` reports.

Bounds: elements nested deeper than `MAX_DEPTH` are read flat (their furniture marks are those of
the element at the cap), so a page of 100,000 nested `<div>`s costs time linear in its size.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from checker.decoding import check_textual, decode
from checker.document_model import Document
from checker.input_error import InputError
from checker.readers.html_furniture import ARTICLE_TAGS, furniture_of, hidden
from checker.readers.mapped import MappedLines
from checker.sourcemap import SourceMap
from checker.ui_text import both

MAX_DEPTH = 256
# Report text this short before or after a furniture block is a title or a closing line, not a
# report the block leaked into (a publication-info line under the title is the page's).
TITLE_CHARS = 40

# Where the structure breaks a line (the tag is mapped to the break).
_BLOCK = frozenset("""address article aside blockquote body caption center dd details dialog dir div dl dt
fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol
p pre section summary table tbody tfoot thead tr ul""".split())
_CELL = frozenset({"td", "th"})
# Never text: their content is code, metadata or controls.
_SKIP = frozenset({"head", "script", "style", "template", "noscript", "svg", "math", "iframe", "object",
                   "select", "option", "button", "textarea", "canvas", "audio", "video", "map"})
# What a <head> holds; any other start tag right inside it begins the body.
_HEAD_TAGS = frozenset({"base", "link", "meta", "noscript", "script", "style", "template", "title"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
# Elements a start tag of the same family closes (the HTML parser's implied end tags, the cases
# CMS editors produce: unclosed <p> and <li>).
_IMPLIED_CLOSE = {"p": frozenset({"p"}), "li": frozenset({"li"}), "dt": frozenset({"dt", "dd"}),
                  "dd": frozenset({"dt", "dd"}), "tr": frozenset({"tr", "td", "th"}),
                  "td": frozenset({"td", "th"}), "th": frozenset({"td", "th"})}
_BLOCK_CLOSES_P = _BLOCK - {"body", "html"}

_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,7};?|[A-Za-z][A-Za-z0-9]{0,31};?)")
# Structural line break in the raw text, told apart from a source newline until white space is
# collapsed (U+2029 PARAGRAPH SEPARATOR: a text-layer character no CMS writes).
_BREAK = "\u2029"
# Between two cells of a table row (U+001F UNIT SEPARATOR): a tab, as the .docx reader joins cells.
_CELL_SEP = "\u001f"
_SPACE_RUN = re.compile(r"[ \t\n\r\f\u2029\u001f]+")
_VISIBLE = re.compile(r"[^ \t\r\n\f\u2029\u00a0\u3000]")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


class _Element:
    __slots__ = ("furniture", "start", "tag")

    def __init__(self, tag: str, furniture: str | None, start: int) -> None:
        self.tag, self.furniture, self.start = tag, furniture, start


class _Extractor(HTMLParser):
    """Raw text (structural breaks as U+2029, white space as in the source) with a SourceMap to
    the HTML source, and the raw spans of furniture and of article/main elements."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.parts: list[str] = []
        self.raw_len = 0
        self.smap = SourceMap()
        self.src_done = 0  # source offset up to which the map is built
        self.stack: list[_Element] = []
        self.skip_depth = 0  # > 0 inside an element whose content is never text
        self.furniture: list[tuple[int, int, str]] = []  # raw spans, one per text run
        self.articles: list[tuple[int, int]] = []

    # -- the map -----------------------------------------------------------------------------
    def _here(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _emit(self, src_start: int, src_len: int, text: str) -> None:
        """`text` comes from source[src_start:src_start + src_len]; source before it is dropped."""
        if src_start > self.src_done:
            self.smap.add(src_start - self.src_done, 0)
        self.smap.add(src_len, len(text))
        self.src_done = src_start + src_len
        if text:
            label = self._furniture()
            if label is not None:
                if self.furniture and self.furniture[-1][1] == self.raw_len and self.furniture[-1][2] == label:
                    self.furniture[-1] = (self.furniture[-1][0], self.raw_len + len(text), label)
                else:
                    self.furniture.append((self.raw_len, self.raw_len + len(text), label))
            self.parts.append(text)
            self.raw_len += len(text)

    def _furniture(self) -> str | None:
        return self.stack[-1].furniture if self.stack else None

    def _break(self, src_start: int, src_len: int) -> None:
        if self.skip_depth == 0 and self.parts and self.parts[-1] != _BREAK:
            self._emit(src_start, src_len, _BREAK)

    # -- tags --------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._here()
        length = len(self.get_starttag_text() or "")
        if tag in _IMPLIED_CLOSE or tag in _BLOCK_CLOSES_P:
            closes = _IMPLIED_CLOSE.get(tag, frozenset({"p"}))
            if self.stack and self.stack[-1].tag in closes:
                self._close(len(self.stack) - 1)
        if self.stack and self.stack[-1].tag == "head" and tag not in _HEAD_TAGS:
            self._close(len(self.stack) - 1)  # </head> left out (HTML allows it): the body starts here
        if tag in _VOID:
            if tag in ("br", "hr"):
                self._break(start, length)
            return
        if self.skip_depth or tag in _SKIP or hidden(attrs):
            self.skip_depth += 1
            self.stack.append(_Element(tag, self._furniture(), -1))
            return
        if tag in _BLOCK:
            self._break(start, length)
        elif tag in _CELL and self.parts and self.parts[-1] != _BREAK:
            self._emit(start, length, _CELL_SEP)
        if len(self.stack) >= MAX_DEPTH:
            return
        inside_article = any(e.tag in ARTICLE_TAGS for e in self.stack)
        label = self._furniture() or furniture_of(tag, dict(attrs), inside_article)
        self.stack.append(_Element(tag, label, self.raw_len))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr"):
            self._break(self._here(), len(self.get_starttag_text() or ""))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                self._close(i)
                break
        else:
            if tag == "p" or tag == "br":  # </p> and </br> without a start: a break, as browsers do
                self._break(self._here(), 0)
            return
        if tag in _BLOCK:
            self._break(self._here(), 0)

    def _close(self, index: int) -> None:
        while len(self.stack) > index:
            el = self.stack.pop()
            if el.start < 0:
                self.skip_depth -= 1
            elif el.tag in ARTICLE_TAGS:
                self.articles.append((el.start, self.raw_len))

    # -- text --------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self._emit(self._here(), len(data), data)

    def handle_comment(self, data: str) -> None:
        # checker's own directives (`<!-- checker-disable-next-line -->`) stay in the text, where
        # checker.suppress finds them as it does in a text file; other comments are not text
        if not self.skip_depth and data.strip().startswith("checker-"):
            start = self._here()
            comment = self.source[start:start + len(data) + 7]
            if comment.startswith("<!--") and comment.endswith("-->"):
                self._emit(start, len(comment), comment)

    def _entity(self) -> None:
        start = self._here()
        m = _ENTITY.match(self.source, start)
        if m is None or self.skip_depth:
            return
        text = html.unescape(m.group())
        self._emit(start, m.end() - start, text)

    def handle_entityref(self, name: str) -> None:
        self._entity()

    def handle_charref(self, name: str) -> None:
        self._entity()

    def finish(self) -> tuple[str, SourceMap]:
        self.close()
        self._close(0)
        if self.src_done < len(self.source):
            self.smap.add(len(self.source) - self.src_done, 0)
        return "".join(self.parts), self.smap


def _collapse(raw: str) -> tuple[str, SourceMap]:
    """White space as a browser shows it: a structural break -> one line break, a run of spaces ->
    one space (none at a line's edges, none for a source line break between wide characters)."""
    smap = SourceMap()
    out: list[str] = []
    done = 0
    for m in _SPACE_RUN.finditer(raw):
        run = m.group()
        start, end = m.span()
        smap.add(start - done, start - done)
        out.append(raw[done:start])
        at_edge = start == 0 or end == len(raw)
        if _BREAK in run:
            repl = "" if at_edge else "\n"
        elif at_edge:
            repl = ""
        elif _CELL_SEP in run:
            repl = "\t"
        elif ("\n" in run or "\r" in run) and _WIDE.match(raw, start - 1) and _WIDE.match(raw, end):
            repl = ""
        else:
            repl = " "
        smap.add(end - start, len(repl))
        out.append(repl)
        done = end
    smap.add(len(raw) - done, len(raw) - done)
    out.append(raw[done:])
    return "".join(out), smap


def _main_spans(raw: str, furniture: list[tuple[int, int, str]],
                articles: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Furniture spans of `raw`, with everything outside the page's article/main counted in."""
    if not articles:
        return furniture
    first = min(a for a, _ in articles)
    last = max(b for _, b in articles)
    spans = [s for s in furniture if s[0] >= first and s[1] <= last]
    if first > 0:
        spans.insert(0, (0, first, "page"))
    if last < len(raw):
        spans.append((last, len(raw), "page"))
    return spans


def read_html(source: str) -> tuple[str, MappedLines, list[tuple[int, int, str, str]]]:
    """(text, positions in `source`, leaked furniture as spans of the text with what each is)."""
    parser = _Extractor(source)
    try:
        parser.feed(source)
        raw, raw_map = parser.finish()
    except (AssertionError, ValueError) as exc:  # html.parser's own refusals of broken markup
        raise InputError("html", both("input.html-unreadable", reason=exc)) from None
    spans = _main_spans(raw, parser.furniture, parser.articles)
    if spans and not _visible_before(raw, spans)[-1]:
        spans = []  # all of it looked like furniture (a page-wide wrapper's class): read it all
    # Drop the furniture around the report; keep (and report) what sits inside it: furniture with
    # more than a title's worth of report text on both sides (a publication-info line between the
    # title and the body is the page's, not a leak).
    trimmed = SourceMap()
    kept: list[str] = []
    leaked: list[tuple[int, int, str]] = []
    done = 0
    text_len = 0
    before = _visible_before(raw, spans)
    total = before[-1]
    for (s, e, label), seen in zip(spans, before, strict=False):
        if seen <= TITLE_CHARS or total - seen <= TITLE_CHARS:
            trimmed.add(s - done, s - done)
            kept.append(raw[done:s])
            text_len += s - done
            trimmed.add(e - s, 0)
            done = e
        elif _VISIBLE.search(raw, s, e):
            leaked.append((text_len + (s - done), text_len + (e - done), label))
    trimmed.add(len(raw) - done, len(raw) - done)
    kept.append(raw[done:])
    middle = "".join(kept)
    text, collapse_map = _collapse(middle)
    in_text = (_strip_span(text, collapse_map.to_norm(s), collapse_map.to_norm(e), label) for s, e, label in leaked)
    furniture = [(s, e, label, text[s:e]) for s, e, label in in_text if e > s]
    return text, MappedLines(source, [collapse_map, trimmed, raw_map]), furniture


def _visible_before(raw: str, spans: list[tuple[int, int, str]]) -> list[int]:
    """Visible report characters (outside furniture) before each span, then their total."""
    counts: list[int] = []
    seen = 0
    done = 0
    for s, e, _ in [*spans, (len(raw), len(raw), "")]:
        seen += len(_VISIBLE.findall(raw, done, s))
        counts.append(seen)
        done = e
    return counts


def _strip_span(text: str, s: int, e: int, label: str) -> tuple[int, int, str]:
    piece = text[s:e]
    lead = len(piece) - len(piece.lstrip())
    return s + lead, s + len(piece.rstrip()), label


def html_document(raw: bytes, path: str) -> Document:
    """A page or fragment as a `Document` whose positions are those of its source."""
    source, encoding, had_bom, warnings = decode(raw)
    check_textual(source, warnings)
    text, lines, leaked = read_html(source)
    if not text.strip():
        raise InputError("empty", both("input.html-empty"))
    # decoding warnings point into the source; the pipeline asks for offsets of the text
    warnings = [(code, message, lines.text_offset(offset)) for code, message, offset in warnings]
    return Document(path=path, text=text, encoding=f"html/{encoding}", newline="\n", had_bom=had_bom,
                    warnings=warnings, _lines=lines, furniture=leaked, format="html")
