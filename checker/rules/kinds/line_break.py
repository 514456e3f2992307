"""Kind `line-break`: one line break of a PDF copy that splits a figure or a word of a sentence.

Text copied from a PDF keeps the page's line breaks (and its page footers) inside sentences:
"4022⏎- 1 -⏎万元", "年末出栏生猪⏎19.03万头", "国⏎家造林补贴". Normalisation joins the runs it
recognises, so figures are read whole; this kind reports each break that damages the sentence, at
the break itself, so that a reader of the original can repair it. A break is damage when the line
before it is prose (long, with clause punctuation, no heading, no sentence end) and what follows
continues the sentence: a number cut from its unit or its subject, a word cut in two (jieba's
segmentation of the joined text has a word across the break), or a line ending on a word that
cannot end a phrase (达, 的, 和, 由 …). Headings, titles and paragraphs that merely end without a
full stop are not prose lines ending mid-word, and stay silent.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Literal

import regex
from pydantic import Field

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.extract.subjects import segment
from checker.findings import Finding
from checker.rules.figures import compiled_v1
from checker.rules.model import Rule
from checker.simplify import to_simplified
from checker.ui_text import say

_LINE = compile_regex(r"[^\n]*(?:\n|$)")
_TAIL = compile_regex(r"(?:\d+(?:\.\d+)?\s*|\p{Han}{1,2})$")
# A sentence that began after a full stop on this line and has not ended when the line does
# ("…一抓到底。每月定期"): a heading never holds a full stop before its last words.
_UNFINISHED = compile_regex(r"[。！？!?][^。！？!?；;：:“”\"]{1,30}$")
_HEAD = compile_regex(r"^(?:\d+(?:\.\d+)?\s*(?:[万亿])?\p{Han}?|\p{Han}{1,2})")
_SENTENCE_MARK = compile_regex(r"[。！？!?]")
# Prose: a clause or a sentence ended on the line (full-width 。！？ only: a url's ? is no sentence).
_CLAUSE_MARK = compile_regex(r"[，,、；;。！？]")
_OPEN_END = compile_regex(r"[\p{Han}\d%]$")  # a line that may go on: it ends on a character or a figure
_OPEN_START = compile_regex(r"[\p{Han}\d]")


class LineBreakRule(Rule):
    kind: Literal["line-break"]
    # A line shorter than this is a heading, a title or a list item, not a wrapped line of prose
    # (headings with a comma, 聚焦产业发展，壮大集体经济, are mostly 10-16 characters).
    min_line: int = Field(default=18, ge=1)
    # Page furniture a PDF copy leaves between the two halves: "- 1 -", "第 2 页", "2/5".
    page_marker: str = r"^\s*(?:-\s*\d+\s*-|—\s*\d+\s*—|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$"
    heading: str = (r"^\s*(?:[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:、|[.．](?!\d))"
                    r"|第[一二三四五六七八九十\d]+[章节条部分])")
    # Characters that end a sentence or a clause: a line ending on one is not cut mid-sentence.
    line_end: str = "。！？；：，、,.;:!?…”’\"）)】》〉>|"
    # Words that cannot end a phrase: a line ending on one continues on the next.
    dangling: str = "达至到由的和与及在对将把被从向以于为比较"
    # What follows a break and starts a new sentence, not a continuation: a year, 20xx, a news
    # lead's date with its time of day or comma (2月9日上午，…: a teaser cut before the article).
    fresh_start: str = r"^(?:\d{4}\s*年|20[xX×]{2}|\d{4}[-/.]|\d{1,2}月\d{1,2}日(?:上午|下午|晚上?|[，,]))"
    # Share of Chinese characters a line needs to be prose: an infobox or table row of figures and
    # Latin letters (坐標:27°26′15″N … 27.43746; 104.87078) is not a sentence cut by the break.
    min_han_share: float = Field(default=0.3, ge=0.0, le=1.0)
    # Words that cannot start a sentence: a line whose first word is one of them continues the
    # line before it (…按市委、市政府⏎及上级业务主管部门…).
    dangling_start: list[str] = Field(default_factory=lambda: ["的", "了", "及", "和", "与", "等", "或", "之", "着"])
    # A measure word alone before a clause mark at the start of a line: its number, or the
    # number's line, is on the line before (…直接调解⏎件，无重大…).
    measure_start: str = (r"^(?:个|件|人|户|元|万元|亿元|亩|公里|米|吨|次|人次|家|项|名|座|所|处"
                           r"|条|篇|场|头|只|套|台|辆)[，,。；;、]")
    # A line that starts as the line before it started repeats it: a site's preview cut short and
    # then the whole text (标题 同志们：…召开这次全镇农业工作⏎标题 同志们：…), no wrap.
    restart_prefix: int = Field(default=8, ge=1)
    # A table's row flattened to a line (乡镇人口  (人)  6919283 7059197): its figures stand in
    # columns set apart by spaces, so the row ends where its line ends.
    table_row: str = ""

    @cached_property
    def _line_ends(self) -> tuple[str, ...]:
        return tuple(self.line_end)

    @cached_property
    def _rx(self) -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
        return compile_regex(self.page_marker), compile_regex(self.heading), compile_regex(self.fresh_start)

    @cached_property
    def _measure_start(self) -> regex.Pattern[str]:
        return compile_regex(self.measure_start)

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.original
        lines = [(m.start(), m.group(0).rstrip("\r\n")) for m in _LINE.finditer(text) if m.group(0)]
        marker, heading, fresh = self._rx
        for i, (start, raw) in enumerate(lines):
            left = raw.rstrip()
            body = left.strip()
            # the cheap tests first: most lines of prose end on a full stop
            if (len(body) < self.min_line or body.endswith(self._line_ends) or not _OPEN_END.search(body)
                    or not _CLAUSE_MARK.search(body)):
                continue
            if sum(1 for c in body if "\u4e00" <= c <= "\u9fff") < self.min_han_share * len(body.replace(" ", "")):
                continue
            if self.table_row and compiled_v1(self.table_row).fullmatch(body):
                continue
            # a heading line ends at its line break, unless its paragraph follows on the same line
            if heading.match(body) and not _SENTENCE_MARK.search(body):
                continue
            j, blanks = i + 1, 0
            while j < len(lines) and (not lines[j][1].strip() or marker.match(lines[j][1])):
                blanks += not lines[j][1].strip()
                j += 1
            if j >= len(lines) or blanks > 1:
                continue
            rstart, right_raw = lines[j]
            right = right_raw.strip()
            if not _OPEN_START.match(right) or heading.match(right) or fresh.match(right):
                continue
            if len(body) >= self.restart_prefix and right.startswith(body[:self.restart_prefix]):
                continue
            if not self._splits(left, right):
                continue
            tail = _TAIL.search(left)
            head = _HEAD.match(right)
            ostart = start + (tail.start() if tail else len(left) - 1)
            oend = rstart + (len(right_raw) - len(right_raw.lstrip())) + (head.end() if head else 1)
            joined = (left[tail.start():] if tail else left[-1]) + (head.group(0) if head else right[0])
            yield ctx.finding_orig(self, ostart, oend, suggestion=joined.replace(" ", ""),
                                   evidence={"summary": say("evidence.split-word", ctx.lang, joined=joined)})

    def _splits(self, left: str, right: str) -> bool:
        """Does the break cut a figure from its unit or subject, or cut a word?"""
        if left[-1].isdigit() or right[0].isdigit():
            return True
        if left[-1] in self.dangling:
            return True
        if _UNFINISHED.search(left) or self._measure_start.match(right):
            return True
        a, b = to_simplified(left[-4:]), to_simplified(right[:4])
        cut = len(a)
        pos = 0
        words = segment(a + b)
        for word in words:
            if pos < cut < pos + len(word):
                return True
            if pos == cut:  # the first word of the line after the break
                return word in self.dangling_start
            pos += len(word)
        return False
