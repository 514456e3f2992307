"""`--format rich`: the reviewer's terminal view.

Findings grouped by file; for each, the line with the suspect span highlighted (a window of
the line: work-report lines are whole paragraphs), why it is suspect, the suggestion and the
evidence; then a summary table by rule and severity. Report text and file names are shown with
control characters escaped (`escape_controls`): they are data, never sequences for the reader's
terminal, coloured or piped.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, TextIO

from rich.table import Table
from rich.text import Text

from checker.findings import Report
from checker.reporters import RenderContext
from checker.reporters.console import Console
from checker.reporters.describe import FindingsByPath, SourceLines, evidence_text
from checker.reporters.encoding import escape_controls
from checker.reporters.stream import render_with
from checker.ui_text import counted, say

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
WINDOW = 28  # characters of context shown on each side of the span


def snippet(line: str, start_col: int, end_col: int) -> Text:
    s, e = max(0, start_col - 1), max(start_col - 1, end_col - 1)
    lo, hi = max(0, s - WINDOW), min(len(line), e + WINDOW)
    out = Text()
    if lo > 0:
        out.append("…", style="dim")
    out.append(escape_controls(line[lo:s]))
    out.append(escape_controls(line[s:e]) or " ", style="bold reverse red")
    out.append(escape_controls(line[e:hi]))
    if hi < len(line):
        out.append("…", style="dim")
    return out


def write(report: Report, ctx: RenderContext, out: TextIO) -> None:
    """Printed file by file as the report is read; sources are indexed one file at a time."""
    color = ctx.color if ctx.color is not None else False
    console = Console(file=out, force_terminal=color, no_color=not color, width=120, highlight=False,
                      soft_wrap=True)
    by_path = FindingsByPath(report.findings)
    sources = SourceLines(ctx.sources)
    delete = say("label.delete", ctx.lang)
    for path in by_path.paths:
        console.print(Text(escape_controls(path, breaks=True), style="bold underline"))
        idx = sources.index(path)
        for f in by_path.findings(path):
            head = Text(f"  {f.line}:{f.column} ", style="bold")
            head.append(f"{f.severity.value:7}", style=SEVERITY_STYLE[f.severity.value])
            head.append(f" {f.rule} ", style="magenta")
            head.append(f"[{f.category}] ", style="dim")
            head.append(escape_controls(f.message))
            console.print(head)
            line_text = idx.line_text(f.line) if idx and f.line <= idx.line_count else f.context
            if line_text:
                end_col = f.end_column if f.end_line == f.line else len(line_text) + 1
                console.print(Text("      ") + snippet(line_text, f.column, end_col))
            if f.suggestion is not None:
                shown = escape_controls(f.suggestion) if f.suggestion else f"({delete})"
                console.print(Text("      " + say("rich.suggestion", ctx.lang, text=shown), style="green"))
            ev = evidence_text(f)
            if ev:
                console.print(Text("      " + say("rich.evidence", ctx.lang, text=escape_controls(ev)), style="dim"))
        console.print()
    summary = report.summary()
    if report.findings:
        table = Table(title=say("label.summary", ctx.lang), show_lines=False)
        table.add_column(say("label.rule", ctx.lang))
        table.add_column(say("label.category", ctx.lang))
        for sev in ("error", "warning", "info"):
            table.add_column(say(f"severity.{sev}", ctx.lang), justify="right", style=SEVERITY_STYLE[sev])
        counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for f in report.findings:
            counts[(f.rule, f.category)][f.severity.value] += 1
        for (rule, cat), c in sorted(counts.items()):
            table.add_row(rule, cat, *(str(c.get(s, 0) or "") for s in ("error", "warning", "info")))
        console.print(table)
    console.print(summary_line(summary, ctx.lang))


def summary_line(summary: dict[str, Any], lang: str) -> str:
    """The closing line, in the report's language: counts by severity, files checked and unreadable."""
    sev = summary["by_severity"]
    unreadable = summary.get("files_unreadable", summary["files_with_errors"])
    line = say("rich.summary", lang, findings=counted(summary["findings"], "finding", lang),
               errors=counted(sev["error"], "error", lang), warnings=counted(sev["warning"], "warning", lang),
               infos=sev["info"], files=counted(summary["files"], "file", lang))
    return line + (say("rich.unreadable", lang, n=unreadable) if unreadable else "")


def render(report: Report, ctx: RenderContext) -> str:
    return render_with(write, report, ctx)
