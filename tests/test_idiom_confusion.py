"""Kind `idiom-confusion` (artifact.idiom-misspelling): the misspelling lexicon's single-character
confusions carried over to every common idiom of jieba's dictionary."""

from __future__ import annotations

from collections import defaultdict

import pytest

from checker.api import check_text
from checker.rules.kinds.idiom_confusion import IdiomConfusionRule, _jieba_dictionary
from checker.rules.loader import builtin_rules

_RULE = next(r for r in builtin_rules() if r.id == "artifact.idiom-misspelling")
_LEXICON = next(r for r in builtin_rules() if r.id == "artifact.common-misspelling")


def _lexicon_confusions() -> dict[str, set[str]]:
    """right character -> the characters the lexicon's entries write for it (entries that differ
    from their correction in one character only)."""
    out: dict[str, set[str]] = defaultdict(set)
    for wrong, right in _LEXICON.swaps.items():
        if len(wrong) == len(right):
            diff = [(w, r) for w, r in zip(wrong, right, strict=True) if w != r]
            if len(diff) == 1:
                out[diff[0][1]].add(diff[0][0])
    return out


def test_confusables_are_the_lexicons() -> None:
    """Each pair is attested by a misspelling of the lexicon, and every such pair is used: after a
    lexicon edit, the rule's `confusables` is regenerated from it."""
    assert isinstance(_RULE, IdiomConfusionRule)
    rule = {right: set(wrongs) for right, wrongs in _RULE.confusables.items()}
    lexicon = dict(_lexicon_confusions())
    missing = {r: "".join(sorted(w - rule.get(r, set()))) for r, w in lexicon.items() if w - rule.get(r, set())}
    unattested = {r: "".join(sorted(w - lexicon.get(r, set()))) for r, w in rule.items() if w - lexicon.get(r, set())}
    assert not missing, f"add to confusables: {missing}"
    assert not unattested, f"not attested by artifact.common-misspelling: {unattested}"


def test_variants_are_one_confusion_from_a_common_idiom() -> None:
    assert isinstance(_RULE, IdiomConfusionRule)
    words = _jieba_dictionary()
    assert 1000 < len(_RULE.phrase_table) < 20000
    for variant, idiom in _RULE.phrase_table.items():
        if variant in _RULE.swaps:
            continue
        assert variant not in words, variant
        freq, tag = words[idiom]
        assert tag == "i" and len(idiom) == 4 and freq >= _RULE.min_frequency
        [(wrong, right)] = [(w, r) for w, r in zip(variant, idiom, strict=True) if w != r]
        assert wrong in _RULE.confusables[right]


def _found(text: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.suggestion) for f in check_text(text, rules=[_RULE])]


@pytest.mark.parametrize(("text", "span", "right"), [
    ("改革势再必行，不能半途而废", "势再必行", "势在必行"),
    ("党员干部艰持不懈抓落实", "艰持不懈", "坚持不懈"),
    ("对明之故犯的严肃处理", "明之故犯", "明知故犯"),
    ("严禁于权谋私、优亲厚友", "于权谋私", "以权谋私"),
])
def test_idiom_misspelling(text: str, span: str, right: str) -> None:
    assert (span, right) in _found(text)


@pytest.mark.parametrize("text", [
    "改革势在必行，干部群众坚持不懈，坚决杜绝明知故犯、以权谋私。",
    # 一是|无|成本: the window 一是无成 spells a variant of 一事无成, glued into 成本
    "一是无成本推广，二是小题大做不可取。",
    "每一份收获都是奋斗的回报，一分耕耘一分收获。",
])
def test_idiom_misspelling_silent_on_correct_text(text: str) -> None:
    assert _found(text) == []
