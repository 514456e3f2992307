"""Kind `figure_spacing`: stray spaces inside figures, reported once per line.

A PDF or web conversion leaves spaces around digits (面积 34069 亩, 总产2530.4 万公斤, 在 7 月 30
日). It is one artifact repeated through a passage, so a finding per figure would bury the
reader: the first spaced figure of each line is reported, its message counting the others on
the same line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.kinds.figure_pattern import FigurePatternRule
from checker.rules.model import Messages


class FigureSpacingRule(FigurePatternRule):
    kind: Literal["figure-spacing"]  # type: ignore[assignment]
    # appended to the message of a line's first finding when the line has more ({n}: how many)
    more: Messages = Field(default_factory=lambda: Messages(zh="（本行另有{n}处）", en=" ({n} more on this line)"))

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        by_line: dict[int, list[Finding]] = {}
        for f in super().check(ctx):
            by_line.setdefault(f.line, []).append(f)
        for found in by_line.values():
            first, others = found[0], len(found) - 1
            if others:
                first = first.model_copy(update={"message": first.message + self.more.render(ctx.lang, {"n": others})})
            yield first
