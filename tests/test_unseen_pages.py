"""Damage classes found by reading real pages checker had never seen (benchmarks/unseen_review.md),
on sentences written for these tests: each must be found with its exact span, and the correct
phrasing most likely to be mistaken for it must stay silent.
"""

from __future__ import annotations

import pytest

from checker.api import check_text
from checker.findings import Finding
from checker.rules.loader import builtin_rules

RULES = builtin_rules()


def found(text: str, rule: str) -> list[Finding]:
    return [f for f in check_text(text, rules=RULES)
            if f.rule == rule or rule in (f.evidence or {}).get("also", [])]


@pytest.mark.parametrize(("text", "rule", "span"), [
    ("全年完成农业总产值 亿元，同比增长 %。", "placeholder.blank-spaced-figure", " 亿元"),
    ("办理群众来信 件，按期办结。", "placeholder.blank-spaced-figure", " 件"),
    ("工作报告\n2025年 月 日\n各位代表：", "placeholder.blank-date", " 月 日"),
    ("实现税收2.5亿元，增长；工业投资稳步回升。", "placeholder.blank-rate", "增长"),
    ("畜牧业产值占全乡农业产值的以上。", "placeholder.blank-rate", "的以上"),
    ("年度考核居全市第位。", "placeholder.blank-ordinal", "第位"),
    ("我们紧密团结在以为核心的党中央周围。", "placeholder.core-name", "为核心"),
    ("乡人民代表大会开幕<br/>\n会期两天。", "artifact.html-residue", "<br/>"),
    ("各位代表：xq7\n现在我代表乡人民政府报告工作。", "artifact.line-end-token", "xq7"),
    ("以下是关于镇年度工作计划的中文回答：\n一、发展经济", "artifact.chatbot-residue",
     "以下是关于镇年度工作计划的中文回答："),
    ("[size=3][b]某乡2024年工作总结[/b][/size]", "artifact.html-residue", "[size=3][b]"),
    ("交通通信类价格上涨3·6%。", "unit-format.decimal-as-comma", "3·6%"),
    ("乡村辖_个行政村。", "placeholder.single-underscore", "_"),
    ("在全乡推进会上的讲话^^全体干部", "artifact.stray-symbol", "^^"),
    ("圆满完成这一닭项工作", "artifact.foreign-script", "닭"),
])
def test_damage_found_with_its_span(text: str, rule: str, span: str) -> None:
    assert span in [f.text for f in found(text, rule)], (rule, text)


@pytest.mark.parametrize(("text", "rule"), [
    ("认真落实习总书记关于生态文明建设的重要指示。", "placeholder.leader-name"),
    ("全乡经济保持平稳增长；财政收入稳中有升。", "placeholder.blank-rate"),
    ("单位 万元，数据截至年末。", "placeholder.blank-spaced-figure"),
    ("农作物播种面积12.6万亩，粮食播种面积8", "missing-unit.area"),
    ("三次产业的比重调整为8.4:47.1:44.5。", "missing-unit.percent"),
    ("妥善处置“7·20”防汛险情。", "unit-format.decimal-as-comma"),
    ("研发投入中R&D经费占比提高。", "artifact.stray-symbol"),
    # an excerpt cut inside the pinyin gloss of 萬(wàn)畝: the unit may follow the cut
    ("全縣糧食播種面積19.8萬(wàn)畝,全縣蔬菜面積1.5萬(w", "missing-unit.area"),
    # 建设项目27项(省级6项…): the bracket breaks one part down, it adds no parts to the 30
    ("重点工程共30项，其中：建设项目27项（省级6项、市级5项、县级16项），前期项目3项（市级2项、县级1项）。",
     "arithmetic.parts-sum"),
    # the quoted first member holds a comma: the count includes it
    ("有效实施“扬尘专项治理，全城大扫除”、VOCs治理、秸秆禁烧、秋冬季大气污染防治四大行动。", "arithmetic.list-count"),
    ("规模以上工业产值227.8亿元，增长16.2%；排名上升3位。", "missing-unit.growth"),
    # 二十大 is no count of 冬奥会、冬残奥会、党的 (a list continued after a quoted member)
    ("今年“两会”、冬奥会、冬残奥会、党的二十大期间，我们严格压实维稳责任。", "arithmetic.list-count"),
    # a heading's number before 、 is not a member of the list after it
    ("加强交通法规普及。 三、以点带面 以丰家村、福朝村两个示范村为样板。", "arithmetic.list-count"),
    # the count of a whole place's members, not of the names before it
    ("甲公司获批省级数字化车间，乙公司、丙公司入选全省单项冠军培育企业名单、全市仅6家。", "arithmetic.list-count"),
    # a PDF wrap cut 元 off 亿: the unit is on the next line
    ("全区预计实现地区生产总值 369 亿元；固定资产投资 316 亿\n元，增长 11.8%。", "missing-unit.money"),
])
def test_correct_or_cut_text_stays_silent(text: str, rule: str) -> None:
    assert not found(text, rule), (rule, text)


