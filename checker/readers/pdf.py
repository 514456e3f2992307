"""PDF -> the report's text (pypdfium2: PDFium's text layer, the engine Chrome reads PDFs with).

The text layer is read page by page and put back into visual lines: PDFium's text runs grouped by
baseline, lines ordered top to bottom (a report is one column). That text, one line per visual
line, is what positions count in: a finding's `line` is a line of the text layer and its `page`
the page that line is on (`checker.readers.mapped`). The rules read a copy in which

* page furniture is left out: a running header or footer (a line at a page's top or bottom edge
  that recurs, digits aside, on other pages) and page numbers ("- 3 -", "第3页", "3/12");
* lines broken at the right margin are joined to the next (also across a page break): a line
  that ends within two characters of the right edge the body lines share (or short of it by the
  width of the next line's first word or number, which is never broken), followed by one that is
  not indented as a new paragraph and does not start a numbered heading or item.

What is refused, each with one input error: an encrypted PDF (a password is needed), a damaged one
(PDFium cannot open it or one of its pages), one without a text layer (a scan: only images), and,
against hostile files, more than `MAX_PAGES` pages or `MAX_CHARS` characters.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from checker.document_model import Document
from checker.input_error import InputError
from checker.readers.mapped import MappedLines
from checker.sourcemap import SourceMap
from checker.ui_text import both

MAX_PAGES = 2000  # a county report is under 100 pages; a 10,000-page file is not a report
MAX_CHARS = 10_000_000
# Share of the page height at its top and bottom where headers, footers and page numbers sit.
EDGE_BAND = 0.12
# Lines at each end of a page that may be furniture (a header over a rule, a footer and a number).
EDGE_LINES = 2
# A running header or footer recurs on at least this share of the pages (and on two at least).
RECUR_SHARE = 0.4

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–_·•.]*(?:(?:第\s*)?\d{1,4}\s*页?(?:\s*(?:[/／]|共)\s*\d{1,4}\s*页?)?|第\s*[一二三四五六七八九十百零〇]+\s*页"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?|[ivxlcdm]{1,6}|[IVXLCDM]{1,6})[\s\-—–_·•.]*$")
_DIGITS = re.compile(r"[0-9０-９]+")
# A line that starts a numbered heading or item: a new paragraph even without an indent.
_NEW_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、](?!\d)|[①-⑳])")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_LEADING_WORD = re.compile(r"[A-Za-z0-9.%]+")


@dataclass
class _Line:
    text: str
    left: float
    right: float
    top: float
    bottom: float
    furniture: bool = False


def _open(raw: bytes):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium  # type: ignore[import-untyped]  # imported on the first PDF: text files never pay for it
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise InputError("pdf", both("input.pdf-encrypted")) from None
        raise InputError("pdf", both("input.pdf-damaged")) from None


def _segments(textpage, count: int) -> list[_Line]:  # type: ignore[no-untyped-def]
    """PDFium's text runs of a page (it breaks them with CRLF) with their boxes."""
    text = textpage.get_text_range(0, count) if count else ""
    boxed = len(text) == count
    out: list[_Line] = []
    for m in re.finditer(r"[^\r\n]+", text):
        run = m.group()
        body = run.strip()
        if not body:
            continue
        if not boxed:  # characters outside the BMP: no box per character; keep the order
            out.append(_Line(body, 0.0, 0.0, -len(out), -len(out) - 1))
            continue
        first = m.start() + (len(run) - len(run.lstrip()))
        last = m.start() + len(run.rstrip()) - 1
        l0, b0, r0, t0 = textpage.get_charbox(first)
        l1, b1, r1, t1 = textpage.get_charbox(last)
        out.append(_Line(body, min(l0, l1), max(r0, r1), max(t0, t1), min(b0, b1)))
    return out


def _visual_lines(segments: list[_Line]) -> list[_Line]:
    """Runs on one baseline joined left to right; lines top to bottom."""
    lines: list[list[_Line]] = []
    for seg in sorted(segments, key=lambda s: -s.top):
        if lines:
            prev = lines[-1][0]
            middle = (seg.top + seg.bottom) / 2
            if prev.bottom <= middle <= prev.top and seg.top > seg.bottom:
                lines[-1].append(seg)
                continue
        lines.append([seg])
    out: list[_Line] = []
    for group in lines:
        group.sort(key=lambda s: s.left)
        text = group[0].text
        for prev, seg in pairwise(group):
            gap = seg.left - prev.right
            text += (" " if gap > (prev.top - prev.bottom) else "") + seg.text
        out.append(_Line(text, group[0].left, max(s.right for s in group), max(s.top for s in group),
                         min(s.bottom for s in group)))
    return out


