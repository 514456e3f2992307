"""Scope, period, year and figure role of each figure (checker/extract/aspects.py)."""

from __future__ import annotations

from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.context import DocumentContext
from checker.document import Document
from checker.extract.aspects import _Marks, _MergedMarks, same_scope
from checker.lexicon import load_data_file

ROLES = {"ranking", "per_capita", "growth", "average", "share", "plan", "part", "item", "count", "total", "level"}
PERIODS = {"year", "months", "half", "quarter", "to_date", "prev_year", "prev_period", "span", "next_year"}


def _rows(text: str) -> dict[str, dict[str, Any]]:
    ctx = DocumentContext(Document.from_text(text, path="t.txt"))
    return {r["text"]: r for r in ctx.metric_rows}


def test_scope_whole_named_and_group() -> None:
    rows = _rows("全镇实现税收3100万元，其中青岭村税收410万元。东岗工业园区入驻企业上缴税金960万元。"
                 "建成樱桃园、葡萄园等6个项目4.8万平方米。全镇还完成造林1200亩。")
    assert rows["3100万元"]["scope"] == "whole"
    assert rows["410万元"]["scope"] == "青岭村"
    assert rows["960万元"]["scope"] not in ("whole", "group")  # the park's enterprises
    assert rows["4.8万平方米"]["scope"] == "group"
    assert rows["1200亩"]["scope"] == "whole"


def test_generic_unit_words_name_no_unit() -> None:
    rows = _rows("全县18个贫困村脱贫人口2100人。规上企业完成产值6.1亿元。重点项目完成投资2.2亿元。")
    assert {rows[t]["scope"] for t in ("2100人", "6.1亿元", "2.2亿元")} == {"whole"}


def test_periods_and_years() -> None:
    rows = _rows("2021年，全区完成财政收入2.4亿元。2022年1-9月，完成财政收入1.9亿元。上半年新增市场主体340户。"
                 "去年完成植树1.1万株。截至10月底，发放贷款1800万元。五年来累计培训农民6200人次。")
    assert (rows["2.4亿元"]["period"], rows["2.4亿元"]["year"]) == ("year", 2021.0)
    assert (rows["1.9亿元"]["period"], rows["1.9亿元"]["year"]) == ("months", 2022.0)
    assert rows["340户"]["period"] == "half"
    assert rows["1.1万株"]["period"] == "prev_year"
    assert rows["1800万元"]["period"] == "to_date"
    assert rows["6200人次"]["period"] == "span"


def test_a_part_of_the_year_named_once_holds_for_its_paragraph() -> None:
    rows = _rows("1-6月完成财政总收入5.26亿元，同比增长17%。其中，区级财政收入2.75亿元，同比增长74%。"
                 "实现规模以上工业总产值7.02亿元，同比增长140%。全年预计完成投资9.8亿元。\n"
                 "新建道路3.2公里。")
    assert {rows[t]["period"] for t in ("5.26亿元", "74%", "7.02亿元", "140%")} == {"months"}
    assert rows["9.8亿元"]["period"] == "year"  # 全年 turns back to the whole year
    assert rows["3.2公里"]["period"] == "year"  # a new paragraph inherits nothing
    rows = _rows("上半年新增市场主体340户。2023年全镇完成投资5.1亿元。去年完成植树1.1万株。")
    assert rows["5.1亿元"]["period"] == "year"  # a sentence naming its year keeps it
    assert rows["1.1万株"]["period"] == "prev_year"


