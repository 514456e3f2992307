"""Kind `space-split`: spaces that cut words in a paragraph joined from a PDF's lines."""

from __future__ import annotations

from checker.api import check_text
from checker.rules.kinds.space_split import cut_word

JOINED = ("全县城乡最低生活保障城镇8779户，累计保障628007人 次，支出低保金3347万元，月人均补助水 平达到140.23元；"
          "一期工程基本竣 工，新增床位150张。")


def splits(text: str) -> list[str]:
    return [f.suggestion or "" for f in check_text(text) if f.rule == "artifact.space-split-word"]


def test_cut_word_names_the_word_across_the_space() -> None:
    assert cut_word("月人均补助水", "平达到") == "水平"
    assert cut_word("新型农村合作医疗", "保险") == "医疗保险"
    assert cut_word("完成投资", "新建道路") is None  # two words meet at the space
    assert cut_word("3347", "万元") is None  # no Han on one side


def test_a_joined_paragraph_reports_each_cut() -> None:
    assert splits(JOINED) == ["人次", "水平", "竣工"]


def test_one_stray_space_is_a_typists_and_stays_silent() -> None:
    one = "全县城乡最低生活保障城镇8779户，累计保障628007人次，月人均补助水 平达到140.23元，新增床位150张。"
    assert splits(one) == []


def test_letter_spacing_tables_and_deleted_numbers_are_not_joins() -> None:
    assert splits("鲁山县人民政府工作报告 政 府 工 作 报 告 ——在鲁山县第十五届人民代表大会第五次会议上的讲话") == []
    assert splits("浏览次数: | 有 效 性: | 成文日期: | 2021-02-27 | 索 引 号: | 主 题 词: | 发布机构: 县政府办") == []
    blanks = "认真接待，全年共接待来访群众 人次，接受上访信件 件，其中上级交办信访 件，结案 件，结案率达100%。"
    assert splits(blanks) == []
