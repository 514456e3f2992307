"""The extraction fast paths find exactly what the plain code finds.

checker/extract/firstchar.py prefixes hot regexes with a first-character lookahead, and
subjects.clause_starts finds a clause by bisection instead of stepping back a character at a
time: both must be invisible in the results, on any pattern and any text.
"""

from __future__ import annotations

import random
import re

import pytest

from checker.extract.firstchar import first_char_class, guarded
from checker.extract.numbers import NUMERAL_RE
from checker.extract.subjects import clause_before, clause_starts

_ALPHABET = "一二三是年月日万亿元户人%.:：,，、。；\n \t（）()[]“”《》abcXx0123456789@/-_十百"

PATTERNS = [
    NUMERAL_RE.pattern,
    r"(?m)(?:^[ \t\u3000]*|(?<=[：:；;。]))[0-9]{1,2}[.、](?=[^0-9]|[0-9]{4}年)",
    r"[（(][0-9]{1,2}[）)]|(?<![0-9])[0-9]{1,2}[）)]",
    r"(?:^|(?<=[。；;：:\n]))[ \t\u3000]*([一二三四五六七八九十]+)是",
    r"(?:https?://[^\s，。]+)|(?:[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})|(?:“[^”\n]{1,15}”)",
    r"\d+(?:\.\d+)?%?|\s+[一二]",
    r"(?:ab)*c|x?y+",
    r"(?=[0-9])\d年|(?<=元)[户人]",
]


def _texts(seed: int, n: int = 200) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, 60))) for _ in range(n)]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_guarded_pattern_finds_the_same_matches(pattern: str) -> None:
    plain, fast = re.compile(pattern), guarded(pattern)
    assert first_char_class(pattern) is not None  # every pattern here can be guarded
    for text in _texts(sum(map(ord, pattern))):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
        for pos in range(len(text) + 1):
            a, b = plain.match(text, pos), fast.match(text, pos)
            assert (a and a.span()) == (b and b.span())


@pytest.mark.parametrize("pattern", [r"a*", r"[^a]b", r".x", r"(?i)abc", r"(a)?\1", r"x|"])
def test_no_guard_for_what_the_analysis_cannot_read(pattern: str) -> None:
    assert first_char_class(pattern) is None
    assert guarded(pattern).pattern == pattern


def test_clause_starts_are_clause_before() -> None:
    for text in _texts(7, 100):
        for floor_back in (None, 0, 3, -2):  # no floor, the start, 3 before, 2 past the start
            starts = list(range(len(text) + 1))
            floors = [0 if floor_back is None else max(0, s - floor_back) for s in starts]
            want = [clause_before(text, s, fl)[0] for s, fl in zip(starts, floors, strict=True)]
            assert clause_starts(text, starts, floors) == want


def test_figure_fields_in_the_order_the_scanner_passes_them() -> None:
    """figures._read_figure builds a Figure with every field by position."""
    from dataclasses import fields

    from checker.extract.figures import Figure

    assert [f.name for f in fields(Figure)] == [
        "start", "end", "number", "magnitude", "decimals", "unit", "unit_text", "approx_marker", "approx_position",
        "bound", "range_high", "decimal_mark", "form", "number_start"]


def test_paren_markers_are_the_regex_matches() -> None:
    """figures._paren_markers finds _PAREN_MARKER's matches from the closing parentheses only."""
    from checker.extract.figures import _PAREN_MARKER, _paren_markers

    rnd = random.Random(11)
    for _ in range(3000):
        text = "".join(rnd.choice("()（）0123456789一a \n") for _ in range(rnd.randint(0, 30)))
        assert _paren_markers(text) == [m.span() for m in _PAREN_MARKER.finditer(text)], text
