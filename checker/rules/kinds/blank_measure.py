"""Kind `blank_measure`: a measure word standing alone where its number was deleted, by jieba's cuts.

"封闭个出入口", "其中家企业", "难题条，", "集中供养对象人。": a measure word (个, 家, 条, 人) that jieba
leaves as a word of its own, with no numeral before it, is a count whose number is gone. Whether
the character is a measure word at all is the segmenter's call: inside a word (个人, 农户, 企业家,
负责人, 其次) jieba keeps it with its neighbours, so the kind never sees it. What the cut alone cannot
tell is left to word lists: the words before it that take a bare measure word (这个, 每户, 等项,
是个), those after it that are not what is counted (以上, 左右), and the measure words that only
count at the end of a clause (人, 元: 帮助有需要的人 is no blank).

Cheap: only clauses holding a candidate character without a numeral or determiner before it
(`candidate`, a regex) are cut, so a report with its figures in place costs a few cuts.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Literal

import regex
from pydantic import Field

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.extract.segmenter import cut
from checker.findings import Finding
from checker.rules.model import Rule


class BlankMeasureRule(Rule):
    kind: Literal["blank-measure"]
    # the measure words that need a number before them (jieba's single words)
    measures: list[str]
    # of those, the ones that count only at the end of a clause (帮助有需要的人 is no blank)
    clause_end_only: list[str] = Field(default_factory=list)
    # and the ones that count only before the word counted (百姓家， is a home, 其中家企业 a count)
    word_after_only: list[str] = Field(default_factory=list)
    # a character ending the word before that supplies or replaces the number (3个, 这个, 每户)
    prev_end_ok: str = "0123456789〇零一二三四五六七八九十百千万亿两几多余数来半这那哪每各某整第"
    # words before that take a bare measure word (是个, 等项, 其次, 一是户…); a regex searched in the word
    prev_ok: str = ""
    # words before that take a bare clause-final measure word only (帮助有需要的人, but 的个小区 is a blank)
    end_prev_ok: str = ""
    # words after that show the measure word is not a count (以上, 左右); a regex, match at start
    next_not: str = ""
    # a clause is cut only when this finds a candidate in it (a measure word without a numeral before)
    candidate: str
    # closing marks after which a clause-final word is the end of a quoted title, not a count
    title_close: str = "”》」』\"\r"
    # what splits the text into clauses
    clause: str = r"[^，。；;,:：！？!?\n、（）()“”\"]+"

    @cached_property
    def _candidate(self) -> regex.Pattern[str]:
        return compile_regex(self.candidate, regex.VERSION1)

    @cached_property
    def _clause(self) -> regex.Pattern[str]:
        return compile_regex(self.clause, regex.VERSION1)

    @cached_property
    def _prev_ok(self) -> regex.Pattern[str] | None:
        return compile_regex(self.prev_ok, regex.VERSION1) if self.prev_ok else None

    @cached_property
    def _end_prev_ok(self) -> regex.Pattern[str] | None:
        return compile_regex(self.end_prev_ok, regex.VERSION1) if self.end_prev_ok else None

    @cached_property
    def _next_not(self) -> regex.Pattern[str] | None:
        return compile_regex(self.next_not, regex.VERSION1) if self.next_not else None

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        measures = set(self.measures)
        end_only = set(self.clause_end_only)
        after_only = set(self.word_after_only)
        han = compile_regex(r"\p{Han}", regex.VERSION1)
        for clause in self._clause.finditer(text):
            if self._candidate.search(clause.group()) is None:
                continue
            words = cut(clause.group())
            pos = clause.start()
            for i, word in enumerate(words):
                at = pos
                pos += len(word)
                if word not in measures or i == 0:
                    continue
                prev = words[i - 1]
                if not han.match(prev[-1]) or prev[-1] in self.prev_end_ok:
                    continue
                if self._prev_ok is not None and self._prev_ok.search(prev):
                    continue
                nxt = words[i + 1] if i + 1 < len(words) else ""
                at_end = not nxt.strip()
                # a clause-final word before a closing quotation mark ends a title (“最美公益人”)
                if at_end and i + 1 == len(words):
                    after = text[clause.end():clause.end() + 2]
                    if after[:1] in self.title_close:
                        continue
                    # a line that ends inside a word (列席人⏎员) is a hard wrap, not a deletion
                    if after[:1] == "\n" and han.match(after[1:2]):
                        continue
                # a blank that joined two lines of a PDF inside a word (列席人 员) is no deletion
                if nxt and not nxt.strip() and i + 2 < len(words) and han.match(words[i + 2][:1]):
                    continue
                if (word in end_only and not at_end) or (word in after_only and at_end):
                    continue
                if at_end and self._end_prev_ok is not None and self._end_prev_ok.search(prev):
                    continue
                # what follows must be the word counted, not a figure, a particle or a bound word
                if not at_end and (len(nxt) < 2 or not han.match(nxt[0])
                                   or (self._next_not is not None and self._next_not.match(nxt))):
                    continue
                yield ctx.finding(self, at, at + len(word))
