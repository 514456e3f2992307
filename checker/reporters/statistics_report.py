"""`checker check --statistics` (or `--format statistics`): how many findings each rule made, as
ruff's `--statistics` shows them: one line per rule, most frequent first, `[*]` where
`checker fix` can apply the rule's suggestions. What a team looks at before adopting checker on
an archive (which rules to tune, ignore or baseline).
"""

from __future__ import annotations

from typing import TextIO

from checker.findings import Report
from checker.reporters import RenderContext
from checker.reporters.concise_report import one_line
from checker.reporters.describe import rule_docs
from checker.reporters.stream import render_with

TOTAL = {"zh": "合计 {n} 个问题，{rules} 条规则", "en": "{n} findings from {rules} rules"}


def write(report: Report, ctx: RenderContext, out: TextIO) -> None:
    by_rule = report.summary()["by_rule"]
    if not by_rule:
        return
    docs = rule_docs(report.findings, ctx)
    fixable = {r.id for r in ctx.rules if getattr(r, "safe_fix", False)}
    width = max(len(rule) for rule in by_rule)
    count_width = len(str(max(by_rule.values())))
    for rule, n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        doc = docs.get(rule)
        severity = doc.severity.value if doc else ""
        mark = "[*]" if rule in fixable else "   "
        description = one_line(doc.description) if doc else ""
        out.write(f"{n:>{count_width}}  {rule:<{width}}  {severity:<7}  {mark} {description}".rstrip() + "\n")
    out.write(TOTAL.get(ctx.lang, TOTAL["zh"]).format(n=sum(by_rule.values()), rules=len(by_rule)) + "\n")


def render(report: Report, ctx: RenderContext) -> str:
    return render_with(write, report, ctx)
