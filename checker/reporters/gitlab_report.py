"""`--format gitlab`: a GitLab Code Quality report (the Code Climate issue subset GitLab reads).

GitLab compares the report of a merge request with its target branch by `fingerprint`, so it
must not change when unrelated lines move: it is Finding.fingerprint (path, rule, offending
text and its line's text, never the line number) plus the occurrence number, which keeps two
identical findings on one line apart.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from checker.findings import Finding, Report, Severity
from checker.reporters import RenderContext
from checker.reporters.describe import occurrence_fingerprints, rule_docs

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


def render(report: Report, ctx: RenderContext) -> str:
    docs = rule_docs(report.findings, ctx)
    issues = [issue(f, fp, docs[f.rule].help_markdown)
              for f, fp in zip(report.findings, occurrence_fingerprints(report.findings), strict=True)]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
