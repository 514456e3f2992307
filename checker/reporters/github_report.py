"""`--format github`: GitHub Actions workflow commands, which GitHub turns into annotations.

    ::error file=a.txt,line=3,endLine=3,col=5,endColumn=8,title=placeholder.xxx::message

GitHub reads the property list up to `::` and splits it on `,` and `=`, so a file name or
title containing `:` or `,` must be percent-encoded, as must `%`, CR and LF anywhere (the
rules of actions/toolkit's `command.ts`). Chinese file names and messages pass through.
"""

from __future__ import annotations

from typing import TextIO

from checker.findings import Finding, Report, Severity
from checker.reporters import RenderContext
from checker.reporters.describe import evidence_text
from checker.reporters.encoding import escape_controls
from checker.reporters.stream import render_with
from checker.ui_text import say

COMMAND = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}
def escape_data(s: str) -> str:
    """Percent-encoding as GitHub reads it; other control characters (ESC …) shown as escapes,
    since the job log is a terminal view."""
    return escape_controls(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding, lang: str) -> str:
    suggestion, delete, evidence = (say(k, lang) for k in ("label.suggestion", "label.delete", "label.evidence"))
    props = {"file": f.path, "line": f.line, "endLine": f.end_line, "col": f.column, "endColumn": f.end_column,
             "title": f"{f.rule} [{f.category}]"}
    body = [f.message]
    if f.suggestion is not None:
        body.append(f"{suggestion}: {f.suggestion or '(' + delete + ')'}")
    ev = evidence_text(f)
    if ev:
        body.append(f"{evidence}: {ev}")
    prop_text = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{COMMAND[f.severity]} {prop_text}::{escape_data(chr(10).join(body))}\n"


def write(report: Report, ctx: RenderContext, out: TextIO) -> None:
    for f in report.findings:
        out.write(annotation(f, ctx.lang))


def render(report: Report, ctx: RenderContext) -> str:
    return render_with(write, report, ctx)
