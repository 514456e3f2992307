"""The Aho-Corasick lexicon (checker/literals.py) finds what its plain twin, the regex alternation
sorted longest first, finds: same spans, in the same order, on generated lexicons and texts."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.literals import LiteralSet

# A small alphabet, so that phrases overlap, nest and share prefixes and suffixes often.
ALPHABET = "发展建设工作万元a-"
phrase = st.text(ALPHABET, min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.lists(phrase, min_size=1, max_size=12), st.text(ALPHABET + "\n ", max_size=60))
def test_same_matches_as_the_longest_first_alternation(phrases: list[str], text: str) -> None:
    lexicon = LiteralSet(phrases)
    twin = regex.compile(lexicon.pattern)
    assert list(lexicon.finditer(text)) == [m.span() for m in twin.finditer(text)]
    assert lexicon.search(text) == (twin.search(text) is not None)


@settings(max_examples=200, deadline=None)
@given(st.lists(phrase, min_size=1, max_size=12), st.text(ALPHABET, max_size=40),
       st.integers(0, 40), st.integers(0, 40))
def test_hits_are_every_occurrence_inside_the_bounds(phrases: list[str], text: str, a: int, b: int) -> None:
    lo, hi = min(a, b, len(text)), min(max(a, b), len(text))
    expected = sorted(((i, i + len(p)) for p in set(phrases) for i in range(lo, hi - len(p) + 1)
                       if text.startswith(p, i)), key=lambda h: (h[0], -h[1]))
    assert LiteralSet(phrases).hits(text, lo, hi) == expected


def test_a_word_inside_a_longer_one_is_not_found_twice() -> None:
    lexicon = LiteralSet(["来源", "来源：", "网", "网站"])
    text = "来源：某某网站"
    assert [text[s:e] for s, e in lexicon.finditer(text)] == ["来源：", "网站"]


def test_an_empty_lexicon_finds_nothing() -> None:
    assert list(LiteralSet([]).finditer("任何文字")) == []
    assert not LiteralSet([""]).search("任何文字")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(ALPHABET + "\udc80ß", min_size=1, max_size=4), min_size=1, max_size=12),
       st.text(ALPHABET + "\n \udc80ß", max_size=80), st.integers(0, 80), st.integers(0, 80))
def test_the_re2_gate_never_hides_a_phrase(phrases: list[str], text: str, a: int, b: int) -> None:
    """With the gate on every text (GATE_MIN 0), the automaton's answer is unchanged: the gate
    rejects only texts without any phrase (lone surrogates and multi-byte characters included)."""
    from checker import literals

    lo, hi = min(a, b, len(text)), min(max(a, b), len(text))
    plain = LiteralSet(phrases)
    expected = (plain.hits(text, lo, hi), list(plain.finditer(text)), plain.search(text))
    saved, literals.GATE_MIN = literals.GATE_MIN, 0
    try:
        gated = LiteralSet(phrases, gate_after=0)
        assert (gated.hits(text, lo, hi), list(gated.finditer(text)), gated.search(text)) == expected
        assert gated._gate is not None
    finally:
        literals.GATE_MIN = saved


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(ALPHABET + "\udc80ß", min_size=1, max_size=4), min_size=1, max_size=12),
       st.text(ALPHABET + "\n \udc80ß", max_size=80), st.integers(0, 80), st.integers(0, 80))
def test_an_ungated_lexicon_finds_the_same(phrases: list[str], text: str, a: int, b: int) -> None:
    """`gated=False` (no RE2 gate, even on long texts): the same answers, and no gate is built."""
    from checker import literals

    lo, hi = min(a, b, len(text)), min(max(a, b), len(text))
    saved, literals.GATE_MIN = literals.GATE_MIN, 0
    try:
        gated, ungated = LiteralSet(phrases), LiteralSet(phrases, gated=False)
        assert (ungated.hits(text, lo, hi), list(ungated.finditer(text)), ungated.search(text)) == \
            (gated.hits(text, lo, hi), list(gated.finditer(text)), gated.search(text))
        assert ungated._gate is None
    finally:
        literals.GATE_MIN = saved


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12),
       st.lists(st.text(ALPHABET + "\n ", max_size=40), min_size=1, max_size=6))
def test_a_lexicon_gated_after_some_reading_finds_the_same_before_and_after_its_gate(
        phrases: list[str], texts: list[str]) -> None:
    """`gate_after`: texts read whole until that many characters were read, then through the
    gate; the answers never change, and the gate is built once the reading passes the mark."""
    from checker import literals

    saved, literals.GATE_MIN = literals.GATE_MIN, 0
    try:
        plain, late = LiteralSet(phrases, gated=False), LiteralSet(phrases, gate_after=50)
        read = 0
        for text in texts:
            assert late.hits(text) == plain.hits(text) and late.search(text) == plain.search(text)
            read += 2 * len(text)  # hits and search each read it
        if read > 50 + 2 * max(map(len, texts)):
            assert late._gated
    finally:
        literals.GATE_MIN = saved