def test_a_bare_figure_inside_the_text_is_still_a_missing_unit() -> None:
    assert found("全年农作物播种面积8，比上年增加。", "missing-unit.area")
    # a cut gloss excuses only the last figure: one followed by more text still lacks its unit
    assert found("全县蔬菜面积1.5万，比上年增加(w", "missing-unit.area")


def test_growth_without_its_percent_sign() -> None:
    text = "工业总产值290.4亿元，增长15.7%，其中规上企业产值227.8亿元，增长16.2；实际利用外资4729.8万美元。"
    assert [f.text for f in found(text, "missing-unit.growth")] == ["16.2"]


def test_building_types_are_a_selection_that_may_fall_short_but_not_exceed() -> None:
    short = "房地产开发完成投资8.44亿元，较上年增长11.1%。其中住宅投资7.37亿元，增长7.7%，商业营业用房投资0.84亿元。"
    assert not found(short, "arithmetic.parts-sum")
    over = "房地产开发完成投资8.44亿元，其中住宅投资7.97亿元，商业营业用房投资0.84亿元。"
    assert [f.text for f in found(over, "arithmetic.parts-sum")] == ["8.44亿元"]
    # without the building types the same shortfall is still read as a full breakdown
    assert found("完成投资8.44亿元，其中工业投资7.37亿元，服务业投资0.84亿元。", "arithmetic.parts-sum")


def test_parts_of_a_bracketed_breakdown_still_add_up_at_the_top() -> None:
    text = "重点工程共30项，其中：建设项目27项（省级6项、市级5项、县级16项），前期项目4项（市级2项、县级2项）。"
    assert [f.text for f in found(text, "arithmetic.parts-sum")] == ["30项"]


def test_furniture_glued_into_a_long_sentence_is_found() -> None:
    spam = "哪家医院治疗腰椎好 https://m.example-clinic.com/q/88.html点击上方蓝字免费关注更多内容"
    text = spam + "，本镇位于县城东部，辖12个行政村，总面积86平方公里，户籍人口3.1万人，" \
                  "耕地面积5.2万亩，主导产业为蔬菜、食用菌和生猪养殖。\n二、主要工作"
    assert [f.text.rstrip("，") for f in found(text, "artifact.boilerplate")] == [spam]


def test_a_linked_title_lends_no_report_words_to_its_navigation_line() -> None:
    text = "一、工作回顾\n全镇完成投资3亿元。\n\n下一条：《镇人民政府关于加强安全生产工作的通知》"
    assert found(text, "artifact.boilerplate")


def test_a_long_footer_of_ascii_runs_is_short_to_read() -> None:
    from checker.rules.kinds.boilerplate import _reading_length
    footer = "Copyright @ 2015-2017 example.net All Right Reserved @某某网 皖ICP备14009740号-8"
    assert _reading_length(footer, 0, len(footer)) < 30 < len(footer)
    prose = "全镇上下坚持以习近平新时代中国特色社会主义思想为指导"
    assert _reading_length(prose, 0, len(prose)) == len(prose)
    text = "全年新增就业1200人。\n" + footer + " 公安机关备案号34012402000058"
    assert [f.line for f in found(text, "artifact.boilerplate")] == [2]
