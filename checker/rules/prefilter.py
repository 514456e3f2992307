"""Literal prefilters for rule regexes: skip a pattern on a text that cannot contain a match.

Most of a linter's time goes into regexes that find nothing: a paywall notice, a repost notice or
an impossible date is absent from almost every report, yet the engine must try the pattern at
every position to know. Like RE2's and ripgrep's literal prefilters, we read the pattern once and
derive strings a match cannot avoid: every match of `[^\n]*(?:付费|购买)后(?:查看|阅读)[^\n]*`
contains 付费后 or 购买后, and contains 查看 or 阅读. A text lacking either set is skipped with a
few substring scans (C speed), and only a text containing both is handed to the regex engine.

The analysis is conservative: anything it does not understand (a class it cannot enumerate, a
back-reference, a pattern the parser rejects, case-insensitive matching) contributes no
requirement, so a prefilter can only skip texts the regex would not match. tests/test_prefilter.py
holds it to that on generated patterns and texts.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from checker.sre import REPEATS, C, sre_parse

# A finite set of strings larger than this is treated as unknown (a class such as [一-龥] would
# otherwise expand into thousands of alternatives, and cost more to test than the regex).
MAX_STRINGS = 48
# How many requirements a prefilter keeps: the most selective ones (longest shortest string).
MAX_REQUIREMENTS = 4

# `regex`-module syntax the `re` parser does not read, rewritten into something it reads that
# matches at least as much: a Unicode property becomes \w or \W-like class (unknown to the
# analysis either way), a named group an ordinary group.
_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]")
_NAMED_GROUP = re.compile(r"\(\?P?<(?![=!])[A-Za-z_][A-Za-z0-9_]*>")
# `regex`-module syntax the `re` parser would misread as literals instead of rejecting: fuzzy
# constraints ({e<=1}) and set operations or nested sets inside a class ([[a-z]--[aeiou]]).
# Inline flags change what literals match ((?i) case, (?x) spaces and comments): not analysed.
_INLINE_FLAGS = re.compile(r"\(\?[a-zA-Z-]+[:)]")
# After an unescaped {: a repeat count is digits and at most one comma; anything else ({e<=1},
# {1<=e<=2}, {i<=1,d<=1}, {2i+2d+1s<=4}) is a fuzzy constraint.
_REPEAT_COUNT = re.compile(r"\{\d*(?:,\d*)?\}")
_BRACED_ESCAPES = frozenset("pPNxuU")
_SET_OPERATIONS = ("--", "&&", "||", "~~")


def _regex_only_syntax(pattern: str) -> bool:
    """The pattern uses `regex`-module syntax that `re` would read differently (not merely reject)."""
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            # \p{Han}, \N{name}, \x{4e07}: the braces belong to the escape
            i += 2
            if pattern[i - 1:i] in _BRACED_ESCAPES and pattern.startswith("{", i):
                close = pattern.find("}", i)
                i = len(pattern) if close == -1 else close + 1
            continue
        if in_class:
            if ch == "[" or pattern.startswith(_SET_OPERATIONS, i):
                return True
            if ch == "]":
                in_class = False
        elif ch == "{" and not _REPEAT_COUNT.match(pattern, i):
            return True
        elif ch == "[":
            in_class = True
            if pattern.startswith("^]", i + 1) or pattern.startswith("]", i + 1):
                return True  # a leading ] is literal in one engine and closes the class in the other
        i += 1
    return False


@dataclass(frozen=True)
class Prefilter:
    """A conjunction of requirements, each a set of strings at least one of which a match contains.

    `folded`: the pattern matches case-insensitively, so the strings are case-folded and tested
    against the case-folded text (full Unicode case folding, as the `regex` module applies it:
    ß matches ss, K (Kelvin) matches k)."""

    requirements: tuple[frozenset[str], ...]
    folded: bool = False

    def admits(self, text: str) -> bool:
        """False only when no match of the pattern can occur in `text`."""
        if self.folded:
            text = _casefolded(text)
        for req in self.requirements:  # plain loops: run for every rule and document, generators cost more
            for s in req:
                if s in text:
                    break
            else:
                return False
        return True


_FOLDED: list[str] = ["", ""]  # the text folded last, and its folding: one document at a time


def _casefolded(text: str) -> str:
    if _FOLDED[0] is not text:
        _FOLDED[:] = [text, text.casefold()]
    return _FOLDED[1]


def prefilter(pattern: str, ignore_case: bool = False) -> Prefilter | None:
    """The prefilter of a pattern, or None when nothing useful can be derived."""
    if _regex_only_syntax(pattern) or _INLINE_FLAGS.search(pattern):
        return None
    source = _NAMED_GROUP.sub("(?:", _PROPERTY.sub(r"\\w", pattern))
    try:
        parsed = sre_parse.parse(source, re.MULTILINE)
    except (re.error, RecursionError, OverflowError, ValueError, TypeError):
        return None
    reqs = _requirements(list(parsed))
    reqs = [r for r in reqs if r and "" not in r]
    if not reqs:
        return None
    # most selective first: a long literal rarely occurs by chance
    reqs.sort(key=lambda r: (-min(map(len, r)), len(r)))
    kept = tuple(dict.fromkeys(reqs[:MAX_REQUIREMENTS]))
    if ignore_case:
        return Prefilter(tuple(frozenset(s.casefold() for s in r) for r in kept), folded=True)
    return Prefilter(kept)


def _finite(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Every string the sequence `items` can match, when that is a small finite set."""
    out = {""}
    for op, av in items:
        one = _finite_item(op, av)
        if one is None:
            return None
        out = {a + b for a, b in itertools.product(out, one)}
        if len(out) > MAX_STRINGS:
            return None
    return out


