"""Kind `indicator_range`: a figure outside what its indicator can be at township or county scale.

Every figure's subject is matched to the most specific indicator of rules/indicators.yaml (the
longest keyword match: 农村居民人均可支配收入 is a per-capita income, not a total income); the
range applies at the report's scale (a township report: township range; a clause about 全县:
county range; unknown: both together). A figure whose sentence puts it in one village (全村人口3355人)
is held only to the township's upper bounds: a village's counts fall below a township's lower ones.
Only levels are checked: growth rates, bounds written as limits (低于1067元 is an eligibility line),
per-unit figures of a total indicator (每亩, 户均) and figures about the province or the nation are
left alone. A zero is never below a range: no
magnitude change repairs it, and accounts state nil lines as 0.00万元.

A finding suggests a figure only when one magnitude change lands inside the range (487元 of tax
-> 487万元; 7600万元 per head -> 7600元; 625% -> 62.5%).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Literal, TypeAlias

import regex
from pydantic import Field

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import (
    SENTENCE_END,
    compiled_default,
    compiled_v1,
    figure,
    may_match_in_slice,
    span_bounds,
)
from checker.rules.indicators import Bounds, Indicator, Scale, indicator_table
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null
from checker.ui_text import say


def fmt_amount(x: float, unit: str) -> str:
    """A bound written as a report writes it: 1万元, 3000亿元, 100%."""
    for mag, word in ((1e8, "亿"), (1e4, "万")):
        if abs(x) >= mag and unit != "%":
            y = x / mag
            return f"{y:g}{word}{unit}"
    return f"{x:g}{unit}"


class IndicatorRangeRule(Rule):
    kind: Literal["indicator-range"]
    needs_metrics = True
    table: str = "indicators.yaml"
    # words before a figure that make it a per-unit figure (每亩, 户均 …): not the level of a total
    per_unit_cue: str = r"每|户均|亩均|人均|平均|均价|单价|标准"
    # clause words of a figure about a larger scope than a county (全国, 全省)
    elsewhere_cue: str = r"全国|全省|全球|国家级?标准|全市"
    # clause or sentence words that put the figure at county scale in any report
    county_cue: str = r"全县|我县|本县|县域|全区|我区|本区|全旗|全县区"
    # sentence words before a figure that put it in one village: below a township's range is no error
    village_cue: str = r"全村|我村|本村|该村"
    # words that make a whole report a province's or the nation's (a yearbook's chapter on 全省
    # agriculture): counted against the township and county cues, it puts every figure out of range
    province_cue: str = r"全省|我省|本省|全国|我国"
    # words that make a report a township report (counted against county_cue over the whole text)
    township_cue: str = r"全镇|我镇|本镇|全乡|我乡|本乡|全街道|我街道|本街道|镇党委|乡党委|街道党工委"
    # subjects that are only a verb of having (辖, 共有): the noun after the figure says what is counted
    bare_verb: str = r"(?:辖|下辖|共辖|现辖|有|共有|现有|拥有|建有|设有|全镇|全乡|全县|其中)?"
    # qualifiers of a level (no qualifier, or a share 占…的X%); growth and change rows are rates
    qualifiers: list[str | None] = Field(default_factory=lambda: [None, "share"])

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        rows = ctx.metric_rows
        if not rows:
            return
        kinds = _by_kind(self.table)
        # a province's or the nation's report (a yearbook's chapter) passes every local upper bound,
        # but no figure of a province falls below a county's lower one either: 地方财政收入1.1元 is
        # as wrong there, and honours named in a county's report (全国文明村镇, 全省先进) count as
        # province cues too
        provincial = self._is_provincial(ctx.text)
        scale = "county" if provincial else self._document_scale(ctx.text)
        for row in rows:
            kind = row["unit_kind"]
            if not isinstance(kind, str) or kind not in kinds or not self._is_level(row):
                continue
            ind = self._indicator(ctx.text, row, (self.table, kind, row["unit"]))
            if ind is None:
                continue
            row_scale = self._row_scale(ctx.text, row, scale)
            if row_scale == "elsewhere":
                continue
            village = row_scale == "village"
            if row_scale == "village":
                row_scale = "township"
            bounds = ind.bounds(row_scale)
            value = float(row["base_value"]) / ind.factor
            bound = row["bound"]
            if bounds.max is not None and value > bounds.max and bound != "le" and not provincial:
                yield self._finding(ctx, row, ind, bounds, value, "above", row_scale)
            elif not village and bounds.min is not None and 0 < value < bounds.min and is_null(bound):
                # zero is a statement (经营收入0.00万元 in a budget account), not a lost magnitude
                yield self._finding(ctx, row, ind, bounds, value, "below", row_scale)

    def _is_level(self, row: Row) -> bool:
        """A stated level: a value, not a growth rate, a ratio or a blank."""
        if row.get("blank") is True or is_null(row["base_value"]) or row["form"] == "ratio":
            return False
        q = row["qualifier"]
        return (None if is_null(q) else q) in self.qualifiers

    def _indicator(self, text: str, row: Row, stated: _Stated) -> Indicator | None:
        """The indicator of the figure, unless its clause makes it a per-unit or excluded figure.
        `stated`: (table, unit kind, unit), what the candidates are drawn from."""
        subject = row["subject"] if isinstance(row["subject"], str) else ""
        clause = row["clause"] if isinstance(row["clause"], str) else ""
        best, excluded = _best_stated(stated, subject)
        if best is None and compiled_v1(self.bare_verb).fullmatch(subject):
            # 辖12个行政村: the thing counted follows the measure word
            subject = _noun_after(text, int(row["end"]))
            best, excluded = _best_stated(stated, subject)
        if best is None or excluded:  # excluded: the subject names what the indicator is not
            return None
        ind = best
        before = clause[: max(len(clause) - len(str(row["text"])), 0)]
        if ind.clause_not and compiled_v1(ind.clause_not).search(before):
            return None
        if ind.sentence_not:
            a, b = span_bounds(text, int(row["start"]), int(row["end"]), SENTENCE_END)
            if compiled_v1(ind.sentence_not).search(text, a, b):
                return None
        if not ind.per_unit and compiled_v1(self.per_unit_cue).search(before):
            return None
        return ind

    def _is_provincial(self, text: str) -> bool:
        """A report about a province or the nation: its cues at least twice, and more than twice
        the township and county cues together (a county report quoting 全省 once or twice is not)."""
        larger = sum(1 for _ in compiled_default(self.province_cue).finditer(text))
        if larger < 2:
            return False
        local = sum(1 for _ in compiled_default(self.township_cue).finditer(text))
        local += sum(1 for _ in compiled_default(self.county_cue).finditer(text))
        return larger > 2 * local

    def _document_scale(self, text: str) -> Scale | None:
        """township or county when one kind of cue outnumbers the other twice over, else None."""
        town = sum(1 for _ in compiled_default(self.township_cue).finditer(text))
        county = sum(1 for _ in compiled_default(self.county_cue).finditer(text))
        if town > 2 * county:
            return "township"
        if county > 2 * town:
            return "county"
        return None

    def _row_scale(self, text: str, row: Row,
                   scale: Scale | None) -> Scale | Literal["elsewhere", "village"] | None:
        """The scale of one figure: from the sentence before it, else the report's."""
        clause = row["clause"] if isinstance(row["clause"], str) else ""
        # the clause and the words before the figure are slices of the text: a cue the whole text
        # lacks (most reports name no 全国, many no 全县) is not searched in them
        elsewhere, county = compiled_v1(self.elsewhere_cue), compiled_v1(self.county_cue)
        if may_match_in_slice(elsewhere, text) and elsewhere.search(clause):
            return "elsewhere"
        village = compiled_v1(self.village_cue)
        county_here, village_here = may_match_in_slice(county, text), may_match_in_slice(village, text)
        if county_here or village_here:
            a, _b = span_bounds(text, int(row["start"]), int(row["end"]), SENTENCE_END)
            before = text[a: int(row["start"])]
            if county_here and county.search(before):
                return "county"
            if village_here and village.search(before):
                return "village"
        return scale

    def _finding(self, ctx: DocumentContext, row: Row, ind: Indicator, bounds: Bounds, value: float,
                 side: str, scale: Scale | None) -> Finding:
        text = str(row["text"])
        unit = ind.unit
        cap = side == "above" and unit == "%" and bounds.max == 100
        limit = bounds.max if side == "above" else bounds.min
        assert limit is not None
        scale_name = say(f"scale.{scale or 'either'}", ctx.lang)
        if cap:
            verdict = say("indicator.above-100", ctx.lang)
        else:
            verdict = say(f"indicator.{side}", ctx.lang, scale=scale_name, limit=fmt_amount(limit, unit))
        suggestion = suggest(row, value, bounds)
        hint = say("indicator.probably", ctx.lang, suggestion=suggestion) if suggestion else ""
        expected = f"{fmt_amount(bounds.min, unit) if bounds.min is not None else '-∞'}–" \
                   f"{fmt_amount(bounds.max, unit) if bounds.max is not None else '∞'}"
        # the indicator as the report names it (地税, 医保参保率), else the table's name
        named = compiled_v1(ind.subject).search(row["subject"]) if isinstance(row["subject"], str) else None
        label = named.group(0) if named is not None and len(named.group(0)) >= 2 else ind.name
        summary = say("evidence.indicator", ctx.lang, label=label, text=text, verdict=verdict, hint=hint) \
            + say("evidence.line", ctx.lang, line=int(row["line"]))
        evidence = {"figures": [figure(row)], "indicator": ind.name, "band": ind.name, "basis": ind.basis,
                    "computed": value, "expected_range": [bounds.min, bounds.max], "scale": scale,
                    "summary": summary}
        return ctx.finding(self, int(row["start"]), int(row["end"]), evidence=evidence, suggestion=suggestion,
                           indicator=label, verdict=verdict, hint=hint, expected=expected)


