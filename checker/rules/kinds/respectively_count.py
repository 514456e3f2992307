"""Kind `respectively-count`: "A、B、C和D…分别X、Y、Z": as many values as the members listed.

分别 pairs the members of the list right before it with the values right after it, in order; a
value missing or one too many leaves the reader unable to tell which figure belongs to which
member. Read only when both sides are clearly enumerated: the members a 、-list ending just before
分别 or before the measure the values give (，储量分别…; a final 和/及/与 separates two members of
two characters or more, not the 和 of 和平村), the values figures joined only by 、/和/及/与 right
after 分别 and its verb.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from typing import Literal

import regex

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import compiled_default, compiled_v1
from checker.rules.model import Rule
from checker.ui_text import say


class RespectivelyCountRule(Rule):
    kind: Literal["respectively-count"]
    needs_metrics = True
    marker: str = "分别"
    member: str = r"[^，,。；;：:、\d\n“”()（）]{1,12}"
    joiners: str = r"以及|和|及|与"
    value_joiner: str = r"[、和及与]|以及"
    max_lead: int = 10  # characters between 分别 and the first value (为, 达到, 比上年增长 …)
    max_gap: int = 8  # characters between the list of members and 分别 (,贮量 …)
    # what may stand between the list and 分别: the measure the values give (，面积, ,贮量), nothing listed
    gap: str = r"[，,]?[^，,、和及与\d]{0,4}"
    min_members: int = 2
    # the list read continues before it when it starts right after one of these (a member's bracket)
    continued_after: str = ")）]】"
    # names that hold a 和/及/与 of their own and stay one member (社会保障和就业, a budget heading)
    one_name: str = ""

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        rows = sorted((r for r in ctx.metric_rows if r["value"] == r["value"]),  # written numbers only
                      key=lambda r: r["start"])
        starts = [r["start"] for r in rows]
        members_rx = compiled_v1(rf"(?:{self.member})(?:、(?:{self.member}))+$")
        for m in compiled_default(self.marker).finditer(text):
            lm = None
            values = self._values(text, rows[bisect_left(starts, m.end()):], m.end())
            if len(values) < 2:
                continue
            head = text[max(0, m.start() - 60 - self.max_gap): m.start()]
            for cut in range(min(self.max_gap, len(head)) + 1):  # the list may end a few characters before
                gap = head[len(head) - cut:]
                if not compiled_v1(self.gap).fullmatch(gap):
                    break  # another member (茶叶和油茶) or clause stands between the list and 分别
                lm = members_rx.search(head[: len(head) - cut])
                if lm:
                    break
            if lm is None:
                continue
            if head[max(0, lm.start() - 2):lm.start()].rstrip("、")[-1:] in tuple(self.continued_after):
                # 生产总值(预计,下同)、财政总收入…: a member with a bracket of its own stands before
                # the list the pattern reads, so its members are more than it counts
                continue
            members = self._members(lm.group(0))
            if len(members) < self.min_members or len(members) == len(values):
                continue
            first, last = values[0], values[-1]
            summary = say("evidence.respectively", ctx.lang, n=len(members), members="、".join(members),
                          values=len(values))
            yield ctx.finding(self, int(first["start"]), int(last["end"]),
                              evidence={"members": members, "values": [v["text"] for v in values],
                                        "summary": summary},
                              members=len(members), values=len(values))

    def _values(self, text: str, rows: list, pos: int) -> list:
        """The figures right after 分别 (`rows` start there, in text order) joined only by 、/和/及/与
        (none if a stop comes first)."""
        out: list = []
        for r in rows:
            gap = text[int(out[-1]["end"]) if out else pos: int(r["start"])]
            if not out:
                if len(gap) > self.max_lead or compiled_v1(r"[，,。；;：:\n\d]").search(gap):
                    return []
            elif not compiled_v1(rf"(?:{self.value_joiner})").fullmatch(gap):
                break
            out.append(r)
        return out

    def _members(self, listed: str) -> list[str]:
        """The members of a 、-list; a final 和/及/与 splits the last one (大豆和油菜) when both halves
        have two characters or more, or when the list already holds a one-character member and the
        half before 和 is one character too (奶牛、猪、羊和家禽: 羊 is a member like 猪); never when an
        earlier member has a 和/及/与 inside its own name (交通和通信、…、其他用品和服务)."""
        items = listed.split("、")
        if any(regex.search(self.joiners, p) for p in items[:-1]):
            # 交通和通信、…、其他用品和服务: the earlier members hold a 和/及 of their own names, so
            # the last one's is part of its name too, not the list's final joiner
            return items
        if self.one_name and compiled_v1(rf"(?:{self.one_name})").search(items[-1]):
            # 社会保障和就业等支出: the 和 belongs to the name, not to the list
            return items
        last = regex.split(self.joiners, items[-1], maxsplit=1)
        if len(last) == 2 and len(last[1]) >= 2 and (
                len(last[0]) >= 2  # 和平村 alone is one member
                or (len(last[0]) == 1 and any(len(p) == 1 for p in items[:-1]))):
            items = [*items[:-1], *last]
        return items
