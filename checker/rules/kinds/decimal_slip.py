"""Kind `decimal_slip`: the same digits written twice, once with a decimal point and once without.

93291亩 beside 9329.1亩 of the same unit: a decimal point lost at a line break or in retyping
multiplies the figure by ten. Only long digit runs (min_digits) count, so coincidences of
short numbers (12 and 1.2) are never reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import figure
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null
from checker.ui_text import say

_NUMBER = compile_regex(r"\d+(?:\.\d+)?")


def digits_of(text: str) -> str:
    m = _NUMBER.search(text)
    return m.group(0) if m else ""


class DecimalSlipRule(Rule):
    kind: Literal["decimal-slip"]
    needs_metrics = True
    min_digits: int = 4

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        rows = [r for r in ctx.metric_rows if not is_null(r["unit"]) and not is_null(r["value"]) and not r["is_range"]]
        numbered = [(row, digits_of(str(row["text"]))) for row in rows]
        with_point: dict[tuple[str, str], Row] = {}
        for row, num in numbered:
            if "." in num and len(num) - 1 >= self.min_digits:
                with_point.setdefault((num.replace(".", "").lstrip("0"), str(row["unit"])), row)
        for row, num in numbered:
            if "." in num or len(num) < self.min_digits:
                continue
            other = with_point.get((num.lstrip("0"), str(row["unit"])))
            if other is None:
                continue
            summary = say("evidence.decimal-slip", ctx.lang, text=row["text"], line=int(row["line"]),
                          other=other["text"], other_line=int(other["line"]))
            evidence = {"figures": [figure(other), figure(row)], "summary": summary,
                        "related_line": int(other["line"])}
            yield ctx.finding(self, int(row["start"]), int(row["end"]), evidence=evidence,
                              suggestion=str(other["text"]), other=other["text"], other_line=int(other["line"]))
