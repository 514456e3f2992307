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


def _internal(ctx: DocumentContext, rule: Rule, message: str, error: str) -> Finding:
    return Finding(rule="internal.rule-error", category="input-error", severity=Severity.warning,
                   path=ctx.path, line=1, column=1, end_line=1, end_column=1, text="",
                   message=f"rule {rule.id} failed on this document: {message}",
                   evidence={"rule": rule.id, "error": error, **({"source": rule.source} if rule.source else {})})


def run_rules(ctx: DocumentContext, rules: Sequence[Rule]) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules:
        # A rule that fails part-way reports nothing but its failure: what it found before a
        # timeout depends on the machine's speed, and output must not.
        try:
            found = list(rule.check(ctx))
        except RuleTimeout as exc:
            findings.append(_internal(ctx, rule, str(exc), "timeout"))
        except Exception as exc:  # a broken rule must not take the run down
            findings.append(_internal(ctx, rule, f"{type(exc).__name__}: {exc}", type(exc).__name__))
        else:
            findings.extend(found)
    return findings


def check_document(doc: Document, rules: Sequence[Rule], config: Config | None = None,
                   ctx: DocumentContext | None = None) -> list[Finding]:
    """`ctx` lets a caller that also wants the document's metrics table (checker.distributed)
    share one context, so the text is normalised and the figures extracted only once."""
    config = config or Config()
    ctx = ctx if ctx is not None else DocumentContext(doc, lang=config.lang)
    findings = run_rules(ctx, rules)
    out: list[Finding] = []
    seen: set[tuple[str, int, int, int, int, str]] = set()
    # Findings on one line share its text as context; hashing a 50,000-character line once per
    # finding made a long line with thousands of findings quadratic. Equal inputs, equal hash.
    fingerprints: dict[tuple[str, str, str, str], str] = {}
    for f in findings:
        # the failing rule is part of an internal.rule-error's identity: all sit at 1:1, and each
        # failing rule must be reported, not only the first
        failed = str(f.evidence["rule"]) if f.rule == "internal.rule-error" and f.evidence else ""
        key = (f.rule, f.line, f.column, f.end_line, f.end_column, failed)
        if key in seen:
            continue
        seen.add(key)
        sev = config.severity_for(f.rule, f.category, f.severity)
        if sev != f.severity:
            f = f.model_copy(update={"severity": sev})
        if config.path_ignored(f):
            continue
        fp_key = (f.path, f.rule, f.text, f.context)
        fp = fingerprints.get(fp_key)
        if fp is None:
            fp = fingerprints[fp_key] = f.compute_fingerprint()
        f.fingerprint = fp
        out.append(f)
    out.sort(key=Finding.sort_key)
    return out
