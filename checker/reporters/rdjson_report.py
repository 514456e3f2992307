"""`--format rdjson`: reviewdog's Diagnostic Format (DiagnosticResult), for `reviewdog -f=rdjson`.

reviewdog counts columns in UTF-8 bytes (1-based, end exclusive), not characters: a Chinese
character is three bytes, so code-point columns would put every comment a third of the way
along. Byte columns are computed from the document's lines (RenderContext.sources, filled by
the CLI for this format). A suggestion becomes a reviewdog suggestion over the same range.
"""

from __future__ import annotations

from typing import Any, TextIO

from checker.findings import Finding, Report, Severity
from checker.reporters import RenderContext
from checker.reporters.describe import SourceLines, utf8_column
from checker.reporters.stream import Stream, dump_json, render_with

SEVERITY = {Severity.error: "ERROR", Severity.warning: "WARNING", Severity.info: "INFO"}


def byte_range(f: Finding, lines: SourceLines) -> dict[str, Any]:
    start_line = lines.line(f, f.line)
    end_line = start_line if f.end_line == f.line else lines.line(f, f.end_line)
    return {"start": {"line": f.line, "column": utf8_column(start_line, f.column)},
            "end": {"line": f.end_line, "column": utf8_column(end_line, f.end_column)}}


def diagnostic(f: Finding, lines: SourceLines) -> dict[str, Any]:
    rng = byte_range(f, lines)
    d: dict[str, Any] = {
        "message": f.message,
        "location": {"path": f.path, "range": rng},
        "severity": SEVERITY[f.severity],
        "code": {"value": f.rule},
    }
    if f.suggestion is not None:
        d["suggestions"] = [{"range": rng, "text": f.suggestion}]
    return d


def write(report: Report, ctx: RenderContext, out: TextIO) -> None:
    lines = SourceLines(ctx.sources)
    result: dict[str, Any] = {"source": {"name": "checker"}}
    worst = report.worst()
    if worst is not None:
        result["severity"] = SEVERITY[worst]
    result["diagnostics"] = Stream(diagnostic(f, lines) for f in report.findings)
    dump_json(result, out)
    out.write("\n")


def render(report: Report, ctx: RenderContext) -> str:
    return render_with(write, report, ctx)
