"""Kind `unused-suppression`: every `<!-- checker-… -->` comment is a candidate finding.

Whether a suppression was used is only known after all other rules ran, so this kind proposes one
finding per comment and `checker.suppress.apply_suppressions` keeps those whose selectors covered
nothing (rewriting the message to name them). Going through the engine like any rule gives the
candidates the usual severity overrides, per-path ignores and fingerprints.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.model import Rule
from checker.suppress import parse_directives


class UnusedSuppressionRule(Rule):
    kind: Literal["unused-suppression"]

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        for d in parse_directives(ctx.doc):
            yield ctx.finding_orig(self, d.start, d.end, suggestion="", unused=", ".join(d.selectors) or "*")
