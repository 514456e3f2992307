"""Rule kinds that skip work for speed (candidate offsets, stricter look-aheads) find what the plain
scan they replace finds."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.rules.kinds.pattern import compile_pattern
from checker.rules.loader import load_rules

RULE = next(r for r in load_rules() if r.kind == "doubled-word")
OCR = next(r for r in load_rules() if r.kind == "ocr-digits")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="共计发放补贴学习贯彻一是的了\n，2", max_size=60))
def test_candidates_find_every_match_a_plain_scan_finds(text: str) -> None:
    plain = [m.span() for m in RULE._pattern.finditer(text)]
    assert [m.span() for m in RULE._matches(text)] == plain


JOINED = next(r for r in load_rules() if r.id == "artifact.doubled-coordinate")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="主动性积极和与及之间部门\n，2", max_size=60))
def test_joined_candidates_find_every_match_a_plain_scan_finds(text: str) -> None:
    plain = [m.span() for m in JOINED._pattern.finditer(text)]
    assert [m.span() for m in JOINED._matches(text)] == plain


def test_candidates_are_few() -> None:
    text = "全年共计共计发放补贴120万元，认真学习学习贯彻。" * 3
    assert RULE._candidates(text) == [2, 18, 27, 43, 52, 68]  # the six doubled words, nothing else
    assert [m.start() for m in RULE._matches(text)] == [2, 18, 27, 43, 52, 68]


def _ocr_plain(text: str) -> list[tuple[int, int]]:
    """What ocr-digits found before its look-ahead: every figure before a unit, then `_misread`."""
    cls = "0-9" + "".join(regex.escape(c) for c in OCR.confusables)
    rx = compile_pattern(rf"(?<![A-Za-z0-9.])[{cls}]+(?:\.[{cls}]+)?(?![A-Za-z0-9])(?=\s?(?:{OCR.units}))")
    return [m.span() for m in rx.finditer(text) if OCR._misread(m.group(0))]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123OoIlx. 年万个元\n", max_size=40))
def test_ocr_lookahead_keeps_every_misread_figure(text: str) -> None:
    found = [m.span() for m in OCR._pattern.finditer(text) if OCR._misread(m.group(0))]
    assert found == _ocr_plain(text)


REMAINDER = next(r for r in load_rules() if r.kind == "remainder-count")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="全镇23个村，其中2个村其余19个村剩余下1家企业。除A村和B社区外\n", max_size=80))
def test_remainder_sentences_without_its_words_are_skipped_with_the_same_findings(text: str) -> None:
    from unittest import mock

    from checker.context import DocumentContext
    from checker.document import Document
    from checker.rules.kinds import remainder_count

    ctx = DocumentContext(Document.from_text(text, path="t.txt"))
    fast = [(f.line, f.column, f.message) for f in REMAINDER.check(ctx)]
    with mock.patch.object(remainder_count, "_word_starts", return_value=None):
        plain = [(f.line, f.column, f.message) for f in REMAINDER.check(ctx)]
    assert fast == plain


YEAR_SPAN = {r.span_check: r for r in load_rules() if r.kind == "year-span"}


def _comparison_plain(text: str) -> list[tuple[int, int]]:
    """What year-span's comparison check found sentence by sentence, before its one scan."""
    from checker.rules.kinds import year_span as ys
    from checker.rules.kinds.place_name import title_span

    rule = YEAR_SPAN["comparison"]
    latest = rule._title_year(text)
    if latest is None:
        return []
    _, tend = title_span(text, rule.title_lines, rule.title_words)
    found = []
    for sent in ys._SENTENCE.finditer(text, tend):
        years = [int(y) for y in ys._ANY_YEAR.findall(sent.group(0))]
        for m in ys._COMPARISON.finditer(sent.group(0)):
            base = int(m["base"])
            if base > latest and all(base >= y for y in years):
                found.append((sent.start() + m.start("base"), base))
    return found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["2021年", "2023年", "2020", "比", "较", "同比", "与", "相比", "增长", "下降", "同期",
                                 "。", "；", "\n", "，", "全镇", "工作总结", "报告"]), max_size=30))
def test_year_span_comparisons_found_in_one_scan_as_sentence_by_sentence(parts: list[str]) -> None:
    from checker.context import DocumentContext
    from checker.document import Document

    text = "2021年工作总结\n" + "".join(parts)
    ctx = DocumentContext(Document.from_text(text, path="t.txt"))
    fast = [(f.evidence["summary"], f.column, f.line) for f in YEAR_SPAN["comparison"].check(ctx)]
    assert len(fast) == len(_comparison_plain(ctx.text))
    assert [int(f.text[:4]) for f in YEAR_SPAN["comparison"].check(ctx)] == [b for _, b in _comparison_plain(ctx.text)]
    assert [ctx.finding(YEAR_SPAN["comparison"], s, s + 5).column for s, _ in _comparison_plain(ctx.text)] \
        == [c for _, c, _ in fast]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="3十二个项家大批、，x", max_size=30), st.integers(0, 32), st.integers(0, 32),
       st.sampled_from(["个|项|家|所|座|处|条|类|种|支|大", "个", "项目|个|个项"]))
