"""The extraction fast paths find exactly what the plain code finds.

checker/extract/firstchar.py prefixes hot regexes with a first-character lookahead, and
subjects.clause_before_at finds a clause by bisection instead of stepping back a character at a
time: both must be invisible in the results, on any pattern and any text.
"""

from __future__ import annotations

import random
import re

import pytest

from checker.extract.firstchar import first_char_class, guarded
from checker.extract.numbers import NUMERAL_RE
from checker.extract.subjects import boundary_positions, clause_before, clause_before_at

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


def test_clause_before_at_is_clause_before() -> None:
    for text in _texts(7, 100):
        boundaries = boundary_positions(text)
        for start in range(len(text) + 1):
            for floor in (0, max(0, start - 3), start, start + 2):
                assert clause_before_at(text, boundaries, start, floor) == clause_before(text, start, floor)
