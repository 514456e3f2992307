"""Kind `truncation`: the document stops in the middle of a sentence.

Paywalled and scraped copies end where the free part ends ("…把政府"), often followed by the
site's footer. The rule looks at the last line of text that is not such a footer and reports
its unfinished last clause, unless the line is something that legitimately ends without a full
stop: a signature, a date, a heading, a short title. All those shapes are parameters in YAML.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.kinds.pattern import compile_pattern
from checker.rules.model import Rule
from checker.rules.timed_regex import TimedPattern


class TruncationRule(Rule):
    kind: Literal["truncation"]
    # Characters a complete last sentence may end with (closing quotes and brackets included).
    final_punctuation: str
    # Trailing lines that are not the report's text (site footers, page numbers); skipped.
    skip_trailing: list[str] = Field(default_factory=list)
    # Last lines that legitimately end without punctuation (dates, signatures, headings).
    exempt: list[str] = Field(default_factory=list)
    # A last line with no punctuation inside and shorter than this reads as a title or a table
    # row, not as prose cut off.
    min_prose_length: int = 50
    # Punctuation that separates clauses: the reported fragment starts after the last of them.
    clause_punctuation: str = "，,、；;：:。！？!?"
    # At most this many characters of the unfinished clause are reported.
    max_fragment: int = 30

    @cached_property
    def _skip(self) -> list[TimedPattern]:
        return [TimedPattern(compile_pattern(p), f"rule {self.id}") for p in self.skip_trailing]

    @cached_property
    def _exempt(self) -> list[TimedPattern]:
        return [TimedPattern(compile_pattern(p), f"rule {self.id}") for p in self.exempt]

    def _last_text_line(self, text: str) -> tuple[int, int] | None:
        """(start, end) of the last non-empty line that is not a trailing footer."""
        end = len(text)
        while end > 0:
            start = text.rfind("\n", 0, end) + 1
            line = text[start:end]
            stripped = line.strip()
            if stripped and not any(p.search(stripped) for p in self._skip):
                # Trim trailing whitespace so the span ends on the last visible character.
                return start, start + len(line.rstrip())
            end = start - 1
        return None

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        found = self._last_text_line(text)
        if found is None:
            return
        start, end = found
        line = text[start:end].strip()
        if line.endswith(tuple(self.final_punctuation)):
            return
        if any(p.search(line) for p in self._exempt):
            return
        has_inner_punct = any(ch in self.clause_punctuation for ch in line)
        if len(line) < self.min_prose_length and not has_inner_punct:
            return
        cut = max(text.rfind(ch, start, end) for ch in self.clause_punctuation) + 1
        frag_start = max(cut, start, end - self.max_fragment)
        while frag_start < end and text[frag_start].isspace():
            frag_start += 1
        if frag_start >= end:
            return
        yield ctx.finding(self, frag_start, end, evidence={"last_line": text[start:end]})
