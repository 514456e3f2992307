"""Every rule proves itself: each `bad` example fires the rule, each `good` example does not."""

from __future__ import annotations

import pytest

from checker.rule_examples import example_hits
from checker.rules.loader import builtin_rules

RULES = builtin_rules()
CASES = [(r, "bad", i, text) for r in RULES for i, text in enumerate(r.examples.bad)] + [
    (r, "good", i, text) for r in RULES for i, text in enumerate(r.examples.good)
]


@pytest.mark.parametrize(("rule", "side", "index", "text"), CASES,
                         ids=[f"{r.id}-{side}{i}" for r, side, i, _ in CASES])
def test_rule_example(rule, side, index, text):
    hits = example_hits(rule, text)
    if side == "bad":
        assert hits, f"{rule.id} should fire on bad example {text!r}"
    else:
        assert not hits, f"{rule.id} should stay silent on good example {text!r}, got {hits}"


def test_every_rule_documents_itself():
    for r in RULES:
        assert r.description and r.why and r.fix, r.id
        assert r.examples.bad and r.examples.good, r.id