def test_a_part_of_the_year_named_at_the_top_holds_for_the_document() -> None:
    """A quarter's release or a half-year summary names its period once at the top; its later
    paragraphs report the same stretch (营业收入同比增长63% is the quarter's rate, not the year's),
    up to a turn back to the whole year or a year written."""
    rows = _rows("今年以来，全区经济运行总体平稳，一季度实现地区生产总值664.3亿元，增长5.5%。\n"
                 "服务业增长好于预期。规上服务业企业营业收入同比增长63%。\n"
                 "商品房销售面积20.1万平方米，增长72%。全年预计完成投资98亿元。\n"
                 "新建道路3.2公里。")
    assert {rows[t]["period"] for t in ("664.3亿元", "63%", "20.1万平方米", "72%")} == {"quarter"}
    assert rows["98亿元"]["period"] == "year"  # 全年 turns back to the whole year
    assert rows["3.2公里"]["period"] == "year"  # and nothing after it inherits
    rows = _rows("全镇工作总结\n全镇完成投资5.1亿元。\n" + "新建道路3.2公里。" * 40 + "\n上半年新增市场主体340户。\n"
                 "完成植树1.1万株。")
    assert rows["5.1亿元"]["period"] == "year"
    assert rows["1.1万株"]["period"] == "year"  # a part of the year named far from the top is no document's


def test_a_quota_list_goes_on_in_a_bare_clause() -> None:
    rows = _rows("今年县里下达早稻指导性任务3.6万亩，晚稻4.3万亩。因旱情严重，全镇仅落实早稻面积2.1万亩，晚稻2.3万亩。")
    assert rows["3.6万亩"]["figure_role"] == "plan"
    assert rows["4.3万亩"]["figure_role"] == "plan"
    assert rows["2.3万亩"]["figure_role"] != "plan"
    rows = _rows("今年计划完成投资5.2亿元，已完成投资3.6亿元，完成年度目标任务的65%。")
    assert rows["3.6亿元"]["figure_role"] != "plan"  # a verb of its own: the actual figure


def test_a_comparison_base_is_not_the_figures_period() -> None:
    rows = _rows("全镇粮食产量4.1万吨，比去年增长3%，较2020年增加0.2万吨。")
    assert rows["4.1万吨"]["period"] == "year"
    assert rows["0.2万吨"]["year"] != rows["0.2万吨"]["year"]  # NaN: 2020 follows 较, it is the base


def test_roles() -> None:
    rows = _rows("全镇农民人均可支配收入1.86万元，同比增长7.2%，森林覆盖率68%，经济总量排名全县第3位。"
                 "年均增长9.1%。计划新建道路12公里。平均每户年增收2300元。"
                 "共计投入资金900万元，其中省级资金500万元。两村分别新增岗位30个、40个。")
    assert rows["1.86万元"]["figure_role"] == "per_capita"
    assert rows["7.2%"]["figure_role"] == "growth"
    assert rows["68%"]["figure_role"] == "share"
    assert rows["12公里"]["figure_role"] == "plan"
    assert rows["2300元"]["figure_role"] in ("average", "per_capita")
    assert rows["900万元"]["figure_role"] == "total"
    assert rows["500万元"]["figure_role"] == "part"
    assert rows["30个"]["figure_role"] == "item"


def test_same_scope() -> None:
    assert same_scope("whole", "whole")
    assert same_scope("中节能光伏项目", "98MW光伏项目")
    assert not same_scope("青岭村", "东岗村")
    assert not same_scope("whole", "青岭村")
    assert not same_scope("group", "whole")


def test_every_lexicon_entry_says_why() -> None:
    raw = load_data_file("figure_context.yaml")
    entries = [*raw["period"], *raw["role"].values(),
               *(v for v in raw["scope"].values() if isinstance(v, dict))]
    assert entries and all(isinstance(e.get("why"), str) and len(e["why"]) > 20 for e in entries)


_CLAUSES = st.sampled_from(["全镇完成产值", "其中青岭村", "上半年", "1-6月", "计划新建", "人均收入", "同比增长",
                            "占全县", "五年来", "2022年", "，", "。", "\n", "等5个项目", "排名第"])
_FIGURES = st.sampled_from(["12亿元", "3.5万亩", "68%", "420人", "7个", "2位"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_CLAUSES, _FIGURES), min_size=1, max_size=8))
def test_columns_are_always_filled_from_their_vocabulary(parts: list[tuple[str, str]]) -> None:
    text = "".join(a + b for a, b in parts)
    ctx = DocumentContext(Document.from_text(text, path="t.txt"))
    for row in ctx.metric_rows:
        assert row["period"] in PERIODS
        assert row["figure_role"] in ROLES
        assert isinstance(row["scope"], str) and row["scope"]
        year = row["year"]
        assert year != year or 1900 <= year < 2100