_Stated: TypeAlias = tuple[str, str, object]  # (table, unit kind, unit)


@lru_cache(maxsize=8)
def _by_kind(table: str) -> dict[str, tuple[Indicator, ...]]:
    """The table's indicators by unit kind, in table order (built once per table, not per document)."""
    by_kind: dict[str, list[Indicator]] = {}
    for entry in indicator_table(table).indicators:
        by_kind.setdefault(entry.unit_kind, []).append(entry)
    return {kind: tuple(entries) for kind, entries in by_kind.items()}


@lru_cache(maxsize=1024)
def _stated_in(stated: _Stated) -> tuple[Indicator, ...]:
    """The indicators a figure of this unit can be (a report states few units, again and again)."""
    table, kind, unit = stated
    return tuple(i for i in _by_kind(table)[kind] if i.counts_in(unit))


@lru_cache(maxsize=65536)
def _best_stated(stated: _Stated, subject: str) -> tuple[Indicator | None, bool]:
    """`_best` over the indicators of one (table, unit kind, unit), and whether the subject is one
    its `subject_not` excludes, once per subject: reports state the same subjects again and again,
    and each used to walk every indicator of its unit kind (bounded cache: memory stays flat over a
    long run)."""
    best = _best(subject, _stated_in(stated))
    excluded = best is not None and bool(best.subject_not) and \
        compiled_v1(best.subject_not or "").search(subject) is not None
    return best, excluded


