"""Kind `point-change`: the change between two percentages written in % where it is their difference.

占全县的95.50%，较上年末51.78%提升43.72%: 95.50 − 51.78 = 43.72, so the share rose 43.72 percentage
points (43.72个百分点), not 43.72% (which would be a relative rise, to 74.4%). Each configured pattern
names the share now, the share before and the change (named groups `now`, `before`, `change`); a
change is reported when it equals the difference within the rounding of the figures as written and
not the relative change as well (a share that doubles from 2% to 4% rose by 2 points and by 100%:
only 2% is the difference, and 100% is right as it stands).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import compiled_v1
from checker.rules.model import Rule
from checker.ui_text import say


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


class PointChangeRule(Rule):
    kind: Literal["point-change"]
    # Regular expressions with the named groups `now`, `before` and `change` (numbers without %).
    patterns: list[str] = Field(min_length=1)
    # A change this small is not read: 0.5% against 0.5 points is a rounding, not a slip.
    min_change: float = Field(default=1.0, ge=0)

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        seen: set[int] = set()
        for source in self.patterns:
            for m in compiled_v1(source).finditer(text):
                if m.start("change") in seen:
                    continue
                now, before, change = (float(m.group(g)) for g in ("now", "before", "change"))
                if change < self.min_change or before <= 0 or now > 100 or before > 100:
                    continue
                # half a unit of the last written decimal of each figure
                slack = sum(0.5 * 10 ** -_decimals(m.group(g)) for g in ("now", "before", "change")) + 1e-9
                difference = abs(now - before)
                if abs(difference - change) > slack:
                    continue
                relative = difference / before * 100
                if abs(relative - change) <= slack + 0.05 * change:
                    continue
                seen.add(m.start("change"))
                written = m.group("change")
                summary = say("evidence.point-change", ctx.lang, now=m.group("now"), before=m.group("before"),
                              change=written)
                evidence = {"now": now, "before": before, "change": change, "relative": round(relative, 2),
                            "summary": summary}
                end = m.end("change") + (1 if text.startswith("%", m.end("change")) else 0)
                yield ctx.finding(self, m.start("change"), end, suggestion=f"{written}个百分点",
                                  evidence=evidence, points=written, relative=f"{relative:.1f}")
