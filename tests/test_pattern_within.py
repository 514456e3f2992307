"""A pattern rule that declares `within` (checker/rules/kinds/pattern.py) is searched only inside
the matches of `within` that pass `within_repeat`: its matches there are those of the plain search
of the whole text, on any text (hypothesis), for every built-in rule that declares it."""

from __future__ import annotations

from functools import cache

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from checker.rules.kinds.pattern import PatternRule, repeats, wide_class_run
from checker.rules.loader import load_rules


@cache
def _declaring() -> list[PatternRule]:
    return [r for r in load_rules() if isinstance(r, PatternRule) and r.within is not None]


def _plain(rule: PatternRule, text: str) -> list[tuple[int, int, dict[str, str | None]]]:
    return [(m.start(), m.end(), m.groupdict()) for m in rule.compiled.finditer(text)]


def _within(rule: PatternRule, text: str) -> list[tuple[int, int, dict[str, str | None]]]:
    return [(m.start(), m.end(), m.groupdict()) for m in rule.matches(text)]


def test_some_rule_declares_within() -> None:
    assert any(r.id == "artifact.keyword-stuffing" for r in _declaring())


# Pieces that make runs, repeats and near-repeats: ideographs, digits, a Latin letter, stops; and
# what only the widened run of `re` reads (wide_class_run): an unassigned code point among the
# radicals, a plane-1 letter, a digit newer than Python's Unicode tables (Kirat Rai, Unicode 16).
_PIECE = st.sampled_from(["村级", "工作", "汇报", "材料", "乡镇", "报告", "2024", "年", "1", "、",
                          "，", "\n", " ", "a", "〇", "学习", "落实", "再", "工作汇报材料",
                          "\u2fdf", "\U00010400", "\U00016d70"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECE, max_size=40).map("".join))
@example("1、村级工作汇报材料村级工作汇报材料村级工作汇报材料村级工作汇报材料")
@example("学习学习再学习，落实落实再落实。")
@example("乡镇报告乡镇报告乡镇报告，工作汇报工作汇报工作汇报工作汇报")
@example("乡镇报告乡镇报告\u2fdf乡镇报告乡镇报告乡镇报告")
@example("工作汇报\U00016d70工作汇报\U00016d70工作汇报\U00016d70")
def test_within_finds_what_the_plain_search_finds(text: str) -> None:
    for rule in _declaring():
        assert _within(rule, text) == _plain(rule, text), rule.id


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab工作1，", max_size=30), st.integers(1, 5))
def test_repeats_is_a_repeated_slice(text: str, k: int) -> None:
    grams = [text[i:i + k] for i in range(len(text) - k + 1)]
    twice = any(grams[i] == grams[j] for i in range(len(grams)) for j in range(i + 1, len(grams)))
    assert repeats(text, 0, len(text), k) == twice


@pytest.mark.parametrize("rule", _declaring(), ids=lambda r: r.id)
def test_examples_agree(rule: PatternRule) -> None:
    assert rule.examples is not None
    for text in rule.examples.bad + rule.examples.good:
        assert _within(rule, text) == _plain(rule, text)


def test_a_class_run_is_found_on_re_through_a_wider_class() -> None:
    """Every character `regex` reads as the class (any code point) is in the widened class of
    `re`, so every run of the original lies inside one of the widened runs."""
    rule = next(r for r in _declaring() if r.id == "artifact.keyword-stuffing")
    wide = wide_class_run(rule.within or "")
    assert wide is not None and rule.within_matcher is wide
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    inside = "".join(regex.findall(r"[\p{Han}\d]", every))
    assert inside and wide.fullmatch(inside)
    assert wide_class_run(r"[\p{Han}\d]{3,9}") is None and wide_class_run(r"[\p{Latin}]{12,}") is None
