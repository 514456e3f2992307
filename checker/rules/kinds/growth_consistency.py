"""Kind `growth_consistency`: a growth rate that contradicts the two values stated beside it.

"收入120万元，去年同期100万元，同比增长30%": the two values give 20%. The current value is the
figure the rate qualifies (or the figure before it in the sentence), the previous one a figure of
the same unit kind in that sentence introduced by 去年/上年/同期 (or the Y of 由Y增加到X). The
tolerance comes from the decimals written on all three figures, so rounded statements pass.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from itertools import pairwise
from typing import Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import SENTENCE_END, base_of, compiled_default, figure, span_bounds, tolerance
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null
from checker.ui_text import say

# A growth rate is compared with the figures just before it in its sentence; real sentences hold a
# handful, so this bound only cuts the work on a run of figures without sentence ends.
MAX_FIGURES_BACK = 64


class GrowthConsistencyRule(Rule):
    kind: Literal["growth-consistency"]
    needs_metrics = True
    growth_qualifiers: list[str] = Field(default_factory=lambda: ["yoy_growth", "yoy_decline", "growth", "decline"])
    # 去年…, 由201x年的…, 比2022年的…: the figure after the marker is the earlier value
    previous_marker: str = (r"(?:(?:去年|上年|上一年|同期|前年|由|从)[^，。；,;\d]{0,8}"
                            r"|(?:由|从|比)(?:19|20)[\dxX]{2}年(?:底|末|同期)?的?)$")
    # 比去年增加2022吨, 比上年增收23732万元: the figure after the marker is the change, not last
    # year's value
    change_up: str = r"(?:增加|增长|提高|增收|增投|多|增)[了]?\s*$"
    change_down: str = r"(?:减少|下降|降低|减收|少|减)[了]?\s*$"
    # 从6516元增长到10045元: the earlier value of a span named from-to; the current one follows it
    from_marker: str = r"(?:由|从)[^，。；,;\d]{0,8}$|(?:由|从)(?:19|20)[\dxX]{2}年(?:底|末)?的?$"
    # percentage points below which a mismatch is never reported: some reports cut a rate instead of
    # rounding it (3.69% written 3.6%); beyond the rounding tolerance and this, the rate is wrong
    min_difference: float = 0.3
    # rates at comparable prices or on another basis do not follow from the two nominal values
    other_basis: str = r"可比价|可比口径|按可比|不变价|扣除|剔除"
    average_words: str = r"年均|平均"
    # 春粮面积214.4万亩，秋粮面积1834.8万亩，分别比上年增加7.5万亩、9.9万亩，分别增长3.6%、0.5%: the
    # values, changes and rates of a 分别 list pair up in order, not with the figure nearest the rate
    respectively: str = r"分别"
    # A figure in brackets right after another figure and its unit restates it in another unit
    # (单产5918公斤/公顷（395公斤/亩）): never the value the change is measured against
    conversion_before: str = r"\d[^\d，。；,;（()）]{0,6}[（(]\s*$"

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        rows = ctx.metric_rows
        growth = [r for r in rows if r["qualifier"] in self.growth_qualifiers and r["unit"] == "%"]
        if not growth:
            return
        # Figures of other kinds, in table order; when the table is in text order (the extractor's)
        # the ones in a sentence are found by bisect instead of filtering every row per growth rate.
        others = [r for r in rows if r["unit_kind"] != "percent" and not is_null(r["unit_kind"])]
        starts = [r["start"] for r in others]
        in_order = all(x <= y for x, y in pairwise(starts))
        rate_starts = sorted(int(r["start"]) for r in growth)
        for g in growth:
            # 年均增长38%: a rate per year of a span, not the ratio of its two ends; but no year of a
            # span of one year or more grows faster on average than the whole span did
            average = (g["figure_role"] == "average"
                       or bool(compiled_default(self.average_words).search(str(g["clause"]))))
            a, b = span_bounds(ctx.text, int(g["start"]), int(g["end"]), SENTENCE_END)
            hi = bisect_left(starts, g["start"])
            # the figures of the sentence before the rate, at most the last MAX_FIGURES_BACK of them: a
            # "sentence" of thousands of figures (a flattened table) would make this quadratic
            window = others[max(bisect_left(starts, a), hi - MAX_FIGURES_BACK):hi] if in_order else others
            sent = [r for r in window if r["start"] >= a and r["end"] <= b and r["start"] < g["start"]]
            marker = compiled_default(self.previous_marker)
            prev = [r for r in sent if marker.search(ctx.text[max(a, int(r["start"]) - 12):int(r["start"])])]
            if not prev or compiled_default(self.other_basis).search(ctx.text, a, b):
                continue
            if compiled_default(self.respectively).search(ctx.text, a, int(g["start"])):
                continue
            y = prev[-1]
            if _rate_between(rate_starts, int(y["end"]), int(g["start"])):
                continue  # …增加16元，增长17.8%，转移性收入422元，下降19.2%: y went with the first rate
            conversion = compiled_default(self.conversion_before)
            current = [r for r in sent if r["row_id"] != y["row_id"]
                       and r["unit_kind"] == y["unit_kind"] and not _approx(r)
                       and not conversion.search(ctx.text, max(a, int(r["start"]) - 12), int(r["start"]))]
            if not current or _approx(y):
                continue
            before = ctx.text[max(a, int(y["start"]) - 12):int(y["start"])]
            spans = bool(compiled_default(self.from_marker).search(before))
            x = _current_of(current, y, after_first=spans)
            if spans and x["start"] > y["start"] and any(int(x["end"]) <= int(r["start"]) < int(g["start"])
                                                        for r in current):
                # 从1949年的96.2万元增加到1978年的268.2万元，2011年达到9515万元，比上年增加8.6%: the rate
                # goes with the figure after the span, not with the span's two ends
                continue
            up, down = compiled_default(self.change_up), compiled_default(self.change_down)
            sign = 1 if up.search(before) else -1 if down.search(before) else 0
            yield from self._compare(ctx, g, x, y, sign, average)

    def _compare(self, ctx: DocumentContext, g: Row, x: Row, y: Row, change: int,
                 average: bool = False) -> Iterator[Finding]:
        """change 0: y is last year's value; +1/-1: y is the rise/fall from last year to x.
        `average`: g is a yearly average over the span from y to x (n >= 1 years), so (1+g)^n = x/y
        puts g between 0 and the whole span's change: only a rate outside that is a contradiction
        (由2600万元增加到5300万元，年均增长153%: 15.3% with its decimal point lost)."""
        if x["magnitude"] == y["magnitude"]:  # 5.2万 beside 4万: the whole figure means 4.0万
            finest = max(int(x["decimals"]), int(y["decimals"]))
            x, y = {**x, "decimals": finest}, {**y, "decimals": finest}  # the shared rows stay unchanged
        xv, yv = base_of(x), base_of(y)
        if not xv or not yv:
            return
        if change:
            yv = xv - change * yv  # last year's value
            if yv <= 0:
                return
        implied = (xv / yv - 1.0) * 100.0
        stated = float(g["signed_value"])
        tol = 0.5 * 10 ** (-int(g["decimals"])) + 100.0 * (xv / yv) * (tolerance(x) / xv + tolerance(y) / yv)
        slack = max(tol, self.min_difference)
        if average:
            if min(0.0, implied) - slack <= stated <= max(0.0, implied) + slack:
                return
            bound = f"≤{implied:.1f}%" if implied >= 0 else f"≥{implied:.1f}%"
        elif abs(implied - stated) <= slack:
            return
        summary = (say("evidence.growth", ctx.lang, current=x["text"], previous=y["text"], computed=implied,
                       stated=g["text"]) + (say("evidence.growth.decline", ctx.lang) if stated < 0 else "")
                   + say("evidence.line", ctx.lang, line=int(g["line"])))
        evidence = {"figures": [figure(x), figure(y), figure(g)], "computed": round(implied, 2),
                    "stated": stated, "tolerance": tol, "summary": summary}
        if average:  # the span's length is not known: no single rate to suggest
            yield ctx.finding(self, int(g["start"]), int(g["end"]), evidence=evidence,
                              computed=bound, current=x["text"], previous=y["text"])
            return
        yield ctx.finding(self, int(g["start"]), int(g["end"]), evidence=evidence,
                          suggestion=f"{implied:.1f}%", computed=f"{implied:.1f}%", current=x["text"],
                          previous=y["text"])


def _current_of(current: list[Row], y: Row, after_first: bool = False) -> Row:
    """The figure the earlier value y is compared with: the nearest one before y, else the first after.

    预算收入116059万元，较上年增加6570万元，增长6%，其中税收收入82539万元，较上年增加4674万元，增长6%:
    the second change belongs to 税收收入 right before it, not to the sentence's first figure;
    由2019年的3.1亿元增加到2023年的4.8亿元 has no figure before y, so the one after it is current."""
    before = [r for r in current if r["start"] < y["start"]]
    if after_first:  # 从6516元增长到10045元, after 从28710元增长到40488元: the figure the span runs to
        after = [r for r in current if r["start"] > y["start"]]
        if after:
            return after[0]
    return before[-1] if before else current[0]


def _rate_between(rate_starts: list[int], lo: int, hi: int) -> bool:
    """Another growth rate starts in text[lo:hi] (`rate_starts` sorted): the earlier value before it
    was that rate's, and the rate at `hi` belongs to a later statement."""
    k = bisect_left(rate_starts, lo)
    return k < len(rate_starts) and rate_starts[k] < hi


def _approx(r: Row) -> bool:
    return bool(r.get("approx")) or bool(r.get("is_range"))
