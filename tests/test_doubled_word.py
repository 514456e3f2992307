"""The doubled-word kind tries its pattern only at candidate offsets; that must find what a plain scan finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.rules.loader import load_rules

RULE = next(r for r in load_rules() if r.kind == "doubled-word")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="共计发放补贴学习贯彻一是的了\n，2", max_size=60))
def test_candidates_find_every_match_a_plain_scan_finds(text: str) -> None:
    plain = [m.span() for m in RULE._pattern.finditer(text)]
    assert [m.span() for m in RULE._matches(text)] == plain


def test_candidates_are_few() -> None:
    text = "全年共计共计发放补贴120万元，认真学习学习贯彻。" * 3
    assert RULE._candidates(text) == [2, 18, 27, 43, 52, 68]  # the six doubled words, nothing else
    assert [m.start() for m in RULE._matches(text)] == [2, 18, 27, 43, 52, 68]
