"""What several reporters say the same way: rule help texts, evidence in one line, the source line
of a finding, UTF-8 byte columns, and per-occurrence fingerprints.

Reporters never read the inputs: the texts of the documents come in `RenderContext.sources`, a
mapping the caller fills (`checker.api.SourceFiles` reads each file when asked).

Kept in one place so SARIF, GitLab, rdjson, Markdown and HTML cannot drift apart on, say, which
help text a rule has or how two identical findings on one line are told apart.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checker.findings import Finding, Severity
from checker.sourcemap import LineIndex
from checker.ui_text import say

if TYPE_CHECKING:
    from checker.reporters import RenderContext
    from checker.rules.model import Rule

# Line indexes SourceLines keeps (of the files it was asked about last).
KEPT_INDEXES = 4
# Findings the pipeline makes itself (checker.suppress.GENERATED_PREFIXES) have no rule file;
# consumers such as SARIF still need a description for them (texts in checker.ui_text).
GENERATED_RULE_DOCS: tuple[str, ...] = ("input.", "internal.")


@dataclass(frozen=True)
class RuleDoc:
    """The words a consumer shows for one rule id, whether or not a rule file defines it."""

    id: str
    category: str
    severity: Severity
    description: str
    why: str
    fix: str
    message_template: str = ""
    lang: str = "zh"

    @property
    def help_text(self) -> str:
        return "\n\n".join((self.description, say("explain.why", self.lang, text=self.why),
                             say("explain.fix", self.lang, text=self.fix)))

    @property
    def help_markdown(self) -> str:
        why, fix = (say(k, self.lang, text="").rstrip() for k in ("explain.why", "explain.fix"))
        return f"{self.description}\n\n**{why}** {self.why}\n\n**{fix}** {self.fix}"


def rule_doc(rule: Rule, lang: str = "zh") -> RuleDoc:
    """A rule's texts in `lang`."""
    return RuleDoc(id=rule.id, category=rule.category, severity=rule.severity,
                   description=rule.description.in_lang(lang), why=rule.why.in_lang(lang),
                   fix=rule.fix.in_lang(lang), message_template=rule.message.in_lang(lang), lang=lang)


def generated_rule_doc(finding: Finding, lang: str = "zh") -> RuleDoc:
    for prefix in GENERATED_RULE_DOCS:
        if finding.rule.startswith(prefix):
            key = prefix.rstrip(".")
            return RuleDoc(finding.rule, finding.category, finding.severity, say(f"{key}.description", lang),
                           say(f"{key}.why", lang), say(f"{key}.fix", lang), lang=lang)
    return RuleDoc(finding.rule, finding.category, finding.severity, say("unknown.description", lang),
                   "-", "-", lang=lang)


def rule_docs(findings: Iterable[Finding], ctx: RenderContext) -> dict[str, RuleDoc]:
    """Every rule that ran (ctx.rules, in their order), then ids only the findings name, sorted."""
    docs = {r.id: rule_doc(r, ctx.lang) for r in ctx.rules}
    extra: dict[str, RuleDoc] = {}
    for f in findings:
        if f.rule not in docs and f.rule not in extra:
            extra[f.rule] = generated_rule_doc(f, ctx.lang)
    docs.update(sorted(extra.items()))
    return docs


def evidence_text(f: Finding) -> str | None:
    """The evidence as one line: its `summary` when a rule wrote one, else its scalar fields."""
    if not f.evidence:
        return None
    summary = f.evidence.get("summary")
    if isinstance(summary, str):
        return summary
    parts = [f"{k}={v}" for k, v in f.evidence.items() if not isinstance(v, (list, dict))]
    return ", ".join(parts) or None


