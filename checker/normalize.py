"""Normalisation: the copy of a report that rules and the extractor read.

Traditional script -> simplified (OpenCC's t2s, see `checker.simplify`), full-width digits/letters/％/／ -> half-width,
CRLF -> LF, invisible characters (zero-width space, soft hyphen …) dropped, the spaces of a number
grouped by thousands (1 098.8万公顷) dropped, leaked pinyin annotations (萬(wàn)戶) dropped, and
hard-wrapped PDF passages joined into one line.
Every change is one-for-one or a deletion, recorded in a `SourceMap`, so any span found in the
copy maps back to the exact characters of the original file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.simplify import to_simplified
from checker.sourcemap import SourceMap, split_lines

# Full-width forms that change how a figure reads; full-width CJK punctuation (，。：；（）)
# is the language itself and is left alone.
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({"％": "%", "／": "/", "．": ".", "＋": "+", "－": "-", "＝": "=", "＜": "<", "＞": ">",
                   "～": "~", "＃": "#", "＊": "*", "＿": "_", "＆": "&", "＠": "@"})
_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH)
# `str.translate` looks every character up in the table, one by one; most lines of a report hold
# no full-width character at all, and one regex scan says so at C speed.
_FULLWIDTH_RX = re.compile("[" + re.escape("".join(_FULLWIDTH)) + "]")

# Characters that only traditional script uses and that every administrative text is full of.
_TRADITIONAL_MARKERS = frozenset(
    "與個們這來時會為說國發經對過區縣鎮黨鄉學實現開關體產業總務農計劃進運動當從還應點"
    "設員機構選擇領導範圍際歲醫療衛護環態標準條項資財稅費額収買賣傳統織組幹礎築設")


_TRADITIONAL_RX = re.compile("[" + "".join(sorted(_TRADITIONAL_MARKERS)) + "]")

# Characters that take no room on the page: zero-width space, non-joiner and joiner, the
# direction marks, word joiner and invisible operators, a BOM inside the text, soft hyphen,
# Mongolian vowel separator. Pasted from web pages and PDFs they split a figure the reader sees
# whole ("36\u200b4万元" is 364万元) and hide a placeholder ("X\ufeffX村"), so the copy rules read
# drops them (deletions in the source map: positions stay exact); `artifact.invisible-character`
# (rules/invisible.yaml) reports them on the original text.
INVISIBLE = "\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff"
_INVISIBLE_RX = re.compile(f"[{INVISIBLE}]+")


# A number written with its thousands set apart by single spaces, as statistical yearbooks print
# them (播种面积1 098.8万公顷, 认证个数1 500个): one number to its reader. The groups are joined only
# when a decimal part, a magnitude or a word follows, so two columns of a table row (120 350) and
# a phone number stay apart; the spaces are deletions in the source map, like invisible characters.
_GROUPED_NUMBER_RX = re.compile(r"(?<![0-9.])[0-9]{1,3}(?: [0-9]{3})+(?=\.[0-9]|[万亿\u4e00-\u9fff])")
_GROUP_SPACE_HINT = re.compile(r"[0-9] [0-9]{3}")


# A ruby (phonetic guide) annotation leaked after a character, as copied from pages that annotate
# every character (萬(wàn)戶, 鎮(zhèn)區(qū)): pinyin with a tone mark in brackets right after a Han
# character. It splits a figure from its unit (11760萬(wàn)戶 is 11760万户 to its reader) and a word
# in two, so the copy drops it (deletions, like invisible characters); `artifact.ruby-pinyin`
# (rules/artifact.yaml, the same shape) reports it on the original text.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = f"[a-z{_TONED}ü]{{1,7}}"
_RUBY_RX = re.compile(rf"(?<=[\u3400-\u9fff\uf900-\ufaff])[(（]\s*(?=[a-zü ]*[{_TONED}]){_SYLLABLE}"
                      rf"(?:\s+{_SYLLABLE}){{0,3}}\s*[)）]")
_RUBY_HINT = re.compile(rf"[(（]\s*[a-zü]*[{_TONED}]")


def _deletions(line: str, invisible: bool, grouped: bool, ruby: bool = False) -> list[tuple[int, int]]:
    """The spans of `line` the copy drops, sorted: invisible characters, the spaces of grouped digits
    and leaked pinyin annotations (disjoint: an annotation holds neither a space of digits nor an
    invisible character, which is no letter and no white space)."""
    spans = [m.span() for m in _INVISIBLE_RX.finditer(line)] if invisible else []
    if grouped:
        for m in _GROUPED_NUMBER_RX.finditer(line):
            spans.extend((i, i + 1) for i in range(m.start(), m.end()) if line[i] == " ")
    if ruby:
        spans.extend(m.span() for m in _RUBY_RX.finditer(line))
    return sorted(spans)


def _without_spans(line: str, spans: list[tuple[int, int]], smap: SourceMap) -> str:
    """`line` without the sorted, disjoint `spans`, recording kept runs and deletions in `smap`."""
    kept: list[str] = []
    pos = 0
    for start, end in spans:
        kept.append(line[pos:start])
        smap.add(start - pos, start - pos)
        smap.add(end - start, 0)
        pos = end
    kept.append(line[pos:])
    smap.add(len(line) - pos, len(line) - pos)
    return "".join(kept)


def looks_traditional(text: str, sample: int = 6000) -> bool:
    return len(_TRADITIONAL_RX.findall(text, 0, sample)) >= 5


@dataclass
class WrappedPassage:
    """Original lines [first_line, last_line] (1-based) joined into one because of hard wraps."""

    first_line: int
    last_line: int
    start: int  # normalised offset of the passage
    end: int


@dataclass
class NormalizedText:
    text: str
    smap: SourceMap
    traditional: bool = False
    wrapped: list[WrappedPassage] = field(default_factory=list)


_SENTENCE_END = "。！？；：…”」』!?;:"
# "1." / "2、" open a numbered heading; "31.88 亿元" at the start of a wrapped line does not. A 、 is
# never a decimal point: "1、2022年度…收入表" is a numbered item whatever follows its mark.
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:、|[.．](?!\d)))")
# A cell of a scraped HTML table, one per line with its separator ("行政单位 |", "10 |"): a table's
# rows, not a wrapped sentence (a lone "|" is a page's separator, furniture of its own).
_TABLE_CELL = re.compile(r"^\s*[^|｜\s][^|｜]*[|｜]+\s*$")


# A line that ends with a page number (a viewer's thumbnail caption "…_第3页", a footer "第3页 共8页")
# marks where a page ends: it is no fragment of a wrapped sentence, and the rule that reports page
# markers reads it on its own line, so no wrapped run takes it in.
_PAGE_MARK_LINE = re.compile(r"^.*第\s*\d{1,3}\s*[页頁](?:\s*[,，/]?\s*共\s*\d{1,3}\s*[页頁])?\s*$")


def _short_run_lines(lines: list[str], max_len: int, min_run: int) -> list[tuple[int, int]]:
    """Runs (first, last) of consecutive non-empty lines holding >= min_run lines of <= max_len
    characters. A line of up to 3 * max_len characters between two such lines is a wrapped
    fragment too ("2023" / "年政府工作报告" / "各位代表:") and belongs to the run without counting."""
    stripped = [line.strip() for line in lines]
    short = [0 < len(s) <= max_len and not _HEADING.match(s) and not _PAGE_MARK_LINE.match(s)
             and not _TABLE_CELL.match(s) for s in stripped]
    member = list(short)
    for i in range(1, len(lines) - 1):
        s = stripped[i]
        if (not short[i] and short[i - 1] and short[i + 1] and 0 < len(s) <= 3 * max_len and not _HEADING.match(s)
                and not _PAGE_MARK_LINE.match(s) and not _TABLE_CELL.match(s)):
            member[i] = True
    runs: list[tuple[int, int]] = []
    start = None
    count = 0
    for i, is_member in enumerate([*member, False]):
        if is_member:
            if start is None:
                start, count = i, 0
            count += short[i]
        elif start is not None:
            if count >= min_run:
                runs.append((start, i - 1))
            start = None
    return runs


# (Curly quotes, the em dash and the ellipsis are set full width in Chinese type.)
_WIDE = re.compile("[\u2e80-\ufaff\uff00-\uff60\u2018\u2019\u201c\u201d\u2014\u2026]")
# ASCII punctuation standing for the full-width marks of Chinese prose (a copy that turned ，into ,):
# on the page the line was laid out with the full-width mark, two columns wide.
_ASCII_CJK_PUNCT = re.compile(r"(?<=[\u2e80-\ufaff\u201c\u201d])[,;:!?]|[,;:!?](?=[\u2e80-\ufaff\u201c\u201d])")


def _display_width(line: str) -> int:
    """Columns a line fills on a page: CJK and full-width characters take two, others one (ASCII
    punctuation next to a CJK character counts as the full-width mark it stands for)."""
    return len(line) + len(_WIDE.findall(line)) + len(_ASCII_CJK_PUNCT.findall(line))


# A PDF page wrapped at a fixed width: many consecutive lines that fill (nearly) the same width and
# stop mid-sentence ("…镇党委的" / "坚强领导下…"). Real paragraphs end in 。！？, and headings and
# signatures vary in width, so they do not form such runs.
FIXED_WRAP_MIN_WIDTH = 30
FIXED_WRAP_TOLERANCE = 7
FIXED_WRAP_MIN_RUN = 4
_MID_SENTENCE_END = "。！？…!?"


def _fixed_width_runs(lines: list[str]) -> list[tuple[int, int]]:
    """Runs (first, last) of >= FIXED_WRAP_MIN_RUN lines of nearly equal width, none ending a sentence."""
    # Widths only of the lines that can be in a run (a paragraph's line ends a sentence): each is
    # a scan of the line, and most of a report's text is in lines that end in 。
    widths: list[int] = [0] * len(lines)
    runs: list[tuple[int, int]] = []
    start = None
    for i in range(len(lines) + 1):
        s = lines[i].strip() if i < len(lines) else ""
        fits = (
            i < len(lines)
            and 2 * len(s) >= FIXED_WRAP_MIN_WIDTH  # a character is at most two columns wide
            and not s.endswith(tuple(_MID_SENTENCE_END))
            and not _HEADING.match(s)
            and not _PAGE_MARK_LINE.match(s)
            and not s.endswith(("|", "｜"))  # a row of a scraped table ends on its cell separator
        )
        if fits:
            widths[i] = _display_width(s)
            fits = widths[i] >= FIXED_WRAP_MIN_WIDTH
        if fits and start is not None:
            band = widths[start : i + 1]
            fits = max(band) - min(band) <= FIXED_WRAP_TOLERANCE
            if not fits:
                # the line may start a run of its own width
                if i - start >= FIXED_WRAP_MIN_RUN:
                    runs.append((start, i - 1))
                start = i
                continue
        if fits and start is None:
            start = i
        elif not fits and start is not None:
            if i - start >= FIXED_WRAP_MIN_RUN:
                runs.append((start, i - 1))
            start = None
    return [run for run in runs if not _is_item_list(lines, run)]


_ITEM_END = "；;"


def _is_item_list(lines: list[str], run: tuple[int, int]) -> bool:
    """Lines that all end in a semicolon are the items of a list (GDP…增长15.1%； / 固定资产投资…；),
    each one whole: a page wrapped at a fixed width breaks at any character, not at every ；."""
    first, last = run
    return all(lines[i].rstrip().endswith(tuple(_ITEM_END)) for i in range(first, last + 1))


def _merge_runs(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching runs become one passage (reported once, joined once)."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(runs):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def normalize(text: str, *, join_wraps: bool = True, wrap_max_len: int = 6, wrap_min_run: int = 4) -> NormalizedText:
    traditional = looks_traditional(text)
    # Lines without their breaks; a CRLF becomes LF (the CR deleted, kept in the map), a lone CR
    # becomes LF one for one, so rules see one kind of line end whatever the file used.
    lines, breaks = split_lines(text)
    invisible = _INVISIBLE_RX.search(text) is not None  # one scan; most reports hold none
    grouped = _GROUP_SPACE_HINT.search(text) is not None
    ruby = _RUBY_HINT.search(text) is not None
    runs = (_merge_runs(_short_run_lines(lines, wrap_max_len, wrap_min_run) + _fixed_width_runs(lines))
            if join_wraps else [])
    # A joined run also swallows the break before the line that follows it when that line
    # continues the sentence (PDF wraps split "7860\n亩" as readily as "XX\n镇").
    join_after: set[int] = set()
    for first, last in runs:
        join_after.update(range(first, last))
        following = lines[last + 1] if last + 1 < len(lines) else ""
        if following.strip() and not lines[last].rstrip().endswith(tuple(_SENTENCE_END)) and not _HEADING.match(
                following) and not _PAGE_MARK_LINE.match(following):
            join_after.add(last)

    smap = SourceMap()
    parts: list[str] = []
    wrapped: list[WrappedPassage] = []
    run_starts = {first: last for first, last in runs}
    norm_pos = 0
    open_run: tuple[int, int, int] | None = None  # (first_line, last_line, norm_start)
    for i, (line, brk) in enumerate(zip(lines, breaks, strict=True)):
        if i in run_starts:
            last = run_starts[i] + (1 if run_starts[i] in join_after else 0)
            open_run = (i, last, norm_pos)
        conv = line.translate(_FULLWIDTH_TABLE) if _FULLWIDTH_RX.search(line) else line
        if traditional:
            conv = to_simplified(conv)
        spans = _deletions(conv, invisible, grouped, ruby) \
            if (invisible or grouped or ruby) and len(conv) == len(line) else []
        if spans:
            conv = _without_spans(conv, spans, smap)
        else:
            smap.add(len(line), len(conv))
        parts.append(conv)
        norm_pos += len(conv)
        if brk:
            if i in join_after:
                smap.add(len(brk), 0)  # the hard-wrap line break disappears from the copy
            else:
                if brk == "\r\n":
                    smap.add(1, 0)
                parts.append("\n")
                smap.add(1, 1)
                norm_pos += 1
        if open_run is not None and i == open_run[1]:
            wrapped.append(WrappedPassage(open_run[0] + 1, open_run[1] + 1, open_run[2], norm_pos))
            open_run = None
    return NormalizedText(text="".join(parts), smap=smap, traditional=traditional, wrapped=wrapped)
