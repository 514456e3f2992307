"""Row-wise and group-wise rules over the metrics table, compiled into pandera checks.

A numeric rule file declares *which* rows a check applies to (`RowFilter`: subject keywords,
unit kinds, qualifiers …) and *what* must hold (a range, a required column). This module turns
that declaration into a `pandera.DataFrameSchema`, validates the selected rows lazily (every
failure collected, none stopping the others) and hands back the failing rows, which the rule
kinds turn into findings. Only what a table check cannot express (a total against the list of
items after it) is written as code in the kinds themselves.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
import regex
from pydantic import BaseModel, ConfigDict, Field

from checker.rules.figures import CLAUSE_END, span_bounds
from checker.rules.rows import Row, is_null
from checker.schemas import COLUMN_NAMES

if TYPE_CHECKING:
    from checker.context import DocumentContext


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern, regex.VERSION1)


@lru_cache(maxsize=256)
def compiled_default(pattern: str) -> regex.Pattern[str]:
    """`pattern` compiled with the regex module's default flags, once: what `regex.search(pattern, s)`
    and friends do, without their per-call cache lookup (flag arithmetic on enums that cost more
    than a short match, and ran once per row)."""
    return regex.compile(pattern)


def text_matches(series: pd.Series, pattern: str | None) -> pd.Series:
    """Boolean mask: the (string) column contains a match of `pattern`; nulls never match."""
    if pattern is None:
        return pd.Series(True, index=series.index)
    rx = _compiled(pattern)
    return series.map(lambda v: isinstance(v, str) and rx.search(v) is not None).astype(bool)


class RowFilter(BaseModel):
    """Which rows of the metrics table a check applies to. Every field set must hold (AND)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    subject: str | None = None  # regex searched in `subject`
    # regex searched in the subject OR in the clause up to the figure (共计投入260万: the subject may be
    # the thing invested in, the clause still says 投入)
    about: str | None = None
    about_not: str | None = None  # regex that must occur neither in the subject nor in the clause
    subject_not: str | None = None  # regex that must NOT occur in `subject`
    unit_kind: list[str] | None = None
    unit: list[str] | None = None
    unit_missing: bool | None = None  # True: no unit written; False: a unit written
    qualifier: list[str | None] | None = None  # null in the list selects rows without a qualifier
    min_magnitude: float | None = None  # e.g. 1e4: written with 万 or 亿
    exact_only: bool = False  # drop approximate figures and ranges
    text_not: str | None = None  # regex that must NOT occur in the figure as written
    # regexes over the clause up to the figure (示范户种植油菜3亩: the subject alone is 油菜面积)
    clause: str | None = None
    clause_not: str | None = None

    def select(self, rows: Iterable[Row]) -> list[Row]:
        """The rows (checker.rules.rows) that pass every condition set."""
        return [r for r in rows if self.matches(r)]

    def matches(self, r: Row) -> bool:
        """Every condition set holds for the row. Cheap column tests first, regexes last (most
        rows fail a unit or qualifier test and never reach them); nulls never match a value."""
        if self.unit_kind is not None and r["unit_kind"] not in self.unit_kind:
            return False
        if self.unit is not None and r["unit"] not in self.unit:
            return False
        if self.unit_missing is not None and is_null(r["unit"]) != self.unit_missing:
            return False
        if self.qualifier is not None:
            q = r["qualifier"]
            if not (q in self.qualifier if not is_null(q) else None in self.qualifier):
                return False
        if self.min_magnitude is not None and not r["magnitude"] >= self.min_magnitude:
            return False
        if self.exact_only and (r["approx"] or r["is_range"]):
            return False
        if r.get("blank") is True:
            return False
        subject, clause = r["subject"], r["clause"]
        if self.subject is not None and not _found(self.subject, subject):
            return False
        if self.about is not None and not (_found(self.about, subject) or _found(self.about, clause)):
            return False
        if self.about_not is not None and (_found(self.about_not, subject) or _found(self.about_not, clause)):
            return False
        if self.subject_not is not None and _found(self.subject_not, subject):
            return False
        if self.text_not is not None and _found(self.text_not, r["text"]):
            return False
        if self.clause is not None and not _found(self.clause, clause):
            return False
        return not (self.clause_not is not None and _found(self.clause_not, clause))

    def mask(self, df: pd.DataFrame) -> pd.Series:
        """Rows that pass every condition set. The cheap column tests run first over plain arrays;
        the regexes then run only on the rows still selected (usually a handful of a document's
        hundreds), which gives the same AND as testing every row."""
        m = np.ones(len(df), dtype=bool)

        def col(name: str) -> np.ndarray:
            return df[name].to_numpy()

        if self.unit_kind is not None:
            m &= _isin(col("unit_kind"), self.unit_kind)
        if self.unit is not None:
            m &= _isin(col("unit"), self.unit)
        if self.unit_missing is not None:
            na = pd.isna(col("unit"))
            m &= na if self.unit_missing else ~na
        if self.qualifier is not None:
            q = col("qualifier")
            qm = _isin(q, [x for x in self.qualifier if x is not None])
            if None in self.qualifier:
                qm |= pd.isna(q)
            m &= qm
        if self.min_magnitude is not None:
            m &= np.asarray(df["magnitude"] >= self.min_magnitude, dtype=bool)
        if self.exact_only:
            m &= ~col("approx").astype(bool) & ~col("is_range").astype(bool)
        if "blank" in df.columns:
            blank = col("blank")
            m &= ~np.where(pd.isna(blank), False, blank).astype(bool)
        if self.subject is not None:
            m &= _search(col("subject"), self.subject, m)
        if self.about is not None:
            m &= _search(col("subject"), self.about, m) | _search(col("clause"), self.about, m)
        if self.about_not is not None:
            m &= ~(_search(col("subject"), self.about_not, m) | _search(col("clause"), self.about_not, m))
        if self.subject_not is not None:
            m &= ~_search(col("subject"), self.subject_not, m)
        if self.text_not is not None:
            m &= ~_search(col("text"), self.text_not, m)
        if self.clause is not None:
            m &= _search(col("clause"), self.clause, m)
        if self.clause_not is not None:
            m &= ~_search(col("clause"), self.clause_not, m)
        return pd.Series(m, index=df.index)


