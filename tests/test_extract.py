"""Metric extraction on sentences written for these tests (not taken from the seeds)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.document import Document
from checker.extract import extract_metrics
from checker.extract.structure import _BracketScan
from checker.schemas import COLUMN_NAMES, METRICS_SCHEMA


def table(text: str) -> pd.DataFrame:
    return extract_metrics(Document.from_text(text, path="t.txt"))


def one(text: str) -> dict:
    t = table(text)
    assert len(t) == 1, t[["text", "value", "unit"]].to_dict("records")
    return t.iloc[0].to_dict()


def texts(text: str) -> list[str]:
    return table(text)["text"].tolist()


def nan(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


# ---------------------------------------------------------------- number forms

@pytest.mark.parametrize(("sentence", "text", "value", "unit"), [
    ("今年新修村道12.5公里。", "12.5公里", 12.5, "公里"),
    ("合作社年销售额达1,250.5万元。", "1,250.5万元", 12_505_000, "元"),
    ("全村常住人口三千五百人。", "三千五百人", 3500, "人"),
    ("帮扶一百二十户困难家庭。", "一百二十户", 120, "户"),
    ("为两家企业办理贷款。", "两家", 2, "家"),
    ("向上争取资金1.7万。", "1.7万", 17_000, None),
    ("购置办公桌椅3千套。", "3千套", 3000, "套"),
    ("全县生产总值18.14亿元。", "18.14亿元", 1_814_000_000, "元"),
    ("固定资产投资1.3673亿元。", "1.3673亿元", 136_730_000, "元"),
    ("全省社会融资规模2.5万亿元。", "2.5万亿元", 2.5e12, "元"),
    ("资金规模3.64百万元。", "3.64百万元", 3_640_000, "元"),
    ("村里筹集资金两万元。", "两万元", 20_000, "元"),
    ("二〇二三年以来共调解纠纷二十起。", "二十起", 20, "起"),
])
def test_number_forms(sentence: str, text: str, value: float, unit: str | None) -> None:
    row = one(sentence)
    assert row["text"] == text
    assert row["value"] == pytest.approx(value)
    assert (row["unit"] if not nan(row["unit"]) else None) == unit


def test_decimals_and_magnitude_columns() -> None:
    row = one("共投入资金6.85亿元。")
    assert row["number"] == pytest.approx(6.85)
    assert row["magnitude"] == 1e8
    assert row["decimals"] == 2


def test_chinese_numeral_with_approximation() -> None:
    row = one("开展入户走访十余次。")
    assert row["value"] == 10
    assert row["approx"] and row["approx_marker"] == "余"


# ---------------------------------------------------------------- percentages and ratios of change

@pytest.mark.parametrize(("sentence", "value", "unit"), [
    ("村民满意度达到96.5%。", 96.5, "%"),
    ("群众知晓率百分之九十。", 90, "%"),
    ("合格率百分之九十九点五。", 99.5, "%"),
    ("贫困发生率下降2个百分点。", 2, "个百分点"),
])
def test_percentages(sentence: str, value: float, unit: str) -> None:
    row = one(sentence)
    assert row["value"] == pytest.approx(value)
    assert row["unit"] == unit


def test_growth_statements_point_at_the_figure_they_qualify() -> None:
    t = table("全乡农业总产值3.2亿元，同比增长7.5%；财政收入860万元，较上年下降3.1%。")
    growth = t[t["qualifier"].notna()]
    assert growth["qualifier"].tolist() == ["yoy_growth", "yoy_decline"]
    assert growth["qualifies"].tolist() == [0.0, 2.0]
    assert growth["subject"].tolist() == ["农业总产值", "财政收入"]
    assert growth["direction"].tolist() == ["up", "down"]


def test_a_space_before_the_rate_keeps_its_growth_statement() -> None:
    """A PDF or Word export spaces a figure from its words (同比增长 2%): still a rate, never a part
    of the total before it (其中工业投资3.7亿元，同比增长 24.9%)."""
    t = table("固定资产投资 5亿元，同比增长 2%，其中工业投资 3.7 亿元，同比增长 24.9%，服务业投资 1.3 亿元。")
    growth = t[t["qualifier"].notna()]
    assert growth["text"].tolist() == ["2%", "24.9%"]
    assert growth["qualifier"].tolist() == ["yoy_growth", "yoy_growth"]


def test_growth_in_points_and_absolute_change() -> None:
    t = table("城镇化率58.2%，比上年提高1.6个百分点。村级收入较上年增加120万元。")
    assert t.loc[1, "qualifier"] == "percentage_points"
    assert t.loc[1, "qualifies"] == 0
    assert t.loc[2, "qualifier"] == "yoy_growth"


def test_adding_things_is_not_a_growth_rate() -> None:
    t = table("新建垃圾池20个，增加停车位35个。")
    assert t["qualifier"].isna().all()


def test_a_bare_change_clause_after_a_figure_of_its_unit_is_its_change() -> None:
    t = table("其中稻谷面积184865亩，增加6727亩；烟叶面积34458亩，减少4181亩。")
    assert t["qualifier"].tolist()[1::2] == ["change", "change"]
    assert t["direction"].tolist()[1::2] == ["up", "down"]
    assert t["qualifies"].tolist()[1::2] == [0.0, 2.0]
    # what goes on after the figure (停车位) was added, in another unit: amounts, no changes
    assert table("新建停车场2个，增加80个停车位。")["qualifier"].isna().all()
    assert table("建成道路12公里，增加停车位80个。")["qualifier"].isna().all()


def test_every_bare_change_pattern_holds_a_trigger_character() -> None:
    from checker.extract.subjects import subject_lexicon

    raw = subject_lexicon().raw
    for pattern, _direction in raw["bare_changes"]:
        assert any(ch in pattern for ch in raw["qualifier_trigger_chars"]), pattern


# ---------------------------------------------------------------- units and aliases

@pytest.mark.parametrize(("sentence", "unit", "unit_text", "kind", "base"), [
    ("新建厂房1200平米。", "平方米", "平米", "area", 1.8),
    ("建成仓库800m2。", "平方米", "m2", "area", 1.2),
    ("改造门面300㎡。", "平方米", "㎡", "area", 0.45),
    ("完成造林20公顷。", "公顷", "公顷", "area", 300),
    ("治理水土流失3.5平方公里。", "平方公里", "平方公里", "area", 5250),
    ("硬化道路4.6千米。", "公里", "千米", "length", 4600),
    ("修建步道2.4km。", "公里", "km", "length", 2400),
    ("收购稻谷1200吨。", "吨", "吨", "mass", 1_200_000),
    ("产出茶叶800公斤。", "公斤", "公斤", "mass", 800),
    ("采摘杨梅3000斤。", "斤", "斤", "mass", 1500),
    ("建成光伏电站20MW。", "兆瓦", "MW", "power", 20_000),
    ("安装屋顶光伏450kW。", "千瓦", "kW", "power", 450),
    ("配建储能40MWh。", "兆瓦时", "MWh", "energy", 40_000),
    ("清运淤泥600方。", "立方米", "方", "volume", 600),
])
def test_unit_aliases(sentence: str, unit: str, unit_text: str, kind: str, base: float) -> None:
    row = one(sentence)
    assert (row["unit"], row["unit_text"], row["unit_kind"]) == (unit, unit_text, kind)
    assert row["base_value"] == pytest.approx(base)


@pytest.mark.parametrize(("sentence", "text"), [
    ("惠及19个村、2万名群众。", "2万名"),
    ("组织200名员工参加培训。", "200名"),
    ("走访30名家长。", "30名"),
])
def test_ming_counts_people_before_words_that_rule_out_ren(sentence: str, text: str) -> None:
    # 人群, 人员, 人家 are words, so 人 is no unit before 群, 员, 家; 名 has its own guard
    row = table(sentence).iloc[-1].to_dict()
    assert (row["text"], row["unit"], row["unit_kind"]) == (text, "人", "people")


def test_ming_before_a_word_of_its_own_is_no_unit() -> None:
    assert "3名" not in texts("公布3名单位，排名前3名次。")


def test_same_amount_written_three_ways_is_comparable() -> None:
    t = table("救助资金364万。救助资金364万元。救助资金3.64百万元。")
    assert t["value"].tolist() == [3_640_000] * 3
    assert t["unit"].isna().tolist() == [True, False, False]


def test_ambiguous_aliases_need_their_context() -> None:
    assert texts("搭建服务平台3个。") == ["3个"]  # 平 of 平台 is not a unit
    assert texts("四方会诊化解纠纷。") == []  # 方 after a Chinese numeral is never 立方米


# ---------------------------------------------------------------- ranges and approximations

@pytest.mark.parametrize(("sentence", "low", "high", "unit"), [
    ("每户补助3至5个工日。", 3, 5, "个"),
    ("单片规模10—20亩。", 10, 20, "亩"),
    ("计划投入3-5万元。", 30_000, 50_000, "元"),
])
def test_ranges(sentence: str, low: float, high: float, unit: str) -> None:
    row = one(sentence)
    assert row["is_range"]
    assert (row["value"], row["range_high"], row["unit"]) == (low, high, unit)


@pytest.mark.parametrize(("sentence", "marker", "position", "bound"), [
    ("惠及群众约1200人。", "约", "before", None),
    ("辐射农户近300户。", "近", "before", None),
    ("销售收入超500万元。", "超", "before", None),
    ("参训人员逾千人次。", None, None, None),
    ("参训人员逾500人次。", "逾", "before", None),
    ("带动就业200余人。", "余", "after", None),
    ("新增耕地30多亩。", "多", "after", None),
    ("村集体收入5万元以上。", "以上", "after", "ge"),
    ("日均客流2000人左右。", "左右", "after", None),
    ("年龄在60岁以下。", "以下", "after", "le"),
    ("产值1.2万余元。", "余", "after", None),
])
def test_approximation_markers(sentence: str, marker: str | None, position: str | None, bound: str | None) -> None:
    t = table(sentence)
    if marker is None:  # 逾千: a bare 千 is not a number (万亩, 千亩 are names of bases)
        assert t.empty
        return
    row = t.iloc[0].to_dict()
    assert row["approx"] and row["approx_marker"] == marker
    assert row["approx_position"] == position
    assert (None if nan(row["bound"]) else row["bound"]) == bound


def test_malformed_approximation_inside_the_number() -> None:
    row = one("追回资金2.3余万元。")
    assert row["value"] == pytest.approx(23_000)
    assert row["approx"] and row["approx_position"] == "inside"
    assert row["text"] == "2.3余万元"


def test_two_markers_together_are_both_kept() -> None:
    row = one("发放传单约2000余份。")
    assert row["approx_marker"] == "约余"


# ---------------------------------------------------------------- not metrics

@pytest.mark.parametrize("sentence", [
    "2024年3月15日召开会议。",
    "截至10月底，工作全面完成。",
    "1-6月份组织巡查。",
    "上半年工作总结。",
    "预计12底完成。",
    "第一，加强领导。第3批名单公布。",
    "一是抓学习。二是抓落实。",
    "1．加强组织建设\n（二）推进乡村振兴\n3、强化保障",
    "深入学习党的二十大精神。",
    "落实“两不愁三保障”和“三高四新”战略。",
    "推行“一村一品”“一户一策”，落实“一岗双责”。",
    "培育五大产业，实施十大工程。",
    "推行十户联防机制。",
    "新建5G基站，购置G60型设备。",
    "详见http://www.example.gov.cn/2024/0315/123.html。",
    "《关于2024年度3项重点工作的通知》印发。",
    "实行“七个一”工作法。",
    "在8点30分集合。",
    "完成三、四年级教室改造。",
    "获评2021 年度全市先进单位。",
    "实施'1222“工作布局。",
    "索引号: 113417030032496887/202111-00027 组配分类: 年度计划",
    "索引号 | K16059504/2024-117342 |",
    "（一）民生工程圆满完成各项目标任务 1、城乡最低生活保障",
])
def test_non_metrics_are_not_rows(sentence: str) -> None:
    assert texts(sentence) == []


def test_a_stray_space_before_the_unit() -> None:
    row = one("完成年度任务的77.8 %。")
    assert (row["value"], row["unit"], row["text"]) == (77.8, "%", "77.8 %")


def test_list_marker_before_a_year_is_not_a_decimal() -> None:
    assert texts("1.2024年重点工作：新建公厕3座。") == ["3座"]


def test_figure_at_the_start_of_a_line_is_still_a_figure() -> None:
    assert texts("2.45亩示范地") == ["2.45亩"]


# ---------------------------------------------------------------- messy text

def test_decimal_point_typed_as_list_comma() -> None:
    row = one("完成投资3、19亿元。")
    assert row["value"] == pytest.approx(319_000_000)
    assert row["decimal_mark"] == "、"


def test_decimal_point_typed_as_comma() -> None:
    row = one("村集体收入29851，2万元。")
    assert row["value"] == pytest.approx(298_512_000)
    assert row["decimal_mark"] == "，"


def test_a_real_list_with_commas_is_not_a_decimal() -> None:
    t = table("涉及1、2、3组共45户。")
    assert t["text"].tolist() == ["45户"]


@pytest.mark.parametrize(("sentence", "unit"), [
    ("全年共发展党员名，", "人"),
    ("共代理件。", "件"),
    ("累计发放资金万元。", "元"),
])
def test_template_blanks_are_rows_without_a_value(sentence: str, unit: str) -> None:
    row = one(sentence)
    assert row["blank"] and nan(row["value"]) and nan(row["number"])
    assert row["unit"] == unit


@pytest.mark.parametrize("sentence", ["完成项目名称登记。", "办好群众的每件事。", "共同参与。", "完成报名，",
                                      "发展个人兴趣。"])
def test_words_ending_in_a_measure_word_are_not_blanks(sentence: str) -> None:
    assert texts(sentence) == []


# ---------------------------------------------------------------- traditional script, full width, positions

def test_traditional_script_is_read_and_reported_as_written() -> None:
    text = ("今年以來，鎮黨委認真貫徹縣委決策部署，全面開展鄉村振興工作。"
            "全年發放低保資金364萬元，惠及困難群眾1200餘人，農業總產值較上年增長12％。")
    t = table(text)
    assert t["text"].tolist() == ["364萬元", "1200餘人", "12％"]
    assert t["value"].tolist() == [3_640_000, 1200, 12]
    assert t.loc[0, "subject"] == "低保资金"
    assert t.loc[2, "qualifier"] == "yoy_growth"


def test_short_traditional_passage_is_still_read() -> None:
    # too short to be detected as traditional (so not converted), yet its figures are read
    t = table("發放資金364萬元，幫扶1200餘戶。")
    assert t["value"].tolist() == [3_640_000, 1200]
    assert t["unit"].tolist() == ["元", "户"]
    assert t["approx"].tolist() == [False, True]


def test_full_width_digits() -> None:
    row = one("完成投资１２３４．５万元。")
    assert row["value"] == pytest.approx(12_345_000)
    assert row["text"] == "１２３４．５万元"


def test_positions_point_at_the_original_file() -> None:
    text = "标题\r\n全镇新建公厕１２座，改造户厕300户。\r\n"
    t = table(text)
    lines = text.split("\r\n")
    for _, r in t.iterrows():
        line = lines[r["line"] - 1]
        assert line[r["column"] - 1: r["end_column"] - 1] == r["text"]
    assert t[["line", "column", "end_column"]].values.tolist() == [[2, 7, 10], [2, 15, 19]]


def test_figure_split_by_a_pdf_line_break_is_read_whole() -> None:
    text = "全年\n共计\n完成\n造林\n7860\n亩，\n成效明显。\n"
    row = one(text)
    assert row["value"] == 7860 and row["unit"] == "亩"
    assert (row["line"], row["end_line"]) == (5, 6)


def test_unit_on_the_next_line_after_an_unjoined_wrap() -> None:
    row = one("截至目前花生种植面积达\n7860\n亩，增长明显。")
    assert (row["value"], row["unit"], row["line"], row["end_line"]) == (7860, "亩", 2, 3)


# ---------------------------------------------------------------- compound figures and structure

def test_compound_figures_share_a_pair() -> None:
    t = table("新识别监测对象45户132人，建成储能30MW/60MWh。")
    assert t["pair"].tolist() == [0, 0, 2, 2]
    assert t.loc[1, "subject"] == t.loc[0, "subject"]
    assert t.loc[0, "subject"].endswith("监测对象")


def test_households_and_persons_across_a_comma_are_one_pair() -> None:
    # a village profile: 335户,1200人; — but 120户,80人实现就业 states two facts
    t = table("下辖5个村民小组,335户,1200人;帮扶贫困户120户,80人实现就业。")
    assert t["pair"].tolist()[1:3] == [1, 1]
    assert all(nan(p) for p in t["pair"].tolist()[3:])


def test_decomposition_after_qiZhong() -> None:
    t = table("全年种植烤烟3200亩，其中新植区1200亩，老区2000亩，完成烟叶收购800吨。")
    assert t["role"].tolist()[:3] == ["total", "part", "part"]
    assert t["group"].tolist()[:3] == [0, 0, 0]
    assert nan(t.loc[3, "role"])



def test_a_bracket_after_a_figure_holds_its_parts():
    # 1662户7805人(…): both halves of the compound are totals; a bracket holding a share adds no part
    t = table("贫困户1662户7805人(洪广镇1199户5745人,金贵镇269户1272人)。完成投资5亿元(占年度任务的60%)。")
    assert t["role"].tolist()[:6] == ["total", "total", "part", "part", "part", "part"]
    assert t["group"].tolist()[:6] == [0, 1, 0, 1, 0, 1]
    assert all(nan(r) for r in t["role"].tolist()[6:])


def test_a_part_named_with_zhong_opens_its_own_breakdown():
    # 粮作中，…: the crops after it are parts of 粮作, not more parts of the 72.4万亩
    t = table("共播种农作物72.4万亩，其中粮作53.1万亩，经作19.3万亩，粮作中，玉米35.6万亩、大豆16.1万亩。")
    assert t["role"].tolist()[:3] == ["total", "part", "part"]
    assert all(nan(r) for r in t["role"].tolist()[3:])


def test_a_bracket_after_a_part_breaks_that_part_down():
    # 建设项目27项(省级6项、…): the bracketed figures are parts of the 27, not more parts of the 30
    t = table("重点工程共30项，其中：建设项目27项（省级6项、市级5项、县级16项），前期项目3项（市级2项、县级1项）。")
    roles = [None if nan(r) else r for r in t["role"].tolist()]
    assert roles == ["total", "part", None, None, None, "part", None, None]
    # a bracket that follows no figure may hold the parts themselves
    t = table("种植水稻3万亩，其中（早稻2万亩、晚稻1万亩）。")
    assert t["role"].tolist() == ["total", "part", "part"]


def _open_bracket_plain(text: str, start: int, pos: int) -> int | None:
    stack: list[int] = []
    for i in range(start, pos):
        if text[i] in "（(":
            stack.append(i)
        elif text[i] in "）)" and stack:
            stack.pop()
    return stack[-1] if stack else None


@given(st.text(alphabet="（）()a1", max_size=40), st.lists(st.integers(0, 40), max_size=8))
def test_bracket_scan_matches_a_scan_from_the_start(text: str, positions: list[int]) -> None:
    # the incremental scan answers as a fresh scan from the start would, at positions in order
    scan = _BracketScan(text, 0)
    for pos in sorted(p for p in positions if p <= len(text)):
        assert scan.open_at(pos) == _open_bracket_plain(text, 0, pos)


def test_a_change_written_with_zeng_alone_is_not_a_total():
    # 比上年增5.02万亩 is the change: its 其中 parts belong to the 132.8万亩 before it
    t = table("完成粮食播种面积132.8万亩，比上年增5.02万亩，其中水稻55.9万亩，玉米31.3万亩。")
    assert t["qualifier"].tolist()[1] == "yoy_growth"
    assert t["role"].tolist()[0] == "total" and nan(t.loc[1, "role"])
    assert t["role"].tolist()[2:] == ["part", "part"] and t["group"].tolist()[2:] == [0, 0]
    t = table("全县粮食总产量13.6万吨，比2013年增产4.7万吨，其中谷物12.5万吨。")
    assert t["qualifier"].tolist()[1] == "yoy_growth"
    assert t["role"].tolist()[0] == "total" and t["role"].tolist()[2] == "part"

def test_parts_run_over_semicolons_to_the_remainder() -> None:
    # …；其他项目…: a breakdown that names its remainder lists every part, one piece each; the
    # rates in the pieces (完成年度目标任务的307%) are no parts and stop nothing
    t = table("到位资金8.29亿元。其中工业项目到位资金6.14亿元，完成年度目标任务的307%；"
              "基础设施项目到位资金8910万元；其他项目到位资金1.31亿元。")
    roles = [None if nan(r) else r for r in t["role"].tolist()]
    assert roles == ["total", "part", None, "part", "part"] and t["group"].tolist()[3:] == [0, 0]
    # without a remainder the semicolon ends the breakdown: another statement may follow
    t = table("财政收入1.2亿元，其中税收0.9亿元；社会消费品零售总额0.8亿元。")
    assert t["role"].tolist()[:2] == ["total", "part"] and nan(t.loc[2, "role"])


def test_a_change_against_last_year_end_or_a_price_move_is_not_a_total():
    # 比上年末增加0.1万人 is the change of the stock: the 其中 parts belong to the 94.9万人
    t = table("年末常住人口94.9万人，比上年末增加0.1万人，其中城镇人口41.4万人，乡村人口53.5万人。")
    assert t["qualifier"].tolist()[1] == "yoy_growth"
    assert t["role"].tolist()[0] == "total" and t["role"].tolist()[2:] == ["part", "part"]
    # a price index rises or falls: neither rate is a total of the other
    t = table("全年居民消费价格累计上涨1.0%，其中食品烟酒价格下跌1.6%。")
    assert t["qualifier"].tolist() == ["growth", "decline"]
    assert all(nan(r) for r in t["role"].tolist())


def test_decomposition_by_unit_kind() -> None:
    t = table("新纳入监测户60户180人，其中脱贫户40户120人，一般农户20户60人。")
    households = t[t["unit"] == "户"]
    people = t[t["unit"] == "人"]
    assert households["role"].tolist() == ["total", "part", "part"]
    assert set(households["group"]) == {0.0}
    assert set(people["group"]) == {1.0}


def test_total_announcing_a_numbered_list() -> None:
    text = ("三、重点项目\n共实施重点项目3个，总投资1.2亿元。\n"
            "1．县城污水厂扩建，计划投资5000万元，新建管网8公里。\n"
            "2．农贸市场改造，计划投资4000万，改造摊位200个。\n"
            "3．乡村道路提质，计划投资3000万元。\n"
            "四、存在问题\n")
    t = table(text)
    total = t[t["text"] == "1.2亿元"].iloc[0]
    assert total["role"] == "total"
    items = t[t["role"] == "item"]
    assert items["text"].tolist() == ["5000万元", "4000万", "3000万元"]
    assert set(items["group"]) == {total["row_id"]}
    assert items["item"].tolist() == ["1", "2", "3"]
    count = t[t["role"] == "count"].iloc[0]
    assert count["text"] == "3个" and count["group"] == total["row_id"]
    assert nan(t[t["text"] == "8公里"].iloc[0]["role"])


def test_sections_and_sentences() -> None:
    text = ("一、经济发展\n（一）农业\n1．种植水稻500亩。养殖生猪300头。\n"
            "（二）工业\n新增企业2家。\n二、民生\n发放补贴3万元。\n")
    t = table(text)
    assert t["section"].tolist() == ["一/（一）/1", "一/（一）/1", "一/（二）", "二"]
    assert t["sentence"].tolist() == sorted(t["sentence"].tolist())
    assert t.loc[0, "sentence"] != t.loc[1, "sentence"]


def test_inline_enumeration_items() -> None:
    t = table("一是新建公厕5座；二是改造村道3公里。")
    assert t["item"].tolist() == ["一是", "二是"]


# ---------------------------------------------------------------- subjects

@pytest.mark.parametrize(("sentence", "subject"), [
    ("全年共发放低保资金364万。", "低保资金"),
    ("完成油菜种植面积2.45万亩。", "油菜种植面积"),
    ("规模以上工业总产值完成2843万元。", "规模以上工业总产值"),
    ("今年开展安全检查42次。", "安全检查"),
    ("为300户困难群众发放慰问金。", "困难群众"),
    ("今年立案6起。", "立案"),
])
def test_subjects(sentence: str, subject: str) -> None:
    assert table(sentence).iloc[0]["subject"] == subject


def test_restated_subject_has_the_same_key() -> None:
    t = table("完成土地流转1500余亩。目前已完成土地流转1000余亩。项目总投资2亿元，计划投资2亿元。")
    assert t.loc[0, "subject_key"] == t.loc[1, "subject_key"] == "土地流转"
    assert t.loc[2, "subject_key"] == t.loc[3, "subject_key"] == "投资"


# ---------------------------------------------------------------- the table itself

def test_every_column_of_the_schema_is_present_and_valid() -> None:
    t = table("新建公厕12座，投入资金36万元。")
    assert list(t.columns) == list(COLUMN_NAMES)
    METRICS_SCHEMA.validate(t)
    assert t["row_id"].tolist() == [0, 1]
    assert (t["path"] == "t.txt").all()


def test_empty_document_gives_an_empty_valid_table() -> None:
    t = table("")
    assert t.empty and list(t.columns) == list(COLUMN_NAMES)


def test_values_carry_no_binary_noise() -> None:
    t = table("农业总产值5.1亿元，厂房4600平方米。")
    assert t["value"].tolist() == [510_000_000, 4600]
    assert t.loc[1, "base_value"] == 6.9


def test_share_and_a_figure_larger_than_the_total_is_not_a_part() -> None:
    t = table("税收完成539.46万元，占全年任务100.6%。总产值29.4亿元，其中工业产值24.3亿元，农业产值5.1亿元，"
              "电商交易额30亿元。")
    assert t.loc[1, "qualifier"] == "share"
    assert t["role"].tolist()[2:5] == ["total", "part", "part"]
    assert nan(t.loc[5, "role"])


def test_typed_schema_still_rejects_a_mistyped_string_column() -> None:
    from checker.schemas import METRICS_SCHEMA_TYPED

    t = table("新建公厕12座。")
    METRICS_SCHEMA_TYPED.validate(t)
    with pytest.raises(Exception, match="text"):
        METRICS_SCHEMA_TYPED.validate(t.assign(text=pd.Series([1], dtype="int64")))
    with pytest.raises(Exception, match="line"):
        METRICS_SCHEMA_TYPED.validate(t.assign(line=0))


def test_every_qualifier_pattern_holds_a_trigger_character() -> None:
    from checker.extract.subjects import subject_lexicon

    raw = subject_lexicon().raw
    for pattern, _qualifier, _direction in raw["qualifiers"]:
        assert any(ch in pattern for ch in raw["qualifier_trigger_chars"]), pattern


@pytest.mark.parametrize(("sentence", "text", "value"), [
    ("村级配套资金按1:1比例落实。", "1:1", 1.0),
    ("财政与社会资本投入之比为1：4。", "1：4", 0.25),
    ("林粮间作1:10配套推广。", "1:10", 0.1),
])
def test_ratios(sentence: str, text: str, value: float) -> None:
    row = one(sentence)
    assert (row["text"], row["unit"], row["unit_kind"], row["form"]) == (text, "比", "ratio", "ratio")
    assert row["value"] == pytest.approx(value)


def test_time_of_day_is_not_a_ratio() -> None:
    assert texts("上午9:30召开会议。") == []


def test_a_space_between_number_and_magnitude_or_unit() -> None:
    """PDF text spaces figures out: 2.33 万吨, 6.62 亿元, 31392 亩 are whole figures."""
    rows = table("食用菌年产量达 2.33 万吨,产值达 6.62 亿元,粮播面积 31392 亩。")
    got = [(r.text, r.value, r.unit) for r in rows.itertuples()]
    assert got == [("2.33 万吨", 23300.0, "吨"), ("6.62 亿元", 662000000.0, "元"), ("31392 亩", 31392.0, "亩")]
    # two spaces are no longer "a stray space": the number stands alone
    assert texts("共计 12  万元") == ["12"]
