"""The figure scanner: every number in the normalised text that is a metric, with its parts.

A figure is read left to right:

    [approx prefix] NUMBER [range-sep NUMBER] [余/多 (malformed)] [magnitude] [余/多] [unit] [以上/左右…]

and then filtered against what is not a metric (dates, ordinals, list markers, names and
slogans, model numbers, URLs), all of which are data in rules/units.yaml. Template blanks
(共发展党员名: a measure word where the number should be) are found by a second pass.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from checker.extract.firstchar import guarded
from checker.extract.numbers import (
    NUMERAL_RE,
    NotANumber,
    parse_arabic,
    parse_chinese,
    parse_percent_words,
    split_chinese_magnitude,
)
from checker.extract.units import Unit, UnitAlias, UnitLexicon, lexicon
from checker.lexicon import load_data_file


@dataclass(slots=True)
class Figure:
    """One figure of the normalised text; offsets are normalised-text offsets."""

    start: int
    end: int
    number: float | None
    magnitude: float = 1.0
    decimals: int = 0
    unit: Unit | None = None
    unit_text: str | None = None
    approx_marker: str | None = None
    approx_position: str | None = None  # before | inside | after
    bound: str | None = None  # ge | le
    range_high: float | None = None
    decimal_mark: str | None = None  # 、 or ， typed for a decimal point
    form: str = "arabic"  # arabic | chinese | words | blank
    number_start: int = -1  # where the numeral itself starts (after an approx prefix)

    @property
    def value(self) -> float | None:
        return None if self.number is None else exact(self.number * self.magnitude)

    @property
    def base_value(self) -> float | None:
        value = self.value
        if value is None or self.unit is None:
            return None
        return exact(value * self.unit.factor)


def exact(x: float) -> float:
    """5.1 × 1e8 is 509999999.99999994 in binary floating point: keep 12 significant digits."""
    if type(x) is float and x.is_integer() and -1e12 < x < 1e12:
        return x  # a whole number of at most 12 digits is its own 12-digit rounding (most figures)
    return float(f"{x:.12g}")


_START = attrgetter("start")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_ARABIC_START = frozenset("0123456789")
_RATIO_MARKS = ":：∶"
_YEAR_LEADS = frozenset(" 年")  # what _is_date reads a year before
_ENUMERATION_MARKS = frozenset("、，,")
_QUOTE_CHARS = frozenset("'\"“”‘’「」『』")
_ASCII_LETTER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_SUSPECT_BEFORE = _ASCII_LETTER | frozenset("+#")
_SUSPECT_AFTER = _ENUMERATION_MARKS | {"+"}
# List markers: 1. / 1、 at the start of a line or after a colon or semicolon (but 2.45亩 at the
# start of a line is a figure: a marker is followed by a non-digit or by a year, 1.2023年…).
# a list marker starts a line or follows a clause stop; 1、 also after a space and before a word (a scraped
# page run into one line: 各项目标任务 1、城乡最低生活保障), where no figure is followed by 、 and a word
_LIST_MARKER_LINE = guarded(r"(?m)(?:^[ \t\u3000]*|(?<=[：:；;。]))[0-9]{1,2}[.、](?=[^0-9]|[0-9]{4}年)"
                            r"|(?<=[ \u3000])[0-9]{1,2}、(?=[\u4e00-\u9fff])")
# what follows 、 or ， in a decimal typed wrong (3、19亿元): one or two digits and a magnitude
_MESSY_DECIMAL_TAIL = re.compile(r"[0-9]{1,2}(?:万|亿|千万|百万)")
_PAREN_MARKER = re.compile(r"[（(][0-9]{1,2}[）)]|(?<![0-9])[0-9]{1,2}[）)]")


def _paren_markers(text: str) -> list[tuple[int, int]]:
    """The spans of `_PAREN_MARKER.finditer(text)`, found from the closing parentheses.

    Every match ends at a closing parenthesis and holds no other one, and is at most four
    characters long: so the match ending at a closing parenthesis is the first match starting in
    the three characters before it (after the previous closing parenthesis), and a report with a
    few parentheses is searched at a few places instead of at every digit."""
    closers = sorted(i for ch in "）)" for i in _offsets(text, ch))
    spans: list[tuple[int, int]] = []
    after = 0  # just past the previous closing parenthesis
    for p in closers:
        for q in range(max(after, p - 3), p):
            m = _PAREN_MARKER.match(text, q)
            if m is not None:
                spans.append(m.span())
                break
        after = p + 1
    return spans


def _offsets(text: str, ch: str) -> list[int]:
    """Every offset of the character `ch` in `text` (str.find: C speed)."""
    out: list[int] = []
    i = text.find(ch)
    while i != -1:
        out.append(i)
        i = text.find(ch, i + 1)
    return out


@dataclass(frozen=True)
class NonMetricGrammar:
    spans: re.Pattern[str]
    date_after: re.Pattern[str]
    ordinal_before: tuple[str, ...]
    ordinal_before_re: re.Pattern[str]
    # characters an ordinal word can end with: the regex is tried only after one (or a newline,
    # which `$` also matches before)
    ordinal_last_chars: frozenset[str]
    ratio_before: re.Pattern[str]
    ratio_after: re.Pattern[str]
    chinese_not_before: tuple[str, ...]
    blank: re.Pattern[str] | None
    blank_not_words: tuple[str, ...]
    # what can follow a number for a messy decimal (3、19), a ratio (1:2) or a range (3至5) to be read
    marks_after_number: frozenset[str]


@lru_cache(maxsize=1)
def grammar() -> NonMetricGrammar:
    lex = lexicon()
    nm = lex.raw["non_metrics"]
    subj = load_data_file("subjects.yaml")
    spans = guarded("|".join(f"(?:{p})" for p in [*nm["spans"], *nm["slogans"]]))
    date_after = re.compile("|".join(f"(?:{p})" for p in nm["date_after"][1:]))  # 年 is checked in code
    blank_units = sorted(subj["blank_units"], key=len, reverse=True)
    before = sorted(subj["blank_before"], key=len, reverse=True)
    gap = int(subj["blank_max_gap"])
    blank = re.compile(
        "(?:" + "|".join(map(re.escape, before)) + ")"
        + rf"(?:(?![零〇一二两三四五六七八九十百千万亿余多])[\u4e00-\u9fff]){{0,{gap}}}?"
        + "(?P<u>" + "|".join(map(re.escape, blank_units)) + ")"
        + r"(?=[，。；、,;:：！？)）\n]|$)")
    return NonMetricGrammar(
        spans=spans,
        date_after=date_after,
        ordinal_before=tuple(sorted(nm["ordinal_before"], key=len, reverse=True)),
        ordinal_before_re=re.compile("(?:" + "|".join(map(re.escape, nm["ordinal_before"])) + ")$"),
        ordinal_last_chars=frozenset([*(str(w)[-1] for w in nm["ordinal_before"]), "\n"]),
        ratio_before=re.compile("(?:" + "|".join(map(re.escape, lex.raw["ratio"]["before"])) + ")"),
        ratio_after=re.compile(r"[:：∶][0-9]+(?:\.[0-9]+)?(?:" + "|".join(map(re.escape, lex.raw["ratio"]["after"]))
                               + ")"),
        chinese_not_before=tuple(nm["chinese_not_before"]),
        blank=blank,
        blank_not_words=tuple(subj["blank_not_words"]),
        marks_after_number=lex.messy_decimal_marks | lex.range_first_chars | frozenset(_RATIO_MARKS),
    )


class _Spans:
    """Sorted, non-overlapping [start, end) spans with O(log n) membership."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def covering(self, pos: int) -> tuple[int, int] | None:
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.ends[i]:
            return self.starts[i], self.ends[i]
        return None


