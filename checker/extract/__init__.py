"""Extraction: figures of a report -> the metrics table (see checker/schemas.py).

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

from typing import TYPE_CHECKING

from checker import schemas
from checker.schemas import COLUMN_NAMES

if TYPE_CHECKING:
    import pandas as pd

    from checker.document import Document
    from checker.normalize import NormalizedText


def empty_table() -> pd.DataFrame:
    import pandas as pd

    return schemas.METRICS_SCHEMA.validate(pd.DataFrame({c: [] for c in COLUMN_NAMES}))


def extract_metrics(doc: Document, norm: NormalizedText | None = None) -> pd.DataFrame:
    """The metrics table of one document: one row per figure, schema-validated. `norm`: the
    document's normalised copy when the caller has it already."""
    from checker.extract.table import build_table, figure_columns
    from checker.normalize import normalize

    return build_table(figure_columns(doc, norm if norm is not None else normalize(doc.text)))
