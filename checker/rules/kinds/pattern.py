"""Kind `pattern`: a regular expression over the text (Vale's `existence`).

Patterns use the `regex` module and every match runs under a wall-clock budget
(checker.rules.timed_regex), so a catastrophic pattern in a user's rule file costs a reported rule
failure, not a hung CI job, and a long document is never one long timed call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import ClassVar, Literal

import regex
from pydantic import Field, ValidationInfo, field_validator

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.model import Rule
from checker.rules.re2_prefilter import Re2Prefilter, decided, re2_prefilter, relaxed_source
from checker.rules.timed_regex import REGEX_TIMEOUT_S, Matcher, RuleTimeout, TimedPattern, compile_timed

__all__ = ["GATED_KINDS", "HAN_RANGES", "PATTERN_FLAGS", "REGEX_TIMEOUT_S", "PatternRule", "RuleTimeout",
           "compile_pattern", "finditer", "wide_class_run"]

# The flags every rule pattern is read with (`compile_pattern`; `compile_timed(p, PATTERN_FLAGS)` for
# the cheapest engine that matches alike).
PATTERN_FLAGS = regex.VERSION1 | regex.MULTILINE


# Ranges of code points that hold every character of Unicode's Han script (the radicals, 々 〇 〡-〩
# 〸-〻, the unified and compatibility ideographs of every plane): a superset `re` can read.
HAN_RANGES = ("\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff"
              "\uf900-\ufaff\U00016fe0-\U00016fff\U00020000-\U0003ffff")
# What `re` reads for each item of a `within` class (wide_class_run): \d with the whole of plane 1,
# where the digits newer than Python's Unicode tables are (tests/test_pattern_within.py).
_WIDE_ITEMS = {r"\p{Han}": HAN_RANGES, r"\d": r"\d\U00010000-\U0001ffff"}
_CLASS_RUN = re.compile(r"\[((?:\\p\{Han\}|\\d)+)\]\{(\d+),\}")


def compile_pattern(pattern: str, ignore_case: bool = False) -> regex.Pattern[str]:
    flags = PATTERN_FLAGS
    if ignore_case:
        flags |= regex.IGNORECASE
    return compile_regex(pattern, flags)


def finditer(pattern: regex.Pattern[str], text: str, rule_id: str,
             timeout: float | None = None) -> Iterator[regex.Match[str]]:
    """`pattern.finditer(text)`, window by window, each window's search under the budget."""
    return TimedPattern(pattern, f"rule {rule_id}", timeout).finditer(text)


# Kinds whose findings are all matches of `pattern` in `ctx.text`: a document where the pattern
# cannot match gets none from them (a subclass that reports anything else is not listed).
GATED_KINDS = frozenset({"pattern", "pattern-unless", "figure-pattern"})


def wide_class_run(pattern: str) -> re.Pattern[str] | None:
    """For a `within` that is a run of a class of ideographs and digits (`[\\p{Han}\\d]{12,}`): the
    same run on `re` with the class widened to code point ranges `re` reads (HAN_RANGES, plane 1
    for digits), else None. ~5x faster than `regex` on a report, and linear: a run of n class
    characters costs at most n × the minimum tries.

    Its runs hold every run of the original, joined where a widened character stands between two:
    the same matches of a pattern made only of the class's characters that reads no context
    (every `within` pattern: see PatternRule.within), since no match crosses a character outside
    the class, a run too short for the original is too short for any match, and a joined run
    holds every repeat either part holds. Held equal by tests/test_pattern_within.py."""
    m = _CLASS_RUN.fullmatch(pattern)
    if m is None:
        return None
    items = re.findall(r"\\p\{Han\}|\\d", m.group(1))
    return re.compile(f"[{''.join(_WIDE_ITEMS[i] for i in items)}]{{{m.group(2)},}}")


def repeats(text: str, start: int, end: int, k: int) -> bool:
    """Whether some string of `k` characters occurs twice (overlaps allowed) in text[start:end]."""
    grams = [text[i:i + k] for i in range(start, end - k + 1)]
    return len(set(grams)) < len(grams)


def _trusted(info: ValidationInfo) -> bool:
    """A built-in rule as shipped (checker.rules.loader.parse_rule): its regexes are compiled by the
    tests, so loading need not compile them only to validate them."""
    return bool(info.context and info.context.get("trusted"))


