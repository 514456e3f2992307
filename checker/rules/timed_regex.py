"""Regular expressions from rule data, each match under a wall-clock budget.

Every regex a rule file or a config override can supply (a `pattern`, a truncation `exempt`, a
row filter's `clause`, any kind's parameter) is compiled into a `TimedPattern`, so a catastrophic
pattern costs its rule an `internal.rule-error`, never a hung run, whatever kind runs it.

Why not simply the `regex` module's `timeout=`: it is measured with C `clock()`, the CPU time of
the whole process, from the start of the call, and for `finditer` from the creation of the
iterator. So a finditer over a long document timed out on the sum of its matches plus the
checker's own work between them (100,000 correct placeholder findings lost behind one timeout),
and two threads checking at once counted each other's CPU. Here

* a search is one call with its own budget; `finditer` runs over bounded windows of lines
  (`WINDOW_CHARS`), each window's matches collected in one call, so the budget is spent on
  regex work only and a long document is never one long call;
* when `clock()` says the budget is spent but the wall clock says it is not (other threads were
  busy), the call is repeated with the CPU time all the process's cores could spend in the
  budget: a match fails only when it has really run for `timeout` seconds of wall time.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import regex

from checker.budget import check_deadline
from checker.compiled_regex import compile_regex
from checker.rules.literal_pattern import LiteralPattern, literal_words
from checker.rules.re2_pattern import Re2Pattern, compile_re2

REGEX_TIMEOUT_S = 2.0
# finditer searches windows of about this many characters, ended at a line end...
WINDOW_CHARS = 1 << 16
# ...and reading this far beyond it (to the next line end), so a match that starts in the window
# sees the text after it as the whole document would show it.
OVERLAP_CHARS = 1 << 12

_T = TypeVar("_T")


class RuleTimeout(Exception):
    """A rule's regex ran past its time budget on one document."""


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


_CORES = _cores()


def run_timed(call: Callable[..., _T], timeout: float, what: str) -> _T:  # (`...`: lambdas with bound defaults)
    """`call(cpu_timeout)` (a regex call taking `timeout=`), failed only after `timeout` seconds
    of wall time. See the module docstring for the second try."""
    check_deadline()
    start = time.monotonic()
    try:
        return call(timeout)
    except TimeoutError:
        return _again(call, start, timeout, what)


def _again(call: Callable[..., _T], start: float, timeout: float, what: str) -> _T:
    """After a first try of `call`, begun at `start` (monotonic), ran out of its CPU budget: the
    second try when the wall clock says the budget is not spent (other threads were busy), else
    RuleTimeout."""
    if time.monotonic() - start < timeout and _CORES > 1:
        try:  # the process's CPU clock ran faster than the wall clock: other threads
            return call(timeout * _CORES)  # process CPU ≤ cores × wall: this fails only past `timeout` of wall time
        except TimeoutError:
            pass
    raise RuleTimeout(f"{what}: a regular expression took longer than {timeout:g}s on one "
                      f"match (catastrophic backtracking?)") from None


def _line_end(text: str, pos: int) -> int:
    """The offset just after the line end at or after `pos` (the text's end if none)."""
    if pos >= len(text):
        return len(text)
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl + 1


