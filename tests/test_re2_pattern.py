"""Rule regexes that run on RE2 (checker/rules/re2_pattern.py) find what their plain twin, the same
pattern on the `regex` module, finds: same spans and groups on the seeds and on generated text."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.api import select_rules
from checker.config import Config
from checker.rules.re2_pattern import Re2Pattern, compile_re2, re2_source
from checker.rules.timed_regex import compile_timed

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
FLAGS = regex.VERSION1 | regex.MULTILINE


def _on_re2() -> list[tuple[str, str, int]]:
    """(rule id, pattern, flags) of every built-in pattern rule that runs on RE2."""
    return [(r.id, r.pattern, FLAGS) for r in select_rules(Config())
            if r.kind == "pattern" and isinstance(r.matcher, Re2Pattern)]


def _same(pattern: str, flags: int, text: str) -> None:
    ours, twin = compile_timed(pattern, flags), regex.compile(pattern, flags)
    assert isinstance(ours, Re2Pattern)
    got = [(m.span(), m.groups(), m.groupdict()) for m in ours.finditer(text)]
    want = [(m.span(), m.groups(), m.groupdict()) for m in twin.finditer(text)]
    assert got == want, pattern


def test_some_rules_run_on_re2() -> None:
    assert len(_on_re2()) >= 3


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_rule_patterns_on_re2_match_as_regex_on_the_seeds(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8", errors="replace")
    for _rid, pattern, flags in _on_re2():
        _same(pattern, flags, text)


PATTERNS = [r"\d+(?:\.\d+)?万?元", r"(?P<n>\d{1,3})[个项]", r"^第[一二三四五六七八九十]+章", r"[^\n，。]{2,6}?工作$",
            r"(?:共计|合计)\D{0,4}\d+", r"\u3000+\S?"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATTERNS), st.sampled_from([FLAGS, regex.VERSION1]),
       st.text("0123456789.万元个项第一二章工作共计合计，。\n\u3000 ٣", max_size=40),
       st.integers(0, 40), st.integers(0, 40))
def test_hand_patterns_match_as_regex(pattern: str, flags: int, text: str, a: int, b: int) -> None:
    """Whole strings, and a part of one (pos, endpos: RE2 then reads only the lines it spans)."""
    if compile_re2(pattern, flags) is None:
        return
    _same(pattern, flags, text)
    ours, twin = compile_timed(pattern, flags), regex.compile(pattern, flags)
    pos, end = min(a, b), max(a, b)
    for method in ("search", "match", "fullmatch"):
        got, want = getattr(ours, method)(text, pos, end), getattr(twin, method)(text, pos, end)
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), method
    assert [m.span() for m in ours.finditer(text, pos, end)] == [m.span() for m in twin.finditer(text, pos, end)]


def test_what_re2_reads_differently_stays_on_regex() -> None:
    for pattern in (r"(?<!\d)年", r"(\w+)\1", r"\b年", r"\s+", r"a{,3}", r"[\p{Han}--[一]]", r"x*", r"(?i)vip",
                    r"\Z", r"a(?=b)", "(?:临时工作){1<=e<=1}"):
        assert re2_source(pattern, FLAGS) is None or compile_re2(pattern, FLAGS) is None, pattern
    assert re2_source("年$", regex.VERSION1) is None  # $ before a final newline, in regex only
    assert re2_source("^年", regex.VERSION1) is None  # ^ where a searched slice starts
    assert re2_source(r"\d\u3000", FLAGS) == r"(?m)\p{Nd}\x{3000}"


def test_a_catastrophic_pattern_that_fits_re2_runs_in_linear_time() -> None:
    from checker.rules.kinds.pattern import PatternRule

    rule = PatternRule.model_validate({
        "id": "user.redos", "kind": "pattern", "category": "artifact", "severity": "warning",
        "pattern": "(x+x+)+y", "message": {"zh": "{text}", "en": "{text}"}, "description": "d", "why": "w",
        "fix": "f", "examples": {"bad": ["xxy"], "good": ["abc"]}})
    assert isinstance(rule.matcher, Re2Pattern)  # backtracking would take ages on the text below
    assert [m.span() for m in rule.matcher.finditer("x" * 20000 + "\ny")] == []
    assert [m.span() for m in rule.matcher.finditer("xxxy")] == [(0, 4)]


# Pieces of regex syntax, valid and not, that random patterns are made of.
_PIECES = ["a", "中", "文", "|", "(", ")", "(?:", "(?P<n>", "(?<m>", "[", "]", "[^", "-", "^", "$", "*", "+", "?",
           "{", "}", "{2}", "{1,3}", "{,2}", ".", "\\", "\\d", "\\p{Han}", "\\P{Nd}", "\\x{4e00}", "\\u4e00",
           "\\n", "\\.", "\\[", "\\p{Foo}", "\\x{zz}", "\\q", "\\pN", "(?i)", "(?s:", "#", " ", "、"]


def test_re2_spelling_of_a_code_point_is_left_to_regex() -> None:
    # RE2 reads \x{4e00}, `regex` refuses it: the pattern is not RE2's to take (hypothesis found it).
    assert compile_re2("[\\x{4e00}]", regex.MULTILINE | regex.VERSION1) is None
    assert compile_re2("\\x{4e00}", FLAGS) is None


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=10), st.sampled_from([FLAGS, regex.VERSION1]))
def test_what_re2_accepts_is_valid_regex(pieces: list[str], flags: int) -> None:
    """compile_timed compiles a pattern RE2 takes with RE2 alone: it must be one `regex` compiles
    too, so an invalid pattern still fails with `regex`'s message."""
    pattern = "".join(pieces)
    if compile_re2(pattern, flags) is not None:
        regex.compile(pattern, flags)


@pytest.mark.parametrize("pattern", [r"[\x{4e00}]", r"\x{4e00}", r"[\x4]"])
def test_re2_braced_hex_escape_is_refused(pattern: str) -> None:
    """RE2 reads \\x{4e00} as 一, `regex` as an incomplete escape: such a pattern stays on `regex`,
    so it fails with `regex`'s message (found by the property test above)."""
    assert re2_source(pattern, regex.MULTILINE) is None