def _parse_numeral(token: str) -> tuple[float, int, float, str]:
    """(number, decimals, magnitude from a Chinese numeral, form)."""
    if token.startswith("百分之"):
        value, decimals = parse_percent_words(token)
        return value, decimals, 1.0, "words"
    if token[0].isdigit():
        value, decimals = parse_arabic(token)
        return value, decimals, 1.0, "arabic"
    head, magnitude = split_chinese_magnitude(token)
    return parse_chinese(head), 0, magnitude, "chinese"


def _approx_prefix(text: str, start: int, lex: UnitLexicon) -> tuple[str, str | None] | None:
    m = lex.approx_prefix_re.search(text, max(0, start - 4), start)
    if m is None:
        return None
    word = m.group(0)
    return word, lex.approx_prefix_bound[word]


def _is_date(text: str, pos: int, number: float, decimals: int, token: str, gram: NonMetricGrammar) -> bool:
    """Is the number ending at `pos` a year, a month, a day or a time of day?"""
    if decimals:
        return False
    if text.startswith(" ", pos):  # 2021 年度 (a space from a PDF or a careless typist)
        pos += 1
    if text.startswith("年", pos) and (1900 <= number <= 2099 and len(token) == 4):
        return True
    if number > 31:
        return False
    m = gram.date_after.match(text, pos)
    if not m:
        return False
    word = m.group(0)
    if word[0] in "月底初":
        return 1 <= number <= 12
    return True