@pytest.mark.parametrize("text", ["全镇完成产值12亿元。", "2022年1-6月青岭村完成产值3亿元，其中二产2亿元。"])
def test_columns_in_the_validated_table(text: str) -> None:
    ctx = DocumentContext(Document.from_text(text, path="t.txt"))
    frame = ctx.metrics
    for col in ("scope", "period", "year", "figure_role"):
        assert col in frame.columns
    assert list(frame["figure_role"]) == [r["figure_role"] for r in ctx.metric_rows]


def _plain_last(marks: list[_Marks], lo: int, hi: int) -> tuple[int, str] | None:
    """What `_MergedMarks.last` replaces: each pattern asked in turn, the hit ending last kept (the
    earlier pattern on a tie)."""
    best: tuple[int, str] | None = None
    for m in marks:
        hit = m.last(lo, hi)
        if hit is not None and (best is None or hit[0] > best[0]):
            best = hit
    return best


_SPANS = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=8)


def _marks_of(steps: list[tuple[int, int]], tag: str) -> _Marks:
    """Non-overlapping sorted matches, as one pattern's finditer gives (empty ones included)."""
    found, pos = [], 0
    for gap, length in steps:
        start = pos + gap
        found.append((start, start + length, f"{tag}{len(found)}"))
        pos = start + length
    return _Marks(found)


@settings(max_examples=400, deadline=None)
@given(st.lists(_SPANS, min_size=1, max_size=4), st.integers(0, 30), st.integers(0, 30))
def test_merged_marks_answer_as_the_pattern_by_pattern_loop(patterns: list[list[tuple[int, int]]],
                                                            lo: int, width: int) -> None:
    marks = [_marks_of(steps, chr(ord("a") + k)) for k, steps in enumerate(patterns)]
    assert _MergedMarks(marks).last(lo, lo + width) == _plain_last(marks, lo, lo + width)


_NAME_CHAR = regex.compile(load_data_file("figure_context.yaml")["scope"]["name_chars"])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="箐头村aZ9，。 \n、工业园区", max_size=24), st.integers(0, 30), st.integers(0, 30))
def test_name_run_read_backwards_as_character_by_character(text: str, floor: int, start: int) -> None:
    from checker.extract.aspects import _lexicon

    lex = _lexicon()
    start = min(start, len(text))
    floor = min(floor, start)
    k = start
    while k > max(floor, start - lex.name_max) and _NAME_CHAR.match(text, k - 1):
        k -= 1
    assert lex.name_run.match(text, max(floor, start - lex.name_max), start).start() == k


# ---- fast paths against their plain twins ---------------------------------------------------------

_PERIOD_ALPHABET = ("上下半年来季度第一二三四五十两前截至到月底末去同期比较与近多历本届任以累计均明今后未"
                    "“”0123456789 \n-—~至，。村")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_PERIOD_ALPHABET, max_size=40))
def test_one_scan_finds_each_period_and_year_as_its_own_scan(text: str) -> None:
    from checker.extract.aspects import _lexicon

    each = _lexicon().periods_and_years
    assert each.scan is not None  # the lexicon's patterns take the one-scan path
    found = each(text)
    assert [[(m.span(), m.groups()) for m in ms] for ms in found] == \
        [[(m.span(), m.groups()) for m in rx.finditer(text)] for rx in each.patterns]


_POOL = ["ab", "b", "ba", "a(?=b)", "(?<!a)b+", "a[ab]?", "(a)b", "\\na", "b$", "(?<=b)a"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_POOL), min_size=1, max_size=5, unique=True), st.text(alphabet="ab\n", max_size=20))
def test_one_scan_finds_what_each_pattern_finds(patterns: list[str], text: str) -> None:
    import re

    from checker.extract.aspects import _EachMatches

    each = _EachMatches(tuple(re.compile(p) for p in patterns))
    assert each.scan is not None
    assert [[m.span() for m in ms] for ms in each(text)] == \
        [[m.span() for m in rx.finditer(text)] for rx in each.patterns]


