"""Evaluation: run the selected rules over one document and collect every finding they make.

What becomes of those findings (severity overrides, ignores, suppressions, fingerprints, one per
span, order) is the findings policy's, in checker/policy.py.

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
from checker.context import DocumentContext
from checker.document import Document
from checker.findings import Finding, Severity
from checker.rules.kinds.pattern import PatternRule, RuleTimeout
from checker.rules.model import Rule
from checker.rules.re2_prefilter import PrefilterSet
from checker.sourcemap import LineIndex
from checker.ui_text import say


def _internal(ctx: DocumentContext, rule: Rule, message: str, error: str) -> Finding:
    return Finding(rule="internal.rule-error", category="input-error", severity=Severity.warning,
                   path=ctx.path, line=1, column=1, end_line=1, end_column=1, text="",
                   message=say("internal.rule-error", ctx.lang, rule=rule.id, reason=message),
                   evidence={"rule": rule.id, "error": error, **({"source": rule.source} if rule.source else {})})


def _gate_source(rule: Rule) -> str | None:
    """The rule's gate pattern, or None (not a gated kind; a pattern the rewrite does not read)."""
    try:
        source = getattr(rule, "gate_source", None)
    except Exception:  # a rule that breaks fails when it runs, as an internal.rule-error
        return None
    return source if isinstance(source, str) else None


class _Gate:
    """Which pattern rules can find anything in a document, decided in one pass for all of them.

    Most of the ~100 pattern rules find nothing in a given report, yet each would pay a pass of
    its own to learn it. Each rule's `gate_source` (its prefilter's relaxed pattern: no match there,
    no finding) goes into a `PrefilterSet`; a rule whose source has no match is not run. Another
    kind whose every finding is a match of one of its patterns declares a `gate_source` too
    (works-list-count). Held conservative by tests/test_pattern_gate.py (every rule's findings with
    and without the gate)."""

    __slots__ = ("_index", "_set", "rules")

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)  # held, so the ids keying the cache stay these rules'
        gated = [(i, r, source) for i, r in enumerate(rules) if (source := _gate_source(r)) is not None]
        self._index = [i for i, _, _ in gated]
        self._set = PrefilterSet([source for _, _, source in gated],
                                 [isinstance(r, PatternRule) and r.ignore_case for _, r, _ in gated])

    def skipped(self, text: str) -> set[int]:
        """Positions in the rules of those that cannot find anything in `text`."""
        if not self._index:
            return set()
        return {i for i, ok in zip(self._index, self._set.admitted(text), strict=True) if not ok}


_GATES: dict[tuple[int, ...], _Gate] = {}
GATE = "(pattern gate)"  # its name in benchmarks/profile_rules.py


def gate(rules: Sequence[Rule]) -> _Gate:
    """The gate of this selection of rules (one per configuration: a run keeps its selection)."""
    key = tuple(map(id, rules))
    found = _GATES.get(key)
    if found is None:
        if len(_GATES) >= 8:
            _GATES.clear()
        found = _GATES[key] = _Gate(rules)
    return found


def run_rules(ctx: DocumentContext, rules: Sequence[Rule]) -> list[Finding]:
    findings: list[Finding] = []
    skipped = gate(rules).skipped(ctx.text)
    for i, rule in enumerate(rules):
        if i in skipped:
            continue
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

    def file_offset(self, offset: int) -> int:
        return offset if offset < self._head else offset + self._delta

    def position(self, offset: int) -> tuple[int, int]:
        return self._full.position(self.file_offset(offset))

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
        owned = [f for f in run_rules(DocumentContext(part, lang=lang), rules)
                 if first <= (f.line, f.column) < stop or f.rule == "internal.rule-error"]
        shifted = part.lines
        if isinstance(shifted, _WindowLines):  # window offsets -> file offsets (an end as its last character)
            for f in owned:
                if f._offsets is not None:
                    a, b = f._offsets
                    f._offsets = (shifted.file_offset(a), shifted.file_offset(b - 1) + 1 if b > a
                                  else shifted.file_offset(a))
        findings += owned
    return findings


def evaluate(doc: Document, rules: Sequence[Rule], lang: str = "zh",
             ctx: DocumentContext | None = None) -> list[Finding]:
    """Every finding the selected rules make on one document, as they make them: no policy yet
    (severity overrides, ignores, suppressions, fingerprints and order are `checker.policy`'s).

    `ctx` lets a caller that also wants the document's metrics table (checker.distributed) share
    one context, so the text is normalised and the figures extracted only once. Rules of a kind
    that the policy reports (`Rule.evaluated` false: unused suppressions) are not run here."""
    rules = [r for r in rules if r.evaluated]
    if ctx is None and len(doc.text) > WINDOW_CHARS:
        return _windowed(doc, rules, lang)
    return run_rules(ctx if ctx is not None else DocumentContext(doc, lang=lang), rules)
