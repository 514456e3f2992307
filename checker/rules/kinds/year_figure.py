"""Kind `year_figure`: a figure whose digits are the report's year (和洞2023户, 农业总产值2023500元).

A find-and-replace of the year (2022 -> 2023) also rewrites any figure that happened to read
2022 or to start with it; what is left is a count equal to the report year (`match: exact`) or a
longer whole number that begins with it (`match: prefix`: 20230元, 2023500元). The years are the
title's and those the body names repeatedly; only whole numbers of the listed unit kinds, written
without magnitude word or decimals, are compared. The chance that an honest figure of five or more
digits begins with the four digits of the year is about 1 in 5,000 (Benford), so the prefix
test speaks rarely when nothing is wrong.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import figure
from checker.rules.kinds.place_name import title_span
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null

_YEAR = r"(?<!\d)((?:19|20)\d\d)(?=年)"
# The year mentions of the last text read (one tuple, replaced whole): both year-figure rules read them.
_MENTIONS: list[tuple[str, list[tuple[int, int]]]] = [("", [])]


def year_mentions(text: str) -> list[tuple[int, int]]:
    """(end, year) of each year named before 年 in `text`, found once per text for every rule."""
    memo = _MENTIONS[0]
    if memo[0] is not text:
        memo = (text, [(m.end(), int(m.group(1))) for m in regex.finditer(_YEAR, text)])
        _MENTIONS[0] = memo
    return memo[1]


# A line of the title block longer than this is a paragraph of a page that has no title (the block
# is then its first lines): its years are the body's, not the title's.
TITLE_LINE_MAX = 80


def in_title(text: str, tend: int, pos: int, line_max: int | None = TITLE_LINE_MAX) -> bool:
    """Whether `pos` lies in the title block [0, tend), on a line no longer than `line_max` (None: any)."""
    if pos >= tend:
        return False
    if line_max is None:
        return True
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return (len(text) if end < 0 else end) - start <= line_max


def report_years(text: str, title_words: str, min_mentions: int, line_max: int | None = None) -> set[int]:
    """The report's years: the title's (on title lines no longer than `line_max`, None: any), and any
    year the body names `min_mentions` times or more."""
    _, tend = title_span(text, 3, title_words)
    mentions = year_mentions(text)
    # its 年 in the title too, as a search of text[:tend] reads it
    years = {y for end, y in mentions if end < tend and in_title(text, tend, end - 1, line_max)}
    counts = Counter(y for _, y in mentions)
    return years | {y for y, c in counts.items() if c >= min_mentions}


class YearFigureRule(Rule):
    kind: Literal["year-figure"]
    needs_metrics = True
    unit_kinds: list[str] = Field(default_factory=lambda: ["households", "people", "count", "area", "events",
                                                           "person_times"])
    min_mentions: int = 3  # a body year counts as the report's year when named this often
    title_words: str = r"总结|报告|计划|汇报|安排"
    # exact: the figure equals the year; prefix: a longer whole number starts with the year.
    match: Literal["exact", "prefix"] = "exact"

    def report_years(self, text: str) -> set[int]:
        return report_years(text, self.title_words, self.min_mentions)

    def _hit(self, row: Row, years: set[int]) -> int | None:
        """The report year the row's figure was overwritten with, if any."""
        digits = str(int(row["value"]))
        if not str(row["text"]).startswith(digits):
            return None
        if self.match == "exact":
            return int(digits) if int(digits) in years else None
        if len(digits) <= 4:
            return None
        return next((y for y in years if digits.startswith(str(y))), None)

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        years = self.report_years(ctx.text)
        if not years:
            return
        kinds = set(self.unit_kinds)
        # a number that ends its line, its measure word opening the next (…统计公报 2022⏎张湾区统计局),
        # is a year closing a title line, not a count the replace rewrote
        rows = [r for r in ctx.metric_rows if r["unit_kind"] in kinds and not is_null(r["value"])
                and r["decimals"] == 0 and r["magnitude"] == 1.0 and not r["approx"]
                and "\n" not in str(r["text"])]
        for r in rows:
            year = self._hit(r, years)
            if year is None:
                continue
            summary = f"“{r['text']}”的数字{'恰为' if self.match == 'exact' else '以'}报告年份 {year}" \
                      f"{'' if self.match == 'exact' else ' 开头'} (line {int(r['line'])})，疑为替换年份时误改"
            yield ctx.finding(self, int(r["start"]), int(r["end"]), evidence={"figures": [figure(r)],
                                                                              "year": year,
                                                                              "summary": summary},
                              year=year)
