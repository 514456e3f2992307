"""Kind `transposed_year`: a year that is the report's year with its digits swapped (2032 in a 2023
report; 2012 in a 2021 report where it names the report's own work or period).

Typing a year is where digits get swapped; the swapped year of a recent report lies years ahead,
where a review of the year has nothing to tell. Plans do look ahead, but to the round horizons of
the five-year plans and the long-range goals (2025, 2030, 2035, 2050: `horizons`), or to the next
year; a year after 到/至/展望 is a target and is left alone too.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.kinds.place_name import title_span
from checker.rules.kinds.year_figure import TITLE_LINE_MAX, in_title, report_years, year_mentions
from checker.rules.model import Rule
from checker.rules.timed_regex import Matcher, compile_timed
from checker.ui_text import say


class TransposedYearRule(Rule):
    kind: Literal["transposed-year"]
    title_words: str = r"总结|报告|计划|汇报|安排"
    min_mentions: int = 3  # a body year counts as the report's year when named this often
    # Years a plan may name however far ahead (the horizons of five-year plans and long-range goals).
    horizons: list[int] = Field(default_factory=lambda: [2025, 2030, 2035, 2050])
    # Words before a year that make it a target, not a fact: 到2032年, 展望2032年, 将在2032年.
    # (not 现将, the 'hereby' of 现将2023年工作总结如下)
    target_before: str = (r"(?:(?<!截)到|(?<!截)至|展望|远景|愿景|力争|争取|确保|计划|规划|预计|目标|"
                          r"(?<!现)将|拟|于|在)[^\n，,。；;]{0,2}$")

    # A year before the report's with its digits swapped is most often a fact of the past (2012年以来);
    # it is reported only where it names the report's own period: its work (2012年工作开展情况 in a 2021
    # report), a part of its year (2012年前三季度) or the day the report was delivered (2002年6月22日在…
    # 大会上 in a 2020 report), and not after a word of comparison or origin (比2012年, 自2012年).
    # Also the report's own title repeated in the body with a place between (2002年嵩县人民政府工作报告
    # in a 2020 report) and the year-end or whole-year figures of the place itself (2012年末全县户籍
    # 总人口, 2012年全年实现, 2012年我县实现 in a 2021 bulletin): not after a comma, where a past year
    # opens a look back (2012年，全镇财政收入仅为800万元).
    own_period_after: str = (r"年度?(?:(?:政府)?工作(?:总结|开展|推进|情况|回顾|完成|要点|报告)|上半年|下半年|"
                             r"前三季度|一季度|第[一二三]季度|1[-—~至到]\d{1,2}月|\d{1,2}月\d{1,2}日在)"
                             r"|年[^\n，,。；;]{1,12}?(?:人民)?政府工作报告"
                             r"|年(?:末|底)(?:全|我)[县镇乡区市旗]|年全年|年(?:全|我)[县镇乡区市旗](?:实现|完成)")
    # Words before a year that make it the report's own: preliminary accounts and estimates are made
    # of the latest year only (经初步核算，2012年 or 预计2012年 in a 2021 report is the report's year).
    own_period_before: str = r"(?:初步核算|初步统计|预计)[，,：:]?[ \t]?$"
    comparison_before: str = r"(?:比|较|与|同|自|从|由|截至|截止|对比|相比)[^\n，,。；;]{0,2}$"

    @cached_property
    def _target(self) -> Matcher:
        return compile_timed(self.target_before)

    @cached_property
    def _own_period(self) -> Matcher:
        return compile_timed(self.own_period_after)

    @cached_property
    def _comparison(self) -> Matcher:
        return compile_timed(self.comparison_before)

    @cached_property
    def _own_before(self) -> Matcher:
        return compile_timed(self.own_period_before)

    def _past_slip(self, text: str, start: int, end: int) -> bool:
        """A year before the report's that names the report's own period (see `own_period_after`,
        `own_period_before`)."""
        if self._own_before.search(text, max(0, start - 7), start) is not None:
            return True
        return (self._own_period.match(text, end) is not None
                and self._comparison.search(text, max(0, start - 6), start) is None)

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        # a first line of a page without a title is a paragraph: its years are the body's (a swapped
        # year in it is a slip to report, not the title's year)
        years = report_years(text, self.title_words, self.min_mentions, TITLE_LINE_MAX)
        if not years:
            return
        latest, earliest = max(years), min(years)
        anagrams = {"".join(sorted(str(y))): y for y in years}
        _, title_end = title_span(text, 3, self.title_words)
        target = self._target
        for end, year in year_mentions(text):
            start = end - 4
            if in_title(text, title_end, start) or year in years or year in self.horizons:
                continue
            meant = anagrams.get("".join(sorted(str(year))))
            if meant is None:
                continue
            if year > latest + 1:
                if target.search(text, max(0, start - 6), start) is not None:
                    continue
            elif year >= earliest - 1 or not self._past_slip(text, start, end):
                continue
            when = say("transposed-year.after" if year > latest else "transposed-year.before", ctx.lang)
            yield ctx.finding(self, start, end + 1, year=year, meant=meant, when=when,
                              evidence={"year": year, "report_year": meant})
