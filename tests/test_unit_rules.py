"""Unit spelling and missing units on sentences of our own (not taken from any corpus).

Each case pins what a reviewer expects: the defect flagged at the right span, and the ordinary
text around the same characters left alone (measure words the unit lexicon lacks, thresholds
restated with their unit, voltage classes, clock times, years after a heading).
"""

from __future__ import annotations

import pytest

from checker.api import check_text
from checker.rules.loader import builtin_rules

RULES = {r.id: r for r in builtin_rules()}


def hits(rule_id: str, text: str) -> list[str]:
    return [f.text for f in check_text(text, rules=[RULES[rule_id]]) if f.rule == rule_id]


@pytest.mark.parametrize(("text", "expected"), [
    ("全年完成人工造林 1260 亩，封山育林 800 亩。", [" 1260 亩"]),  # once per line
    ("全镇林地面积12.6 万亩。", ["12.6 万亩"]),
    ("组织党员群众 320 余人参加义务劳动。", [" 320 余人"]),
    ("2019 年度被评为先进乡镇。", ["2019 年度"]),
])
def test_stray_spaces_in_figures_are_flagged_once_per_sentence(text, expected):
    assert hits("unit-format.figure-space", text) == expected


@pytest.mark.parametrize("text", [
    "实施35 千伏变电站增容工程。",  # a voltage class names the station
    "二、主要做法 2021年以来，我乡……",  # a year after a heading: a lost line break
    "更新时间：2022-06-30 09:15:42 年中总结",
    "全年完成人工造林1260亩。",
])
def test_spacing_rule_leaves_names_headings_and_timestamps_alone(text):
    assert hits("unit-format.figure-space", text) == []


def test_a_sentence_with_several_spaced_figures_says_how_many():
    found = check_text("人工造林 1260 亩，封山育林 800 亩，补植 90 亩。新建苗圃 12 亩。",
                       rules=[RULES["unit-format.figure-space"]])
    assert [f.text for f in found] == [" 1260 亩", " 12 亩"]
    assert found[0].message.endswith("（本句另有2处）")


@pytest.mark.parametrize(("rule", "text", "expected"), [
    ("unit-format.acronym-case", "全县人均gdp突破5万元。", ["gdp"]),
    ("unit-format.rate-twice", "新建供水站，日供水能力达600吨/天。", ["日供水能力达600吨/天"]),
    ("unit-format.lifang", "疏浚沟渠，清运淤泥2000立方。", ["立方"]),
])
def test_unit_spellings(rule, text, expected):
    assert hits(rule, text) == expected


@pytest.mark.parametrize(("rule", "text"), [
    ("unit-format.acronym-case", "全县人均GDP突破5万元。"),
    ("unit-format.rate-twice", "新建供水站，供水能力达600吨/天。"),
    ("unit-format.lifang", "清运淤泥2000立方米，新建蓄水池30立方米。"),
])
def test_standard_spellings_pass(rule, text):
    assert hits(rule, text) == []


@pytest.mark.parametrize("text", [
    "新建育秧工厂，日育秧能力达2.5万盘。",  # 盘 is a measure word the lexicon lacks
    "全年运送游客8.6万余车次、12万人次。",
    "全镇工业产值突破20亿达到23.6亿元。",  # a round threshold, then the figure with its unit
    "年均上缴税收1800多萬(wàn)元。",  # a pinyin gloss between 萬 and 元
    "全年接待研学学生1万2千余人次。",  # a numeral in two parts: the unit closes both
    "今年前八月农产品外销累计1万4千多公吨。",  # the same, with a unit the lexicon lacks
])
def test_figures_with_a_unit_the_lexicon_lacks_are_not_missing_one(text):
    assert [f.text for f in check_text(text) if f.category == "missing-unit"] == []


@pytest.mark.parametrize(("text", "figure", "suggestion"), [
    ("全年完成县下达的烤烟种植任务2150.下半年……", "2150", None),
    ("已完成脐橙种植300亩、黄精120，带动农户增收。", "120", "120亩"),
])
def test_bare_numbers_closing_a_measured_clause(text, figure, suggestion):
    found = [f for f in check_text(text, rules=[RULES["missing-unit.bare-number"]])]
    assert [f.text for f in found] == [figure]
    assert found[0].suggestion == suggestion


@pytest.mark.parametrize("text", [
    "贫困发生率降至0，实现清零。",
    "三次产业结构比为10︰52︰38。",
    "完成退耕还林补贴面积426...",
])
def test_bare_number_rule_ignores_rates_ratios_and_cut_excerpts(text):
    assert [f.text for f in check_text(text, rules=[RULES["missing-unit.bare-number"]])] == []


def test_the_less_frequent_spelling_of_a_unit_is_reported_with_the_usual_one():
    text = "修建道路3.6公里，铺设管网2.4公里，新建步道800米，改造巷道1.1km。"
    found = check_text(text, rules=[RULES["unit-format.spelling-mix"]])
    assert [(f.text, f.suggestion) for f in found] == [("1.1km", "1.1公里")]


def test_one_spelling_throughout_passes():
    text = "修建道路3.6km，铺设管网2.4km；新建厂房5000平方米。"
    assert check_text(text, rules=[RULES["unit-format.spelling-mix"]]) == []
