"""Kind `ruby-pinyin`: a phonetic guide leaked into the text, one finding per damaged run.

A page that annotates characters with ruby (鎮(zhèn)區(qū)) leaks every syllable when copied: a
paragraph may carry dozens. One finding per syllable buries the report under noise; the damage
is one thing per run, so annotations closer than `max_gap` characters in the same clause are
reported together, the span running from the first annotation to the last; a run is closed
before its span grows past `max_span`, so each finding still points at a short stretch. Read on
the original text: the normalised copy has them deleted.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Literal

import regex

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.kinds.pattern import compile_pattern, finditer
from checker.rules.model import Rule

# A run stays within one clause: annotations on both sides of a comma are two damaged stretches.
_CLAUSE_BREAK = compile_regex(r"[\n，,。；;：:！!？?、]")


class RubyPinyinRule(Rule):
    kind: Literal["ruby-pinyin"]
    # One leaked annotation (a parenthesised syllable with a tone mark after a character).
    annotation: str
    # Annotations at most this many characters apart belong to the same run.
    max_gap: int = 12
    # A run never spans more than this many characters.
    max_span: int = 40

    @cached_property
    def _annotation(self) -> regex.Pattern[str]:
        return compile_pattern(self.annotation)

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        # the original: the normalised copy drops these annotations (checker/normalize.py) so that
        # the figures and words they split read whole
        text = ctx.original
        run: list[tuple[int, int]] = []
        for m in finditer(self._annotation, text, self.id):
            if run and (m.start() - run[-1][1] > self.max_gap or m.end() - run[0][0] > self.max_span
                        or _CLAUSE_BREAK.search(text, run[-1][1], m.start())):
                yield self._finding(ctx, run)
                run = []
            run.append(m.span())
        if run:
            yield self._finding(ctx, run)

    def _finding(self, ctx: DocumentContext, run: list[tuple[int, int]]) -> Finding:
        start, end = run[0][0], run[-1][1]
        return ctx.finding_orig(self, start, end, count=len(run),
                                evidence={"annotations": [ctx.original[s:e] for s, e in run]})
