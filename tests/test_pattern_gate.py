"""The engine's gate (checker/engine.py, `PrefilterSet` in checker/rules/re2_prefilter.py) skips a
pattern rule on a document only when the rule, run anyway, would find nothing there."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.context import DocumentContext
from checker.document import Document
from checker.engine import gate, run_rules
from checker.rules import re2_prefilter as re2_prefilter_module
from checker.rules.kinds.pattern import PatternRule
from checker.rules.loader import load_rules
from checker.rules.model import Rule
from checker.rules.re2_pattern import quiet_compile
from checker.rules.re2_prefilter import PrefilterSet, re2_prefilter

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@cache
def _rules() -> list[Rule]:
    return [r for r in load_rules() if r.evaluated]


@cache
def _pieces() -> list[str]:
    """Lines that make rules fire or nearly fire: every rule's examples and the seeds' lines."""
    out: list[str] = []
    for rule in _rules():
        if rule.examples is not None:
            out += rule.examples.bad + rule.examples.good
    for seed in sorted(SEEDS.glob("*.txt")):
        out += [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()][:60]
    return out


def _skipped_rules_find_nothing(text: str) -> int:
    """Run every rule the gate skips on `text`; return how many were skipped."""
    rules = _rules()
    ctx = DocumentContext(Document.from_text(text, path="t.txt"))
    skipped = gate(rules).skipped(ctx.text)
    for i in skipped:
        assert list(rules[i].check(ctx)) == [], (rules[i].id, text)
    return len(skipped)


def test_gated_rules_are_pattern_rules_of_the_normalised_text() -> None:
    rules = _rules()
    g = gate(rules)
    assert len(g._index) > 90
    for i in g._index:
        rule = rules[i]
        if rule.kind == "works-list-count":  # its findings are matches of `count` in the normalised text
            continue
        assert isinstance(rule, PatternRule) and rule.target == "normalized"
        assert rule.kind in {"pattern", "pattern-unless", "figure-pattern"}
    assert any(rules[i].kind == "works-list-count" for i in g._index)


def test_every_bad_example_is_admitted() -> None:
    """A rule's own bad example, alone and inside a seed, is never skipped."""
    rules = _rules()
    seed = (SEEDS / "000_85367e20b15c5bd5.txt").read_text(encoding="utf-8")
    for i in gate(rules)._index:
        rule = rules[i]
        for bad in rule.examples.bad if rule.examples else []:
            for text in (bad, seed + "\n" + bad + "\n" + seed):
                ctx = DocumentContext(Document.from_text(text, path="t.txt"))
                assert i not in gate(rules).skipped(ctx.text), (rule.id, bad)


