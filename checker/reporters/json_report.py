"""`--format json`: the contract other tools read (DEVELOPERS.md). Fields may only be added.

Written finding by finding (checker.reporters.stream), so a run over a whole archive never holds
the document as one string; `summary` comes last, counted while the findings were spooled."""

from __future__ import annotations

from typing import TextIO

from checker.findings import Report
from checker.reporters import RenderContext
from checker.reporters.stream import Stream, dump_json, render_with

JSON_SCHEMA_VERSION = "1.0"


def write(report: Report, ctx: RenderContext, out: TextIO) -> None:
    payload = {
        "version": JSON_SCHEMA_VERSION,
        "tool": {"name": "checker", "version": ctx.version},
        "findings": Stream(f.model_dump(mode="json") for f in report.findings),
        "files": Stream(s.model_dump(mode="json") for s in report.files),
        "summary": report.summary(),
    }
    dump_json(payload, out)
    out.write("\n")


def render(report: Report, ctx: RenderContext) -> str:
    return render_with(write, report, ctx)
