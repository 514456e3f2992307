"""Kinds `place_name` and `admin_level`: the report's own place named two ways.

`place_name`: the title names 北斗镇 while the body, many times, says 北斗溪镇 (one character
inserted, dropped or changed) and never 北斗镇. `admin_level`: the title says 镇 (镇政府, X镇)
while the body refers to itself as a 乡 (全乡, 我乡, 乡党委) and never as a 镇, or the reverse.
Both read the title lines only, so a neighbouring town named in the body is never compared.
`place_level`: the title's place (青山乡), used in the body too, written once with another level
(青山镇).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Literal

import regex
from pydantic import Field

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import compiled_default
from checker.rules.model import Rule
from checker.ui_text import say

# The title spans found in the last text asked about (one tuple, replaced whole): the place,
# year and title rules each ask for the same text's title, ~9 times a report.
_TITLES: list[tuple[str, dict[tuple[int, str, bool], tuple[int, int]]]] = [("", {})]


# A line longer than this holding at least PARAGRAPH_HAN Chinese characters, and naming no report,
# is a paragraph of the body: for the rules that compare the title with the body (title-year,
# admin-level, place-name, place-level), a page without a title (an encyclopedia entry:
# 馬祖鎮,舊名…1950年建鄉…) has no title block, and its first paragraph's years and places are not the
# title's. The report-year rules keep reading that paragraph: its year is most often the report's.
MAX_TITLE_LINE = 80
PARAGRAPH_HAN = 40


@lru_cache(maxsize=64)
def _words(title_words: str) -> regex.Pattern[str]:
    return compile_regex(title_words)


def _is_paragraph(line: str) -> bool:
    body = line.strip()
    return len(body) > MAX_TITLE_LINE and sum(1 for c in body if "\u4e00" <= c <= "\u9fff") >= PARAGRAPH_HAN


def title_span(text: str, max_lines: int, title_words: str, stop_at_paragraph: bool = False) -> tuple[int, int]:
    """[0, end) of the title block: the first lines up to and including one that names the report
    (with `stop_at_paragraph`, ending before a paragraph that names none). Remembered for the last
    text (held equal to `plain_title_span` by tests/test_title_span.py)."""
    memo = _TITLES[0]
    if memo[0] is not text:
        memo = (text, {})
        _TITLES[0] = memo
    key = (max_lines, title_words, stop_at_paragraph)
    found = memo[1].get(key)
    if found is None:
        found = memo[1][key] = _title_span(text, max_lines, _words(title_words), stop_at_paragraph)
    return found


def _title_span(text: str, max_lines: int, words: regex.Pattern[str], stop_at_paragraph: bool) -> tuple[int, int]:
    end = 0
    for _ in range(max_lines):
        if end >= len(text):
            break
        nl = text.find("\n", end)
        start, stop = end, len(text) if nl < 0 else nl + 1
        if words.search(text[start:stop]):  # the line alone, as the plain twin: anchors read it so
            return 0, stop
        if stop_at_paragraph and _is_paragraph(text[start:stop]):
            return 0, start
        end = stop
    return 0, end


def plain_title_span(text: str, max_lines: int, title_words: str, stop_at_paragraph: bool = False) -> tuple[int, int]:
    """The plain twin of `title_span`: each line read by a regex, the words searched in it."""
    end = 0
    for i, m in enumerate(regex.finditer(r"[^\n]*\n?", text)):
        if i >= max_lines or not m.group(0):
            break
        if regex.search(title_words, m.group(0)):
            return 0, m.end()
        if stop_at_paragraph and _is_paragraph(m.group(0)):
            return 0, m.start()
        end = m.end()
    return 0, end


class PlaceNameRule(Rule):
    kind: Literal["place-name"]
    levels: str = "镇|乡|街道|县|区"
    title_lines: int = 3
    title_words: str = r"总结|报告|计划|汇报|安排"
    min_body_count: int = 2

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        _, tend = title_span(text, self.title_lines, self.title_words, stop_at_paragraph=True)
        body = text[tend:]
        seen: set[str] = set()
        for m in regex.finditer(rf"(?P<stem>\p{{Han}}{{2,3}}?)(?P<lvl>{self.levels})", text[:tend]):
            for k in (3, 2):
                stem = m.group("stem")[-k:] if len(m.group("stem")) >= k else None
                if stem is None or regex.search(r"[中共人民政府委员会年度工作总]", stem):
                    continue
                name = stem + m.group("lvl")
                if name in seen or name in body:
                    continue
                seen.add(name)
                variant, count = self._variant(body, stem, m.group("lvl"))
                if variant and count >= self.min_body_count:
                    s = m.end() - len(name)
                    summary = say("evidence.place-name", ctx.lang, name=name, count=count, variant=variant)
                    yield ctx.finding(self, s, m.end(), evidence={"title": name, "body": variant,
                                                                  "body_count": count, "summary": summary},
                                      suggestion=variant, variant=variant, count=count)
                    break

    @staticmethod
    def _variant(body: str, stem: str, lvl: str) -> tuple[str | None, int]:
        """The most frequent body name one edit away from stem+lvl (insertion or substitution)."""
        pats = [stem[:i] + r"\p{Han}" + stem[i:] for i in range(1, len(stem) + 1)]
        pats += [stem[:i] + r"\p{Han}" + stem[i + 1:] for i in range(1, len(stem))]
        if len(stem) >= 3:  # the title has a character too many (凤凰溪乡 for 凤凰乡)
            pats += [stem[:i] + stem[i + 1:] for i in range(1, len(stem))]
        counts: dict[str, int] = {}
        for p in pats:
            for m in regex.finditer(p + lvl, body):
                counts[m.group(0)] = counts.get(m.group(0), 0) + 1
        if not counts:
            return None, 0
        best = max(counts, key=lambda k: counts[k])
        return best, counts[best]


class AdminLevelRule(Rule):
    kind: Literal["admin-level"]
    title_lines: int = 3
    title_words: str = r"总结|报告|计划|汇报|安排"
    # How a report refers to its own administration, per level.
    self_reference: dict[str, str] = Field(default_factory=lambda: {
        "镇": r"(?:全|我|本)镇|(?<!乡)镇(?:党委|人民政府|政府|人大)",
        "乡": r"(?:全|我|本)乡(?!村|亲|贤|土|愁|音|情)|乡(?:党委|人民政府|政府|人大)",
    })
    title_reference: dict[str, str] = Field(default_factory=lambda: {
        "镇": r"(?<!乡)镇(?:人民政府|政府|党委|委员会)|\p{Han}(?<!乡)镇(?=\d|20|关于|上半年|工作)",
        "乡": r"乡(?:人民政府|政府|党委|委员会)|\p{Han}乡(?=\d|20|关于|上半年|工作)",
    })
    min_body_count: int = 2

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        _, tend = title_span(text, self.title_lines, self.title_words, stop_at_paragraph=True)
        body = text[tend:]
        counts = {lvl: sum(1 for _ in compiled_default(p).finditer(body)) for lvl, p in self.self_reference.items()}
        # The title's own place name written with a level in the body (马鞍山镇 under a 马鞍山乡 title).
        for m in regex.finditer(r"(?P<stem>\p{Han}{2,3})(?P<lvl>镇|乡)", text[:tend]):
            for lvl in counts:
                for k in (3, 2):
                    stem = m.group("stem")[-k:]
                    if len(stem) == k and lvl != m.group("lvl"):
                        counts[lvl] += body.count(stem + lvl)
        for lvl, pat in self.title_reference.items():
            m = compiled_default(pat).search(text[:tend])
            if not m:
                continue
            others = {o: c for o, c in counts.items() if o != lvl and c >= self.min_body_count}
            if counts.get(lvl, 0) == 0 and others:
                other = max(others, key=lambda o: others[o])
                summary = say("evidence.admin-level", ctx.lang, level=lvl, count=others[other], other=other)
                yield ctx.finding(self, m.start(), m.end(), evidence={"title_level": lvl, "body_level": other,
                                                                      "body_count": others[other],
                                                                      "summary": summary},
                                  level=lvl, other=other, count=others[other])
                return


class PlaceLevelRule(Rule):
    """Kind `place-level`: the title's own place written with another level in the body (青山乡 in
    the title and the body, 青山镇 once): a slip of copying or of a find-and-replace. Reported only
    where the body also uses the title's form (a body that never does is `admin-level`'s or
    `place-name`'s case); a place with the same stem at another level is not its own report's."""

    kind: Literal["place-level"]
    levels: str = "镇|乡|街道|县|区"
    title_lines: int = 3
    title_words: str = r"总结|报告|计划|汇报|安排"
    not_stems: str = r"[中共人民政府委员会年度工作总]"

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        _, tend = title_span(text, self.title_lines, self.title_words, stop_at_paragraph=True)
        body = text[tend:]
        done: set[str] = set()
        for m in regex.finditer(rf"(?P<stem>\p{{Han}}{{2,3}}?)(?P<lvl>{self.levels})", text[:tend]):
            stem = m.group("stem")[-2:]
            if compiled_default(self.not_stems).search(stem) or stem in done or stem + m.group("lvl") not in body:
                continue
            done.add(stem)
            for other in self.levels.split("|"):
                if other == m.group("lvl"):
                    continue
                for o in regex.finditer(regex.escape(stem + other), body):
                    name = stem + m.group("lvl")
                    summary = say("evidence.place-level", ctx.lang, name=name, written=o.group(0))
                    yield ctx.finding(self, tend + o.start(), tend + o.end(),
                                      evidence={"title": name, "written": o.group(0), "summary": summary},
                                      suggestion=name, name=name)


class SelfReferenceRule(Rule):
    """Kind `self-reference`: the speaker's own government called by two levels in one report
    (我县 … 我市, 我镇 … 我乡). A report names its own level in its first self-reference; a later
    one of another level of the same rank was copied from another government's report or missed
    by a find-and-replace. Levels of different rank (我镇 and 我县) are two governments and are
    never compared."""

    kind: Literal["self-reference"]
    # Each group: levels of one rank, as {level: how the report calls itself at that level}.
    groups: list[dict[str, str]] = Field(min_length=1)

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        for group in self.groups:
            found = sorted((m.start(), m.end(), lvl)
                           for lvl, p in group.items() for m in compiled_default(p).finditer(text))
            if not found:
                continue
            first = found[0][2]
            first_text = ctx.original[slice(*ctx.orig_span(found[0][0], found[0][1]))]
            for s, e, lvl in found:
                if lvl != first:
                    summary = f"前文自称“{first_text}”，此处自称“{ctx.original[slice(*ctx.orig_span(s, e))]}”"
                    yield ctx.finding(self, s, e, evidence={"first": first_text, "summary": summary},
                                      first=first_text)
