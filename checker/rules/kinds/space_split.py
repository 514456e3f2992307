"""Kind `space-split`: spaces that cut words in a line joined from a PDF's lines (补助水 平达到).

A document viewer that copies a PDF page as one paragraph joins its lines with a space, and each
join lands wherever the page's line happened to end: inside a word (月人均补助水 平达到), between a
number and its measure (628007人 次) or between two words. Chinese prose has no spaces, but a
single stray space is also what a typist leaves now and then, and titles are spaced on purpose
(政 府 工 作 报 告); so a line is reported only when two or more of its spaces cut a word — jieba's
segmentation of the characters around the space has a word across it — and a space between two
single characters of a letter-spaced run, on a line of a metadata table (|), or where a number was
deleted before its measure word (结案 件，) or before a numbered item (…2月26日 六、执行…) is never
counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.extract.subjects import segment
from checker.findings import Finding
from checker.rules.model import Rule
from checker.simplify import to_simplified

_SPACE = compile_regex(r"(?<=\p{Han})[ \u3000](?=\p{Han})")
_LINE = compile_regex(r"[^\n]+")
_HAN_TAIL = compile_regex(r"\p{Han}{1,4}$")
_HAN_HEAD = compile_regex(r"^\p{Han}{1,4}")
_MEASURES = frozenset("件人次户个元亩项起场名家所座条处台头只吨批期村")
# A numbered item after the space (…110年2月26日 六、執行結束時間): a list run into one line, with a
# space before each item's number, cuts no word.
_ITEM_NUMBER = compile_regex(r"[一二三四五六七八九十]{1,3}、")


def cut_word(left: str, right: str) -> str | None:
    """The word that joining the Han characters before and after a space puts across the join
    (as written), or None."""
    a, b = _HAN_TAIL.search(left), _HAN_HEAD.match(right)
    if a is None or b is None:
        return None
    written = a.group(0) + b.group(0)
    cut, pos = len(a.group(0)), 0
    for word in segment(to_simplified(written)):  # one for one: positions are the written text's
        if pos < cut < pos + len(word):
            return written[pos:pos + len(word)]
        pos += len(word)
    return None


class SpaceSplitRule(Rule):
    kind: Literal["space-split"]
    # A line shorter than this is a title or a label, not a paragraph joined from a page's lines.
    min_line: int = Field(default=40, ge=1)
    # Spaces that cut a word on one line before any is reported: one may be a typist's slip.
    min_cuts: int = Field(default=2, ge=1)
    # A line holding one of these is a table or a form, whose cells are spaced on purpose.
    table_marks: str = "|｜"

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        for line in _LINE.finditer(text):
            body = line.group(0)
            if (len(body) < self.min_line or (" " not in body and "\u3000" not in body)
                    or any(mark in body for mark in self.table_marks)):
                continue
            found = [(m, word) for m in _SPACE.finditer(text, line.start(), line.end())
                     if not _letter_spaced(text, m.start(), m.end()) and not _blank_slot(text, m.start(), m.end())
                     and not _ITEM_NUMBER.match(text, m.end())
                     and (word := cut_word(text[max(line.start(), m.start() - 4):m.start()],
                                           text[m.end():m.end() + 4])) is not None]
            if len(found) < self.min_cuts:
                continue
            for m, word in found:
                summary = f"“{word}”被空格拆开（本行共 {len(found)} 处）"
                yield ctx.finding(self, m.start() - 1, m.end() + 1, suggestion=word,
                                  evidence={"cuts": len(found), "summary": summary})


def _letter_spaced(text: str, start: int, end: int) -> bool:
    """A space of a letter-spaced run (政 府 工 作): a single character stands between two spaces."""
    return (start >= 2 and text[start - 2] in " \u3000") or (end + 1 < len(text) and text[end + 1] in " \u3000")


def _blank_slot(text: str, start: int, end: int) -> bool:
    """A space where a number was deleted before its measure word (交办信访 件，结案 件): one character
    and a clause mark after the space, a word (not a figure: 628007人 次) before it."""
    return (end + 1 < len(text) and text[end] in _MEASURES and text[end + 1] in "，,。；;、）)" and start >= 2
            and not text[start - 2].isdigit())
