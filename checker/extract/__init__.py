"""Extraction: figures of a report -> the metrics table (see checker/schemas.py).

Placeholder until the extractor lands: returns an empty, schema-valid table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from checker.schemas import COLUMN_NAMES, METRICS_SCHEMA

if TYPE_CHECKING:
    from checker.context import DocumentContext


def empty_table() -> pd.DataFrame:
    return METRICS_SCHEMA.validate(pd.DataFrame({c: [] for c in COLUMN_NAMES}))


def extract_metrics(ctx: DocumentContext) -> pd.DataFrame:
    return empty_table()