class PatternRule(Rule):
    kind: Literal["pattern"]
    pattern: str
    ignore_case: bool = False
    # Search the normalised copy (default) or the original characters.
    target: Literal["normalized", "original"] = "normalized"
    # The capture group whose span is reported (0: the whole match; a name or a number).
    group: int | str = 0
    # A match is dropped when any of these matches the same line and overlaps it.
    exclude: list[str] = Field(default_factory=list)
    # Suggested replacement, a template over the match's groups: "{1}万元", "" to delete.
    suggest: str | None = None
    # Report at most this many findings per document (e.g. a repeated footer: once is enough).
    max_per_document: int | None = None
    # Where the pattern can match, declared for a pattern that every prefilter admits (a
    # back-reference): it is searched only inside the matches of `within` (a pattern whose matches
    # hold every match of `pattern`, which reads no context around it; a run of a class of
    # ideographs and digits is found on `re`, widened: `pattern` must then match only characters of
    # the class, see wide_class_run) and, with `within_repeat`,
    # only in those that hold some string of that many characters twice (a pattern that matches
    # only a repeated run). Held equal to the plain search by tests/test_pattern_within.py.
    within: str | None = None
    within_repeat: int | None = Field(default=None, ge=1)

    @field_validator("pattern", "within")
    @classmethod
    def _compiles(cls, v: str | None, info: ValidationInfo) -> str | None:
        if v is None or _trusted(info):
            return v
        try:
            compile_pattern(v)
        except regex.error as exc:
            what = f"within expression {v!r}" if info.field_name == "within" else "regular expression"
            raise ValueError(f"invalid {what}: {exc}") from exc
        return v

    @field_validator("exclude")
    @classmethod
    def _excludes_compile(cls, v: list[str], info: ValidationInfo) -> list[str]:
        if _trusted(info):
            return v
        for p in v:
            try:
                compile_pattern(p)
            except regex.error as exc:
                raise ValueError(f"invalid exclude expression {p!r}: {exc}") from exc
        return v

    @cached_property
    def compiled(self) -> regex.Pattern[str]:
        return compile_pattern(self.pattern, self.ignore_case)

    @property
    def _flags(self) -> int:
        return regex.VERSION1 | regex.MULTILINE | (regex.IGNORECASE if self.ignore_case else 0)

    @cached_property
    def matcher(self) -> Matcher:
        """The pattern on the cheapest engine that matches as `regex` does (RE2 when it fits)."""
        return compile_timed(self.pattern, self._flags, f"rule {self.id}")

    @cached_property
    def within_matcher(self) -> TimedPattern | re.Pattern[str] | None:
        """`within` on `re` when it is a run of a class of ideographs and digits (wide_class_run),
        else on `regex` (measured: for a run of a class, finding the runs there beats RE2, whose
        matches pay a conversion of offsets), or None when not declared."""
        if self.within is None:
            return None
        wide = None if self.ignore_case else wide_class_run(self.within)
        if wide is not None:
            return wide
        return TimedPattern(compile_pattern(self.within, self.ignore_case), f"rule {self.id} within")

    def matches(self, text: str) -> Iterator[regex.Match[str]]:
        """The pattern's matches in `text`, as `matcher.finditer(text)` gives them; with `within`,
        found only in the spans where they can be (see `within`)."""
        spans = self.within_matcher
        if spans is None:
            yield from self.matcher.finditer(text)
            return
        for run in spans.finditer(text):
            start, end = run.span()
            if self.within_repeat is None or repeats(text, start, end, self.within_repeat):
                yield from self.matcher.finditer(text, start, end)

    @cached_property
    def prefilter(self) -> Re2Prefilter | None:
        """For a pattern left on `regex`: a pattern RE2 runs that matches wherever it does, so a
        document it rejects is skipped unsearched (checker.rules.re2_prefilter)."""
        if not isinstance(self.matcher, TimedPattern):
            return None  # RE2 and Aho-Corasick reject a text in one linear pass themselves
        return re2_prefilter(self.pattern, self._flags)

    snapshot_derived: ClassVar[tuple[str, ...]] = ("gate_source",)  # ~100 rewrites of a start

    @cached_property
    def gate_source(self) -> str | None:
        """An RE2 pattern with no match in a text where this rule finds nothing (the prefilter's
        `relaxed_source`), for the engine's one pass over a document that skips every rule it
        rejects (checker.engine); read from the pattern's text, so a rule skipped on every
        document never compiles its regex. None: not gated (another kind, the original text)."""
        if self.kind not in GATED_KINDS or self.target != "normalized":
            return None
        return relaxed_source(self.pattern, self._flags)

    def admits(self, text: str) -> bool:
        """False only when the pattern has no match in `text`: the engine's gate verdict for this
        text when it has one (then nothing is compiled for it), else the prefilter's."""
        verdict = None if self.gate_source is None else decided(text, self.gate_source)
        if verdict is not None:
            return verdict
        return self.prefilter is None or self.prefilter.admits(text)

    @cached_property
    def compiled_excludes(self) -> list[regex.Pattern[str]]:
        return [compile_pattern(p, self.ignore_case) for p in self.exclude]

    def _excluded(self, text: str, start: int, end: int) -> bool:
        if not self.compiled_excludes:
            return False
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        le = len(text) if le == -1 else le
        line = text[ls:le]
        for ex in self.compiled_excludes:
            for m in finditer(ex, line, self.id):
                if m.start() + ls < end and m.end() + ls > start:
                    return True
        return False

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.original if self.target == "original" else ctx.text
        make = ctx.finding_orig if self.target == "original" else ctx.finding
        if not self.admits(text):
            return
        count = 0
        for m in self.matches(text):
            start, end = m.span(self.group)
            if start < 0 or end <= start:
                continue
            if self._excluded(text, start, end):
                continue
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            suggestion = None
            if self.suggest is not None:
                suggestion = self.suggest.format(m.group(0), *m.groups(default=""), **groups)
            yield make(self, start, end, suggestion=suggestion, **groups)
            count += 1
            if self.max_per_document is not None and count >= self.max_per_document:
                break
