"""Kind `sum_check`: a stated total against its parts (其中 …) or the items listed after it.

The extractor marks the structure (`role` total/part/item/count, `group` = row id of the total);
this kind does the arithmetic, which a per-row table check cannot: parts and items are summed
per unit kind (182户516人 = 93户241人 + 89户275人 checks households and persons separately) and
compared with the total within the rounding implied by the decimals written (XBRL calculation
rule): 6.85亿元 vs items adding to 6.8005亿元 fails, 6.80亿元 passes.
Exhaustive lists (items announced with a count that matches, or 其中 parts that nearly fill the
total) must add up; open ones (等, or parts well short of the total) only must not exceed it.
Counts written as whole numbers (7个, 42户, 1932人) are exact: a count has no rounding.

Only parts that cut the total one way are added: parts of another indicator family than the
total (财政收入 under 工农业总产值) or than the breakdown's first part (劳动力 or 贫困人口 beside
农业人口 under 总人口; 60岁以上老人 beside 因病残家庭) cut across it and overlap, and parts marked as
overlapping (双重身份) are never addends.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Literal

import regex
from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import (
    SENTENCE_END,
    base_of,
    compiled_default,
    figure,
    fmt_in,
    fmt_plain,
    line_range,
    may_match_in_slice,
    search,
    sentence_of,
    span_bounds,
    tolerance,
)
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null
from checker.ui_text import say

FULL_STOP = "。！？!?\n"  # the end of a sentence, past its semicolons


def _is_true(v: Any) -> bool:
    """A set flag: a missing cell (NaN, which `bool` reads as true) is not."""
    return bool(v) and not is_null(v)


# Kinds whose units convert into each other (亩/公顷, 元/万元); in other kinds (次 vs 起, 个 vs 家)
# two units of one kind count different things, so parts must use the total's own unit.
CONVERTIBLE_KINDS = frozenset({"area", "currency", "mass", "length", "volume", "energy", "power", "time"})
# Things counted one by one: a whole number of them is exact, not rounded.
DISCRETE_KINDS = frozenset({"people", "households", "count", "events", "person_times", "household_times"})


def exact_tolerance(row: Row) -> float:
    """`tolerance`, except that a count written as a whole number (7个, 1932人) is exact."""
    if row.get("unit_kind") in DISCRETE_KINDS and row.get("magnitude") == 1 and not row.get("decimals") \
            and not _is_true(row.get("approx")):
        return 0.0
    return tolerance(row)


def comparable(total: Row, other: Row) -> bool:
    """Same unit kind (same unit for counts); a figure without unit compares with a money total."""
    tk, ok = total.get("unit_kind"), other.get("unit_kind")
    if isinstance(tk, str) and isinstance(ok, str):
        return tk == ok and (tk in CONVERTIBLE_KINDS or total.get("unit") == other.get("unit"))
    if isinstance(tk, str) and not isinstance(ok, str):
        return tk == "currency" and (other.get("magnitude") or 1) >= 1e4
    return False



def _shared_precision(total: Row, parts: list[Row]) -> tuple[Row, list[Row]]:
    """Whole figures beside decimal siblings of the same magnitude share their precision.

    Reports drop a trailing .0 (2.8万亩 and 1万亩 for 1.0万亩); reading 1万亩 as ±0.5万 would
    excuse almost any breakdown, so a whole figure takes the finest decimals of its siblings."""
    finest: dict[float, int] = {}
    for row in [total, *parts]:
        finest[row["magnitude"]] = max(finest.get(row["magnitude"], 0), int(row["decimals"]))
    return ({**total, "decimals": finest[total["magnitude"]]},
            [{**r, "decimals": int(finest[r["magnitude"]])} for r in parts])


def _names_earlier_total(earlier: list[Row], nearest: Row, first: Row, finding: Finding) -> bool:
    """Whether the part after 其中 is named as a kind of an earlier total of the sentence that holds
    it, not of the figure nearest to 其中 (脱贫户共198户，…边缘户2户，其中缺技术脱贫户42户: the 42 are
    脱贫户, cut from the 198): the breakdown belongs to that earlier total, and no part exceeds it."""
    name = str(first.get("subject") or "")
    near = str(nearest.get("subject") or "")
    if not name or (len(near) >= 2 and name.endswith(near)):
        return False
    computed = finding.evidence.get("computed") if isinstance(finding.evidence, dict) else None
    if not isinstance(computed, (int, float)):
        return False
    for r in earlier:
        subject, value = str(r.get("subject") or ""), base_of(r)
        if len(subject) >= 2 and name.endswith(subject) and value is not None and value >= computed:
            return True
    return False


def _common_suffix(subjects: list[str]) -> str:
    """What the items share (计划投资 of 光伏项目计划投资, 工程计划投资 …)."""
    if not subjects:
        return ""
    suffix = subjects[0]
    for s in subjects[1:]:
        while suffix and not s.endswith(suffix):
            suffix = suffix[1:]
    return suffix


# The row list grouped last (kept alive, so `is` is sound) and its groups, as ONE tuple: a thread
# reads the pair in one step (as tablecheck's unit index).
_GROUPS: tuple[Any, tuple[dict[Any, list[Row]], dict[Any, Row]]] = (None, ({}, {}))


def _groups(rows: list[Row]) -> tuple[dict[Any, list[Row]], dict[Any, Row]]:
    """The rows of each group (`group`: the total's row id; rows without one left out), in table
    order, and the first row of each row id: computed once per row list, for every sum-check rule."""
    global _GROUPS
    indexed, found = _GROUPS
    if indexed is not rows:
        grouped: dict[Any, list[Row]] = {}
        total_of: dict[Any, Row] = {}
        for r in rows:
            total_of.setdefault(r["row_id"], r)
            gid = r["group"]
            if not is_null(gid):
                grouped.setdefault(gid, []).append(r)
        found = grouped, total_of
        _GROUPS = (rows, found)
    return found


class _TextOrder:
    """A document's rows in text order, sorted on first use: the figures between two offsets by
    bisect (one sort a document, not a scan of every row per total)."""

    def __init__(self, rows: list[Row]) -> None:
        self._rows = rows
        self._sorted: tuple[list[Row], list[Any]] | None = None

    def between(self, a: int, b: int) -> list[Row]:
        if self._sorted is None:
            ordered = sorted(self._rows, key=lambda r: r["start"])
            self._sorted = ordered, [r["start"] for r in ordered]
        ordered, starts = self._sorted
        return ordered[bisect_left(starts, a):bisect_left(starts, b)]


class SumCheckRule(Rule):
    kind: Literal["sum-check"]
    needs_metrics = True
    roles: list[str] = Field(default_factory=lambda: ["part"])  # part: 其中; item: enumerated list
    # 其中 parts are taken as exhaustive when at least this many and their sum reaches this share of
    # the total; below it the list is read as a selection (其中党员…) and only excess is an error.
    exhaustive_min_parts: int = 2
    exhaustive_min_ratio: float = 0.85
    # Open lists: a sentence with one of these words before the parts is never exhaustive.
    open_list_words: str = r"等|部分|主要|包括|如"
    # Parts that all name members of a conventionally open set (building types: 住宅 and
    # 商业营业用房 beside an unnamed 办公楼 and 其他) make a selection, never a full breakdown.
    selective_parts: str | None = None
    check_count: bool = True  # items: the announced count (8个) must match the items listed
    # Inline items (一是…二是…) list what was done, several members in one item or none: only
    # numbered lines (1．… 2．…) are read as the members of a total.
    inline_item_suffix: str = "是"
    # A figure that describes the members rather than being one (其中收入20万元和30万元以上的村各2个):
    # the text after it leads to 的 … 各 or to 的 + noun, so it is an attribute, not a part.
    attribute_after: str = r"^(?:以上|以下|及以上)?(?:[和、或][^，。；]{0,12})?的"

    # The extractor ends a 其中 run at a figure larger than the total (a new statement); when that
    # figure is the first one after 其中, in the total's unit, it is a part above its whole.
    part_marker: str | None = "其中"
    # …；其他项目…: the piece naming the remainder of a breakdown (as `part_remainder` in
    # rules/subjects.yaml, which lets the extractor's parts run on over the semicolons before it)
    part_remainder: str = r"[；;]\s*(?:其他|其它|其余|剩余)"
    # Parts after a semicolon that name what the first part names go on the breakdown; a sum past
    # the total by more than this times it is read as pieces of other statements (`_parallel_parts`).
    parallel_ratio: float = 1.25
    # Names too general to tie a piece to the breakdown (其中稻谷面积…；烟叶种植面积…: tobacco is no
    # grain): a later piece must name a thing (企业, 项目), not a measure (面积, 产值).
    generic_tails: list[str] = Field(default_factory=lambda: [
        "面积", "产量", "总产", "产值", "总值", "总额", "收入", "投资", "资金", "金额", "人数", "户数", "总量",
        "数量", "规模", "余额", "加值", "支出", "税收", "人口"])
    statement_reach: int = 300
    # Indicator families (name -> words of the subject): a breakdown adds parts of one family only.
    families: dict[str, str] = Field(default_factory=dict)
    # Words that mark a part as overlapping the others (双重身份 counted in two of them).
    overlap_words: str = r"双重|重复|交叉|兼有|既是|同时(?:享受|属于|为)"
    # A figure right after one of these is a change, not a level (存款余额74.98亿元，比年初增加5.61亿元，
    # 其中储蓄存款余额60.3亿元): it is no total of the levels after 其中.
    change_before: str = r"(?:增加|减少|新增|增长|下降|提高|降低|增收|减收|增|减)了?$"
    # Figures that are no amounts and never add up: an index or a rate (价格总指数104.3%，其中食品类
    # 价格指数108.4%…) or a figure per head (设病床640张，其中…，每千人拥有病床1.82张), read in the
    # clause before the figure. A total of this sort has no parts; a part of it is left out.
    non_additive: str | None = None
    # A later piece of a 其中 sentence whose figures come to within this share of the total (low,
    # high) is another cut of it (城乡；男女；年龄段) and must add up too; None: not read.
    later_cut_band: tuple[float, float] | None = None

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        rows = ctx.metric_rows
        if "part" in self.roles and self.part_marker:
            yield from self._first_part_above_total(ctx, rows)
        # Members and count rows of each group (`group` = the total's row id), in table order;
        # the total looked up by row id: both indexed once per document for every sum-check rule.
        grouped, total_of = _groups(rows)
        roles = frozenset(self.roles)
        members = {gid: found for gid, in_group in grouped.items()
                   if (found := [r for r in in_group if r["role"] in roles])}
        index = _TextOrder(rows)
        for gid in sorted(members):  # groups in the order of their totals' row ids
            total = total_of.get(gid)
            if total is not None:
                counts = [r for r in grouped[gid] if r["role"] == "count"]
                yield from self._check_group(ctx, total, members[gid], counts, index)

    def _first_part_above_total(self, ctx: DocumentContext, rows: list[Row]) -> Iterator[Finding]:
        # Rows in text order, sliced by bisect: filtering every row per marker cost thousands of
        # scans on a long document.
        ordered = sorted(rows, key=lambda r: r["start"])
        starts = [r["start"] for r in ordered]
        for m in regex.finditer(self.part_marker or "", ctx.text):
            a, b = span_bounds(ctx.text, m.start(), m.end(), SENTENCE_END)
            # a page without stops is no sentence: read a statement's reach on either side
            a, b = max(a, m.start() - self.statement_reach), min(b, m.end() + self.statement_reach)
            lo, mid, hi = bisect_left(starts, a), bisect_left(starts, m.start()), bisect_left(starts, b)
            before = [r for r in ordered[lo:mid] if r["end"] <= m.start() and is_null(r["qualifier"])]
            after = [r for r in ordered[mid:hi] if r["start"] >= m.end()]
            if not before or not after:
                continue
            # the first part of each unit (其中亿元以上项目5个，签约资金35亿元: a count, then money).
            # The total of a later unit stands after the first unit's total (签约项目12个，签约资金
            # 28亿元); one before it (…18户48人，c类111户，其中…) belongs to an earlier statement.
            seen: set[str] = set()
            anchor = -1
            for first in after:
                unit = first["unit"]
                if not isinstance(unit, str) or unit in seen:
                    continue
                seen.add(unit)
                same = [r for r in before if r["unit"] == unit and r["start"] > anchor]
                if not same:
                    continue
                if anchor < 0:
                    anchor = same[-1]["start"]
                finding = self._part_above_total(ctx, same[-1], after, first)
                if finding is not None and not _names_earlier_total(same[:-1], same[-1], first, finding):
                    yield finding

    def _part_above_total(self, ctx: DocumentContext, total: Row, after: list[Row],
                          first: Row) -> Finding | None:
        """The first figure after 其中 in its unit, when it alone reaches `total`, the last figure of
        that unit before 其中 (the extractor then reads it as a new statement, not a part), and the
        parts of its unit together pass it."""
        if first["role"] == "part" or _is_true(first.get("qualifier")):
            return None
        if total["role"] == "total" or _is_true(total.get("approx")):
            return None
        # 比年初增加5.61亿元，其中储蓄存款余额60.3亿元: a change is no total of the levels after it
        if search(self.change_before, ctx.text[max(0, int(total["start"]) - 6):int(total["start"])]):
            return None
        tb, fb = base_of(total), base_of(first)
        if tb is None or fb is None or fb < tb:
            return None
        if _closes_bracket(ctx.text, total, [first]) or (
                self.non_additive and (self._non_additive(ctx.text, total) or self._non_additive(ctx.text, first))):
            return None
        # the first part alone reaches the total; with the other parts of its unit it must pass it
        part_rows = [r for r in after if r["unit"] == first["unit"] and is_null(r["qualifier"])]
        parts_sum = sum(base_of(r) or 0.0 for r in part_rows)
        if parts_sum - sum(exact_tolerance(r) for r in part_rows) > tb + exact_tolerance(total):
            return self._sum_finding(ctx, total, part_rows, parts_sum, "exceeds")
        return None

    def _check_group(self, ctx: DocumentContext, total: Row, members: list[Row],
                     counts: list[Row], index: _TextOrder | None = None) -> Iterator[Finding]:
        """One total against its members, then (其中 parts) against each later cut of its sentence."""
        yield from self._check_members(ctx, total, members, counts, index)
        if "part" in self.roles and self.part_marker and self.later_cut_band:
            yield from self._later_cuts(ctx, total, index or _TextOrder(ctx.metric_rows))

    def _later_cuts(self, ctx: DocumentContext, total: Row, index: _TextOrder) -> Iterator[Finding]:
        """Each later piece of the breakdown's sentence that cuts the total another way must add up
        to it too: 户籍人口112635人。其中，城镇人口…，乡村人口…；男性人口…，女性人口…；0-17岁、…60岁
        及以上户籍人口分别为18891人、19099人、48951人和25594人 (112535). A piece is read as a cut when
        it holds two figures or more in the total's unit, each naming what the total names (the last
        two characters of its subject) or listed after 分别, and together they come within
        `later_cut_band` of the total: nearer than that, a sum that still misses is a wrong figure;
        farther, the piece speaks of something else (出生人口…，死亡人口…)."""
        text = ctx.text
        t_base = base_of(total)
        if not t_base or _is_true(total.get("approx")) or self._non_additive(text, total):
            return
        b = span_bounds(text, int(total["start"]), int(total["end"]), SENTENCE_END)[1]
        b = self._through_opening_marker(text, b)
        if b >= len(text) or text[b] not in "；;" or not self.part_marker or not self.later_cut_band \
                or self.part_marker not in text[int(total["end"]):b]:
            return
        end = span_bounds(text, b + 1, b + 1, FULL_STOP)[1]
        lo, hi = self.later_cut_band
        tail, pos = _tail(total), b
        while pos < end and text[pos] in "；;":
            nxt = min((k for k in (text.find("；", pos + 1), text.find(";", pos + 1)) if k != -1), default=end)
            nxt = min(nxt, end)
            piece = text[pos + 1:nxt]
            found = [r for r in self._piece_figures(text, total, index, pos + 1, nxt)
                     if not self._non_additive(text, r)]
            pos = nxt
            if len(found) < 2 or not ("分别" in piece or all(_tail(r) == tail for r in found)):
                continue
            together = sum(base_of(r) or 0.0 for r in found)
            tol = exact_tolerance(total) + sum(exact_tolerance(r) for r in found)
            if not lo * t_base <= together <= hi * t_base or abs(together - t_base) <= tol:
                continue
            yield self._sum_finding(ctx, total, found, together, "exceeds" if together > t_base else "short")

    def _check_members(self, ctx: DocumentContext, total: Row, members: list[Row],
                       counts: list[Row], index: _TextOrder | None = None) -> Iterator[Finding]:
        """One total against its members; `counts` are the group's announced counts (8个)."""
        t_base = base_of(total)
        if t_base is None or _is_true(total.get("is_range")) or isinstance(total.get("bound"), str):
            return
        parts = self._one_cut([r for r in members if comparable(total, r)], total, ctx.text)
        parts = [r for r in parts if not search(self.attribute_after, ctx.text[int(r["end"]):int(r["end"]) + 16])]
        if "part" in self.roles:  # 其中 belongs to its sentence; a part beyond it was mis-grouped
            a, b = span_bounds(ctx.text, int(total["start"]), int(total["end"]), SENTENCE_END)
            b = self._through_opening_marker(ctx.text, self._through_remainder(ctx.text, b))
            parts = [r for r in parts if r["start"] >= a and r["end"] <= b]
            parts = self._parallel_parts(ctx, total, parts, b, index or _TextOrder(ctx.metric_rows)) or parts
        parts = [r for r in parts if base_of(r) is not None and not _is_true(r.get("is_range"))]
        if self.non_additive:
            if self._non_additive(ctx.text, total):
                return
            parts = [r for r in parts if not self._non_additive(ctx.text, r)]
        if not parts or _closes_bracket(ctx.text, total, parts):
            return
        parts = _bracket_cut(ctx.text, total, parts)
        if "item" in self.roles and all(str(r.get("item") or "").endswith(self.inline_item_suffix) for r in parts):
            # 一是…二是… name measures taken, not the members a total adds up; unless they are the
            # members counted before them, one figure each (重点项目8个，总投资6.85亿元。一是…投资…)
            if not _lists_the_counted(counts, parts):
                return
        total, parts = _shared_precision(total, parts)
        n = len(parts)
        if "item" in self.roles and self.check_count and counts:
            announced = counts[0]
            if announced["value"] == announced["value"] and int(announced["value"]) != n \
                    and not _is_true(announced.get("approx")):
                # A count mismatch makes the sum meaningless; report the count instead.
                yield self._count_finding(ctx, total, announced, parts)
                return
        total_sum = sum(base_of(r) or 0.0 for r in parts)
        tol = exact_tolerance(total) + sum(exact_tolerance(r) for r in parts)
        any_approx = any(_is_true(r.get("approx")) for r in parts)
        total_approx = _is_true(total.get("approx"))
        if total_sum - tol > t_base and not total_approx:
            if not _prefix_fills(total, parts, t_base, ctx.metric_rows):
                yield self._sum_finding(ctx, total, parts, total_sum, "exceeds")
            return
        if any_approx or total_approx or total_sum + tol >= t_base:
            return
        if self._exhaustive(ctx, total, parts, counts, total_sum, t_base):
            yield self._sum_finding(ctx, total, parts, total_sum, "short")

    def _through_opening_marker(self, text: str, b: int) -> int:
        """The end of the total's sentence, or of the next one when that opens with 其中.

        总投资39.5亿元。其中，已建成企业投资20.47亿元…: the extractor reads a sentence that opens
        with 其中 as the breakdown of the sentence before it, so its parts belong to this total."""
        if not self.part_marker or b >= len(text) or text[b] not in "。！？!?":
            return b
        if not regex.match(r"\s{0,2}(?:" + self.part_marker + ")", text[b + 1:b + 8]):
            return b
        return self._through_remainder(text, span_bounds(text, b + 1, b + 1, SENTENCE_END)[1])

    def _through_remainder(self, text: str, b: int) -> int:
        """`b`, or the end of its sentence when `b` is a semicolon and a later piece of the sentence
        names the remainder (其中工业…；基础设施…；其他项目…): the extractor reads such a breakdown
        on over its semicolons, and so do its parts here."""
        if b >= len(text) or text[b] not in "；;":
            return b
        end = span_bounds(text, b + 1, b + 1, FULL_STOP)[1]
        return end if compiled_default(self.part_remainder).search(text, b, end) else b

    def _parallel_parts(self, ctx: DocumentContext, total: Row, before: list[Row], b: int,
                        index: _TextOrder) -> list[Row] | None:
        """The breakdown read on over its semicolons, when that makes its parts pass the total.

        The extractor ends a 其中 run at a semicolon, but a breakdown often lists one piece per
        semicolon: 其中已建成企业34家，投资额…；在建企业16家，…；待建企业138家，…. After the parts
        the extractor grouped before the semicolon (`before`), each later piece's first figure in the
        total's unit (outside brackets) is read while it names what the first part names (the last
        two characters of its subject) in the same family, and reading stops once the parts fill the
        total (城镇人口…，乡村人口…；男性人口…: filled before the semicolon; 其中续建项目269个；开工项目
        207个；竣工项目111个 fills 476 before 竣工, another cut). Parts that then pass the total, by
        at most `parallel_ratio`, are returned; else None (the parts before the semicolon stand as
        the extractor grouped them)."""
        text = ctx.text
        t_base = base_of(total)
        if not self.part_marker or b >= len(text) or text[b] not in "；;" or not t_base:
            return None
        a = span_bounds(text, int(total["start"]), int(total["end"]), SENTENCE_END)[0]
        markers = list(regex.finditer(self.part_marker, text[:b], pos=int(total["end"])))
        if not markers:
            return None
        end = span_bounds(text, b + 1, b + 1, FULL_STOP)[1]
        first = [r for r in before if r["start"] >= markers[-1].end()]
        if not first or max(a, int(total["end"])) > markers[-1].start():
            return None
        tail = _tail(total)
        p0 = next((r for r in first if _tail(r) == tail), first[0])
        if _tail(p0) in self.generic_tails:
            return None
        reference = self._families(total) or self._families(p0)
        parts, together = list(first), sum(base_of(r) or 0.0 for r in first)
        tol = exact_tolerance(total) + sum(exact_tolerance(r) for r in first)
        pos = b
        while pos < end and text[pos] in "；;" and together + tol < t_base:
            nxt = min((k for k in (text.find("；", pos + 1), text.find(";", pos + 1)) if k != -1), default=end)
            nxt = min(nxt, end)
            found = self._piece_figures(text, total, index, pos + 1, nxt)
            if not found or _tail(found[0]) != _tail(p0) or not self._families(found[0]) <= reference:
                break
            parts.append(found[0])
            together += base_of(found[0]) or 0.0
            tol += exact_tolerance(found[0])
            pos = nxt
        if len(parts) < 2 or together - tol <= t_base or together > self.parallel_ratio * t_base:
            return None
        return parts

    def _piece_figures(self, text: str, total: Row, index: _TextOrder, a: int, b: int) -> list[Row]:
        """The figures of text[a:b] in the total's unit, outside brackets, that are no rate."""
        out = []
        for r in index.between(a, b):
            if r["end"] > b or not comparable(total, r) or not is_null(r.get("qualifier")):
                continue
            if base_of(r) is None or _is_true(r.get("is_range")) or _is_true(r.get("approx")):
                continue
            before = text[a:int(r["start"])]
            if before.count("(") + before.count("（") > before.count(")") + before.count("）"):
                continue  # inside brackets: a part of a part (含原老企业10家)
            out.append(r)
        return out

    def _non_additive(self, text: str, row: Row) -> bool:
        """An index, a rate or a per-head figure (`non_additive` in the clause before it, or a
        percentage): no amount that adds up with others."""
        if row.get("unit") in ("%", "‰", "％"):
            return True
        start = int(row["start"])
        lead = text[max(0, start - 16):start]
        cut = max(lead.rfind(c) for c in "，,；;。：:、（）()")
        lead = lead[cut + 1:]
        return bool(search(self.non_additive or "", lead))

    def _families(self, row: Row) -> frozenset[str]:
        subject = row.get("subject")
        if not isinstance(subject, str):
            return frozenset()
        return _families_of(tuple(self.families.items()), subject)

    def _one_cut(self, parts: list[Row], total: Row, text: str) -> list[Row]:
        """The parts that cut the total one way: of no family or of the total's (or, when the total
        has none, the first part's), not also of another (脱贫劳动力 under 劳动力 cuts across
        外出务工 and 在家务农), and not marked as overlapping."""
        overlap = compiled_default(self.overlap_words)
        if may_match_in_slice(overlap, text):  # overlap words are rare: most documents have none
            parts = [r for r in parts if not overlap.search(str(r.get("clause") or ""))]
        if not parts:
            return parts
        reference = self._families(total) or self._families(parts[0])
        return [r for r in parts if self._families(r) <= reference]

    def _exhaustive(self, ctx: DocumentContext, total: Row, parts: list[Row], counts: list[Row],
                    total_sum: float, t_base: float) -> bool:
        if "item" in self.roles and counts:
            return True
        if len(parts) < self.exhaustive_min_parts or total_sum < self.exhaustive_min_ratio * t_base:
            return False
        # every part names a member of an open set (住宅 and 商业营业用房; 小麦 and 水稻): a selection;
        # one part outside it (旱粮, 其他) names the rest, and the breakdown is complete
        if self.selective_parts and all(search(self.selective_parts, str(r.get("clause") or "")) for r in parts):
            return False
        first = min(parts, key=lambda r: r["start"])
        between = ctx.text[int(total["end"]):int(first["start"])]
        sent = sentence_of(ctx.text, int(first["start"]), int(max(r["end"] for r in parts)))
        return not search(self.open_list_words, between) and not search(r"等[^\d]{0,4}$", sent)

    def _sum_finding(self, ctx: DocumentContext, total: Row, parts: list[Row], total_sum: float,
                     how: str) -> Finding:
        t_base = base_of(total) or 0.0
        first = parts[0]
        same_mag = len({r["magnitude"] for r in parts if r["magnitude"] == r["magnitude"]}) == 1
        written_sum = fmt_in(total_sum, first, decimals=int(max(r["decimals"] for r in parts))) if same_mag else ""
        if written_sum and not isinstance(first.get("unit"), str) and isinstance(total.get("unit"), str):
            written_sum += str(total["unit"])
        as_total = fmt_in(total_sum, total)
        diff = fmt_plain(abs(total_sum - t_base), total)
        n = len(parts)
        subj = _common_suffix([r["subject"] for r in parts if isinstance(r["subject"], str)])
        what = say("evidence.sum.items", ctx.lang, n=n, subject=subj) if "item" in self.roles \
            else say("evidence.sum.parts", ctx.lang, n=n)
        lines = [int(r["line"]) for r in parts]
        where = say("evidence.where.items", ctx.lang, line=int(total["line"]), lines=line_range(lines)) \
            if "item" in self.roles else say("evidence.where.total", ctx.lang, line=int(total["line"]))
        sum_text = f"{written_sum} = {as_total}" if written_sum and written_sum != as_total else as_total
        verb = "超过" if how == "exceeds" else "少于"
        summary = say("evidence.sum", ctx.lang, what=what, sum=sum_text, total=total["text"], diff=diff, where=where,
                      verb=say("evidence.sum.exceeds" if how == "exceeds" else "evidence.sum.short", ctx.lang))
        evidence = {"total": figure(total), "parts": [figure(r) for r in parts],
                    "computed": total_sum, "difference": total_sum - t_base,
                    "tolerance": exact_tolerance(total) + sum(exact_tolerance(r) for r in parts),
                    "summary": summary}
        return ctx.finding(self, int(total["start"]), int(total["end"]), evidence=evidence,
                           suggestion=as_total if how == "short" and "item" in self.roles else None,
                           computed=as_total, difference=diff, count=n, relation=verb)

    def _count_finding(self, ctx: DocumentContext, total: Row, announced: Row,
                       parts: list[Row]) -> Finding:
        n = len(parts)
        lines = [int(r["line"]) for r in parts]
        summary = say("evidence.count", ctx.lang, stated=announced["text"], n=n,
                      where=say("evidence.where.items", ctx.lang, line=int(announced["line"]),
                                lines=line_range(lines)))
        evidence = {"count": figure(announced), "items": [figure(r) for r in parts],
                    "computed": n, "summary": summary}
        return ctx.finding(self, int(announced["start"]), int(announced["end"]), evidence=evidence,
                           computed=str(n), difference=str(n - int(announced["value"])), count=n,
                           relation="≠")


