"""Kind `page-chunks`: chunk numbers a document-sharing site put where it cut the page.

Sites that serve a document in chunks number them "1、" "2、" "3、" and start each on a new line,
wherever the cut fell: in the middle of a word (优化结 / 3、构中), of a heading or of a figure,
sometimes after a blank line. A list item looks the same, so the rule asks what stands before
the number: a chunk number follows a line that stops unfinished (no closing punctuation) and is
either long prose or a heading of another level ((一)经济指标 then "2、": a sub-list does not
start at 2). A "1、" opening the document is the first chunk when later numbers are chunks too.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Literal

import regex

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.kinds.pattern import compile_pattern
from checker.rules.model import Rule

_MARKER = compile_regex(r"^[ \t\u3000]*(\d{1,3})、(?=\S)", regex.MULTILINE)


class PageChunksRule(Rule):
    kind: Literal["page-chunks"]
    # A line ending in one of these is finished: the number after it may open a list item.
    finished: str = "。！？!?；;：:…”’」』）)】》"
    # An unfinished line at least this long is prose cut off, not a heading.
    min_prose: int = 40
    # The tail of a line that is a heading of another level ((一)…, 一、…, 第一章…).
    heading: str = (r"(?:^|[。！？!?；;\s])(?:[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)"
                    r"[^。！？!?；;\n]{0,30}$")

    @cached_property
    def _heading(self) -> regex.Pattern[str]:
        return compile_pattern(self.heading)

    def _previous_line(self, text: str, pos: int) -> str | None:
        """The last non-empty line before `pos` (blank lines skipped), or None at the start."""
        end = pos - 1 if pos > 0 else 0
        while end > 0:
            start = text.rfind("\n", 0, end) + 1
            line = text[start:end].strip()
            if line:
                return line
            end = start - 1
        return None

    def _is_cut(self, prev: str) -> bool:
        if prev.endswith(tuple(self.finished)) or not regex.match(r"[\p{Han}\d%]", prev[-1]):
            return False
        return len(prev) >= self.min_prose or bool(self._heading.search(prev))

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        first: regex.Match[str] | None = None
        found = False
        for m in _MARKER.finditer(text):
            prev = self._previous_line(text, m.start())
            if int(m.group(1)) == 1:
                # Only a "1、" on the first line of text can be a chunk number (checked below).
                if prev is None or regex.fullmatch(r"(?:https?://|www\.)\S+", prev):
                    first = m
                continue
            if prev is not None and self._is_cut(prev):
                found = True
                yield ctx.finding(self, m.start(1), m.end())
        if found and first is not None:
            yield ctx.finding(self, first.start(1), first.end())
