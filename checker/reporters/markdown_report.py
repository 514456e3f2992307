"""`--format markdown`: a table a reviewer can read in a pull request, an issue or a GitHub job
summary (`>> $GITHUB_STEP_SUMMARY`).

Cells are escaped, not trusted: report text and rule files may hold `|`, `<script>` or
Markdown emphasis, which would break the table or inject HTML into the rendered page.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from checker.findings import Report
from checker.reporters import RenderContext
from checker.reporters.describe import evidence_text, rule_docs
from checker.reporters.encoding import escape_controls
from checker.reporters.stream import render_with
from checker.ui_text import say

# Inside a table cell only inline syntax matters (block syntax such as # or - needs a line start).
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# Label -> catalogue key (checker.ui_text): the page speaks the report's language.
LABELS = {"title": "markdown.title", "file": "label.file", "pos": "label.position", "severity": "label.severity",
          "rule": "label.rule", "category": "label.category", "count": "label.count", "message": "label.finding",
          "text": "label.text", "suggestion": "label.suggestion", "evidence": "label.evidence",
          "delete": "label.delete", "none": "markdown.none", "summary": "markdown.summary",
          "by_rule": "markdown.by_rule", "findings": "markdown.findings", "description": "label.description"}


def cell(value: object) -> str:
    """One table cell: HTML-escaped, Markdown specials backslash-escaped, line breaks as <br>."""
    text = html.escape(str(value), quote=False)
    text = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return escape_controls(re.sub(r"\r\n|\r|\n", "<br>", text))  # ESC, C1 …: visible, after the breaks


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    yield "| " + " | ".join(cell(h) for h in header) + " |"
    yield "|" + "---|" * len(header)
    for row in rows:
        yield "| " + " | ".join(cell(v) for v in row) + " |"


def finding_rows(report: Report, t: dict[str, str]) -> Iterator[tuple[object, ...]]:
    for f in report.findings:
        suggestion = "" if f.suggestion is None else (f.suggestion or f"({t['delete']})")
        yield (f.path, f"{f.line}:{f.column}", f.severity.value, f.rule, f.message, f.text, suggestion,
               evidence_text(f) or "")


def write(report: Report, ctx: RenderContext, out: TextIO) -> None:
    """The lines of the page joined by newlines, written as they are made (the findings table is
    as long as the run)."""
    t = {label: say(key, ctx.lang) for label, key in LABELS.items() if label != "summary"}
    summary = report.summary()
    lines: Iterable[str] = [f"## {t['title']}", "",
                            cell(say("markdown.summary", ctx.lang, n=summary["findings"], f=summary["files"])), ""]
    if not summary["findings"]:
        out.write("\n".join([*lines, t["none"], ""]))
        return
    docs = rule_docs(report.findings, ctx)
    by_rule = [(rule, docs[rule].category, docs[rule].severity.value, n, docs[rule].description)
               for rule, n in summary["by_rule"].items()]
    lines = itertools.chain(
        lines, [f"### {t['by_rule']}", ""],
        table([t["rule"], t["category"], t["severity"], t["count"], t["description"]], by_rule),
        ["", f"### {t['findings']}", ""],
        table([t["file"], t["pos"], t["severity"], t["rule"], t["message"], t["text"], t["suggestion"],
               t["evidence"]], finding_rows(report, t)),
        [""])
    for i, line in enumerate(lines):
        out.write(line if i == 0 else "\n" + line)


def render(report: Report, ctx: RenderContext) -> str:
    return render_with(write, report, ctx)
