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
  average), ``next_year``; ``year`` the calendar year written nearest before the figure;
- figure_role: ``ranking``, ``per_capita``, ``growth``, ``average``, ``share``, ``plan``,
  ``part``, ``item``, ``total``, ``count`` or ``level`` (a plain amount), the first that applies.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeAlias

import regex

from checker.extract.figures import Figure
from checker.extract.firstchar import guarded
from checker.lexicon import load_data_file

_SENTENCE_END = re.compile(r"[。！？!?\n]")
_CLAUSE_END = re.compile(r"[，,；;：:。！？!?\n]")
_YEAR = guarded(r"(?<![比较与同\d])((?:19|20)\d\d)\s*年(?!以来|来)")
Pattern: TypeAlias = re.Pattern[str] | regex.Pattern[str]
_GROWTH = frozenset({"yoy_growth", "yoy_decline", "growth", "decline", "change", "percentage_points"})
_ROLE_ORDER = ("plan", "part", "item", "total")
_MAX_SENTENCE = 300  # a "sentence" of a page without stops is read this far back


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
    ranking: regex.Pattern[str]
    ranking_after: regex.Pattern[str]
    ranking_words: regex.Pattern[str]
    per_capita: regex.Pattern[str]
    average: regex.Pattern[str]
    share: regex.Pattern[str]
    roles: tuple[tuple[str, regex.Pattern[str]], ...]


def _fast(pattern: str) -> Pattern:
    """`re` with a first-character guard when the pattern is plain `re` syntax (several times faster
    over a whole report), else the regex module (\\p{Han}, variable lookbehind)."""
    try:
        return guarded(pattern)
    except re.error:
        return regex.compile(pattern)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    raw: dict[str, Any] = load_data_file("figure_context.yaml")
    scope, role = raw["scope"], raw["role"]
    name = scope["name_chars"]
    return _Lexicon(
        whole=regex.compile(scope["whole"]["pattern"]),
        suffix=_fast(scope["units"]["pattern"]),
        name_run=regex.compile(f"(?r)(?:{name})*"),
        name_max=int(scope["name_max"]),
        name_cut=regex.compile(scope["name_cut"]),
        generic=regex.compile(scope["generic"]["pattern"]),
        name_min=int(scope["name_min"]),
        suffix_end=regex.compile(f"(?:{scope['units']['pattern']})$"),
        group=regex.compile(scope["group"]["pattern"]),
        periods=tuple((_fast(p["pattern"]), str(p["value"])) for p in raw["period"]),
        ranking=regex.compile(role["ranking"]["pattern"]),
        ranking_after=regex.compile(role["ranking"]["after"]),
        ranking_words=regex.compile(role["ranking_words"]["pattern"]),
        per_capita=regex.compile(role["per_capita"]["pattern"]),
        average=regex.compile(role["average"]["pattern"]),
        share=regex.compile(role["share"]["pattern"]),
        roles=tuple((name_, regex.compile(role[name_]["pattern"])) for name_ in _ROLE_ORDER),
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
        k = lex.name_run.match(text, max(floor, m.start() - lex.name_max), m.start()).start()
        floor = m.end()
        stem = text[k:m.start()]
        cuts = list(lex.name_cut.finditer(stem))
        if cuts:
            stem = stem[cuts[-1].end():]
        whole = lex.whole.search(stem)
        if whole:
            stem = stem[whole.end():]
        if len(stem) >= lex.name_min and not lex.generic.match(stem):
            found.append((m.start() - len(stem), m.end(), stem + m.group(0)))
    return _Marks(found)


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
        return cls([m.end() for m in _SENTENCE_END.finditer(text)], [m.end() for m in _CLAUSE_END.finditer(text)],
                   _Marks.of(lex.whole, text, "whole"), _Marks.of(lex.group, text, "group"), _unit_names(text, lex),
                   [_Marks.of(rx, text, value) for rx, value in lex.periods],
                   _Marks([(m.start(), m.end(), m.group(1)) for m in _YEAR.finditer(text)]))

    def __post_init__(self) -> None:
        self._scopes = _MergedMarks([self.whole, self.group, self.units])
        self._periods = _MergedMarks(self.periods)

    def scope(self, lo: int, hi: int) -> str:
        """The last scope named in text[lo:hi]: the whole place, a group of listed units or one unit."""
        hit = self._scopes.last(lo, hi)
        return "whole" if hit is None else hit[1]

    def period(self, lo: int, hi: int) -> str:
        hit = self._periods.last(lo, hi)
        return "year" if hit is None else hit[1]

    def year(self, lo: int, hi: int) -> int | None:
        hit = self.years.last(lo, hi)
        return int(hit[1]) if hit is not None else None


def _after_last(ends: list[int], floor: int, pos: int) -> int:
    """The position after the last break before `pos`, not before `floor`."""
    i = bisect_right(ends, pos) - 1
    return max(ends[i], floor) if i >= 0 else floor


def _role(text: str, f: Figure, sent_lo: int, clause_lo: int, qualifier: str | None,
          structural: str | None, lex: _Lexicon) -> str:
    if (lex.ranking.search(text, max(clause_lo, f.start - 2), f.start) and lex.ranking_after.match(text, f.end)) \
            or lex.ranking_words.search(text, clause_lo, f.start):
        return "ranking"
    if lex.per_capita.search(text, clause_lo, f.start):
        return "per_capita"
    if qualifier in _GROWTH:
        return "growth"
    if lex.average.search(text, clause_lo, f.start):
        return "average"
    percent = f.unit is not None and f.unit.kind == "percent"
    if qualifier == "share" or (percent and lex.share.search(text, clause_lo, f.start)):
        return "share"
    if structural in ("part", "item", "count"):
        return structural
    for name, rx in lex.roles:
        lo = clause_lo if name in ("total", "plan") else sent_lo  # 其中/分别 govern the rest of the sentence
        if rx.search(text, lo, f.start):
            return name
    return structural or "level"


def aspects(text: str, figs: list[Figure], qualifiers: list[str | None], roles: list[str | None]) -> Aspects:
    """Scope, period, year and role of every figure (see the module docstring)."""
    lex = _lexicon()
    marks = _DocumentMarks.of(text, lex)
    out = Aspects([], [], [], [])
    for f, qualifier, structural in zip(figs, qualifiers, roles, strict=True):
        sent_lo = _after_last(marks.sentence_ends, max(0, f.start - _MAX_SENTENCE), f.start)
        clause_lo = _after_last(marks.clause_ends, sent_lo, f.start)
        out.scope.append(marks.scope(sent_lo, f.start))
        out.period.append(marks.period(sent_lo, f.start))
        out.year.append(marks.year(sent_lo, f.start))
        out.figure_role.append(_role(text, f, sent_lo, clause_lo, qualifier, structural, lex))
    return out


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
