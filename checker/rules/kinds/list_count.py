"""Kind `list_count`: "A、B、C等N个" / "A、B、C四个场点" — the count against the items named.

A closed list (no 等) must name exactly N items; an open one (等) must not name more than N. Items
are counted by their separators (、, and one final 和/及/与, which may also sit inside a name such
as 和平村 — so it only widens the accepted range, never narrows it).

Only real enumerations are read: a count of one (一项不落, 最强的一个时期), a vague measure
(等一批), an ordinal (第一批) or a day name (周五大学堂) counts nothing, and a 、-list that
continues a list separated by semicolons (A组；B组；C、D组6个小组) is only the tail of the list.
Half-width punctuation (",", ";") ends a list as the full-width forms do.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from functools import cached_property
from typing import Any, ClassVar, Literal

import regex
from pydantic import Field

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import compiled_default, compiled_v1
from checker.rules.model import Rule
from checker.rules.re2_prefilter import relaxed_source
from checker.rules.timed_regex import Matcher
from checker.ui_text import say

# Characters that end any list: no part of the list pattern matches them (see `_matches`).
_STOPS = "，。；：:\n“”《》（）(),;'\"‘’!?！？"
_STOP_RX = compile_regex("[" + regex.escape(_STOPS) + "]")

_COUNT_LEAD = r"[\d一二两三四五六七八九十]"  # a count's numeral (its last character)
_COUNT_LEAD_RX = compile_regex(_COUNT_LEAD, regex.VERSION1)
_META = frozenset(".^$*+?{}[]\\|()")


_HEADING_NUMERAL_RX = compile_regex(r"[ \t\u3000]*[一二三四五六七八九十]{1,3}[ \t\u3000]*")


def _named_items(items: list[str], text: str, start: int, measure_words: str) -> list[str]:
    """The items a 、-list names, without a first one that is no name: the measure word of a figure
    before the list (基地2个、大棚育苗基地5个: 个 ends 2个; but 6月庙首镇里仁 is a name after a
    date) or a heading's numeral (。 九、教育和科学技术)."""
    if not items:
        return items
    figure_tail = start > 0 and text[start - 1].isdigit() and compiled_default(measure_words).fullmatch(items[0])
    if figure_tail or _HEADING_NUMERAL_RX.fullmatch(items[0]):
        return items[1:]
    return items


class _CountSpans:
    """Every count of a document (a numeral character and a measure word: 3个, 十项), overlaps
    included, found with str.find when the measure words are a plain list of words.

    `within(lo, hi)`: a count lies wholly inside text[lo:hi], which is exactly when the count
    pattern's `search(text, lo, hi)` finds one; asked for every stretch holding a 、, it took a
    regex call each."""

    def __init__(self, text: str, words: list[str]) -> None:
        spans = []
        for word in set(words):
            q = text.find(word, 1)
            while q != -1:
                if _COUNT_LEAD_RX.match(text, q - 1):
                    spans.append((q - 1, q + len(word)))
                q = text.find(word, q + 1)
        spans.sort()
        self.starts = [a for a, _ in spans]
        self.least_end = [b for _, b in spans]  # the least end among the counts from here on
        for k in range(len(spans) - 2, -1, -1):
            self.least_end[k] = min(self.least_end[k], self.least_end[k + 1])

    def within(self, lo: int, hi: int) -> bool:
        k = bisect.bisect_left(self.starts, lo)
        return k < len(self.starts) and self.least_end[k] <= hi


def _count_spans(text: str, measure_words: str) -> _CountSpans | None:
    """The counts of `text`, or None when the measure words are more than a list of words."""
    words = measure_words.split("|")
    if not all(w and not _META.intersection(w) for w in words):
        return None
    return _CountSpans(text, words)


_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_count(s: str) -> int | None:
    """1-99 written in Chinese numerals or digits."""
    if s.isdigit():
        return int(s)
    if s in _DIGITS:
        return _DIGITS[s]
    m = regex.fullmatch(r"([二三四五六七八九])?十([一二三四五六七八九])?", s)
    if m:
        return (_DIGITS[m.group(1)] if m.group(1) else 1) * 10 + (_DIGITS[m.group(2)] if m.group(2) else 0)
    return None