def _prefix_fills(total: Row, parts: list[Row], t_base: float, rows: list[Row]) -> bool:
    """The first two parts or more already add up to the total and a figure that is no part stands
    between them and the next one: the breakdown ended there, and what follows opens a new statement
    (耕地面积23575亩，其中水田11683亩，旱地11892亩，人均耕地0.75亩，林地面积22362亩: 林地 is no part of
    耕地). Parts that run on with nothing between them stay one breakdown (党支部7个，其中农村支部5个、
    机关支部2个、学校支部1个: the last part is one too many)."""
    ordered = sorted(parts, key=lambda r: int(r["start"]))
    ids = {r["row_id"] for r in parts}
    running, tol = 0.0, exact_tolerance(total)
    for k, r in enumerate(ordered[:-1]):
        running += base_of(r) or 0.0
        tol += exact_tolerance(r)
        if k >= 1 and abs(running - t_base) <= tol:
            lo, hi = int(r["end"]), int(ordered[k + 1]["start"])
            return any(lo <= int(x["start"]) < hi and x["row_id"] not in ids for x in rows)
    return False


def _closes_bracket(text: str, total: Row, parts: list[Row]) -> bool:
    """The total stands inside brackets that close before its first part (现有职工689人(正式职工
    607人,招聘人员82人),其中:卫生技术人员…): it is a part of a part, not the whole the 其中 cuts."""
    first = min(int(r["start"]) for r in parts)
    between = text[int(total["end"]):first]
    return between.count(")") + between.count("）") > between.count("(") + between.count("（")


