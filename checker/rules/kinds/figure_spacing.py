"""Kind `figure_spacing`: stray spaces inside figures, reported once per sentence.

A PDF or web conversion leaves spaces around digits (面积 34069 亩, 总产2530.4 万公斤, 在 7 月 30
日). It is one artifact repeated through a passage, so a finding per figure would bury the
reader: the first spaced figure of each sentence (a line of the file at most) is reported, its
message counting the others in the same sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.kinds.figure_pattern import FigurePatternRule
from checker.rules.model import Messages

_LINE_END = re.compile(r"\r\n|\r|\n")  # the line ends findings count lines by
_SENTENCE_END = "。；！？;!?"


class FigureSpacingRule(FigurePatternRule):
    kind: Literal["figure-spacing"]  # type: ignore[assignment]
    # appended to the message of a sentence's first finding when the sentence has more ({n}: how many)
    more: Messages = Field(default_factory=lambda: Messages(zh="（本句另有{n}处）", en=" ({n} more in this sentence)"))

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        lines = _LINE_END.split(ctx.original)
        by_sentence: dict[tuple[int, int], list[Finding]] = {}
        for f in super().check(ctx):
            before = lines[f.line - 1][: f.column - 1] if f.line <= len(lines) else ""
            by_sentence.setdefault((f.line, sum(before.count(c) for c in _SENTENCE_END)), []).append(f)
        for found in by_sentence.values():
            first, others = found[0], len(found) - 1
            if others:
                first = first.model_copy(update={"message": first.message + self.more.render(ctx.lang, {"n": others})})
            yield first
