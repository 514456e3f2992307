"""SourceMap (normalised offsets -> original offsets) and LineIndex (offsets -> line/column)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.sourcemap import LineIndex, SourceMap, split_lines


def test_identity_map():
    sm = SourceMap.identity(5)
    assert [sm.to_orig(i) for i in range(5)] == [0, 1, 2, 3, 4]
    assert sm.span(1, 3) == (1, 3)
    assert sm.span(5, 5) == (5, 5)


def test_deletions_are_skipped_and_spans_across_them_cover_them():
    # "ab\r\ncd" -> "ab\ncd": the CR is deleted, the LF kept one for one.
    sm = SourceMap()
    for orig_len, norm_len in [(2, 2), (1, 0), (1, 1), (2, 2)]:
        sm.add(orig_len, norm_len)
    assert (sm.orig_length, sm.norm_length) == (6, 5)
    assert [sm.to_orig(i) for i in range(5)] == [0, 1, 3, 4, 5]
    assert sm.span(1, 4) == (1, 5)  # "b\nc" -> "b\r\nc"
    assert sm.span(0, 2) == (0, 2)  # a span ending before a deletion does not swallow it


def test_a_run_replaced_by_a_shorter_run_maps_to_the_whole_run():
    sm = SourceMap()
    sm.add(3, 3)
    sm.add(4, 1)  # e.g. a future "1 2 3 4" -> "1"
    sm.add(2, 2)
    assert sm.span(3, 4) == (3, 7)
    assert sm.span(2, 5) == (2, 8)


@st.composite
def pieces(draw) -> list[tuple[int, int]]:
    """Edit pieces as normalisation makes them: one for one, deletions, and runs for runs."""
    kinds = st.one_of(
        st.integers(1, 6).map(lambda n: (n, n)),
        st.integers(1, 3).map(lambda n: (n, 0)),
        st.tuples(st.integers(1, 4), st.integers(1, 4)),
    )
    return draw(st.lists(kinds, max_size=30))


@settings(max_examples=150, deadline=None)
@given(pieces())
def test_random_maps_are_monotonic_and_cover_the_original(parts):
    sm = SourceMap()
    # A naive model: each normalised character's original piece [ostart, oend).
    owner: list[tuple[int, int, bool]] = []  # (ostart, oend, one_for_one)
    o = 0
    for orig_len, norm_len in parts:
        sm.add(orig_len, norm_len)
        for k in range(norm_len):
            if orig_len == norm_len:
                owner.append((o + k, o + k + 1, True))
            else:
                owner.append((o, o + orig_len, False))
        o += orig_len
    assert (sm.orig_length, sm.norm_length) == (o, len(owner))
    starts = [sm.to_orig(i) for i in range(len(owner))]
    assert starts == sorted(starts)
    for i, (ostart, oend, one) in enumerate(owner):
        assert ostart <= starts[i] < oend
        if one:
            assert sm.span(i, i + 1) == (ostart, oend)
    n = len(owner)
    for s in range(n + 1):
        for e in {*range(s, min(s + 4, n + 1)), n}:
            os_, oe = sm.span(s, e)
            assert 0 <= os_ <= oe <= sm.orig_length
            if e > s:
                # from the first character's origin to the end of the last one's
                assert (os_, oe) == (starts[s], owner[e - 1][1])


# --- LineIndex -------------------------------------------------------------------------------


def test_line_index_counts_lf_crlf_and_lone_cr_as_editors_do():
    text = "一\r\n二\r三\n\n四"
    idx = LineIndex(text)
    assert idx.line_count == 5
    assert [idx.line_text(n) for n in range(1, 6)] == ["一", "二", "三", "", "四"]
    assert idx.position(text.index("三")) == (3, 1)
    assert idx.position(text.index("四")) == (5, 1)
    assert idx.position(len(text)) == (5, 2)
    # the CR of a CRLF is the break, not the line: it sits one past the line's last column
    assert idx.position(1) == (1, 2)


def test_line_text_is_shared_between_findings_on_one_line():
    idx = LineIndex("短行\n" + "长" * 50_000 + "\n尾")
    assert idx.line_text(2) is idx.line_text(2)
    assert len(idx.line_text(2)) == 50_000 and idx.line_text(3) == "尾" and idx.line_text(1) == "短行"


LINE_BREAK = re.compile(r"\r\n|\r|\n")
line_text = st.text(alphabet=st.sampled_from("ab镇１\r\n\t "), max_size=40)


@settings(max_examples=200, deadline=None)
@given(line_text)
def test_line_index_agrees_with_a_plain_split(text):
    lines = LINE_BREAK.split(text)
    idx = LineIndex(text)
    assert idx.line_count == len(lines)
    assert [idx.line_text(n) for n in range(1, len(lines) + 1)] == lines
    assert split_lines(text)[0] == lines
    assert "".join(a + b for a, b in zip(*split_lines(text), strict=True)) == text
    offset = 0
    for n, (line, brk) in enumerate(zip(*split_lines(text), strict=True), 1):
        for col in range(1, len(line) + 2):
            assert idx.position(offset + col - 1) == (n, col)
        offset += len(line) + len(brk)


@settings(max_examples=150, deadline=None)
@given(pieces())
def test_to_norm_inverts_to_orig_and_is_monotonic(parts):
    # what the HTML and PDF readers use to turn a source position back into a text offset
    sm = SourceMap()
    for orig_len, norm_len in parts:
        sm.add(orig_len, norm_len)
    back = [sm.to_norm(o) for o in range(sm.orig_length + 1)]
    assert back == sorted(back) and back[-1] == sm.norm_length
    for i in range(sm.norm_length):
        o = sm.to_orig(i)
        assert sm.to_norm(o) <= i and sm.to_orig(sm.to_norm(o)) == o


def test_line_index_offset_inverts_position():
    idx = LineIndex("ab\r\ncd\ref\n")
    for offset in range(len(idx.text)):
        assert idx.offset(*idx.position(offset)) == offset
    assert idx.offset(99, 1) == len(idx.text)
