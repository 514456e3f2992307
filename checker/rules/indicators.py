"""The table of indicators township and county reports state (rules/indicators.yaml), validated.

Each indicator names what a figure measures (subject keywords), the unit its plausible range is
written in, that range at township and at county scale, and the basis of the range (a definition
or the order of magnitude of national statistics). The `indicator-range` kind
(checker/rules/kinds/indicator_range.py) matches every figure's subject to the most specific
indicator and reports values no township or county can have.

Ranges are written the way a report writes figures (`'1万'`, `'3000亿'`) so a reviewer can read
them; they are converted to numbers on load.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from checker.compiled_regex import compile_regex
from checker.extract.units import lexicon
from checker.lexicon import load_data_file

Domain = Literal["income", "economy", "employment", "environment", "land", "agriculture", "industry", "finance",
                 "social-security", "education", "health", "infrastructure", "party-building", "population",
                 "governance"]
Scale = Literal["township", "county"]

_MAGNITUDES = {"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4, "千": 1e3}
_AMOUNT = re.compile(r"^(-?\d+(?:\.\d+)?)(万亿|亿|千万|百万|万|千)?$")


def amount(v: float | int | str) -> float:
    """A range bound as written in the table: a number, or a number with 万/亿 (`'3000亿'`)."""
    if isinstance(v, (int, float)):
        return float(v)
    m = _AMOUNT.match(v.strip())
    if not m:
        raise ValueError(f"{v!r} is not a number (digits, optionally followed by 万, 亿 …)")
    return float(m.group(1)) * _MAGNITUDES.get(m.group(2) or "", 1.0)


class Bounds(BaseModel):
    """[min, max] in the indicator's unit; either may be open (null)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    min: float | None
    max: float | None

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, v: object) -> object:
        if isinstance(v, (list, tuple)):
            if len(v) != 2:
                raise ValueError("a range is [min, max]")
            return {"min": None if v[0] is None else amount(v[0]), "max": None if v[1] is None else amount(v[1])}
        return v

    @model_validator(mode="after")
    def _ordered(self) -> Bounds:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is above max {self.max:g}")
        return self

    def union(self, other: Bounds) -> Bounds:
        lo = None if self.min is None or other.min is None else min(self.min, other.min)
        hi = None if self.max is None or other.max is None else max(self.max, other.max)
        return Bounds(min=lo, max=hi)


class Indicator(BaseModel):
    """One indicator: which figures it covers and the values they can take."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=2)  # shown in messages (森林覆盖率)
    domain: Domain
    subject: str = Field(min_length=1)  # regex searched in the figure's subject
    subject_not: str | None = None  # regex that must not occur in the subject
    clause_not: str | None = None  # regex that must not occur in the clause up to the figure
    sentence_not: str | None = None  # regex that must not occur anywhere in the figure's sentence
    unit: str  # unit the ranges are written in; figures of any unit of its kind are converted
    units: list[str] | None = None  # for counts: the measure words of this thing (None: any of the kind)
    # the indicator is itself an average or per-head figure (人均, 户均, 亩产): 人均/每 are expected
    per_unit: bool = False
    township: Bounds
    county: Bounds
    basis: str = Field(min_length=8)  # why the range: a definition or national orders of magnitude

    @field_validator("subject", "subject_not", "clause_not", "sentence_not")
    @classmethod
    def _regex(cls, v: str | None, info: ValidationInfo) -> str | None:
        # The built-in table (`indicator_table`) is trusted: tests/test_indicators.py compiles every
        # one of its patterns, so a run compiles only those a document's figures need (compiling all
        # 274 only to validate them cost ~0.1 s of every start).
        if v is not None and not (info.context and info.context.get("trusted")):
            try:
                compile_regex(v, flags=regex.VERSION1)
            except regex.error as exc:
                raise ValueError(f"{v!r} is not a valid regex: {exc}") from None
        return v

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str) -> str:
        if v not in lexicon().units:
            raise ValueError(f"unit {v!r} is not in rules/units.yaml")
        return v

    @field_validator("units")
    @classmethod
    def _known_units(cls, v: list[str] | None) -> list[str] | None:
        for u in v or ():
            if u not in lexicon().units:
                raise ValueError(f"unit {u!r} is not in rules/units.yaml")
        return v

    def counts_in(self, unit: object) -> bool:
        """The figure's unit is one this indicator is stated in."""
        return self.units is None or unit in self.units

    @property
    def unit_kind(self) -> str:
        return lexicon().units[self.unit].kind

    @property
    def factor(self) -> float:
        """Multiplier from the indicator's unit to its kind's base unit (the `base_value` column)."""
        return lexicon().units[self.unit].factor

    def bounds(self, scale: Scale | None) -> Bounds:
        """The range at a scale; both scales together when the scale is unknown."""
        if scale == "township":
            return self.township
        if scale == "county":
            return self.county
        return self.township.union(self.county)


class IndicatorTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    indicators: list[Indicator] = Field(min_length=1)

    @field_validator("indicators")
    @classmethod
    def _unique(cls, v: list[Indicator]) -> list[Indicator]:
        names = [i.name for i in v]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"indicator names must be unique: {', '.join(sorted(dup))}")
        return v


@lru_cache(maxsize=4)
def indicator_table(name: str = "indicators.yaml") -> IndicatorTable:
    """The validated table from the built-in rules directory (its patterns compiled when used)."""
    return IndicatorTable.model_validate(load_data_file(name), context={"trusted": True})
