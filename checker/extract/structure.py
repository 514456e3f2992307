"""Where a figure sits in the report and what it relates to.

- section path (一、 -> （一） -> 1. -> （1）) and sentence index;
- enumerated items (numbered lines, 一是…二是…);
- growth/change qualifiers (同比增长9.8%) and the figure they qualify;
- compound figures (182户516人, 50MW/100MWh) sharing a pair id;
- totals and their parts (…4.2万亩，其中水稻2.8万亩…) and totals announcing a list of items
  (重点项目8个，总投资6.85亿元 followed by numbered lines each with 计划投资X万).

Word lists are data in rules/subjects.yaml; this module holds only the logic.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from checker.extract.figures import Figure
from checker.extract.firstchar import guarded
from checker.extract.subjects import subject_lexicon

_CN = "一二三四五六七八九十"
# (level, regex) of headings at the start of a line; the label is group 1 as written.
_HEADINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"(?:\[[^\]\n]*\])?[ \t\u3000]*([{_CN}]+)、")),
    (2, re.compile(rf"[ \t\u3000]*([（(][{_CN}]+[)）])")),
    (3, re.compile(r"[ \t\u3000]*([0-9]{1,2})[.、](?=[^0-9]|[0-9]{4}年)")),
    (4, re.compile(r"[ \t\u3000]*([（(][0-9]{1,2}[)）])")),
)
_INLINE_ITEM = guarded(rf"(?:^|(?<=[。；;：:\n]))[ \t\u3000]*([{_CN}]+)是")
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_STATEMENT_END = re.compile(r"[。！？!?\n；;]")
_CLAUSE_SPLIT = re.compile(r"[，,]")
# a comparison base (比上年同期15,852万元, 较去年的3.2亿元): last year's figure, never a total or a part
_COMPARISON_BASE = re.compile(r"(?:比|较|較)(?:上年|去年)(?:同期)?(?:的)?[ \t]*$")
_BASE_REACH = 8


@dataclass
class Item:
    label: str
    level: int  # heading level of a numbered line; 9 for an inline 一是
    start: int
    end: int


@dataclass
class Layout:
    """Lines, sections, sentences and items of one normalised text."""

    text: str
    line_starts: list[int]
    line_section: list[str]
    line_level: list[int]  # heading level a line starts with (0: none)
    sentence_ends: list[int]
    items: list[Item] = field(default_factory=list)
    item_starts: list[int] = field(default_factory=list)

    def line_of(self, pos: int) -> int:
        return bisect_right(self.line_starts, pos) - 1

    def section_of(self, pos: int) -> str:
        return self.line_section[self.line_of(pos)]

    def sentence_of(self, pos: int) -> int:
        return bisect_right(self.sentence_ends, pos)

    def sections_of(self, positions: list[int]) -> list[str]:
        """section_of for many positions (one call per document, not per figure)."""
        starts, sections = self.line_starts, self.line_section
        return [sections[bisect_right(starts, pos) - 1] for pos in positions]

    def sentences_of(self, positions: list[int]) -> list[int]:
        """sentence_of for many positions."""
        ends = self.sentence_ends
        return [bisect_right(ends, pos) for pos in positions]

    def item_labels_of(self, positions: list[int]) -> list[str | None]:
        """The label of item_of for many positions (None outside every item)."""
        starts, items = self.item_starts, self.items
        out: list[str | None] = []
        for pos in positions:
            i = bisect_right(starts, pos) - 1
            out.append(items[i].label if i >= 0 and pos < items[i].end else None)
        return out

    def item_of(self, pos: int) -> Item | None:
        i = bisect_right(self.item_starts, pos) - 1
        if i >= 0 and pos < self.items[i].end:
            return self.items[i]
        return None


def layout(text: str) -> Layout:
    line_starts = [0]
    line_starts.extend(m.end() for m in re.finditer("\n", text))
    path: dict[int, str] = {}
    section = ""
    sections: list[str] = []
    levels: list[int] = []
    items: list[Item] = []
    # Inline items (一是…) in one pass over the text: a match never crosses a line break, so these
    # are the matches a search line by line finds; each is taken with the line it starts on.
    inline = [(m.start(1), m.group(1)) for m in _INLINE_ITEM.finditer(text)]
    next_inline = 0
    for n, start in enumerate(line_starts):
        end = line_starts[n + 1] - 1 if n + 1 < len(line_starts) else len(text)
        level = 0
        for lvl, rx in _HEADINGS:
            m = rx.match(text, start, end)
            if m:
                level = lvl
                path = {k: v for k, v in path.items() if k < lvl}
                path[lvl] = m.group(1)
                section = "/".join(path[k] for k in sorted(path))
                items.append(Item(m.group(1), lvl, start, end))
                break
        levels.append(level)
        sections.append(section)
        while next_inline < len(inline) and inline[next_inline][0] <= end:
            item_start, label = inline[next_inline]
            items.append(Item(label + "是", 9, item_start, end))
            next_inline += 1
    # an inline item runs to the next inline item on its line
    items.sort(key=lambda it: it.start)
    for a, b in pairwise(items):
        if b.start < a.end:
            a.end = b.start
    sentence_ends = [m.start() for m in _SENTENCE_END.finditer(text)]
    return Layout(text, line_starts, sections, levels, sentence_ends, items, [it.start for it in items])


@dataclass(frozen=True)
class _StructureWords:
    qualifiers: tuple[tuple[re.Pattern[str], str, str | None], ...]
    trigger: re.Pattern[str]  # the characters every qualifier pattern contains at least one of
    totals: re.Pattern[str]
    part_markers: re.Pattern[str]
    part_nested: re.Pattern[str]  # 粮作中，…: a part's own breakdown inside the total's
    part_bracket: re.Pattern[str]  # 1662户7805人(洪广镇1199户5745人,…): a breakdown in brackets
    part_breakers: tuple[str, ...]
    part_remainder: re.Pattern[str]  # ；其他项目…: the parts run on over semicolons to the remainder
    bare_changes: tuple[tuple[re.Pattern[str], str], ...]  # ，增加6727亩: a change of the figure before


@lru_cache(maxsize=1)
def _words() -> _StructureWords:
    raw = subject_lexicon().raw
    return _StructureWords(
        qualifiers=tuple((re.compile(p), q, d) for p, q, d in raw["qualifiers"]),
        trigger=re.compile("[" + re.escape(raw["qualifier_trigger_chars"]) + "]"),
        totals=re.compile("(?:" + "|".join(map(re.escape, raw["total_markers"])) + ")"),
        part_markers=re.compile("|".join(map(re.escape, raw["part_markers"]))),
        part_nested=re.compile(raw["part_nested"]),
        part_bracket=re.compile(raw["part_bracket"]),
        part_breakers=tuple(raw["part_breakers"]),
        part_remainder=re.compile(raw["part_remainder"]),
        bare_changes=tuple((re.compile(p), d) for p, d in raw["bare_changes"]),
    )


@dataclass
class Relations:
    """Per-figure relations, parallel to the figure list (row ids index into it)."""

    qualifier: list[str | None]
    direction: list[str | None]
    qualifies: list[int | None]
    pair: list[int | None]
    role: list[str | None]
    group: list[int | None]
    item: list[str | None]


_TOTAL_MARKER_REACH = 8
# What may stand between a figure and the rate that qualifies it: punctuation, a conjunction, or
# the price basis of a statistical rate (地区生产总值280806万元，按不变价格计算，比上年增长6.6%;
# 农林牧渔业总产值47.08亿元，按可比价格计算比上年增长19.3%; 剔除价格因素)
_BETWEEN_QUALIFIED = re.compile(r"(?:[，,、；;\s并且和]|按(?:照)?(?:可比|不变|现行|当年)?价(?:格)?(?:计算)?"
                                r"|(?:剔除|扣除)价格因素(?:后)?|[（(]下同[）)])*")
_CLAUSE_STOP = re.compile(r"[，,。；;、）)！!？?\n]")


def _is_pair(text: str, a: Figure, b: Figure) -> bool:
    """Whether figure `b` is the second unit of one compound figure with `a` before it: nothing
    (or a slash) between them (182户516人, 50MW/100MWh), or a households count and a persons count
    across a comma when the persons close their clause (辖5个村民小组,335户,1200人;): a village
    profile writes one population in two units so. 120户,80人实现就业 is two facts, not one."""
    if a.number is None or b.number is None:
        return False
    gap = text[a.end: b.start]
    if gap in ("", "/"):
        return True
    return gap in (",", "，") and a.unit is not None and b.unit is not None \
        and a.unit.kind == "households" and b.unit.kind == "people" \
        and (b.end == len(text) or _CLAUSE_STOP.match(text, b.end) is not None)


def relate(text: str, figs: list[Figure], lay: Layout, clause_starts: list[int],
           subject_keys: list[str | None]) -> Relations:
    n = len(figs)
    words = _words()
    rel = Relations([None] * n, [None] * n, [None] * n, [None] * n, [None] * n, [None] * n,
                    lay.item_labels_of([f.start for f in figs]))
    for i, f in enumerate(figs):
        # compound figures: 182户516人, 50MW/100MWh, 335户,1200人;
        if i and _is_pair(text, figs[i - 1], f):
            rel.pair[i] = rel.pair[i - 1] if rel.pair[i - 1] is not None else i - 1
            rel.pair[i - 1] = rel.pair[i]
        # growth and change statements
        if not words.trigger.search(text, clause_starts[i], f.start):
            continue  # most clauses hold no word of change at all
        window = text[clause_starts[i]: f.start]
        for rx, qual, direction in words.qualifiers:
            m = rx.search(window)
            if m and (qual.startswith("yoy") or qual == "share" or _is_rate(f)):
                rel.qualifier[i] = "percentage_points" if f.unit is not None and \
                    f.unit.kind == "percentage_points" and qual != "share" else qual
                rel.direction[i] = direction
                j = i - 1
                gap_start = clause_starts[i] + m.start()
                if j >= 0 and lay.sentence_of(figs[j].start) == lay.sentence_of(f.start) and \
                        _BETWEEN_QUALIFIED.fullmatch(text[figs[j].end: gap_start]) is not None:
                    rel.qualifies[i] = rel.qualifies[j] if rel.qualifier[j] else j
                break
        if rel.qualifier[i] is None and i:
            _bare_change(text, figs, lay, rel, words, i, clause_starts[i])
    _decompositions(text, figs, lay, rel, words)
    _totals_and_lists(text, figs, lay, rel, words, clause_starts, subject_keys)
    return rel


def _bare_change(text: str, figs: list[Figure], lay: Layout, rel: Relations, words: _StructureWords,
                 i: int, clause_start: int) -> None:
    """稻谷面积184865亩，增加6727亩；: a clause that is only a word of change and a figure in the unit
    of the figure closing the clause before it, in one sentence, states how much that figure changed
    (its subject is the same), not a new amount: the change is no part of a 其中 breakdown. A clause
    that goes on after the figure (增加80个停车位) names what was added, so it stays an amount."""
    f, prev = figs[i], figs[i - 1]
    after = text[f.end: f.end + 1]
    if after and _CLAUSE_STOP.match(after) is None:
        return
    if _unit_key(prev) != _unit_key(f) or lay.sentence_of(prev.start) != lay.sentence_of(f.start) \
            or text[prev.end: clause_start].strip() not in ("，", ","):
        return
    window = text[clause_start: f.start]
    for rx, direction in words.bare_changes:
        if rx.fullmatch(window):
            rel.qualifier[i] = "change"
            rel.direction[i] = direction
            rel.qualifies[i] = rel.qualifies[i - 1] if rel.qualifier[i - 1] else i - 1
            return


def _is_rate(f: Figure) -> bool:
    """增加80个停车位 adds things; 增长12% or 提高2个百分点 states a change."""
    return f.unit is not None and f.unit.kind in ("percent", "percentage_points", "tenths")


def _kind(f: Figure) -> str:
    if f.unit is None:
        return "currency?" if f.magnitude >= 1e4 else "none"
    return f.unit.kind


def _unit_key(f: Figure) -> str:
    """Parts and their total are written in the same unit (户 with 户, 亩 with 亩; 次 is not 起)."""
    return f.unit.name if f.unit is not None else _kind(f)


_SENTENCE_STOP = re.compile(r"[。！？!?\n]")


def _parts_end(text: str, start: int, words: _StructureWords) -> int:
    """Where the parts announced by a 其中 ending at `start` stop: at the statement's end (。, a line
    end, or a semicolon, after which another statement usually follows), but past semicolons to the
    sentence's end when a later piece of the sentence names the remainder (其中工业项目…；基础设施
    项目…；其他项目…): a breakdown that ends with 其他 lists every part, one piece each."""
    end_m = _STATEMENT_END.search(text, start)
    stop = end_m.start() if end_m else len(text)
    if end_m is None or end_m.group() not in "；;":
        return stop
    sent_m = _SENTENCE_STOP.search(text, stop)
    sent_end = sent_m.start() if sent_m else len(text)
    return sent_end if words.part_remainder.search(text, stop, sent_end) else stop


def _decompositions(text: str, figs: list[Figure], lay: Layout, rel: Relations, words: _StructureWords) -> None:
    """其中: the parts after it belong to the last figure of the same kind before it; a bracket
    right after a figure (1662户7805人(洪广镇1199户5745人,…)) holds that figure's parts."""
    starts = [f.start for f in figs]
    for m in words.part_markers.finditer(text):
        pos = m.start()
        sent = lay.sentence_of(pos)
        sent_start = lay.sentence_ends[sent - 1] + 1 if sent > 0 else 0
        # 其中 opening a sentence refers to the sentence before it
        look_from = sent_start
        if text[sent_start:pos].strip() == "" and sent > 0:
            look_from = lay.sentence_ends[sent - 2] + 1 if sent > 1 else 0
        first = bisect_right(starts, look_from - 1)
        k = bisect_right(starts, pos - 1)
        totals: dict[str, int] = {}
        for j in range(first, k):
            # the base of a completion rate (为全年任务740万元的56.6%) is a target, not the total broken down
            if rel.qualifier[j] is None and not _RATE_BASE.match(text, figs[j].end) \
                    and not _is_comparison_base(text, figs[j]) and not _aside_before(text, figs[j], pos):
                totals[_unit_key(figs[j])] = j
        stop = _parts_end(text, m.end(), words)
        # a 其中 inside a bracket (退耕还林27155亩(其中吃粮的22333亩),种草18600亩) ends with it
        bracket_end = _bracket_close_after(text, sent_start, pos, m.end(), stop)
        if bracket_end is not None:
            stop = bracket_end
        # a second 其中, or a part named with 中 (粮作中，…), opens a breakdown of a part of this one
        for marker in (words.part_markers, words.part_nested):
            nested = marker.search(text, m.end(), stop)
            if nested:
                stop = nested.start()
        stop = _nested_share_stop(text, m.end(), stop)
        _mark_parts(text, figs, rel, words, totals, k, m.end(), stop)
    for m in words.part_bracket.finditer(text):
        k = bisect_right(starts, m.start() - 1)
        close = _BRACKET_CLOSE.search(text, m.end(), m.end() + _BRACKET_REACH)
        if k == 0 or figs[k - 1].end != m.start() or close is None or close.group() not in ")）":
            continue
        # the figure before the bracket and the other half of its compound (1662户 of 1662户7805人)
        owners = [k - 1] + ([k - 2] if k > 1 and rel.pair[k - 2] is not None
                            and rel.pair[k - 2] == rel.pair[k - 1] else [])
        # a part of a 其中 breakdown keeps its role: its own bracketed breakdown is not summed
        totals = {_unit_key(figs[j]): j for j in owners if rel.qualifier[j] is None and rel.role[j] != "part"}
        _mark_parts(text, figs, rel, words, totals, k, m.end(), close.start())


