"""Offsets of the normalised copy -> offsets and line/column of the original text.

Normalisation only ever replaces characters one for one or deletes them (CR of CRLF, the
newlines of a hard-wrapped PDF passage); the map is kept general (pieces of any length on
either side) so that a later step may replace a run by a run of another length.
Pieces are stored as parallel int arrays and looked up with bisect: memory is proportional
to the number of edits, not to the size of the text.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence

# A line break as editors count them: CRLF, LF, or a CR on its own.
LINE_BREAK = re.compile(r"\r\n?|\n")


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """Lines without their breaks, and each line's break ("\n", "\r\n", a lone "\r"; "" after
    the last line): the breaks `LineIndex` counts."""
    if "\r" not in text:
        lines = text.split("\n")
        return lines, ["\n"] * (len(lines) - 1) + [""]
    breaks = [m.group() for m in LINE_BREAK.finditer(text)]
    return LINE_BREAK.split(text), [*breaks, ""]


class SourceMap:
    """Maps [norm_start, norm_end) spans to [orig_start, orig_end) spans."""

    __slots__ = ("_nlen", "_nstart", "_olen", "_ostart", "norm_length", "orig_length")

    def __init__(self) -> None:
        self._nstart = array("q")
        self._ostart = array("q")
        self._nlen = array("q")
        self._olen = array("q")
        self.norm_length = 0
        self.orig_length = 0

    @classmethod
    def identity(cls, length: int) -> SourceMap:
        sm = cls()
        sm.add(length, length)
        return sm

    def add(self, orig_len: int, norm_len: int) -> None:
        """Append a piece: `orig_len` original characters became `norm_len` normalised ones."""
        if orig_len == 0 and norm_len == 0:
            return
        if (
            orig_len == norm_len
            and self._nlen
            and self._nlen[-1] == self._olen[-1]
            and self._nstart[-1] + self._nlen[-1] == self.norm_length
        ):
            # Extend the previous one-for-one piece instead of adding a new one.
            self._nlen[-1] += norm_len
            self._olen[-1] += orig_len
        else:
            self._nstart.append(self.norm_length)
            self._ostart.append(self.orig_length)
            self._nlen.append(norm_len)
            self._olen.append(orig_len)
        self.norm_length += norm_len
        self.orig_length += orig_len

    def _piece(self, pos: int) -> int:
        return max(0, bisect_right(self._nstart, pos) - 1)

    def to_orig(self, pos: int) -> int:
        """Original offset of the normalised character at `pos` (a span start)."""
        if not self._nstart or pos >= self.norm_length:
            return self.orig_length
        i = self._piece(pos)
        # A zero-length normalised piece (a deletion) never contains pos; step past it.
        while self._nlen[i] == 0 and i + 1 < len(self._nstart):
            i += 1
        off = pos - self._nstart[i]
        if self._nlen[i] == self._olen[i]:
            return self._ostart[i] + off
        return self._ostart[i] if off < self._nlen[i] else self._ostart[i] + self._olen[i]

    def to_orig_end(self, pos: int) -> int:
        """Original offset just after the normalised character at `pos - 1` (a span end)."""
        if pos <= 0:
            return 0
        last = pos - 1
        if not self._nstart or last >= self.norm_length:
            return self.orig_length
        i = self._piece(last)
        off = last - self._nstart[i]
        if self._nlen[i] == self._olen[i]:
            return self._ostart[i] + off + 1
        return self._ostart[i] + self._olen[i]

    def to_norm(self, pos: int) -> int:
        """Normalised offset of the original character at `pos` (the inverse of `to_orig`; a
        deleted or merged original character maps to where its piece starts in the copy)."""
        if not self._nstart or pos >= self.orig_length:
            return self.norm_length
        i = max(0, bisect_right(self._ostart, pos) - 1)
        off = pos - self._ostart[i]
        if self._nlen[i] == self._olen[i]:
            return self._nstart[i] + off
        return self._nstart[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        if len(self._nlen) == 1 and self._nlen[0] == self._olen[0] and 0 <= start <= end <= self.norm_length:
            return start, end  # one one-for-one piece (most files): offsets are the same in both texts
        ostart = self.to_orig(start)
        oend = max(ostart, self.to_orig_end(end)) if end > start else ostart
        return ostart, oend


class LineIndex:
    """1-based line and column of an offset in a text, counting code points.

    A line ends at LF, CRLF or a lone CR: the three breaks every editor honours, so a file saved
    with old Mac line ends is not one giant line. The CR of a CRLF belongs to the break, not to
    the line, so CRLF files report the columns a user's editor shows.
    """

    __slots__ = ("_last_line", "_last_text", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = array("q", [0])
        if "\r" in text:
            starts.extend(m.end() for m in LINE_BREAK.finditer(text))
        else:
            find = text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
        self.starts: Sequence[int] = starts
        self._last_line = 0
        self._last_text = ""

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        """The offset at 1-based `line` and `column` (the inverse of `position`); past the last
        line, the end of the text."""
        if line - 1 >= len(self.starts):
            return len(self.text)
        return self.starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        """Text of 1-based `line` without its line break.

        The last line asked for is kept: every finding on a line stores that line as its context,
        and without sharing one string, thousands of findings on a 50,000-character line would
        each hold a copy of it (hundreds of MB)."""
        if line == self._last_line:
            return self._last_text
        start = self.starts[line - 1]
        if line < len(self.starts):
            end = self.starts[line] - 1  # the LF, or a lone CR
            if end > start and self.text[end] == "\n" and self.text[end - 1] == "\r":
                end -= 1
        else:
            end = len(self.text)
        self._last_line, self._last_text = line, self.text[start:end]
        return self._last_text
