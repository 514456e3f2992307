"""What a rule sees of one document: original and normalised text, positions, metrics.

Rules search the normalised copy (`ctx.text`) and hand spans of it to `ctx.finding`, which maps
them to the original file; rules that must see the original characters (e.g. traditional-script
over-conversion, which t2s would erase) search `ctx.original` and use `ctx.finding_orig`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from checker.document import Document
from checker.findings import Category, Finding, Severity
from checker.normalize import NormalizedText, normalize

if TYPE_CHECKING:
    import pandas as pd

    from checker.extract import Metrics
    from checker.extract.rows import Row


class MessageTemplate(Protocol):
    def render(self, lang: str, fields: dict[str, Any]) -> str: ...


class FindingSource(Protocol):
    """What a finding takes from the rule that made it (`checker.rules.model.Rule` is one): named
    here so that the context, below the rules, never imports them."""

    @property
    def id(self) -> str: ...

    @property
    def category(self) -> Category: ...

    @property
    def severity(self) -> Severity: ...

    @property
    def message(self) -> MessageTemplate: ...


class DocumentContext:
    def __init__(self, doc: Document, lang: str = "zh", norm: NormalizedText | None = None) -> None:
        self.doc = doc
        self.lang = lang
        self.norm = norm if norm is not None else normalize(doc.text)

    @property
    def path(self) -> str:
        return self.doc.path

    @property
    def text(self) -> str:
        """The normalised copy."""
        return self.norm.text

    @property
    def original(self) -> str:
        return self.doc.text

    @cached_property
    def figures(self) -> Metrics:
        """This document's figures (checker.extract), extracted on first use only: a run whose rules
        read no figures never pays for extraction, nor imports the extractor."""
        from checker.extract import extract

        return extract(self.doc, self.norm)

    @property
    def metric_columns(self) -> Mapping[str, list[Any]]:
        """The figures as plain columns, in `schemas.COLUMNS` order."""
        return self.figures.columns

    @property
    def metric_rows(self) -> list[Row]:
        """One dict per figure, as the numeric rules read them (checker.extract.rows)."""
        return self.figures.rows

    @property
    def metrics(self) -> pd.DataFrame:
        """The figures as a pandera-validated DataFrame (built on first use: a check that never
        asks for it never imports pandas)."""
        return self.figures.frame

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.smap.span(start, end)

    def finding(self, rule: FindingSource, start: int, end: int, **fields: Any) -> Finding:
        """A finding for the normalised span [start, end)."""
        ostart, oend = self.orig_span(start, end)
        return self.finding_orig(rule, ostart, oend, **fields)

    def finding_orig(self, rule: FindingSource, ostart: int, oend: int, *, evidence: dict[str, Any] | None = None,
                     suggestion: str | None = None, **fields: Any) -> Finding:
        """A finding for the original span [ostart, oend)."""
        return finding_at(self.doc, rule, ostart, oend, self.lang, evidence=evidence, suggestion=suggestion,
                          **fields)


def finding_at(doc: Document, rule: FindingSource, ostart: int, oend: int, lang: str, *,
               evidence: dict[str, Any] | None = None, suggestion: str | None = None, **fields: Any) -> Finding:
    """A finding of `rule` for the original span [ostart, oend) of `doc`, its message in `lang`
    (what `DocumentContext.finding_orig` makes; for a caller with no normalised copy at hand)."""
    lines = doc.lines
    line, col = lines.position(ostart)
    if oend > ostart:
        end_line, end_col = lines.position(oend - 1)
        end_col += 1
    else:
        end_line, end_col = line, col
    text = doc.text[ostart:oend]
    fields.setdefault("text", text)
    if suggestion is not None:
        fields.setdefault("suggestion", suggestion)
    finding = Finding(
        rule=rule.id,
        category=rule.category,
        severity=rule.severity,
        path=doc.path,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        text=text,
        message=rule.message.render(lang, fields),
        suggestion=suggestion,
        evidence=evidence,
        context=lines.line_text(line),
    )
    finding._offsets = (ostart, oend)
    return finding