def _read_pages(raw: bytes) -> tuple[list[list[_Line]], list[float], bool]:
    """Visual lines of every page, page heights, and whether any page holds an image."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]  # imported on the first PDF: text files never pay for it
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

    pdf = _open(raw)
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise InputError("too-large", both("input.pdf-pages", count=count, limit=MAX_PAGES))
        if count == 0:
            raise InputError("empty", both("input.pdf-no-pages"))
        pages: list[list[_Line]] = []
        heights: list[float] = []
        images = False
        total = 0
        for index in range(count):
            try:
                page = pdf[index]
            except pdfium.PdfiumError:
                raise InputError("pdf", both("input.pdf-page", page=index + 1)) from None
            try:
                heights.append(page.get_height())
                textpage = page.get_textpage()
                chars = textpage.count_chars()
                total += max(0, chars)
                if total > MAX_CHARS:
                    raise InputError("too-large", both("input.pdf-chars", limit=MAX_CHARS))
                pages.append(_visual_lines(_segments(textpage, max(0, chars))))
                textpage.close()
                if not images and not pages[-1]:
                    images = any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
            finally:
                page.close()
        return pages, heights, images
    finally:
        pdf.close()


def _mark_furniture(pages: list[list[_Line]], heights: list[float]) -> None:
    """Mark page numbers and running headers/footers: at a page's top or bottom edge, among its
    first or last lines, and either a page number or a line that recurs (digits aside)."""
    def edge_lines(lines: list[_Line], height: float) -> list[_Line]:
        ends = lines if len(lines) <= 2 * EDGE_LINES else lines[:EDGE_LINES] + lines[-EDGE_LINES:]
        return [ln for ln in ends if ln.top >= height * (1 - EDGE_BAND) or ln.bottom <= height * EDGE_BAND]

    candidates = [edge_lines(lines, h) for lines, h in zip(pages, heights, strict=True)]
    recurring = Counter(key for page in candidates for key in {_DIGITS.sub("#", ln.text) for ln in page})
    needed = max(2, int(RECUR_SHARE * len(pages) + 0.999))
    for page in candidates:
        for ln in page:
            if _PAGE_NUMBER.match(ln.text) or recurring[_DIGITS.sub("#", ln.text)] >= needed:
                ln.furniture = True


def _joins(body: list[_Line]) -> list[bool]:
    """For each body line, whether it was broken at the right margin (joined to the next)."""
    if len(body) < 2:
        return [False] * len(body)
    height = statistics.median(ln.top - ln.bottom for ln in body) or 1.0
    rights = sorted(ln.right for ln in body)
    margin_right = rights[int(0.9 * (len(rights) - 1))]
    margin_left = statistics.median_low(ln.left for ln in body)
    out = []
    for ln, nxt in pairwise(body):
        # a word or number is not broken: the line ends short by the width of the next one's first
        word = _LEADING_WORD.match(nxt.text)
        slack = 2.0 * height + (0.6 * height * len(word.group()) if word else 0.0)
        out.append(ln.right >= margin_right - slack
                   and nxt.left <= margin_left + 0.8 * height
                   and not _NEW_ITEM.match(nxt.text))
    return [*out, False]


def read_pdf(raw: bytes) -> tuple[str, MappedLines]:
    pages, heights, images = _read_pages(raw)
    if not any(pages):
        if images:
            raise InputError("pdf", both("input.pdf-scan"))
        raise InputError("empty", both("input.pdf-no-text"))
    _mark_furniture(pages, heights)
    lines = [ln for page in pages for ln in page]
    page_lines: list[int] = []
    n = 0
    for page in pages:
        page_lines.append(n + 1)
        n += len(page)
    body = [ln for ln in lines if not ln.furniture]
    joined = {id(ln): j for ln, j in zip(body, _joins(body), strict=True)}
    following = {id(a): b for a, b in pairwise(body)}
    smap = SourceMap()
    parts: list[str] = []
    for i, ln in enumerate(lines):
        last = i == len(lines) - 1
        if ln.furniture:
            smap.add(len(ln.text) + (0 if last else 1), 0)
            continue
        smap.add(len(ln.text), len(ln.text))
        parts.append(ln.text)
        if last:
            continue
        sep = "\n"
        if joined[id(ln)]:
            nxt = following[id(ln)]
            both_latin = _ASCII_WORD.match(ln.text[-1]) and _ASCII_WORD.match(nxt.text[0])
            sep = " " if both_latin else ""
        smap.add(1, len(sep))
        parts.append(sep)
    shown = "\n".join(ln.text for ln in lines)
    return "".join(parts), MappedLines(shown, [smap], page_lines)


def pdf_document(raw: bytes, path: str) -> Document:
    text, lines = read_pdf(raw)
    if not text.strip():
        raise InputError("empty", both("input.pdf-furniture-only"))
    return Document(path=path, text=text, encoding="pdf", newline="\n", _lines=lines, format="pdf")
