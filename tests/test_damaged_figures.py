"""Deleted numbers and damaged figures end to end: the shipped rules on sentences of our own.

Each defect class is tested on phrasings that differ from the rule's own examples and from the
real development set, with the ordinary uses of the same characters beside them (which must stay
silent), and with the exact span each finding points at.
"""

from __future__ import annotations

import pytest

from checker.api import check_text
from checker.findings import Finding
from checker.rules.loader import builtin_rules

RULES = builtin_rules()


def hits(text: str, rule: str) -> list[str]:
    return [f.text for f in check_text(text, rules=RULES) if f.rule == rule]


def found(text: str, rule: str) -> list[Finding]:
    return [f for f in check_text(text, rules=RULES) if f.rule == rule]


# --- deleted numbers ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rule", "span"), [
    ("本年度村级集体经营性收入万元，较上年翻番。", "placeholder.blank-amount", "万元"),
    ("争取省级衔接资金亿元，用于产业园建设。", "placeholder.blank-amount", "亿元"),
    ("为每户脱贫户发放产业奖补元。", "placeholder.blank-amount", "元"),
    ("全年完成油茶低改面积亩。", "placeholder.blank-amount", "亩"),
    ("屋顶光伏年均发电量约千瓦时，收益归村集体。", "placeholder.blank-amount", "千瓦时"),
    ("已获上级前期亿资金支持。", "placeholder.blank-amount", "亿"),
    ("一般公共预算收入.万元，可比增长8%。", "placeholder.orphan-point", ".万元"),
    ("城乡居民收入分别增长%和.%。", "placeholder.orphan-point", "%"),
    ("项目区实际占地0亩左右。", "placeholder.hedged-zero", "0亩左右"),
    ("今年新增市级龙头企业家，培育家庭农场个。", "placeholder.blank-count", "个"),
    ("辖区5个社区和个行政村全部完成换届。", "placeholder.blank-count", "个"),
    ("组织名退役军人参加技能培训。", "placeholder.blank-count", "名"),
    ("产业基地辐射带动户农民发展庭院经济。", "placeholder.blank-count", "户"),
    ("共转移农村劳动力余人。", "placeholder.blank-count", "余人"),
    ("截止月日，全镇完成秋播。", "placeholder.blank-date", "月日"),
    ("各单位于11月日前报送总结。", "placeholder.blank-date", "日"),
    ("城关镇年双拥工作总结及年工作计划", "placeholder.blank-year", "年工作计划"),
    ("全镇户籍人口3.2万人。，全镇实现农业总产值5亿元。", "placeholder.blank-lead", "，"),
])
def test_deleted_number_is_found_at_its_unit(text: str, rule: str, span: str) -> None:
    assert span in hits(text, rule)


@pytest.mark.parametrize("text", [
    "农户年收入近万元，涌现一批万元户。",
    "新签约亿元以上项目6个，万元GDP能耗下降3%。",
    "推进兆瓦级储能电站建设，新签约亿元项目3个，万元工业增加值用水量下降。",
    "金额单位：人民币元，挨家挨户逐个走访，帮扶户农户均已脱贫。",
    "以美元结算的出口额增长；公元前的遗址得到保护。",
    "辖区面积25.6平方公里。",
    "他是个能干的人，这个村远近有名，名称已变更。",
    "个人所得税和个体工商户税收稳定，各项工作有序推进。",
    "贫困户家庭收入稳定，农户农民增收。",
    "其余人员全部返岗，业余人员补充到位。",
    "请填写出生年月日，本月日均办件200件。",
    "乡镇年终工作总结",
    "他说：“好。”，大家鼓掌。",
    "安全事故为0起，与上年持平。",
])
def test_ordinary_uses_of_the_same_characters_are_silent(text: str) -> None:
    rules = {"placeholder.blank-amount", "placeholder.orphan-point", "placeholder.hedged-zero",
             "placeholder.blank-count", "placeholder.blank-date", "placeholder.blank-year",
             "placeholder.blank-lead", "placeholder.blank-figure"}
    assert [f.rule for f in check_text(text, rules=RULES) if f.rule in rules] == []


def test_blank_amount_points_at_the_unit_in_traditional_text() -> None:
    # too few traditional characters for the file to be converted: the rule reads 億 as it is
    (f,) = found("計劃申請專項債億元，已通過評審。", "placeholder.blank-amount")
    assert (f.line, f.column, f.end_column, f.text) == (1, 8, 10, "億元")
    (f,) = found("鎮黨委統籌推進鄉村振興，計劃申請專項債億元，已通過評審。", "placeholder.blank-amount")
    assert (f.column, f.end_column, f.text) == (20, 22, "億元")


