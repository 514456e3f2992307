"""What each figure is about, beside what it measures: scope, period (and year) and role.

A relational rule (a restatement, parts against their total) is right only when it compares like
with like: one park's output is no restatement of the town's, a half-year figure none of the
year's, a target none of the result, and 劳动力 is no part of 总人口 that must add up. These
columns say which figures are alike. They are read from the words of the figure's own sentence
up to the figure, with the lexicon rules/figure_context.yaml (the entry nearest the figure wins);
this module holds only the logic.

- scope: ``whole`` (the reporting place), ``group`` (the units of a list closed by 等N个…), or
  the name of one unit (箐头村, 工业园区, XX公司);
- period: ``year`` (the default: the report's year or the year written), ``months``, ``half``,
  ``quarter``, ``to_date``, ``prev_year``, ``prev_period``, ``span`` (several years, cumulative or
  average), ``next_year``; a sentence naming neither period nor year keeps a part of the year
  (months, half, quarter, to date) named earlier in its paragraph, unless the whole year is named
  in between; ``year`` the calendar year written nearest before the figure;
- figure_role: ``ranking``, ``per_capita``, ``growth``, ``average``, ``share``, ``plan``,
  ``part``, ``item``, ``total``, ``count`` or ``level`` (a plain amount), the first that applies.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeAlias

import regex

from checker.compiled_regex import compile_regex
from checker.extract.figures import Figure
from checker.extract.firstchar import first_char_class, guarded
from checker.lexicon import load_data_file

_SENTENCE_END = re.compile(r"[。！？!?\n]")
_CLAUSE_END = re.compile(r"[，,；;：:。！？!?\n]")
_YEAR = guarded(r"(?<![比较与同\d])((?:19|20)\d\d)\s*年(?!以来|来)")
Pattern: TypeAlias = re.Pattern[str] | regex.Pattern[str]
Match: TypeAlias = re.Match[str] | regex.Match[str]
_GROWTH = frozenset({"yoy_growth", "yoy_decline", "growth", "decline", "change", "percentage_points"})
_ROLE_ORDER = ("plan", "part", "item", "total")
# the role words `_role` reads in the figure's clause (the others, in its sentence)
_CLAUSE_ROLES = ("ranking_words", "per_capita", "average", "plan", "total")
_MAX_SENTENCE = 300  # a "sentence" of a page without stops is read this far back
_MAX_PARAGRAPH = 600  # a period named earlier in the paragraph is looked for this far back
_INHERITED_PERIODS = frozenset({"months", "half", "quarter", "to_date"})  # parts of the year
_WHOLE_YEAR = re.compile(r"全年|今年|本年|年度|年末|年底")  # a turn back to the whole year
# a clause that is only a short name before its figure continues the list of the clause before (晚稻);
# one with a verb of achievement (已完成投资, 实现, 落实) states a figure of its own
_BARE_NAME = re.compile(r"(?:(?![完实达已共累新增建投落引])[\u4e00-\u9fff]){1,4}")
_HEAD = 300  # a part of the year named this near the top (title, opening sentence) is the document's


@dataclass(frozen=True)
class _Lexicon:
    whole: regex.Pattern[str]
    suffix: Pattern
    name_run: regex.Pattern[str]  # any run of name characters, matched backwards from its end
    name_max: int
    name_cut: regex.Pattern[str]
    generic: regex.Pattern[str]
    name_min: int
    suffix_end: regex.Pattern[str]
    group: regex.Pattern[str]
    periods: tuple[tuple[Pattern, str], ...]
    periods_and_years: _EachMatches  # the period patterns, then _YEAR: one scan for all
    ranking: regex.Pattern[str]
    ranking_after: regex.Pattern[str]
    ranking_words: Pattern
    per_capita: Pattern
    average: Pattern
    share: Pattern
    roles: tuple[tuple[str, Pattern], ...]
    # Every role word read in the clause (ranking words, per capita, average, plan, total) and in the
    # sentence (part, item) as one alternation each: most figures have none, and one search says so.
    clause_words: Pattern | None
    sentence_words: Pattern | None


# What a pattern may not hold to be joined with others into one alternation: a reference to a group
# by number or name (or a call of one), a conditional on a group, a global inline flag (it would act
# on every branch) or a backtracking verb (regex's (*SKIP), (*FAIL)…).
_NOT_JOINABLE = re.compile(r"\\[0-9]|\\g|\(\?P[=>]|\(\?&|\(\?\(|\(\?[a-zA-Z0-9-]*\)|\(\*")


def _joinable(patterns: list[str]) -> bool:
    """Whether the patterns can be tried as one alternation without changing what each matches."""
    return not any(_NOT_JOINABLE.search(p) for p in patterns)


class _EachMatches:
    """`[list(rx.finditer(text)) for rx in patterns]`, from one scan of the text instead of one per
    pattern (the period words and the years: nine scans of every report for a few matches each).

    Why it is the same: one scan finds exactly the positions where some pattern matches: it takes a
    character that can begin a match of one of them (a plain class first, so `re` skips to the next
    such character at C speed), then looks behind it for the patterns as one alternation starting
    there (an alternation matches where one of its branches does); its match is that one character,
    so the next position is tried next. At those few positions each pattern is tried
    with `match`, which is what its own `finditer` tries at a position it reaches; a pattern's next
    match is searched from the end of its last one, so a position before that end is skipped for it.
    That needs patterns that never match empty (a first-character class says so) and that keep their
    meaning inside an alternation (`_joinable`); otherwise each pattern scans the text on its own.
    tests/test_aspects.py holds it to the pattern-by-pattern scans."""

    def __init__(self, patterns: tuple[Pattern, ...]) -> None:
        self.patterns = patterns
        self.scan: re.Pattern[str] | None = None
        sources = [rx.pattern for rx in patterns]
        flags = {rx.flags for rx in patterns}
        if not all(isinstance(rx, re.Pattern) for rx in patterns) or len(flags) != 1 or not _joinable(sources) \
                or any(first_char_class(p) is None for p in sources):
            return
        union = "|".join(f"(?:{p})" for p in sources)
        head = first_char_class(union)
        if head is None:
            return
        try:
            self.scan = re.compile(f"{head}(?<=(?=(?:{union}))[\\s\\S])", flags.pop())
        except re.error:
            self.scan = None

    def __call__(self, text: str) -> list[list[Match]]:
        if self.scan is None:
            return [list(rx.finditer(text)) for rx in self.patterns]
        found: list[list[Match]] = [[] for _ in self.patterns]
        resume = [0] * len(self.patterns)  # where each pattern's own scan would go on
        indexed = list(enumerate(self.patterns))
        for hit in self.scan.finditer(text):
            pos = hit.start()
            for k, rx in indexed:
                if pos >= resume[k]:
                    m = rx.match(text, pos)
                    if m is not None:
                        found[k].append(m)
                        resume[k] = m.end()
        return found


def _any_of(patterns: list[str]) -> Pattern | None:
    """One pattern that finds a match in a window exactly where one of `patterns` finds one (an
    alternation matches at a position where one of its branches does), or None when they cannot be
    joined (`_joinable`)."""
    if not _joinable(patterns):
        return None
    try:
        return _plain("|".join(f"(?:{p})" for p in patterns))
    except regex.error:
        return None


# A pattern of literal characters, sets of them, alternations, plain groups and lookarounds, `^`, `$`,
# `.` and the repeats ? * +: the same matches under `re` and `regex` (no escapes, whose classes differ
# at the edges, e.g. \s and U+001C; no {…}, fuzzy matching in regex; no [[…, a POSIX class in regex).
_PLAIN_SYNTAX = re.compile(r"(?:[^\\{\[(]|\[(?!\[)|\((?:\?(?::|=|!|<=|<!))?)*")


def _plain(pattern: str) -> Pattern:
    """`re` for a pattern of plain syntax (a call costs a third of `regex`'s: the role words are read
    for every figure), else the regex module, whose syntax the lexicon is written in."""
    if _PLAIN_SYNTAX.fullmatch(pattern):
        try:
            return re.compile(pattern)
        except re.error:
            pass
    return compile_regex(pattern)


def _fast(pattern: str) -> Pattern:
    """`re` with a first-character guard when the pattern is plain `re` syntax (several times faster
    over a whole report), else the regex module (\\p{Han}, variable lookbehind)."""
    try:
        return guarded(pattern)
    except re.error:
        return compile_regex(pattern)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    raw: dict[str, Any] = load_data_file("figure_context.yaml")
    scope, role = raw["scope"], raw["role"]
    name = scope["name_chars"]
    periods = tuple((_fast(p["pattern"]), str(p["value"])) for p in raw["period"])
    return _Lexicon(
        whole=compile_regex(scope["whole"]["pattern"]),
        suffix=_fast(scope["units"]["pattern"]),
        name_run=compile_regex(f"(?r)(?:{name})*"),
        name_max=int(scope["name_max"]),
        name_cut=compile_regex(scope["name_cut"]),
        generic=compile_regex(scope["generic"]["pattern"]),
        name_min=int(scope["name_min"]),
        suffix_end=compile_regex(f"(?:{scope['units']['pattern']})$"),
        group=compile_regex(scope["group"]["pattern"]),
        periods=periods,
        periods_and_years=_EachMatches((*(rx for rx, _ in periods), _YEAR)),
        ranking=compile_regex(role["ranking"]["pattern"]),
        ranking_after=compile_regex(role["ranking"]["after"]),
        ranking_words=_plain(role["ranking_words"]["pattern"]),
        per_capita=_plain(role["per_capita"]["pattern"]),
        average=_plain(role["average"]["pattern"]),
        share=_plain(role["share"]["pattern"]),
        roles=tuple((name_, _plain(role[name_]["pattern"])) for name_ in _ROLE_ORDER),
        clause_words=_any_of([role[name_]["pattern"] for name_ in _CLAUSE_ROLES]),
        sentence_words=_any_of([role[name_]["pattern"] for name_ in _ROLE_ORDER if name_ not in _CLAUSE_ROLES]),
    )


@dataclass
class Aspects:
    """The columns, parallel to the figure list."""

    scope: list[str]
    period: list[str]
    year: list[int | None]
    figure_role: list[str]


class _Marks:
    """Every match of one pattern over the whole text, found once per document; `last(lo, hi)` is the
    match ending last inside text[lo:hi] (matches of one pattern never overlap, so their starts and
    ends are both sorted and one bisect finds it)."""

    def __init__(self, matches: list[tuple[int, int, str]]) -> None:
        self.starts = [a for a, _, _ in matches]
        self.ends = [b for _, b, _ in matches]
        self.values = [v for _, _, v in matches]

    @classmethod
    def of(cls, rx: Pattern, text: str, value: str = "") -> _Marks:
        return cls([(m.start(), m.end(), value or m.group(0)) for m in rx.finditer(text)])

    def last(self, lo: int, hi: int) -> tuple[int, str] | None:
        i = bisect_right(self.ends, hi) - 1
        if i >= 0 and self.starts[i] >= lo:
            return self.ends[i], self.values[i]
        return None


class _MergedMarks:
    """The marks of several patterns in one list, sorted by (end, pattern order, match order):
    `last(lo, hi)` answers what asking each `_Marks` in turn and keeping the hit ending last (the
    earlier pattern on a tie) answers, with one bisect instead of one per pattern.

    Why it is the same: a pattern's last match ending by `hi` starts at or after `lo` exactly when
    some match of it lies inside text[lo:hi] (its matches are sorted), so the winner ends where the
    last match inside the window ends, and is the first pattern with a match ending there (of that
    pattern, its later match, as `_Marks.last` finds). Walking back from `hi` passes only matches
    that straddle `lo` before finding it. tests/test_aspects.py holds it to that loop."""

    def __init__(self, marks: list[_Marks]) -> None:
        entries = sorted((e, k, i, s, v) for k, m in enumerate(marks)
                         for i, (s, e, v) in enumerate(zip(m.starts, m.ends, m.values, strict=True)))
        self.ends = [e for e, *_ in entries]
        self.order = [k for _, k, *_ in entries]
        self.starts = [s for *_, s, _ in entries]
        self.values = [v for *_, v in entries]

    def last(self, lo: int, hi: int) -> tuple[int, str] | None:
        ends, starts, order = self.ends, self.starts, self.order
        i = bisect_right(ends, hi) - 1
        best = -1
        while i >= 0 and ends[i] >= lo:
            if best >= 0 and ends[i] != ends[best]:
                break  # past every match ending where the winner does
            if starts[i] >= lo and (best < 0 or order[i] < order[best]):
                best = i
            i -= 1
        return (ends[best], self.values[best]) if best >= 0 else None


def _unit_names(text: str, lex: _Lexicon) -> _Marks:
    """The named units of the text (箐头村, 机械工业园区), generic words (贫困村, 重点项目) left out.

    Found from the unit words (a plain alternation, fast) leftwards: the name is the run of name
    characters before the word, at most `name_max` of them, cut after the last word that introduces
    a unit (其中, 用于 …)."""
    found = []
    floor = 0
    for m in lex.suffix.finditer(text):
        # the run of name characters ending at the word, read backwards in one reverse match (no
        # further back than name_max, nor into the previous word)
        start = m.start()
        k = lex.name_run.match(text, max(floor, start - lex.name_max), start).start()
        floor = m.end()
        stem = _name_in(text[k:start])
        if stem:
            found.append((start - len(stem), floor, stem + m.group(0)))
    return _Marks(found)


@lru_cache(maxsize=4096)
def _name_in(run: str) -> str:
    """The name a run of name characters before a unit word ends with ("" for none): what follows the
    last word that introduces a unit and the words for the whole place, unless too short or generic.
    A function of the run alone, and a report names the same few units again and again: read once."""
    lex = _lexicon()
    cuts = list(lex.name_cut.finditer(run))
    if cuts:
        run = run[cuts[-1].end():]
    whole = lex.whole.search(run)
    if whole:
        run = run[whole.end():]
    return run if len(run) >= lex.name_min and not lex.generic.match(run) else ""


@dataclass
class _DocumentMarks:
    """The marks of one document that the columns are read from."""

    sentence_ends: list[int]
    clause_ends: list[int]
    whole: _Marks
    group: _Marks
    units: _Marks
    periods: list[_Marks]
    years: _Marks

    @classmethod
    def of(cls, text: str, lex: _Lexicon) -> _DocumentMarks:
        *periods, years = lex.periods_and_years(text)
        return cls([m.end() for m in _SENTENCE_END.finditer(text)], [m.end() for m in _CLAUSE_END.finditer(text)],
                   _Marks.of(lex.whole, text, "whole"), _Marks.of(lex.group, text, "group"), _unit_names(text, lex),
                   [_Marks([(m.start(), m.end(), value) for m in found])
                    for found, (_rx, value) in zip(periods, lex.periods, strict=True)],
                   _Marks([(m.start(), m.end(), m.group(1)) for m in years]))._with_head(text)

    def _with_head(self, text: str) -> _DocumentMarks:
        self._head = self._head_part(text)
        return self

    def _head_part(self, text: str) -> tuple[int, int, str] | None:
        """The part of the year a document names at its top (2023年一季度经济运行情况, 今年以来…一季度
        经济运行总体平稳, 上半年工作总结): (where that mark ends, where its reign stops, its value).
        Later paragraphs of a quarter's release or a half-year summary seldom repeat it (服务业增长好于
        预期。规上服务业企业营业收入同比增长63%: the quarter's rate, not the year's). It reigns up to the
        first turn back to the whole year (全年, 年度, 年底 …) or year written after it."""
        first: tuple[int, int, str] | None = None
        for m in self.periods:
            for a, b, v in zip(m.starts, m.ends, m.values, strict=True):
                if a >= _HEAD:
                    break
                if v in _INHERITED_PERIODS and (first is None or a < first[0]):
                    first = (a, b, v)
                    break
        if first is None:
            return None
        stop = len(text)
        turn = _WHOLE_YEAR.search(text, first[1])
        if turn is not None:
            stop = turn.start()
        i = bisect_left(self.years.starts, first[1])
        if i < len(self.years.starts):
            stop = min(stop, self.years.starts[i])
        return first[1], stop, first[2]

    def _document_period(self, sent_lo: int, start: int) -> str | None:
        """The document's own part of the year (`_head_part`) for a figure whose paragraph names no
        period: inside its reign, unless a period after it that is no part of the year (上年, 五年来)
        was named last before the sentence."""
        head = self._head
        if head is None or not head[0] <= sent_lo or start >= head[1]:
            return None
        hit = self._periods.last(head[0], sent_lo)
        if hit is not None:
            return hit[1] if hit[1] in _INHERITED_PERIODS else None
        return head[2]

    def __post_init__(self) -> None:
        self._scopes = _MergedMarks([self.whole, self.group, self.units])
        self._periods = _MergedMarks(self.periods)
        # where the marks of a part of the year end: most reports have none, or none near a figure
        self._part_ends = sorted(e for m in self.periods for e, v in zip(m.ends, m.values, strict=True)
                                 if v in _INHERITED_PERIODS)

    def scope(self, lo: int, hi: int) -> str:
        """The last scope named in text[lo:hi]: the whole place, a group of listed units or one unit."""
        hit = self._scopes.last(lo, hi)
        return "whole" if hit is None else hit[1]

    def period(self, lo: int, hi: int) -> str:
        hit = self._periods.last(lo, hi)
        return "year" if hit is None else hit[1]

    def inherited_period(self, text: str, sent_lo: int, start: int) -> str | None:
        """A part of the year named earlier in the figure's paragraph, for a sentence that names no
        period and no year of its own: 1-6月完成财政总收入5.26亿元。其中，区级财政收入2.75亿元…。
        实现规模以上工业总产值7.02亿元… all report the half year. Inherited only across sentences
        that do not turn to the whole year (全年, 今年, 年度) or name a year, and from at most
        _MAX_PARAGRAPH characters back (a bounded look, whatever the line's length)."""
        para_lo = max(0, start - _MAX_PARAGRAPH)
        k = bisect_right(self._part_ends, sent_lo) - 1
        if k < 0 or self._part_ends[k] <= para_lo:
            # no part of the year named in the stretch before the sentence: the document's own, if any
            return None if self.years.last(sent_lo, start) is not None else self._document_period(sent_lo, start)
        newline = text.rfind("\n", para_lo, sent_lo)
        para_lo = newline + 1 if newline >= 0 else para_lo
        if self.years.last(sent_lo, start) is not None:
            return None
        if para_lo >= sent_lo:  # the paragraph's first sentence
            return self._document_period(sent_lo, start)
        hit = self._periods.last(para_lo, sent_lo)
        if hit is None:
            return self._document_period(sent_lo, start)
        if hit[1] not in _INHERITED_PERIODS:
            return None
        if self.years.last(hit[0], start) is not None or _WHOLE_YEAR.search(text, hit[0], start):
            return None
        return hit[1]

    def year(self, lo: int, hi: int) -> int | None:
        hit = self.years.last(lo, hi)
        return int(hit[1]) if hit is not None else None


def _role(text: str, f: Figure, sent_lo: int, clause_lo: int, qualifier: str | None,
          structural: str | None, lex: _Lexicon) -> str:
    """The figure's role (see the module docstring): the first that applies. A role word is looked
    for one pattern at a time only in a window where the joined patterns find one
    (`_Lexicon.clause_words`, `sentence_words`): the same answers, one search for most figures."""
    start = f.start
    in_clause = lex.clause_words is None or lex.clause_words.search(text, clause_lo, start) is not None
    # (what follows the figure first: `ranking_after` rejects most figures at their first character)
    if (lex.ranking_after.match(text, f.end) and lex.ranking.search(text, max(clause_lo, start - 2), start)) \
            or (in_clause and lex.ranking_words.search(text, clause_lo, start)):
        return "ranking"
    if in_clause and lex.per_capita.search(text, clause_lo, start):
        return "per_capita"
    if qualifier in _GROWTH:
        return "growth"
    if in_clause and lex.average.search(text, clause_lo, start):
        return "average"
    percent = f.unit is not None and f.unit.kind == "percent"
    if qualifier == "share" or (percent and lex.share.search(text, clause_lo, start)):
        return "share"
    if structural in ("part", "item", "count"):
        return structural
    in_sentence: bool | None = None
    for name, rx in lex.roles:
        if name in _CLAUSE_ROLES:
            if in_clause and rx.search(text, clause_lo, start):
                return name
            continue
        if in_sentence is None:  # 其中/分别 govern the rest of the sentence
            in_sentence = lex.sentence_words is None or lex.sentence_words.search(text, sent_lo, start) is not None
        if in_sentence and rx.search(text, sent_lo, start):
            return name
    return structural or "level"


def aspects(text: str, figs: list[Figure], qualifiers: list[str | None], roles: list[str | None]) -> Aspects:
    """Scope, period, year and role of every figure (see the module docstring)."""
    lex = _lexicon()
    marks = _DocumentMarks.of(text, lex)
    out = Aspects([], [], [], [])
    sentence_ends, clause_ends = marks.sentence_ends, marks.clause_ends
    scope, period, year = marks.scope, marks.period, marks.year
    prev: Figure | None = None
    for f, qualifier, structural in zip(figs, qualifiers, roles, strict=True):
        start = f.start
        # the sentence starts after the last sentence end before the figure, at most _MAX_SENTENCE back;
        # the clause after the last clause end, inside the sentence
        sent_lo = start - _MAX_SENTENCE if start > _MAX_SENTENCE else 0
        i = bisect_right(sentence_ends, start) - 1
        if i >= 0 and sentence_ends[i] > sent_lo:
            sent_lo = sentence_ends[i]
        clause_lo = sent_lo
        i = bisect_right(clause_ends, start) - 1
        if i >= 0 and clause_ends[i] > clause_lo:
            clause_lo = clause_ends[i]
        out.scope.append(scope(sent_lo, start))
        own = period(sent_lo, start)
        out.period.append(own if own != "year" else marks.inherited_period(text, sent_lo, start) or own)
        out.year.append(year(sent_lo, start))
        role = _role(text, f, sent_lo, clause_lo, qualifier, structural, lex)
        if role == "level" and out.figure_role and out.figure_role[-1] == "plan" and prev is not None \
                and prev.end > sent_lo and _same_unit(prev, f) and _BARE_NAME.fullmatch(text, clause_lo, start):
            role = "plan"  # 下达早稻任务3.6万亩，晚稻4.3万亩: the quota's list goes on in a bare clause
        out.figure_role.append(role)
        prev = f
    return out


def _same_unit(a: Figure, b: Figure) -> bool:
    return a.unit is not None and b.unit is not None and a.unit.kind == b.unit.kind


def same_scope(a: str, b: str) -> bool:
    """Two scopes that may name the same thing: equal, or two names of one unit written differently
    (中节能光伏项目 and 98MW光伏项目 share 光伏项目: more than the bare unit word)."""
    if a == b:
        return True
    if a in ("whole", "group") or b in ("whole", "group"):
        return False
    m = _lexicon().suffix_end.search(a)
    suffix = m.group(0) if m else ""
    k = 0
    while k < min(len(a), len(b)) and a[-1 - k] == b[-1 - k]:
        k += 1
    return bool(suffix) and k >= len(suffix) + 2
