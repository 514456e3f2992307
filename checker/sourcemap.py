"""Offsets of the normalised copy -> offsets and line/column of the original text.

Normalisation only ever replaces characters one for one or deletes them (CR of CRLF, the
newlines of a hard-wrapped PDF passage); the map is kept general (pieces of any length on
either side) so that a later step may replace a run by a run of another length.
Pieces are stored as parallel int arrays and looked up with bisect: memory is proportional
to the number of edits, not to the size of the text.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence


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

    def span(self, start: int, end: int) -> tuple[int, int]:
        ostart = self.to_orig(start)
        oend = max(ostart, self.to_orig_end(end)) if end > start else ostart
        return ostart, oend


class LineIndex:
    """1-based line and column of an offset in a text, counting code points.

    A line ends at '\n'; a '\r' right before it belongs to the line break, not to the line,
    so CRLF files report the columns a user's editor shows.
    """

    __slots__ = ("starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = array("q", [0])
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts: Sequence[int] = starts

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def line_text(self, line: int) -> str:
        """Text of 1-based `line` without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        text = self.text[start:end]
        return text[:-1] if text.endswith("\r") else text
