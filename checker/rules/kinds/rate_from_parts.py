"""Kind `rate_from_parts`: a stated rate that contradicts the two counts it is computed from.

"代办事项2517件，办理代办事项1320件，办结率100%": 1320 of 2517 is 52.4%. The rate's word says
which count is the numerator (办结率 <- 办结/办理, 整改率 <- 整改 …, from the rule file); the
denominator is an earlier, larger figure of the same unit in the same sentence. Only when both are
found is anything compared, so a rate stated beside a single count is never questioned.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import SENTENCE_END, compiled_default, figure, span_bounds
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null
from checker.ui_text import say


class RateFromPartsRule(Rule):
    kind: Literal["rate-from-parts"]
    needs_metrics = True
    # rate word stem -> regex the numerator's clause must contain
    numerators: dict[str, str] = Field(min_length=1)
    min_difference: float = 1.0  # percentage points

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        rows = ctx.metric_rows
        rates = [r for r in rows if r["unit"] == "%" and (is_null(r["qualifier"]) or r["qualifier"] == "share")
                 and not r["approx"]]
        if not rates:
            return
        # Figures that can be a numerator or denominator, by position, looked up per rate by bisect
        # instead of filtering every row for every rate.
        cands = sorted((r for r in rows if not is_null(r["unit"]) and r["unit_kind"] != "percent"
                        and not is_null(r["value"])), key=lambda r: r["start"])
        starts = [r["start"] for r in cands]
        for rate in rates:
            subject = rate["subject"] if isinstance(rate["subject"], str) else ""
            stem = next((s for s in self.numerators if f"{s}率" in subject or f"{s}率" in str(rate["clause"])), None)
            if stem is None:
                continue
            a, _ = span_bounds(ctx.text, int(rate["start"]), int(rate["end"]), SENTENCE_END)
            before = [r for r in cands[bisect_left(starts, a):bisect_left(starts, rate["start"])]
                      if r["end"] <= rate["start"]]
            pair = self._numerator_and_denominator(before, self.numerators[stem])
            if pair is None:
                continue
            num, den = pair
            implied = float(num["value"]) / float(den["value"]) * 100.0
            stated = float(rate["value"])
            tol = max(0.5 * 10 ** (-int(rate["decimals"])), self.min_difference)
            if abs(implied - stated) > tol:
                yield self._finding(ctx, rate, num, den, implied)

    @staticmethod
    def _numerator_and_denominator(rows: list[Row], pattern: str) -> tuple[Row, Row] | None:
        """The last row whose clause names the numerator, and the nearest one before it of its unit,
        not smaller and not approximate, whose clause does not."""
        for i in range(len(rows) - 1, -1, -1):
            num = rows[i]
            if not compiled_default(pattern).search(str(num["clause"])):
                continue
            for j in range(i - 1, -1, -1):
                den = rows[j]
                if den["unit"] == num["unit"] and not compiled_default(pattern).search(str(den["clause"])) \
                        and float(den["value"]) >= float(num["value"]) and not bool(den["approx"]):
                    return num, den
            return None
        return None

    def _finding(self, ctx: DocumentContext, rate: Row, num: Row, den: Row, implied: float) -> Finding:
        summary = say("evidence.rate", ctx.lang, num=num["text"], den=den["text"], computed=implied,
                      stated=rate["text"]) + say("evidence.line", ctx.lang, line=int(rate["line"]))
        evidence = {"figures": [figure(den), figure(num), figure(rate)], "computed": round(implied, 2),
                    "summary": summary}
        return ctx.finding(self, int(rate["start"]), int(rate["end"]), evidence=evidence,
                           suggestion=f"{implied:.1f}%", computed=f"{implied:.1f}%", numerator=num["text"],
                           denominator=den["text"])
