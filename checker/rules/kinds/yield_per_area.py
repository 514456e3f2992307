"""Kind `yield_per_area`: output per 亩 from an area and an output of the same crop in one sentence.

"金秋梨种植面积达2500余亩，总产量预计达500万公斤" gives 2000公斤/亩, plausible for fruit; 2.45亩
with 1.2万吨 would give ~4900吨/亩. The area and the output are joined into one row each (same
crop, or the output's subject names no crop and the area right before it does) and the band
compiles into a pandera range check over the yield column, like every other band.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any, Literal

import pandas as pd
import regex
from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import figure
from checker.rules.model import Rule
from checker.rules.tablecheck import Band, compiled_default, failing_rows, numeric_table, range_checks, records


class YieldPerAreaRule(Rule):
    kind: Literal["yield-per-area"]
    needs_metrics = True
    band: Band  # over base units: 公斤 per 亩
    output_subject: str = "产量|总产"
    # words stripped from both subjects to leave the crop (金秋梨种植面积 -> 金秋梨)
    frame_words: str = r"种植|播种|栽种|面积|总产量|产量|总产|年|预计|达到|达|已|完成|稳定在|全年|全镇|全乡"
    change_before: str = r"(?:增加|减少|扩大|新增|提高|下降|增长)[^\d，。；]{0,3}\d[\d.]*[万千]?亩$"
    not_whole: list[str] = Field(default_factory=lambda: ["新", "恢复", "示范", "改造", "补种", "复种"])

    def _crop(self, subject: object) -> str:
        return compiled_default(self.frame_words).sub("", subject) if isinstance(subject, str) else ""

    def joined(self, df: pd.DataFrame) -> pd.DataFrame:
        rows = []
        ok = df["value"].notna() & ~df["is_range"].astype(bool)
        # a stock, not a change (同比增加5000亩) and not a part of something else; the regexes run
        # only on the rows the cheap column tests leave
        areas = df[ok & (df["unit_kind"] == "area") & df["qualifier"].isna()]
        areas = areas[[not (isinstance(c, str) and regex.search(self.change_before, c) is not None)
                       for c in areas["clause"].tolist()]]
        outputs = df[ok & (df["unit_kind"] == "mass")]
        outputs = outputs[[isinstance(s, str) and regex.search(self.output_subject, s) is not None
                           for s in outputs["subject"].tolist()]]
        if areas.empty or outputs.empty:
            return pd.DataFrame(rows, columns=["area_row", "output_row", "yield"])
        by_sentence: dict[object, list[tuple[Hashable, dict[str, Any]]]] = {}
        for idx, area in records(areas):
            by_sentence.setdefault(area["sentence"], []).append((idx, area))
        for out_idx, out in records(outputs):
            # the area figure closest before the output in its sentence (the last of equals)
            found: tuple[Hashable, dict[str, Any]] | None = None
            for idx, area in by_sentence.get(out["sentence"], ()):
                if area["start"] < out["start"] and (found is None or area["start"] >= found[1]["start"]):
                    found = (idx, area)
            if found is None:
                continue
            area_idx, area = found
            crop_a, crop_o = self._crop(area["subject"]), self._crop(out["subject"])
            if not crop_a or any(w in str(area["subject"]) for w in self.not_whole):
                continue
            if crop_o and crop_o not in crop_a and crop_a not in crop_o:
                continue
            rows.append({"area_row": area_idx, "output_row": out_idx,
                         "yield": float(out["base_value"]) / float(area["base_value"])})
        return pd.DataFrame(rows, columns=["area_row", "output_row", "yield"])

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        df = numeric_table(ctx)
        joined = self.joined(df)
        bad = failing_rows(joined, range_checks(self.band.model_copy(update={"column": "yield"})), self.id)
        for _, r in records(bad):
            area, out = df.loc[r["area_row"]], df.loc[r["output_row"]]
            lo, hi = self.band.min, self.band.max
            summary = (f"{area['text']} 产出 {out['text']}：折合 {r['yield']:.1f}公斤/亩，超出合理范围 "
                       f"{lo:g}–{hi:g}公斤/亩 (line {int(area['line'])})")
            yield ctx.finding(self, int(area["start"]), int(area["end"]),
                              evidence={"figures": [figure(area), figure(out)], "computed": round(float(r["yield"]), 2),
                                        "expected_range": [lo, hi], "summary": summary},
                              output=out["text"], computed=f"{r['yield']:.1f}", expected=f"{lo:g}–{hi:g}")
