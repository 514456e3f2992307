"""Kind `doubled-word`: a word written twice in a row by a bad merge or paste ("共计共计").

Chinese reduplicates words on purpose, so the kind only looks at words of two or more characters
(看看, 常常, 一一 are single-character doubles and never reported), skips AABB forms (高高兴兴
never has the shape WW) and words made of one repeated character, and leaves the legitimate
ABAB forms to the rule's `allow` list and `allow_patterns` (一个一个, 研究研究).

With `joiners`, the two copies stand on both sides of a conjunction instead (主动性和主动性: a
spinner swapped 积极性 for its pair); `not_before` then lists what may follow a correct W和W
(部门与部门之间).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import Literal

import regex
from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.kinds.pattern import HAN_RANGES, PATTERN_FLAGS, REGEX_TIMEOUT_S, compile_pattern
from checker.rules.model import Rule
from checker.rules.timed_regex import Matcher, compile_timed, run_timed


class DoubledWordRule(Rule):
    kind: Literal["doubled-word"]
    min_length: int = Field(default=2, ge=2)
    max_length: int = Field(default=8, ge=2)
    # Words whose doubling is idiomatic: 研究 (研究研究), 雪白 (雪白雪白).
    allow: list[str] = Field(default_factory=list)
    # Regexes a doubled word may fully match to be allowed (一个一个: "^一[个件步]$").
    allow_patterns: list[str] = Field(default_factory=list)
    # Characters between the two copies (和与及); empty: the copies touch.
    joiners: str = ""
    # A regex the text after a joined pair may not start with (之间: 部门与部门之间 is correct).
    not_before: str = ""

    @cached_property
    def _pattern(self) -> regex.Pattern[str]:
        word = rf"(\p{{Han}}{{{self.min_length},{self.max_length}}}?)"
        if not self.joiners:
            return compile_pattern(rf"{word}\1")
        after = rf"(?!{self.not_before})" if self.not_before else ""
        return compile_pattern(rf"{word}[{regex.escape(self.joiners)}]\1{after}")

    @cached_property
    def _allowed(self) -> list[Matcher]:
        return [compile_timed(p, PATTERN_FLAGS, f"rule {self.id}") for p in self.allow_patterns]

    def _is_allowed(self, word: str) -> bool:
        if len(set(word)) == 1 or word in self.allow:
            return True
        return any(p.fullmatch(word) for p in self._allowed)

    @cached_property
    def _candidate_finder(self) -> re.Pattern[str]:
        # A doubled word of k characters (min_length <= k <= max_length) starts with two characters
        # that occur again k characters later; a zero-width look-ahead finds every such offset.
        # The `re` engine runs this simple shape three to four times faster than `regex`, and a
        # bounded quantifier keeps it linear.
        # Its first two characters are Chinese: a class of code point ranges holding every \p{Han}
        # character (tests/test_kind_fastpaths.py) skips the offsets of figures and punctuation.
        return re.compile(rf"(?=([{HAN_RANGES}][{HAN_RANGES}]).{{{self.min_length - 2},{self.max_length - 2}}}?\1)")

    @cached_property
    def _joiner_finder(self) -> re.Pattern[str]:
        return re.compile(f"[{re.escape(self.joiners)}]")

    def _candidates(self, text: str) -> list[int]:
        """Offsets where the pattern can match (a superset): elsewhere no attempt can succeed, so the
        backreference pattern is tried at a handful of offsets instead of at every character."""
        if self.joiners:
            return self._joined_candidates(text)
        return [m.start() for m in self._candidate_finder.finditer(text)]

    def _joined_candidates(self, text: str) -> list[int]:
        """Where a word of k characters before a joiner is the k characters after it: a match must
        start there, so only the joiners (a few in a hundred characters) are looked at."""
        found: set[int] = set()
        for m in self._joiner_finder.finditer(text):
            p = m.start()
            for k in range(self.min_length, min(self.max_length, p) + 1):
                if text[p - k:p] == text[p + 1:p + 1 + k]:
                    found.add(p - k)
        return sorted(found)

    def _matches(self, text: str) -> Iterator[regex.Match[str]]:
        """`finditer` of the pattern: a match attempted at each candidate offset, resuming after
        each match as finditer does (elsewhere no attempt can succeed)."""
        resume = 0
        for i in self._candidates(text):
            if i < resume:
                continue
            m = run_timed(lambda t, i=i: self._pattern.match(text, i, timeout=t), REGEX_TIMEOUT_S, f"rule {self.id}")
            if m is not None:
                resume = m.end()
                yield m

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        for m in self._matches(ctx.text):
            word = m.group(1)
            if self._is_allowed(word):
                continue
            # a joined pair lost its other word: nothing to suggest
            yield ctx.finding(self, m.start(), m.end(), suggestion=None if self.joiners else word, word=word)
