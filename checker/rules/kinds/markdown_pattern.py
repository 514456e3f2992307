"""Kind `markdown-pattern`: a pattern whose matches inside Markdown markup are not findings when,
and only when, the file is Markdown.

`**` and `*` are redaction marks in a plain-text report (企业入驻**, 将*乡打造成) but emphasis in
a .md file (今年**重点**推进). The rule runs as kind `pattern` everywhere; in a file named .md or
.markdown a finding that overlaps a match of `markdown_exclude` on its line is dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Literal

import regex
from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.kinds.pattern import PatternRule, compile_pattern, finditer

MARKDOWN_SUFFIXES = (".md", ".markdown")


class MarkdownPatternRule(PatternRule):
    kind: Literal["markdown-pattern"]  # type: ignore[assignment]
    # Markup that a Markdown file may contain where the pattern would otherwise match.
    markdown_exclude: list[str] = Field(min_length=1)

    @cached_property
    def compiled_markdown(self) -> list[regex.Pattern[str]]:
        return [compile_pattern(p, self.ignore_case) for p in self.markdown_exclude]

    def _in_markup(self, f: Finding) -> bool:
        if f.line != f.end_line:
            return False
        start, end = f.column - 1, f.end_column - 1
        return any(m.start() < end and m.end() > start
                   for p in self.compiled_markdown for m in finditer(p, f.context, self.id))

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        markdown = ctx.path.lower().endswith(MARKDOWN_SUFFIXES)
        for f in super().check(ctx):
            if markdown and self._in_markup(f):
                continue
            yield f
