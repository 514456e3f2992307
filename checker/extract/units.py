"""The unit lexicon (rules/units.yaml) as lookup tables the scanner can use at speed.

A unit is matched right after a number (and its magnitude): the longest alias wins, so 千米
beats the magnitude 千 and 平方公里 beats 平方. Each alias may carry a guard (a lookahead the
following text must satisfy) for aliases that begin common words (平台, 方面, 人民).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from checker.lexicon import load_data_file


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str
    factor: float
    chinese: bool = True
    blankable: bool = False


@dataclass(frozen=True)
class UnitAlias:
    text: str
    unit: Unit
    guard: re.Pattern[str] | None


@dataclass(frozen=True)
class UnitLexicon:
    units: dict[str, Unit]
    # first character -> aliases starting with it, longest first
    by_first: dict[str, tuple[UnitAlias, ...]]
    magnitudes: tuple[tuple[str, float], ...]  # longest first
    approx_prefix: tuple[tuple[str, str | None], ...]  # longest first
    approx_middle: tuple[str, ...]
    approx_suffix: tuple[tuple[str, str | None], ...]  # longest first
    range_separators: tuple[str, ...]
    messy_decimal_marks: frozenset[str]
    traditional: dict[int, int]
    raw: dict[str, Any]

    @cached_property
    def unit_first_chars(self) -> frozenset[str]:
        return frozenset(self.by_first)

    @cached_property
    def range_first_chars(self) -> frozenset[str]:
        return frozenset(sep[0] for sep in self.range_separators)

    @cached_property
    def approx_suffix_first_chars(self) -> frozenset[str]:
        return frozenset(word[0] for word, _ in self.approx_suffix)

    @cached_property
    def magnitude_words(self) -> tuple[str, ...]:
        return tuple(w for w, _ in self.magnitudes)

    @cached_property
    def approx_prefix_re(self) -> re.Pattern[str]:
        """Any approximation prefix ending where the search ends (search with endpos)."""
        return re.compile("(?:" + "|".join(re.escape(w) for w, _ in self.approx_prefix) + ")$")

    @cached_property
    def approx_middle_first_chars(self) -> frozenset[str]:
        return frozenset(word[0] for word in self.approx_middle)

    @cached_property
    def approx_prefix_last_chars(self) -> frozenset[str]:
        """Characters an approximation prefix ends with, and the newline `$` also matches before."""
        return frozenset([*(w[-1] for w, _ in self.approx_prefix), "\n"])

    @cached_property
    def _traditional_re(self) -> re.Pattern[str] | None:
        if not self.traditional:
            return None
        return re.compile("[" + "".join(re.escape(chr(c)) for c in self.traditional) + "]")

    def has_traditional(self, text: str) -> bool:
        """Does `text` hold a character of `traditional` (one regex scan, far cheaper than translate)?"""
        return self._traditional_re is not None and self._traditional_re.search(text) is not None

    @cached_property
    def approx_prefix_bound(self) -> dict[str, str | None]:
        return dict(self.approx_prefix)

    @cached_property
    def _match_table(self) -> dict[str, tuple[tuple[str, int, bool, re.Pattern[str] | None, UnitAlias], ...]]:
        """by_first with each alias's parts unpacked: `match` runs after every figure."""
        return {first: tuple((a.text, len(a.text), a.unit.chinese, a.guard, a) for a in aliases)
                for first, aliases in self.by_first.items()}

    @cached_property
    def _magnitudes_by_first(self) -> dict[str, tuple[tuple[str, float], ...]]:
        """First character -> the magnitudes starting with it, longest first (as `magnitudes`)."""
        table: dict[str, list[tuple[str, float]]] = {}
        for word, factor in self.magnitudes:
            table.setdefault(word[0], []).append((word, factor))
        return {first: tuple(words) for first, words in table.items()}

    def match(self, text: str, pos: int, *, chinese: bool = False) -> UnitAlias | None:
        """The longest unit alias at text[pos:] whose guard holds (None if none)."""
        candidates = self._match_table.get(text[pos: pos + 1])
        if candidates is None:
            return None
        for alias_text, size, unit_chinese, guard, alias in candidates:
            if text.startswith(alias_text, pos) and (not chinese or unit_chinese) and (
                    guard is None or guard.match(text, pos + size)):
                return alias
        return None

    def magnitude(self, text: str, pos: int) -> tuple[str, float] | None:
        for word, factor in self._magnitudes_by_first.get(text[pos: pos + 1], ()):
            if text.startswith(word, pos):
                return word, factor
        return None


@lru_cache(maxsize=1)
def lexicon() -> UnitLexicon:
    raw = load_data_file("units.yaml")
    units: dict[str, Unit] = {}
    aliases: list[UnitAlias] = []
    for entry in raw["units"]:
        unit = Unit(name=str(entry["name"]), kind=str(entry["kind"]), factor=float(entry["factor"]),
                    chinese=bool(entry.get("chinese", True)), blankable=bool(entry.get("blankable", False)))
        units[unit.name] = unit
        guard = re.compile(entry["guard"]) if entry.get("guard") else None
        own = {str(a): re.compile(g) for a, g in (entry.get("alias_guards") or {}).items()}
        for text in [unit.name, *[str(a) for a in entry.get("aliases", [])]]:
            aliases.append(UnitAlias(text, unit, own.get(text, guard)))
    by_first: dict[str, list[UnitAlias]] = {}
    for alias in sorted(aliases, key=lambda a: -len(a.text)):
        by_first.setdefault(alias.text[0], []).append(alias)
    approx = raw["approx"]

    def longest_first(d: dict[str, Any]) -> tuple[tuple[str, str | None], ...]:
        return tuple(sorted(((str(k), v) for k, v in d.items()), key=lambda kv: -len(kv[0])))

    return UnitLexicon(
        units=units,
        by_first={k: tuple(v) for k, v in by_first.items()},
        magnitudes=tuple(sorted(((str(k), float(v)) for k, v in raw["magnitudes"].items()),
                                key=lambda kv: -len(kv[0]))),
        approx_prefix=longest_first(approx["prefix"]),
        approx_middle=tuple(approx["middle"]),
        approx_suffix=longest_first(approx["suffix"]),
        range_separators=tuple(sorted(raw["range_separators"], key=len, reverse=True)),
        messy_decimal_marks=frozenset(raw["messy_decimal_marks"]),
        traditional={ord(p[0]): ord(p[1]) for p in raw.get("traditional_figure_chars", [])},
        raw=raw,
    )
