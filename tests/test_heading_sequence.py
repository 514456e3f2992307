"""Kind `heading-sequence`: section numbers that skip one."""

from __future__ import annotations

import pytest

from checker.api import check_text
from checker.rules.kinds.heading_sequence import HeadingSequenceRule, heading_number


@pytest.mark.parametrize(("numeral", "value"), [
    ("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("九十九", 99), ("7", 7), ("12", 12),
])
def test_heading_number(numeral: str, value: int) -> None:
    assert heading_number(numeral) == value


@pytest.mark.parametrize("numeral", ["一二", "十十", "二十三四", "零十", "百"])
def test_heading_number_refuses_what_is_no_number(numeral: str) -> None:
    assert heading_number(numeral) is None


def gaps(text: str) -> list[tuple[int, str]]:
    return [(f.line, "、".join(map(str, f.evidence["missing"])))
            for f in check_text(text) if f.rule == "artifact.heading-gap"]


def test_gap_reported_at_the_heading_after_it() -> None:
    assert gaps("一、甲\n二、乙\n四、丁\n五、戊") == [(3, "3")]


def test_late_start_reported_at_the_section_heading() -> None:
    assert gaps("一、甲\n导语。\n（二）乙\n（三）丙\n二、丁\n（一）子") == [(1, "1")]


def test_a_first_item_glued_to_its_section_heading_is_there() -> None:
    # a page run into fewer lines: 1. follows the heading's words on its line
    assert gaps("一、社会救助工作扎实有力1.城乡低保政策落实到位。\n2.农村五保供养工作扎实。") == []
    assert gaps("一、甲\n1.子\n2.丑。3.寅\n4.卯") == []


def test_a_figure_after_the_heading_is_no_glued_item() -> None:
    assert gaps("一、社会救助增长1.5%\n2.农村五保供养工作扎实。") == [(1, "1")]


def test_a_section_heading_restarts_the_count_inside_it() -> None:
    assert gaps("一、甲\n（一）a\n（二）b\n二、乙\n（一）c\n（二）d\n（三）e") == []


def test_restart_and_long_jumps_are_other_lists() -> None:
    assert gaps("一、甲\n二、乙\n一、再\n二、又") == []
    assert gaps("一、甲\n二、乙\n九、远") == []  # seven missing: not one lost section


def test_an_excerpt_may_start_anywhere() -> None:
    assert gaps("前文。\n（三）丙\n（四）丁") == []


def test_a_level_needs_a_number_group() -> None:
    with pytest.raises(ValueError, match="needs a group"):
        HeadingSequenceRule.model_validate({
            "kind": "heading-sequence", "id": "x.y", "category": "artifact", "levels": ["^[一二三]、"],
            "message": "m", "description": "d", "why": "w", "fix": "f", "examples": {"bad": ["a"], "good": ["b"]}})


def test_an_item_that_only_lost_its_mark_is_no_gap() -> None:
    # 10企业…: the tenth item is there, its dot lost in the copy; 10.5万 is a figure, not an item
    toc = ("8.某局2022年度法治建设工作总结 63\n9.某局食品安全工作总结 67\n"
           "10企业2022年安全生产工作总结 71\n11.生态环境局分局工作要点 74")
    assert gaps(toc) == []
    assert gaps("8.甲\n9.乙\n10.5万亩完成\n11.丙") == [(4, "10")]
