"""A lexicon of literal phrases found in one Aho-Corasick pass (pyahocorasick) instead of a regex.

Several kinds hold lexicons of plain phrases (a spinner's near-copies of the fixed formulas, the
words of page furniture, conversion tables). Written as one regex alternation, `a|b|c|…`, a
backtracking engine tries every alternative at every position of the report; an Aho-Corasick
automaton reads each character once, whatever the size of the lexicon.

`LiteralSet.finditer` keeps the regex's answer: an alternation sorted longest first finds, from
left to right, the leftmost start at which any phrase occurs, takes the longest phrase there, and
goes on after it (leftmost-longest, non-overlapping). `pattern` is that alternation, the plain twin
tests/test_literals.py holds the automaton to.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import ahocorasick
import regex


class LiteralSet:
    """Literal phrases (case-sensitive), found leftmost-longest as their alternation would be."""

    __slots__ = ("_automaton", "phrases")

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: tuple[str, ...] = tuple(sorted({p for p in phrases if p}, key=lambda p: (-len(p), p)))
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        for phrase in self.phrases:
            self._automaton.add_word(phrase)
        if self.phrases:
            self._automaton.make_automaton()

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
        found = [(last + 1 - n, last + 1) for last, n in self._automaton.iter(text, start, end)]
        found.sort(key=lambda h: (h[0], -h[1]))
        return found

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
        """(start, end) of each match, as the longest-first alternation's finditer gives them."""
        return iter(leftmost_longest(self.hits(text, start, end)))

    def search(self, text: str) -> bool:
        """Whether any phrase occurs in `text`."""
        return bool(self.phrases) and next(self._automaton.iter(text), None) is not None


def leftmost_longest(hits: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The non-overlapping leftmost-longest choice among `hits` sorted as `LiteralSet.hits` sorts."""
    out: list[tuple[int, int]] = []
    pos = -1
    for s, e in hits:
        if s >= pos:
            out.append((s, e))
            pos = e
    return out
