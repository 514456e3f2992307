"""`--format markdown`: a table a reviewer can read in a pull request, an issue or a GitHub job
summary (`>> $GITHUB_STEP_SUMMARY`).

Cells are escaped, not trusted: report text and rule files may hold `|`, `<script>` or
Markdown emphasis, which would break the table or inject HTML into the rendered page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from checker.findings import Report
from checker.reporters import RenderContext
from checker.reporters.describe import evidence_text, rule_docs

# Inside a table cell only inline syntax matters (block syntax such as # or - needs a line start).
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
LABELS = {
    "zh": {"title": "checker 检查结果", "file": "文件", "pos": "位置", "severity": "级别", "rule": "规则",
           "category": "类别", "count": "数量", "message": "问题", "text": "原文", "suggestion": "建议",
           "evidence": "依据", "delete": "删除", "none": "未发现问题。", "summary": "{n} 个问题，{f} 个文件",
           "by_rule": "按规则", "findings": "问题清单", "description": "说明"},
    "en": {"title": "checker results", "file": "file", "pos": "position", "severity": "severity", "rule": "rule",
           "category": "category", "count": "count", "message": "message", "text": "text",
           "suggestion": "suggestion", "evidence": "evidence", "delete": "delete", "none": "No findings.",
           "summary": "{n} findings in {f} files", "by_rule": "By rule", "findings": "Findings",
           "description": "description"},
}


def cell(value: object) -> str:
    """One table cell: HTML-escaped, Markdown specials backslash-escaped, line breaks as <br>."""
    text = html.escape(str(value), quote=False)
    text = MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"\r\n|\r|\n", "<br>", text)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return out


def render(report: Report, ctx: RenderContext) -> str:
    t = LABELS.get(ctx.lang, LABELS["zh"])
    summary = report.summary()
    lines = [f"## {t['title']}", "", cell(t["summary"].format(n=summary["findings"], f=summary["files"])), ""]
    if not report.findings:
        return "\n".join([*lines, t["none"], ""])
    docs = rule_docs(report.findings, ctx)
    by_rule = [(rule, docs[rule].category, docs[rule].severity.value, n, docs[rule].description)
               for rule, n in summary["by_rule"].items()]
    lines += [f"### {t['by_rule']}", "",
              *table([t["rule"], t["category"], t["severity"], t["count"], t["description"]], by_rule), ""]
    rows = []
    for f in report.findings:
        suggestion = "" if f.suggestion is None else (f.suggestion or f"({t['delete']})")
        rows.append((f.path, f"{f.line}:{f.column}", f.severity.value, f.rule, f.message, f.text, suggestion,
                     evidence_text(f) or ""))
    lines += [f"### {t['findings']}", "",
              *table([t["file"], t["pos"], t["severity"], t["rule"], t["message"], t["text"], t["suggestion"],
                      t["evidence"]], rows), ""]
    return "\n".join(lines)
