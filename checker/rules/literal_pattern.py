"""A rule parameter that is an alternation of plain words, matched without a regex engine.

Many regex parameters of the rules are lists of words written as a regex: `每|户均|亩均|人均`, an
indicator's keywords `森林覆盖率|森林覆盖|林木覆盖率`, `(?:辖|下辖|共有)?`, `总?面积|国家级?标准`. The numeric rules run
them thousands of times per document on a figure's subject or clause, and each call under the
regex budget (checker.rules.timed_regex) costs more in the budget's clock reads than in matching.
Words cannot backtrack: `LiteralPattern` finds them with an Aho-Corasick automaton
(checker.literals) and needs no budget.

It answers as the regex would (tests/test_literal_pattern.py holds it to the `regex` module on
generated alternations): `search` takes the leftmost position where any word occurs and there the
first word in the pattern's order (not the longest: `a|ab` finds `a`); `(?:…)?` also matches the
empty string, where no word does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import ahocorasick

_META = frozenset("\\.^$*+?{}[]()|#")
MAX_SPELLINGS = 64


def _spellings(alternative: str) -> list[str] | None:
    """The words one alternative stands for, in the order `regex` tries them: plain characters,
    each optionally followed by `?` (greedy: with it first), at most MAX_SPELLINGS words."""
    out = [""]
    i = 0
    while i < len(alternative):
        ch = alternative[i]
        if ch in _META:
            return None
        optional = alternative[i + 1:i + 2] == "?"
        if optional and alternative[i + 2:i + 3] in ("?", "+"):
            return None  # lazy or possessive: another order
        out = [w2 for w in out for w2 in ((w + ch, w) if optional else (w + ch,))]
        if len(out) > MAX_SPELLINGS:
            return None
        i += 2 if optional else 1
    return out


def literal_words(pattern: str) -> tuple[list[str], bool] | None:
    """(the words in the order `regex` tries them, whether the empty string matches too) of a
    pattern that is only an alternation of plain words (a character may be optional: `总?面积`),
    optionally wrapped as `(?:…)` or `(?:…)?`; None for any other."""
    optional = False
    body = pattern
    if body.startswith("(?:") and (body.endswith(")") or body.endswith(")?")):
        optional = body.endswith("?")
        body = body[3:-2] if optional else body[3:-1]
    words: list[str] = []
    for alternative in body.split("|"):
        if alternative != alternative.strip():
            return None
        spelled = _spellings(alternative)
        if spelled is None or "" in spelled:
            return None
        words += spelled
    return words, optional


class LiteralMatch:
    """The part of a `regex` match object the rules read, for a match of one word."""

    __slots__ = ("_end", "_start", "string")

    def __init__(self, string: str, start: int, end: int) -> None:
        self.string, self._start, self._end = string, start, end

    def group(self, index: int | str = 0) -> str:
        if index != 0:
            raise IndexError("no such group")
        return self.string[self._start:self._end]

    def __getitem__(self, index: int | str) -> str:
        return self.group(index)

    def start(self, index: int | str = 0) -> int:
        return self.span(index)[0]

    def end(self, index: int | str = 0) -> int:
        return self.span(index)[1]

    def span(self, index: int | str = 0) -> tuple[int, int]:
        if index != 0:
            raise IndexError("no such group")
        return self._start, self._end

    def groups(self, default: Any = None) -> tuple[()]:
        return ()

    def groupdict(self, default: Any = None) -> dict[str, Any]:
        return {}


class LiteralPattern:
    """An alternation of words with the matching methods of a compiled regex that rules call."""

    __slots__ = ("_automaton", "_fallback", "_longest", "_optional", "pattern", "words")

    groups = 0
    groupindex: dict[str, int] = {}  # noqa: RUF012 (read-only, as a compiled regex's)

    def __init__(self, pattern: str, words: list[str], optional: bool, fallback: Callable[[], Any]) -> None:
        """`fallback()` compiles the pattern as a regex, for what words alone do not answer
        (finditer and sub of an optional alternation: empty matches between the words)."""
        self.pattern, self.words, self._optional, self._fallback = pattern, words, optional, fallback
        self._longest = max(map(len, words))
        self._automaton = ahocorasick.Automaton()
        for order, word in enumerate(words):
            if not self._automaton.exists(word):  # a repeated word: its first place wins
                self._automaton.add_word(word, (order, len(word)))
        self._automaton.make_automaton()

    def __repr__(self) -> str:
        return f"LiteralPattern({self.pattern!r})"

    def _first_at_leftmost(self, string: str, pos: int, endpos: int) -> tuple[int, int] | None:
        """(start, end) of the match `search` finds: leftmost start, first word in order there."""
        best: tuple[int, int, int] | None = None  # (start, order, length)
        for last, (order, n) in self._automaton.iter(string, pos, endpos):
            start = last + 1 - n
            if best is None or (start, order) < best[:2]:
                best = (start, order, n)
            elif last + 1 - self._longest > best[0]:
                break  # hits arrive by end position: from here on none starts at or before the best
        if best is None:
            return None
        return best[0], best[0] + best[2]

    def _bounds(self, string: str, pos: int, endpos: int | None) -> tuple[int, int]:
        end = len(string) if endpos is None else max(0, min(endpos, len(string)))
        return max(0, min(pos, end)), end

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> LiteralMatch | None:
        pos, end = self._bounds(string, pos, endpos)
        if self._optional:  # the empty string matches where the search starts
            return self.match(string, pos, end)
        found = self._first_at_leftmost(string, pos, end)
        return None if found is None else LiteralMatch(string, *found)

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> LiteralMatch | None:
        pos, end = self._bounds(string, pos, endpos)
        for word in self.words:
            if string.startswith(word, pos, end):
                return LiteralMatch(string, pos, pos + len(word))
        return LiteralMatch(string, pos, pos) if self._optional else None

    def fullmatch(self, string: str, pos: int = 0, endpos: int | None = None) -> LiteralMatch | None:
        pos, end = self._bounds(string, pos, endpos)
        piece = string[pos:end]
        if (piece == "" and self._optional) or self._automaton.exists(piece):
            return LiteralMatch(string, pos, end)
        return None

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[LiteralMatch]:
        if self._optional:
            yield from self._fallback().finditer(string, pos, endpos)
            return
        pos, end = self._bounds(string, pos, endpos)
        hits = sorted((last + 1 - n, order, n) for last, (order, n) in self._automaton.iter(string, pos, end))
        at = pos
        for start, _order, n in hits:
            if start >= at:
                yield LiteralMatch(string, start, start + n)
                at = start + n

    def sub(self, repl: str, string: str, count: int = 0) -> str:
        """Each match replaced by `repl` (plain text: a word pattern has no groups to refer to)."""
        if self._optional or "\\" in repl:
            return str(self._fallback().sub(repl, string, count))
        out, last = [], 0
        for n, m in enumerate(self.finditer(string), 1):
            out += [string[last:m.start()], repl]
            last = m.end()
            if n == count:
                break
        out.append(string[last:])
        return "".join(out)