def scan(text: str) -> list[Figure]:
    """Every figure of `text` (normalised), in order."""
    lex = lexicon()
    gram = grammar()
    if lex.has_traditional(text):  # translate() costs more than looking (most reports have none)
        text = text.translate(lex.traditional)  # one for one: offsets are unchanged
    excluded = _Spans([m.span() for m in gram.spans.finditer(text)])
    markers = {m.start(): m.end() for m in _LIST_MARKER_LINE.finditer(text)}
    markers.update(_paren_markers(text))
    for s, e in list(markers.items()):
        # the digits of the marker start after its leading blanks or parenthesis
        i = s
        while i < e and not text[i].isdigit():
            i += 1
        markers[i] = e
    figures: list[Figure] = []
    skip_to = 0
    for m in NUMERAL_RE.finditer(text):
        s, e = m.span()
        if s < skip_to:
            continue
        fig = _read_figure(text, s, e, m.group(0), lex, gram, excluded, markers)
        if fig is not None:
            figures.append(fig)
            skip_to = fig.end
    taken = _Spans([(f.start, f.end) for f in figures])
    figures.extend(b for b in _blanks(text, gram, lex, excluded) if taken.covering(b.start) is None)
    figures.sort(key=_START)
    return figures


def _read_figure(text: str, s: int, e: int, token: str, lex: UnitLexicon, gram: NonMetricGrammar,
                 excluded: _Spans, markers: dict[int, int]) -> Figure | None:
    """The figure whose numeral `token` is text[s:e], or None where the numeral is no figure (a
    list marker, a label, a code, a date, an ordinal, a name). Read left to right, a step per part:
    the neighbours, the number, the marks right after it (a decimal typed as 、, a ratio, a range),
    the date test, magnitude and unit, excluded spans, approximation words, the bare-name test."""
    if s in markers:
        return None
    prev = text[s - 1] if s else "\n"  # never "": "" is `in` every string
    nxt = text[e: e + 1]  # "" at the end of the text
    if _not_a_figure_here(text, s, e, token, prev, nxt, lex, gram):
        return None
    parsed = _number_of(token)
    if parsed is None:
        return None
    number, decimals, magnitude, form = parsed
    # every field by position (half the cost of keywords): start, end, number, magnitude, decimals,
    # unit, unit_text, approx_marker, approx_position, bound, range_high, decimal_mark, form, number_start
    fig = Figure(s, e, number, magnitude, decimals, None, None, None, None, None, None, None, form, s)
    if form == "words":
        fig.unit = lex.units["%"]
        fig.unit_text = None
    pos = e
    # Only a mark right after the number opens the next three readings: nothing to do otherwise.
    if nxt in gram.marks_after_number:
        pos, token, is_ratio = _read_marks_after(fig, text, pos, token, number, decimals, prev, nxt, lex, gram)
        if is_ratio:
            return fig
    date_number = fig.range_high if fig.range_high is not None else number
    # (a number above 31 is a date only as a year: 2023年, 2023 年)
    if not fig.decimals and (date_number <= 31 or text[pos: pos + 1] in _YEAR_LEADS) and \
            _is_date(text, pos, date_number, fig.decimals, token, gram):
        return None
    pos = _read_magnitude_and_unit(fig, text, pos, form, lex)
    if fig.range_high is not None:
        fig.range_high *= fig.magnitude
    if _excluded(fig, text, s, e, form == "chinese", excluded, gram):
        return None
    fig.end = _read_approximation(fig, text, s, pos, prev, lex)
    if fig.unit is None and fig.magnitude == 1.0 and fig.approx_marker is None and form == "arabic" \
            and _names_something(text, fig.end, prev):
        return None
    return fig


