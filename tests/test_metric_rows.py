"""The rows the numeric rules read (ctx.metric_rows) are the validated metrics table, cell for cell."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from checker.context import DocumentContext
from checker.document import Document, load
from checker.schemas import COLUMN_NAMES, DERIVED_COLUMNS

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))

MIXED = """一、经济发展
全镇实现地区生产总值12.5亿元，同比增长6.8%；完成固定资产投资3.2亿元，同比下降4.1%。
粮食总产量1.2万吨，其中水稻0.8万吨、玉米0.4万吨。发放低保资金364万，惠及182户516人。
工业增加值较上年增长15%，占比达到30%。
"""


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b and type(a) is type(b)


def _frame_rows(ctx: DocumentContext) -> list[dict[str, Any]]:
    """The pandera-validated DataFrame read back cell by cell, missing values as NaN."""
    df = ctx.metrics
    columns = {c: df[c].to_numpy(dtype=object, na_value=math.nan).tolist() if str(df[c].dtype) in ("str", "string")
               else df[c].tolist() for c in COLUMN_NAMES}
    return [{c: columns[c][i] for c in COLUMN_NAMES} for i in range(len(df))]


@pytest.mark.parametrize("path", SEEDS, ids=[p.name for p in SEEDS])
def test_rows_equal_the_validated_table(path: Path) -> None:
    ctx = DocumentContext(load(path))
    rows, frame = ctx.metric_rows, _frame_rows(ctx)
    assert len(rows) == len(frame) > 20
    for i, (row, cells) in enumerate(zip(rows, frame, strict=True)):
        for c in COLUMN_NAMES:
            if c == "subject":  # rows inherit a growth figure's subject (below)
                continue
            assert _same(row[c], cells[c]), (path.name, i, c, row[c], cells[c])


def _ctx(text: str) -> DocumentContext:
    return DocumentContext(Document.from_text(text, path="t.txt"))


def test_derived_columns() -> None:
    rows = _ctx(MIXED).metric_rows
    by_text = {r["text"]: r for r in rows}
    down = by_text["4.1%"]
    assert down["qualifier"] == "yoy_decline" and down["signed_value"] == -4.1
    assert by_text["6.8%"]["signed_value"] == 6.8
    assert by_text["364万"]["clause"].endswith("发放低保资金364万")
    # a growth figure without a subject of its own measures the figure it qualifies
    growth = by_text["15%"]
    assert isinstance(growth["subject"], str) and "工业增加值" in growth["subject"]
    # missing strings and numbers are NaN, as the DataFrame gives them back
    assert isinstance(by_text["364万"]["unit"], float) and math.isnan(by_text["364万"]["unit"])


def test_an_empty_document_has_no_rows() -> None:
    assert _ctx("").metric_rows == []
    assert _ctx("没有数字的一句话。").metric_rows == []


def test_rows_carry_exactly_the_declared_columns():
    """One declaration (checker/schemas.py) makes both the frame's columns and the rows' keys."""
    ctx = _ctx(MIXED)
    assert list(ctx.metrics.columns) == list(COLUMN_NAMES)
    assert all(list(row) == [*COLUMN_NAMES, *(name for name, *_ in DERIVED_COLUMNS)] for row in ctx.metric_rows)
