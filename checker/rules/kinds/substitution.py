"""Kind `substitution`: a list of wrong -> right phrases (Vale's `substitution`).

Used for conversion errors that a dictionary describes well: a simplified->traditional converter
that picked the wrong character (全麵 for 全面, 體係 for 體系, 製定 for 制定), or Taiwan
vocabulary swapped into a mainland report (程式 for 程序). Such errors exist only in the original
characters (t2s would erase them), so these rules usually set `target: original`, and `script`
limits them to documents written in traditional (or simplified) script.
Matching, `exclude` and `max_per_document` behave as in kind `pattern`; the suggestion is the
right-hand side of the phrase that matched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Literal

import regex
from pydantic import Field, field_validator

from checker.context import DocumentContext
from checker.findings import Finding
from checker.literals import LiteralSet
from checker.rules.kinds.pattern import PatternRule, compile_pattern
from checker.rules.timed_regex import Matcher, compile_timed


class SubstitutionRule(PatternRule):
    kind: Literal["substitution"]  # type: ignore[assignment]
    # Built from `swaps`; a rule file does not give one.
    pattern: str = ""
    swaps: dict[str, str] = Field(min_length=1)
    # Only documents in this script (as normalisation detected it) are searched.
    script: Literal["any", "traditional", "simplified"] = "any"

    @field_validator("swaps")
    @classmethod
    def _no_empty_phrase(cls, v: dict[str, str]) -> dict[str, str]:
        for wrong, right in v.items():
            if not wrong or wrong == right:
                raise ValueError(f"swap {wrong!r} -> {right!r} must replace a non-empty phrase by another")
        return v

    @cached_property
    def phrase_table(self) -> dict[str, str]:
        """Every wrong -> right phrase the rule looks for (kinds built on this one add their own)."""
        return self.swaps

    @cached_property
    def alternation(self) -> str:
        """Every phrase escaped, in one alternation: longest first, so 麵對麵 wins over 對麵."""
        phrases = sorted(self.phrase_table, key=len, reverse=True)
        return "|".join(regex.escape(p) for p in phrases)

    @cached_property
    def compiled(self) -> regex.Pattern[str]:
        return compile_pattern(self.alternation, self.ignore_case)

    @cached_property
    def matcher(self) -> Matcher:
        """The phrase alternation on the cheapest engine that matches as `regex` does: a plain word
        list on one Aho-Corasick automaton (compile_timed), thousands of Taiwan phrases included."""
        return compile_timed(self.alternation, self._flags, f"rule {self.id}")  # (not via `compiled`: no regex compile)

    @cached_property
    def literals(self) -> LiteralSet:
        """The phrases on one Aho-Corasick automaton behind an RE2 byte gate (checker.literals): a
        report holding none of them is read by RE2 alone, several times faster than the automaton
        reads it. The same matches as `matcher` (leftmost-longest, as the longest-first
        alternation finds them; tests/test_literals.py), for a rule that matches case-sensitively."""
        return LiteralSet(self.phrase_table)

    def _spans(self, text: str) -> Iterator[tuple[int, int]]:
        if self.ignore_case:
            return (m.span() for m in self.matcher.finditer(text))
        return self.literals.finditer(text)

    def in_script(self, ctx: DocumentContext) -> bool:
        """Whether the document is in the script the rule searches (`script`)."""
        return self.script == "any" or (self.script == "traditional") == ctx.norm.traditional

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        if not self.in_script(ctx):
            return
        text = ctx.original if self.target == "original" else ctx.text
        make = ctx.finding_orig if self.target == "original" else ctx.finding
        count = 0
        for start, end in self._spans(text):
            if self._excluded(text, start, end):
                continue
            right = self.phrase_table[text[start:end]]
            yield make(self, start, end, suggestion=right, right=right)
            count += 1
            if self.max_per_document is not None and count >= self.max_per_document:
                break

    def _glued_at_edge(self, text: str, start: int, end: int, is_word: Callable[[str], bool]) -> bool:
        """Kinds whose table is generated (idiom variants, Taiwan phrases): a match is left out where
        `pattern`'s own excludes say so, or where its first or last character forms a word (`is_word`)
        with the character beside it (一是无成|本: 一是 + 无 + 成本, not 一事无成). The rule's own `swaps`
        are vetted in context and always kept."""
        if super()._excluded(text, start, end):
            return True
        if text[start:end] in self.swaps:
            return False
        edges = (text[start - 1:start + 1] if start > 0 else "", text[end - 1:end + 1])
        return any(len(e) == 2 and is_word(e) for e in edges)
