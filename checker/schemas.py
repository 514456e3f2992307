"""The metrics table's schema, in one place (pandera).

One row per figure found in a report. Every extraction is validated against METRICS_SCHEMA;
a failure is a bug in the extractor, never the user's problem. The numeric rules read only
these columns, so the column list is a contract between `checker.extract` and `rules/`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    # Added by the extractor (issue 4); additive, same meanings everywhere.
    ("unit_text", "str", True, "the unit as written (平米, m2, mw); `unit` is its canonical name (平方米, 兆瓦)"),
    ("approx_position", "str", True, "where the approximation marker stands: before (约1000), after (1000余, "
                                     "1.7万余), inside (the malformed 1.7余万: a unit-format defect)"),
    ("bound", "str", True, "ge for 以上/不少于/至少, le for 以下/以内/不足: the figure is a bound, not a value"),
    ("decimal_mark", "str", True, "、 or ， typed where a decimal point belongs (3、19亿元 read as 3.19亿元); "
                                  "null when the decimal point is normal"),
    ("blank", "bool", False, "true for a template blank: a measure word with no number (共发展党员名); "
                             "number and value are null"),
    ("form", "str", False, "how the number is written: arabic | chinese | words (百分之…) | ratio (a:b, value "
                           "a/b, unit 比) | blank"),
    ("direction", "str", True, "up | down for a growth/change qualifier, else null"),
    ("item", "str", True, "enumeration label of the list item the figure is in (3, （2）, 二是)"),
    # What the figure is about (issue 13; rules/figure_context.yaml, checker/extract/aspects.py): the
    # relational rules compare only figures that agree on these.
    ("scope", "str", False, "whole (the reporting place) | group (the units of a list closed by 等N个…) | the name "
                            "of one unit inside it (箐头村, 工业园区)"),
    ("period", "str", False, "year | months (1-6月) | half (上半年) | quarter | to_date (截至9月) | prev_year | "
                             "prev_period (去年同期) | span (五年来, 累计, 2016-2020年) | next_year"),
    ("year", "float64", True, "the calendar year written nearest before the figure in its sentence (not a "
                              "comparison base after 比/较); null when none"),
    ("figure_role", "str", False, "ranking | per_capita | growth | average | share | plan | part | item | count | "
                                  "total | level (a plain amount): what kind of figure it is"),
)

# Values of `role`: total (a 共计/合计/总… figure or the whole of a 其中-decomposition), part (a figure
# after 其中 that belongs to the total of the same unit kind before it), item (the figure of one item of
# a list announced by a total: 总投资6.85亿元 followed by 1．…计划投资1044万…), count (the number of
# items announced beside such a total: 重点项目8个). `group` is the row_id of the total for all of them.
# `qualifier`: yoy_growth / yoy_decline (同比…, 较上年…), growth / decline (增长, 下降 without a period),
# percentage_points (a change written in 个百分点), share (占…的X%), change (a clause of only a word of
# change and a figure right after a figure of its unit: 稻谷面积184865亩，增加6727亩). `qualifies` is the
# row_id of the figure a qualifier row belongs to (null when the clause has no figure of its own:
# 收入同比增长13.8%).
# `pair` is the row_id of the first figure of a compound (182户516人, 50MW/100MWh).

COLUMN_NAMES: tuple[str, ...] = tuple(c[0] for c in COLUMNS)
# Columns the rows add for the rules (checker/extract/rows.py), derived from those above; the rules
# filter on them, the DataFrame leaves them out. (column, dtype, nullable, meaning)
DERIVED_COLUMNS: tuple[tuple[str, str, bool, str], ...] = (
    ("clause", "str", False, "the clause up to and including the figure (at most its last 500 characters)"),
    ("signed_value", "float64", True, "value, negative for a fall (下降12% -> -12): one band covers rises and falls"),
)

_DTYPES = {"str": str, "int64": "int64", "float64": "float64", "bool": bool}


def __getattr__(name: str) -> Any:
    """METRICS_SCHEMA and METRICS_SCHEMA_TYPED, built on first use: the column list above is all a
    check needs, and importing pandera (and pandas) for it cost half a second of every cold start."""
    if name == "METRICS_SCHEMA":
        return _metrics_schema()
    if name == "METRICS_SCHEMA_TYPED":
        return _metrics_schema_typed()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _metrics_schema() -> pa.DataFrameSchema:
    import pandera.pandas as pa

    return pa.DataFrameSchema(
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


@cache
def _metrics_schema_typed() -> pa.DataFrameSchema:
    """The same schema (columns, dtypes, nullability, checks) without coercion: what the extractor
    validates its own output with, since it builds every column in its final dtype. Coercion costs
    more than all the checks together; a frame that passes this one passes METRICS_SCHEMA too."""
    from pandera.engines import pandas_engine

    class ExactString(pandas_engine.STRING):
        """pandas' string dtype, checked as a whole column.

        pandera's STRING answers an exact dtype match with an all-True array, as if it had looked
        at every element, and then formats (empty) failure cases for each string column: most of
        the cost of validating a metrics table. A column of StringDtype can only hold strings and
        NA, so the dtype match is the whole answer.
        """

        def check(self, pandera_dtype: Any, data_container: Any = None) -> Any:
            try:
                if pandas_engine.Engine.dtype(pandera_dtype).type == self.type:
                    return True
            except TypeError:
                return False
            return super().check(pandera_dtype, data_container)

    schema = _metrics_schema()
    columns = {name: col.set_checks(col.checks) for name, col in schema.columns.items()}
    for col in columns.values():
        col.coerce = False
        if isinstance(col.dtype, pandas_engine.STRING):
            col.dtype = ExactString()  # type: ignore[call-arg]  # pandera's dataclass fields: at run time (storage=None)
    return schema.__class__(columns, strict=schema.strict, ordered=schema.ordered, name=f"{schema.name}-typed",
                            coerce=False)
