"""A word alternation matched by Aho-Corasick (checker/rules/literal_pattern.py) answers as its
plain twin, the same pattern compiled by the `regex` module: same spans for search, match,
fullmatch, finditer and sub, on generated alternations (order matters: `a|ab` finds `a`)."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.rules.literal_pattern import LiteralPattern, literal_words
from checker.rules.timed_regex import TimedPattern, compile_timed

ALPHABET = "人均收入户亩a"
# a word, some of its characters optional (总?面积)
word = st.lists(st.tuples(st.sampled_from(ALPHABET), st.booleans()), min_size=1, max_size=4).map(
    lambda chars: "".join(c + ("?" if opt else "") for c, opt in chars)).filter(lambda w: w.replace("?", "") != "")
texts = st.text(ALPHABET + "，", max_size=30)


def span(m: object) -> tuple[int, int] | None:
    return None if m is None else m.span()  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(st.lists(word, min_size=1, max_size=8), st.sampled_from(["{}", "(?:{})", "(?:{})?"]), texts,
       st.integers(0, 30), st.integers(0, 30))
def test_same_answers_as_regex(words: list[str], wrap: str, text: str, a: int, b: int) -> None:
    pattern = wrap.format("|".join(words))
    ours, twin = compile_timed(pattern, regex.VERSION1), regex.compile(pattern, regex.VERSION1)
    if literal_words(pattern) is None:  # an alternative of optional characters only can be empty
        assert not isinstance(ours, LiteralPattern)
        return
    assert isinstance(ours, LiteralPattern)
    pos, end = min(a, b), max(a, b)
    assert span(ours.search(text, pos, end)) == span(twin.search(text, pos, end))
    assert span(ours.match(text, pos, end)) == span(twin.match(text, pos, end))
    assert span(ours.fullmatch(text, pos, end)) == span(twin.fullmatch(text, pos, end))
    assert [m.span() for m in ours.finditer(text)] == [m.span() for m in twin.finditer(text)]
    assert ours.sub("X", text) == twin.sub("X", text)
    found = ours.search(text)
    if found is not None:
        assert found.group(0) == twin.search(text).group(0)


def test_only_plain_word_lists_are_read_as_words() -> None:
    assert literal_words("每|户均|亩均") == (["每", "户均", "亩均"], False)
    assert literal_words("(?:辖|下辖)?") == (["辖", "下辖"], True)
    assert literal_words("总?面积|国家级?标准") == (["总面积", "面积", "国家级标准", "国家标准"], False)
    for pattern in (r"国家级??标准", "总?|面积", r"人均.*收入", "a||b", r"\d+", "[每]", "(?:a)|(?:b)", "(a|b)"):
        assert literal_words(pattern) is None
    assert isinstance(compile_timed("每|户均", regex.IGNORECASE), TimedPattern)  # case folding: the regex


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["a", "中", "|", "?", "(?:", ")", ")?", "(", "[", "\\", "*", "{", "}", " ", "#",
                                 "??", "?+", "-", "~", "&"]), min_size=1, max_size=10),
       st.sampled_from([regex.VERSION1 | regex.MULTILINE, regex.VERSION0]))
def test_what_is_read_as_words_is_valid_regex(pieces: list[str], flags: int) -> None:
    """compile_timed gives a word list to the automaton without compiling it as a regex: it must
    be one `regex` compiles, so an invalid pattern still fails with `regex`'s message."""
    pattern = "".join(pieces)
    if literal_words(pattern) is not None:
        regex.compile(pattern, flags)
