"""Kind `share-of-total`: "总面积96.25平方公里，其中耕地23.43平方公里，占总面积的24.32%".

A share written right after a 其中-part, whose 占… names the total of that breakdown, must be the
part divided by the total within the rounding of the three figures (XBRL-style tolerance from the
decimals written, plus one unit of the share's last digit for reports that cut instead of round).
Only this shape is read: the share's base is then stated, not guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from checker.context import DocumentContext
from checker.extract.subjects import clause_before
from checker.findings import Finding
from checker.rules.figures import base_of, compiled_default, figure
from checker.rules.kinds.sum_check import comparable, exact_tolerance
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null
from checker.ui_text import say


class ShareOfTotalRule(Rule):
    kind: Literal["share-of-total"]
    needs_metrics = True
    # 占总面积的 / 占全镇总人口 …: the words between 占 and the share name its base
    base_words: str = r"占(?P<base>[^，,。；;\d]{0,12}?)(?:的)?(?:比重|比例)?(?:为|达到?)?(?:约|近)?$"
    # a base that names the whole of the breakdown: 总数, 总量 … (not 全县: a wider place than the total's)
    whole_words: str = r"^(?:总数|总量|总额|全部|总体|总)"
    whole_suffix: str = r"(?:总数|总量|总额|总和)$"
    # A share of the bare whole (占总数的) after a figure that is no 其中-part is read against the
    # paragraph's opening total in the part's unit (`_paragraph_whole`); None: not read.
    paragraph_whole: str | None = None

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        rows = ctx.metric_rows
        by_id = {r["row_id"]: r for r in rows}
        base_rx = compiled_default(self.base_words)
        for i, g in enumerate(rows):
            if g["qualifier"] != "share" or g["unit"] != "%" or i == 0 or g["approx"]:
                continue
            part = rows[i - 1]
            if part["sentence"] != g["sentence"] or part["approx"] or part["is_range"]:
                continue
            if part["role"] != "part" or is_null(part["group"]):
                whole = self._paragraph_whole(ctx, rows, i - 1, g, base_rx)
                if whole is not None:
                    finding = self._compare(ctx, g, part, whole)
                    if finding is not None:
                        yield finding
                continue
            total = by_id.get(part["group"])
            if total is None or total["approx"] or not comparable(total, part):
                continue
            m = base_rx.search(ctx.text, int(part["end"]), int(g["start"]))
            if m is None or not self._names(m.group("base"), total):
                continue
            finding = self._compare(ctx, g, part, total)
            if finding is not None and not self._joint_share(rows, i - 1, g, total):
                yield finding

    @staticmethod
    def _joint_share(rows: list[Row], k: int, g: Row, total: Row) -> bool:
        """The share is of the parts listed together before it (其中，专门委员会的提案1件，乡镇联络组
        的提案8件，占总数的11.5%: 9 of 78), not of the last part alone."""
        tv = base_of(total)
        part = rows[k]
        acc = base_of(part) or 0.0
        unit = 10.0 ** (-int(g["decimals"]))
        j = k - 1
        while j >= 0 and rows[j]["group"] == part["group"] and rows[j]["role"] == "part" \
                and rows[j]["unit"] == part["unit"] and not rows[j]["approx"]:
            acc += base_of(rows[j]) or 0.0
            if tv and abs(acc / tv * 100.0 - float(g["value"])) <= 0.5 * unit + 1e-9:
                return True
            j -= 1
        return False

    def _paragraph_whole(self, ctx: DocumentContext, rows: list[Row], k: int, g: Row, base_rx: Any) -> Row | None:
        """The whole a share of 总数 (no 其中 before it) is of: 一日游客为0.808万人次，占总数的19.05%, after
        全县累计接待游客5.04万人次 opened the paragraph. Read only when the share's base is the bare
        whole (`paragraph_whole`) and the paragraph's first figure in the part's unit is the largest
        of that unit before the part: the total its later figures are cut from."""
        if not self.paragraph_whole:
            return None
        part = rows[k]
        m = base_rx.search(ctx.text, int(part["end"]), int(g["start"]))
        if m is None or not compiled_default(self.paragraph_whole).search(m.group("base").strip()):
            return None
        same = [r for r in rows[:k] if r["line"] == part["line"] and r["unit"] == part["unit"]
                and is_null(r["qualifier"]) and not r["approx"] and not r["is_range"] and base_of(r)]
        if len(same) < 2:
            return None
        first = same[0]
        if any((base_of(r) or 0.0) > (base_of(first) or 0.0) for r in same[1:]):
            return None
        return first

    def _names(self, base: str, total: Row) -> bool:
        """The 占… words name the total: the whole (占总数的) or words of its subject (占党员总数的
        under 党员48人; 占全县女党员的 names another, wider base)."""
        subject = total.get("subject")
        base = base.strip()
        if not base:
            return False
        if compiled_default(self.whole_words).search(base):
            return True
        base = compiled_default(self.whole_suffix).sub("", base).replace("总", "")  # 党员总数 names 党员
        return isinstance(subject, str) and bool(base) and base in subject.replace("总", "")  # 耕地总面积

    def _compare(self, ctx: DocumentContext, g: Row, part: Row, total: Row) -> Finding | None:
        pv, tv = base_of(part), base_of(total)
        if not pv or not tv or pv > tv:
            return None
        computed = pv / tv * 100.0
        unit = 10.0 ** (-int(g["decimals"]))
        tol = 0.5 * unit + computed * (exact_tolerance(part) / pv + exact_tolerance(total) / tv) + unit
        stated = float(g["value"])
        if abs(computed - stated) <= tol:
            return None
        shown = f"{computed:.{int(g['decimals'])}f}%"
        summary = say("evidence.share", ctx.lang, part=part["text"], total=total["text"], computed=computed,
                      stated=g["text"])
        return ctx.finding(self, int(g["start"]), int(g["end"]),
                           evidence={"figures": [figure(part), figure(total), figure(g)],
                                     "computed": round(computed, 4), "stated": stated, "tolerance": tol,
                                     "summary": summary},
                           suggestion=shown, computed=shown, part=part["text"], total=total["text"])


class ShareOfBaseRule(Rule):
    """Kind `share-of-base`: bare shares (…4人，占18.2%) of one base stated earlier in the paragraph.

    "发展党员21人，高中文化8人，占38%；初中文化13人，占62%；其中经济能人4人，占18.2%": the shares
    name no base, but most of them are their figure divided by 21; one that is not (4/21 = 19.0%)
    was mistyped. The base is the earlier figure of the paragraph, in the same unit, that the most
    shares agree with; nothing is reported unless at least `min_agreeing` shares agree with it and
    more agree than disagree, so shares of several different bases stay silent."""

    kind: Literal["share-of-base"]
    needs_metrics = True
    bare_share: str = r"^[，,]?\s*占(?:比)?(?:为|达到?)?$"
    min_agreeing: int = 2
    max_candidates: int = 8  # the base is among the last figures of its unit before the shares

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        rows = ctx.metric_rows
        bare = compiled_default(self.bare_share)
        pairs: list[tuple[Row, Row]] = []  # (numerator, share)
        for i in range(1, len(rows)):
            g, x = rows[i], rows[i - 1]
            if g["unit"] == "%" and not g["approx"] and not is_null(x["unit_kind"]) and x["unit_kind"] != "percent" \
                    and not x["approx"] and not x["is_range"] and base_of(x) \
                    and bare.search(ctx.text[int(x["end"]):int(g["start"])]):
                pairs.append((x, g))
        by_line: dict[int, list[tuple[Row, Row]]] = {}
        for x, g in pairs:
            by_line.setdefault(int(x["line"]), []).append((x, g))
        numerators = {id(x) for x, _ in pairs}
        rows_of_line: dict[int, list[Row]] = {}
        for r in rows:
            if int(r["line"]) in by_line:
                rows_of_line.setdefault(int(r["line"]), []).append(r)
        for line, group in by_line.items():
            if len(group) < self.min_agreeing + 1:
                continue
            first = min(int(x["start"]) for x, _ in group)
            candidates = [r for r in rows_of_line[line] if int(r["start"]) < first
                          and id(r) not in numerators and r["unit"] == group[0][0]["unit"]
                          and not r["approx"] and base_of(r)][-self.max_candidates:]
            yield from self._check_group(ctx, candidates, group)

    def _check_group(self, ctx: DocumentContext, candidates: list[Row],
                     group: list[tuple[Row, Row]]) -> Iterator[Finding]:
        best: tuple[int, Row, list[tuple[Row, Row, float]]] | None = None
        for base in candidates:
            bv = base_of(base) or 0.0
            same = [(x, g) for x, g in group if x["unit"] == base["unit"] and (base_of(x) or 0) <= bv]
            agree = [p for p in same if self._fits(*p, base)]
            wrong = [(x, g, (base_of(x) or 0.0) / bv * 100.0) for x, g in same if not self._fits(x, g, base)]
            if len(agree) >= self.min_agreeing and len(agree) > len(wrong) and (best is None or len(agree) > best[0]):
                best = (len(agree), base, wrong)
        if best is None:
            return
        _, base, wrong = best
        for x, g, computed in wrong:
            shown = f"{computed:.{int(g['decimals'])}f}%"
            summary = (say("evidence.share", ctx.lang, part=x["text"], total=base["text"], computed=computed,
                           stated=g["text"]) + say("evidence.share.base", ctx.lang, base=base["text"]))
            yield ctx.finding(self, int(g["start"]), int(g["end"]),
                              evidence={"figures": [figure(x), figure(base), figure(g)],
                                        "computed": round(computed, 4), "summary": summary},
                              suggestion=shown, computed=shown, part=x["text"], total=base["text"])

    @staticmethod
    def _fits(x: Row, g: Row, base: Row) -> bool:
        xv, bv = base_of(x) or 0.0, base_of(base) or 0.0
        computed = xv / bv * 100.0
        unit = 10.0 ** (-int(g["decimals"]))
        tol = 0.5 * unit + computed * (exact_tolerance(x) / xv + exact_tolerance(base) / bv) + unit
        return abs(computed - float(g["value"])) <= tol


class ProgressShareRule(Rule):
    """Kind `progress-share`: "计划铺设管道110公里，累计铺设56.6公里，总体进度约52.6%".

    A progress or completion rate written after a plan figure and the one figure done towards it
    (same sentence, same unit kind) is the done figure divided by the plan: a rate that is not,
    within the rounding of the figures written (one more unit of the rate's last digit for 约),
    was mistyped or left from an earlier date. Only this shape is read: the words before the rate
    say it is progress (进度, 完成率, 完成计划的), and exactly one figure stands between the plan
    and the rate, so the rate's numerator is not guessed."""

    kind: Literal["progress-share"]
    needs_metrics = True
    # All the words between the done figure and the rate: they make the rate a share of the plan.
    rate_words: str
    # A rate of the year's plan (完成年度计划的) is read only against a plan stated as the year's
    # (its clause says so): a project's total (总投资5亿元) is no year's plan.
    annual: str = r"年度|全年"
    annual_plan: str = r"年度|全年|今年|本年|当年|年内"

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        rows = ctx.metric_rows
        rate_rx = compiled_default(self.rate_words)
        for i, g in enumerate(rows):
            if g["unit"] != "%" or i < 2 or g["is_range"]:
                continue
            done = rows[i - 1]
            if done["sentence"] != g["sentence"] or done["figure_role"] == "plan" or done["approx"] \
                    or done["is_range"] or not rate_rx.fullmatch(ctx.text, int(done["end"]), int(g["start"])):
                continue
            plan = rows[i - 2]
            if plan["sentence"] != g["sentence"] or plan["figure_role"] != "plan" or plan["approx"] \
                    or plan["is_range"] or not comparable(plan, done):
                continue
            if compiled_default(self.annual).search(ctx.text, int(done["end"]), int(g["start"])) and \
                    not compiled_default(self.annual_plan).search(ctx.text, int(clause_before(ctx.text, int(
                        plan["start"]))[0]), int(plan["start"])):
                continue
            finding = self._compare(ctx, g, done, plan)
            if finding is not None:
                yield finding

    def _compare(self, ctx: DocumentContext, g: Row, done: Row, plan: Row) -> Finding | None:
        dv, pv = base_of(done), base_of(plan)
        if not dv or not pv:
            return None
        computed = dv / pv * 100.0
        unit = 10.0 ** (-int(g["decimals"]))
        tol = 0.5 * unit + computed * (exact_tolerance(done) / dv + exact_tolerance(plan) / pv) + unit
        if g["approx"]:
            tol += unit
        stated = float(g["value"])
        if abs(computed - stated) <= tol:
            return None
        shown = f"{computed:.{int(g['decimals'])}f}%"
        summary = f"{done['text']} / {plan['text']} = {computed:.2f}%，文中写 {g['text']}"
        return ctx.finding(self, int(g["start"]), int(g["end"]),
                           evidence={"figures": [figure(done), figure(plan), figure(g)],
                                     "computed": round(computed, 4), "stated": stated, "tolerance": tol,
                                     "summary": summary},
                           suggestion=shown, computed=shown, part=done["text"], total=plan["text"])