def test_list_count_counts_found_in_a_stretch_as_the_count_pattern_finds_them(text: str, lo: int, hi: int,
                                                                             words: str) -> None:
    from checker.rules.figures import compiled_v1
    from checker.rules.kinds.list_count import _COUNT_LEAD, _count_spans

    counts = _count_spans(text, words)
    assert counts is not None
    assert counts.within(lo, hi) == (compiled_v1(rf"{_COUNT_LEAD}(?:{words})").search(text, lo, hi) is not None)

SCRIPT_MIX = next(r for r in load_rules() if r.kind == "script-mix")
# simplified-only (并 发 产 这), traditional-only (並 發 產 這), both scripts' shared characters, marks
MIXED = "并发产这並發產這展量粮食，。\n a1"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=MIXED, max_size=60), st.integers(0, 4))
def test_script_classes_on_re2_find_what_regex_finds(text: str, count: int) -> None:
    from checker.rules.kinds.script_mix import (
        simplified_only_characters,
        traditional_at_least,
        traditional_only_characters,
    )

    chars = sorted(simplified_only_characters() - set(SCRIPT_MIX.ignore))
    plain = compile_pattern("[" + "".join(regex.escape(c) for c in chars) + "]+")
    assert [m.span() for m in SCRIPT_MIX._pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]
    traditional = sum(c in traditional_only_characters() for c in text)
    assert traditional_at_least(text, count) == (traditional >= count)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123OoIlx. 年万个元\n", max_size=40))
def test_ocr_prefilter_rejects_only_texts_without_a_misread_figure(text: str) -> None:
    assert OCR._prefilter is not None
    if not OCR._prefilter.admits(text):
        assert list(OCR._pattern.finditer(text)) == []


def test_han_ranges_hold_every_han_character() -> None:
    """doubled-word's candidate finder reads Chinese characters through HAN_RANGES: no character of
    the Han script (as `regex` knows it) may fall outside, or a doubled word starting with it would
    be missed."""
    from checker.rules.kinds.pattern import HAN_RANGES

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    han = regex.findall(r"\p{Han}", every)
    assert han and not regex.search(f"[^{HAN_RANGES}]", "".join(han))


_HEADING_PIECE = st.sampled_from(["一、", "十二．", "（三）", "(四)", "1.", "12、", "２、", " ", "\t", "\u3000", "\n",
                                  "主要目标", "，", ";", "工作计划", "x", "\r", "\u2028"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_HEADING_PIECE, max_size=30).map("".join))
def test_headings_on_re2_are_the_inline_flag_pattern_on_regex(text: str) -> None:
    """restatement finds numbered headings with HEADING compiled in multi-line mode (on RE2): the
    same matches as the pattern with an inline (?m) on `regex`, which it replaced."""
    from checker.rules.kinds.restatement import HEADING, _headings

    plain = regex.compile("(?m)" + HEADING)
    assert [(m.span(), m.group(0)) for m in _headings().finditer(text)] == \
        [(m.span(), m.group(0)) for m in plain.finditer(text)]


SUM = next(r for r in load_rules() if r.kind == "sum-check")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=6), st.text(alphabet="双重复交叉既是同时享受为户人，。\n", max_size=40))
def test_overlap_words_decided_on_the_whole_text_as_on_each_clause(cuts: list[int], text: str) -> None:
    """A text without an overlap word has no clause with one: the parts kept are those the plain
    per-clause search keeps."""
    clauses = [text[a:b] for a, b in zip(sorted(cuts), sorted(cuts)[1:], strict=False)]
    parts = [{"clause": c, "subject": None} for c in clauses]
    overlap = regex.compile(SUM.overlap_words)
    plain = [p for p in parts if not overlap.search(p["clause"])]
    assert SUM._one_cut(parts, {"subject": None}, text) == plain


_SLICE_PATTERNS = [r"全国|全省|全市", r"全县|我县", r"双重|同时(?:享受|为)", r"总?面积", r"\d+亩", r"^全县",
                   r"(?<!全)县", r"县$", r"(?:县|市)?", r"\b县"]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(_SLICE_PATTERNS), st.text(alphabet="全国省市县我双重同时享受为总面积12亩\n ", max_size=30),
       st.integers(0, 30), st.integers(0, 30))
def test_a_pattern_the_whole_text_lacks_matches_in_no_slice(pattern: str, text: str, a: int, b: int) -> None:
    """`may_match_in_slice` says False only when the pattern has no match in the slice either."""
    from checker.rules.figures import compiled_v1, may_match_in_slice

    rx = compiled_v1(pattern)
    piece = text[min(a, b):max(a, b)]
    if not may_match_in_slice(rx, text):
        assert rx.search(piece) is None
        assert regex.search(pattern, piece, regex.VERSION1) is None