def test_on_the_seeds_skipped_rules_find_nothing() -> None:
    skipped = sum(_skipped_rules_find_nothing(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt")))
    assert skipped > 100  # the gate does skip


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_on_mixed_examples_skipped_rules_find_nothing(data: st.DataObject) -> None:
    pieces = data.draw(st.lists(st.sampled_from(_pieces()), min_size=1, max_size=12))
    glue = data.draw(st.sampled_from(["\n", "", "，", "。\n"]))
    _skipped_rules_find_nothing(glue.join(pieces))


def test_with_and_without_the_gate_the_engine_finds_the_same() -> None:
    rules = _rules()
    for p in sorted(SEEDS.glob("*.txt")):
        doc = Document.from_text(p.read_text(encoding="utf-8"), path=p.name)
        gated = run_rules(DocumentContext(doc), rules)
        ctx = DocumentContext(doc)
        plain = [f for r in rules for f in r.check(ctx)]
        assert [f.model_dump() for f in gated] == [f.model_dump() for f in plain], p.name


def test_a_set_agrees_with_each_prefilter() -> None:
    sources = [s for r in _rules() if isinstance(r, PatternRule) and (s := r.gate_source) is not None
               and quiet_compile(s) is not None]
    ps = PrefilterSet(sources, [False] * len(sources))
    for p in sorted(SEEDS.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        verdicts = ps.admitted(text)
        for source, admitted in zip(sources, verdicts, strict=True):
            single = quiet_compile(source).search(text) is not None  # type: ignore[union-attr]
            assert admitted == single, (source, p.name)


def test_a_failed_pass_admits_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    wide = r"甲[^\n]{0,30}乙"  # a source for the filter, not a set (no necessary condition asked)
    monkeypatch.setattr(re2_prefilter_module, "necessary_source", lambda source: None)
    ps = PrefilterSet(["甲", "乙+", wide], [False, False, False])
    assert ps._filter is not None and len(ps._sets) == 1
    assert ps.admitted("丙") == [False, False, False]
    assert ps.admitted("甲丙乙") == [True, True, True]
    monkeypatch.setattr(re2.Set, "Match", lambda self, text: None)  # a DFA out of memory: no match at all
    assert ps.admitted("丙") == [True, True, False]
    monkeypatch.setattr(re2.Filter, "Match", lambda self, text, potential=False: [])  # its atom pass gave up
    assert ps.admitted("丙") == [True, True, True]


def test_a_wide_source_is_searched_alone_where_its_condition_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    wide = r"甲[^\n]{0,30}乙"  # its condition, 甲, takes a slot in the set
    ps = PrefilterSet(["乙+", wide], [False, False])
    assert ps._filter is None and len(ps._checked) == 1
    assert ps.admitted("丙") == [False, False] and ps.admitted("甲丙") == [False, False]
    assert ps.admitted("甲丙乙") == [True, True]
    monkeypatch.setattr(re2.Set, "Match", lambda self, text: None)  # the set's pass gave up
    assert ps.admitted("甲丙") == [True, False]  # the condition admitted, the source searched alone


def test_a_lookahead_read_as_text_still_matches_before_the_filter_sentinel(monkeypatch: pytest.MonkeyPatch) -> None:
    """The filter searches the text with its sentinel after a line end: a source that matched at
    the end of the text must match there too."""
    monkeypatch.setattr(re2_prefilter_module, "necessary_source", lambda source: None)
    pf = re2_prefilter(r"乙(?![\n甲])", 0)
    assert pf is not None and "\\z" not in pf.source
    ps = PrefilterSet([pf.source + r"[^\n]{0,9}"], [False])
    assert ps._filter is not None
    assert ps.admitted("甲乙") == [True] and ps.admitted("乙甲") == [False]


def test_case_folded_sources_admit_a_text_with_a_long_folding() -> None:
    ps = PrefilterSet(["(?i)strasse", "strasse"], [True, False])
    assert ps.admitted("Straße") == [True, False]
    assert ps.admitted("x") == [False, False]


def test_a_prefilter_reads_the_verdict_of_the_last_pass() -> None:
    pf = re2_prefilter(r"(?<=甲)乙", 0)
    assert pf is not None
    ps = PrefilterSet([pf.source], [False])
    text = "甲乙"
    assert ps.admitted(text) == [True] and pf.admits(text)
    assert not pf.admits("乙甲")


def test_a_rule_whose_gate_pattern_cannot_be_made_is_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import checker.rules.kinds.list_count as list_count_kind
    import checker.rules.kinds.pattern as pattern_kind

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("no gate")

    monkeypatch.setattr(pattern_kind, "relaxed_source", broken)
    monkeypatch.setattr(list_count_kind, "relaxed_source", broken)
    rules = [r.model_copy() for r in _rules()]
    for r in rules:
        r.__dict__.pop("gate_source", None)  # a copy keeps what the original cached
    assert gate(rules)._index == []
    text = (SEEDS / "000_85367e20b15c5bd5.txt").read_text(encoding="utf-8")
    ctx = DocumentContext(Document.from_text(text, path="t.txt"))
    assert run_rules(ctx, rules)
