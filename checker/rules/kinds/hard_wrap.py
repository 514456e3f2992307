"""Kind `hard-wrap`: passages of PDF text broken after nearly every token ("XX\\n镇\\n2023\\n年").

Normalisation already found and joined them (`ctx.norm.wrapped`) so that every other rule reads
"2023年" whole; this kind reports them so the user knows the file needs its line breaks
repaired. Passages only a few lines apart belong to one damaged stretch of the PDF and are
reported as one finding: its span is the stretch's first line break (the last character before
it to the first after it), so that an editor jumps to the exact break rather than selecting a
page of text; its message names the stretch's lines and its evidence holds the stretch re-joined.
The breaks that cut a figure or a word are reported one by one by `line-break`.

A saved web page's furniture is short lines too (a separator `|`, `2024-06-19`, `999+`, `13.77KB`,
`来源:` and its value, `UserDisable`): a stretch that is mostly such lines is page chrome, not a
wrapped passage, and is not reported (the boilerplate rules speak for it); in any other stretch the
finding is the first break between two lines that are both text, never one beside furniture.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Literal

import regex
from pydantic import Field

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.normalize import WrappedPassage
from checker.rules.model import Rule
from checker.simplify import to_simplified

# The visible part of a line (blank lines and the spaces around a line's text left out).
_VISIBLE_LINE = compile_regex(r"[^\s](?:[^\n]*[^\s])?")


class HardWrapRule(Rule):
    kind: Literal["hard-wrap"]
    # Passages separated by at most this many unwrapped lines are reported as one.
    merge_gap: int = Field(default=3, ge=0)
    # Shapes of a line of page furniture (the whole line, stripped), as regular expressions.
    furniture: list[str] = Field(default_factory=list)
    # A furniture line ending in one of these labels the next line (来源: / 鸡西新闻网), furniture too.
    label_end: str = ":："
    # A stretch with at least this share of furniture lines is page chrome and is not reported.
    max_furniture_share: float = Field(default=0.5, gt=0, le=1)

    def _stretches(self, passages: list[WrappedPassage]) -> list[tuple[WrappedPassage, WrappedPassage]]:
        stretches: list[tuple[WrappedPassage, WrappedPassage]] = []
        for p in sorted(passages, key=lambda w: w.first_line):
            if stretches and p.first_line - stretches[-1][1].last_line - 1 <= self.merge_gap:
                stretches[-1] = (stretches[-1][0], p)
            else:
                stretches.append((p, p))
        return stretches

    @cached_property
    def _furniture(self) -> regex.Pattern[str] | None:
        return compile_regex("|".join(f"(?:{p})" for p in self.furniture)) if self.furniture else None

    def _is_furniture(self, line: str) -> bool:
        """The line (read in simplified script) has a furniture shape."""
        return self._furniture is not None and self._furniture.fullmatch(to_simplified(line)) is not None

    def _first_text_break(self, stretch: str) -> tuple[int, int] | None:
        """(start, end) in `stretch` of its first break between two text lines (the last visible
        character before it to the first after it); None when the stretch is page chrome."""
        lines = [(m.start(), m.end()) for m in _VISIBLE_LINE.finditer(stretch)]
        flags: list[bool] = []
        for k, (ls, le) in enumerate(lines):
            # The value under a furniture label (来源: / 鸡西新闻网) is furniture too.
            value = k > 0 and flags[-1] and stretch[lines[k - 1][1] - 1] in self.label_end
            flags.append(value or self._is_furniture(stretch[ls:le]))
        if not lines or sum(flags) >= self.max_furniture_share * len(lines):
            return None
        for k in range(len(lines) - 1):
            if not flags[k] and not flags[k + 1]:
                return lines[k][1] - 1, lines[k + 1][0] + 1
        return None

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        for first, last in self._stretches(ctx.norm.wrapped):
            ostart, _ = ctx.orig_span(first.start, first.end)
            _, oend = ctx.orig_span(last.start, last.end)
            stretch = ctx.original[ostart:oend].rstrip("\r\n")
            brk = self._first_text_break(stretch)
            if brk is None:
                continue
            joined = stretch.replace("\r", "").replace("\n", "")
            yield ctx.finding_orig(
                self, ostart + brk[0], ostart + brk[1], suggestion=regex.sub(r"\s+", "", stretch[brk[0]:brk[1]]),
                evidence={"first_line": first.first_line, "last_line": last.last_line, "joined": joined},
                first_line=first.first_line, last_line=last.last_line)
