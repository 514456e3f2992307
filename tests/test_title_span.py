"""`title_span` (checker/rules/kinds/place_name.py: lines read with str.find, the title words
compiled once, the answer remembered for the last text) gives what its plain twin gives; the
year-figure rules' report years, read from mentions found once per text, are those two searches give."""

from __future__ import annotations

from collections import Counter

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from checker.rules.kinds.place_name import plain_title_span, title_span
from checker.rules.kinds.year_figure import YearFigureRule
from checker.rules.loader import load_rules

_PIECE = st.sampled_from(["某镇", "2024年", "工作", "总结", "报告", "\n", "\n\n", " ", "计划", "安排", "。", "a",
                          "正文" * 25])
_WORDS = st.sampled_from([r"总结|报告|计划|汇报|安排", r"^工作", r"报告$", r"(?<=年)工作", r"计划\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECE, max_size=20).map("".join), st.integers(0, 5), _WORDS, st.booleans())
@example("某镇2024年工作总结\n正文", 3, r"总结|报告|计划|汇报|安排", False)
@example("", 3, r"总结", False)
@example("\n\n\n\n", 3, r"总结", True)
@example("某镇\n" + "正文" * 50 + "\n总结", 3, r"总结", True)
def test_title_span_is_its_plain_twin(text: str, max_lines: int, words: str, stop: bool) -> None:
    assert title_span(text, max_lines, words, stop) == plain_title_span(text, max_lines, words, stop)
    assert title_span(text, max_lines, words, stop) == plain_title_span(text, max_lines, words, stop)  # remembered


def test_remembered_per_text_and_parameters() -> None:
    a, b = "工作\n总结\n正文", "总结\n工作"
    assert title_span(a, 3, "总结") == (0, 6)
    assert title_span(a, 1, "总结") == (0, 3)
    assert title_span(b, 3, "总结") == (0, 3)
    assert title_span(a, 3, "工作") == (0, 3)


_YEAR_PIECE = st.sampled_from(["2023", "2024年", "年", "1", "19", "99年", "20", "\n", "总结", "工作", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_YEAR_PIECE, max_size=20).map("".join))
@example("2024年工作总结\n2023年，2023年，2023年。")
def test_report_years_as_read_by_two_searches(text: str) -> None:
    """The years read from one list of mentions are those two searches (title, whole text) found."""
    rule = next(r for r in load_rules() if isinstance(r, YearFigureRule))
    _, tend = title_span(text, 3, rule.title_words)
    pattern = r"(?<!\d)((?:19|20)\d\d)(?=年)"
    title = {int(y) for y in regex.findall(pattern, text[:tend])}
    counts = Counter(int(y) for y in regex.findall(pattern, text))
    assert rule.report_years(text) == title | {y for y, c in counts.items() if c >= rule.min_mentions}


def test_a_long_line_without_report_words_is_body() -> None:
    """An encyclopedia entry's first paragraph is no title for the rules comparing title and body;
    a url line is no paragraph, and the report-year rules still read the paragraph."""
    para = "马祖镇，旧名两路口，1950年建乡农协会，1951年成立兴隆乡人民政府。" * 3
    assert title_span("总得票\n" + para + "\n", 3, "总结|报告", True) == (0, 4)
    assert title_span("总得票\n" + para + "\n", 3, "总结|报告")[1] > 80
    url = "http://example.com/html/00300300200300200320160128ed5cc11a-dc7b-4db4-a544-8fd936a5c336.html\n"
    title = "2016年政府工作报告\n"
    assert title_span(url + title + para, 3, "总结|报告", True)[1] == len(url) + len(title)
    assert title_span("某镇工作总结各位代表：" + para + "\n", 3, "总结|报告", True)[1] > 80  # a glued title stays
