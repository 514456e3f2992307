"""Kind `hard-wrap`: passages of PDF text broken after nearly every token ("XX\\n镇\\n2023\\n年").

Normalisation already found and joined them (`ctx.norm.wrapped`) so that every other rule reads
"2023年" whole; this kind reports them so the user knows the file needs its line breaks
repaired. Passages only a few lines apart belong to one damaged stretch of the PDF and are
reported as one finding: its span is the stretch's first line break (the last character before
it to the first after it), so that an editor jumps to the exact break rather than selecting a
page of text; its message names the stretch's lines and its evidence holds the stretch re-joined.
The breaks that cut a figure or a word are reported one by one by `line-break`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.normalize import WrappedPassage
from checker.rules.model import Rule

# The first line break between two visible characters: one character each side, blank lines between.
_FIRST_BREAK = regex.compile(r"\S[ \t]*(?:\r?\n[ \t]*)+\S")


class HardWrapRule(Rule):
    kind: Literal["hard-wrap"]
    # Passages separated by at most this many unwrapped lines are reported as one.
    merge_gap: int = Field(default=3, ge=0)

    def _stretches(self, passages: list[WrappedPassage]) -> list[tuple[WrappedPassage, WrappedPassage]]:
        stretches: list[tuple[WrappedPassage, WrappedPassage]] = []
        for p in sorted(passages, key=lambda w: w.first_line):
            if stretches and p.first_line - stretches[-1][1].last_line - 1 <= self.merge_gap:
                stretches[-1] = (stretches[-1][0], p)
            else:
                stretches.append((p, p))
        return stretches

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        for first, last in self._stretches(ctx.norm.wrapped):
            ostart, _ = ctx.orig_span(first.start, first.end)
            _, oend = ctx.orig_span(last.start, last.end)
            stretch = ctx.original[ostart:oend].rstrip("\r\n")
            brk = _FIRST_BREAK.search(stretch)
            if brk is None:
                continue
            joined = stretch.replace("\r", "").replace("\n", "")
            yield ctx.finding_orig(
                self, ostart + brk.start(), ostart + brk.end(), suggestion=regex.sub(r"\s+", "", brk.group(0)),
                evidence={"first_line": first.first_line, "last_line": last.last_line, "joined": joined},
                first_line=first.first_line, last_line=last.last_line)
