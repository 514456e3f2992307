"""Running a rule's own `bad` and `good` examples: what the test suite does for the built-in rules
and `checker test-rules` does for a user's rule files (semgrep's --test, textlint-tester)."""

from __future__ import annotations

from dataclasses import dataclass

from checker.rules.model import Rule


@dataclass(frozen=True)
class ExampleFailure:
    """One example that does not behave: a bad one the rule misses, or a good one it fires on."""

    rule: str
    source: str
    side: str  # "bad" or "good"
    text: str
    found: tuple[str, ...] = ()  # what the rule reported on a good example

    def describe(self) -> str:
        if not self.text:
            return f"{self.source}: {self.rule}: has no {self.side} example"
        if self.side == "bad":
            return f"{self.source}: {self.rule}: should fire on bad example {self.text!r}, found nothing"
        return f"{self.source}: {self.rule}: should stay silent on good example {self.text!r}, found {list(self.found)}"


def example_hits(rule: Rule, text: str) -> list[str]:
    """The spans `rule` reports on `text` when it runs alone (read as a file of the kind's
    `example_suffix` where it has one, e.g. a web page for page furniture)."""
    from checker.api import check_bytes, check_text

    suffix = getattr(rule, "example_suffix", None)
    findings = check_bytes(text.encode("utf-8"), f"example{suffix}", rules=[rule]).findings if suffix \
        else check_text(text, rules=[rule])
    return [f.text for f in findings if f.rule == rule.id]


def run_examples(rule: Rule) -> tuple[int, list[ExampleFailure]]:
    """How many examples of `rule` ran, and each one that misbehaved (a rule without a bad or a
    good example fails too: it proves nothing on that side)."""
    failures: list[ExampleFailure] = []
    count = 0
    for side, texts in (("bad", rule.examples.bad), ("good", rule.examples.good)):
        if not texts:
            failures.append(ExampleFailure(rule.id, rule.source, side, "", ("no example",)))
        for text in texts:
            count += 1
            hits = example_hits(rule, text)
            if not hits if side == "bad" else hits:
                failures.append(ExampleFailure(rule.id, rule.source, side, text, tuple(hits)))
    return count, failures
