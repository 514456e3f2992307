"""Kind `restatement`: the same subject stated twice in one document with different values.

Rows are grouped by `subject_key` and unit kind (units converted through `base_value`, so
1500亩 and 100公顷 compare); a later statement that differs from the first beyond rounding (or
beyond `approx_tolerance` when either is approximate: 1500余亩 vs 1000余亩) is a finding.
Not compared: growth rates, ranges, list items, plans and targets (将/计划/预计 in the clause,
or anything after a 工作计划/打算 heading), figures of different years, and keys stated with
many different values (a generic attribute such as 计划投资 of every project, not one fact).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any, Literal

import regex
from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import base_of, clause_of, compiled_default, figure, fmt_plain, tolerance
from checker.rules.model import Rule
from checker.rules.rows import is_null

HEADING = (r"(?m)^[ \t\u3000]*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]|\d+[、．.])"
           r"[^\n，,；;]{0,40}$")


_YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?=年)")


def _round6(v: float) -> float:
    """`numpy.round(v, 6)` in plain Python: scaled, rounded half to even, scaled back (as numpy
    computes it, so values near a rounding boundary count as distinct exactly as they did)."""
    y = float(v) * 1e6
    return round(y) / 1e6 if math.isfinite(y) else y / 1e6


def plan_region_start(text: str, heading: str) -> int:
    """Offset of the first numbered heading that opens the plans part of a report (len(text) if none)."""
    wanted = compiled_default(heading)
    for m in compiled_default(HEADING).finditer(text):
        if wanted.search(m.group(0)):
            return m.start()
    return len(text)


def siblings(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Figures of two different items of one list (三/3 and 三/4, or 一是 and 二是 of one section):
    they describe different entities, so equal keys are no restatement."""
    sa, sb = str(a.get("section") or ""), str(b.get("section") or "")
    if sa == sb:
        ia, ib = a.get("item"), b.get("item")
        return isinstance(ia, str) and isinstance(ib, str) and ia != ib
    pa_, pb_ = sa.split("/"), sb.split("/")
    # Only within a chapter: chapters (一、… 二、…) restate each other's figures (summary and detail).
    return len(pa_) == len(pb_) >= 2 and pa_[:-1] == pb_[:-1]


class RestatementRule(Rule):
    kind: Literal["restatement"]
    needs_metrics = True
    approx_tolerance: float = 0.15  # relative difference allowed when either figure is approximate
    max_distinct_values: int = 2  # a key with more different values is a generic attribute
    min_key_length: int = 2
    plan_words: str = r"计划|预计|力争|争取|目标|拟|将|规划|预期|任务"
    plan_heading: str = r"(?:计划|打算|安排|谋划|思路|展望|目标任务)"
    skip_roles: list[str] = Field(default_factory=lambda: ["item", "count"])
    # Keys that name a measure but no entity (建筑面积 of different buildings, 投资 of different projects).
    generic_keys: str = (r"总?建筑面积|占地面积|总?面积|总?投资|资金|收入|总?产值|规模|容量|装机容量"
                         r"|长度|全长|总长|里程|销售额|营业收入")
    # Stocks (an area, an amount, a capacity) are restated; flows counted in 次/起/人 recur in
    # different contexts (纠纷6起 of enterprises, 67起 overall) and are not compared.
    unit_kinds: list[str] = Field(default_factory=lambda: ["area", "currency", "power", "energy", "length",
                                                           "volume", "mass"])

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        plan_from = plan_region_start(ctx.text, self.plan_heading)
        # Compiled once (regex's own cache lookup per row cost more than the match).
        generic, plan = compiled_default(self.generic_keys), compiled_default(self.plan_words)
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in ctx.metric_rows:
            subject_key = row["subject_key"]
            if not is_null(row["qualifier"]) or row["is_range"] or not isinstance(subject_key, str) \
                    or row["role"] in self.skip_roles or row["start"] >= plan_from \
                    or row["unit_kind"] not in self.unit_kinds or len(subject_key) < self.min_key_length \
                    or generic.fullmatch(subject_key) is not None:
                continue
            clause = clause_of(ctx.text, int(row["start"]), int(row["end"]))
            if plan.search(clause) is not None:
                continue
            base = base_of(row)
            if base is None or base != base:
                continue
            groups.setdefault((subject_key, row["unit_kind"]), []).append(
                dict(row, _clause=clause, _base=base))  # the shared dicts stay unchanged
        for key in sorted(groups):  # the order groupby gave
            grp = groups[key]
            if len(grp) < 2 or len({_round6(r["_base"]) for r in grp}) > self.max_distinct_values:
                continue
            grp = sorted(grp, key=lambda r: r["start"])
            first = grp[0]
            for later in grp[1:]:
                if later["sentence"] == first["sentence"] or siblings(first, later) or not self._differ(first, later):
                    continue
                if self._years(first["_clause"]) and self._years(later["_clause"]) \
                        and self._years(first["_clause"]) != self._years(later["_clause"]):
                    continue
                yield self._finding(ctx, first, later)

    @staticmethod
    def _years(clause: str) -> frozenset[str]:
        return frozenset(_YEAR.findall(clause))

    def _differ(self, a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
        va, vb = float(a["_base"]), float(b["_base"])
        if bool(a["approx"]) or bool(b["approx"]):
            return abs(va - vb) > self.approx_tolerance * max(abs(va), abs(vb))
        return abs(va - vb) > tolerance(a) + tolerance(b)

    def _finding(self, ctx: DocumentContext, first: Mapping[str, Any], later: Mapping[str, Any]) -> Finding:
        diff = fmt_plain(abs(float(later["_base"]) - float(first["_base"])), later)
        summary = (f"{later['subject_key']}: line {int(later['line'])} 写 {later['text']}，"
                   f"line {int(first['line'])} 写 {first['text']}，相差 {diff}")
        evidence = {"figures": [figure(first), figure(later)], "key": later["subject_key"],
                    "related_line": int(first["line"]), "summary": summary}
        return ctx.finding(self, int(later["start"]), int(later["end"]), evidence=evidence,
                           subject=later["subject_key"], other=first["text"], other_line=int(first["line"]))
