"""Kind `ratio-sum`: a structure written as shares that must add up to 100 (三次产业结构 a:b:c).

A report states the economy's structure as the three industries' percentages, joined by colons:
三次产业结构由2002年的43.1:27.2:29.7调整为31:36.3:32.7. The shares of a whole add up to 100
within their rounding; a ratio whose terms add up to 70 lost a digit or a term (调整1:36.3:32.7,
where 为31 was cut), or one of its terms was mistyped. Only a ratio preceded by words that name
such a structure is read, and only one whose sum is of a hundred's order (a ratio of small whole
numbers, 1:2:7, is a proportion, not shares).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import compiled_v1
from checker.rules.model import Rule


class RatioSumRule(Rule):
    kind: Literal["ratio-sum"]
    # words naming a structure of shares, looked for in the `reach` characters before the ratio
    context: str
    # a term may carry a minus sign: contribution rates (贡献率-1.6:8.0:93.6) add up to 100 with it
    ratio: str = (r"(?<![\d.:：∶])(?P<a>[-−]?\d{1,3}(?:\.\d+)?)[ \t]*[:：∶][ \t]*(?P<b>[-−]?\d{1,3}(?:\.\d+)?)"
                  r"[ \t]*[:：∶][ \t]*(?P<c>[-−]?\d{1,3}(?:\.\d+)?)(?![\d.]|[ \t]*[:：∶][ \t]*\d)")
    # text between the context and the ratio may not cross a sentence's end
    barrier: str = r"[。！？!?\n；;]"
    reach: int = 40
    total: float = 100.0
    # sums farther from the total than this are no rounding; sums below `min_sum` are proportions
    tolerance: float = 1.5
    # terms all written to a tenth or finer round by 0.05 each at most: a sum off by more than this
    # (三次产业比例为0.4:20.9:77.7, 99.0) lost a digit or a point; whole terms keep `tolerance`
    tolerance_decimal: float = 0.5
    min_sum: float = 40.0

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        context = compiled_v1(self.context)
        barrier = compiled_v1(self.barrier)
        if not context.search(text):
            return  # no word naming a structure anywhere: no ratio can have one before it
        for m in compiled_v1(self.ratio).finditer(text):
            lead = text[max(0, m.start() - self.reach):m.start()]
            stops = list(barrier.finditer(lead))
            if stops:
                lead = lead[stops[-1].end():]
            if not context.search(lead):
                continue
            terms = [m.group(g) for g in ("a", "b", "c")]
            values = [float(t.replace("−", "-")) for t in terms]
            computed = sum(values)
            tol = self.tolerance_decimal if all("." in t for t in terms) else self.tolerance
            if computed < self.min_sum or abs(computed - self.total) <= tol:
                continue
            places = max((len(t.split(".")[1]) if "." in t else 0) for t in terms)
            shown = f"{computed:.{places}f}"
            summary = f"“{m.group(0)}”三项之和为 {shown}，不是 {self.total:g}"
            yield ctx.finding(self, m.start(), m.end(),
                              evidence={"terms": values, "sum": round(computed, 6), "summary": summary},
                              computed=shown)
