"""Cross-document checks: figures compared ACROSS reports, as a groupby over the metrics table.

A township's report of 2023 says 粮食总产量1.32万吨，同比增长25%; its report of 2022 said
1.20万吨. 25% does not follow (10% does), so one of the two reports is wrong. No single document
shows this; the whole archive's metrics table does, grouped by (place, subject, unit kind).

The functions here are written against the pandas API that Dask DataFrames share, so the same
code runs on one machine (a pandas table, tests) and on a cluster (checker.distributed, where the
groupby is Dask's and the shuffle happens on the workers, never in the driver):

    facts   = year_facts(partition)     per partition (whole documents): the figures a later
                                        report may be compared with, and the growth claims
                                        joined with the figure they qualify (same document)
    rows    = facts.groupby(GROUP_KEY).apply(judge_growth)     across documents
    finding = to_findings(rows)         in the driver, with each line's text for fingerprints

Parameters, patterns and messages are data: rules/cross_document.yaml.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field

from checker.compiled_regex import compile_regex
from checker.findings import Finding
from checker.rules.model import Rule

if TYPE_CHECKING:
    import pandas as pd

    from checker.config import Config

DATA_FILE = "cross_document.yaml"
# Documents of one place and subject are compared within this group.
GROUP_KEY = ["place", "subject_key", "unit_kind"]

# (column, dtype) of the facts table that year_facts() derives from the metrics table.
FACT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("place", "str"), ("year", "int64"), ("subject_key", "str"), ("unit_kind", "str"),
    ("fact", "str"),  # figure | claim
    ("base", "float64"), ("base_err", "float64"),  # value in base units, half its rounding interval
    ("growth", "float64"), ("growth_err", "float64"),  # claims: the stated rate (signed) and its rounding
    ("path", "str"), ("line", "int64"), ("column", "int64"), ("end_line", "int64"), ("end_column", "int64"),
    ("text", "str"),
)
# (column, dtype) of the rows judge_growth() returns: one per finding.
ROW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("path", "str"), ("line", "int64"), ("column", "int64"), ("end_line", "int64"), ("end_column", "int64"),
    ("text", "str"), ("stated", "float64"), ("computed", "float64"), ("decimals", "int64"),
    ("previous", "str"), ("previous_path", "str"), ("previous_line", "int64"), ("previous_year", "int64"),
)


class ReportPeriod(BaseModel):
    """How a document's place and year are read from its title (rules/cross_document.yaml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title_lines: int = Field(ge=1)
    title_max_chars: int = Field(ge=1)
    year_pattern: str
    partial_year_pattern: str
    place_pattern: str
    not_a_place_pattern: str
    place_scope: Literal["directory", "global"] = "directory"

    def of(self, text: str, path: str) -> tuple[str | None, int | None]:
        """(place key, year) of a full-year report, or (None, None) when its title does not say both."""
        title = [line.strip() for line in text.split("\n", 40)[:40] if line.strip()][: self.title_lines]
        title = [line for line in title if len(line) <= self.title_max_chars]
        year = place = None
        for line in title:
            m = _compiled(self.year_pattern).search(line)
            if m and year is None:
                if _compiled(self.partial_year_pattern).search(line):
                    return None, None
                year = int(m.group(1))
            if place is None:
                blanked = regex.sub(r"(?:19|20)\d{2}\s*年", " ", line)
                pm = _compiled(self.place_pattern).search(blanked)
                if pm and not _compiled(self.not_a_place_pattern).search(pm.group(1)):
                    place = pm.group(1)
        if year is None or place is None:
            return None, None
        if self.place_scope == "directory":
            place = f"{os.path.dirname(os.path.abspath(path))}{os.sep}{place}"
        return place, year


    def partial_before(self, text: str, starts: list[int]) -> list[bool]:
        """For each figure offset: does its sentence, up to the figure, name a part of the year?"""
        partial = _compiled(self.partial_year_pattern)
        out = []
        for start in starts:
            begin = max(text.rfind(mark, 0, start) for mark in "。！？；\n") + 1
            out.append(bool(partial.search(text, begin, start)))
        return out


class PairExamples(BaseModel):
    """Examples of a cross-document rule are pairs of reports: last year's and this year's."""

    model_config = ConfigDict(extra="forbid")

    class Pair(BaseModel):
        model_config = ConfigDict(extra="forbid")
        previous: str
        current: str

    bad: list[Pair] = Field(min_length=2)
    good: list[Pair] = Field(min_length=2)


class CrossYearGrowthRule(Rule):
    """A growth rate stated this year against the value the same place stated last year.

    A `Rule` for its id, category, severity, messages and documentation, but not a per-document
    kind: it has no `check(ctx)`; checker.distributed runs it over the whole metrics table."""

    kind: Literal["cross-year-growth"]  # type: ignore[assignment]
    examples: PairExamples  # type: ignore[assignment]
    tolerance_pp: float = Field(ge=0)
    growth_qualifiers: list[str]
    decline_qualifiers: list[str]
    skip_subject_keywords: list[str] = Field(default_factory=list)


class CrossDocumentRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    report_period: ReportPeriod
    cross_document: list[CrossYearGrowthRule]


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> regex.Pattern[str]:
    return compile_regex(pattern)


@lru_cache(maxsize=1)
def load() -> CrossDocumentRules:
    """The built-in cross-document rules and the title parsing they share."""
    from checker.lexicon import load_data_file

    return CrossDocumentRules.model_validate(load_data_file(DATA_FILE))


def rule_ids() -> list[str]:
    """Ids of the cross-document rules, so select/ignore/severity selectors may name them."""
    return [r.id for r in load().cross_document]


def selected(config: Config) -> list[CrossYearGrowthRule]:
    """Enabled cross-document rules the config's select/ignore keep."""
    return [r for r in load().cross_document if r.enabled and config.rule_selected(r.id, r.category)]


# ---------------------------------------------------------------------------------------------
# Per partition (whole documents): metrics -> facts


def empty_frame(columns: Iterable[tuple[str, str]]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in columns})


def _half_ulp(decimals: pd.Series) -> pd.Series:
    return 0.5 * 10.0 ** (-decimals.astype("float64"))


def year_facts(metrics: pd.DataFrame, rule: CrossYearGrowthRule) -> pd.DataFrame:
    """Figures and growth claims of full-year reports with a known place, one row each.

    A partition always holds whole documents, so a growth rate is joined here with the figure it
    qualifies (`qualifies` is a row id within the same document)."""
    import pandas as pd

    df = metrics[metrics["place"].notna() & metrics["year"].notna()]
    if "partial_period" in df.columns:  # 上半年…: not an annual figure, nor an annual rate
        df = df[~df["partial_period"].fillna(False).astype(bool)]
    if df.empty:
        return empty_frame(FACT_COLUMNS)
    plain = ~df["approx"].astype(bool) & ~df["is_range"].astype(bool)
    measured = (plain & df["value"].notna() & df["base_value"].notna() & df["subject_key"].notna()
                & df["unit_kind"].notna() & (df["base_value"] > 0))
    if rule.skip_subject_keywords:
        skip = compile_regex("|".join(map(regex.escape, rule.skip_subject_keywords)))
        subject = df["subject"].fillna("").astype(str) + "\x1f" + df["subject_key"].fillna("").astype(str)
        measured &= ~subject.map(lambda s: bool(skip.search(s))).astype(bool)
    figures = df[measured & df["qualifier"].isna()]
    # Half the rounding interval of the figure as written, in base units: 1.32万吨 is 13150..13250 吨.
    factor = (figures["base_value"] / figures["value"]).where(figures["value"] != 0, 1.0)
    base_err = _half_ulp(figures["decimals"]) * figures["magnitude"] * factor
    fig = figures.assign(fact="figure", base=figures["base_value"], base_err=base_err,
                         growth=float("nan"), growth_err=float("nan"))

    qualifiers = [*rule.growth_qualifiers, *rule.decline_qualifiers]
    rates = df[df["qualifier"].isin(qualifiers) & df["value"].notna() & (df["unit_kind"] == "percent")
               & ~df["approx"].astype(bool) & ~df["is_range"].astype(bool) & df["qualifies"].notna()]
    if not rates.empty and not fig.empty:
        sign = rates["qualifier"].isin(rule.decline_qualifiers).map({True: -1.0, False: 1.0})
        rates = rates.assign(growth=rates["value"] * sign, growth_err=_half_ulp(rates["decimals"]),
                             qualifies=rates["qualifies"].astype("int64"))
        target = fig[["path", "row_id", "subject_key", "unit_kind", "base", "base_err"]]
        claims = rates.drop(columns=["subject_key", "unit_kind"]).merge(
            target, left_on=["path", "qualifies"], right_on=["path", "row_id"], suffixes=("", "_target"))
        claims = claims.assign(fact="claim")
    else:
        claims = empty_frame(FACT_COLUMNS)
    names = [c for c, _ in FACT_COLUMNS]
    out = pd.concat([fig[names], claims[names]], ignore_index=True)
    return out.astype(dict(FACT_COLUMNS))


# ---------------------------------------------------------------------------------------------
# Per group (one place, subject and unit kind across all its documents): the comparison


def _same_value(values: pd.Series) -> bool:
    first = float(values.iloc[0])
    return bool(((values - first).abs() <= 1e-9 * abs(first)).all())


