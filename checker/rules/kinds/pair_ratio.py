"""Kind `pair_ratio`: the ratio inside a compound figure outside its plausible band.

182户516人 is one observation in two units; persons per household must lie in a band (at least
1: a household has a member; rarely above 8). The two figures of each pair are looked up by their
pair id and their ratio is range-checked against the band, like every other band. A ratio below 1
is what a find-and-replace of the year leaves behind (和洞2023户45人).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import figure
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null
from checker.rules.tablecheck import Band
from checker.ui_text import say


class PairRatioRule(Rule):
    kind: Literal["pair-ratio"]
    needs_metrics = True
    numerator: str = Field(min_length=1)  # unit kind, e.g. people
    denominator: str = Field(min_length=1)  # unit kind, e.g. households
    band: Band

    def _sides(self, rows: list[Row]) -> tuple[dict[float, Row], dict[float, Row]]:
        """Pair id -> the numerator figure and -> the denominator figure (the first of each unit
        kind per pair, in text order); approximate and blank figures take no part."""
        num: dict[float, Row] = {}
        den: dict[float, Row] = {}
        for r in rows:
            if is_null(r["pair"]) or is_null(r["value"]) or r["approx"]:
                continue
            if r["unit_kind"] == self.numerator:
                num.setdefault(r["pair"], r)
            elif r["unit_kind"] == self.denominator:
                den.setdefault(r["pair"], r)
        return num, den

    def outside_band(self, rows: list[Row]) -> list[tuple[Row, Row, float]]:
        """(numerator, denominator, ratio) of every pair whose ratio lies outside the band, in the
        numerator's text order. A pair without a positive denominator has no ratio; a null ratio
        (no base value for the numerator) passes."""
        num_rows, den_rows = self._sides(rows)
        lo, hi = self.band.min, self.band.max
        out = []
        for pair, num in num_rows.items():
            den = den_rows.get(pair)
            if den is None or not den["base_value"] > 0:
                continue
            ratio = num["base_value"] / den["base_value"]
            if (lo is not None and ratio < lo) or (hi is not None and ratio > hi):
                out.append((num, den, ratio))
        return out

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        lo, hi = self.band.min, self.band.max
        for num, den, ratio in self.outside_band(ctx.metric_rows):
            summary = say("evidence.pair-ratio", ctx.lang, den=den["text"], num=num["text"], den_unit=den["unit"],
                          ratio=ratio, num_unit=num["unit"], lo=lo, hi=hi) \
                + say("evidence.line", ctx.lang, line=int(den["line"]))
            start, end = int(min(num["start"], den["start"])), int(max(num["end"], den["end"]))
            yield ctx.finding(self, start, end, evidence={"figures": [figure(den), figure(num)],
                                                          "computed": round(float(ratio), 3),
                                                          "expected_range": [lo, hi], "summary": summary},
                              ratio=f"{ratio:.2f}", expected=f"{lo:g}–{hi:g}")