class TimedPattern:
    """A compiled `regex` pattern whose matching methods (those the rules call) run under
    `run_timed`; there is no untimed way in."""

    __slots__ = ("_timeout", "compiled", "what")

    def __init__(self, compiled: regex.Pattern[str], what: str = "rule", timeout: float | None = None) -> None:
        self.compiled = compiled
        self._timeout = timeout
        self.what = what

    @property
    def timeout(self) -> float:
        """Seconds of wall time one match may take (REGEX_TIMEOUT_S unless given)."""
        return REGEX_TIMEOUT_S if self._timeout is None else self._timeout

    @property
    def pattern(self) -> str:
        return self.compiled.pattern

    @property
    def groups(self) -> int:
        return self.compiled.groups

    @property
    def groupindex(self) -> dict[str, int]:
        return dict(self.compiled.groupindex)

    def __repr__(self) -> str:
        return f"TimedPattern({self.compiled.pattern!r})"

    # search, match and fullmatch are what the numeric kinds call thousands of times per report on
    # a clause: run_timed's steps written out (no closure, no property, regex's arguments by
    # position, which its C code parses faster than a keyword), the same budget and second try.
    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        check_deadline()
        start, timeout = time.monotonic(), self.timeout
        try:
            return self.compiled.search(string, pos, endpos, None, False, timeout)
        except TimeoutError:
            return _again(lambda t: self.compiled.search(string, pos, endpos, None, False, t), start, timeout,
                          self.what)

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        check_deadline()
        start, timeout = time.monotonic(), self.timeout
        try:
            return self.compiled.match(string, pos, endpos, None, False, timeout)
        except TimeoutError:
            return _again(lambda t: self.compiled.match(string, pos, endpos, None, False, t), start, timeout,
                          self.what)

    def fullmatch(self, string: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        check_deadline()
        start, timeout = time.monotonic(), self.timeout
        try:
            return self.compiled.fullmatch(string, pos, endpos, None, False, timeout)
        except TimeoutError:
            return _again(lambda t: self.compiled.fullmatch(string, pos, endpos, None, False, t), start, timeout,
                          self.what)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return run_timed(lambda t: self.compiled.sub(repl, string, count, timeout=t), self.timeout, self.what)

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match[str]]:
        """The matches `compiled.finditer` gives, found window by window.

        A match is kept when it starts in its window; a match that reaches the end of what its
        window could read (the overlap was too short for it) is searched again with a longer
        reach, so results equal the whole-text search's for any pattern whose matches and
        lookarounds stay within OVERLAP_CHARS past a line end."""
        end = len(string) if endpos is None else min(endpos, len(string))
        if end - pos <= WINDOW_CHARS:
            yield from run_timed(lambda t: list(self.compiled.finditer(string, pos, end, timeout=t)),
                                 self.timeout, self.what)
            return
        while pos < end:
            stop = min(end, _line_end(string, pos + WINDOW_CHARS))
            reach = OVERLAP_CHARS
            for _longer in range(4):  # reach up to 256 OVERLAP_CHARS past the window, then keep what is found
                limit = min(end, _line_end(string, stop + reach))
                found = run_timed(lambda t, p=pos, e=limit: list(self.compiled.finditer(string, p, e, timeout=t)),
                                  self.timeout, self.what)
                kept = [m for m in found if m.start() < stop or (m.start() == stop == end)]
                if limit == end or not kept or kept[-1].end() < limit:
                    break
                reach *= 4
            yield from kept
            last = kept[-1].end() if kept else stop
            pos = max(stop, last)




Matcher = TimedPattern | LiteralPattern | Re2Pattern


def compile_timed(pattern: str, flags: int = 0, what: str = "rule", timeout: float | None = None) -> Matcher:
    """A rule's regex parameter, ready to match, on the cheapest engine that matches exactly as
    `regex` would: a plain alternation of words as a `LiteralPattern` (Aho-Corasick), a pattern
    that fits RE2 as a `Re2Pattern` (linear time: no budget needed), anything else (lookarounds,
    back-references …) as a `TimedPattern`, each match under the budget. A pattern RE2 takes is
    never compiled by `regex` (half the compiles of a cold start); an invalid one fails with
    `regex`'s message, as RE2 accepts only valid `regex` syntax."""
    def timed() -> TimedPattern:
        return TimedPattern(compile_regex(pattern, flags), what, timeout)

    words = None if flags & (regex.IGNORECASE | regex.VERBOSE) else literal_words(pattern)
    if words is not None:  # plain words are valid `regex` syntax (tests/test_literal_pattern.py): no check
        return LiteralPattern(pattern, *words, fallback=functools.cache(timed))
    on_re2 = compile_re2(pattern, flags)  # tried first: most rule patterns fit RE2, and `regex`'s compile is slow
    if on_re2 is not None:  # what RE2 accepts in re2_source's subset is valid `regex` (tests/test_timed_regex.py)
        return Re2Pattern(pattern, on_re2)
    return timed()  # invalid patterns fail here with regex's message
