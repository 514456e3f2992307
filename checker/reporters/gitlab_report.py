"""`--format gitlab`: a GitLab Code Quality report (the Code Climate issue subset GitLab reads).

GitLab compares the report of a merge request with its target branch by `fingerprint`, so it
must not change when unrelated lines move: it is Finding.fingerprint (path, rule, offending
text and its line's text, never the line number) plus the occurrence number, which keeps two
identical findings on one line apart.
"""

from __future__ import annotations

import hashlib
from typing import Any, TextIO

from checker.findings import Finding, Report, Severity
from checker.reporters import RenderContext
from checker.reporters.describe import rule_docs, with_occurrence_fingerprints
from checker.reporters.stream import Stream, dump_json, render_with

# GitLab severities: info, minor, major, critical, blocker.
SEVERITY = {Severity.error: "major", Severity.warning: "minor", Severity.info: "info"}
# Code Climate's fixed category list; a wrong figure is a bug risk, leftover text a matter of clarity or style.
CODE_CLIMATE_CATEGORY = {
    "placeholder": "Clarity", "missing-unit": "Clarity", "artifact": "Style", "unit-format": "Style",
    "implausible-value": "Bug Risk", "implausible-growth": "Bug Risk", "arithmetic": "Bug Risk",
    "inconsistency": "Bug Risk", "input-error": "Compatibility",
}


def issue(f: Finding, fingerprint: str, body: str) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": f.rule,
        "description": f"{f.message} [{f.rule}]",
        "content": {"body": body},
        "categories": [CODE_CLIMATE_CATEGORY.get(f.category, "Clarity")],
        "severity": SEVERITY[f.severity],
        # GitLab's example is an MD5 hex digest; some tooling assumes hex, so hash the readable id.
        "fingerprint": hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()[:32],
        "location": {"path": f.path, "lines": {"begin": f.line, "end": f.end_line}},
    }


def write(report: Report, ctx: RenderContext, out: TextIO) -> None:
    docs = rule_docs(report.findings, ctx)
    dump_json(Stream(issue(f, fp, docs[f.rule].help_markdown)
                     for f, fp in with_occurrence_fingerprints(report.findings)), out)
    out.write("\n")


def render(report: Report, ctx: RenderContext) -> str:
    return render_with(write, report, ctx)