def _not_a_figure_here(text: str, s: int, e: int, token: str, prev: str, nxt: str, lex: UnitLexicon,
                       gram: NonMetricGrammar) -> bool:
    """Whether the characters around the numeral text[s:e] already say it is no figure."""
    before_prev = text[s - 2] if s >= 2 else "\n"
    # Most figures sit between Chinese characters: the tests of the neighbours below can only
    # reject a figure with a letter, +, # before it, a digit two before, or +, 、, ， after it.
    if prev in _SUSPECT_BEFORE or nxt in _SUSPECT_AFTER or before_prev.isdigit():
        if prev in "Xx" and text[max(0, s - 2): s] in ("XX", "xx"):
            run = s - 2
            while run > 0 and text[run - 1] in "Xx":
                run -= 1
            if run > 0 and text[run - 1].isdigit():
                return True  # the tail of one masked number (20xx0头): no figure of its own
            # else a template placeholder glued to a figure (XXXXX98MW): the figure is still one
        elif prev in _ASCII_LETTER or prev in "+#" or nxt == "+":
            return True  # CCTV2, _Hlk151910649, 1+4 (names and codes)
        if prev == "\n" and before_prev.isdigit():
            j = s - 2
            while j > 0 and (text[j - 1].isdigit() or text[j - 1] == "."):
                j -= 1
            if j > 0 and "\u4e00" <= text[j - 1] <= "\u9fff":
                return True  # the tail of a number a hard wrap broke (总人口1⏎0485人): no figure
        if before_prev.isdigit() and (prev == "." or prev in lex.range_separators):
            return True  # 1.2.3 versions; the far end of a range already read (or a date range)
        if (prev in "、，," and before_prev.isdigit()) or (
                nxt in _ENUMERATION_MARKS and text[e + 1: e + 2].isdigit()
                and not _MESSY_DECIMAL_TAIL.match(text, e + 1)):
            return True  # 1、2、3组: an enumeration of labels, not figures
    if token[0] not in _ARABIC_START and not token.startswith("百分之") and \
            nxt not in lex.unit_first_chars and nxt not in "余多":
        return True  # fast path: a Chinese numeral is a figure only with a unit (三高四新, 一是)
    return prev in gram.ordinal_last_chars and gram.ordinal_before_re.search(text, max(0, s - 4), s) is not None


def _number_of(token: str) -> tuple[float, int, float, str] | None:
    """(number, decimals, magnitude, form) of a numeral, or None for one that is no number."""
    if token[0] in _ARABIC_START:  # most figures: no need to try the other forms first
        number, decimals = parse_arabic(token)
        return number, decimals, 1.0, "arabic"
    try:
        return _parse_numeral(token)
    except NotANumber:
        return None