def _best(subject: str, candidates: Sequence[Indicator]) -> Indicator | None:
    """The indicator whose keywords match the most of the subject (ties: the first listed)."""
    if not subject:
        return None
    best: tuple[int, Indicator] | None = None
    for ind in candidates:
        length = _match_length(ind.subject, subject)
        if length >= 0 and (best is None or length > best[0]):
            best = (length, ind)
    return best[1] if best else None


@lru_cache(maxsize=65536)
def _match_length(keywords: str, subject: str) -> int:
    """How much of `subject` the indicator's keyword pattern matches (-1: none). A report states
    the same few subjects again and again, against every indicator of a unit kind: each pair is
    searched once (bounded cache: memory stays flat over a long run)."""
    m = compiled_v1(keywords).search(subject)
    return -1 if m is None else len(m.group(0))


_NOUN = compile_regex(r"\p{Han}{1,8}")


def _noun_after(text: str, end: int) -> str:
    """The run of Chinese characters right after a figure (辖12个[行政村]，…)."""
    m = _NOUN.match(text, end)
    return m.group(0) if m else ""


# kinds a lost decimal point cannot explain: rates (108% is as likely 98%) and whole counts
_WHOLE_KINDS = frozenset({"percent", "count", "people", "households", "events", "person_times", "household_times"})
_NUMBER_END = compile_regex(r"\d(?=[^\d]*$)")


def suggest(row: Row, value: float, bounds: Bounds) -> str | None:
    """The figure rewritten with one magnitude change that lands inside `bounds`, if any."""
    text = str(row["text"])
    magnitude = row["magnitude"]
    tries: list[tuple[float, str]] = []
    if bounds.min is not None and value < bounds.min:
        if magnitude == 1.0:
            m = _NUMBER_END.search(text)
            if m is not None:
                tries.append((1e4, text[: m.end()] + "万" + text[m.end():]))
        elif magnitude == 1e4 and text.count("万") == 1:
            tries.append((1e4, text.replace("万", "亿")))
    elif bounds.max is not None and value > bounds.max:
        if magnitude == 1e4 and text.count("万") == 1:
            tries.append((1e-4, text.replace("万", "")))
        elif magnitude == 1e8 and text.count("亿") == 1:
            tries.append((1e-4, text.replace("亿", "万")))
        elif magnitude == 1.0 and row["decimals"] == 0 and row["unit_kind"] not in _WHOLE_KINDS:
            # a lost decimal point (9329.1 typed 93291)
            m = regex.search(r"\d{2,}", text)
            if m is not None and m.group(0)[-1] != "0" and m.end() == (_NUMBER_END.search(text) or m).end():
                digits = m.group(0)
                tries.append((0.1, text[: m.start()] + digits[:-1] + "." + digits[-1] + text[m.end():]))
    for factor, rewritten in tries:
        scaled = value * factor
        if (bounds.min is None or scaled >= bounds.min) and (bounds.max is None or scaled <= bounds.max):
            return rewritten
    return None
