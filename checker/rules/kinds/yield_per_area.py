"""Kind `yield_per_area`: output per 亩 from an area and an output of the same crop in one passage.

"金秋梨种植面积达2500余亩，总产量预计达500万公斤" gives 2000公斤/亩, plausible for fruit; 2.45亩
with 1.2万吨 would give ~4900吨/亩. Each output is matched with the area right before it in its
sentence (same crop, or the output's subject names no crop and the area's does) and their yield
is range-checked against the band, like every other band. An output whose sentence states no
area is matched with the last whole area of the same crop family earlier in its paragraph
(果园面积3.6亩 … 年产鲜果1.2万吨).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import compiled_default, figure
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null
from checker.rules.tablecheck import Band


class YieldPerAreaRule(Rule):
    kind: Literal["yield-per-area"]
    needs_metrics = True
    band: Band  # over base units: 公斤 per 亩
    output_subject: str = "产量|总产"
    # words stripped from both subjects to leave the crop (金秋梨种植面积 -> 金秋梨)
    frame_words: str = r"种植|播种|栽种|面积|总产量|产量|总产|年|预计|达到|达|已|完成|稳定在|全年|全镇|全乡"
    change_before: str = r"(?:增加|减少|扩大|新增|提高|下降|增长)[^\d，。；]{0,3}\d[\d.]*[万千]?亩$"
    not_whole: list[str] = Field(default_factory=lambda: ["新", "恢复", "示范", "改造", "补种", "复种"])
    # When an output's sentence states no area, an area of the same crop family earlier in the
    # paragraph is used (果园面积3.6亩。… 年产鲜果1.2万吨): family -> the words that name it.
    crop_families: dict[str, list[str]] = Field(default_factory=dict)
    # the clause of such an area must not make it a part (a base, a new plot, one village), and
    # the area must be a plantation as a whole (果园, 茶园), not one crop of several (杂粮1000亩)
    part_clause: str = r"示范|基地|新建|新增|新种|户|村|园区|其中"
    plantation: str = r"园|地"

    def _crop(self, subject: object) -> str:
        return compiled_default(self.frame_words).sub("", subject) if isinstance(subject, str) else ""

    def _family(self, crop: str) -> str | None:
        for family, words in self.crop_families.items():
            if any(w in crop for w in words):
                return family
        return None

    def _same_family(self, a: str, b: str) -> bool:
        fa = self._family(a)
        return fa is not None and fa == self._family(b)

    def _in_paragraph(self, text: str, areas: list[Row], out: Row) -> Row | None:
        """The last whole area of the output's crop family before it in its paragraph, if any."""
        if not self.crop_families or not text:
            return None
        family = self._family(self._crop(out["subject"]))
        if family is None:
            return None
        start = text.rfind("\n", 0, int(out["start"])) + 1
        part, plantation = compiled_default(self.part_clause), compiled_default(self.plantation)
        found = None
        for area in areas:
            crop = self._crop(area["subject"])
            if start <= area["start"] < out["start"] and self._family(crop) == family and plantation.search(crop) \
                    and not (isinstance(area["clause"], str) and part.search(area["clause"])):
                found = area
        return found

    def joined(self, rows: list[Row], ctx_text: str = "") -> list[tuple[Row, Row, float]]:
        """(area, output, yield in base units per 亩) for every output of a crop matched with an area
        of it, in the outputs' text order."""
        usable = [r for r in rows if not is_null(r["value"]) and not r["is_range"]]
        # a stock, not a change (同比增加5000亩) and not a part of something else; the regexes run
        # only on the rows the cheap column tests leave
        change = compiled_default(self.change_before)
        areas = [r for r in usable if r["unit_kind"] == "area" and is_null(r["qualifier"])
                 and not (isinstance(r["clause"], str) and change.search(r["clause"]) is not None)]
        output = compiled_default(self.output_subject)
        # an output too is a stock: 比上年增加0.45万吨 after 总产61.84万吨 is the change, not the harvest
        outputs = [r for r in usable if r["unit_kind"] == "mass" and is_null(r["qualifier"])
                   and isinstance(r["subject"], str) and output.search(r["subject"]) is not None]
        if not areas or not outputs:
            return []
        by_sentence: dict[int, list[Row]] = {}
        for area in areas:
            by_sentence.setdefault(area["sentence"], []).append(area)
        found_pairs = []
        for out in outputs:
            # the area figure closest before the output in its sentence (the last of equals)
            found: Row | None = None
            for area in by_sentence.get(out["sentence"], ()):
                if area["start"] < out["start"] and (found is None or area["start"] >= found["start"]):
                    found = area
            if found is None:
                found = self._in_paragraph(ctx_text, areas, out)
            if found is None:
                continue
            crop_a, crop_o = self._crop(found["subject"]), self._crop(out["subject"])
            if not crop_a or any(w in str(found["subject"]) for w in self.not_whole):
                continue
            if crop_o and crop_o not in crop_a and crop_a not in crop_o and not self._same_family(crop_a, crop_o):
                continue
            found_pairs.append((found, out, float(out["base_value"]) / float(found["base_value"])))
        return found_pairs

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        lo, hi = self.band.min, self.band.max
        for area, out, per_mu in self.joined(ctx.metric_rows, ctx.text):
            # a null yield (no base value) passes, as in every band
            if not ((lo is not None and per_mu < lo) or (hi is not None and per_mu > hi)):
                continue
            summary = (f"{area['text']} 产出 {out['text']}：折合 {per_mu:.1f}公斤/亩，超出合理范围 "
                       f"{lo:g}–{hi:g}公斤/亩 (line {int(area['line'])})")
            yield ctx.finding(self, int(area["start"]), int(area["end"]),
                              evidence={"figures": [figure(area), figure(out)], "computed": round(float(per_mu), 2),
                                        "expected_range": [lo, hi], "summary": summary},
                              output=out["text"], computed=f"{per_mu:.1f}", expected=f"{lo:g}–{hi:g}")
