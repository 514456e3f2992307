"""Relational figure rules compare like with like: own phrasings, bad and good, beyond the rule examples."""

from __future__ import annotations

import pytest

from checker.api import check_text
from checker.rules.kinds.restatement import transposed
from checker.rules.kinds.sum_check import exact_tolerance


def _rules(text: str, prefix: str) -> list[str]:
    return [f.text for f in check_text(text) if f.rule.startswith(prefix)]


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("617万元", "671万元", True), ("3.52万人", "3.25万人", True), ("617万元", "617万元", False),
    ("617万元", "716万元", False), ("61.7万元", "617万元", False), ("1200户", "2100户", True),
    ("1200户", "1020户", True), ("12户", "21人", True),
])
def test_transposed_digits(a: str, b: str, expected: bool) -> None:
    mag_a = 1e4 if "万" in a else 1.0
    mag_b = 1e4 if "万" in b else 1.0
    assert transposed({"text": a, "magnitude": mag_a}, {"text": b, "magnitude": mag_b}) is expected


def test_whole_counts_are_exact_and_rounded_figures_are_not() -> None:
    assert exact_tolerance({"unit_kind": "count", "magnitude": 1.0, "decimals": 0, "approx": False,
                            "value": 7.0, "base_value": 7.0}) == 0.0
    assert exact_tolerance({"unit_kind": "people", "magnitude": 1e4, "decimals": 1, "approx": False,
                            "value": 3.5e4, "base_value": 3.5e4}) > 0


@pytest.mark.parametrize("text", [
    "全镇户籍人口2.86万人。\n二、社会事业\n截至年底，全镇户籍人口2.68万人。",
    "全年完成财政收入4617万元。\n二、财税工作\n全年完成财政收入4671万元。",
])
def test_restated_with_transposed_digits(text: str) -> None:
    assert _rules(text, "inconsistency.restated-figure")


@pytest.mark.parametrize("text", [
    # a village's figure against the town's, a half-year against the year, a target against the result
    "全镇完成农业产值3.1亿元。\n二、产业发展\n东山村完成农业产值3.5亿元。",
    "全年完成财政收入4617万元。\n二、财税工作\n1-6月，完成财政收入2671万元。",
    "全年完成财政收入4617万元。\n二、明年打算\n力争完成财政收入5200万元。",
    "全镇常住人口2.86万人，其中60岁以上老年人口0.68万人。\n二、民生\n全镇常住人口2.86万人。",
    # counts of people that differ but are not the same digits swapped: different contexts
    "培训农民工1200人。\n二、就业\n转移就业农民工1500人。",
    # one taxpayer's share, then the place's total in the same paragraph
    "宏达建材全年共上缴国税860万元,地税412万元;华兴纸业共上缴国税95万元。"
    "全乡2022年共完成国税1020万元、地税436万元。",
])
def test_like_is_compared_with_like_only(text: str) -> None:
    assert not _rules(text, "inconsistency.restated-figure")


@pytest.mark.parametrize(("text", "flagged"), [
    # the census year against the bulletin's own year (no title: the latest year named is the report's)
    ("全年全县生产总值316.80亿元，增长6.2%。\n2023年经济普查结果：生产总值296.80亿元。\n2024年经济向好。", False),
    # the title's year is the report's: a figure of that year restates one that names none
    ("2023年工作总结\n2023年完成土地流转1500亩。\n二、产业\n完成土地流转1000亩。", True),
    ("2023年工作总结\n2022年完成土地流转1500亩。\n二、产业\n完成土地流转1000亩。", False),
    # no title: the year named most is the report's (2020 is the plan year of a 2019 review)
    ("镇人代会召开。完成土地流转1000亩。\n2019年，全镇完成土地流转1500亩。2019年度考评第一，2020年再创佳绩。", True),
    # parts of two different wholes, and two parts of one whole
    ("全县地区生产总值201.20亿元，其中第一产业增加值45.89亿元。\n二、民营经济\n"
     "全年民营经济增加值122.64亿元。其中，第一产业增加值44.56亿元。", False),
    ("全县地区生产总值201.20亿元，其中第一产业增加值45.89亿元。\n二、农业\n"
     "全县地区生产总值201.20亿元，其中第一产业增加值42.56亿元。", True),
])
def test_restatement_of_one_year_and_one_whole(text: str, flagged: bool) -> None:
    assert bool(_rules(text, "inconsistency.restated-figure")) is flagged


