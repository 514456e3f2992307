"""Positions of an extracted text in the file the user edits.

A reader that does not read text files (HTML, PDF) hands the rules an extracted text and keeps
where each of its characters came from: a `SourceMap` from the extracted text to a *shown* text
(the HTML source itself; for a PDF, its text layer one visual line per line, page furniture
included), whose lines and columns are what findings report. `MappedLines` is a `LineIndex` of
the shown text that takes offsets of the extracted one, so every stage that asks a document for
positions (`Document.lines`) gets the source's without knowing the format.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from checker.findings import Finding
from checker.sourcemap import LineIndex, SourceMap


class MappedLines(LineIndex):
    """Line/column in `shown` of offsets in the extracted text (`maps`: extracted -> ... -> shown,
    applied in order). `page_lines`, for a paged source, holds the 1-based shown line each page
    starts on."""

    __slots__ = ("_maps", "page_lines")

    def __init__(self, shown: str, maps: Sequence[SourceMap], page_lines: Sequence[int] = ()) -> None:
        super().__init__(shown)
        self._maps = tuple(maps)
        self.page_lines = page_lines

    def shown_offset(self, offset: int) -> int:
        for smap in self._maps:
            offset = smap.to_orig(offset)
        return offset

    def position(self, offset: int) -> tuple[int, int]:
        return super().position(self.shown_offset(offset))

    def text_offset(self, shown: int) -> int:
        """Offset in the extracted text of the shown text's character at `shown`."""
        for smap in reversed(self._maps):
            shown = smap.to_norm(shown)
        return shown

    def offset(self, line: int, column: int) -> int:
        return self.text_offset(super().offset(line, column))

    def page(self, line: int) -> int | None:
        """The 1-based page that shown `line` is on (None for a source without pages)."""
        if not self.page_lines:
            return None
        return max(1, bisect_right(self.page_lines, line))


def with_pages(lines: LineIndex, findings: list[Finding]) -> list[Finding]:
    """`findings` with the page each starts on, when `lines` are a paged source's."""
    if isinstance(lines, MappedLines) and lines.page_lines:
        for f in findings:
            f.page = lines.page(f.line)
    return findings
