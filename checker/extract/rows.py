"""The metrics table as the numeric rules read it: one plain dict per figure, in text order.

Part of extraction: the derived columns below are extraction work, done once per document for
every rule (`DocumentContext.metric_rows`); `checker.rules.rows` re-exports what the rule kinds use.

The rules used to slice a pandas DataFrame per document; for a report of a few dozen figures
pandas' per-call overhead cost twenty times what the checks did, and made every check import
pandas. The rows here carry the same columns with the same values as the validated DataFrame
(`ctx.metrics`, checker/schemas.py) read back cell by cell: floats with NaN for a missing number,
strings with NaN for a missing string, plain ints and bools. tests/test_metric_rows.py holds the
two side by side on real and generated reports, so the rules see exactly what the schema vouches
for.

Derived columns the rules filter on, declared with the others in checker/schemas.py
(`DERIVED_COLUMNS`): `clause`, the clause up to and including the figure; `signed_value`, a fall as
a negative rate (下降12% -> -12), so one band covers rises and falls. And the `subject` of a growth
figure that has none of its own is the subject of the figure it qualifies.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from typing import Any

from checker.schemas import COLUMNS, DERIVED_COLUMNS

Row = Mapping[str, Any]

NAN = float("nan")
# Numeric columns a band can range over: the schema's numeric columns and the derived signed value.
NUMERIC_COLUMNS = frozenset(name for name, dtype, *_ in (*COLUMNS, *DERIVED_COLUMNS) if dtype in ("float64", "int64"))
_DOWN = frozenset({"yoy_decline", "decline"})
# A clause longer than this has lost its punctuation (a scraped table flattened onto one line): only
# its last characters are kept, so the clauses of a line of n figures cost O(n), not O(n²), memory.
# Real clauses stay far below it (the longest of the development reports: 224 characters).
MAX_CLAUSE_CHARS = 500
CLAUSE_END = "，。；！？;!?\n,"

# Stop positions of the texts seen last, per stop set: a rule asks for the clause of thousands of
# figures of one document, and scanning for every stop character each time made it quadratic
# (400,000 characters took 104 s). The text itself is kept beside its positions so the identity
# test below is sound (a live object's id is never reused).
_STOP_CACHE: dict[str, tuple[str, list[int]]] = {}
_STOP_RX: dict[str, re.Pattern[str]] = {}


def stop_positions(text: str, stops: str) -> list[int]:
    """Sorted offsets of every character of `stops` in `text`, computed once per (text, stops)."""
    hit = _STOP_CACHE.get(stops)
    if hit is not None and hit[0] is text:
        return hit[1]
    rx = _STOP_RX.get(stops)
    if rx is None:
        rx = _STOP_RX[stops] = re.compile("[" + re.escape(stops) + "]")
    positions = [m.start() for m in rx.finditer(text)]
    _STOP_CACHE[stops] = (text, positions)
    return positions


def is_null(v: Any) -> bool:
    """A missing cell (None or NaN), as `pandas.isna` reads a scalar."""
    return v is None or (isinstance(v, float) and v != v)


def _typed(values: list[Any], dtype: str, nullable: bool) -> list[Any]:
    """A column's cells as the DataFrame gives them back: NaN for every missing float or string."""
    if dtype == "float64":
        return [NAN if v is None else float(v) for v in values]
    if dtype == "int64":
        return list(map(int, values))
    if dtype == "bool":
        return list(map(bool, values))
    return [NAN if v is None else v for v in values] if nullable else values  # only read: no copy


def metric_rows(cols: Mapping[str, list[Any]], text: str) -> list[Row]:
    """Every figure of a document as a dict of the schema's columns plus the derived ones, from its
    columns (`checker.extract.table.figure_columns`) and its normalised text.

    The dicts are shared by every rule of a run: read them, copy before changing."""
    names = [name for name, *_ in COLUMNS]
    typed = {name: _typed(cols[name], dtype, nullable) for name, dtype, nullable, _doc in COLUMNS}
    # The derived columns are built as columns too, and every row dict is made in one go.
    stops = stop_positions(text, CLAUSE_END)  # the clause starts after the last stop before the figure
    clause_starts = [stops[i - 1] + 1 if i else 0 for i in (bisect_left(stops, s) for s in typed["start"])]
    clauses = [text[max(a, end - MAX_CLAUSE_CHARS):end] for a, end in zip(clause_starts, typed["end"], strict=True)]
    signed = [-value if qualifier in _DOWN or direction == "down" else value
              for value, qualifier, direction in zip(typed["value"], typed["qualifier"], typed["direction"],
                                                     strict=True)]
    typed["subject"] = subjects = list(typed["subject"])  # our own copy: changed in place below
    _inherit_subjects(subjects, typed["qualifies"], typed["row_id"])
    derived = {"clause": clauses, "signed_value": signed}
    names += [name for name, *_ in DERIVED_COLUMNS]
    # Each row a copy of one template then filled: a dict that starts at its full size is never
    # resized while it grows. (Every row has one cell per name: the strict zip checked the columns.)
    template = dict.fromkeys(names)
    rows: list[Row] = []
    for cells in zip(*typed.values(), *(derived[name] for name, *_ in DERIVED_COLUMNS), strict=True):
        row = template.copy()
        row.update(zip(names, cells, strict=False))
        rows.append(row)
    return rows


def _inherit_subjects(subjects: list[Any], qualifies: list[Any], row_ids: list[int]) -> None:
    """A growth row without a subject of its own measures the figure it qualifies (the subject
    column changed in place; the subjects inherited are those of the column as it came)."""
    by_id: dict[int, Any] | None = None
    for k, q in enumerate(qualifies):
        if not is_null(q) and is_null(subjects[k]):
            if by_id is None:
                by_id = dict(zip(row_ids, subjects, strict=True))  # a copy, taken before any change
            subjects[k] = by_id.get(int(q), NAN)

