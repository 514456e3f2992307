"""Kind `missing_unit`: a figure whose subject demands a unit, written without one (低保资金364万).

The rows are selected by the rule's filter (money subjects with 万/亿, area subjects …); each one
without a unit is a finding, unless its unit is carried by the figure after it (a shared tail:
20万和30万元, 3至5万元).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import compiled_default, compiled_v1, figure
from checker.rules.model import Rule
from checker.rules.rows import Row, is_null
from checker.rules.tablecheck import RowFilter
from checker.ui_text import say

_MAGNITUDE_TAIL = compile_regex(r"(?:万亿|亿|千万|百万|万|千)(?:余|多)?")


def with_unit(text: str, unit: str) -> str:
    """The figure with `unit` inserted where Chinese puts it: after 万/亿 and 余, before 以上."""
    last = None
    for m in _MAGNITUDE_TAIL.finditer(text):
        last = m
    if last is not None:
        return text[: last.end()] + unit + text[last.end():]
    m = compiled_default(r"(?:以上|以下|左右|以内|上下)$").search(text)
    return text[: m.start()] + unit + text[m.start():] if m else text + unit


class MissingUnitRule(Rule):
    kind: Literal["missing-unit"]
    needs_metrics = True
    where: RowFilter
    expected_unit: str | None = Field(default=None, min_length=1)  # suggested unit (元, 亩); None: unknown
    # Text between this figure and the next one that makes them share the next one's unit.
    # (突破10亿达到45.5亿元: a round threshold passed, then the figure itself with its unit)
    shared_tail: str = r"^\s*(?:和|与|及|或|、|至|到|-|—|–|~|～|或者|达到|达)\s*$"
    # A numeral spelled in two parts (1万4千多公吨, 2万3千余人; 51万9,000元, 56亿6,184万元, 3亿5000万元 as
    # Taiwan's pages and many budgets write money): the 万 or 亿 part is not the whole figure, and
    # the unit (or its absence) belongs to the number as a whole, after the second part.
    continued_numeral: str = (r"\d+(?:\.\d+)?\s*[千百]|\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*万?(?:元|美元)"
                              r"|\d{1,4}\s*万(?:元|美元)")
    # A word of one to three characters closing the clause right after the figure is its measure
    # word, one the unit lexicon lacks (1.1万盘, 13.3万余车次、): the figure has a unit. Function
    # words (的, 以上, 左右, 和 …) are not measure words. 人口 names what is counted wherever it
    # stands (3万人口的中心镇, 10万人口以上, 81万农村人口饮水安全), and so does a word for people right after the figure
    # (近30万外出人员的劳务输出大县, 1.2万群众, 9.78万已脱贫人口): the figure is a number of people. A page that spaces
    # its figures (耕地面积 8250 余亩) puts a space before the unit: the unit is still there, and so
    # is one a hard-wrapped page put on the next line (城镇人口11.08万\n人。).
    measure_word_after: str = (r"(?:[ \t\u3000]|\n[ \t\u3000]*(?![一二三四五六七八九十]+、))?"
                               r"(?:(?:已|未|新)?(?:外出|外来|流动|返乡|务工|转移|农村|城镇|贫困|脱贫|常住|户籍)?"
                               r"(?:人口|人员|劳动力|群众|居民|村民|农民工?|党员|职工|游客)"
                               # 740多万玉林人民, 8000万江苏人民: the people of a place, named before 人民
                               r"|\p{Han}{0,4}?(?:人民|儿女|兒女|同胞)"
                               r"|(?![的以左上和与及或等是了为至到用于])\p{Han}{1,3}"
                               r"(?=[，。；、,.;:：！？)）\s]|$))")
    # Pinyin glosses a page inserted after characters (萬(wàn)元): read past them.
    ruby: str = r"\([a-zA-Z\u00C0-\u024F]+\)"
    # When set, only figures followed by this (a bare number closing its clause: 烟叶任务1276.) count;
    # an ellipsis after a figure is a cut excerpt, not a lost unit.
    closing: str | None = None
    # Suggest the unit of the list item before the figure (白皮柚种植100亩、莓茶150 -> 150亩).
    unit_from_sibling: bool = False
    # Units that, opening the next line right after the figure, are its unit cut off by a hard wrap
    # (a regex); by default the expected unit.
    wrapped_unit: str | None = None
    # A figure cut by a doubled decimal point (同比下降14..3%) is damaged, not short of a unit: the
    # unit after the rest of it is its own (implausible-value.doubled-decimal-point says so).
    damaged_after: str = r"[.．]{2,}\d"
    # A table row flattened to text gives its unit once, in brackets after the label, and then the
    # figures in columns (常用耕地面积  (公顷)  87831 87767): the figure has its unit there.
    label_unit: str = r"[(（][^()（）\n]{1,8}[)）][ \t\u3000]+(?:-?\d[\d.,]*%?[ \t\u3000]+)*$"

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        rows = ctx.metric_rows
        bad = [r for r in self.where.select(rows) if is_null(r["unit"])]
        if not bad:
            return
        ordered = sorted(rows, key=lambda r: r["start"])
        for row in bad:
            if self._unit_in_tail(ctx.text, ordered, row) or self._measure_word_after(ctx.text, row):
                continue
            if compiled_v1(self.continued_numeral).match(ctx.text, int(row["end"])):
                continue
            if compiled_v1(self.damaged_after).match(ctx.text, int(row["end"])):
                continue
            if self._unit_on_next_line(ctx.text, int(row["end"])):
                continue  # 固定资产投资316亿⏎元: a hard wrap cut the unit off (line-break's finding)
            if self._text_stops_after(ctx.text, int(row["end"])):
                continue  # the text stops at the number: an excerpt cut there, the unit may follow
            if _in_ratio(ctx.text, int(row["start"]), int(row["end"])):
                continue  # a member of a ratio (三次产业比重为11.6:54.3:34.1) has no unit of its own
            if self.label_unit and self._unit_in_label(ctx.text, int(row["start"])):
                continue  # 常用耕地面积  (公顷)  87831: the row's label carries the unit
            if _table_cell(ctx.text, int(row["start"]), int(row["end"])):
                continue  # a table's cell (粮食产量 | 12397吨 | 0.02 |): its unit is in the column's header
            if self.closing is not None and not compiled_v1(self.closing).match(ctx.text, int(row["end"])):
                continue
            text = str(row["text"])
            unit = self._sibling_unit(ctx.text, ordered, row) if self.unit_from_sibling else self.expected_unit
            suggestion = with_unit(text, unit) if unit else None
            subject = row["subject"] if isinstance(row["subject"], str) else ""
            subject = subject if compiled_v1(r"\p{Han}").search(subject) else ""  # not a stray "."
            evidence = {
                "figures": [figure(row)],
                "expected_unit": self.expected_unit,
                "summary": say("evidence.missing-unit", ctx.lang, subject=subject, text=text)
                           + (say("evidence.should-be", ctx.lang, suggestion=suggestion) if suggestion else "")
                           + say("evidence.line", ctx.lang, line=int(row["line"])),
            }
            yield ctx.finding(self, int(row["start"]), int(row["end"]), evidence=evidence,
                              suggestion=suggestion, subject=subject, expected_unit=self.expected_unit)

    def _sibling_unit(self, text: str, ordered: list[Row], row: Row) -> str | None:
        """The unit of the figure just before this one when only a list comma and a few words part
        them (白皮柚种植100亩、莓茶150)."""
        k = bisect_left(ordered, row["start"], key=lambda r: r["start"])
        if k == 0:
            return None
        prev = ordered[k - 1]
        between = text[int(prev["end"]): int(row["start"])]
        if isinstance(prev["unit"], str) and compiled_v1(r"^、\p{Han}{1,8}$").match(between):
            return str(prev["unit"])
        return None

    def _unit_in_label(self, text: str, start: int) -> bool:
        """The figure's line opens with a label and a bracketed unit, then columns of figures."""
        line_start = text.rfind("\n", 0, start) + 1
        return compiled_v1(self.label_unit).search(text, line_start, start) is not None

    def _unit_on_next_line(self, text: str, end: int) -> bool:
        """The expected unit opens the next line, right after the figure's line ends: the unit is
        there, a hard wrap (a PDF's, left unjoined) cut it off the figure."""
        unit = self.wrapped_unit or (regex.escape(self.expected_unit) if self.expected_unit else None)
        if not unit:
            return False
        return compiled_default(r"[ \t\u3000]*\r?\n[ \t\u3000]*(?:" + unit + ")").match(text, end) is not None

    def _text_stops_after(self, text: str, end: int) -> bool:
        """Nothing but blanks and pinyin glosses follows the figure, the last gloss maybe cut
        (…蔬菜面积1.5萬(w at the end of a page's excerpt: 萬(wàn)畝 lost its unit to the cut)."""
        if not text[end:].strip():
            return True
        if len(text) - end > 64:
            return False
        rest = compiled_default(self.ruby).sub("", text[end:])
        return compiled_default(r"^\s*(?:\([a-zA-Z\u00C0-\u024F]*)?\s*$").match(rest) is not None

    def _measure_word_after(self, text: str, row: Row) -> bool:
        """A measure word (or a unit behind a pinyin gloss) follows the figure and closes its clause."""
        end = int(row["end"])
        after = compiled_default(self.ruby).sub("", text[end: end + 24])
        return compiled_v1(self.measure_word_after).match(after) is not None

    def _unit_in_tail(self, text: str, ordered: list[Row], row: Row) -> bool:
        """Some figure starting within 4 characters after this one (`ordered` by start) has a unit
        and only a joining word between them."""
        end = row["end"]
        lo = bisect_left(ordered, end, key=lambda r: r["start"])
        hi = bisect_right(ordered, end + 4, key=lambda r: r["start"])
        tail = compiled_default(self.shared_tail)
        return any(tail.match(text[end:ordered[k]["start"]]) and isinstance(ordered[k]["unit"], str)
                   for k in range(lo, hi))


def _in_ratio(text: str, start: int, end: int) -> bool:
    """Whether the figure text[start:end] is a member of a colon ratio (12:45:43, 5.5∶50.6)."""
    return bool(compiled_v1(r"\d[:：∶]$").search(text[max(0, start - 2):start])
                or compiled_v1(r"^[:：∶]\d").match(text[end:end + 2]))


def _table_cell(text: str, start: int, end: int) -> bool:
    """Whether the figure text[start:end] fills a cell of a table written with bars: nothing but
    blanks between it and a | on one side and a | or the line's edge on the other (比上年增长(%) |
    over a column of 2.20 |): the column's header carries the unit."""
    before = compiled_v1(r"(?:^|\|)[ \t\u3000]*$").search(text[max(0, start - 8):start]) is not None \
        or compiled_v1(r"(?m)^[ \t\u3000]*$").search(text[max(0, start - 8):start]) is not None
    after = compiled_v1(r"[ \t\u3000]*(?:\||\r?\n|$)").match(text, end) is not None
    bar = "|" in text[max(0, start - 8):start] or compiled_v1(r"[ \t\u3000]*\|").match(text, end) is not None
    return before and after and bar

