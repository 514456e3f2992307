"""Evaluation: run the selected rules over one document and collect every finding.

Like pandera's lazy validation, one failing rule never stops the others: a rule that raises
becomes an `internal.rule-error` finding naming the rule, and the run goes on.

A very large document (more than WINDOW_CHARS characters: tens of times a real report) is checked
window by window so that memory stays bounded. A window is a run of lines (a line longer than a
window is cut after a sentence or clause stop) with OVERLAP_CHARS more on either side, for the rules
that read across lines (hard-wrap joining, a total and its listed parts), after the document's first
lines (its title, which some rules read). Offsets map to the file's own lines and columns through the
file's line index, and each window reports the findings that start in the part it owns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from checker.budget import check_deadline
from checker.config import Config
from checker.context import DocumentContext
from checker.document import Document
from checker.findings import Finding, Severity
from checker.rules.kinds.pattern import RuleTimeout
from checker.rules.model import Rule
from checker.sourcemap import LineIndex
from checker.ui_text import say


def _internal(ctx: DocumentContext, rule: Rule, message: str, error: str) -> Finding:
    return Finding(rule="internal.rule-error", category="input-error", severity=Severity.warning,
                   path=ctx.path, line=1, column=1, end_line=1, end_column=1, text="",
                   message=say("internal.rule-error", ctx.lang, rule=rule.id, reason=message),
                   evidence={"rule": rule.id, "error": error, **({"source": rule.source} if rule.source else {})})


def run_rules(ctx: DocumentContext, rules: Sequence[Rule]) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules:
        check_deadline()
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


WINDOW_CHARS = 1 << 18
OVERLAP_CHARS = 1 << 13
HEAD_CHARS = 1 << 11


_SENTENCE_STOP = re.compile(r"[。！？；!?;]")
_CLAUSE_STOP = re.compile(r"[，、,\s]")


def _cut_after(text: str, pos: int, slack: int) -> int:
    """Where to cut at or after `pos`, within `slack` characters: after a line end, else after a
    sentence or clause stop, else anywhere (a line of hundreds of thousands of figures is cut too)."""
    limit = min(len(text), pos + slack)
    if pos >= limit:
        return limit
    nl = text.find("\n", pos, limit)
    if nl >= 0:
        return nl + 1
    for stop in (_SENTENCE_STOP, _CLAUSE_STOP):
        m = stop.search(text, pos, limit)
        if m:
            return m.end()
    return limit


def _cut_before(text: str, pos: int, slack: int) -> int:
    """Where to cut at or before `pos`, within `slack` characters (as `_cut_after`, backwards)."""
    low = max(0, pos - slack)
    nl = text.rfind("\n", low, pos)
    if nl >= 0:
        return nl + 1
    for stop in (_SENTENCE_STOP, _CLAUSE_STOP):
        last = None
        for last in stop.finditer(text, low, pos):  # noqa: B007 (the last one is wanted)
            pass
        if last is not None:
            return last.end()
    return low


class _WindowLines(LineIndex):
    """Positions of a window's offsets in the whole file: the window is the file's head (offsets
    below `head`) followed by a slice that starts `delta` characters later in the file."""

    __slots__ = ("_delta", "_full", "_head")

    def __init__(self, full: LineIndex, head: int, delta: int) -> None:  # the file's index: no scan of its own
        self._full, self._head, self._delta = full, head, delta

    def position(self, offset: int) -> tuple[int, int]:
        return self._full.position(offset if offset < self._head else offset + self._delta)

    def line_text(self, line: int) -> str:
        return self._full.line_text(line)


def windows(doc: Document) -> Iterator[tuple[Document, int, int]]:
    """(window, first owned offset, end of owned offsets) of each window of a large document, in
    file offsets; the window's positions are the file's (see the module docstring)."""
    text = doc.text
    head = _cut_after(text, HEAD_CHARS, OVERLAP_CHARS)
    start = 0
    while start < len(text):
        end = _cut_after(text, start + WINDOW_CHARS, WINDOW_CHARS)
        before = 0 if start <= OVERLAP_CHARS else _cut_before(text, start - OVERLAP_CHARS, OVERLAP_CHARS)
        after = _cut_after(text, end + OVERLAP_CHARS, OVERLAP_CHARS)
        if before <= head:
            part = replace(doc, text=text[:after], warnings=[], _lines=doc.lines)
        else:
            part = replace(doc, text=text[:head] + text[before:after], warnings=[],
                           _lines=_WindowLines(doc.lines, head, before - head))
        yield part, start, end
        start = end


def _windowed(doc: Document, rules: Sequence[Rule], lang: str) -> list[Finding]:
    """Each window's findings that start in the part of the file it owns (by line and column: a
    very long line is cut into several windows), and every rule failure."""
    findings: list[Finding] = []
    lines = doc.lines
    for part, start, end in windows(doc):
        first = lines.position(start)
        stop = lines.position(end) if end < len(doc.text) else (lines.line_count + 1, 1)
        findings += [f for f in run_rules(DocumentContext(part, lang=lang), rules)
                     if first <= (f.line, f.column) < stop or f.rule == "internal.rule-error"]
    return findings


def check_document(doc: Document, rules: Sequence[Rule], config: Config | None = None,
                   ctx: DocumentContext | None = None) -> list[Finding]:
    """`ctx` lets a caller that also wants the document's metrics table (checker.distributed)
    share one context, so the text is normalised and the figures extracted only once."""
    config = config or Config()
    if ctx is None and len(doc.text) > WINDOW_CHARS:
        findings = _windowed(doc, rules, config.lang)
    else:
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
    out = _one_per_span(out)
    out.sort(key=Finding.sort_key)
    return out


def _one_per_span(findings: list[Finding]) -> list[Finding]:
    """One finding per span and category: where two rules report the same text for the same
    reason (2.45亩 as a part above its whole and as outside its crop's range), the reader gets the
    most severe one, which names the others in `evidence.also` (rule ids), not the same defect twice."""
    best: dict[tuple[str, int, int, int, int], Finding] = {}
    also: dict[tuple[str, int, int, int, int], list[str]] = {}
    keep: list[Finding] = []
    for f in sorted(findings, key=lambda f: (-f.severity.rank, f.rule)):
        if f.category == "input-error" or f.rule.startswith("internal."):
            keep.append(f)
            continue
        key = (f.category, f.line, f.column, f.end_line, f.end_column)
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