def with_occurrence_fingerprints(findings: Iterable[Finding]) -> Iterator[tuple[Finding, str]]:
    """Each finding with its fingerprint made unique per occurrence. Finding.fingerprint is the same
    for the same text on the same line (it ignores the column, so it survives edits); consumers that
    key issues on it (GitLab, GitHub code scanning) would merge such twins, so the occurrence number
    is appended, as GitHub does for its own line hashes.

    A fingerprint names its file, so a report sorted by path (any streamed one) needs the counts of
    one file at a time; a plain list, which may be in any order, is counted whole."""
    per_file = not isinstance(findings, list)
    seen: dict[str, int] = {}
    path = None
    for f in findings:
        if per_file and f.path != path:
            seen.clear()
            path = f.path
        fp = f.fingerprint or f.compute_fingerprint()
        seen[fp] = seen.get(fp, 0) + 1
        yield f, f"{fp}:{seen[fp]}"


def occurrence_fingerprints(findings: Iterable[Finding]) -> list[str]:
    """The fingerprints of `with_occurrence_fingerprints`, as a list."""
    return [fp for _, fp in with_occurrence_fingerprints(findings)]


class FindingsByPath:
    """A report's findings file by file, with each finding's place in the report (HTML numbers its
    cards by it). A sorted report (every streamed one) holds each file's findings together, so only
    where each file's run starts and stops is kept; a report in any other order is grouped in memory."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self._findings = findings
        self._runs: dict[str, tuple[int, int]] = {}
        self._groups: dict[str, list[tuple[int, Finding]]] | None = None
        path: str | None = None
        start = n = 0
        for n, f in enumerate(findings):
            if f.path == path:
                continue
            if f.path in self._runs:  # a file's findings are not together: group them here
                self._groups = {}
                for i, g in enumerate(findings):
                    self._groups.setdefault(g.path, []).append((i, g))
                return
            if path is not None:
                self._runs[path] = (start, n)
            path, start = f.path, n
        if path is not None:
            self._runs[path] = (start, n + 1)

    @property
    def paths(self) -> list[str]:
        """Paths that have findings, in the order of their first finding."""
        return list(self._groups if self._groups is not None else self._runs)

    def count(self, path: str) -> int:
        if self._groups is not None:
            return len(self._groups.get(path, []))
        start, stop = self._runs.get(path, (0, 0))
        return stop - start

    def numbered(self, path: str) -> list[tuple[int, Finding]]:
        """The findings of `path` with their 0-based index in the report."""
        if self._groups is not None:
            return self._groups.get(path, [])
        start, stop = self._runs.get(path, (0, 0))
        return list(enumerate(self._findings[start:stop], start))

    def findings(self, path: str) -> list[Finding]:
        return [f for _, f in self.numbered(path)]


@dataclass
class SourceLines:
    """Line texts of the checked documents: from RenderContext.sources when the caller gave them,
    else the finding's own `context` (its first line), else nothing."""

    sources: Mapping[str, str]
    # Indexes of the files used last: reporters go through a report file by file, and keeping
    # every file's index would hold the whole corpus.
    _indexes: OrderedDict[str, LineIndex] = field(default_factory=OrderedDict)

    def index(self, path: str) -> LineIndex | None:
        if path in self._indexes:
            self._indexes.move_to_end(path)
            return self._indexes[path]
        if path not in self.sources:
            return None
        self._indexes[path] = LineIndex(self.sources[path])
        if len(self._indexes) > KEPT_INDEXES:
            self._indexes.popitem(last=False)
        return self._indexes[path]

    def line(self, f: Finding, line: int) -> str | None:
        idx = self.index(f.path)
        if idx is not None and 1 <= line <= idx.line_count:
            return idx.line_text(line)
        if line == f.line and f.context:
            return f.context
        return None


def utf8_column(line_text: str | None, column: int) -> int:
    """1-based code-point column -> 1-based UTF-8 byte column. Chinese characters are 3 bytes,
    so without the line text the byte column cannot be known; then the code-point column is
    kept (exact for ASCII lines)."""
    if line_text is None:
        return column
    return len(line_text[: max(column - 1, 0)].encode("utf-8")) + 1
