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
