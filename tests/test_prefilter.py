"""RE2 prefilters (checker/rules/re2_prefilter.py) may skip a text only when the regex cannot match it."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.normalize import normalize
from checker.rules.kinds.pattern import PatternRule
from checker.rules.loader import load_rules
from checker.rules.re2_pattern import quiet_compile
from checker.rules.re2_prefilter import PrefilterSet, is_wide, necessary_source, re2_prefilter, relaxed_source

FLAGS = regex.VERSION1 | regex.MULTILINE
ALPHABET = "ab中文Xx\n1 ßsSKk\u3000٣"


def _patterns() -> st.SearchStrategy[str]:
    atoms = st.sampled_from(["a", "b", "中", "文", "X", "x", "ß", "ss", "k", "1", "[ab]", "[^a]", ".", r"\d", r"\s",
                             "[中文]", "[a-c]", "^", "$", r"\b", r"\w", r"\W", r"\S", r"\B", r"\Z", r"\p{Han}",
                             r"[^\d\s]", r"\1", r"[^\w]", r"[^\p{Han}a]", r"[\w--[a]]", r"[\p{Han}a&&[中a]]",
                             r"[^\S]", r"[^\D]", "(?P=n)"])

    def grow(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map(lambda ab: f"(?:{ab[0]}|{ab[1]})"),
            st.tuples(inner, st.sampled_from(["?", "*", "+", "{1,2}", "{2}", "{0,3}", "??", "+?"]))
              .map(lambda t: f"(?:{t[0]}){t[1]}"),
            inner.map(lambda a: f"(?={a})"),
            inner.map(lambda a: f"(?!{a})"),
            inner.map(lambda a: f"(?<={a})"),
            inner.map(lambda a: f"(?<!{a})"),
            inner.map(lambda a: f"(?>{a})"),
            st.tuples(inner, st.sampled_from(["*+", "++", "?+", "{1,2}+", "{,2}"])).map(lambda t: f"(?:{t[0]}){t[1]}"),
            inner.map(lambda a: f"({a})"),
            inner.map(lambda a: f"(?P<n>{a})"),
        )

    return st.recursive(atoms, grow, max_leaves=8)


@settings(max_examples=400, deadline=None)
@given(_patterns(), st.text(alphabet=ALPHABET, max_size=30), st.booleans())
def test_a_rejected_text_has_no_match(pattern: str, text: str, ignore_case: bool) -> None:
    try:
        rx = regex.compile(pattern, FLAGS | (regex.IGNORECASE if ignore_case else 0))
    except regex.error:
        return
    pf = re2_prefilter(pattern, FLAGS | (regex.IGNORECASE if ignore_case else 0))
    if pf is not None and not pf.admits(text):
        assert rx.search(text) is None, (pattern, text, pf)


@settings(max_examples=400, deadline=None)
@given(st.lists(_patterns(), min_size=2, max_size=3), st.text(alphabet=ALPHABET, max_size=30), st.booleans())
def test_top_level_alternatives_a_rejected_text_has_no_match(parts: list[str], text: str, anchors: bool) -> None:
    """Lookarounds at the edges of a top-level alternative are read as text next to the match."""
    pattern = "|".join(parts)
    try:
        rx = regex.compile(pattern, FLAGS)
    except regex.error:
        return
    pf = re2_prefilter(pattern, FLAGS, anchors=anchors)
    if pf is not None and not pf.admits(text):
        assert rx.search(text) is None, (pattern, text, pf.source)


@settings(max_examples=300, deadline=None)
@given(_patterns(), st.text(alphabet=ALPHABET, max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_without_anchors_a_rejected_text_has_no_slice_with_a_match(pattern: str, text: str, a: int, b: int) -> None:
    """As the boilerplate rule uses it: shapes searched in segments, slices of the text."""
    try:
        rx = regex.compile(pattern, FLAGS)
    except regex.error:
        return
    pf = re2_prefilter(pattern, FLAGS, anchors=False)
    if pf is not None and not pf.admits(text):
        assert rx.search(text[min(a, b):max(a, b)]) is None, (pattern, text)


def test_a_line_pattern_is_decided_by_re2() -> None:
    pf = re2_prefilter(r"[^\n]*(?:付费|购买)后(?:查看|阅读)[^\n]*", FLAGS)
    assert pf is not None
    assert pf.admits("请付费后阅读全文") and not pf.admits("付费内容，购买后可下载")


def test_lookarounds_and_back_references_are_relaxed_not_refused() -> None:
    pf = re2_prefilter(r"(?<![公总])共(?![同享])\d+(?P<u>个|项)(?P=u)", FLAGS)
    assert pf is not None and pf.admits("共3个个") and pf.admits("总共3个共8个个") and not pf.admits("共计三项")
    assert not pf.admits("总共3个个")  # a one-character lookbehind at the start: a character outside it
    assert relaxed_source(r"\b篇(?<=[。！]篇)\d{,3}", FLAGS) == r"(?m)篇[\p{Nd}\x{10000}-\x{10ffff}]{0,3}"
    assert re2_prefilter(r"关键词\d+|\d+", FLAGS) is not None  # digits alone: still a requirement


def test_only_a_long_repeat_of_a_wide_class_keeps_a_source_out_of_the_shared_sets() -> None:
    digits = relaxed_source(r"(?<![\d.])\d{6,}万", FLAGS)
    assert digits is not None and not is_wide(digits)  # a run of digits: counted alike by every source
    for narrow in (r"[\p{Nd}Xx]+\.[0-9]{2,}", r"[^\n]{0,5}", r"(?:ab)+", r"(?:、(?:[村镇乡]))*", r"(?:\.[\p{Nd}])+",
                   r"(?:[()\]])+"):
        assert not is_wide(narrow), narrow
    for wide in (r"[\p{Han}]{2,}", r"[\p{Nd}\p{Han}]+", r"[\P{Nd}]+", r"[\p{^Nd}]+", r"[^\n]*", r"(?s:.*)",
                 r"[\S]{6,}", r"(?:a[^\n])+", r"(?:a(?:\p{Han}|b))*", r"(?:a.)+", r"(?:a\S)+"):
        assert is_wide(wide), wide


def _wide_patterns() -> st.SearchStrategy[str]:
    """Patterns whose relaxed source repeats a wide class, where `necessary_source` has work."""
    wide = st.sampled_from([r"[^\n]{0,40}", r"[^a]*", r".+", r"\S{2,9}?", r"(?:[^b]\d)+", r"\p{Han}{1,8}",
                            r"[^中]{6,}"])
    return st.one_of(
        st.tuples(_patterns(), wide, _patterns()).map("".join),
        st.tuples(_patterns(), wide, _patterns(), wide).map(lambda t: f"{t[0]}{t[1]}|{t[2]}{t[3]}"),
        st.tuples(wide, _patterns()).map(lambda t: f"(?:{t[1]}){t[0]}"),
        _patterns(),
    )


@settings(max_examples=600, deadline=None)
@given(_wide_patterns(), st.text(alphabet=ALPHABET + "[]{}()|", max_size=40), st.booleans())
def test_a_necessary_source_matches_wherever_its_source_does(pattern: str, text: str, ignore_case: bool) -> None:
    flags = FLAGS | (regex.IGNORECASE if ignore_case else 0)
    source = relaxed_source(pattern, flags)
    need = None if source is None else necessary_source(source)
    if source is None or need is None:
        return
    assert not is_wide(need)
    whole, narrow = quiet_compile(source), quiet_compile(need)
    assert whole is not None and narrow is not None
    data = text.encode()
    if whole.search(data) is not None:
        assert narrow.search(data) is not None, (pattern, source, need, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(_wide_patterns(), min_size=1, max_size=6), st.text(alphabet=ALPHABET, max_size=40))
def test_a_prefilter_set_rejects_only_what_each_source_alone_rejects(patterns: list[str], text: str) -> None:
    """Sets, the FilteredRE2 and the necessary conditions of wide sources: a source rejected has no
    match (admitting more is allowed: the FilteredRE2 reads the text with its sentinel line after it)."""
    sources = [s for p in patterns if (s := relaxed_source(p, FLAGS)) is not None and quiet_compile(s) is not None]
    verdicts = PrefilterSet(sources, [False] * len(sources)).admitted(text, remember=False)
    for source, verdict in zip(sources, verdicts, strict=True):
        alone = quiet_compile(source)
        assert alone is not None
        assert verdict or alone.search(text.encode()) is None, (source, text)


def test_a_wide_source_without_atoms_gets_a_narrow_necessary_condition() -> None:
    assert necessary_source(r'(?m)"[\p{Han}][^"\n]{0,30}"') == r'(?m)(?:"[\p{Han}])'
    assert necessary_source(r"(?m)[\p{Thai}]+") == r"(?m)(?:[\p{Thai}]{1})"
    assert necessary_source(r"(?m)[^\n]*") is None  # nothing but the wide repeat: no condition
    assert necessary_source(r"(?m)ab[^\n]*c|[^\n]+") is None  # an alternative without one
    assert necessary_source(r"(?m)a(?i)[^\n]*bcd") is None  # flags from the middle on: not cut out of them
    assert necessary_source(r"(?m)[\S]+ab|cd[\p{Nd}]{7,}") == r"(?m)(?:[\S]{1}ab)|(?:cd[\p{Nd}]{7,})"


def test_ignore_case_folds_both_sides() -> None:
    pf = re2_prefilter(r"##\s*paid\s*##", FLAGS | regex.IGNORECASE)
    assert pf is not None and pf.admits("正文##PAID##") and not pf.admits("正文")
    assert pf.admits("straße")  # a text with a long case folding is always admitted
    assert re2_prefilter("STRAßE", FLAGS | regex.IGNORECASE) is None  # ß folds to ss: not for RE2
    assert re2_prefilter(r"(?i)paid", FLAGS) is None  # inline flags other than m and s are not read


def test_regex_only_syntax_is_not_analysed() -> None:
    assert re2_prefilter(r"(?:付费){e<=1}", FLAGS) is None  # fuzzy matching: 付 alone may match
    assert re2_prefilter(r"[[a-z]--[aeiou]]x", FLAGS).admits("ax")  # set difference: any character
    assert re2_prefilter(r"\p{Han}+万元", FLAGS) is not None
    assert re2_prefilter(r"\N{DIGIT ONE}年", FLAGS) is None


def test_every_bad_example_of_a_pattern_rule_passes_its_prefilter() -> None:
    checked = 0
    for rule in load_rules():
        pf = getattr(rule, "prefilter", None)
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
