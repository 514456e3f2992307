"""Kind `transposed_year`: a year that is the report's year with its digits swapped (2032 in a 2023
report).

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
from checker.rules.kinds.year_figure import report_years, year_mentions
from checker.rules.model import Rule
from checker.rules.timed_regex import Matcher, compile_timed


class TransposedYearRule(Rule):
    kind: Literal["transposed-year"]
    title_words: str = r"总结|报告|计划|汇报|安排"
    min_mentions: int = 3  # a body year counts as the report's year when named this often
    # Years a plan may name however far ahead (the horizons of five-year plans and long-range goals).
    horizons: list[int] = Field(default_factory=lambda: [2025, 2030, 2035, 2050])
    # Words before a year that make it a target, not a fact: 到2032年, 展望2032年, 将在2032年.
    target_before: str = (r"(?:(?<!截)到|(?<!截)至|展望|远景|愿景|力争|争取|确保|计划|规划|预计|目标|将|拟|于|在)"
                          r"[^\n，,。；;]{0,2}$")

    @cached_property
    def _target(self) -> Matcher:
        return compile_timed(self.target_before)

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        years = report_years(text, self.title_words, self.min_mentions)
        if not years or all(y <= max(years) + 1 for _, y in year_mentions(text)):
            return
        latest = max(years)
        anagrams = {"".join(sorted(str(y))): y for y in years}
        _, title_end = title_span(text, 3, self.title_words)
        target = self._target
        for end, year in year_mentions(text):
            start = end - 4
            if start < title_end or year in years or year <= latest + 1 or year in self.horizons:
                continue
            meant = anagrams.get("".join(sorted(str(year))))
            if meant is None or target.search(text, max(0, start - 6), start) is not None:
                continue
            yield ctx.finding(self, start, end + 1, year=year, meant=meant,
                              evidence={"year": year, "report_year": meant})
