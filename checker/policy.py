"""The findings policy: what of the rules' raw findings a user sees, and how, in one place.

The engine reports what the rules find; everything decided after that is here, the same for the
local engine, the Dask engine and the API:

* per document (`document_findings`): one finding per rule and span; the config's severity
  overrides and per-path ignores; fingerprints; one finding per span and category (the most
  severe, naming the others in `evidence.also`); the inline `<!-- checker-… -->` comments
  (checker/suppress.py) and the `suppression.unused` findings for those that suppressed nothing;
  findings sorted;
* per run (`apply_baseline`): the findings a baseline file accepts hidden (checker/baseline.py),
  the per-file counts and summary to match.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from checker.baseline import Baseline, BaselineOutcome
from checker.config import Config
from checker.context import finding_at
from checker.document import Document
from checker.findings import Finding, Report
from checker.rules.model import Rule
from checker.suppress import apply_suppressions, parse_directives


def document_findings(doc: Document, raw: Iterable[Finding], rules: Sequence[Rule], config: Config, *,
                      warnings: Sequence[Finding] = (), known_rule_ids: Iterable[str] = (),
                      complete: bool = True) -> list[Finding]:
    """The findings of one document as reported: the rules' `raw` findings under the config and
    the document's own suppression comments, after the loader's `warnings` (which no override,
    ignore or one-per-span merge touches). `complete`: every enabled rule ran, so a comment
    without rule ids can be judged unused."""
    candidates = [f for rule in rules if not rule.evaluated for f in _unused_candidates(doc, rule, config.lang)]
    settled = settle([*raw, *candidates], config)
    # Findings carry their original offsets up to here (suppression comments are matched by offset);
    # the findings reported carry positions only, equal whether fresh, cached or read back.
    reported = apply_suppressions(doc, [*warnings, *settled], rules, known_rule_ids=known_rule_ids,
                                  complete=complete, lang=config.lang)
    for f in reported:
        f._offsets = None
    return reported


def _unused_candidates(doc: Document, rule: Rule, lang: str) -> list[Finding]:
    """One `suppression.unused` candidate per suppression comment: `apply_suppressions` keeps
    those whose selectors covered nothing (and rewrites their message to name them)."""
    return [finding_at(doc, rule, d.start, d.end, lang, suggestion="", unused=", ".join(d.selectors) or "*")
            for d in parse_directives(doc)]


def settle(findings: Iterable[Finding], config: Config) -> list[Finding]:
    """Findings of one document under the config: deduplicated, severities overridden, per-path
    ignores dropped, fingerprinted, one per span and category, sorted."""
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
    out = _one_per_span(out)
    out.sort(key=Finding.sort_key)
    return out


SpanKey = tuple[str, int, int, int, int]  # category and position of a finding


def _one_per_span(findings: list[Finding]) -> list[Finding]:
    """One finding per span and category: where two rules report the same text for the same
    reason (2.45亩 as a part above its whole and as outside its crop's range), the reader gets the
    most severe one, which names the others in `evidence.also` (rule ids), not the same defect twice."""
    best: dict[SpanKey, Finding] = {}
    also: dict[SpanKey, list[str]] = {}
    keep: list[Finding] = []
    for f in sorted(findings, key=lambda f: (-f.severity.rank, f.rule)):
        if f.category == "input-error" or f.rule.startswith("internal."):
            keep.append(f)
            continue
        key: SpanKey = (f.category, f.line, f.column, f.end_line, f.end_column)
        if key in best:
            also.setdefault(key, []).append(f.rule)
        else:
            best[key] = f
    for key, f in best.items():
        others = also.get(key)
        if others:
            f = f.model_copy(update={"evidence": {**(f.evidence or {}), "also": sorted(others)}})
        keep.append(f)
    return keep


def apply_baseline(report: Report, baseline: Baseline) -> tuple[Report, BaselineOutcome]:
    """`report` without the findings `baseline` accepts, its per-file counts and summary to match,
    and what the baseline hid and which of its entries no longer occur."""
    outcome = baseline.apply(report)
    counts = Counter(f.path for f in outcome.findings)
    files = [s.model_copy(update={"findings": counts[s.path]}) if s.ok else s for s in report.files]
    return report.model_copy(update={"findings": outcome.findings, "files": files,
                                     "baseline": outcome.summary()}), outcome
