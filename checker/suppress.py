"""Inline suppressions written in the document itself, as HTML comments (invisible in rendered Markdown).

    <!-- checker-disable placeholder.xxx -->   … region …   <!-- checker-enable -->
    <!-- checker-disable-line artifact -->           (findings on this line)
    <!-- checker-disable-next-line placeholder -->   (findings on the next line)

Selectors are rule ids, id prefixes or categories, separated by spaces or commas; none means every
rule. `checker-enable` without selectors closes every open region, with selectors only the regions
opened with those selectors; a region never closed runs to the end of the file.

Like ruff's RUF100, a suppression that suppresses nothing is itself reported (rule
`suppression.unused`, category `artifact`: in a .txt report the comment is visible leftover markup).
A selector only counts as unused when a rule it names actually ran; a rule left out with
`--select`/`--ignore` cannot prove a suppression stale. A directive without selectors is only
judged when no selection narrowed the run.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from checker.config import selector_matches
from checker.document import Document
from checker.findings import CATEGORIES, Finding
from checker.rules.model import Rule

UNUSED_RULE_ID = "suppression.unused"
# Finding rule ids made by code rather than rule files; a selector naming them is not a typo.
GENERATED_PREFIXES = ("input.", "internal.")

DIRECTIVE = re.compile(
    r"<!--[ \t]*checker-(?P<verb>disable-next-line|disable-line|disable|enable)(?![\w-])"
    r"(?P<args>[^>\n]*?)[ \t]*-->"
)

Verb = Literal["disable", "enable", "disable-line", "disable-next-line"]


@dataclass
class Directive:
    """One suppression comment and what it covers (original offsets, 1-based lines)."""

    verb: Verb
    selectors: tuple[str, ...]
    start: int  # offset of '<!--'
    end: int  # offset just after '-->'
    line: int
    # Region directives: [cover_start, cover_end) offsets; line forms: the covered line.
    cover_start: int = 0
    cover_end: int = 0
    cover_line: int = 0
    closed_by_enable: bool = False
    used: set[str] = field(default_factory=set)  # selectors that suppressed something ("*" = all)

    def matches(self, rule_id: str, category: str) -> str | None:
        """The selector that covers this rule, '*' for a bare directive, or None."""
        if not self.selectors:
            return "*"
        return next((s for s in self.selectors if selector_matches(s, rule_id, category)), None)


def _selectors(args: str) -> tuple[str, ...]:
    return tuple(s for s in re.split(r"[\s,，]+", args.strip()) if s)


def parse_directives(doc: Document) -> list[Directive]:
    """Every checker comment of `doc`, with region ends resolved. Dangling `enable`s are kept
    (as verb 'enable' with nothing covered) so they can be reported."""
    text = doc.text
    lines = doc.lines
    out: list[Directive] = []
    open_regions: list[Directive] = []
    for m in DIRECTIVE.finditer(text):
        line, _ = lines.position(m.start())
        d = Directive(verb=m.group("verb"), selectors=_selectors(m.group("args")),  # type: ignore[arg-type]
                      start=m.start(), end=m.end(), line=line)
        if d.verb == "disable":
            d.cover_start, d.cover_end = m.end(), len(text)
            open_regions.append(d)
        elif d.verb == "enable":
            closed = False
            for region in list(open_regions):
                wanted = set(d.selectors)
                if not wanted or set(region.selectors) & wanted:
                    region.cover_end = m.start()
                    open_regions.remove(region)
                    closed = True
            d.closed_by_enable = closed
        elif d.verb == "disable-line":
            d.cover_line = line
        else:
            d.cover_line = line + 1
        out.append(d)
    return out


def _offset(doc: Document, line: int, column: int) -> int:
    # through the document's own index: an HTML page's positions are its source's (checker.readers)
    return doc.lines.offset(line, column)


class _Coverage:
    """The directives covering a position, found without trying every directive for every finding
    (10,000 `checker-disable-line` comments took 23 s that way): line forms by their line, regions
    by a sweep over findings in offset order, comments by bisection (they never overlap)."""

    def __init__(self, directives: Sequence[Directive]) -> None:
        self.starts = [d.start for d in directives]
        self.directives = directives
        self.by_line: dict[int, list[Directive]] = {}
        for d in directives:
            if d.verb in ("disable-line", "disable-next-line"):
                self.by_line.setdefault(d.cover_line, []).append(d)
        self.regions = sorted((d for d in directives if d.verb == "disable"), key=lambda d: d.cover_start)
        self.next_region = 0
        self.active: dict[int, Directive] = {}  # open regions by start offset
        self.ends: list[tuple[int, int]] = []  # heap of (cover_end, start) of the active regions

    def within_directive(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and end <= self.directives[i].end

    def covering(self, offset: int, line: int) -> list[Directive]:
        """Directives covering `offset` on `line`; offsets must come in increasing order."""
        while self.next_region < len(self.regions) and self.regions[self.next_region].cover_start <= offset:
            d = self.regions[self.next_region]
            self.active[d.start] = d
            heapq.heappush(self.ends, (d.cover_end, d.start))
            self.next_region += 1
        while self.ends and self.ends[0][0] <= offset:
            self.active.pop(heapq.heappop(self.ends)[1], None)
        return [*self.by_line.get(line, ()), *self.active.values()]


def apply_suppressions(doc: Document, findings: Iterable[Finding], rules: Sequence[Rule],
                       known_rule_ids: Iterable[str] = (), complete: bool = True, lang: str = "zh") -> list[Finding]:
    """Drop the findings covered by a directive, and keep a `suppression.unused` finding (a
    candidate per directive, made by checker.policy from the rule entry of kind `unused-suppression`)
    only for the selectors that covered nothing. A finding's span is its original offsets where it
    carries them (`Finding._offsets`), else its line and column turned back into offsets.
    `complete` says every enabled rule ran (no --select/--ignore narrowing)."""
    findings = list(findings)
    directives = parse_directives(doc)
    if not directives:
        return [f for f in findings if f.rule != UNUSED_RULE_ID]
    kept: list[Finding] = []
    candidates: list[Finding] = []
    located: list[tuple[int, int, Finding]] = []
    for f in findings:
        if f.rule == UNUSED_RULE_ID:
            candidates.append(f)
        else:
            start, end = f._offsets or (_offset(doc, f.line, f.column), _offset(doc, f.end_line, f.end_column))
            located.append((start, end, f))
    located.sort(key=lambda item: item[0])
    coverage = _Coverage(directives)
    for start, end, f in located:
        if coverage.within_directive(start, end):
            continue  # the comment itself is not report text (e.g. for an HTML-residue rule)
        covering = [(d, d.matches(f.rule, f.category)) for d in coverage.covering(start, f.line)]
        covering = [(d, s) for d, s in covering if s is not None]
        if not covering:
            kept.append(f)
            continue
        for d, s in covering:
            d.used.add(s)  # type: ignore[arg-type]
    ran_ids = {r.id for r in rules}
    ran_categories: set[str] = {r.category for r in rules}
    known = set(known_rule_ids) | ran_ids
    by_start = {d.start: d for d in directives}
    rule = next((r for r in rules if r.id == UNUSED_RULE_ID), None)
    for f in candidates:
        directive = by_start.get(f._offsets[0] if f._offsets else _offset(doc, f.line, f.column))
        if directive is None or rule is None:
            continue
        unused = _unused_selectors(directive, ran_ids, ran_categories, known, complete)
        if not unused:
            continue
        kept.append(_unused_finding(f, directive, unused, rule, doc, lang))
    kept.sort(key=Finding.sort_key)
    return kept


def _selector_hits(selector: str, rule_ids: Iterable[str], categories: Iterable[str]) -> bool:
    prefix = selector.rstrip(".") + "."
    return selector in set(categories) or any(r == selector or r.startswith(prefix) for r in rule_ids)


def _unused_selectors(d: Directive, ran_ids: set[str], ran_categories: set[str], known: set[str],
                      complete: bool) -> list[str]:
    bare = [f"checker-{d.verb}"]  # how a directive without selectors is named in the message
    if d.verb == "enable":
        return [] if d.closed_by_enable else (list(d.selectors) or bare)
    if not d.selectors:
        return [] if d.used or not complete else bare
    unused = []
    for s in d.selectors:
        if s in d.used:
            continue
        ran = _selector_hits(s, ran_ids, ran_categories)
        unknown = not _selector_hits(s, known, CATEGORIES) and not s.startswith(GENERATED_PREFIXES)
        if ran or unknown:
            unused.append(s)
    return unused


def _unused_finding(f: Finding, d: Directive, unused: list[str], rule: Rule, doc: Document,
                    lang: str) -> Finding:
    """The candidate finding with the message naming only the unused selectors, and a suggestion that
    removes them (or the whole comment)."""
    remaining = [s for s in d.selectors if s not in unused] if d.verb != "enable" else []
    if remaining:
        suggestion = f"<!-- checker-{d.verb} {' '.join(remaining)} -->"
    else:
        suggestion = ""
    fields = {"text": doc.text[d.start:d.end], "unused": ", ".join(unused)}
    return f.model_copy(update={
        "message": rule.message.render(lang, fields),
        "suggestion": suggestion,
        "evidence": {"unused": unused, "selectors": list(d.selectors), "verb": d.verb},
    })