def _found(pattern: str, value: Any) -> bool:
    """`pattern` occurs in the (string) cell; a null cell never matches."""
    return isinstance(value, str) and _compiled(pattern).search(value) is not None


def _isin(values: np.ndarray, allowed: Sequence[object]) -> np.ndarray:
    """`Series.isin` over a plain array: nulls never match a listed value."""
    wanted = set(allowed)
    return np.fromiter((v in wanted for v in values), dtype=bool, count=len(values))


def _search(values: np.ndarray, pattern: str, where: np.ndarray) -> np.ndarray:
    """Which of `values` (at the positions `where` selects; False elsewhere) contain `pattern`;
    nulls never match."""
    rx = _compiled(pattern)
    out = np.zeros(len(values), dtype=bool)
    for i in np.flatnonzero(where):
        v = values[i]
        out[i] = isinstance(v, str) and rx.search(v) is not None
    return out


class Band(BaseModel):
    """A plausible range for the rows a filter selects: [min, max] of `column`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)  # shown in messages and evidence (油菜等作物种植面积)
    where: RowFilter = Field(default_factory=RowFilter)
    column: str = "base_value"
    min: float | None = None
    max: float | None = None
    unit: str = ""  # unit of `column` for messages (亩, 元, %)


def outside(band: Band, rows: Iterable[Row]) -> list[Row]:
    """The rows the band's filter selects whose `band.column` lies outside [min, max]; a null
    value passes (a blank figure is another rule's business)."""
    out = []
    for r in band.where.select(rows):
        v = r[band.column]
        if (band.min is not None and v < band.min) or (band.max is not None and v > band.max):
            out.append(r)
    return out


def outside_band(df: pd.DataFrame, band: Band) -> np.ndarray:
    """Rows the band's filter selects whose `band.column` lies outside [min, max] (nulls pass), as a
    mask over `df`: what `range_checks` rejects, computed on one column so that the whole table is
    sliced (and pandera run) only for the few rows that can fail."""
    selected = band.where.mask(df).to_numpy()
    if not selected.any():
        return selected
    values = df[band.column].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        outside = np.zeros(len(values), dtype=bool)
        if band.min is not None:
            outside |= values < band.min
        if band.max is not None:
            outside |= values > band.max
    return selected & outside


def failing_rows(frame: pd.DataFrame, checks: Mapping[str, Sequence[pa.Check]], name: str,
                 not_null: Sequence[str] = ()) -> pd.DataFrame:
    """The rows of `frame` that fail any of `checks` (column -> pandera checks) or have a null in a
    `not_null` column, validated lazily (every failure collected).

    Returns the failing rows with a `failed_check` column naming the first check each failed."""
    if frame.empty:
        return frame.assign(failed_check=pd.Series(dtype=str))
    frame = _candidates(frame, checks, not_null)
    if frame.empty:
        return frame.assign(failed_check=pd.Series(dtype=str))
    columns = {col: pa.Column(checks=list(chks), nullable=col not in not_null, required=True)
               for col, chks in checks.items()}
    columns |= {col: pa.Column(nullable=False, required=True) for col in not_null if col not in columns}
    schema = pa.DataFrameSchema(columns, name=name, strict=False, coerce=False)
    # Pandera sees only the columns it checks (a missing one is left in place for it to report):
    # its failure report copies and formats the frame it is given, which for the whole table's
    # forty columns cost more than the checks.
    checked = list(dict.fromkeys([*checks, *not_null]))
    target = frame[checked] if all(c in frame.columns for c in checked) else frame
    try:
        schema.validate(target, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        if cases["index"].isna().any():  # a schema-level failure (a missing column): the rule cannot run
            raise ValueError(f"{name}: {cases[cases['index'].isna()]['failure_case'].tolist()}") from exc
        first = cases.drop_duplicates("index").set_index("index")["check"].astype(str)
        rows = frame.loc[[i for i in frame.index if i in first.index]]
        return rows.assign(failed_check=[first[i] for i in rows.index])
    return frame.iloc[0:0].assign(failed_check=pd.Series(dtype=str))


def _candidates(frame: pd.DataFrame, checks: Mapping[str, Sequence[pa.Check]],
                not_null: Sequence[str]) -> pd.DataFrame:
    """The rows that can fail: the same vectorised check functions pandera runs, applied once
    without building and validating a schema. Pandera then validates only these (usually none),
    so its failure cases stay the findings' source while clean documents skip it. A missing
    column is left for pandera to report."""
    if any(col not in frame.columns for col in [*checks, *not_null]) \
            or any(chk.element_wise or chk.groupby is not None for chks in checks.values() for chk in chks):
        return frame
    ok = pd.Series(True, index=frame.index)
    for col, chks in checks.items():
        for chk in chks:
            passed = np.asarray(chk._check_fn(frame[col]), dtype=bool)
            ok &= (passed | frame[col].isna().to_numpy()) if chk.ignore_na else passed
    for col in not_null:
        ok &= frame[col].notna()
    return frame.iloc[0:0] if ok.all() else frame[~ok]


def range_checks(band: Band) -> dict[str, list[pa.Check]]:
    """A band as pandera checks; nulls pass (a blank figure is another rule's business)."""
    checks: list[pa.Check] = []
    if band.min is not None:
        checks.append(pa.Check(lambda s, lo=band.min: s.isna() | (s >= lo), name=f"{band.name} >= {band.min:g}"))
    if band.max is not None:
        checks.append(pa.Check(lambda s, hi=band.max: s.isna() | (s <= hi), name=f"{band.name} <= {band.max:g}"))
    return {band.column: checks}


def ensure_columns(df: pd.DataFrame, text: str | None = None) -> pd.DataFrame:
    """The table with every schema column present (an older or partial extractor adds none), plus
    derived columns the rules filter on: `signed_value` (a fall as a negative rate) and, given the
    document text, `clause` (the clause up to and including the figure)."""
    missing = [c for c in COLUMN_NAMES if c not in df.columns]
    extra = {"blank": False, "item": None, "bound": None, "unit_text": None}
    out = df.copy()
    for c in missing:
        out[c] = np.nan
    for c, default in extra.items():
        if c not in out.columns:
            out[c] = default
    if text is not None:
        out["clause"] = [text[span_bounds(text, int(a), int(b), CLAUSE_END)[0]:int(b)]
                         for a, b in zip(out["start"], out["end"], strict=True)]
    else:
        out["clause"] = None
    # A growth rate as a signed number (下降12% -> -12), so one band covers rises and falls.
    down = out["qualifier"].isin(["yoy_decline", "decline"])
    if "direction" in out.columns:
        down |= out["direction"] == "down"
    out["signed_value"] = out["value"].where(~down, -out["value"])
    # A growth row without a subject of its own measures the figure it qualifies.
    if out["qualifies"].notna().any():
        by_id = out.set_index("row_id")["subject"]
        fill = out["qualifies"].map(lambda q: by_id.get(int(q)) if q == q and int(q) in by_id.index else None)
        out["subject"] = out["subject"].where(out["subject"].notna(), fill)
    return out


_TABLES: weakref.WeakKeyDictionary[DocumentContext, pd.DataFrame] = weakref.WeakKeyDictionary()


def numeric_table(ctx: DocumentContext) -> pd.DataFrame:
    """`ensure_columns` of the document's metrics, computed once per document for all numeric rules.

    The frame is shared: rules must not modify it in place (filter or copy instead)."""
    table = _TABLES.get(ctx)
    if table is None:
        table = _TABLES[ctx] = _plain_strings(ensure_columns(ctx.metrics, ctx.text))
    return table


def _plain_strings(df: pd.DataFrame) -> pd.DataFrame:
    """The table with its string columns as plain Python objects (missing stays NaN).

    The rules slice this small table hundreds of times per document and read it row by row;
    on Arrow-backed string columns every slice and every row converts through pyarrow, which
    cost more than the checks themselves. Values are the same strings, so no check changes."""
    strings = [c for c in df.columns if pd.api.types.is_string_dtype(df[c]) and df[c].dtype != object]
    if not strings:
        return df
    # Column by column through `to_numpy`: `astype` went through pandas' per-block machinery and
    # took twice as long for the same object arrays (missing values as NaN, as before).
    out = df.copy(deep=False)
    for c in strings:
        out[c] = pd.Series(df[c].to_numpy(dtype=object, na_value=np.nan), index=df.index, dtype=object, copy=False)
    return out


_ROWS: weakref.WeakKeyDictionary[DocumentContext, dict[Hashable, dict[str, Any]]] = weakref.WeakKeyDictionary()


def table_rows(ctx: DocumentContext, df: pd.DataFrame) -> list[tuple[Hashable, dict[str, Any]]]:
    """`records` of `df`, a row selection of `numeric_table(ctx)` (same columns), served from one
    conversion of the whole table per document: rules select a few rows many times per document,
    and converting each small selection again cost more than the rule itself. The dicts are
    shared: read them, copy before changing."""
    by_index = _ROWS.get(ctx)
    if by_index is None:
        by_index = _ROWS[ctx] = dict(records(numeric_table(ctx)))
    return [(i, by_index[i]) for i in df.index]


def records(df: pd.DataFrame) -> Iterator[tuple[Hashable, dict[str, Any]]]:
    """(index, row as a dict) for every row: what `iterrows` gives, without building a Series per
    row (rules read rows with `row[col]` and `row.get(col)`, which a dict serves alike)."""
    # Column by column: `to_dict("records")` goes through itertuples and a per-column `iloc`,
    # which cost ~5 ms on a 40-column table however few its rows. `tolist` gives the same
    # Python scalars (int, float, bool, str, NaN).
    if df.empty:
        return iter(())
    names = list(df.columns)
    columns = [df[c].tolist() for c in names]
    return zip(df.index, (dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)),
               strict=True)


def comparable_value(df: pd.DataFrame) -> pd.Series:
    """`base_value`, or `value` when no unit was written (364万 compares as 3640000)."""
    return df["base_value"].where(df["base_value"].notna(), df["value"])
