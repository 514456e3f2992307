"""Kind `scale_word`: a figure smaller than a part of it named by a scale word in the same passage.

"完成油菜种植面积2.45亩，打造千亩油菜示范片": a 千亩 (thousand-mu) plot of rapeseed cannot lie
inside 2.45亩 of rapeseed. The scale word (百亩/千亩/万亩 + crop + 示范片/基地…) sets a floor for
every area of that crop stated in the same paragraph, times the number of such plots when it is
written (建成2个千亩果园示范基地 … 果园面积3.6亩: at least 2000亩); a figure below it is a dropped
magnitude, and the finding suggests the figure with 万 when that clears the floor (2.45万亩).
A size class alone (建成2个千亩、3个百亩…) names no thing and sets no floor.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import SENTENCE_END, compiled_default, compiled_v1, figure, span_bounds
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null
from checker.ui_text import say


class ScaleWordRule(Rule):
    kind: Literal["scale-word"]
    needs_metrics = True
    # named groups: scale (百/千/万), thing (the crop or product); the floor is scale × 亩
    pattern: str = (r"(?P<scale>百|千|万)亩(?P<thing>\p{Han}{1,4}?)"
                    r"(?:示范片|示范园|示范基地|示范区|基地|产业园|核心区|园区)")
    scales: dict[str, float] = Field(default_factory=lambda: {"百": 100.0, "千": 1000.0, "万": 10000.0})
    unit_kind: str = "area"
    suggest_magnitude: float = 1e4
    # clauses whose figure is itself a part (a demonstration household, one village, a new plot)
    not_whole: str = r"示范|户|村|新增|新种|补种|每|人均"
    # how far a scale word reaches: its sentence, or its paragraph (a line of the text)
    scope: Literal["sentence", "paragraph"] = "paragraph"
    # the number of plots written before the scale word (建成2个千亩…, 两个万亩…) multiplies the floor
    count_before: str = r"(?P<n>\d{1,2}|[一二两三四五六七八九十])(?:个|处|片|座)$"

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        areas = [r for r in ctx.metric_rows if r["unit_kind"] == self.unit_kind and not is_null(r["base_value"])]
        if not areas:
            return
        text = ctx.text
        not_whole = compiled_default(self.not_whole)
        reported: set[int] = set()
        count_before = compiled_v1(self.count_before)
        for m in compiled_v1(self.pattern).finditer(text):
            floor = self.scales[m.group("scale")] * _count(count_before.search(text, max(0, m.start() - 3), m.start()))
            thing = m.group("thing")
            a, b = span_bounds(text, m.start(), m.end(), SENTENCE_END if self.scope == "sentence" else "\n")
            for row in areas:
                if not (row["start"] >= a and row["end"] <= b):
                    continue
                subject = row["subject"] if isinstance(row["subject"], str) else ""
                clause = row["clause"] if isinstance(row["clause"], str) else ""
                if row["row_id"] in reported or thing not in subject or not_whole.search(clause):
                    continue
                if row["start"] < m.end() and row["end"] > m.start():
                    continue
                if float(row["base_value"]) >= floor:
                    continue
                reported.add(row["row_id"])
                yield self._finding(ctx, row, m.group(0), floor)

    def _finding(self, ctx: DocumentContext, row: Row, scale_text: str, floor: float) -> Finding:
        value = float(row["base_value"])
        suggestion = None
        # 万 is suggested only across an order-of-magnitude gap (2.45亩 beside 千亩), not for 1500亩
        # beside two 千亩 plots, where the count or the area may be wrong
        if (row["magnitude"] == 1.0 and value * self.suggest_magnitude >= floor and value * 10 <= floor
                and isinstance(row["unit"], str)):
            text = str(row["text"])
            unit = str(row["unit"])
            number = text[: -len(unit)] if text.endswith(unit) else text
            suggestion = f"{number}万{unit}"
        summary = (say("evidence.scale-word", ctx.lang, subject=row["subject"], text=row["text"], scale=scale_text,
                       floor=floor) + say("evidence.line", ctx.lang, line=int(row["line"]))
                   + (say("evidence.probably", ctx.lang, suggestion=suggestion) if suggestion else ""))
        evidence = {"figures": [figure(row)], "part": scale_text, "expected_range": [floor, None],
                    "summary": summary}
        hint = say("scale-word.wan-missing", ctx.lang) if suggestion else ""
        return ctx.finding(self, int(row["start"]), int(row["end"]), evidence=evidence, suggestion=suggestion,
                           part=scale_text, floor=f"{floor:g}", hint=hint)


_CHINESE_COUNTS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _count(m: regex.Match[str] | None) -> float:
    """The number of plots written before a scale word (1 when none is)."""
    if m is None:
        return 1.0
    n = m.group("n")
    return float(n) if n.isdigit() else float(_CHINESE_COUNTS[n])
