"""Relational classes real reports carry (issue 13, item 6), in phrasings of our own: the report's
own government called by two levels, and a count of works whose list runs over a full stop."""

from __future__ import annotations

from checker.api import check_text
from checker.findings import Finding


def hits(text: str, rule: str) -> list[Finding]:
    return [f for f in check_text(text) if f.rule == rule]


def test_later_self_reference_of_another_level_is_reported_each_time() -> None:
    text = ("一、基本情况\n我县耕地面积28万亩，粮食连年丰收。\n"
            "二、主要做法\n我市狠抓特色产业，推动我市茶叶品牌走出大山。\n")
    found = hits(text, "inconsistency.self-reference")
    assert [(f.line, f.text) for f in found] == [(4, "我市"), (4, "我市")]
    assert "我县" in found[0].message


def test_two_governments_of_different_rank_are_not_compared() -> None:
    text = "我镇认真落实我县部署，配合我县完成征兵任务，我镇在全县考核中名列前茅。\n"
    assert not hits(text, "inconsistency.self-reference")
    assert not hits("我乡亲们纷纷点赞，我镇干部深受鼓舞。\n", "inconsistency.self-reference")


def test_works_count_whose_list_crosses_a_full_stop() -> None:
    text = "去年先后完成了新建敬老院、卫生室,维修村小学。硬化通组路,加固河堤四个项目,惠及群众三千余人。\n"
    (f,) = hits(text, "arithmetic.works-list-count")
    assert f.text == "四个项目"
    assert f.evidence["counted"] == 5


def test_works_list_with_figures_or_an_open_end_is_not_counted() -> None:
    assert not hits("完成了新建敬老院,硬化通组路5公里,加固河堤三个项目。\n", "arithmetic.works-list-count")
    assert not hits("完成了新建敬老院、卫生室,维修村小学等两个项目。\n", "arithmetic.works-list-count")
    assert not hits("完成了新建敬老院、卫生室,维修村小学三个项目。\n", "arithmetic.works-list-count")


def test_year_summary_title_over_a_half_year_body() -> None:
    text = ("白河乡2022年度工作总结\n今年以来，我乡上半年完成税收860万元。\n"
            "1-6月共接待来访群众120人次，1—5月新增市场主体40户。\n")
    (f,) = hits(text, "inconsistency.title-period")
    assert (f.line, f.text) == (2, "上半年")
    # a year's summary that also looks back on its first half says 全年 (or 下半年) somewhere
    fine = text + "全年完成税收1900万元。\n"
    assert not hits(fine, "inconsistency.title-period")


def test_summary_and_plan_for_the_same_year_in_one_sentence() -> None:
    text = "街道对2019年重点工作完成情况作了系统总结，同时谋划了2019年的工作思路。\n"
    (f,) = hits(text, "inconsistency.plan-year")
    assert f.text == "2019年" and f.suggestion == "2020年"
    assert not hits(text.replace("谋划了2019年", "谋划了2020年"), "inconsistency.plan-year")


def test_progress_rate_against_the_plan_and_the_work_done() -> None:
    text = "今年计划改造农村危房240户，目前已完成改造132户，完成率61.3%。\n"
    (f,) = hits(text, "arithmetic.progress-share")
    assert f.text == "61.3%" and f.suggestion == "55.0%"
    assert not hits(text.replace("61.3%", "55%"), "arithmetic.progress-share")
    # a growth rate after the same two figures is no share of the plan
    assert not hits(text.replace("完成率61.3%", "同比增长61.3%"), "arithmetic.progress-share")


def test_rate_of_the_years_plan_needs_a_plan_stated_for_the_year() -> None:
    text = "该项目计划总投资8.4亿元，今年完成投资2.5亿元，完成年度计划的104%。\n"
    assert not hits(text, "arithmetic.progress-share")
    text = "今年计划完成投资8.4亿元，截至10月完成投资2.5亿元，完成年度目标任务的34.8%。\n"
    (f,) = hits(text, "arithmetic.progress-share")
    assert f.suggestion == "29.8%"
