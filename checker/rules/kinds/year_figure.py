"""Kind `year_figure`: a count whose number is exactly the report's year (和洞2023户).

A find-and-replace of the year (2022 -> 2023) also rewrites any figure that happened to read
2022; what is left is a count equal to the report year. The years are the title's and those the
body names repeatedly; only whole counts of people, households, things and areas are compared.
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


class YearFigureRule(Rule):
    kind: Literal["year-figure"]
    needs_metrics = True
    unit_kinds: list[str] = Field(default_factory=lambda: ["households", "people", "count", "area", "events",
                                                           "person_times"])
    min_mentions: int = 3  # a body year counts as the report's year when named this often
    title_words: str = r"总结|报告|计划|汇报|安排"

    def report_years(self, text: str) -> set[int]:
        _, tend = title_span(text, 3, self.title_words)
        years = {int(y) for y in regex.findall(r"(?<!\d)((?:19|20)\d\d)(?=年)", text[:tend])}
        counts = Counter(int(y) for y in regex.findall(r"(?<!\d)((?:19|20)\d\d)(?=年)", text))
        return years | {y for y, c in counts.items() if c >= self.min_mentions}

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        years = self.report_years(ctx.text)
        if not years:
            return
        values = {float(y) for y in years}
        kinds = set(self.unit_kinds)
        rows = [r for r in ctx.metric_rows if r["unit_kind"] in kinds and r["value"] in values
                and r["decimals"] == 0 and r["magnitude"] == 1.0 and not r["approx"]]
        for r in rows:
            if not str(r["text"]).startswith(str(int(r["value"]))):
                continue
            summary = f"“{r['text']}”的数字恰为报告年份 {int(r['value'])} (line {int(r['line'])})，疑为替换年份时误改"
            yield ctx.finding(self, int(r["start"]), int(r["end"]), evidence={"figures": [figure(r)],
                                                                              "year": int(r["value"]),
                                                                              "summary": summary},
                              year=int(r["value"]))