def _read_marks_after(fig: Figure, text: str, pos: int, token: str, number: float, decimals: int, prev: str,
                      nxt: str, lex: UnitLexicon, gram: NonMetricGrammar) -> tuple[int, str, bool]:
    """A decimal point typed as 、 or ，, a ratio or a range right after the number, read into `fig`:
    (where reading goes on, the numeral last read, whether the figure is a ratio and complete)."""
    s, form = fig.start, fig.form
    # a decimal point typed as 、 or ， (3、19亿元)
    if form == "arabic" and decimals == 0 and nxt in lex.messy_decimal_marks \
            and not (prev in "、，," and s >= 2 and text[s - 2].isdigit()):
        mm = re.match(r"[0-9]{1,2}(?![0-9])", text[pos + 1: pos + 3])
        if mm and lex.magnitude(text, pos + 1 + mm.end()) and not text.startswith(
                ("个", "年", "月"), pos + 1 + mm.end()):
            frac = mm.group(0)
            fig.decimal_mark = text[pos]
            fig.number = float(f"{token}.{frac}")
            fig.decimals = len(frac)
            pos = pos + 1 + len(frac)
    # a ratio: 按1:1比例, 配比为3∶2 (read before dates, or 1:10 would look like a time of day)
    if form == "arabic" and text[pos: pos + 1] in _RATIO_MARKS and (
            gram.ratio_before.search(text, max(0, s - 8), s) or gram.ratio_after.match(text, pos)):
        m2 = _PLAIN_NUMBER.match(text, pos + 1)
        if m2 and float(m2.group(0)) > 0:
            fig.number = exact(number / float(m2.group(0)))
            fig.decimals = max(decimals, len(m2.group(0).partition(".")[2]))
            fig.unit, fig.unit_text = lex.units["比"], text[pos]
            fig.form = "ratio"
            fig.end = m2.end()
            return pos, token, True
    # a range: 3至5个, 10—20亩
    for sep in lex.range_separators if text[pos: pos + 1] in lex.range_first_chars else ():
        if text.startswith(sep, pos):
            m2 = NUMERAL_RE.match(text, pos + len(sep))
            if m2 and (m2.group(0)[0].isdigit()) == (form == "arabic"):
                try:
                    high, hdec, hmag, _ = _parse_numeral(m2.group(0))
                except NotANumber:
                    break
                fig.range_high = high * hmag
                fig.decimals = max(fig.decimals, hdec)
                pos = m2.end()
                token = m2.group(0)
            break
    return pos, token, False


def _read_magnitude_and_unit(fig: Figure, text: str, pos: int, form: str, lex: UnitLexicon) -> int:
    """The magnitude (万, 亿 …), an approximation word inside the figure (1.7余万) and the unit
    after the number at `pos`, read into `fig`; returns where reading goes on."""
    chinese = form == "chinese"
    # 1.7余万: the marker belongs after the magnitude
    for word in lex.approx_middle if text[pos: pos + 1] in lex.approx_middle_first_chars else ():
        if text.startswith(word, pos) and lex.magnitude(text, pos + len(word)) and form == "arabic":
            fig.approx_marker, fig.approx_position = word, "inside"
            pos += len(word)
            break
    if form == "arabic" and text.startswith(("\n", " "), pos) and (
            lex.magnitude(text, pos + 1) or lex.match(text, pos + 1)) and not text.startswith(("\n", " "), pos + 1):
        # 7860\n亩: a hard wrap (PDF) between the number and its unit that was not joined;
        # 2.33 万吨: PDF text puts a space between the number and its magnitude or unit
        pos += 1
    unit_here: UnitAlias | None = None
    unit_pos = -1  # where unit_here was looked up (an Arabic figure's unit is read there again)
    if form == "arabic" and fig.magnitude == 1.0:
        unit_here, unit_pos = lex.match(text, pos), pos
        mag = None if unit_here and not text.startswith(("万", "亿", "百万", "千万"), pos) else lex.magnitude(text, pos)
        if mag:
            fig.magnitude = mag[1]
            pos += len(mag[0])
    if fig.approx_marker is None and text[pos: pos + 1] in lex.approx_middle_first_chars:
        for word in lex.approx_middle:
            if text.startswith(word, pos):
                fig.approx_marker, fig.approx_position = word, "after"
                pos += len(word)
                break
    if fig.unit is None:
        alias = unit_here if pos == unit_pos and not chinese else lex.match(text, pos, chinese=chinese)
        if alias is None and text.startswith(" ", pos) and not chinese:
            alias = lex.match(text, pos + 1)  # 77.8 %, 7860 亩: a stray space before the unit
            if alias is not None:
                pos += 1
        if alias is not None:
            fig.unit, fig.unit_text = alias.unit, alias.text
            pos += len(alias.text)
    return pos


