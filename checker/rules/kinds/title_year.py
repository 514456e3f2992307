"""Kind `title_year`: the year in the title contradicts the year the body reports on.

A "2023年度…总结" whose body never mentions 2023 but repeatedly reports 2010 was built from an
old report or mangled by a find-and-replace. Only the title's year against the body's most
frequent year; one-off historical years (2010年被评为…) never outnumber the report's own.
A body heading that names the year it sums up (一、2023年工作总结) is the body's own statement of
its year: once is enough when the title names a year neither equal nor next to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import compiled_default
from checker.rules.kinds.place_name import title_span
from checker.rules.model import Rule
from checker.ui_text import say


def _past_copies(text: str, title: str, end: int) -> int:
    """`end` moved past the lines after the title that repeat its last line (a page's title
    printed over the document's own): their years are the title's, not the body's."""
    lines = title.splitlines()
    last = lines[-1].strip() if lines else ""
    pos = end
    while last:
        start = pos if pos == 0 or text[pos - 1] == "\n" else text.find("\n", pos) + 1
        if start <= 0:
            return pos
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        if text[start:line_end].strip() != last:
            return pos
        pos = line_end
    return pos


class TitleYearRule(Rule):
    kind: Literal["title-year"]
    title_lines: int = 3
    title_words: str = r"总结|报告|计划|汇报|安排"
    min_body_count: int = 2
    year: str = r"(?<![\d.])(?P<y>(?:19|20)\d\d)(?=年)"
    # A year named as the base of a comparison (比2002年增长, 由2007年的倒数第二, 是2002年的2.4倍)
    # is no year the body reports on: a five-year review compares with its first year throughout.
    base_year: str = r"(?:比|较|由|从|是|与|同)(?:19|20)\d\d年"
    heading_year: str = (r"(?m)^[ \t\u3000]*[一二三四五六七八九十]{1,2}、[ \t\u3000]*"
                         r"(?P<y>(?:19|20)\d\d)年度?(?:工作)?(?:总结|回顾)")

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        tstart, tend = title_span(text, self.title_lines, self.title_words, stop_at_paragraph=True)
        tend = _past_copies(text, text[tstart:tend].strip(), tend)
        title_years = list(compiled_default(self.year).finditer(text[:tend]))
        if not title_years:
            return
        base = compiled_default(self.base_year)
        years = Counter(m.group("y") for m in compiled_default(self.year).finditer(text, tend)
                        if not (m.start() and base.match(text, m.start() - 1)))
        # The first year of the title is the one reported on (…2023年工作总结及2024年工作安排).
        stated = {title_years[0].group("y")}
        if any(years.get(y, 0) for y in stated):
            return
        adjacent = {str(int(y) + d) for y in stated for d in (-1, 1)}
        common = [(y, c) for y, c in years.most_common() if y not in adjacent and c >= self.min_body_count]
        if not common:
            common = [(y, years[y]) for y in self._heading_years(text, tend) if y not in adjacent]
        if not common:
            return
        body_year, count = common[0]
        m = title_years[0]
        summary = say("evidence.title-year", ctx.lang, year=m.group("y"), count=count, body_year=body_year)
        yield ctx.finding(self, m.start("y"), m.end("y") + 1, evidence={"title_year": int(m.group("y")),
                                                                          "body_year": int(body_year),
                                                                          "body_count": count, "summary": summary},
                          title_year=m.group("y"), body_year=body_year, count=count)


    def _heading_years(self, text: str, start: int) -> list[str]:
        """The years the body's own headings say they sum up (一、2023年工作总结), in text order."""
        return [m.group("y") for m in compiled_default(self.heading_year).finditer(text, start)]


class PlanYearRule(Rule):
    """Kind `plan-year`: "2023年度工作总结及2023年工作计划": a summary of one year and, in the same
    line, a plan for that year or an earlier one. A plan follows the year summed up (a half-year
    summary's 下半年 plan excepted), so one of the two years was rewritten or left stale."""

    kind: Literal["plan-year"]
    pattern: str = (r"(?P<y1>(?:19|20)\d\d)年度?[^\n，。,]{0,20}?总结[^\n，。,\d]{0,6}?(?:及|和|暨|与|并|以及)"
                    r"[^\n，。,\d]{0,12}?(?P<y2>(?:19|20)\d\d)年度?(?P<mid>[^\n，。,\d]{0,12}?)"
                    r"(?:计划|打算|安排|思路|要点)")
    # Other phrasings with the same groups (y1 summed up, y2 planned, mid between y2 and the plan).
    more_patterns: list[str] = Field(default_factory=list)
    same_year_ok: str = r"下半年|后半年|[三四]季度"

    def _matches(self, text: str) -> Iterator[regex.Match[str]]:
        seen: set[int] = set()
        for pattern in (self.pattern, *self.more_patterns):
            for m in regex.finditer(pattern, text):
                if m.start("y2") not in seen:
                    seen.add(m.start("y2"))
                    yield m

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        for m in self._matches(ctx.text):
            y1, y2 = int(m.group("y1")), int(m.group("y2"))
            if y2 > y1 or (y2 == y1 and compiled_default(self.same_year_ok).search(m.group("mid"))):
                continue
            summary = say("evidence.plan-year", ctx.lang, summary_year=y1, plan_year=y2, next_year=y1 + 1)
            yield ctx.finding(self, m.start("y2"), m.end("y2") + 1,
                              evidence={"summary_year": y1, "plan_year": y2, "summary": summary},
                              suggestion=f"{y1 + 1}年", summary_year=str(y1), plan_year=str(y2))


class TitlePeriodRule(Rule):
    """Kind `title-period`: a report titled as a year's summary whose body reports a part of the
    year: 上半年 and 1-6月 again and again, and never 全年 or 下半年. The text is a half-year report
    under a year's title (a portal's retitling, or the half-year draft filed as the year's)."""

    kind: Literal["title-period"]
    title_lines: int = 3
    # A title that sums up a whole year (2023年度工作总结, 年终总结), and one that says it covers part of it.
    year_title: str
    part_title: str
    # A body period that is part of the year, and one that covers (the rest of) the year.
    part_period: str
    whole_period: str
    min_part_count: int = 3

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        # The title block: the first lines, up to the last of them that names a year's summary.
        tend, pos = 0, 0
        for _ in range(self.title_lines):
            nl = text.find("\n", pos)
            end = len(text) if nl == -1 else nl + 1
            if compiled_default(self.year_title).search(text[pos:end]):
                tend = end
            pos = end
        title = text[:tend]
        if not tend or compiled_default(self.part_title).search(title):
            return
        body = text[tend:]
        if compiled_default(self.whole_period).search(body):
            return
        parts = list(regex.finditer(self.part_period, body))
        if len(parts) < self.min_part_count:
            return
        first = parts[0]
        summary = f"标题为全年总结，正文 {len(parts)} 处报告“{first.group(0)}”等部分时段，从未写全年"
        yield ctx.finding(self, tend + first.start(), tend + first.end(),
                          evidence={"part_count": len(parts), "summary": summary}, count=len(parts))
