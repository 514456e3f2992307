"""Extraction: a document and its normalised copy -> `Metrics`, its figures (see checker/schemas.py).

    numbers.py    numerals (Arabic, Chinese, 百分之…)
    units.py      the unit lexicon (rules/units.yaml)
    figures.py    the scanner: number + magnitude + unit + approximation, minus non-metrics
    subjects.py   what a figure measures (jieba over the clause before it) and its match key
    structure.py  sections, sentences, items, qualifiers, pairs, totals and parts
    aspects.py    what a figure is about: scope, period and year, figure role (rules/figure_context.yaml)
    firstchar.py  a first-character guard for the regexes run at every position (same matches)
    rows.py       the same figures as one dict per row plus derived columns (clause, signed value,
                  inherited subjects): what the numeric rules read
    table.py      the figures as plain columns (what rules read) and as one DataFrame per
                  document, validated by the pandera schema (`checker metrics`, Dask, tests)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from checker import schemas
from checker.schemas import COLUMN_NAMES

if TYPE_CHECKING:
    import pandas as pd

    from checker.document import Document
    from checker.extract.rows import Row
    from checker.normalize import NormalizedText


@dataclass(frozen=True)
class Metrics:
    """The figures of one document: extraction's output, the one table every numeric rule reads.

    Built once per document (`extract`), when a rule first asks for it. Its three views come from
    one declaration, `schemas.COLUMNS` (name, dtype, nullable, meaning): `columns`, plain lists in
    that order; `rows`, one dict per figure with the same cells as the validated frame plus the
    derived columns (checker/extract/rows.py), what the rules read; `frame`, the pandera-validated
    DataFrame (`checker metrics`, the Dask engine, tests: a check never imports pandas)."""

    columns: Mapping[str, list[Any]]
    text: str  # the normalised text the figures' offsets refer to

    @cached_property
    def rows(self) -> list[Row]:
        from checker.extract.rows import metric_rows

        return metric_rows(self.columns, self.text)

    @cached_property
    def frame(self) -> pd.DataFrame:
        from checker.extract.table import build_table

        return build_table(self.columns)


def extract(doc: Document, norm: NormalizedText) -> Metrics:
    """The stage: a document as read and its normalised copy -> its `Metrics`."""
    from checker.extract.table import figure_columns

    return Metrics(figure_columns(doc, norm), norm.text)


def empty_table() -> pd.DataFrame:
    import pandas as pd

    return schemas.METRICS_SCHEMA.validate(pd.DataFrame({c: [] for c in COLUMN_NAMES}))


def extract_metrics(doc: Document, norm: NormalizedText | None = None) -> pd.DataFrame:
    """The metrics table of one document: one row per figure, schema-validated. `norm`: the
    document's normalised copy when the caller has it already."""
    from checker.normalize import normalize

    return extract(doc, norm if norm is not None else normalize(doc.text)).frame
