"""Kind `restatement`: the same subject stated twice in one document with different values.

Rows are grouped by `subject_key` and unit kind (units converted through `base_value`, so
1500亩 and 100公顷 compare); a later statement that differs from the first beyond rounding (or
beyond `approx_tolerance` when either is approximate: 1500余亩 vs 1000余亩) is a finding.
Only like is compared with like (the columns of checker/extract/aspects.py): the same scope (the
whole place, or the same named village, park, project), the same period (a year, 1-6月, 上半年,
a span of years; the same calendar year when both name one) and the same figure role (a plain
amount with a plain amount, a 其中-part with a part …; growth rates, shares, per-capita figures,
rankings, plans and targets are never restatements). Also not compared: ranges, list items,
anything after a 工作计划/打算 heading, keys stated with many different values (a generic
attribute such as 计划投资 of every project, not one fact), a figure whose sentence names a year
other than the report's against one that names none, and two 其中-parts of different wholes
(第一产业增加值 of 民营经济 and of the whole economy).

Beside those groups, a 其中-part is compared with a plain statement of its key (其中非税收入33520万元,
later 非税收入53632万元) in pairs of its own, so that a part never changes what the groups find (a
part merged into the plain statements' group made some keys three-valued and lost their findings).
Counts (people, households, units) are compared when both state what the place has (户籍人口, 现有…,
党员) or follow the same long phrase; other counts recur for different events and are compared only
when their digits are swapped (a typing slip). A key that is only a village's name is no indicator.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any, Literal

import regex
from pydantic import Field

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.extract.aspects import same_scope
from checker.findings import Finding
from checker.rules.figures import (
    CLAUSE_END,
    SENTENCE_END,
    base_of,
    clause_of,
    compiled_default,
    figure,
    fmt_plain,
    span_bounds,
    tolerance,
)
from checker.rules.kinds.place_name import title_span
from checker.rules.kinds.year_figure import year_mentions
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null
from checker.rules.timed_regex import Matcher, compile_timed
from checker.ui_text import say

# A numbered heading line, in multi-line mode: given as a flag, not as an inline (?m), it fits RE2
# (checker.rules.timed_regex.compile_timed), ~3x faster than `regex` over a report.
HEADING = (r"^[ \t\u3000]*(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]|\d+[、．.])"
           r"[^\n，,；;]{0,40}$")


@cache
def _headings() -> Matcher:
    return compile_timed(HEADING, regex.MULTILINE)


_YEAR = compile_regex(r"(?<!\d)(?:19|20)\d\d(?=年)")


def _round6(v: float) -> float:
    """`numpy.round(v, 6)` in plain Python: scaled, rounded half to even, scaled back (as numpy
    computes it, so values near a rounding boundary count as distinct exactly as they did)."""
    y = float(v) * 1e6
    return round(y) / 1e6 if math.isfinite(y) else y / 1e6


def plan_region_start(text: str, heading: str) -> int:
    """Offset of the first numbered heading that opens the plans part of a report (len(text) if none)."""
    wanted = compiled_default(heading)
    for m in _headings().finditer(text):
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


def _digits(row: Mapping[str, Any]) -> str:
    """The digits of a figure as written (3.52万人 -> 352)."""
    return "".join(c for c in str(row["text"]) if c.isdigit())


def transposed(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Two figures written with the same digits, two neighbours swapped (617 and 671, 3.52 and 3.25)."""
    da, db = _digits(a), _digits(b)
    if len(da) != len(db) or len(da) < 2 or da == db or a["magnitude"] != b["magnitude"]:
        return False
    diff = [i for i, (x, y) in enumerate(zip(da, db, strict=True)) if x != y]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and da[diff[0]] == db[diff[1]] and da[diff[1]] == db[diff[0]]