class ListCountRule(Rule):
    kind: Literal["list-count"]
    # 批 (a batch) is no count: 等一批 closes an open list of any length.
    measure_words: str = "个|项|家|所|座|处|条|类|种|支|大"
    # a name: no punctuation and no digits (a list of figures, 2000亩、1600平方米, is not a list of names)
    item: str = r"[^，。；：:、\n“”《》（）()\d等,;'\"‘’!?！？]{1,30}"
    min_count: int = 2  # 一个/一项 names one thing (一项不落, 最强的一个时期), never the items before it
    # A numeral glued to these is part of a word, not a count: 第一批, 周五, 星期三, 初五, 十五号.
    not_after: str = r"第|周|星期|礼拜|初|农历|腊月|正月"
    # A 、-list right after one of these continues a longer list whose other members the count includes.
    continued_after: str = r"[；;]"
    min_items: int = 3  # two items with a count are too often a pair of something else
    # A count after 均/各 is each item's, not the number of items: 通电、通邮、通公路的村均为16个.
    per_item: str = r"(?:均|各)\p{Han}{0,3}$"
    last_joiners: str = "和|及|与|以及"
    extra: list[str] = Field(default_factory=list)

    def _matches(self, rx: Matcher, text: str) -> Iterator[Any]:
        """`rx.finditer(text)`, run only over the stretches between hard stops that hold a 、.

        A match holds a 、 and none of `_STOPS` (no part of the pattern admits them, which is
        checked here: a configured item or measure word that admits one scans the whole text),
        so it lies inside one such stretch, and the matches there are the same. Trying the list
        pattern at every position of the text was most of a long document's check time."""
        if any(compiled_default(self.item).fullmatch(c) or c in self.measure_words for c in _STOPS):
            yield from rx.finditer(text)
            return
        stops = [m.start() for m in _STOP_RX.finditer(text)]
        count_rx = compiled_v1(rf"{_COUNT_LEAD}(?:{self.measure_words})")
        counts = _count_spans(text, self.measure_words)
        done = 0
        i = text.find("、")
        while i != -1:
            if i >= done:
                k = bisect.bisect_left(stops, i)
                lo = stops[k - 1] + 1 if k else 0
                hi = stops[k] if k < len(stops) else len(text)
                # a count (a numeral and a measure word) must follow the 、 for a list to end there
                if counts.within(i, hi) if counts is not None else count_rx.search(text, i, hi):
                    yield from rx.finditer(text, lo, hi)
                done = hi
            i = text.find("、", max(i + 1, done))
        return

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        pattern = (rf"(?P<list>{self.item}(?:、{self.item})+)(?P<open>等)?(?:共|共计)?"
                   rf"(?<![\d一二两三四五六七八九十百千万])(?P<n>\d{{1,2}}|[一二两三四五六七八九十]{{1,3}})"
                   rf"(?P<m>{self.measure_words})")
        for m in self._matches(compiled_v1(pattern), ctx.text):
            items = _named_items(m.group("list").split("、"), ctx.text, m.start(), self.measure_words)
            if not all(compiled_default(r"\p{Han}").search(it) for it in items):
                continue
            # an item holding its own count (…两家千万级企业和湘忆缘) joins two lists: not one list
            if any(compiled_default(rf"[一二两三四五六七八九十]({self.measure_words})").search(it) for it in items):
                continue
            n = chinese_count(m.group("n"))
            if n is None or n < self.min_count or compiled_default(self.per_item).search(items[-1]):
                continue
            # 十九大, 二十大 after a list (十八届四中、五中、六中全会和十九大精神) name a party congress,
            # not a count of eleven or more things
            if m.group("m") == "大" and n > 10:
                continue
            before = ctx.text[max(0, m.start("n") - 3): m.start("n")]
            if compiled_default(f"(?:{self.not_after})$").search(before) is not None \
                    or compiled_default(f"(?:{self.not_after})$").search(items[-1]) is not None:
                continue
            if m.start() > 0 and compiled_default(self.continued_after).match(ctx.text, m.start() - 1):
                continue
            low = len(items)
            high = low + (1 if compiled_default(self.last_joiners).search(items[-1]) else 0)
            if high < self.min_items:
                continue
            is_open = m.group("open") is not None
            if (is_open and low > n) or (not is_open and not low <= n <= high):
                listed = f"{low}" if low == high else f"{low}–{high}"
                summary = say("evidence.list-count", ctx.lang, listed=listed, stated=m.group("n") + m.group("m")) \
                    + (say("evidence.list-count.open", ctx.lang) if is_open else "")
                yield ctx.finding(self, m.start("n"), m.end("m"),
                                  evidence={"items": items, "counted": [low, high], "stated": n, "summary": summary},
                                  counted=listed, stated=n)


class WorksListCountRule(Rule):
    """Kind `works-list-count`: "完成了新建A、B，大修C。新建D，改建E四个项目" — a list of works
    opened by a completion verb and closed by its count, whose items are construction phrases
    (新建…, 改建…) that run over commas and even a full stop. Read only when every clause between
    the opener and the count starts with a construction verb and names no figure of its own (the
    list is then nothing but the works counted); an open list (等) is never read."""

    kind: Literal["works-list-count"]
    # The verb that opens the list (相继完成了, 实施了).
    opener: str
    # A clause of the list starts with one of these.
    works_verbs: str
    # The count that closes it: a numeral, a measure word and the noun (四个项目, 3项工程).
    count: str
    # A clause holding one of these is not a bare item (a figure of its own, an open list).
    not_items: str
    # The opener is looked for at most this many characters before the count.
    max_span: int = Field(default=120, ge=10)
    min_items: int = 3

    snapshot_derived: ClassVar[tuple[str, ...]] = ("gate_source",)

    @cached_property
    def gate_source(self) -> str | None:
        """Every finding is a match of `count`: its relaxed pattern (checker.rules.re2_prefilter), for
        the engine's gate, which skips the rule on a report without one (most: the `regex` search
        of `count`, a lookbehind at every position, cost ~0.3 ms a report)."""
        return relaxed_source(self.count, 0)  # the flags of compiled_default

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        verb_rx = compiled_default(f"(?:{self.works_verbs})")
        bad_rx = compiled_default(self.not_items)
        for m in compiled_default(self.count).finditer(text):
            n = chinese_count(m.group("n"))
            if n is None:
                continue
            window_start = max(0, m.start() - self.max_span)
            openers = list(compiled_default(f"(?:{self.opener})").finditer(text, window_start, m.start()))
            if not openers:
                continue
            body = text[openers[-1].end():m.start()]
            clauses = [c.strip() for c in regex.split(r"[，,。；;]", body)]
            if not clauses or any(not c or not verb_rx.match(c) or bad_rx.search(c) for c in clauses):
                continue
            items = [it for c in clauses for it in c.split("、")]
            if len(items) < self.min_items or len(items) == n:
                continue
            summary = f"列出 {len(items)} 项工程，文中写“{m.group(0)}”"
            yield ctx.finding(self, m.start(), m.end(),
                              evidence={"items": items, "counted": len(items), "stated": n, "summary": summary},
                              counted=len(items), stated=n)