_RATE_BASE = re.compile(r"的[ \t]*\d+(?:\.\d+)?[ \t]*[%％]")
# 占市本级低保对象27.2%: a share taken of something named before the figures that follow
_SHARE_OF = re.compile(r"[，,][ \t]*占([^，,；;。\d%％]{2,8}?)(?:的)?(?:比[重例])?\d")


def _nested_share_stop(text: str, after: int, stop: int) -> int:
    """其中市本级23502户，双矿集团6273户，占市本级低保对象27.2%: a part whose share is taken of an
    earlier part (市本级) is a part of that part, so the total's breakdown ends before it."""
    for sm in _SHARE_OF.finditer(text, after, stop):
        name = sm.group(1)
        part_start = max(text.rfind(c, after, sm.start()) for c in "，,；;") + 1
        if part_start <= after:
            continue  # the share belongs to the first part: it is of the total or of something else
        earlier = text[after:part_start]
        for n in range(len(name), 1, -1):
            if re.search(r"(?:^|[，,；;：:\s])" + re.escape(name[:n]), earlier):
                return part_start
    return stop
_OPENING = "（("
_CLOSING = "）)"


def _is_comparison_base(text: str, f: Figure) -> bool:
    """比上年同期15,852万元: the figure a change is measured from."""
    return _COMPARISON_BASE.search(text, max(0, f.start - _BASE_REACH), f.start) is not None


