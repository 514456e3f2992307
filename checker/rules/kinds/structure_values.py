"""Kind `structure-values`: a stated industry structure against the value added stated with it.

A report that gives 地区生产总值 and the three industries' value added often states their structure
too: 第一产业增加值223291万元…第三产业增加值132499万元…三次产业结构比由上年的43.9:31.5:24.6调整为
今年的51.6:21.7:26.7. Each term of the structure is its industry's share of the total, so it follows
from the figures: 223291 of 534001 is 41.8, not 51.6. The structure may be at current prices and the
value added at comparable ones, which moves a share by a point or two; a term farther off than
`tolerance` percentage points was mistyped, or the structure is another year's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import base_of, compiled_v1, figure
from checker.rules.kinds.industry_sum import IndustrySumRule
from checker.rules.rows import Row


class StructureValuesRule(IndustrySumRule):
    kind: Literal["structure-values"]  # type: ignore[assignment]
    # the structure: three shares joined by colons after words naming it; the last one in reach is
    # this year's (由上年的a:b:c调整为x:y:z)
    structure: str = (r"(?:三次产业|三产|产业)(?:结构|比例|比重|占比)[^。；;\n\d]{0,16}?"
                      r"(?P<a>\d{1,2}(?:\.\d+)?)\s*[:：∶]\s*(?P<b>\d{1,2}(?:\.\d+)?)\s*[:：∶]\s*"
                      r"(?P<c>\d{1,2}(?:\.\d+)?)(?![\d.]|\s*[:：∶]\s*\d)")
    # the last ratio of a 由…调整为… phrase, within the match's reach
    later_ratio: str = (r"(?P<a>\d{1,2}(?:\.\d+)?)\s*[:：∶]\s*(?P<b>\d{1,2}(?:\.\d+)?)\s*[:：∶]\s*"
                        r"(?P<c>\d{1,2}(?:\.\d+)?)(?![\d.]|\s*[:：∶]\s*\d)")
    structure_reach: int = 400  # characters after the industries' figures where the structure is read
    tolerance: float = 3.0  # percentage points a term may stray from its industry's share

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        done: set[int] = set()
        for total, parts in self._totals_with_industries(ctx):
            finding = self._against_structure(ctx, total, parts, done)
            if finding is not None:
                yield finding

    def _against_structure(self, ctx: DocumentContext, total: Row, parts: list[Row],
                           done: set[int]) -> Finding | None:
        text = ctx.text
        t_base = base_of(total) or 0.0
        together = sum(base_of(r) or 0.0 for r in parts)
        # the industries must add up to the total (else industry-sum speaks): the shares are theirs
        if not t_base or abs(together - t_base) > 0.01 * t_base:
            return None
        a = int(parts[-1]["end"])
        window = text[a:a + self.structure_reach]
        m = compiled_v1(self.structure).search(window)
        if m is None:
            return None
        # 由上年的a:b:c调整为x:y:z: this year's structure is the last ratio of the phrase
        stop = len(window)
        for mark in "。\n":
            k = window.find(mark, m.end())
            if k != -1:
                stop = min(stop, k)
        last = m
        for n in compiled_v1(self.later_ratio).finditer(window, m.end(), stop):
            last = n
        start = a + last.start("a")
        if start in done:
            return None
        terms = [float(last.group(g)) for g in ("a", "b", "c")]
        if abs(sum(terms) - 100.0) > 1.5:  # not shares of a whole (ratio-sum's business)
            return None
        shares = [100.0 * (base_of(r) or 0.0) / t_base for r in parts]
        off = max(abs(s - t) for s, t in zip(shares, terms, strict=True))
        if off <= self.tolerance:
            return None
        done.add(start)
        computed = ":".join(f"{s:.1f}" for s in shares)
        stated = ":".join(last.group(g) for g in ("a", "b", "c"))
        summary = (f"三次产业增加值 {'、'.join(str(r['text']) for r in parts)} 占 {total['text']} 之比为 "
                   f"{computed}，所述结构为 {stated}")
        evidence = {"figures": [figure(total), *(figure(r) for r in parts)], "stated": terms,
                    "computed": [round(s, 2) for s in shares], "summary": summary}
        end = a + last.end("c")
        return ctx.finding(self, start, end, evidence=evidence, computed=computed, stated=stated)
