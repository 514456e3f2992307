"""`--format json`: the contract other tools read (DEVELOPERS.md). Fields may only be added."""

from __future__ import annotations

import json

from checker.findings import Report
from checker.reporters import RenderContext

JSON_SCHEMA_VERSION = "1.0"


def render(report: Report, ctx: RenderContext) -> str:
    payload = {
        "version": JSON_SCHEMA_VERSION,
        "tool": {"name": "checker", "version": ctx.version},
        "findings": [f.model_dump(mode="json") for f in report.findings],
        "files": [s.model_dump(mode="json") for s in report.files],
        "summary": report.summary(),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
