"""Figures of one document -> the metrics DataFrame (columns documented in checker/schemas.py).

Columns are built as plain lists and turned into one DataFrame at the end (no per-row pandas
work); the result is validated against METRICS_SCHEMA, so a malformed table fails loudly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from checker.extract.figures import Figure, scan
from checker.extract.structure import layout, relate
from checker.extract.subjects import clause_after, clause_before, subject_after, subject_key, subject_of_clause
from checker.schemas import COLUMN_NAMES, COLUMNS, METRICS_SCHEMA_TYPED

if TYPE_CHECKING:
    from checker.context import DocumentContext


def _subjects(text: str, figs: list[Figure]) -> tuple[list[int], list[str | None]]:
    """Clause start and subject of every figure."""
    starts: list[int] = []
    subjects: list[str | None] = []
    sentence_break = frozenset("。！？!?\n；;")
    for i, f in enumerate(figs):
        floor = figs[i - 1].end if i else 0
        cstart, clause = clause_before(text, f.start, floor)
        glued = i > 0 and text[floor: f.start] in ("", "/")
        events = f.unit is not None and f.unit.kind in ("events", "person_times", "household_times")
        read = subject_of_clause(clause, events) if clause else None
        subject = read.subject if read else None
        if glued and subjects[i - 1]:
            subject = subjects[i - 1]  # the second member of 182户516人, 50MW/100MWh
        elif read is None or read.prefer_after or (text[cstart - 1: cstart] == "、" and len(clause) <= 4
                                                    and not text.startswith("的", f.end)):
            # (…、礼堂四个场点: a list item before the figure, the counted noun after it)
            # the noun after the figure, or after the last member of a compound (21.78万块450Wp太阳能组件)
            k = i
            while k + 1 < len(figs) and text[figs[k].end: figs[k + 1].start] in ("", "/"):
                k += 1
            subject = subject_after(clause_after(text, figs[k].end)) or subject
        if subject is None and i and not any(ch in sentence_break for ch in text[floor: f.start]):
            subject = subjects[i - 1]  # …83份，共计4.2万元: the same thing, counted in another unit
        starts.append(cstart)
        subjects.append(subject)
    return starts, subjects


_PANDAS_DTYPES = {"str": "str", "int64": "int64", "float64": "float64", "bool": "bool"}


def build_table(ctx: DocumentContext) -> pd.DataFrame:
    text = ctx.text
    figs = scan(text)
    lay = layout(text)
    clause_starts, subjects = _subjects(text, figs)
    keys = [subject_key(s) for s in subjects]
    rel = relate(text, figs, lay, clause_starts, keys)
    # a growth figure measures the change of what it qualifies
    for i, q in enumerate(rel.qualifies):
        if q is not None and subjects[q]:
            subjects[i] = subjects[q]
            keys[i] = keys[q]
    lines = ctx.doc.lines
    original = ctx.original
    path = ctx.path
    cols: dict[str, list[Any]] = {c: [] for c in COLUMN_NAMES}
    put = {c: cols[c].append for c in COLUMN_NAMES}
    for i, f in enumerate(figs):
        ostart, oend = ctx.orig_span(f.start, f.end)
        line, col = lines.position(ostart)
        end_line, end_col = lines.position(max(ostart, oend - 1))
        unit = f.unit
        value = f.value
        put["path"](path)
        put["line"](line)
        put["column"](col)
        put["end_line"](end_line)
        put["end_column"](end_col + 1)
        put["start"](f.start)
        put["end"](f.end)
        put["text"](original[ostart:oend])
        put["number"](f.number)
        put["magnitude"](f.magnitude)
        put["value"](value)
        put["decimals"](f.decimals)
        put["unit"](unit.name if unit else None)
        put["unit_kind"](unit.kind if unit else None)
        put["base_value"](f.base_value)
        put["approx"](f.approx_marker is not None)
        put["approx_marker"](f.approx_marker)
        put["is_range"](f.range_high is not None)
        put["range_high"](f.range_high)
        put["subject"](subjects[i])
        put["subject_key"](keys[i])
        put["qualifier"](rel.qualifier[i])
        put["qualifies"](rel.qualifies[i])
        put["role"](rel.role[i])
        put["group"](rel.group[i])
        put["pair"](rel.pair[i])
        put["section"](lay.section_of(f.start))
        put["sentence"](lay.sentence_of(f.start))
        put["row_id"](i)
        put["unit_text"](f.unit_text if f.unit_text is not None else (unit.name if unit else None))
        put["approx_position"](f.approx_position)
        put["bound"](f.bound)
        put["decimal_mark"](f.decimal_mark)
        put["blank"](f.number is None)
        put["form"](f.form)
        put["direction"](rel.direction[i])
        put["item"](rel.item[i])
    # Columns typed exactly as the schema wants them: pandera then validates without coercing
    # (a mistyped column costs it ~4x the time).
    frame = pd.DataFrame({name: pd.Series(cols[name], dtype=_PANDAS_DTYPES[dtype])
                          for name, dtype, _nullable, _doc in COLUMNS})
    return METRICS_SCHEMA_TYPED.validate(frame, inplace=True)  # our own frame: no defensive copy
