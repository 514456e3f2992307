"""A first-character guard for regexes the scanner runs over every position of a report.

Python's `re` skips ahead to plausible starts only when a pattern begins with a literal or a
plain class; an alternation of classes and repeats (the non-metric spans of units.yaml, the
numerals) is instead tried branch by branch at every one of a report's thousands of positions.
Reading the pattern once for the characters a match can begin with, and prefixing it with the
lookahead `(?=[those])`, rejects almost every position with one class test: the same matches,
found in a third of the time.

The analysis is conservative: anything it does not understand (a negated class, `.`, a
back-reference, case-insensitive matching, a pattern that can match the empty string) gives no
guard, and the pattern is compiled as written.

It reads the pattern with the `re` module's own parser (`re._parser`, private), the one place that
still does: measured on 200 generated reports (issue 16), figure extraction takes 1.83 s guarded,
2.01 s with the `regex` module instead of `re`, 2.18 s unguarded; RE2 cannot run these patterns
(lookbehinds) and its binding costs ~6 µs a call on the scanner's short matches. If the parser
changes shape, `first_char_class` answers None and the patterns run unguarded, with the same matches.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# Repeat nodes: greedy, lazy and (3.11+) possessive.
REPEATS = tuple(op for op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) if op is not None)

_CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
               C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)


class _Unknown(Exception):
    """The pattern uses something the analysis does not read: no guard."""


def _class_part(op: Any, av: Any) -> str:
    if op is C.LITERAL:
        return re.escape(chr(av))
    if op is C.RANGE:
        return f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"
    if op is C.CATEGORY and av in _CATEGORIES:
        return _CATEGORIES[av]
    raise _Unknown(op)


def _first(items: Any) -> tuple[set[str], bool]:
    """(class parts a match of the sequence can start with, whether it can match empty)."""
    parts: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # anchors and lookarounds consume nothing: the next item starts the match
        if op is C.LITERAL:
            parts.add(_class_part(op, av))
            return parts, False
        if op is C.IN:
            if av and av[0][0] is C.NEGATE:
                raise _Unknown(op)
            parts.update(_class_part(o, a) for o, a in av)
            return parts, False
        if op is C.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise _Unknown(op)
            sub_parts, empty = _first(sub)
        elif op is C.BRANCH:
            sub_parts, empty = set(), False
            for alternative in av[1]:
                p, e = _first(alternative)
                sub_parts |= p
                empty = empty or e
        elif op in REPEATS:
            low, _high, sub = av
            sub_parts, empty = _first(sub)
            empty = empty or low == 0
        else:
            raise _Unknown(op)
        parts |= sub_parts
        if not empty:
            return parts, False
    return parts, True


def first_char_class(pattern: str) -> str | None:
    """A character class (`[...]`) every match of `pattern` begins with a member of, or None."""
    try:
        parsed = sre_parse.parse(pattern)
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
            return None
        parts, empty = _first(parsed)
    except (_Unknown, re.error, AttributeError, TypeError, ValueError):  # a parser of another shape: no guard
        return None
    if empty or not parts:
        return None
    return "[" + "".join(sorted(parts)) + "]"


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def guarded(pattern: str) -> re.Pattern[str]:
    """`pattern` compiled with a first-character lookahead when one can be derived: same matches."""
    head = first_char_class(pattern)
    if head is None:
        return re.compile(pattern)
    flags = _GLOBAL_FLAGS.match(pattern)  # (?m)…: global flags must stay at the very start
    lead, body = (flags.group(0), pattern[flags.end():]) if flags else ("", pattern)
    try:
        return re.compile(f"{lead}(?={head})(?:{body})")
    except re.error:
        return re.compile(pattern)
