"""Literal prefilters (checker/rules/prefilter.py) may skip a text only when the regex cannot match it."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.normalize import normalize
from checker.rules.kinds.pattern import PatternRule
from checker.rules.loader import load_rules
from checker.rules.prefilter import prefilter

FLAGS = regex.VERSION1 | regex.MULTILINE
ALPHABET = "ab中文Xx\n1 ßsSKk"


def _patterns() -> st.SearchStrategy[str]:
    atoms = st.sampled_from(["a", "b", "中", "文", "X", "x", "ß", "ss", "k", "1", "[ab]", "[^a]", ".", r"\d", r"\s",
                             "[中文]", "[a-c]", "^", "$", r"\b"])

    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map(lambda ab: f"(?:{ab[0]}|{ab[1]})"),
            st.tuples(inner, st.sampled_from(["?", "*", "+", "{1,2}", "{2}", "{0,3}", "??", "+?"]))
              .map(lambda t: f"(?:{t[0]}){t[1]}"),
            inner.map(lambda a: f"(?={a})"),
            inner.map(lambda a: f"(?!{a})"),
            inner.map(lambda a: f"({a})"),
        )

    return st.recursive(atoms, grow, max_leaves=8)


@settings(max_examples=400, deadline=None)
@given(_patterns(), st.text(alphabet=ALPHABET, max_size=30), st.booleans())
def test_a_rejected_text_has_no_match(pattern: str, text: str, ignore_case: bool) -> None:
    try:
        rx = regex.compile(pattern, FLAGS | (regex.IGNORECASE if ignore_case else 0))
    except regex.error:
        return
    pf = prefilter(pattern, ignore_case)
    if pf is not None and not pf.admits(text):
        assert rx.search(text) is None, (pattern, text, pf)


def test_requirements_of_a_line_pattern() -> None:
    pf = prefilter(r"[^\n]*(?:付费|购买)后(?:查看|阅读)[^\n]*")
    assert pf is not None
    assert set(pf.requirements[0]) == {"付费后查看", "付费后阅读", "购买后查看", "购买后阅读"}
    assert pf.admits("请付费后阅读全文") and not pf.admits("付费内容，购买后可下载")


def test_alternation_needs_every_branch() -> None:
    assert prefilter(r"关键词\d+|\{keyword\}").requirements == (frozenset({"{keyword}", "关键词"}),)
    assert prefilter(r"关键词\d+|\d+") is None  # one branch requires no literal: nothing can be skipped
    assert prefilter(r"(?:万元)?\d+") is None  # optional literal: no requirement


def test_ignore_case_folds_both_sides() -> None:
    pf = prefilter(r"##\s*paid\s*##", ignore_case=True)
    assert pf is not None and pf.admits("正文##PAID##") and not pf.admits("正文")
    assert prefilter("STRASSE", ignore_case=True).admits("straße")  # full case folding: ß = ss
    assert prefilter(r"(?i)paid") is None  # inline flags are not analysed


def test_regex_only_syntax_is_not_analysed() -> None:
    assert prefilter(r"(?:付费){e<=1}") is None  # fuzzy matching: 付 alone may match
    assert prefilter(r"[[a-z]--[aeiou]]x") is None  # set difference, which re would read as literals
    assert prefilter(r"\p{Han}+万元") is not None  # a property is read as an unknown class
    assert prefilter(r"第\K\d+页") is None  # \K: the re parser rejects it, so no prefilter


def test_every_bad_example_of_a_pattern_rule_passes_its_prefilter() -> None:
    checked = 0
    for rule in load_rules():
        pf = getattr(rule, "literal_prefilter", None)
        if pf is None or rule.examples is None:
            continue
        for bad in rule.examples.bad:
            text = bad if rule.target == "original" else normalize(bad).text
            assert pf.admits(text), (rule.id, bad)
            checked += 1
    assert checked > 40


def test_every_builtin_regex_compiles() -> None:
    """Built-in rules load without compiling their patterns (checker.rules.loader, `trusted`): this is
    where a broken built-in pattern is caught instead."""
    compiled = 0
    for rule in load_rules():
        if isinstance(rule, PatternRule):
            assert rule.compiled is not None
            assert len(rule.compiled_excludes) == len(rule.exclude)
            compiled += 1
    assert compiled > 40