def _aside_before(text: str, f: Figure, pos: int) -> bool:
    """A figure inside a bracket that closes before `pos` (…(上年同期实绩含两税收入3,602万元)，其中…):
    an aside about another figure, not the total the 其中 breaks down."""
    close = _BRACKET_CLOSE.search(text, f.end, pos)
    if close is None or close.group() not in _CLOSING:
        return False
    return text.rfind("(", max(0, f.start - _BRACKET_REACH), f.start) > text.rfind(")", 0, f.start) \
        or text.rfind("（", max(0, f.start - _BRACKET_REACH), f.start) > text.rfind("）", 0, f.start)


def _bracket_close_after(text: str, sent_start: int, pos: int, after: int, stop: int) -> int | None:
    """The position of the bracket that closes the one left open before `pos` in its sentence
    (from `sent_start`), searched from `after` up to `stop`; None when no bracket is open there."""
    depth = 0
    for c in text[max(sent_start, pos - _BRACKET_REACH):pos]:
        if c in _OPENING:
            depth += 1
        elif c in _CLOSING and depth:
            depth -= 1
    if not depth:
        return None
    inner = 0
    for i in range(after, min(stop, after + _BRACKET_REACH)):
        c = text[i]
        if c in _OPENING:
            inner += 1
        elif c in _CLOSING:
            if not inner:
                return i
            inner -= 1
    return None


