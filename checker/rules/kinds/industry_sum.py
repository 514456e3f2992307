"""Kind `industry-sum`: the three industries' value added against the economy's total.

地区生产总值 is by definition the sum of the value added of the primary, secondary and tertiary
industries, and reports state the four side by side: 地区生产总值52.3亿元，第一、二、三产业增加值
分别为8.1亿元、21.5亿元、23.9亿元 (or one clause per industry, with or without 其中). The other
breakdowns read by `sum-check` need a 其中; this one is known to be complete, so the sum is checked
both ways, within the rounding of the figures written.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import base_of, compiled_v1, figure, fmt_in, span_bounds
from checker.rules.kinds.sum_check import exact_tolerance
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null
from checker.ui_text import say

FULL_STOP = "。！？!?\n"


class IndustrySumRule(Rule):
    kind: Literal["industry-sum"]
    needs_metrics = True
    total_subject: str = r"生产总值|GDP|经济总量"
    # each industry's name, in order; a subject holding one of them (and none of the others) is its value added
    industries: list[str] = Field(default_factory=lambda: [r"第一产业|一产", r"第二产业|二产", r"第三产业|三产"],
                                  min_length=2)
    # the three named together before 分别 (第一、二、三产业增加值分别为…)
    together: str = (r"(?:第一、(?:第)?二、(?:第)?三产业|一、二、三产业?|三次产业)(?:增加值)?"
                     r"分别(?:为|是|达到?|实现|完成)?$")
    value_joiner: str = r"[、和及与]|以及"
    reach: int = 160  # characters after the total where its industries are looked for (its sentence and the next)

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        for total, parts in self._totals_with_industries(ctx):
            yield from self._compare(ctx, total, parts)

    def _totals_with_industries(self, ctx: DocumentContext) -> Iterator[tuple[Row, list[Row]]]:
        """Each stated total (地区生产总值) with the three industries' figures stated after it
        (分别… or each named), as this kind and structure-values read them."""
        text = ctx.text
        rows = sorted(ctx.metric_rows, key=lambda r: r["start"])
        starts = [r["start"] for r in rows]
        total_rx = compiled_v1(self.total_subject)
        for k, total in enumerate(rows):
            if not self._is_level(total) or not total_rx.search(str(total.get("subject") or "")):
                continue
            end = self._reach_end(text, int(total["end"]))
            after = [r for r in rows[k + 1:bisect_left(starts, end)] if self._is_level(r)]
            parts = self._respectively(text, after) or self._named(after)
            if parts is not None:
                yield total, parts

    @staticmethod
    def _is_level(row: Row) -> bool:
        """A currency amount stated as a level: no rate, share or per-head figure, no range."""
        return (row.get("unit_kind") == "currency" and is_null(row.get("qualifier"))
                and row.get("figure_role") not in ("growth", "share", "per_capita", "average")
                and not row.get("is_range") and base_of(row) is not None)

    def _reach_end(self, text: str, pos: int) -> int:
        """The end of the total's sentence and of the next one, at most `reach` characters on."""
        first = span_bounds(text, pos, pos, FULL_STOP)[1]
        second = span_bounds(text, min(first + 1, len(text)), min(first + 1, len(text)), FULL_STOP)[1]
        return min(second, pos + self.reach)

    def _respectively(self, text: str, after: list[Row]) -> list[Row] | None:
        """第一、二、三产业增加值分别为a、b、c: the figures right after the phrase, joined by 、/和."""
        together = compiled_v1(self.together)
        joiner = compiled_v1(rf"(?:{self.value_joiner})")
        for i, first in enumerate(after):
            lead = text[max(0, int(first["start"]) - 24):int(first["start"])]
            if not together.search(lead):
                continue
            values = [first]
            for r in after[i + 1:]:
                if len(values) == len(self.industries) or not joiner.fullmatch(
                        text[int(values[-1]["end"]):int(r["start"])]):
                    break
                values.append(r)
            return values if len(values) == len(self.industries) else None
        return None

    def _named(self, after: list[Row]) -> list[Row] | None:
        """One figure per industry whose subject names it alone (第一产业增加值a亿元，第二产业…)."""
        names = [compiled_v1(p) for p in self.industries]
        found: list[Row | None] = [None] * len(names)
        for r in after:
            subject = str(r.get("subject") or "")
            hits = [n for n, rx in enumerate(names) if rx.search(subject)]
            if len(hits) != 1:
                continue
            n = hits[0]
            if found[n] is not None:
                return None  # an industry stated twice (a level and a change): not one breakdown
            found[n] = r
        if any(r is None for r in found):
            return None
        return [r for r in found if r is not None]

    def _compare(self, ctx: DocumentContext, total: Row, parts: list[Row]) -> Iterator[Finding]:
        t_base = base_of(total) or 0.0
        together = sum(base_of(r) or 0.0 for r in parts)
        tol = exact_tolerance(total) + sum(exact_tolerance(r) for r in parts)
        if abs(together - t_base) <= tol:
            return
        # written like the parts when they share a magnitude (8.1亿元 + … = 53.5亿元), else like the total
        like = parts[0] if len({r["magnitude"] for r in parts}) == 1 else total
        decimals = max(int(r["decimals"]) for r in [*parts, total] if r is like or r in parts)
        computed = fmt_in(together, like, decimals=decimals)
        difference = fmt_in(abs(together - t_base), like, decimals=decimals)
        summary = say("evidence.industry-sum", ctx.lang, total=total["text"],
                      parts=" + ".join(str(r["text"]) for r in parts), computed=computed)
        evidence = {"figures": [figure(total), *(figure(r) for r in parts)], "computed": together,
                    "summary": summary}
        yield ctx.finding(self, int(total["start"]), int(total["end"]), evidence=evidence,
                          computed=computed, difference=difference, suggestion=computed)
