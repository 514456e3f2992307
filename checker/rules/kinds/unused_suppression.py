"""Kind `unused-suppression`: the rule entry of `suppression.unused` (its message, severity,
category, description and examples), reported by the findings policy, not run by the engine.

Whether a `<!-- checker-… -->` comment suppressed anything is only known once every other rule has
run and the policy has applied the comments, so `checker.policy` makes these findings itself,
from this rule's data, and they then take the same severity overrides, per-path ignores and
fingerprints as any other finding.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from checker.rules.model import Rule


class UnusedSuppressionRule(Rule):
    kind: Literal["unused-suppression"]

    evaluated: ClassVar[bool] = False
