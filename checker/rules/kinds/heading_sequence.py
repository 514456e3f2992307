"""Kind `heading-sequence`: section numbers that skip one (二、 then 四、; a section whose first
subheading is （二）), where a section was cut out or a heading lost its number.

Headings are lines that start with a number in one of the rule's `levels` (一、 / （一） / 1. / （1）,
outermost first). A heading resets the numbering of every level inside its own, so each section's
subheadings are counted afresh. Reported:
- a gap: a heading numbered more than one past the previous heading of its level (at most
  `max_gap` numbers missing: a bigger jump is a different list, not a lost section);
- a late start: the first subheading after a section heading is numbered 2 (or up to 1 + max_gap),
  reported at the section heading, whose first subsection is missing.
A number lower than the previous one starts a new list (a compilation of several reports, a list
inside a section); a numbered row label of a scraped table ("一、按单位基本性质 |") is no heading:
nothing is reported, and neither is the first heading of a text that has no
section heading above it (an excerpt may start anywhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import Literal

from pydantic import Field, field_validator

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.model import Rule

_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def heading_number(numeral: str) -> int | None:
    """The value of a heading's number: 1-99 in Chinese numerals (一, 十二, 二十三) or digits."""
    if numeral.isdigit():
        return int(numeral)
    if "十" not in numeral:
        return _DIGITS.get(numeral) if len(numeral) == 1 else None
    tens, _, units = numeral.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    high = _DIGITS.get(tens, 0) if tens else 1
    low = _DIGITS.get(units, 0) if units else 0
    if (tens and tens not in _DIGITS) or (units and units not in _DIGITS) or high == 0:
        return None
    return high * 10 + low


def _unmarked(text: str, start: int, end: int, missing: list[int]) -> bool:
    """Whether every missing number opens a line between `start` and `end` without its mark, its
    text glued on (9.… / 10企业2022年… / 11.…): that item is there, only its 、 or . was lost, so no
    section is missing."""
    between = text[start:end]
    return all(re.search(rf"(?m)^[ \t\u3000]*{n}(?=[^\d\s.、．，,])", between) for n in missing)


def _inline(text: str, start: int, end: int, missing: list[int], level: re.Pattern[str]) -> bool:
    """Whether every missing number is written with its level's mark inside a line between `start`
    and `end`, glued after a word and before one (一、社会救助工作扎实有力1.城乡低保…): a page run into
    fewer lines, where the item is there and only its line break was lost."""
    inline = re.compile(r"(?<=[\u4e00-\u9fff。；：，,;:])" + level.pattern.removeprefix("^").removeprefix(
        "[ \\t\\u3000]*") + r"(?=[\u4e00-\u9fff])")
    found = {heading_number(m.group("n")) for m in inline.finditer(text, start, end)}
    return all(n in found for n in missing)


class HeadingSequenceRule(Rule):
    kind: Literal["heading-sequence"]
    # Heading patterns, outermost level first; each has a group `n` (the number) and is matched at
    # the start of a line.
    levels: list[str] = Field(min_length=1)
    # At most this many numbers missing in a gap (a longer jump is another list).
    max_gap: int = Field(default=2, ge=1)
    # A finding covers the heading line up to this many characters.
    max_span: int = Field(default=30, ge=1)
    # A line ending in one of these is a cell of a scraped table ("三、按单位预算级次 |"), whose row
    # labels are numbered like headings but open no section.
    cell_end: str = "|｜"

    @field_validator("levels")
    @classmethod
    def _numbered(cls, v: list[str]) -> list[str]:
        for pattern in v:
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"level {pattern!r}: {exc}") from exc
            if "n" not in compiled.groupindex:
                raise ValueError(f"level {pattern!r} needs a group (?P<n>...) for the number")
        return v

    @cached_property
    def _levels(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.levels]

    def _headings(self, text: str) -> Iterator[tuple[int, int, int, int]]:
        """(level, number, line start, line end) of each numbered heading line."""
        pos = 0
        cell_end = tuple(self.cell_end)
        for line in text.splitlines(keepends=True):
            if cell_end and line.rstrip().endswith(cell_end):
                pos += len(line)
                continue
            for level, pattern in enumerate(self._levels):
                m = pattern.match(line)
                if m is not None:
                    number = heading_number(m.group("n"))
                    if number is not None:
                        yield level, number, pos, pos + len(line.rstrip("\r\n"))
                    break
            pos += len(line)

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        # Per level: None (no section heading above seen yet), or (last number, its span); number 0
        # means a section heading above was just seen (its span is kept for a late start).
        state: list[tuple[int, int, int] | None] = [None] * len(self.levels)
        for level, number, start, end in self._headings(text):
            last = state[level]
            if last is not None:
                previous, pstart, pend = last
                if previous == 0 and 1 < number <= 1 + self.max_gap:
                    missing = list(range(1, number))
                    if not _inline(text, pstart, start, missing, self._levels[level]):
                        yield self._finding(ctx, pstart, pend, number, missing, late=True)
                elif previous > 0 and previous + 1 < number <= previous + 1 + self.max_gap:
                    missing = list(range(previous + 1, number))
                    if not (_unmarked(text, pend, start, missing)
                            or _inline(text, pstart, start, missing, self._levels[level])):
                        yield self._finding(ctx, start, end, number, missing, late=False)
            state[level] = (number, start, end)
            for inner in range(level + 1, len(state)):
                state[inner] = (0, start, end)

    def _finding(self, ctx: DocumentContext, start: int, end: int, number: int, missing: list[int],
                 late: bool) -> Finding:
        end = min(end, start + self.max_span)
        return ctx.finding(self, start, end, number=number, missing="、".join(map(str, missing)),
                           evidence={"number": number, "missing": missing, "late_start": late})
