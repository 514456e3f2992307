"""Kind `pattern-unless`: a pattern that is only damage when the document lacks another one.

Some holes are visible only against the whole text: 总书记 with no leader's name anywhere in the
report means a portal filter deleted the name (以总书记新时代…思想), while 总书记强调 after an
earlier 习近平总书记 is ordinary style. The rule searches `pattern` as kind `pattern` does and
reports nothing when `unless` matches anywhere in the same text.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Literal

import regex
from pydantic import ValidationInfo, field_validator

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.kinds.pattern import PatternRule, compile_pattern, finditer


class PatternUnlessRule(PatternRule):
    kind: Literal["pattern-unless"]  # type: ignore[assignment]
    # A regex searched over the whole document; when it matches, the rule stays silent.
    unless: str

    @field_validator("unless")
    @classmethod
    def _unless_compiles(cls, v: str, info: ValidationInfo) -> str:
        cls._compiles(v, info)
        return v

    @cached_property
    def compiled_unless(self) -> regex.Pattern[str]:
        return compile_pattern(self.unless, self.ignore_case)

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.original if self.target == "original" else ctx.text
        if not self.admits(text):
            return
        if next(finditer(self.compiled_unless, text, self.id), None) is not None:
            return
        yield from super().check(ctx)
