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

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from checker.extract.figures import Figure
from checker.rules.loader import load_data_file

_SENTENCE_END = regex.compile(r"[。！？!?\n]")
_CLAUSE_END = regex.compile(r"[，,；;：:。！？!?\n]")
_YEAR = regex.compile(r"(?<![比较与同\d])((?:19|20)\d\d)\s*年(?!以来|来)")
_GROWTH = frozenset({"yoy_growth", "yoy_decline", "growth", "decline", "change", "percentage_points"})
_ROLE_ORDER = ("plan", "part", "item", "total")


@dataclass(frozen=True)
class _Lexicon:
    whole: regex.Pattern[str]
    unit: regex.Pattern[str]
    name_cut: regex.Pattern[str]
    generic: regex.Pattern[str]
    name_min: int
    suffix_end: regex.Pattern[str]
    group: regex.Pattern[str]
    periods: tuple[tuple[regex.Pattern[str], str], ...]
    ranking: regex.Pattern[str]
    ranking_after: regex.Pattern[str]
    ranking_words: regex.Pattern[str]
    per_capita: regex.Pattern[str]
    average: regex.Pattern[str]
    share: regex.Pattern[str]
    roles: tuple[tuple[str, regex.Pattern[str]], ...]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    raw: dict[str, Any] = load_data_file("figure_context.yaml")
    scope, role = raw["scope"], raw["role"]
    name = scope["name_chars"]
    unit = regex.compile(rf"(?P<stem>{name}{{1,{int(scope['name_max'])}}}?)(?P<suffix>{scope['units']['pattern']})")
    return _Lexicon(
        whole=regex.compile(scope["whole"]["pattern"]),
        unit=unit,
        name_cut=regex.compile(scope["name_cut"]),
        generic=regex.compile(scope["generic"]["pattern"]),
        name_min=int(scope["name_min"]),
        suffix_end=regex.compile(f"(?:{scope['units']['pattern']})$"),
        group=regex.compile(scope["group"]["pattern"]),
        periods=tuple((regex.compile(p["pattern"]), str(p["value"])) for p in raw["period"]),
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


def _last_end(rx: regex.Pattern[str], text: str, lo: int, hi: int) -> int:
    """End of the last match of `rx` in text[lo:hi] (-1 if none)."""
    end = -1
    for m in rx.finditer(text, lo, hi):
        end = m.end()
    return end


def _scope(text: str, lo: int, hi: int, lex: _Lexicon) -> str:
    """The last scope named in text[lo:hi]: the whole place, a group of listed units or one unit."""
    best, where = "whole", _last_end(lex.whole, text, lo, hi)
    group_end = _last_end(lex.group, text, lo, hi)
    if group_end > where:
        best, where = "group", group_end
    for m in lex.unit.finditer(text, lo, hi):
        if m.end() <= where:
            continue
        stem = m.group("stem")
        cuts = list(lex.name_cut.finditer(stem))
        if cuts:
            stem = stem[cuts[-1].end():]
        whole = lex.whole.search(stem)
        if whole:
            stem = stem[whole.end():]
        if len(stem) < lex.name_min or lex.generic.match(stem):
            continue
        best, where = stem + m.group("suffix"), m.end()
    return best


def _period(text: str, lo: int, hi: int, lex: _Lexicon) -> str:
    best, where = "year", -1
    for rx, value in lex.periods:
        end = _last_end(rx, text, lo, hi)
        if end > where:
            best, where = value, end
    return best


def _year(text: str, lo: int, hi: int) -> int | None:
    year = None
    for m in _YEAR.finditer(text, lo, hi):
        year = int(m.group(1))
    return year


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
    out = Aspects([], [], [], [])
    for f, qualifier, structural in zip(figs, qualifiers, roles, strict=True):
        sent_lo = _last_end(_SENTENCE_END, text, max(0, f.start - 300), f.start)
        sent_lo = max(sent_lo, 0) if sent_lo >= 0 else max(0, f.start - 300)
        clause_lo = max(_last_end(_CLAUSE_END, text, sent_lo, f.start), sent_lo)
        out.scope.append(_scope(text, sent_lo, f.start, lex))
        out.period.append(_period(text, sent_lo, f.start, lex))
        out.year.append(_year(text, sent_lo, f.start))
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