@pytest.mark.parametrize(("text", "flagged"), [
    ("全村劳动力1860人，其中外出务工1170人，在家务农690人，脱贫劳动力230人。", False),
    ("全乡有学校9所，其中小学6所，初中2所，幼儿园2所。", True),
    ("全乡有学校10所，其中小学6所，初中2所，幼儿园2所。", False),
    ("全镇户籍人口3.2万人，其中农业人口2.9万人，贫困人口0.4万人。", False),
    # ，增加6727亩 right after a part is the part's change, not another part
    ("粮食面积214256亩，其中稻谷面积184865亩，增加6727亩；烟叶面积34458亩。", False),
    ("粮食面积214256亩，其中稻谷面积184865亩，旱粮面积26727亩。", True),
    # main cereals only are a selection of the grain; a remainder beside a selective part completes it
    ("全区粮食面积321140亩，其中小麦面积95517亩，水稻面积208043亩。", False),
    ("全区粮食面积321140亩，其中水稻面积208043亩，旱粮面积95517亩。", True),
    ("房地产开发投资8.44亿元，其中住宅投资5.97亿元，其他投资2.0亿元。", True),
])
def test_parts_of_one_cut(text: str, flagged: bool) -> None:
    assert bool(_rules(text, "arithmetic.parts-sum")) is flagged


@pytest.mark.parametrize(("text", "flagged"), [
    ("全县共15个乡镇，其中3个乡镇为少数民族乡，其余11个乡镇为普通乡镇。", True),
    ("全县共15个乡镇，其中3个乡镇为少数民族乡，其余12个乡镇为普通乡镇。", False),
    ("全村8个组，其余组的工作也在推进。", False),
])
def test_remainder(text: str, flagged: bool) -> None:
    assert bool(_rules(text, "arithmetic.remainder-count")) is flagged


@pytest.mark.parametrize(("text", "flagged"), [
    ("辖区内有甲小学、乙小学和丙中学，在校生分别为320人、410人。", True),
    ("辖区内有甲小学、乙小学和丙中学，在校生分别为320人、410人和650人。", False),
    ("两村分别新增岗位30个、40个。", False),
    # a 和 inside earlier names (交通和通信) is part of the last name too (其他用品和服务: one member)
    ("衣着、交通和通信、教育文化和娱乐、其他用品和服务分别上涨1.4%、1.3%、1.0%和8.0%。", False),
    ("衣着、交通和通信、教育文化和娱乐、其他用品和服务分别上涨1.4%、1.3%和8.0%。", True),
])
def test_respectively(text: str, flagged: bool) -> None:
    assert bool(_rules(text, "arithmetic.respectively-count")) is flagged


@pytest.mark.parametrize(("text", "flagged"), [
    ("打造了东湖、西湖、南湖、北湖三个景点。", True),
    ("打造了东湖、西湖、南湖、北湖四个景点。", False),
    ("活动中，各环节一个不少、一项不落。", False),
    ("引进了甲公司、乙公司、丙公司等一批企业。", False),
])
def test_list_count(text: str, flagged: bool) -> None:
    assert bool(_rules(text, "arithmetic.list-count")) is flagged


@pytest.mark.parametrize(("text", "flagged"), [
    ("全村耕地面积3150亩，其中水田1260亩，占耕地总面积的45%。", True),
    ("全村耕地面积3150亩，其中水田1260亩，占耕地总面积的40%。", False),
    ("全村耕地面积3150亩，其中水田1260亩，占全镇水田的12%。", False),
])
def test_share_of_total(text: str, flagged: bool) -> None:
    assert bool(_rules(text, "arithmetic.share-of-total")) is flagged