# --- damaged figures ------------------------------------------------------------------------

def test_figure_that_starts_with_the_report_year() -> None:
    text = "白沙镇2024年工作总结\n全年实现旅游收入2024800元，接待游客3.1万人次。\n"
    assert hits(text, "implausible-value.year-prefixed-figure") == ["2024800元"]


@pytest.mark.parametrize("text", [
    "白沙镇2024年工作总结\n全年实现旅游收入3124800元。\n",  # does not start with the year
    "白沙镇2024年工作总结\n发放补助2024.6万元。\n",  # decimals: not an overwritten whole number
    "白沙镇2024年工作总结\n2024年3月完成验收，投资2024万元。\n",  # a magnitude word: not compared
])
def test_figures_that_merely_contain_the_year_are_silent(text: str) -> None:
    assert hits(text, "implausible-value.year-prefixed-figure") == []


def test_month_range_that_lost_its_dash() -> None:
    (f,) = found("111月全镇共办理不动产登记800件。", "implausible-value.month-range-lost-dash")
    assert (f.text, f.suggestion) == ("111月", "1-11月")
    assert hits("1-11月全镇共办理不动产登记800件，前13月数据另计。", "implausible-value.month-range-lost-dash") == []


def test_decimal_point_lost_as_a_space() -> None:
    (f,) = found("农村居民人均可支配收入1 85万元。", "implausible-value.decimal-as-space")
    assert (f.text, f.suggestion) == ("1 85", "1.85")
    assert hits("投资 2 315.8 万元，新增 36 户。", "implausible-value.decimal-as-space") == []


def test_power_written_for_energy() -> None:
    assert hits("电站投运后年发电量预计达3600万千瓦。", "implausible-value.power-for-energy")
    assert hits("电站装机容量30兆瓦，年发电量预计达3600万千瓦时。", "implausible-value.power-for-energy") == []


def test_reversed_year_span() -> None:
    (f,) = found("编制完成《全域旅游发展规划（2026—2024年）》。", "inconsistency.reversed-year-span")
    assert f.text == "2026—2024"
    assert hits("编制完成《全域旅游发展规划（2024—2026年）》。", "inconsistency.reversed-year-span") == []


def test_multiple_over_a_moved_base_year_is_reported_once_at_the_year() -> None:
    text = ("2024年全区财政收入18亿元，是2023年的3倍，年均增长25%；"
            "税收收入12亿元，是2023年的2.8倍，年均增长23%。\n")
    (f,) = found(text, "inconsistency.multiple-vs-span")
    assert f.text == "2023年"
    assert len(f.evidence["occurrences"]) == 2
    fitting = "2024年全区财政收入18亿元，是2019年的3倍，年均增长25%。\n"
    assert hits(fitting, "inconsistency.multiple-vs-span") == []


def test_comparison_with_a_year_after_the_report() -> None:
    text = "红旗乡2020年工作总结\n全年粮食总产量1.2万吨，较2021年增长3%。\n"
    assert hits(text, "inconsistency.comparison-after-report-year") == ["2021年"]
    plan = "红旗乡2020年工作总结\n力争2022年粮食总产量较2021年增长3%。\n"
    assert hits(plan, "inconsistency.comparison-after-report-year") == []


# --- line breaks of a PDF copy --------------------------------------------------------------

def test_page_footer_between_a_figure_and_its_unit_is_reported_at_the_break() -> None:
    text = "全年完成固定资产投资同比增长8%，其中工业投资6150\n— 3 —\n万元，增长12%。\n"
    (f,) = found(text, "artifact.split-at-line-break")
    assert (f.line, f.end_line, f.suggestion) == (1, 3, "6150万元")


@pytest.mark.parametrize(("text", "suggestion"), [
    ("持续改善农村人居环境，全年新改造农村户厕\n860户，卫生厕所普及率96%。\n", "户厕860户"),
    ("加快补齐基础设施短板，新建村级综合服务中\n心4个，群众办事更便利。\n", "务中心"),
    ("全面推进乡村振兴，全镇人均可支配收入达\n2.1万元，同比增长7%。\n", "入达2.1万元"),
    ("（二）强化督查，确保实效。对重点任务逐项明确责任人，各村每周\n\n报送工作进展情况。\n", "每周报送"),
])
def test_break_inside_a_word_or_between_subject_and_figure(text: str, suggestion: str) -> None:
    (f,) = found(text, "artifact.split-at-line-break")
    assert f.suggestion == suggestion