def _bracket_cut(text: str, total: Row, parts: list[Row]) -> list[Row]:
    """A total whose own breakdown follows it in brackets, then a 其中 (现有职工689人（正式职工607人，
    招聘人员82人），其中卫生技术人员578人，工勤人员43人): two cuts of one whole, the bracket's
    complete, the 其中's often of a few chosen categories (the managers go unnamed). Only the
    bracket's parts are held to the total; without such a bracket, the parts as they are."""
    end = int(total["end"])
    opened = text[end:end + 2].lstrip(" \t\u3000")
    if not opened or opened[0] not in "(（":
        return parts
    close = min((k for k in (text.find(")", end), text.find("）", end)) if k != -1), default=-1)
    if close == -1:
        return parts
    inside = [r for r in parts if int(r["end"]) <= close]
    return inside if inside and len(inside) < len(parts) else parts


def _lists_the_counted(counts: list[Row], parts: list[Row]) -> bool:
    """The items are as many as the exact count announced for them, each on an item of its own."""
    if not counts or _is_true(counts[0].get("approx")) or counts[0]["value"] != counts[0]["value"]:
        return False
    items = [str(r.get("item") or "") for r in parts]
    return int(counts[0]["value"]) == len(parts) >= 2 and len(set(items)) == len(items)


def _tail(row: Row) -> str:
    """The last two characters of a figure's subject: what it names (企业, 面积)."""
    return str(row.get("subject") or "")[-2:]


@lru_cache(maxsize=16384)
def _families_of(families: tuple[tuple[str, str], ...], subject: str) -> frozenset[str]:
    """The indicator families whose words occur in `subject`, once per subject: a report states
    the same subjects again and again, each tested against every family (bounded cache)."""
    return frozenset(name for name, words in families if compiled_default(words).search(subject))
