"""Evaluation: run the selected rules over one document and collect every finding.

Like pandera's lazy validation, one failing rule never stops the others: a rule that raises
becomes an `internal.rule-error` finding naming the rule, and the run goes on.
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.config import Config
from checker.context import DocumentContext
from checker.document import Document
from checker.findings import Finding, Severity
from checker.rules.kinds.pattern import RuleTimeout
from checker.rules.model import Rule


def _internal(ctx: DocumentContext, rule: Rule, message: str) -> Finding:
    return Finding(rule="internal.rule-error", category="input-error", severity=Severity.warning,
                   path=ctx.path, line=1, column=1, end_line=1, end_column=1, text="",
                   message=f"rule {rule.id} failed on this document: {message}")


def run_rules(ctx: DocumentContext, rules: Sequence[Rule]) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules:
        try:
            findings.extend(rule.check(ctx))
        except RuleTimeout as exc:
            findings.append(_internal(ctx, rule, str(exc)))
        except Exception as exc:  # a broken rule must not take the run down
            findings.append(_internal(ctx, rule, f"{type(exc).__name__}: {exc}"))
    return findings


def check_document(doc: Document, rules: Sequence[Rule], config: Config | None = None,
                   ctx: DocumentContext | None = None) -> list[Finding]:
    """`ctx` lets a caller that also wants the document's metrics table (checker.distributed)
    share one context, so the text is normalised and the figures extracted only once."""
    config = config or Config()
    ctx = ctx if ctx is not None else DocumentContext(doc, lang=config.lang)
    findings = run_rules(ctx, rules)
    out: list[Finding] = []
    seen: set[tuple[str, int, int, int, int]] = set()
    for f in findings:
        key = (f.rule, f.line, f.column, f.end_line, f.end_column)
        if key in seen:
            continue
        seen.add(key)
        sev = config.severity_for(f.rule, f.category, f.severity)
        if sev != f.severity:
            f = f.model_copy(update={"severity": sev})
        if config.path_ignored(f):
            continue
        f.fingerprint = f.compute_fingerprint()
        out.append(f)
    out.sort(key=Finding.sort_key)
    return out