def _finite_item(op: Any, av: Any) -> set[str] | None:
    if op is C.LITERAL:
        return {chr(av)}
    if op is C.IN:
        return _class_members(av)
    if op is C.SUBPATTERN:
        return _finite(list(av[-1]))
    if op is C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            one = _finite(list(branch))
            if one is None:
                return None
            out |= one
        return out if len(out) <= MAX_STRINGS else None
    if op in REPEATS:
        lo, hi, body = av
        if hi is C.MAXREPEAT or hi > 3:
            return None
        inner = _finite(list(body))
        if inner is None:
            return None
        out = set()
        for n in range(lo, hi + 1):
            for combo in itertools.product(inner, repeat=n):
                out.add("".join(combo))
                if len(out) > MAX_STRINGS:
                    return None
        return out
    if op is C.AT:  # anchors match the empty string
        return {""}
    return None


def _class_members(items: list[tuple[Any, Any]]) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] < MAX_STRINGS:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY, a wide range: not enumerable
            return None
    return out if len(out) <= MAX_STRINGS else None


def _requirements(items: list[tuple[Any, Any]]) -> list[frozenset[str]]:
    """Requirements every match of the sequence `items` meets (each: one of these strings occurs)."""
    reqs: list[frozenset[str]] = []
    run: set[str] = {""}  # the strings of the current run of finite, required items

    def close_run() -> None:
        nonlocal run
        if run != {""}:
            reqs.append(frozenset(run))
        run = {""}

    for op, av in items:
        one = _finite_item(op, av)
        if one is not None and "" not in one:
            joined = {a + b for a, b in itertools.product(run, one)}
            if len(joined) <= MAX_STRINGS:
                run = joined
                continue
            close_run()
            run = set(one)
            continue
        close_run()
        reqs.extend(_item_requirements(op, av))
    close_run()
    return reqs


def _item_requirements(op: Any, av: Any) -> list[frozenset[str]]:
    """Requirements of one item that is not a small finite set of non-empty strings."""
    if op is C.SUBPATTERN:
        return _requirements(list(av[-1]))
    if op in REPEATS:
        lo, _hi, body = av
        return _requirements(list(body)) if lo >= 1 else []
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _requirements(list(av))
    if op is C.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            best = _best(_requirements(list(branch)))
            if best is None:
                return []  # a branch that requires nothing: the alternation requires nothing
            union |= best
        return [frozenset(union)] if len(union) <= MAX_STRINGS else []
    return []  # lookarounds, classes, categories, back-references: no requirement


def _best(reqs: list[frozenset[str]]) -> frozenset[str] | None:
    usable = [r for r in reqs if r and "" not in r]
    if not usable:
        return None
    return max(usable, key=lambda r: (min(map(len, r)), -len(r)))
