"""Kind `truncation`: the page itself shows that the text was cut off.

Paywalled and scraped copies end where the free part ends ("…把政府"), followed by the site's
footer, or the page marks the cut with an ellipsis ("项目总...", "三是村集体经济……"). A text that
merely stops is not evidence: an excerpt, a draft or a copy the user trimmed ends wherever it
ends. So the rule reports the unfinished last clause of the last line of text only when the page
shows the cut: the line ends in a cut mark right after a word or figure, or site footers follow
it (`require_page_evidence`). Lines that legitimately end without a full stop (a signature, a
date, a heading, a short title) are exempt. All those shapes are parameters in YAML.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.kinds.pattern import PATTERN_FLAGS
from checker.rules.model import Rule
from checker.rules.timed_regex import Matcher, compile_timed
from checker.simplify import to_simplified


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
    # An ellipsis closing the last line right after a word or figure: the page cut the text there.
    cut_mark: str = r"(?<=[\p{Han}\d])(?:\.{3,}|…+|。{3,})$"
    # Report a line that stops mid-sentence only when site footers follow it (the page went on
    # after the text): an excerpt that simply ends is not a defect.
    require_page_evidence: bool = True

    @cached_property
    def _skip(self) -> list[Matcher]:
        return [compile_timed(p, PATTERN_FLAGS, f"rule {self.id}") for p in self.skip_trailing]

    @cached_property
    def _exempt(self) -> list[Matcher]:
        return [compile_timed(p, PATTERN_FLAGS, f"rule {self.id}") for p in self.exempt]

    @cached_property
    def _cut(self) -> Matcher:
        return compile_timed(self.cut_mark, PATTERN_FLAGS, f"rule {self.id}")

    def _is_footer(self, line: str) -> bool:
        """Whether a (stripped) line matches a trailing-footer pattern, read in simplified script
        (converted once for all the patterns)."""
        if not self._skip:
            return False
        simplified = to_simplified(line)
        return any(p.search(simplified) for p in self._skip)

    def _last_text_line(self, text: str) -> tuple[int, int, bool] | None:
        """(start, end, footers followed) of the last non-empty line that is not a trailing footer."""
        end = len(text)
        footers = False
        while end > 0:
            start = text.rfind("\n", 0, end) + 1
            line = text[start:end]
            stripped = line.strip()
            # Footers are matched in simplified script: a traditional login wall (登入會員後…) in an
            # otherwise simplified copy is still a footer.
            if stripped and not self._is_footer(stripped):
                # Trim trailing whitespace so the span ends on the last visible character.
                return start, start + len(line.rstrip()), footers
            footers = footers or bool(stripped)
            end = start - 1
        return None

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        found = self._last_text_line(text)
        if found is None:
            return
        start, end, footers = found
        line = text[start:end].strip()
        cut = self._cut.search(line)
        if cut is None:
            if line.endswith(tuple(self.final_punctuation)):
                return
            if self.require_page_evidence and not footers:
                return
            if any(p.search(line) for p in self._exempt):
                return
            has_inner_punct = any(ch in self.clause_punctuation for ch in line)
            if len(line) < self.min_prose_length and not has_inner_punct:
                return
        cut_at = max(text.rfind(ch, start, end) for ch in self.clause_punctuation) + 1
        frag_start = max(cut_at, start, end - self.max_fragment)
        while frag_start < end and text[frag_start].isspace():
            frag_start += 1
        if frag_start >= end:
            return
        yield ctx.finding(self, frag_start, end, evidence={"last_line": text[start:end]})
