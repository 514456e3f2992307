"""A lexicon of literal phrases found in one Aho-Corasick pass (pyahocorasick) instead of a regex.

Several kinds hold lexicons of plain phrases (a spinner's near-copies of the fixed formulas, the
words of page furniture, conversion tables). Written as one regex alternation, `a|b|c|…`, a
backtracking engine tries every alternative at every position of the report; an Aho-Corasick
automaton reads each character once, whatever the size of the lexicon.

`LiteralSet.finditer` keeps the regex's answer: an alternation sorted longest first finds, from
left to right, the leftmost start at which any phrase occurs, takes the longest phrase there, and
goes on after it (leftmost-longest, non-overlapping). `pattern` is that alternation, the plain twin
tests/test_literals.py holds the automaton to.

pyahocorasick reads a long text at some 50 ns a character; most lexicons (a spinner's near-copies,
t2s phrases) occur in almost no report, and the others a few times. So a long text is first
searched by RE2 for the phrases (the alternation of their UTF-8 bytes, matched byte for byte:
linear, memchr-fast), and the automaton reads only the stretches around RE2's matches, where every
occurrence lies (none: nothing to read). UTF-8 is self-synchronising, so the bytes of a phrase
occur in the bytes of a text exactly where the phrase occurs in the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import ahocorasick
import re2
import regex

# Texts at least this long are searched by the RE2 gate first (a short one is read at once).
GATE_MIN = 256
# The gate is compiled once the texts read reach this many characters a phrase (see LiteralSet).
GATE_CHARS_PER_PHRASE = 50
# More RE2 matches than this in a text: the automaton reads it whole rather than stretch by stretch.
_MAX_WINDOWS = 64


class LiteralSet:
    """Literal phrases (case-sensitive), found leftmost-longest as their alternation would be."""

    __slots__ = ("_automaton", "_gate", "_gate_after", "_gated", "_read", "phrases")

    def __init__(self, phrases: Iterable[str], gated: bool = True, gate_after: int | None = None) -> None:
        """`gated=False`: no RE2 gate, the automaton reads every text whole. `gate_after`: the
        gate is compiled once the long texts read (this one included) reach this many characters;
        until then the automaton reads them whole. By default GATE_CHARS_PER_PHRASE characters a
        phrase: compiling the gate costs ~11 µs a phrase, the automaton ~0.2 µs a character
        (measured on 200 generated reports), so a lexicon of thousands of rare phrases (~35 ms to
        compile for 3,000) is not compiled for a one-report run (a pre-commit hook, a fresh CI
        runner) and is for a run over an archive, where the gated read is some 20 times faster;
        a lexicon of a few dozen phrases is compiled on the first report."""
        self.phrases: tuple[str, ...] = tuple(sorted({p for p in phrases if p}, key=lambda p: (-len(p), p)))
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        for phrase in self.phrases:
            self._automaton.add_word(phrase)
        if self.phrases:
            self._automaton.make_automaton()
        self._gate: re2._Regexp | None = None
        self._gated = not gated  # the gate is built on the first long text (never: no gate)
        self._gate_after = GATE_CHARS_PER_PHRASE * len(self.phrases) if gate_after is None else gate_after
        self._read = 0

    def _windows(self, text: str, start: int, end: int) -> list[tuple[int, int]] | None:
        """The stretches of text[start:end] that hold every occurrence of every phrase, found by
        RE2 for a long text ([] when no phrase occurs), or None: read it all. An occurrence overlaps
        some match of RE2's leftmost-first scan (the scan would otherwise have matched it), so it
        lies within a phrase's length of one."""
        if end - start < GATE_MIN:
            return None
        if not self._gated:
            self._read += end - start
            if self._read < self._gate_after:
                return None
            self._gate, self._gated = _compile_gate(self.phrases), True
        if self._gate is None:
            return None
        data = utf8(text, start, end)
        spans = [m.span() for m in self._gate.finditer(data)]
        if len(spans) > _MAX_WINDOWS:
            return None  # phrases all over: one pass of the automaton is cheaper
        reach = len(self.phrases[0]) - 1  # the longest phrase, less one character
        windows: list[tuple[int, int]] = []
        byte, char = 0, start
        for bs, be in spans:  # byte offsets, each on a character boundary (whole phrases)
            cs = char + len(data[byte:bs].decode("utf-8", "surrogatepass"))
            byte, char = be, cs + len(data[bs:be].decode("utf-8", "surrogatepass"))
            lo, hi = max(start, cs - reach), min(end, char + reach)
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
            else:
                windows.append((lo, hi))
        return windows

    @property
    def pattern(self) -> str:
        """The regex alternation these phrases stand for (longest first)."""
        return "|".join(regex.escape(p) for p in self.phrases)

    def hits(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Every occurrence (start, end) of every phrase inside text[start:end], overlapping ones
        too, sorted by start, longest first at one start."""
        if not self.phrases:
            return []
        end = len(text) if end is None else end
        windows = self._windows(text, start, end)
        found = [(last + 1 - n, last + 1) for lo, hi in ([(start, end)] if windows is None else windows)
                 for last, n in self._automaton.iter(text, lo, hi)]
        found.sort(key=lambda h: (h[0], -h[1]))
        return found

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
        """(start, end) of each match, as the longest-first alternation's finditer gives them."""
        return iter(leftmost_longest(self.hits(text, start, end)))

    def search(self, text: str) -> bool:
        """Whether any phrase occurs in `text`."""
        if not self.phrases:
            return False
        windows = self._windows(text, 0, len(text))
        if windows is None:
            return next(self._automaton.iter(text), None) is not None
        return bool(windows)  # a match of RE2 is an occurrence


def _compile_gate(phrases: tuple[str, ...]) -> re2._Regexp | None:
    """RE2 (Latin-1: byte for byte) for the alternation of the phrases' UTF-8 bytes, every byte but
    an ASCII letter or digit written as \\xHH; None where RE2 refuses it (no gate: the automaton
    reads every text)."""
    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1
    options.log_errors = False
    options.max_mem = 64 << 20
    source = "|".join("".join(chr(b) if chr(b).isascii() and chr(b).isalnum() else f"\\x{b:02x}"
                              for b in p.encode("utf-8", "surrogatepass")) for p in phrases)
    try:
        return re2.compile(source.encode("latin-1"), options)
    except re2.error:
        return None


# The text encoded last (whole or a slice) as one tuple (text, start, end, bytes), replaced whole:
# one document at a time, shared by every lexicon.
_ENCODED: list[tuple[str, int, int, bytes]] = [("", 0, 0, b"")]


def utf8(text: str, start: int = 0, end: int | None = None) -> bytes:
    """text[start:end] in UTF-8 (lone surrogates passed through), kept for the next caller asking
    for the same slice of the same text."""
    end = len(text) if end is None else end
    last = _ENCODED[0]
    if last[0] is text and last[1] == start and last[2] == end:
        return last[3]
    data = text[start:end].encode("utf-8", "surrogatepass")
    _ENCODED[0] = (text, start, end, data)
    return data


def leftmost_longest(hits: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The non-overlapping leftmost-longest choice among `hits` sorted as `LiteralSet.hits` sorts."""
    out: list[tuple[int, int]] = []
    pos = -1
    for s, e in hits:
        if s >= pos:
            out.append((s, e))
            pos = e
    return out
