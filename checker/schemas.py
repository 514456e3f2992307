"""The metrics table's schema, in one place (pandera).

One row per figure found in a report. Every extraction is validated against METRICS_SCHEMA;
a failure is a bug in the extractor, never the user's problem. The numeric rules read only
these columns, so the column list is a contract between `checker.extract` and `rules/`.
"""

from __future__ import annotations

import pandera.pandas as pa

# (column, dtype, nullable, meaning)
COLUMNS: tuple[tuple[str, str, bool, str], ...] = (
    ("path", "str", False, "document path as given"),
    ("line", "int64", False, "1-based line of the figure's first character in the original file"),
    ("column", "int64", False, "1-based column (code points) of the first character"),
    ("end_line", "int64", False, "line of the last character"),
    ("end_column", "int64", False, "column just after the last character (exclusive)"),
    ("start", "int64", False, "offset of the figure in the normalised text (for findings)"),
    ("end", "int64", False, "end offset (exclusive) in the normalised text"),
    ("text", "str", False, "the figure as written in the original file, e.g. 2.45万亩"),
    ("number", "float64", True, "the number as written, without magnitude (2.45); null when blank"),
    ("magnitude", "float64", False, "multiplier of 十/百/千/万/亿/万亿 written with the number (1e4)"),
    ("value", "float64", True, "number × magnitude (24500); null for a blank figure"),
    ("decimals", "int64", False, "decimals written (2 for 6.85): the rounding tolerance of the figure"),
    ("unit", "str", True, "unit without magnitude (元, 亩, 人, %, MW …); null when none is written"),
    ("unit_kind", "str", True, "currency, area, length, mass, volume, energy, power, people, households, "
                               "count, events, percent, time …"),
    ("base_value", "float64", True, "value in the unit kind's base unit (万元 -> 元, 公顷 -> 亩)"),
    ("approx", "bool", False, "余/多/约/近/超/以上/左右/逾 …"),
    ("approx_marker", "str", True, "the approximation marker(s) written"),
    ("is_range", "bool", False, "a range such as 3至5个, 10—20亩"),
    ("range_high", "float64", True, "upper bound of a range (value is the lower bound)"),
    ("subject", "str", True, "what the figure measures, from the clause before it (油菜种植面积)"),
    ("subject_key", "str", True, "normalised subject for matching restatements"),
    ("qualifier", "str", True, "yoy_growth, yoy_decline, change, percentage_points, share …"),
    ("qualifies", "float64", True, "row id of the figure a growth/change qualifier belongs to"),
    ("role", "str", True, "total | part | item: the figure's place in a 其中 / 共计 / enumerated structure"),
    ("group", "float64", True, "id shared by a total and its parts (其中-decomposition, enumerated list)"),
    ("pair", "float64", True, "id shared by compound figures (182户516人)"),
    ("section", "str", False, "section path, e.g. 一/（二）/3"),
    ("sentence", "int64", False, "0-based sentence index in the document"),
    ("row_id", "int64", False, "0-based row id within the document"),
)

_DTYPES = {"str": str, "int64": "int64", "float64": "float64", "bool": bool}

METRICS_SCHEMA = pa.DataFrameSchema(
    {name: pa.Column(_DTYPES[dtype], nullable=nullable, coerce=True, description=doc)
     for name, dtype, nullable, doc in COLUMNS}
    | {
        "line": pa.Column("int64", pa.Check.ge(1), coerce=True),
        "column": pa.Column("int64", pa.Check.ge(1), coerce=True),
        "magnitude": pa.Column("float64", pa.Check.gt(0), coerce=True),
        "decimals": pa.Column("int64", pa.Check.ge(0), coerce=True),
    },
    strict=False,
    ordered=False,
    name="metrics",
)

COLUMN_NAMES: tuple[str, ...] = tuple(c[0] for c in COLUMNS)