def test_patterns_that_cannot_be_joined_scan_on_their_own() -> None:
    import re

    from checker.extract.aspects import _EachMatches

    for patterns in (["(a)\\1", "b"], ["a*", "b"], ["(?m)^a", "b"]):
        each = _EachMatches(tuple(re.compile(p) for p in patterns))
        assert each.scan is None
        assert [[m.span() for m in ms] for ms in each("aab\nab")] == \
            [[m.span() for m in rx.finditer("aab\nab")] for rx in each.patterns]


_ROLE_RAW = load_data_file("figure_context.yaml")["role"]
_ROLE_WORDS = [w for entry in _ROLE_RAW.values() for w in regex.findall(r"[\u4e00-\u9fff]+", entry["pattern"])]


def _plain_role(text: str, start: int, end: int, percent: bool, sent_lo: int, clause_lo: int,
                qualifier: str | None, structural: str | None) -> str:
    """What `_role` answers, each pattern compiled by the regex module and searched in turn."""
    def rx(name: str, key: str = "pattern") -> Any:
        return regex.compile(_ROLE_RAW[name][key])

    if (rx("ranking").search(text, max(clause_lo, start - 2), start) and rx("ranking", "after").match(text, end)) \
            or rx("ranking_words").search(text, clause_lo, start):
        return "ranking"
    if rx("per_capita").search(text, clause_lo, start):
        return "per_capita"
    if qualifier in ("yoy_growth", "growth"):
        return "growth"
    if rx("average").search(text, clause_lo, start):
        return "average"
    if qualifier == "share" or (percent and rx("share").search(text, clause_lo, start)):
        return "share"
    if structural in ("part", "item", "count"):
        return structural
    for name in ("plan", "part", "item", "total"):
        lo = clause_lo if name in ("total", "plan") else sent_lo
        if rx(name).search(text, lo, start):
            return name
    return structural or "level"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*_ROLE_WORDS, "第", " ", "名", "收入", "全镇", "，", "12", "%"]), max_size=12),
       st.data())
def test_role_as_each_pattern_in_turn(words: list[str], data: Any) -> None:
    from checker.extract.aspects import _lexicon, _role
    from checker.extract.figures import Figure
    from checker.extract.units import lexicon

    text = "".join(words) + "5%名"
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    sent_lo = data.draw(st.integers(0, start))
    clause_lo = data.draw(st.integers(sent_lo, start))
    percent = data.draw(st.booleans())
    qualifier = data.draw(st.sampled_from([None, "share", "yoy_growth"]))
    structural = data.draw(st.sampled_from([None, "part", "item", "count", "total"]))
    fig = Figure(start, end, 5.0, unit=lexicon().units["%"] if percent else None)
    assert _role(text, fig, sent_lo, clause_lo, qualifier, structural, _lexicon()) == \
        _plain_role(text, start, end, percent, sent_lo, clause_lo, qualifier, structural)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="".join(sorted(set("".join(_ROLE_WORDS)))) + "收入 \n", max_size=16),
       st.integers(0, 16), st.integers(0, 16))
def test_plain_role_patterns_match_under_re_as_under_regex(text: str, lo: int, hi: int) -> None:
    import re

    from checker.extract.aspects import _lexicon

    lex = _lexicon()
    plain = [lex.ranking_words, lex.per_capita, lex.average, lex.share, *(p for _, p in lex.roles),
             lex.clause_words, lex.sentence_words]
    assert all(isinstance(p, re.Pattern) for p in plain)  # the lexicon's role words take the re path
    for p in plain:
        assert p is not None
        m, n = p.search(text, lo, hi), regex.compile(p.pattern).search(text, lo, hi)
        assert (m and m.span()) == (n and n.span())
