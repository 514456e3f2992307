"""What the numeric rule kinds share: rounding tolerance, figure formatting, clause context, evidence.

Tolerance follows XBRL calculation rules: a figure written with d decimals stands for any
value within half a unit of its last digit, so 6.85亿元 means [6.845, 6.855)亿元 and a sum of
6.8005亿元 contradicts it while 6.80亿元 does not. Formatting writes a computed value back in
the magnitude and unit the report itself used, so evidence reads like the report.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from functools import lru_cache
from typing import Any

import regex

from checker.extract.rows import CLAUSE_END, Row, stop_positions
from checker.rules.literal_pattern import LiteralPattern
from checker.rules.re2_pattern import Re2Pattern
from checker.rules.timed_regex import Matcher, compile_timed

SENTENCE_END = "。；！？;!?\n"

MAGNITUDE_NAMES = {1e12: "万亿", 1e8: "亿", 1e7: "千万", 1e6: "百万", 1e4: "万", 1e3: "千", 1e2: "百", 1.0: ""}


def _num(v: Any) -> float | None:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def unit_factor(row: Row) -> float:
    """Multiplier from `value` to `base_value` (1 when no unit or no base is known)."""
    value, base = _num(row.get("value")), _num(row.get("base_value"))
    if value and base is not None:
        return base / value
    return 1.0


def base_of(row: Row) -> float | None:
    """The comparable value of a row: base_value, or value when no unit was written."""
    base = _num(row.get("base_value"))
    return base if base is not None else _num(row.get("value"))


def tolerance(row: Row) -> float:
    """Half a unit of the last written digit, in base units (6.85亿元 -> 0.005亿元 = 5e5 元)."""
    decimals = int(_num(row.get("decimals")) or 0)
    magnitude = _num(row.get("magnitude")) or 1.0
    return 0.5 * 10 ** (-decimals) * magnitude * abs(unit_factor(row))


def unit_label(row: Row) -> str:
    unit = row.get("unit")
    return unit if isinstance(unit, str) else ""


def fmt_number(x: float, decimals: int) -> str:
    s = f"{x:.{max(decimals, 0)}f}"
    return s


def fmt_in(base_value: float, like: Row, decimals: int | None = None) -> str:
    """`base_value` written in the magnitude and unit of the figure `like` (68005万 -> 6.80亿元)."""
    magnitude = _num(like.get("magnitude")) or 1.0
    factor = unit_factor(like) or 1.0
    x = base_value / factor / magnitude
    d = int(_num(like.get("decimals")) or 0) if decimals is None else decimals
    return f"{fmt_number(x, d)}{MAGNITUDE_NAMES.get(magnitude, '')}{unit_label(like)}"


def fmt_plain(base_value: float, like: Row) -> str:
    """`base_value` in the unit of `like`, with the largest magnitude that keeps it readable."""
    factor = unit_factor(like) or 1.0
    x = base_value / factor
    for mag in (1e8, 1e4):
        if abs(x) >= mag:
            y = x / mag
            digits = 0 if float(y).is_integer() else 2
            return f"{fmt_number(y, digits).rstrip('0').rstrip('.') if digits else fmt_number(y, 0)}" \
                   f"{MAGNITUDE_NAMES[mag]}{unit_label(like)}"
    digits = 0 if float(x).is_integer() else 2
    return f"{fmt_number(x, digits)}{unit_label(like)}"


def figure(row: Row) -> dict[str, Any]:
    """A row as evidence: what was written, where, and what it is worth."""
    return {
        "text": row.get("text"),
        "line": int(row["line"]),
        "value": _num(row.get("value")),
        "unit": row.get("unit") if isinstance(row.get("unit"), str) else None,
        "base_value": base_of(row),
        "subject": row.get("subject") if isinstance(row.get("subject"), str) else None,
    }


def span_bounds(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    """[a, b) of the clause or sentence around [start, end): between the nearest stop characters
    (the last one before `start`, the first one at or after `end`)."""
    positions = stop_positions(text, stops)
    i = bisect_left(positions, start)
    a = positions[i - 1] + 1 if i > 0 else 0
    j = bisect_left(positions, end)
    b = positions[j] if j < len(positions) else len(text)
    return a, b


def clause_of(text: str, start: int, end: int) -> str:
    a, b = span_bounds(text, start, end, CLAUSE_END)
    return text[a:b]


def sentence_of(text: str, start: int, end: int) -> str:
    a, b = span_bounds(text, start, end, SENTENCE_END)
    return text[a:b]


def line_range(lines: list[int]) -> str:
    lo, hi = min(lines), max(lines)
    return f"{lo}" if lo == hi else f"{lo}-{hi}"


def search(pattern: str, s: str) -> bool:
    return compiled_v1(pattern).search(s) is not None


@lru_cache(maxsize=512)
def compiled_default(pattern: str) -> Matcher:
    """`pattern` compiled with the regex module's default flags, once: what `regex.search(pattern, s)`
    and friends do, without their per-call cache lookup (see `compiled_v1`). Rule parameters are
    user data: every match runs under a time budget (checker.rules.timed_regex), or is a list of
    words found without backtracking (checker.rules.literal_pattern)."""
    return compile_timed(pattern)


@lru_cache(maxsize=512)
def compiled_v1(pattern: str) -> Matcher:
    """`pattern` compiled once (VERSION1), each match under a time budget. The module-level
    `regex.search(pattern, s, flags=…)` looks the pattern up in its cache on every call, with flag
    arithmetic on enums that cost more than the short matches the numeric rules make thousands of
    times per document."""
    return compile_timed(pattern, regex.VERSION1)


# Per matcher, the text asked last and whether the matcher finds anything in it, as ONE tuple replaced
# whole (a thread never reads one text's verdict for another). Keyed by the matcher, which the
# lru caches above keep alive.
_IN_TEXT: dict[int, tuple[Matcher, str, bool]] = {}


def may_match_in_slice(rx: Matcher, text: str) -> bool:
    """False only when `rx` matches in no slice of `text` (a clause, a sentence, the words before a
    figure): one search of the whole text a document, then no search of each slice is needed. A
    pattern on RE2 or a word list reads no context (no anchors, lookarounds or \\b:
    checker.rules.re2_pattern), so a match in a slice is a match in the text; any other may read
    the slice's edges, and is always asked of the slice (True)."""
    if not isinstance(rx, (Re2Pattern, LiteralPattern)):
        return True
    seen = _IN_TEXT.get(id(rx))
    if seen is None or seen[0] is not rx or seen[1] is not text:
        seen = (rx, text, rx.search(text) is not None)
        _IN_TEXT[id(rx)] = seen
    return seen[2]
