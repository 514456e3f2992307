"""Kind `year_span`: years that a careless find-and-replace moved, so that a span no longer fits.

Replacing every 2022 by 2023 in last year's report (or a portal's year regex) moves the years of
comparisons and periods too, and what is left contradicts itself:

- a span that runs backwards: 2025-2023年, 2024年至2022年;
- a multiple over a base year against the yearly growth stated beside it: 是2022年的2.4倍，年均增长19%
  in a 2023 sentence (1.19 ** 5 = 2.4: the base was five years back, not one);
- a comparison with a year after every year the report is about: 比2022年增长 in a report whose title
  and sentence name only 2021;
- a review heading of one year opening on another: 二〇一二年工作回顾⏎2023年，全乡… ;
- a span since a year that the count of years beside it contradicts: 2022年以来…三年来 in a 2023
  report (two years, or one, not three);
- an anniversary that does not fall in the year that names it: 2020年是改革开放41周年 (1978 + 41 =
  2019: the year was replaced, the count was not). The events and their years are rule data;
- a guiding congress long over in the report's year: 以党的十六届三中全会精神为指导 in a 2020 plan
  (the sixteenth congress's term ended in 2007: an old report with its year replaced).

Several multiples of one paragraph over the same moved base year are one accident: they are
reported once, at the first, with the others as evidence.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.kinds.place_name import title_span
from checker.rules.model import Rule

_YEAR = r"(?:19|20)\d\d"
_SPAN = compile_regex(rf"(?<!\d)(?P<a>{_YEAR})\s*年?\s*(?:-|—|–|~|至|到)\s*(?P<b>{_YEAR})(?=年)")
_MULTIPLE = compile_regex(
    rf"(?:是|为|相当于)(?P<base>{_YEAR})年(?:底|末)?的(?P<k>\d+(?:\.\d+)?)倍[，,、]?\s*年均(?:增长|递增)(?P<r>\d+(?:\.\d+)?)%")
_COMPARISON = compile_regex(
    rf"(?:比|较|同比|相比|与)(?P<base>{_YEAR})年(?:同期|底|末)?(?:相比)?(?:增长|增加|提高|下降|减少|多|少)")
_ANY_YEAR = compile_regex(rf"(?<!\d)({_YEAR})(?=年)")
_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "000012345678" + "9")
_REVIEW = compile_regex(
    r"(?P<head>(?<![\d〇零○一二三四五六七八九])(?:(?:19|20)\d\d|[一二][〇零○0九][〇零○0-9一二三四五六七八九]{2})年)"
    r"(?:度)?(?:工作)?(?:回顾|回忆|总结)[:：]?[ \t\u3000]*\n?[ \t\u3000]*(?P<body>(?:19|20)\d\d)年[，,]")
_SINCE = compile_regex(
    rf"(?<!\d)(?P<since>{_YEAR})年以来[^。；;\n]{{0,20}}?(?P<n>[一二两三四五六七八九十]+)年(?:来|以来)")
_CN_COUNT = {c: i for i, c in enumerate("零一二三四五六七八九十")} | {"两": 2}
_SENTENCE = compile_regex(r"[^。；;！？!?\n]+")
_PARAGRAPH = compile_regex(r"[^\n]+")


class YearSpanRule(Rule):
    kind: Literal["year-span"]
    span_check: Literal["reversed", "multiple", "comparison", "review", "since", "anniversary", "congress"]
    # anniversary: each event (a regex) and the year it happened (改革开放: 1978)
    anniversaries: dict[str, int] = Field(default_factory=dict)
    # congress: each party congress's ordinal (十六) and the year its term ended (2007); a report may
    # still be guided by it this many years later (a 2023 report reviews 2022 under the 十九大)
    congresses: dict[str, int] = Field(default_factory=dict)
    congress_slack: int = Field(default=1, ge=0)
    # multiple: years implied by the growth may differ from the stated span by this much
    # (rounding of the rate and of the multiple), and at least by min_year_gap.
    tolerance: float = 0.25
    min_year_gap: float = 1.0
    # multiple: a multiple at current prices beside a growth rate at comparable prices (是2006年的2.6倍，
    # 年均增长14.2%: 7.2 years' real growth over 5 years) implies more years than stated, by the price
    # rise; up to this factor that is no moved year (a moved base year is off by a factor of 2 to 5).
    nominal_slack: float = 1.6
    title_lines: int = 3
    title_words: str = r"总结|报告|汇报"

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        if self.span_check == "reversed":
            yield from self._reversed(ctx)
        elif self.span_check == "multiple":
            yield from self._multiple(ctx)
        elif self.span_check == "review":
            yield from self._review(ctx)
        elif self.span_check == "since":
            yield from self._since(ctx)
        elif self.span_check == "anniversary":
            yield from self._anniversary(ctx)
        elif self.span_check == "congress":
            yield from self._congress(ctx)
        else:
            yield from self._comparison(ctx)

    def _reversed(self, ctx: DocumentContext) -> Iterator[Finding]:
        for m in _SPAN.finditer(ctx.text):
            a, b = int(m["a"]), int(m["b"])
            if a > b:
                yield ctx.finding(self, m.start(), m.end(), suggestion=f"{b}-{a}", first=a, last=b,
                                  evidence={"summary": f"时段“{m.group(0)}年”起始年份 {a} 晚于结束年份 {b}"})

    def _since(self, ctx: DocumentContext) -> Iterator[Finding]:
        latest = self._title_year(ctx.text)
        if latest is None:
            return
        for m in _SINCE.finditer(ctx.text):
            since, n = int(m["since"]), _count(m["n"])
            if n is None or since > latest:
                continue
            if n not in (latest - since, latest - since + 1):
                yield ctx.finding(self, m.start("since"), m.end("since") + 1, since=since, years=n,
                                  latest=latest, evidence={"summary": f"{since}年以来到 {latest} 年不是 {n} 年"})

    def _anniversary(self, ctx: DocumentContext) -> Iterator[Finding]:
        if not self.anniversaries:
            return
        events = "|".join(f"(?:{e})" for e in self.anniversaries)
        pattern = compile_regex(
            rf"(?<!\d)(?P<y>{_YEAR})年(?:是|为|正值|恰逢|适逢|迎来)?[^。；;！？!?\n，,]{{0,8}}?(?P<e>{events})"
            r"(?P<n>\d{1,3}|[一二两三四五六七八九十百]+)周年")
        for m in pattern.finditer(ctx.text):
            year, n = int(m["y"]), _anniversary_count(m["n"])
            base = next((b for e, b in self.anniversaries.items() if regex.fullmatch(e, m["e"])), None)
            if n is None or base is None or year <= base or year - base == n:
                continue
            summary = f"{m['e']}于 {base} 年，{year} 年是 {year - base} 周年而非 {n} 周年"
            yield ctx.finding(self, m.start(), m.end(), year=year, event=m["e"], count=n, since=base,
                              actual=year - base, evidence={"summary": summary})

    def _congress(self, ctx: DocumentContext) -> Iterator[Finding]:
        if not self.congresses:
            return
        latest = self._title_year(ctx.text)
        if latest is None:
            return
        ordinals = "|".join(sorted(self.congresses, key=len, reverse=True))
        pattern = compile_regex(
            rf"以(?:党的)?(?P<c>{ordinals})(?:大|届(?:[一二三四五六七八九]中|历次)全会)[^。；;！？!?\n]{{0,30}}?为(?:指导|统领|指针)")
        for m in pattern.finditer(ctx.text):
            ended = self.congresses[m["c"]]
            if latest > ended + self.congress_slack:
                yield ctx.finding(self, m.start(), m.end(), congress=m["c"], ended=ended, latest=latest,
                                  evidence={"summary": f"党的{m['c']}大的任期止于 {ended} 年，报告年份为 {latest}"})

    def _title_year(self, text: str) -> int | None:
        """The latest year the title block names, when it names one."""
        _, tend = title_span(text, self.title_lines, self.title_words)
        title = text[:tend]
        if not regex.search(self.title_words, title):
            return None
        years = [int(y) for y in _ANY_YEAR.findall(title)]
        return max(years) if years else None

    def _review(self, ctx: DocumentContext) -> Iterator[Finding]:
        for m in _REVIEW.finditer(ctx.text):
            head = int(m["head"][:4].translate(_CN_DIGITS))
            body = int(m["body"])
            if head != body:
                yield ctx.finding(self, m.start("body"), m.end("body") + 1, heading=head, body=body,
                                  evidence={"summary": f"标题回顾 {head} 年，正文却以 {body} 年开头"})

    def _multiple(self, ctx: DocumentContext) -> Iterator[Finding]:
        for para in _PARAGRAPH.finditer(ctx.text):
            if "倍" not in para.group(0):
                continue  # every multiple names its 倍: a paragraph without one has none (most)
            reported: dict[int, list[str]] = {}
            first: dict[int, tuple[int, int, dict[str, object]]] = {}
            last_year: int | None = None  # the latest year named earlier in the paragraph
            for sent in _SENTENCE.finditer(para.group(0)):
                offset = para.start() + sent.start()
                for m in _MULTIPLE.finditer(sent.group(0)):
                    hit = self._multiple_hit(sent.group(0), m, last_year)
                    if hit is None:
                        continue
                    base = int(m["base"])
                    reported.setdefault(base, []).append(m.group(0))
                    # the span is the base year: it is what was moved
                    first.setdefault(base, (offset + m.start("base"), offset + m.end("base") + 1, hit))
                named = _ANY_YEAR.findall(sent.group(0))
                last_year = max(map(int, named)) if named else last_year
            for base, (start, stop, fields) in first.items():
                evidence = {"summary": f"{base}年至{fields['until']}年只有 {fields['span']} 年，而倍数与年均增长"
                                       f"对应约 {fields['implied']} 年，疑年份被替换",
                            "occurrences": reported[base]}
                yield ctx.finding(self, start, stop, evidence=evidence, **fields)

    def _multiple_hit(self, sentence: str, m: regex.Match[str], last_year: int | None) -> dict[str, object] | None:
        """The years stated and implied when they disagree. The end year is the last one named
        before the multiple in its sentence, else earlier in its paragraph (a list of figures of
        one year separated by ；)."""
        k, r = float(m["k"]), float(m["r"]) / 100
        before = [int(y) for y in _ANY_YEAR.findall(sentence[: m.start()])]
        end_year = before[-1] if before else last_year
        if k <= 1 or r <= 0 or end_year is None:
            return None
        base = int(m["base"])
        span = end_year - base
        if span <= 0:
            return None
        implied = math.log(k) / math.log(1 + r)
        if abs(implied - span) <= max(self.min_year_gap, self.tolerance * span):
            return None
        if span < implied <= span * self.nominal_slack:
            return None
        return {"base": base, "until": end_year, "span": span, "implied": round(implied, 1)}

    def _comparison(self, ctx: DocumentContext) -> Iterator[Finding]:
        latest = self._title_year(ctx.text)
        if latest is None:
            return
        _, tend = title_span(ctx.text, self.title_lines, self.title_words)
        # One scan of the text for comparisons, then the years of only the sentences that hold one.
        # A comparison holds no sentence stop and the pattern looks neither behind nor ahead, so the
        # scan finds exactly the matches that scanning sentence by sentence found.
        comparisons = list(_COMPARISON.finditer(ctx.text, tend))
        k = 0
        for sent in _SENTENCE.finditer(ctx.text, tend):
            if k == len(comparisons):
                break
            if comparisons[k].start() >= sent.end():
                continue
            years = [int(y) for y in _ANY_YEAR.findall(sent.group(0))]
            while k < len(comparisons) and comparisons[k].start() < sent.end():
                m = comparisons[k]
                k += 1
                base = int(m["base"])
                if base > latest and all(base >= y for y in years):
                    start = m.start("base")
                    yield ctx.finding(self, start, start + 5, base=base, latest=latest,
                                      evidence={"summary": f"报告标题年份为 {latest}，却与其后的 {base} 年相比"})


def _count(numeral: str) -> int | None:
    """一 .. 九十九 as an int (the years of 三年来, 十二年来); None for anything longer."""
    if len(numeral) == 1:
        return _CN_COUNT.get(numeral)
    if len(numeral) == 2 and numeral[0] == "十":
        return 10 + _CN_COUNT.get(numeral[1], -10)
    if len(numeral) == 2 and numeral[1] == "十":
        return 10 * _CN_COUNT.get(numeral[0], 0) or None
    if len(numeral) == 3 and numeral[1] == "十":
        return 10 * _CN_COUNT.get(numeral[0], 0) + _CN_COUNT.get(numeral[2], 0)
    return None


def _anniversary_count(numeral: str) -> int | None:
    """The count of an anniversary: digits, 一 .. 九十九, or 一百 / 百."""
    if numeral.isdigit():
        return int(numeral)
    if numeral in ("百", "一百"):
        return 100
    return _count(numeral)
