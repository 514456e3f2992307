"""Kind `share-of-total`: "总面积96.25平方公里，其中耕地23.43平方公里，占总面积的24.32%".

A share written right after a 其中-part, whose 占… names the total of that breakdown, must be the
part divided by the total within the rounding of the three figures (XBRL-style tolerance from the
decimals written, plus one unit of the share's last digit for reports that cut instead of round).
Only this shape is read: the share's base is then stated, not guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import base_of, compiled_default, figure, tolerance
from checker.rules.kinds.sum_check import comparable
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null


class ShareOfTotalRule(Rule):
    kind: Literal["share-of-total"]
    needs_metrics = True
    # 占总面积的 / 占全镇总人口 …: the words between 占 and the share name its base
    base_words: str = r"占(?P<base>[^，,。；;\d]{0,12}?)(?:的)?(?:比重|比例)?(?:为|达到?)?(?:约|近)?$"
    # a base that names the whole of the breakdown: 总数, 总量 … (not 全县: a wider place than the total's)
    whole_words: str = r"^(?:总数|总量|总额|全部|总体|总)"
    whole_suffix: str = r"(?:总数|总量|总额|总和)$"

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        rows = ctx.metric_rows
        by_id = {r["row_id"]: r for r in rows}
        base_rx = compiled_default(self.base_words)
        for i, g in enumerate(rows):
            if g["qualifier"] != "share" or g["unit"] != "%" or i == 0 or g["approx"]:
                continue
            part = rows[i - 1]
            if part["role"] != "part" or part["sentence"] != g["sentence"] or is_null(part["group"]) \
                    or part["approx"] or part["is_range"]:
                continue
            total = by_id.get(part["group"])
            if total is None or total["approx"] or not comparable(total, part):
                continue
            m = base_rx.search(ctx.text, int(part["end"]), int(g["start"]))
            if m is None or not self._names(m.group("base"), total):
                continue
            finding = self._compare(ctx, g, part, total)
            if finding is not None:
                yield finding

    def _names(self, base: str, total: Row) -> bool:
        """The 占… words name the total: the whole (占总数的) or words of its subject (占党员总数的
        under 党员48人; 占全县女党员的 names another, wider base)."""
        subject = total.get("subject")
        base = base.strip()
        if not base:
            return False
        if compiled_default(self.whole_words).search(base):
            return True
        base = compiled_default(self.whole_suffix).sub("", base)  # 党员总数 names 党员
        return isinstance(subject, str) and bool(base) and base in subject

    def _compare(self, ctx: DocumentContext, g: Row, part: Row, total: Row) -> Finding | None:
        pv, tv = base_of(part), base_of(total)
        if not pv or not tv or pv > tv:
            return None
        computed = pv / tv * 100.0
        unit = 10.0 ** (-int(g["decimals"]))
        tol = 0.5 * unit + computed * (tolerance(part) / pv + tolerance(total) / tv) + unit
        stated = float(g["value"])
        if abs(computed - stated) <= tol:
            return None
        shown = f"{computed:.{int(g['decimals'])}f}%"
        summary = f"{part['text']} / {total['text']} = {computed:.2f}%，文中写 {g['text']}"
        return ctx.finding(self, int(g["start"]), int(g["end"]),
                           evidence={"figures": [figure(part), figure(total), figure(g)],
                                     "computed": round(computed, 4), "stated": stated, "tolerance": tol,
                                     "summary": summary},
                           suggestion=shown, computed=shown, part=part["text"], total=total["text"])
