"""`--format concise`: one line per finding, `path:line:col: severity rule message`.

The shape compilers, ruff's `--output-format concise` and grep share, so editors (quickfix lists),
log search and `sort`/`uniq` work on it. A finding is one line whatever its text holds: line
breaks and other control characters in the message are shown as escapes, never sent raw.
"""

from __future__ import annotations

from typing import TextIO

from checker.findings import Finding, Report
from checker.reporters import RenderContext
from checker.reporters.stream import render_with
from checker.ui_text import say


def one_line(s: str) -> str:
    """`s` with every C0/C1 control character (line breaks, ESC) escaped, so a finding stays one line."""
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in s)


def line_of(f: Finding, lang: str) -> str:
    suggestion, delete = say("label.suggestion", lang).lower(), say("label.delete", lang)
    text = f"{one_line(f.path)}:{f.line}:{f.column}: {f.severity.value} {f.rule} {one_line(f.message)}"
    if f.suggestion is not None:
        text += f" ({suggestion}: {one_line(f.suggestion) or delete})"
    return text + "\n"


def write(report: Report, ctx: RenderContext, out: TextIO) -> None:
    for f in report.findings:
        out.write(line_of(f, ctx.lang))


def render(report: Report, ctx: RenderContext) -> str:
    return render_with(write, report, ctx)
