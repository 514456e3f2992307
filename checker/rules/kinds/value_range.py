"""Kind `value_range`: figures outside the plausible range for what they measure.

Each band of the rule (subject keywords × unit kind -> [min, max]) is a range check over the
rows it selects. When a figure is off by exactly a magnitude (2.45亩 of a
township's rapeseed where 2.45万亩 fits the band) the finding suggests the intended figure.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import figure, search
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null
from checker.rules.tablecheck import Band, outside
from checker.ui_text import say

_MAGNITUDE_WORDS = {1e4: "万", 1e8: "亿", 1e3: "千"}


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if not float(x).is_integer() else f"{int(x)}"


_SENTENCE_ENDS = "。！？!?\n"
_PIECE_ENDS = "。！？!?\n；;"


def _lead(text: str, start: int, ends: str) -> str:
    """The text before `start` back to the last of `ends` (at most 300 characters)."""
    lead = text[max(0, start - 300):start]
    cut = max(lead.rfind(c) for c in ends)
    return lead[cut + 1:]


def _said_before(text: str, band: Band, row: Row) -> bool:
    """The band's `sentence_not` occurs in the figure's sentence before it, or its `piece_not` in
    its piece of that sentence (up to the last semicolon)."""
    start = int(row["start"])
    if band.sentence_not and search(band.sentence_not, _lead(text, start, _SENTENCE_ENDS)):
        return True
    return bool(band.piece_not) and search(band.piece_not or "", _lead(text, start, _PIECE_ENDS))


class ValueRangeRule(Rule):
    kind: Literal["value-range"]
    needs_metrics = True
    bands: list[Band] = Field(min_length=1)
    # Magnitudes tried when a figure is below its band: the first that brings it inside is suggested.
    suggest_magnitudes: list[float] = Field(default_factory=lambda: [1e4])

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        seen: set[int] = set()
        for band in self.bands:
            for row in outside(band, ctx.metric_rows):
                if row["row_id"] in seen or _said_before(ctx.text, band, row):
                    continue
                seen.add(row["row_id"])
                yield self._finding(ctx, band, row)

    def _suggest(self, band: Band, row: Row) -> str | None:
        value = row[band.column]
        if band.min is None or is_null(value) or value >= band.min:
            return None
        text = str(row["text"])
        if row.get("magnitude", 1.0) not in (1.0, None) and not is_null(row.get("magnitude")):
            return None
        for mag in self.suggest_magnitudes:
            scaled = value * mag
            if scaled >= band.min and (band.max is None or scaled <= band.max):
                unit = row["unit"] if isinstance(row["unit"], str) else ""
                number = text[: len(text) - len(unit)] if unit and text.endswith(unit) else text
                return f"{number}{_MAGNITUDE_WORDS.get(mag, '')}{unit}"
        return None

    def _finding(self, ctx: DocumentContext, band: Band, row: Row) -> Finding:
        value = float(row[band.column])
        lo = "-∞" if band.min is None else _fmt(band.min)
        hi = "∞" if band.max is None else _fmt(band.max)
        expected = f"{lo}–{hi}{band.unit}"
        suggestion = self._suggest(band, row)
        name = band.name.in_lang(ctx.lang)
        summary = (say("evidence.value-range", ctx.lang, band=name, text=row["text"], value=f"{_fmt(value)}{band.unit}",
                       expected=expected) + say("evidence.line", ctx.lang, line=int(row["line"])))
        if suggestion:
            summary += say("evidence.probably", ctx.lang, suggestion=suggestion)
        evidence = {"figures": [figure(row)], "computed": value, "expected_range": [band.min, band.max],
                    "band": name, "summary": summary}
        return ctx.finding(self, int(row["start"]), int(row["end"]), evidence=evidence, suggestion=suggestion,
                           band=name, expected=expected, value=_fmt(value), unit=band.unit)