def judge_growth(group: pd.DataFrame, rule: CrossYearGrowthRule) -> pd.DataFrame:
    """Growth claims of year Y that the figure of year Y-1 (stated once, unambiguously) contradicts.

    The stated rate and both figures are taken as intervals of what their written precision allows
    (XBRL's rule: never a fixed epsilon); only a rate outside the computed interval by more than
    `tolerance_pp` percentage points is reported. When last year's reports state the measure with
    two different values, nothing is compared: the subject match is ambiguous."""
    import pandas as pd

    figures = group[group["fact"] == "figure"]
    claims = group[group["fact"] == "claim"]
    rows: list[dict[str, Any]] = []
    for claim in claims.itertuples(index=False):
        prev = figures[figures["year"] == claim.year - 1]
        if prev.empty or not _same_value(prev["base"]):
            continue
        first = prev.sort_values(["path", "line", "column"]).iloc[0]
        p, pe = float(first["base"]), float(prev["base_err"].max())
        c, ce = float(claim.base), float(claim.base_err)
        if p - pe <= 0:
            continue
        low, high = ((c - ce) / (p + pe) - 1) * 100, ((c + ce) / (p - pe) - 1) * 100
        stated_low, stated_high = claim.growth - claim.growth_err, claim.growth + claim.growth_err
        if low - rule.tolerance_pp <= stated_high and stated_low <= high + rule.tolerance_pp:
            continue
        decimals = max(1, round(-math.log10(claim.growth_err * 2))) if claim.growth_err > 0 else 1
        rows.append({"path": claim.path, "line": claim.line, "column": claim.column, "end_line": claim.end_line,
                     "end_column": claim.end_column, "text": claim.text, "stated": claim.growth,
                     "computed": (c / p - 1) * 100, "decimals": decimals, "previous": first["text"],
                     "previous_path": first["path"], "previous_line": int(first["line"]),
                     "previous_year": int(first["year"])})
    if not rows:
        return empty_frame(ROW_COLUMNS)
    return pd.DataFrame(rows).astype(dict(ROW_COLUMNS))


def cross_year_growth(metrics: Any, rule: CrossYearGrowthRule) -> Any:
    """Finding rows of one cross-year rule over a metrics table: a pandas DataFrame in, a pandas
    DataFrame out; a Dask DataFrame in, a lazy Dask DataFrame out (map_partitions + groupby)."""
    if hasattr(metrics, "dask"):
        facts = metrics.map_partitions(year_facts, rule, meta=empty_frame(FACT_COLUMNS))
        return facts.groupby(GROUP_KEY, dropna=True).apply(judge_growth, rule, meta=empty_frame(ROW_COLUMNS))
    facts = year_facts(metrics, rule)
    if facts.empty:
        return empty_frame(ROW_COLUMNS)
    rows = facts.groupby(GROUP_KEY, dropna=True)[facts.columns.tolist()].apply(judge_growth, rule)
    return rows.reset_index(drop=True).astype(dict(ROW_COLUMNS)) if len(rows) else empty_frame(ROW_COLUMNS)


# ---------------------------------------------------------------------------------------------
# Driver: rows -> findings


def _line_texts(paths: Iterable[str]) -> dict[tuple[str, int], str]:
    """Each path's lines, for the findings' `context` (fingerprints and baselines)."""
    from checker.document import InputError
    from checker.document import load as load_document

    texts: dict[tuple[str, int], str] = {}
    for path in set(paths):
        try:
            for i, line in enumerate(load_document(path).text.split("\n"), start=1):
                texts[(path, i)] = line
        except (InputError, OSError):
            continue
    return texts


def to_findings(rows: pd.DataFrame, rule: CrossYearGrowthRule, config: Config) -> list[Finding]:
    """Findings of a rule's rows, with the config's severity overrides and per-path ignores applied."""
    lines = _line_texts(rows["path"]) if len(rows) else {}
    out: list[Finding] = []
    for row in rows.itertuples(index=False):
        computed = f"{row.computed:.{row.decimals}f}"
        fields = {"text": row.text, "previous": row.previous, "previous_path": row.previous_path,
                  "previous_year": row.previous_year, "computed": computed, "stated": row.stated}
        f = Finding(rule=rule.id, category=rule.category, severity=rule.severity, path=row.path, line=row.line,
                    column=row.column, end_line=row.end_line, end_column=row.end_column, text=row.text,
                    message=rule.message.render(config.lang, fields),
                    evidence={"stated_growth": row.stated, "computed_growth": round(row.computed, 4),
                              "previous": row.previous, "previous_path": row.previous_path,
                              "previous_line": row.previous_line, "previous_year": row.previous_year},
                    context=lines.get((row.path, row.line), ""))
        severity = config.severity_for(f.rule, f.category, f.severity)
        if severity != f.severity:
            f = f.model_copy(update={"severity": severity})
        if config.path_ignored(f):
            continue
        f.fingerprint = f.compute_fingerprint()
        out.append(f)
    return sorted(out, key=Finding.sort_key)