class _BracketScan:
    """The innermost bracket still open at a position, read left to right from `start` once: a
    run of parts asks at each of its figures, in text order (a flattened table puts thousands of
    figures on one line, so rescanning from 其中 each time would be quadratic)."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.pos = start
        self.stack: list[int] = []

    def open_at(self, pos: int) -> int | None:
        """The position of the innermost bracket open at `pos` (`pos` never decreases), or None."""
        for i in range(self.pos, pos):
            c = self.text[i]
            if c in _OPENING:
                self.stack.append(i)
            elif c in _CLOSING and self.stack:
                self.stack.pop()
        self.pos = max(self.pos, pos)
        return self.stack[-1] if self.stack else None


_BRACKET_CLOSE = re.compile(r"[)）]|[。！？!?\n]")
_BRACKET_REACH = 300  # a breakdown in brackets is a few clauses; the search for its end stays linear


def _mark_parts(text: str, figs: list[Figure], rel: Relations, words: _StructureWords, totals: dict[str, int],
                k: int, after: int, stop: int) -> None:
    """The figures from index `k` up to `stop` are parts of the total of their unit in `totals`,
    until a clause opens with a breaker (a new statement) or a figure exceeds its total."""
    j = k
    brackets = _BracketScan(text, after)
    part_ends: set[int] = set()
    while j < len(figs) and figs[j].start < stop:
        f = figs[j]
        # 建设项目27项(省级6项、市级5项…): a bracket right after a part breaks that part down
        opened = brackets.open_at(f.start)
        if opened is not None and opened in part_ends:
            j += 1
            continue
        if _is_comparison_base(text, f):
            # 其中公共财政支出52,601万元，比去年同期45,417万元增长15.82%: last year's figure of the part
            j += 1
            continue
        if _is_rate(f) and rel.qualifier[j] is None:
            # a rate's clause (工业项目到位资金6.14亿元，完成年度目标任务的307.08%) says how far
            # the part before it went: no part of a sum, no new total, no new statement
            j += 1
            continue
        # a clause since the previous figure that opens with a breaker starts a new statement
        gap_from = max(after, figs[j - 1].end if j > k else after)
        if any(piece.lstrip().startswith(words.part_breakers)
               for piece in _CLAUSE_SPLIT.split(text[gap_from:f.start])[1:]):
            break
        t = totals.get(_unit_key(f))
        if t is not None:
            value, total = f.value, figs[t].value
            if value is not None and total is not None and value > total:
                break  # larger than the total: a new statement, not a part of it
        if t is not None and rel.qualifier[j] is None and rel.role[j] is None:
            rel.role[t] = "total"
            rel.group[t] = t
            rel.role[j] = "part"
            rel.group[j] = t
            part_ends.add(f.end)
        j += 1


def _totals_and_lists(text: str, figs: list[Figure], lay: Layout, rel: Relations, words: _StructureWords,
                      clause_starts: list[int], keys: list[str | None]) -> None:
    """共计/合计/总… totals, and the items of a list that follows a total."""
    for i, f in enumerate(figs):
        if rel.qualifier[i] is not None or f.number is None:
            continue
        # the marker stands right before the figure (总投资6.85亿元, 共计投入260万), not anywhere in a
        # long clause whose 共 distributes over several figures
        if not words.totals.search(text, max(clause_starts[i], f.start - _TOTAL_MARKER_REACH), f.start):
            continue
        if rel.role[i] is None:
            rel.role[i] = "total"
        if rel.role[i] != "total" or (rel.group[i] is not None and rel.group[i] != i):
            continue
        items = _following_items(text, f, lay)
        if not items:
            continue
        members: list[tuple[int, str]] = []
        for it in items:
            pick = _item_figure(figs, it, f, keys[i], keys)
            if pick is not None:
                members.append((pick, it.label))
        if len(members) < 2:
            continue
        rel.group[i] = i
        for j, label in members:
            if rel.role[j] is None:
                rel.role[j] = "item"
                rel.group[j] = i
                rel.item[j] = label
        # the count of items announced in the same sentence (重点项目8个，总投资…)
        sent = lay.sentence_of(f.start)
        for j in range(i - 1, -1, -1):
            if lay.sentence_of(figs[j].start) != sent:
                break
            unit = figs[j].unit
            if unit is not None and unit.kind == "count" and rel.role[j] is None:
                rel.role[j] = "count"
                rel.group[j] = i
                break


def _following_items(text: str, f: Figure, lay: Layout) -> list[Item]:
    """The run of items after the figure's sentence, deeper than the figure's own line."""
    line = lay.line_of(f.start)
    own_level = lay.line_level[line] or 0
    own_item = lay.item_of(f.start)
    if own_item is not None and own_item.level == 9:
        own_level = 9
    sent_end_i = lay.sentence_of(f.start)
    sent_end = lay.sentence_ends[sent_end_i] if sent_end_i < len(lay.sentence_ends) else len(text)
    i = bisect_right(lay.item_starts, sent_end)
    out: list[Item] = []
    level = None
    while i < len(lay.items):
        it = lay.items[i]
        if level is None:
            if it.level <= own_level and own_level:
                break
            # the list must start right after the total's sentence (its line or the next line)
            if lay.line_of(it.start) > lay.line_of(sent_end) + 1:
                break
            level = it.level
        if it.level < level:
            break
        if it.level == level:
            out.append(it)
        i += 1
    return out


def _item_figure(figs: list[Figure], it: Item, total: Figure, key: str | None, keys: list[str | None]) -> int | None:
    lo = _bisect_figs(figs, it.start)
    inside = []
    for j in range(lo, len(figs)):
        if figs[j].start >= it.end:
            break
        if figs[j].number is not None:
            inside.append(j)
    for j in inside:
        if key and keys[j] == key:
            return j
    want = _kind(total)
    for j in inside:
        if _kind(figs[j]) == want or (want == "currency" and _kind(figs[j]) == "currency?"):
            return j
    return None


def _bisect_figs(figs: list[Figure], pos: int) -> int:
    lo, hi = 0, len(figs)
    while lo < hi:
        mid = (lo + hi) // 2
        if figs[mid].start < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo
