"""Numeric rule kinds over hand-built metrics tables (independent of the extractor) and end to end.

The table tests pin the arithmetic: rounding tolerance from the decimals written, per-unit sums of
X户Y人 pairs, lazily collected pandera failures. The end-to-end tests run the shipped rules on
sentences of our own through the real extractor.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.api import check_text
from checker.context import DocumentContext
from checker.document import Document
from checker.extract import Metrics
from checker.rules.figures import fmt_in, tolerance
from checker.rules.kinds.missing_unit import with_unit
from checker.rules.loader import builtin_rules
from checker.rules.tablecheck import Band, RowFilter, outside
from checker.schemas import COLUMN_NAMES

RULES = {r.id: r for r in builtin_rules()}


def row(text: str, value: float | None, unit: str | None, *, kind: str | None = None, factor: float = 1.0,
        magnitude: float = 1.0, decimals: int = 0, **extra: Any) -> dict[str, Any]:
    """One metrics row with every schema column (offsets are filled in by `table`)."""
    r: dict[str, Any] = {c: None for c in COLUMN_NAMES}
    r.update(path="<t>", line=1, column=1, end_line=1, end_column=1, text=text, number=value, magnitude=magnitude,
             value=value, decimals=decimals, unit=unit, unit_kind=kind,
             base_value=None if value is None or unit is None else value * factor, approx=False, is_range=False,
             section="", sentence=0)
    r.update(extra)
    return r


def table(text: str, rows: list[dict[str, Any]]) -> DocumentContext:
    """A context over `text` whose metrics table is `rows`, each located at its figure's first occurrence."""
    ctx = DocumentContext(Document.from_text(text))
    pos = 0
    for i, r in enumerate(rows):
        start = text.index(r["text"], pos)
        r.update(start=start, end=start + len(r["text"]), row_id=i, line=text.count("\n", 0, start) + 1)
        pos = start + 1
    # Kinds read row dicts (ctx.metric_rows), made from these columns as extraction makes them.
    figures = Metrics({c: [r[c] for r in rows] for c in COLUMN_NAMES}, ctx.text)
    figures.__dict__["frame"] = pd.DataFrame(rows)
    ctx.__dict__["figures"] = figures
    return ctx


def fire(rule_id: str, ctx: DocumentContext) -> list:
    return list(RULES[rule_id].check(ctx))


# --- tolerance and formatting --------------------------------------------------------------------

def test_tolerance_is_half_a_unit_of_the_last_written_digit():
    r = pd.Series(row("6.85亿元", 6.85e8, "元", kind="currency", magnitude=1e8, decimals=2))
    assert tolerance(r) == pytest.approx(5e5)
    assert fmt_in(6.8005e8, r) == "6.80亿元"


@pytest.mark.parametrize(("stated", "decimals", "fires"), [("6.85亿元", 2, True), ("6.80亿元", 2, False)])
def test_list_total_uses_the_precision_written(stated, decimals, fires):
    items = [59000, 1044, 1498, 1163, 1000, 1100, 1500, 1700]  # 68005万 = 6.8005亿
    text = f"实施重点项目8个，总投资{stated}。\n" + "\n".join(
        f"{i}．某项目计划投资{v}万元。" for i, v in enumerate(items, 1))
    total = float(stated[:4]) * 1e8
    rows = [row("8个", 8, "个", kind="count", role="count", group=1.0),
            row(stated, total, "元", kind="currency", magnitude=1e8, decimals=decimals, role="total", group=1.0)]
    rows += [row(f"{v}万元", v * 1e4, "元", kind="currency", magnitude=1e4, role="item", group=1.0,
                 subject="计划投资") for v in items]
    found = fire("arithmetic.list-total", table(text, rows))
    assert bool(found) is fires
    if fires:
        ev = found[0].evidence
        assert ev["computed"] == pytest.approx(6.8005e8)
        assert "8 项计划投资合计 68005万元 = 6.80亿元" in ev["summary"]
        assert "各项在第2-9行" in ev["summary"]


def test_list_count_mismatch_is_reported_on_the_count():
    text = "实施重点项目3个，总投资0.90亿元。\n1．甲项目计划投资5000万元。\n2．乙项目计划投资4000万元。"
    rows = [row("3个", 3, "个", kind="count", role="count", group=1.0),
            row("0.90亿元", 0.9e8, "元", kind="currency", magnitude=1e8, decimals=2, role="total", group=1.0),
            row("5000万元", 5e7, "元", kind="currency", magnitude=1e4, role="item", group=1.0),
            row("4000万元", 4e7, "元", kind="currency", magnitude=1e4, role="item", group=1.0)]
    found = fire("arithmetic.list-total", table(text, rows))
    assert [f.text for f in found] == ["3个"]
    assert found[0].evidence["computed"] == 2


# --- 其中 decompositions: pairs checked per unit, silent when they add up --------------------------

def _household_split(total_h: int, total_p: int, parts: list[tuple[int, int]]) -> DocumentContext:
    text = f"五保对象共{total_h}户{total_p}人，其中" + "，".join(f"第{i}类{h}户{p}人" for i, (h, p) in
                                                            enumerate(parts, 1)) + "。"
    rows = [row(f"{total_h}户", total_h, "户", kind="households", role="total", group=0.0, pair=0.0),
            row(f"{total_p}人", total_p, "人", kind="people", role="total", group=1.0, pair=0.0)]
    for h, p in parts:
        rows += [row(f"{h}户", h, "户", kind="households", role="part", group=0.0),
                 row(f"{p}人", p, "人", kind="people", role="part", group=1.0)]
    return table(text, rows)


def test_household_person_split_that_adds_up_is_silent():
    assert fire("arithmetic.parts-sum", _household_split(206, 207, [(34, 35), (172, 172)])) == []
    assert fire("arithmetic.parts-sum", _household_split(182, 516, [(93, 241), (89, 275)])) == []


def test_household_person_split_checks_both_units():
    found = fire("arithmetic.parts-sum", _household_split(182, 516, [(93, 241), (89, 285)]))
    assert [f.text for f in found] == ["516人"]


def test_parts_above_total_and_whole_figures_beside_decimals():
    text = "粮食播种面积4.2万亩，其中水稻2.8万亩，旱粮1万亩。"
    rows = [row("4.2万亩", 4.2e4, "亩", kind="area", magnitude=1e4, decimals=1, role="total", group=0.0),
            row("2.8万亩", 2.8e4, "亩", kind="area", magnitude=1e4, decimals=1, role="part", group=0.0),
            row("1万亩", 1e4, "亩", kind="area", magnitude=1e4, role="part", group=0.0)]
    found = fire("arithmetic.parts-sum", table(text, rows))
    assert [f.text for f in found] == ["4.2万亩"]
    assert "3.8万亩" in found[0].evidence["summary"]


def test_selection_well_below_total_is_not_a_breakdown():
    text = "全镇劳动力37770人，其中脱贫劳动力2613人，外出务工1.2万人。"
    rows = [row("37770人", 37770, "人", kind="people", role="total", group=0.0),
            row("2613人", 2613, "人", kind="people", role="part", group=0.0),
            row("1.2万人", 1.2e4, "人", kind="people", magnitude=1e4, decimals=1, role="part", group=0.0)]
    assert fire("arithmetic.parts-sum", table(text, rows)) == []


# --- tablecheck: filters and bands over the metric rows ------------------------------------------

def test_a_band_collects_every_row_outside_it():
    rows = [{"value": v, "row_id": i} for i, v in enumerate([50.0, 120.0, -3.0, float("nan")])]
    band = Band(name="率", column="value", min=0, max=100)
    assert [r["row_id"] for r in outside(band, rows)] == [1, 2]  # a missing value passes


_ROW = st.fixed_dictionaries({
    "value": st.one_of(st.floats(-300, 300), st.just(float("nan"))),
    "unit": st.sampled_from(["%", "元", None]),
    "unit_kind": st.sampled_from(["share", "currency", None]),
    "qualifier": st.sampled_from(["growth", "yoy_growth", None]),
    "subject": st.one_of(st.none(), st.text("产值收入投资率年均", max_size=6)),
    "clause": st.one_of(st.none(), st.text("产值收入投资率年均上半", max_size=8)),
    "text": st.just("1%"), "magnitude": st.just(1.0), "approx": st.booleans(), "is_range": st.just(False),
    "period": st.sampled_from(["year", "half"]),
})


@settings(max_examples=300, deadline=None)
@given(st.lists(_ROW, max_size=12), st.sampled_from([None, ["%"]]), st.sampled_from([None, "产值|收入"]),
       st.sampled_from([None, "年均"]), st.sampled_from([None, -50.0]), st.sampled_from([None, 50.0, 150.0]))
def test_a_band_compares_values_before_its_filter_as_the_plain_definition_would(rows, unit, about, clause_not,
                                                                             low, high):
    """`outside` reads the value first and the filter's regexes only for rows out of range: the same
    rows, in the same order, as selecting first and comparing after."""
    rows = [dict(r, row_id=i) for i, r in enumerate(rows)]
    band = Band(name="x", column="value", min=low, max=high,
                where=RowFilter(unit=unit, about=about, clause_not=clause_not, qualifier=["growth", "yoy_growth"]))
    plain = [r for r in band.where.select(rows)
             if (low is not None and r["value"] < low) or (high is not None and r["value"] > high)]
    assert [r["row_id"] for r in outside(band, rows)] == [r["row_id"] for r in plain]


def test_a_band_on_an_unknown_column_is_a_loud_error():
    with pytest.raises(ValueError, match="no_such_column"):
        Band(name="x", column="no_such_column", max=1)


def test_row_filter_selects_by_subject_clause_and_qualifier():
    text = "示范户种植油菜3亩。油菜种植面积2.45亩。"
    ctx = table(text, [row("3亩", 3, "亩", kind="area", subject="油菜面积"),
                       row("2.45亩", 2.45, "亩", kind="area", decimals=2, subject="油菜种植面积")])
    flt = RowFilter(subject="油菜", clause_not="示范|户", unit_kind=["area"], qualifier=[None])
    assert [r["text"] for r in flt.select(ctx.metric_rows)] == ["2.45亩"]


def test_value_range_suggests_the_missing_magnitude():
    text = "全镇完成油菜种植面积2.45亩。"
    ctx = table(text, [row("2.45亩", 2.45, "亩", kind="area", decimals=2, subject="油菜种植面积")])
    found = fire("implausible-value.range", ctx)
    assert found and found[0].suggestion == "2.45万亩"
    assert found[0].evidence["expected_range"][0] == 10


def test_growth_band_reads_declines_as_negative():
    text = "财政收入同比下降120%，工业总产值同比下降8%。"
    ctx = table(text, [row("120%", 120, "%", kind="percent", subject="财政收入", qualifier="yoy_decline"),
                       row("8%", 8, "%", kind="percent", subject="工业总产值", qualifier="yoy_decline")])
    assert [f.text for f in fire("implausible-growth.band", ctx)] == ["120%"]


# --- missing units ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [("364万", "364万元"), ("1200余万", "1200余万元"),
                                                ("10万以上", "10万元以上"), ("2.5亿", "2.5亿元")])
def test_unit_goes_where_chinese_puts_it(text, expected):
    assert with_unit(text, "元") == expected


def test_shared_tail_carries_the_unit():
    text = "其中收入20万和30万元的村各1个。"
    ctx = table(text, [row("20万", 2e5, None, magnitude=1e4, subject="收入"),
                       row("30万元", 3e5, "元", kind="currency", magnitude=1e4, subject="收入")])
    assert fire("missing-unit.money", ctx) == []


# --- restatements --------------------------------------------------------------------------------

def test_restatement_converts_units_and_respects_approximation():
    text = "完成土地流转100公顷。\n二、项目\n已完成土地流转1500亩。\n三、亮点\n已完成土地流转1000余亩。"
    rows = [row("100公顷", 100, "公顷", kind="area", factor=15, subject="土地流转", subject_key="土地流转", sentence=0,
                section="一"),
            row("1500亩", 1500, "亩", kind="area", subject="土地流转", subject_key="土地流转", sentence=1,
                section="二"),
            row("1000余亩", 1000, "亩", kind="area", subject="土地流转", subject_key="土地流转", sentence=2,
                section="三", approx=True)]
    found = fire("inconsistency.restated-figure", table(text, rows))
    assert [f.text for f in found] == ["1000余亩"]
    assert found[0].evidence["related_line"] == 1


# --- end to end, through the real extractor ------------------------------------------------------

def e2e(text: str, prefix: str) -> list:
    """Findings of rules named `prefix…`, also where another rule's finding on the same span
    stands for it (`evidence.also`: one finding per span and category)."""
    return [f for f in check_text(text)
            if f.rule.startswith(prefix) or any(r.startswith(prefix) for r in (f.evidence or {}).get("also", []))]


def test_e2e_split_that_adds_up_stays_silent():
    text = "截止目前，我镇五保对象共206户207人，其中集中供养34户35人，分散供养172户172人。"
    assert e2e(text, "arithmetic") == []


def test_e2e_part_above_its_total_after_a_count_of_another_unit():
    # 其中亿元以上项目5个，签约资金35亿元: the first money figure after 其中 passes the money total,
    # though the first figure after 其中 is a count
    text = "招商引资签约项目12个，签约资金28亿元，其中亿元以上项目5个，签约资金35亿元。"
    assert [f.rule for f in e2e(text, "arithmetic")] == ["arithmetic.parts-sum"]
    assert e2e(text.replace("35亿元", "25亿元"), "arithmetic") == []


def test_e2e_project_list_total():
    text = ("三、重大项目建设情况\n实施重点项目3个，总投资1.35亿元。\n1．污水处理项目计划投资5000万元，年底建成。\n"
            "2．道路提质项目计划投资4000万元。\n3．文化广场项目计划投资3000万元。\n")
    found = e2e(text, "arithmetic.list-total")
    assert [f.line for f in found] == [2]
    assert "1.20亿元" in found[0].evidence["summary"]


def test_e2e_money_without_yuan_and_its_evidence():
    found = e2e("全年共发放低保资金364万，发放残疾补贴166.3万元。", "missing-unit")
    assert [f.text for f in found] == ["364万"]
    assert found[0].suggestion == "364万元" and "summary" in found[0].evidence


def test_e2e_title_and_body_disagree():
    text = "北斗镇人民政府2023年工作总结\n过去的一年，北斗溪镇人民政府团结一心，北斗溪镇经济稳步发展。\n"
    found = e2e(text, "inconsistency.place-name")
    assert [(f.line, f.text, f.suggestion) for f in found] == [(1, "北斗镇", "北斗溪镇")]


# --- kinds added later: counts of named items, rates from counts, pairs, years, growth ------------

def test_chinese_counts():
    from checker.rules.kinds.list_count import chinese_count
    assert [chinese_count(s) for s in ("四", "十", "十五", "二十三", "15", "两")] == [4, 10, 15, 23, 15, 2]


@pytest.mark.parametrize(("text", "fires"), [
    ("重点打造公社食堂、知青陈列馆、百货商场、礼堂三个场点。", True),
    ("重点打造公社食堂、知青陈列馆、百货商场、礼堂四个场点。", False),
    ("打造了李家村、泉湖村大屋垄和洪冲山等3个示范村湾。", False),
    ("引进甲公司、乙公司、丙公司、丁公司等3家企业。", True),
    ("重点培育四都大米、家乡粮油两家企业和湘忆缘、惠泽牧业、四都佬等三家企业。", False),
])
def test_list_count(text, fires):
    assert bool(e2e(text, "arithmetic.list-count")) is fires


def test_rate_from_counts_and_change_amounts():
    found = e2e("指导各村为群众代办事项2517件，办理代办事项1320件，办结率100%。", "inconsistency.rate-from-parts")
    assert found and found[0].evidence["computed"] == pytest.approx(52.44, abs=0.01)
    # 比去年增加2022吨 is the change, not last year's output: 2022 / (127000 - 2022) = 1.62% ≈ 1.57% within rounding
    assert e2e("粮食总产达12.7万吨，比去年增加2022吨，增长1.57%。", "implausible-growth") == []
    assert e2e("村集体经济收入120万元，去年同期100万元，同比增长30%。", "implausible-growth.contradicts-values")
    # a 其中 part's own change is compared with that part, not with the sentence's first figure
    assert e2e("地方一般公共预算收入116059万元，较上年增加6570万元，增长6%，其中税收收入82539万元，"
               "较上年增加4674万元，增长6%；非税收入33520万元，较上年增加1896万元，增长6%。",
               "implausible-growth.contradicts-values") == []
    assert e2e("地方一般公共预算收入116059万元，较上年增加6570万元，增长6%，其中税收收入82539万元，"
               "较上年增加4674万元，增长9%。", "implausible-growth.contradicts-values")


def test_an_earlier_value_taken_by_one_rate_is_not_compared_with_the_next():
    # 16元 went with 17.8%; 19.2% is 转移性收入's own decline, stated without its earlier value
    text = "人均财产性收入106元，比去年同期增加16元，增长{}%，人均转移性收入422元，同比下降19.2%。"
    assert e2e(text.format("17.8"), "implausible-growth.contradicts-values") == []
    # the first rate is still checked against its own two values
    assert e2e(text.format("27.8"), "implausible-growth.contradicts-values")


def test_parts_in_a_sentence_opening_with_qizhong_belong_to_the_total_before_it():
    text = "总投资39.5亿元。其中，已建成企业投资20.47亿元，在建企业投资12.83亿元，待建企业投资{}亿元。"
    assert e2e(text.format("19.76"), "arithmetic.parts-sum")
    assert e2e(text.format("6.2"), "arithmetic.parts-sum") == []
    # a sentence not opening with 其中 is another statement
    assert e2e("总投资39.5亿元。已建成企业投资20.47亿元，在建企业投资22.83亿元。", "arithmetic.parts-sum") == []


def test_a_unit_after_a_space_is_not_missing():
    assert e2e("全村耕地面积 8250 余亩，没有灌溉用机井。", "missing-unit") == []
    assert e2e("全村耕地面积8250，没有灌溉用机井。", "missing-unit.area")


def test_household_pairs_and_year_counts():
    assert e2e("截至目前，累计纳入监测户共计12户23人，脱贫户1330户4785人。", "implausible-value") == []
    assert [f.text for f in e2e("新纳入监测户2023户45人。", "implausible-value.household-size")] == ["2023户45人"]
    assert e2e("2023年工作总结\n完成和洞村危房改造2023户。", "implausible-value.year-as-count")


def test_title_year_and_level():
    assert e2e("2023年工作总结\n2010年，全镇团结一心。2010年完成生产总值5亿元。", "inconsistency.title-year")
    assert e2e("2023年工作总结\n2023年，全镇团结一心。2010年被评为文明镇。", "inconsistency.title-year") == []
    assert e2e("镇政府2023年上半年工作总结\n全乡上下团结一心，我乡经济稳步发展。", "inconsistency.admin-level")
    # 乡镇 in a title is the genre (乡镇工作总结), not a town: a 乡 report under it is consistent.
    assert e2e("春节乡镇工作总结\n全乡开展文化活动，我乡群众踊跃参与。", "inconsistency.admin-level") == []
    assert e2e("青山镇工作总结\n全乡开展文化活动，我乡群众踊跃参与。", "inconsistency.admin-level")



def test_title_year_against_the_year_a_heading_sums_up():
    # once is enough when a heading names the year summed up; a title printed twice is the title
    title = "民政局2019年工作总结及2023年工作计划\n"
    doubled = title + title + "一、2023年工作总结\n全市新建养老服务中心70家。"
    assert [f.text for f in e2e(doubled, "inconsistency.title-year")] == ["2019年"]
    # a report of 2024 reviews 2023: next years are consistent
    assert e2e("2024年政府工作报告\n一、2023年工作回顾\n过去一年，全县经济稳步增长。", "inconsistency.title-year") == []
    plan = "2023年工作总结及2024年工作计划\n一、2023年工作总结\n二、2024年工作计划"
    assert e2e(plan, "inconsistency.title-year") == []

def test_a_village_figure_is_not_below_a_township_range():
    # a village plan in a county's words (我县): 全村人口3355人 is a village's, not a county's population
    text = "我县唯一的蜜枣村，全县海拔最高。全村人口3355人，现有贫困户165户，人口310人。我县扶贫成效明显。"
    assert e2e(text, "implausible-value.range") == []
    assert e2e("我县扶贫成效明显，全县人口3355人，我县经济稳步增长。", "implausible-value.range")


def test_yield_per_mu_compares_the_same_crop_only():
    assert e2e("全镇水稻种植面积2.45亩，总产量1.2万吨。", "implausible-value.yield")
    assert e2e("蔬菜种植面积14.48万亩，同比增加5000亩，产量20.8万吨。", "implausible-value.yield") == []
    assert e2e("耕地面积24492亩，新恢复耕地200亩，粮食产量1.6万余吨。", "implausible-value.yield") == []


def test_a_sum_written_in_two_parts_has_its_unit_after_the_second():
    # 51萬9,000元, 56億6,184萬元, 3亿5000万元: the 万/亿 part is not the whole figure
    assert e2e("計畫經費合計51萬9,000元整,總預算約為新臺幣56億6,184萬元。", "missing-unit") == []
    assert e2e("项目总投资3亿5000万元，争取资金1亿2千万元。", "missing-unit") == []
    assert e2e("项目总投资3亿，争取资金5000万元。", "missing-unit.money")


def test_a_people_word_after_a_magnitude_is_its_unit():
    # 近30万外出人员: the figure counts people; 较上年的54万 has no unit at all.
    assert e2e("作为有着近30万外出人员的劳务输出大县，带动1.2万群众增收。", "missing-unit.magnitude-only") == []
    assert e2e("村集体经济收入达到59.9万元，较上年的54万增长10.9%。", "missing-unit.magnitude-only")
