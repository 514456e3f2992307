"""Kind `figure_pattern`: a `pattern` rule about a figure, whose findings carry evidence.

Unit spellings, number forms, blank and damaged figures are text shapes, so they are regular
expressions like any `pattern` rule; but every numeric finding shows its evidence (the figure as
written, its line, the suggested form and a one-line summary for the rich report), which the plain
pattern kind does not produce.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.kinds.pattern import PatternRule
from checker.rules.model import Messages


class FigurePatternRule(PatternRule):
    kind: Literal["figure-pattern"]  # type: ignore[assignment]
    # Summary template over the match's named groups plus {text}, {suggestion} and {line}.
    summary: Messages = Messages(zh="“{text}”（第{line}行）", en="'{text}' (line {line})")

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        for f in super().check(ctx):
            fields = {"text": f.text, "suggestion": f.suggestion or "", "line": f.line}
            summary = self.summary.render(ctx.lang, fields)
            yield f.model_copy(update={"evidence": {"figures": [{"text": f.text, "line": f.line}],
                                                    "suggestion": f.suggestion, "summary": summary}})
