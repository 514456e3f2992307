"""Row checks over the metrics table, declared in rule files.

A numeric rule file declares *which* rows a check applies to (`RowFilter`: subject keywords,
unit kinds, qualifiers …) and *what* must hold (a `Band`: a plausible range of a column). The
rows are the document's metrics (`ctx.metric_rows`, checker/rules/rows.py: the pandera-validated
table's cells as plain dicts), so a check costs a comparison per row rather than a DataFrame
operation per rule; only what a row check cannot express (a total against the items listed after
it) is written as code in the kinds themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from checker.rules.figures import compiled_v1
from checker.rules.model import Bilingual
from checker.rules.rows import NUMERIC_COLUMNS, Row, is_null


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
    period: list[str] | None = None  # the figure's period column is one of these (year, half, months …)

    def select(self, rows: Sequence[Row]) -> list[Row]:
        """The rows (checker.rules.rows) that pass every condition set, in their order.

        A filter naming unit kinds or units, or asking for figures without a unit, looks only at
        those rows (an index built once per row list): a band of 亩 figures need not test the
        hundreds of money and percent rows of a report."""
        return [r for r in self.candidates(rows) if self.matches(r)]

    def candidates(self, rows: Sequence[Row]) -> Sequence[Row]:
        """The rows of the unit kinds, units or missing unit the filter names (all rows if it names
        none), in their order: a superset of `select`'s, found by index rather than row by row."""
        if self.unit_kind is not None:
            return _pick(rows, [("kind", k) for k in self.unit_kind])
        if self.unit is not None:
            return _pick(rows, [("unit", u) for u in self.unit])
        if self.unit_missing:
            return _pick(rows, [("no unit",)])
        return rows

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
        if self.period is not None and r.get("period") not in self.period:
            return False
        if r.get("blank") is True:
            return False
        subject, clause = r.get("subject"), r.get("clause")
        if self.subject is not None and not _found(self.subject, subject):
            return False
        if self.about is not None and not (_found(self.about, subject) or _found(self.about, clause)):
            return False
        if self.about_not is not None and (_found(self.about_not, subject) or _found(self.about_not, clause)):
            return False
        if self.subject_not is not None and _found(self.subject_not, subject):
            return False
        if self.text_not is not None and _found(self.text_not, r.get("text")):
            return False
        if self.clause is not None and not _found(self.clause, clause):
            return False
        return not (self.clause_not is not None and _found(self.clause_not, clause))


# The row list indexed last (kept alive, so `is` is sound) and its index, as ONE tuple: a thread reads
# the pair in one step, so two threads checking documents at once never take each other's index.
_UNIT_INDEX: tuple[Any, dict[tuple[Any, ...], list[int]]] = (None, {})


def _unit_index(rows: Sequence[Row]) -> dict[tuple[Any, ...], list[int]]:
    """Positions of the rows of each unit kind, of each unit and without a unit, computed once per
    row list (rules run one document at a time)."""
    global _UNIT_INDEX
    indexed, index = _UNIT_INDEX
    if indexed is not rows:
        index = {}
        for i, r in enumerate(rows):
            unit = r["unit"]
            index.setdefault(("unit", unit) if isinstance(unit, str) else ("no unit",), []).append(i)
            index.setdefault(("kind", r["unit_kind"]), []).append(i)
        _UNIT_INDEX = (rows, index)
    return index


def _pick(rows: Sequence[Row], keys: list[tuple[Any, ...]]) -> list[Row]:
    """The rows under any of `keys` of the unit index, in their original order."""
    index = _unit_index(rows)
    return [rows[i] for i in sorted({i for key in keys for i in index.get(key, ())})]


def _found(pattern: str, value: Any) -> bool:
    """`pattern` occurs in the (string) cell; a null cell never matches."""
    return isinstance(value, str) and compiled_v1(pattern).search(value) is not None


class Band(BaseModel):
    """A plausible range for the rows a filter selects: [min, max] of `column`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Bilingual  # shown in messages and evidence (油菜等作物种植面积); a plain string serves both languages
    where: RowFilter = Field(default_factory=RowFilter)
    column: str = "base_value"
    min: float | None = None
    max: float | None = None
    unit: str = ""  # unit of `column` for messages (亩, 元, %)
    # regexes that must not occur in the text before the figure (read by the value-range kind, which
    # has the document): `sentence_not` in its sentence (比2012年(下同)增长47.7%；…零售总额106.3亿元，
    # 增长69.2%: the base year named first holds for the sentence), `piece_not` in its piece of the
    # sentence up to the last semicolon (新兴产业加速成长，产值增长145%: the thing the rate is of)
    sentence_not: str | None = None
    piece_not: str | None = None

    @field_validator("column")
    @classmethod
    def _numeric_column(cls, v: str) -> str:
        if v not in NUMERIC_COLUMNS:
            raise ValueError(f"column {v!r} is not a numeric column of the metrics table "
                             f"(one of {', '.join(sorted(NUMERIC_COLUMNS))})")
        return v


def outside(band: Band, rows: Sequence[Row]) -> list[Row]:
    """The rows the band's filter selects whose `band.column` lies outside [min, max]; a null
    value passes (a blank figure is another rule's business). The value is compared before the
    filter's regexes run: most figures lie inside every band, and then no subject or clause of
    theirs needs reading (the same rows as `[r for r in band.where.select(rows) if out of range]`,
    tests/test_numeric_rules.py)."""
    out = []
    for r in band.where.candidates(rows):
        v = r[band.column]
        if is_null(v) or not ((band.min is not None and v < band.min) or (band.max is not None and v > band.max)):
            continue
        if band.where.matches(r):
            out.append(r)
    return out
