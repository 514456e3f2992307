"""Kind `lost_decimal_rate`: a whole growth rate many times its sentence's rates written with a decimal.

A sentence that lists several rates to one decimal (增长6.5%，……增长5.5%) is written by someone who
publishes rates to one decimal; one rate of the list written whole and several times the largest
of the others (工业总产值90亿元，增长42%) is most likely that decimal's point lost in typing or in a
conversion (4.2% -> 42%). A rate is not reported when the sentence holds another whole rate of
`max_whole_sibling` or more (the writer rounds; the rule file sets 1: 增长3%，……增长85% is
rounding too), when fewer than `min_siblings` rates carry exactly one decimal (one neighbour says
little of a writer's habit: 增长8.2%，……增长率达到了64%), or when it is not at least `min_ratio` times
the largest of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import figure
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null
from checker.ui_text import say

_WHOLE = compile_regex(r"[1-9]\d{1,2}\s*[%％]")
_ONE_DECIMAL = compile_regex(r"\d+\.\d\s*[%％]")
_ANY_WHOLE = compile_regex(r"\d+\s*[%％]")  # a sibling written without a decimal, of any size


class LostDecimalRateRule(Rule):
    kind: Literal["lost-decimal-rate"]
    needs_metrics = True
    qualifiers: list[str] = Field(default_factory=lambda: ["yoy_growth", "yoy_decline", "growth", "decline"])
    min_value: float = 30.0  # a lost point of d.d% gives at least 10; rates below 30 are left alone
    min_siblings: int = 2  # rates of the same sentence written to one decimal
    min_ratio: float = 3.0  # the whole rate over the largest of them
    max_whole_sibling: float = 10.0  # another whole rate of this size or more: the writer rounds

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        wanted = set(self.qualifiers)
        sentences: dict[int, list[Row]] = defaultdict(list)
        for row in ctx.metric_rows:
            if row["unit"] == "%" and row["qualifier"] in wanted and not is_null(row["value"]) \
                    and not is_null(row["sentence"]):
                sentences[int(row["sentence"])].append(row)
        for rows in sentences.values():
            if len(rows) <= self.min_siblings:
                continue
            for row in rows:
                text = str(row["text"])
                value = float(row["value"])
                if value < self.min_value or _WHOLE.fullmatch(text) is None:
                    continue
                others = [r for r in rows if r is not row]
                if any(_ANY_WHOLE.fullmatch(str(r["text"])) is not None and float(r["value"]) >= self.max_whole_sibling
                       for r in others):
                    continue
                decimals = [r for r in others if _ONE_DECIMAL.fullmatch(str(r["text"])) is not None]
                if len(decimals) < self.min_siblings:
                    continue
                largest = max(decimals, key=lambda r: float(r["value"]))
                if value < self.min_ratio * float(largest["value"]):
                    continue
                number = text.rstrip("%％ ")
                meant = f"{number[:-1]}.{number[-1]}%"
                summary = say("evidence.lost-decimal-rate", ctx.lang, text=text, line=int(row["line"]),
                              count=len(decimals), largest=largest["text"], meant=meant)
                evidence = {"figures": [figure(row)] + [figure(r) for r in decimals], "summary": summary}
                yield ctx.finding(self, int(row["start"]), int(row["end"]), evidence=evidence, suggestion=meant,
                                  largest=largest["text"], count=len(decimals), meant=meant)
