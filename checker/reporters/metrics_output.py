"""The metrics table as output: JSON records, CSV, or a rich table (`checker metrics`; the run
itself is `checker.api.metrics_for_paths`).

The JSON form is an object {"version", "metrics": [records], "errors": [...]}; each record
carries every column of checker/schemas.py with NaN turned into null, so `value`, `unit`,
`text`, `line`, `column`, `end_column` keep the meanings other tools rely on.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from checker.schemas import COLUMN_NAMES

TABLE_COLUMNS = ("line", "column", "text", "value", "unit", "base_value", "approx", "subject", "qualifier",
                 "role", "group", "scope", "period", "figure_role", "section")
_INT_LIKE = ("qualifies", "group", "pair")


@dataclass
class MetricsRun:
    frames: list[pd.DataFrame] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def table(self) -> pd.DataFrame:
        if not self.frames:
            from checker.extract import empty_table

            return empty_table()
        return pd.concat(self.frames, ignore_index=True)


def _clean(v: Any, column: str) -> Any:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):
        v = v.item()
    if column in _INT_LIKE and isinstance(v, float):
        return int(v)
    return v


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    cols = [c for c in COLUMN_NAMES if c in table.columns]
    data = {c: table[c].tolist() for c in cols}
    return [{c: _clean(data[c][i], c) for c in cols} for i in range(len(table))]


def render_json(run: MetricsRun, version: str) -> str:
    return json.dumps({"version": version, "metrics": records(run.table), "errors": run.errors},
                      ensure_ascii=False, indent=2) + "\n"


def render_csv(run: MetricsRun) -> str:
    buf = io.StringIO()
    table = run.table
    table[[c for c in COLUMN_NAMES if c in table.columns]].to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.10g}" if abs(v) >= 1e4 else f"{v:.10g}"
    if isinstance(v, bool):
        return "≈" if v else ""
    return str(v)


def render_table(run: MetricsRun, color: bool) -> str:
    from rich.console import Console
    from rich.table import Table

    from checker.reporters.encoding import escape_controls

    table = run.table
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, width=200 if not color else None, no_color=not color)
    for path, frame in table.groupby("path", sort=False):
        t = Table(title=escape_controls(str(path), breaks=True), show_lines=False)
        for c in TABLE_COLUMNS:
            t.add_column(c, justify="right" if c in ("line", "column", "value", "base_value") else "left")
        for rec in records(frame):  # report text is data, never escape sequences for the terminal
            t.add_row(*[escape_controls(_fmt(rec[c]), breaks=True) for c in TABLE_COLUMNS])
        console.print(t)
    return buf.getvalue()