def _excluded(fig: Figure, text: str, s: int, e: int, chinese: bool, excluded: _Spans,
              gram: NonMetricGrammar) -> bool:
    """Whether the figure lies in a span that holds no metrics (a quoted figure with a unit still
    counts), or is a Chinese numeral without a unit or before a word that makes it no figure."""
    span = excluded.covering(s)
    if chinese:
        return fig.unit is None or span is not None or any(text.startswith(word, e) for word in gram.chinese_not_before)
    if span is not None:
        quoted = text[span[0]] in "“「\""
        return not (quoted and fig.unit is not None)
    return False


def _read_approximation(fig: Figure, text: str, s: int, pos: int, prev: str, lex: UnitLexicon) -> int:
    """Approximation words after the figure (余, 以上 …) and before it (约, 近 …), read into `fig`
    (a word before moves its start); returns the figure's end."""
    for word, bound in lex.approx_suffix if text[pos: pos + 1] in lex.approx_suffix_first_chars else ():
        if text.startswith(word, pos):
            if fig.approx_marker is None:
                fig.approx_marker, fig.approx_position = word, "after"
            else:
                fig.approx_marker += word
            fig.bound = bound
            pos += len(word)
            break
    pre = _approx_prefix(text, s, lex) if prev in lex.approx_prefix_last_chars else None
    if pre is not None:
        word, bound = pre
        fig.start = s - len(word)
        fig.approx_marker = word + (fig.approx_marker or "")
        fig.approx_position = "before" if fig.approx_position is None else fig.approx_position
        fig.bound = fig.bound or bound
    return pos


def _names_something(text: str, end: int, prev: str) -> bool:
    """Whether a bare number (no unit, magnitude or approximation) ending at `end` is a name: glued
    to letters or words (5G, CCTV2台, 关键词2通过), or in quotes ('1222“工作布局)."""
    nxt = text[end] if end < len(text) else ""
    return nxt in _ASCII_LETTER or bool(nxt and _CJK.match(nxt)) or nxt in _QUOTE_CHARS or prev in _QUOTE_CHARS


def _blanks(text: str, gram: NonMetricGrammar, lex: UnitLexicon, excluded: _Spans) -> list[Figure]:
    out: list[Figure] = []
    if gram.blank is None:
        return out
    for m in gram.blank.finditer(text):
        us, ue = m.span("u")
        word = m.group("u")
        if any(text.startswith(w, ue - len(w)) for w in gram.blank_not_words):
            continue
        if excluded.covering(us) or text[us - 1: us].isdigit():
            continue
        magnitude = 1.0
        unit_text = word
        mag = lex.magnitude(word, 0)
        if mag and len(word) > len(mag[0]):
            magnitude, unit_text = mag[1], word[len(mag[0]):]
        alias = lex.match(unit_text, 0)
        out.append(Figure(start=us, end=ue, number=None, magnitude=magnitude, decimals=0,
                          unit=alias.unit if alias else None, unit_text=unit_text, form="blank",
                          number_start=us))
    return out