class RestatementRule(Rule):
    kind: Literal["restatement"]
    needs_metrics = True
    approx_tolerance: float = 0.15  # relative difference allowed when either figure is approximate
    max_distinct_values: int = 2  # a key with more different values is a generic attribute
    min_key_length: int = 2
    plan_words: str = r"计划|预计|力争|争取|目标|拟|将|规划|预期|任务"
    plan_heading: str = r"(?:计划|打算|安排|谋划|思路|展望|目标任务)"
    skip_roles: list[str] = Field(default_factory=lambda: ["item", "count"])
    # Figure roles (figure_role column) that state no fact to restate: rates, ratios, ranks, targets.
    skip_figure_roles: list[str] = Field(default_factory=lambda: ["growth", "share", "per_capita", "average",
                                                                  "ranking", "plan", "item", "count"])
    # Keys that name a measure but no entity (建筑面积 of different buildings, 投资 of different projects).
    generic_keys: str = (r"总?建筑面积|占地面积|总?面积|总?投资|资金|收入|总?产值|规模|容量|装机容量"
                         r"|长度|全长|总长|里程|销售额|营业收入")
    # Stocks (an area, an amount, a capacity) are restated; flows counted in 次/起/人 recur in
    # different contexts (纠纷6起 of enterprises, 67起 overall) and are not compared.
    unit_kinds: list[str] = Field(default_factory=lambda: ["area", "currency", "power", "energy", "length",
                                                           "volume", "mass"])
    # Counts of people and households do recur in other contexts, so they are compared only when the
    # two values are the same digits with two of them swapped (3.52万人 and 3.25万人): a typing slip.
    transposed_unit_kinds: list[str] = Field(default_factory=lambda: ["people", "households"])
    # Counts (people, households, units) are also compared when both state a stock, what the place has
    # (户籍人口, 农村党员, 现有电教室1个, 私营企业2108户): `stock_words` before the figure in its clause and
    # no `flow_words` (新纳入监测户14户 is this year's intake, 发放宣传资料5000余份 one campaign's leaflets).
    stock_unit_kinds: list[str] = Field(default_factory=list)
    # ... or when both follow the same phrase of at least this many characters (connectives trimmed).
    same_phrase_min: int = 7
    phrase_trim: str = (r"^(?:[全我本][镇乡县区市]|全年|今年|年内|目前|截[至止]目前|共计|共|累计"
                        r"|已经?|[，,\s])+|(?:达到?|为|共|计)$")
    stock_words: str = r"现有|共有|拥有|下辖|总数|人口|党员|贫困户|脱贫户|低保户|五保户|贫困村|自然庄|企业"
    flow_words: str = (r"新|纳入|识别|发展|培训|排查|发放|帮助|帮扶|开发|完成|改造|转移|慰问|救助|走访|教育|约谈"
                       r"|处理|查处|受理|调解|化解|接待|组织|开展|举办|入户|落实|安置|就业|参加|参与|受益|覆盖|惠及|涉及")
    # Values further apart than this factor are read as two things (one park and the town, a month
    # and the year) rather than one fact mistyped: typing slips change a digit, not the scale.
    max_ratio: float = 2.0
    # Figure roles of a part of a total (其中…): compared with plain statements of the same key too
    # (其中非税收入33520万元 and later 非税收入53632万元), in pairs of their own, not merged into the groups.
    part_roles: list[str] = Field(default_factory=lambda: ["part"])
    # A key that is only a unit's name (瓦额村 in 其中,xx村31户、114人;瓦额村62户…) names no indicator: the
    # same village has different figures in different breakdowns (poor households, then those lifted out).
    unit_name_keys: str = (r"(?!.*(?:贫困|示范|重点|行政|自然|中心|空壳|薄弱|先进|后进|涣散|脱贫))"
                           r"..{1,5}(?:村|社区|居委会|村委会)")
    # Words naming the whole reporting place. A smaller figure in a sentence without them, followed
    # in the same paragraph by a sentence that has them, is one unit's share before the place's
    # total (南方水泥上缴地税1048万元 … 全镇共完成地税1065万元), not the same fact restated.
    whole_words: str = r"全[镇乡县区市旗]|全街道|我[镇乡县区市旗]|本[镇乡县区市旗]"
    # The report's years (the title's, those named this often, else the one named most): a figure
    # whose sentence names another year is no restatement of one that names none.
    title_words: str = r"总结|报告|计划|汇报|安排|公报"
    report_year_mentions: int = 3
    whole_reach: int = 40  # rows looked back for the whole a part breaks down

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        plan_from = plan_region_start(ctx.text, self.plan_heading)
        # Compiled once (regex's own cache lookup per row cost more than the match).
        generic, plan = compiled_default(self.generic_keys), compiled_default(self.plan_words)
        # the parameters as sets, once per document, not a tuple built for every row
        skip_roles, skip_figure_roles = frozenset(self.skip_roles), frozenset(self.skip_figure_roles)
        unit_kinds = frozenset((*self.unit_kinds, *self.transposed_unit_kinds, *self.stock_unit_kinds))
        part_roles = frozenset(self.part_roles) - skip_roles
        # The row's own columns first; the clause, its plan words and the key's generic words only
        # for keys stated twice (most are stated once, and a key left with one row compares nothing).
        candidates: dict[tuple[str, ...], list[Row]] = {}
        # A part (其中…) and a plain statement of one key, grouped apart from `candidates` so that
        # the like-with-like groups and what they find stay as they are: pairs across roles are added.
        across: dict[tuple[str, ...], list[Row]] = {}
        for row in ctx.metric_rows:
            subject_key = row["subject_key"]
            figure_role = row["figure_role"]
            if not is_null(row["qualifier"]) or row["is_range"] or not isinstance(subject_key, str) \
                    or row["start"] >= plan_from or row["unit_kind"] not in unit_kinds \
                    or len(subject_key) < self.min_key_length:
                continue
            role = "level" if figure_role == "total" else figure_role  # 共计161万元 is the 161万元
            if role in part_roles or (role == "level" and row["role"] not in skip_roles):
                across.setdefault((subject_key, row["unit_kind"], row["period"]), []).append(row)
            if row["role"] in skip_roles or figure_role in skip_figure_roles:
                continue
            candidates.setdefault((subject_key, row["unit_kind"], row["period"], role), []).append(row)
        reported: set[tuple[int, int]] = set()
        for first, later in self._pairs(ctx, self._members(ctx, candidates, generic, plan)):
            reported.add((int(first["start"]), int(later["start"])))
            yield self._finding(ctx, first, later)
        for first, later in self._pairs(ctx, self._members(ctx, across, generic, plan), across_roles=True):
            if (int(first["start"]), int(later["start"])) not in reported:
                yield self._finding(ctx, first, later)

    def _members(self, ctx: DocumentContext, candidates: dict[tuple[str, ...], list[Row]], generic: Matcher,
                 plan: Matcher) -> dict[tuple[str, ...], list[tuple[Row, str, float]]]:
        """The rows of each key stated twice that state a fact: no plan word in the clause, a value."""
        groups: dict[tuple[str, ...], list[tuple[Row, str, float]]] = {}
        for key, rows in candidates.items():
            if len(rows) < 2 or generic.fullmatch(key[0]) is not None:
                continue
            for row in rows:
                clause = clause_of(ctx.text, int(row["start"]), int(row["end"]))
                if plan.search(clause) is not None or (self._is_part(row) and self._planned_total(ctx.text, row, plan)):
                    continue
                base = base_of(row)
                if base is None or base != base:
                    continue
                groups.setdefault(key, []).append((row, clause, base))
        return groups

    def _pairs(self, ctx: DocumentContext, groups: dict[tuple[str, ...], list[tuple[Row, str, float]]],
               across_roles: bool = False) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """Each later statement of a key that contradicts its first (with `across_roles`, only a
        part against a plain statement: the pairs of one role are the like-with-like groups')."""
        unit_name = compiled_default(self.unit_name_keys)
        for key in sorted(groups):  # the order groupby gave
            members = groups[key]
            if len(members) < 2 or len({_round6(base) for _, _, base in members}) > self.max_distinct_values:
                continue
            # copies only of the rows compared (most keys are stated once): the shared dicts stay unchanged
            grp = [dict(row, _clause=clause, _base=base) for row, clause, base in members]
            grp = sorted(grp, key=lambda r: r["start"])
            first = grp[0]
            for later in grp[1:]:
                if across_roles and self._is_part(first) == self._is_part(later):
                    continue
                if unit_name.fullmatch(str(key[0])) is not None and not transposed(first, later):
                    continue
                if later["sentence"] == first["sentence"] or siblings(first, later) or not self._differ(first, later) \
                        or not same_scope(first["scope"], later["scope"]):
                    continue
                if later["unit_kind"] not in self.unit_kinds and not transposed(first, later) \
                        and not (later["unit_kind"] in self.stock_unit_kinds
                                 and ((self._stock(ctx.text, first) and self._stock(ctx.text, later))
                                      or self._same_phrase(ctx.text, first, later))):
                    continue
                if self._part_then_whole(ctx.text, first, later):
                    continue
                if self._years(first["_clause"]) and self._years(later["_clause"]) \
                        and self._years(first["_clause"]) != self._years(later["_clause"]):
                    continue
                if not is_null(first["year"]) and not is_null(later["year"]) and first["year"] != later["year"]:
                    continue
                if self._other_year(ctx.text, first, later) or self._parts_of_other_wholes(ctx, first, later):
                    continue
                yield first, later

    def _phrase(self, text: str, row: Mapping[str, Any]) -> str:
        """The words of the figure's clause before it, without leading connectives (全镇, 共, 已 …)."""
        lo, _ = span_bounds(text, int(row["start"]), int(row["end"]), CLAUSE_END)
        before = text[lo:int(row["start"])].strip()
        return compiled_default(self.phrase_trim).sub("", before)

    def _same_phrase(self, text: str, a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
        """Two counts after the same long phrase (新识别纳入贫困户44户 … 新识别纳入贫困户57户): one fact
        told twice, whatever it counts; a short phrase (批评教育5人, 发放宣传资料) recurs for different events."""
        pa = self._phrase(text, a)
        return len(pa) >= self.same_phrase_min and pa == self._phrase(text, b)

    def _stock(self, text: str, row: Mapping[str, Any]) -> bool:
        """A count of what the place has (see `stock_words`), read in its clause before the figure."""
        lo, _ = span_bounds(text, int(row["start"]), int(row["end"]), CLAUSE_END)
        before = text[lo:int(row["start"])]
        return compiled_default(self.stock_words).search(before) is not None \
            and compiled_default(self.flow_words).search(before) is None

    @staticmethod
    def _planned_total(text: str, row: Mapping[str, Any], plan: Matcher) -> bool:
        """A part of a planned total (计划种植粮食37.7万亩,其中水稻29万亩): the plan word before the
        figure in its sentence holds for the 其中 after it."""
        lo, _ = span_bounds(text, int(row["start"]), int(row["end"]), SENTENCE_END)
        return plan.search(text[lo:int(row["start"])]) is not None

    def _is_part(self, row: Mapping[str, Any]) -> bool:
        """A part of a total stated before it (其中…), by its figure role or its structure."""
        return row["figure_role"] in self.part_roles or row["role"] in self.part_roles

    def _part_then_whole(self, text: str, first: Mapping[str, Any], later: Mapping[str, Any]) -> bool:
        """`first` is smaller, in the same paragraph, and only `later`'s sentence names the whole."""
        a, b = int(first["start"]), int(later["start"])
        if float(first["_base"]) >= float(later["_base"]) or "\n" in text[a:b]:
            return False
        whole = compiled_default(self.whole_words)
        fa, fb = span_bounds(text, a, int(first["end"]), SENTENCE_END)
        la, lb = span_bounds(text, b, int(later["end"]), SENTENCE_END)
        return whole.search(text, fa, fb) is None and whole.search(text, la, lb) is not None

    def _other_year(self, text: str, a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
        """One figure names a year and the other none, and that year is not the report's (the title's or
        one named often; failing both, the one named most, the later of a tie): 2023年全国第五次经济普查
        结果：生产总值296.80亿元 in a 2024 bulletin is the census year's, not a restatement of
        生产总值316.80亿元."""
        ya, yb = a["year"], b["year"]
        if is_null(ya) == is_null(yb):
            return False
        year = int(yb if is_null(ya) else ya)
        mentions = year_mentions(text)
        _, tend = title_span(text, 3, self.title_words)
        titled = compiled_default(self.title_words).search(text, 0, tend) is not None
        # the title's years only when there is a title (without one, the first lines are body text)
        counts = Counter(y for _, y in mentions)
        years = {y for end, y in mentions if titled and end < tend}
        years |= {y for y, c in counts.items() if c >= self.report_year_mentions}
        if not years and counts:
            # the year named most often, the later of a tie (a plan year named once beside the
            # reviewed year named twice is not the report's)
            top = max(counts.values())
            years = {max(y for y, c in counts.items() if c == top)}
        return bool(years) and year not in years

    def _parts_of_other_wholes(self, ctx: DocumentContext, a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
        """Two parts of breakdowns of different wholes: 其中，第一产业增加值44.56亿元 under 民营经济增加值
        is not the 第一产业增加值45.89亿元 under 地区生产总值 (neither whole's key holds the other)."""
        if a["figure_role"] != "part" or b["figure_role"] != "part":
            return False
        wa, wb = self._whole_key(ctx.metric_rows, a), self._whole_key(ctx.metric_rows, b)
        return wa is not None and wb is not None and wa not in wb and wb not in wa

    def _whole_key(self, rows: list[Row], part: Mapping[str, Any]) -> str | None:
        """The subject key of the amount a part breaks down: the nearest figure before it of its unit
        kind that is a total or a plain amount (growth rates, shares and the other parts passed over)."""
        rid = int(part["row_id"])
        for row in reversed(rows[max(0, rid - self.whole_reach): rid]):
            if row["unit_kind"] == part["unit_kind"] and is_null(row["qualifier"]) \
                    and row["figure_role"] in ("total", "level"):
                key = row["subject_key"]
                return key if isinstance(key, str) and key else None
        return None

    @staticmethod
    def _years(clause: str) -> frozenset[str]:
        return frozenset(_YEAR.findall(clause))

    def _differ(self, a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
        va, vb = float(a["_base"]), float(b["_base"])
        if min(abs(va), abs(vb)) * self.max_ratio < max(abs(va), abs(vb)):
            return False
        if bool(a["approx"]) or bool(b["approx"]):
            return abs(va - vb) > self.approx_tolerance * max(abs(va), abs(vb))
        # Two roundings of one value differ by less than a unit of their last digits together: a gap of
        # exactly that (2亿元 and 3亿元, 4万元 and 5万元) is two values (the 1e-9 absorbs float error).
        return abs(va - vb) > (tolerance(a) + tolerance(b)) * (1 - 1e-9)

    def _finding(self, ctx: DocumentContext, first: Mapping[str, Any], later: Mapping[str, Any]) -> Finding:
        diff = fmt_plain(abs(float(later["_base"]) - float(first["_base"])), later)
        summary = say("evidence.restatement", ctx.lang, key=later["subject_key"], line=int(later["line"]),
                      text=later["text"], other_line=int(first["line"]), other=first["text"], diff=diff)
        evidence = {"figures": [figure(first), figure(later)], "key": later["subject_key"],
                    "related_line": int(first["line"]), "summary": summary}
        return ctx.finding(self, int(later["start"]), int(later["end"]), evidence=evidence,
                           subject=later["subject_key"], other=first["text"], other_line=int(first["line"]))