@pytest.mark.parametrize(("text", "flagged"), [
    ("本年度培训学员40人，其中返乡青年16人，占40%；妇女12人，占30%；退役军人6人，占18%。", True),
    ("本年度培训学员40人，其中返乡青年16人，占40%；妇女12人，占30%；退役军人6人，占15%。", False),
    # two bases, neither shared by most shares: silent
    ("本年度培训学员40人，其中妇女12人，占30%；妇女中返乡青年4人，占33.3%。", False),
])
def test_share_of_base(text: str, flagged: bool) -> None:
    assert bool(_rules(text, "arithmetic.share-of-base")) is flagged


@pytest.mark.parametrize(("text", "flagged"), [
    ("红石乡2024年工作总结\n红石乡党委坚持党建引领，红石镇全年新增就业岗位300个。", True),
    ("红石乡2024年工作总结\n红石乡党委坚持党建引领，与红岩镇签订协作协议。", False),
])
def test_place_level(text: str, flagged: bool) -> None:
    assert bool(_rules(text, "inconsistency.place-level")) is flagged


@pytest.mark.parametrize("text", [
    # a 其中-part and a plain statement of the same indicator
    "全县户籍人口112635人，其中男性人口57753人，女性人口54882人。\n二、社会事业\n全县男性人口40427人。",
    "全年一般公共预算收入116059万元，其中税收收入82539万元，非税收入33520万元。\n二、财政工作\n全年非税收入53632万元。",
    # counts of what the place has
    "全镇共有党员271人，其中农村党员194人。\n二、党建工作\n全镇农村党员252人。",
    "镇党委现有电教室1个。\n二、党员教育\n镇党委现有电教室2个。",
    # a count after the same long phrase
    "排查环保问题户157户，已整改142户。\n二、环境整治\n排查环保问题户110户。",
    # 2亿 and 3亿 cannot be two roundings of one value
    "全年实现劳务收入2亿元。\n二、就业创业\n劳务输出稳步推进，实现劳务收入3亿元。",
])
def test_restated_counts_parts_and_rounding(text: str) -> None:
    assert _rules(text, "inconsistency.restated-figure")


@pytest.mark.parametrize("text", [
    # this year's intake against the stock; two campaigns' leaflets; this year's new members
    "新纳入监测户14户。\n二、防返贫\n全镇现有监测户23户。",
    "禁毒宣传月发放宣传资料5000余份。\n二、平安建设\n发放宣传资料2500余份。",
    "全镇共有党员271人，其中农村党员194人。\n二、党建工作\n全年发展农村党员12人。",
    # the parts of a plan and of a forecast; a half-year figure against a part of the year's total
    "计划种植粮食37.7万亩，其中水稻29万亩。\n预计粮食作物可完成种植38万亩，其中水稻完成30万亩。",
    "上半年完成非税收入1.2亿元。\n二、财政工作\n全年一般公共预算收入5亿元，其中非税收入2亿元。",
    # a village's share of two different totals: the key is only the village's name
    "全镇完成造林5000亩，其中东山村1500亩，西山村3500亩。\n二、产业发展\n全镇土地流转3000亩，其中东山村1000亩，西山村2000亩。",
    # another village; cumulative against this year; approximations that agree; one value written twice
    "全镇现有农村党员194人。\n二、村级组织\n东山村现有农村党员152人。",
    "今年完成改厕90户。\n二、人居环境\n三年来累计完成改厕117户。",
    "完成土地流转1500余亩。\n二、产业发展\n全镇完成土地流转约1400亩。",
    "全年实现劳务收入2.5亿元。\n二、就业创业\n劳务输出稳步推进，实现劳务收入2.5亿元。",
])
def test_counts_parts_and_rounding_stay_silent_on_different_facts(text: str) -> None:
    assert not _rules(text, "inconsistency.restated-figure")


def test_part_pairs_add_to_the_like_with_like_pairs() -> None:
    """A part against a plain statement is a pair of its own: the plain statements' finding stays even
    when the part makes the key's values three (merging the part into their group would drop it)."""
    text = ("全年非税收入53632万元。\n二、财政工作\n全年非税收入51632万元。\n"
            "三、收支情况\n全年一般公共预算收入116059万元，其中非税收入33520万元。")
    lines = {f.line for f in check_text(text) if f.rule == "inconsistency.restated-figure"}
    assert lines == {3}