@pytest.mark.parametrize("text", [
    "三、聚焦民生福祉，办好民生实事\n全年新增城镇就业420人。\n",
    "持续巩固脱贫成果，守牢不返贫底线\n2024年，我镇将继续推进产业帮扶。\n",
    "全年新增城镇就业420人，城镇登记失业率控制在3%以内。\n二是社会保障持续加强。\n",
    "标题\n全镇总人口\n3.2万人\n",
    "（三）坚持党建引领，夯实基层基础，推进乡村治理\n全镇新建党群服务中心3个。\n",
])
def test_headings_and_finished_lines_are_not_breaks(text: str) -> None:
    assert hits(text, "artifact.split-at-line-break") == []


def test_review_heading_opening_on_another_year() -> None:
    text = "二、二〇二〇年工作回顾\n2024年，我镇坚持稳中求进，完成各项目标任务。\n"
    (f,) = found(text, "inconsistency.review-year")
    assert (f.line, f.text) == (2, "2024年")
    same = "二、二〇二四年工作回顾\n2024年，我镇坚持稳中求进，完成各项目标任务。\n"
    assert hits(same, "inconsistency.review-year") == []


def test_project_date_deleted_before_its_verb() -> None:
    assert hits("敬老院改扩建工程于竣工，老人已入住。", "placeholder.blank-date") == ["于"]
    assert hits("敬老院改扩建工程终于竣工，工程于9月竣工。", "placeholder.blank-date") == []


def test_list_of_villages_whose_names_were_deleted() -> None:
    assert hits("重点对村、社区、村开展环境整治。", "placeholder.blank-name-list") == ["村、社区、村"]
    assert hits("村、组两级干部和社区工作者全部到位。", "placeholder.blank-name-list") == []


def test_space_left_by_a_pdf_line_end() -> None:
    (f,) = found("县政府印发了 实施方案，明确了目标。", "artifact.space-in-sentence")
    assert (f.column, f.suggestion) == (7, "")
    assert hits("县长 李华 同志出席会议，完成了 5 个项目。", "artifact.space-in-sentence") == []


def test_span_since_a_year_against_its_count_of_years() -> None:
    text = "河口镇2024年工作汇报\n2023年以来，四年来我们始终坚持项目为王。\n"
    (f,) = found(text, "inconsistency.since-year-span")
    assert (f.line, f.text) == (2, "2023年")
    fitting = "河口镇2024年工作汇报\n2021年以来，四年来我们始终坚持项目为王。\n"
    assert hits(fitting, "inconsistency.since-year-span") == []


def test_anniversary_that_does_not_fall_in_its_year() -> None:
    rule = "inconsistency.anniversary-year"
    (f,) = found("2020年是改革开放41周年，是决胜全面小康社会的关键一年。", rule)
    assert f.text == "2020年是改革开放41周年"
    assert f.evidence["summary"] == "改革开放于 1978 年，2020 年是 42 周年而非 41 周年"
    assert hits("2021年恰逢中国共产党成立一百周年。2019年是新中国成立七十周年。", rule) == []
    assert hits("1949年新中国成立70周年纪念章。", rule) == []


def test_guidance_by_a_congress_long_over() -> None:
    rule = "inconsistency.congress-year"
    text = "2020年某镇农业工作计划\n我镇将以党的十六届三中全会及中央一号文件精神为指导，优化农业结构。"
    (f,) = found(text, rule)
    assert (f.line, f.evidence["summary"]) == (2, "党的十六大的任期止于 2007 年，报告年份为 2020")
    current = "2023年政府工作报告\n我们以党的十九大和十九届历次全会精神为指导，贯彻党的二十大精神。"
    assert hits(current, rule) == []
    assert hits("2020年工作计划\n党的十一届三中全会以来，农业发展取得长足进步。", rule) == []


def test_change_from_a_year_to_the_same_year() -> None:
    (f,) = found("人均纯收入由2020年的14646元提高到2020年的16403元。", "inconsistency.same-year-change")
    assert f.text == "由2020年的14646元提高到2020年"
    assert hits("人均纯收入由2019年的14646元提高到2020年的16403元。", "inconsistency.same-year-change") == []


@pytest.mark.parametrize(("numeral", "value"), [("三", 3), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20),
                                                 ("二十五", 25), ("三四五六", None)])
def test_years_written_in_words(numeral: str, value: int | None) -> None:
    from checker.rules.kinds.year_span import _count

    assert _count(numeral) == value
