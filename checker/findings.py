"""Findings: what every rule produces and every reporter consumes.

The JSON contract (DEVELOPERS.md) is the field list of `Finding`; it may only grow.
Positions are 1-based, in code points of the *original* file; `end_column` is exclusive
(the column just after the span), the convention SARIF uses, so `text` is exactly
`line[column-1:end_column-1]` when the span sits on one line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from enum import Enum
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field, PrivateAttr, SerializerFunctionWrapHandler, field_serializer, model_serializer

Category = Literal[
    "placeholder",
    "artifact",
    "missing-unit",
    "unit-format",
    "implausible-value",
    "implausible-growth",
    "arithmetic",
    "inconsistency",
    "input-error",
]
CATEGORIES: tuple[str, ...] = get_args(Category)


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used by --fail-on thresholds."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Finding(BaseModel):
    rule: str
    category: Category
    severity: Severity
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    message: str
    suggestion: str | None = None
    evidence: dict[str, Any] | None = None
    # The whole original line the finding starts on; used by baselines and fingerprints so that
    # a finding survives edits elsewhere in the file.
    context: str = Field(default="", exclude=True)
    fingerprint: str = ""
    # The 1-based page of a paged source (PDF), where `line` counts the lines of its text layer;
    # absent from the output for other formats, so their JSON is unchanged.
    page: int | None = None

    @model_serializer(mode="wrap")
    def _without_absent_page(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict) and data.get("page", 0) is None:
            del data["page"]
        return data
    # [start, end) offsets of the span in the original text, set where the finding is made and
    # read by the findings policy (inline suppressions), which drops them when it is done: no part
    # of the contract, never serialised.
    _offsets: tuple[int, int] | None = PrivateAttr(default=None)

    def sort_key(self) -> tuple[str, int, int, str, int, int]:
        return (self.path, self.line, self.column, self.rule, self.end_line, self.end_column)

    def compute_fingerprint(self) -> str:
        """Stable across line moves: path, rule, the offending text and its line's text."""
        payload = "\x1f".join((self.path, self.rule, self.text.strip(), self.context.strip()))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


class FileStatus(BaseModel):
    path: str
    ok: bool
    encoding: str | None = None
    error: str | None = None
    findings: int = 0


# One checked file: its status and its findings (what a batch run produces per input).
CheckResult = tuple[FileStatus, list[Finding]]


class Report(BaseModel):
    findings: list[Finding] = Field(default_factory=list)
    files: list[FileStatus] = Field(default_factory=list)
    # Set when a baseline was applied: {"suppressed": n, "fixed": m} (checker/baseline.py).
    baseline: dict[str, Any] | None = None

    @field_serializer("findings", "files", mode="wrap")
    def _as_lists(self, value: Sequence[Any], handler: SerializerFunctionWrapHandler) -> Any:
        """A streamed report dumps like a listed one (model_dump is for tests and small runs)."""
        return handler(value if isinstance(value, list) else list(value))

    @classmethod
    def streamed(cls, findings: Sequence[Finding], files: Sequence[FileStatus]) -> Report:
        """A report over sequences that are not lists: checker.spool's on-disk findings and compact
        statuses (check_paths). No validation: it would copy them into lists, the memory they save."""
        return cls.model_construct(findings=findings, files=files, baseline=None)

    def sorted(self) -> Report:
        if not isinstance(self.findings, list):  # a spool is sorted as it is written
            return self
        return Report(findings=sorted(self.findings, key=Finding.sort_key), files=self.files,
                      baseline=self.baseline)

    def _counts(self) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
        """Findings by severity, category and rule: counted while spooling, else counted here."""
        by_sev: dict[str, int] = {s.value: 0 for s in Severity}
        counted = getattr(self.findings, "by_severity", None)
        if counted is not None:
            by_sev.update(counted)
            return by_sev, dict(self.findings.by_category), dict(self.findings.by_rule)  # type: ignore[attr-defined]
        by_cat: dict[str, int] = {}
        by_rule: dict[str, int] = {}
        for f in self.findings:
            by_sev[f.severity.value] += 1
            by_cat[f.category] = by_cat.get(f.category, 0) + 1
            by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        return by_sev, by_cat, by_rule

    def summary(self) -> dict[str, Any]:
        by_sev, by_cat, by_rule = self._counts()
        return {
            "files": len(self.files),
            # files_with_errors predates the two below and keeps its meaning (files that could not be
            # read); files_unreadable says it by name, files_with_findings counts the files read that
            # have a finding.
            "files_with_errors": sum(1 for s in self.files if not s.ok),
            "files_unreadable": sum(1 for s in self.files if not s.ok),
            "files_with_findings": sum(1 for s in self.files if s.ok and s.findings),
            "findings": len(self.findings),
            "by_severity": by_sev,
            "by_category": dict(sorted(by_cat.items())),
            "by_rule": dict(sorted(by_rule.items())),
            **({"baseline": self.baseline} if self.baseline is not None else {}),
        }

    def worst(self) -> Severity | None:
        by_sev = self._counts()[0]
        present = [s for s in Severity if by_sev[s.value]]
        return max(present, key=lambda s: s.rank) if present else None
