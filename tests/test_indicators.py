"""The indicator table (rules/indicators.yaml) and the `indicator-range` kind, end to end.

Sentences are our own: each bad one carries a value no township or county can have, each good
one a value that is unusual but possible, or a figure that is not the indicator's level (a
threshold, a per-unit amount, a growth rate, a figure about the whole province).
"""

from __future__ import annotations

import pytest
import regex
from pydantic import ValidationError

from checker.api import check_text
from checker.rules.indicators import Bounds, Indicator, IndicatorTable, amount, indicator_table
from checker.rules.kinds.indicator_range import fmt_amount
from checker.rules.loader import builtin_rules

RULE = next(r for r in builtin_rules() if r.id == "implausible-value.range")


def findings(text: str) -> list:
    return [f for f in check_text(text, rules=[RULE]) if f.rule == RULE.id]


def test_the_table_covers_every_domain_with_a_basis_for_each_range():
    table = indicator_table()
    assert len(table.indicators) >= 100
    domains = {i.domain for i in table.indicators}
    assert {"income", "employment", "environment", "land", "agriculture", "industry", "finance",
            "social-security", "education", "health", "infrastructure", "party-building"} <= domains
    assert all(len(i.basis) >= 8 for i in table.indicators)


def test_rates_that_can_pass_100_percent_are_not_capped():
    for ind in indicator_table().indicators:
        if ind.unit == "%" and ind.township.max == 100:
            for name in ("计划完成率", "同比增长率", "任务完成率"):
                assert not regex.search(ind.subject, name) or ind.subject_not, (ind.name, name)


@pytest.mark.parametrize(("written", "value"), [(12, 12.0), ("3000亿", 3e11), ("1.5万", 1.5e4), ("2千", 2e3)])
def test_bounds_are_read_as_a_report_writes_them(written, value):
    assert amount(written) == value


def test_a_malformed_indicator_is_a_loud_error():
    base = {"name": "测试指标", "domain": "income", "subject": "收入", "unit": "元",
            "township": [1, 10], "county": [1, 10], "basis": "一句说明依据的话。"}
    Indicator.model_validate(base)
    for bad in ({"unit": "斛"}, {"township": [10, 1]}, {"subject": "(未闭合"}, {"domain": "weather"},
                {"basis": "短"}, {"township": ["三万", 1]}):
        with pytest.raises(ValidationError):
            Indicator.model_validate(base | bad)
    with pytest.raises(ValidationError, match="unique"):
        IndicatorTable.model_validate({"indicators": [base, base]})


def test_unknown_scale_takes_both_ranges_together():
    ind = Indicator.model_validate({"name": "测试指标", "domain": "income", "subject": "收入", "unit": "元",
                                    "township": [10, 100], "county": [50, 1000], "basis": "一句说明依据的话。"})
    assert ind.bounds(None) == Bounds(min=10, max=1000)
    assert ind.bounds("township") == Bounds(min=10, max=100)


@pytest.mark.parametrize(("text", "figure", "message"), [
    ("2022年全乡林木绿化率提升至134%。", "134%", "林木绿化率134%超过100%"),
    ("全镇城乡居民医保参保率为101.5%。", "101.5%", "医保参保率101.5%超过100%"),
    ("全乡实现地方税收38元，同比增长5%。", "38元", "税收38元低于乡镇的合理下限1万元，疑为38万元"),
    ("全乡农民人均纯收入5600万元。", "5600万元", "人均纯收入5600万元超过乡镇的合理上限30万元，疑为5600元"),
    ("我乡下辖1998个行政村。", "1998个", "行政村与社区数1998个超过乡镇的合理上限300个"),
    ("全镇小麦种植面积1.8亩，总产稳定。", "1.8亩", "作物种植面积1.8亩低于乡镇的合理下限10亩，疑为1.8万亩"),
])
def test_values_no_place_can_have_are_reported_once_naming_the_indicator_as_written(text, figure, message):
    found = findings(text)
    assert [f.text for f in found] == [figure]
    assert found[0].message == message


@pytest.mark.parametrize("text", [
    "粮食生产任务完成率达到132%。",  # a plan over-fulfilled
    "全乡森林覆盖率由工程实施前的41%提高到63.5%。",
    "家庭年人均收入低于1500元的纳入监测。",  # an eligibility line, not a measured value
    "每亩补贴12元，共发放耕地地力补贴86万元。",  # a per-unit amount
    "全省粮食总产量达到3500万吨。",  # a larger scope than a county
    "全县实现地区生产总值186亿元，财政收入9.2亿元。",
    "全镇辖23个行政村、186个村民小组，总人口4.2万人。",
    "义务教育阶段学生辍学率为0。",
    "高中阶段毛入学率达到102%。",  # a gross ratio may pass 100 %
    "本年度上级补助收入0.00万元，附属单位上缴收入0.00万元。",  # a nil line of an account
    "新修村组道路总面积2.3万平方米，完成硬化。",  # 总面积 of something built, not the territory
    "新建标准化厂房3栋，总面积2.6万平方米。",  # the same, the building word in another clause
])
def test_plausible_or_non_level_figures_stay_silent(text):
    assert findings(text) == []


def test_bounds_are_written_back_in_the_report_s_magnitudes():
    assert fmt_amount(1e4, "元") == "1万元"
    assert fmt_amount(3e11, "元") == "3000亿元"
    assert fmt_amount(100, "%") == "100%"


def test_every_pattern_of_the_built_in_table_compiles():
    """`indicator_table` trusts the built-in table and does not compile its patterns to validate
    them (a run compiles those its figures need): this test is where they are all compiled."""
    trusted = indicator_table().indicators
    assert [Indicator.model_validate(i.model_dump()) for i in trusted] == trusted  # untrusted: compiles each
    for ind in trusted:
        for p in (ind.subject, ind.subject_not, ind.clause_not, ind.sentence_not):
            assert p is None or regex.compile(p, flags=regex.VERSION1)


def test_a_report_about_a_province_is_held_to_no_local_range():
    """A yearbook's chapter on a province's farming: 500万人 and 1788万头 are right there."""
    text = ("全省粮食总产量4225万吨。全年转移农村劳动力500万人。全省新建农村公路24799公里，"
            "全省农村自来水入户率达到48%。年末猪存栏1788.0万头。")
    assert [f for f in findings(text) if f.rule == "implausible-value.range"] == []
    county = "全县转移农村劳动力500万人。全省排名第一。"
    assert [f.text for f in findings(county) if f.rule == "implausible-value.range"] == ["500万人"]


def test_a_report_read_as_a_province_still_has_floors():
    """Honours named in a township's report (全国文明村镇, 全国先进基层党组织) count as province cues;
    passing no upper bound, such a report still falls below none: 1.1元 of fiscal revenue is a lost 亿."""
    text = ("2005年，全镇实现生产总值55亿元，其中地方财政收入1.1元。先后获得全国先进基层党组织、"
            "全国文明村镇、全国小城镇建设示范镇、全国精神文明创建活动先进单位等荣誉称号。")
    assert [f.text for f in findings(text) if f.rule == "implausible-value.range"] == ["1.1元"]
