"""Normalisation and its source map: the analysed copy differs from the original only in ways the map
records, and every character of the copy maps back to the original character it came from."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import simplify
from checker.api import check_text
from checker.config import Config
from checker.normalize import INVISIBLE, looks_traditional, normalize, to_simplified
from checker.sourcemap import LineIndex

BREAK = re.compile(r"\r\n|\r|\n")


def test_full_width_digits_letters_and_signs_become_half_width_one_for_one():
    n = normalize("投资１２．５亿元，增长８％，ＸＸ村，１／３，（一）、。")
    assert n.text == "投资12.5亿元，增长8%，XX村，1/3，（一）、。"  # CJK punctuation stays
    assert n.smap.span(2, 6) == (2, 6)


def test_traditional_text_is_simplified_without_changing_length():
    original = "今年以來，全鎮黨委領導實現經濟發展，瞭解群眾訴求，藉助網絡平臺，乾隆年間的古橋得到修繕。"
    n = normalize(original)
    assert n.traditional and looks_traditional(original)
    assert n.text == "今年以来，全镇党委领导实现经济发展，了解群众诉求，借助网络平台，乾隆年间的古桥得到修缮。"
    assert len(n.text) == len(original)
    assert to_simplified("瞭解") == "了解"  # phrase conversion, not character by character


def test_simplified_text_is_left_alone():
    text = "今年以来，全镇上下团结一心，完成各项目标任务。"
    assert normalize(text).text == text and not normalize(text).traditional


def test_crlf_and_lone_cr_become_lf_and_map_back():
    original = "第一段内容较长不会被合并。\r\n第二段内容较长不会被合并。\r第三段内容较长不会被合并。"
    n = normalize(original)
    assert n.text == "第一段内容较长不会被合并。\n第二段内容较长不会被合并。\n第三段内容较长不会被合并。"
    second = n.text.index("第二")
    assert n.smap.to_orig(second) == original.index("第二")
    assert n.smap.span(second - 1, second) == (original.index("\n"), original.index("\n") + 1)


def test_hard_wrapped_passage_is_joined_and_recorded():
    original = "一、基本情况\n今年\nXX\n镇\n2023\n年\n完成\n7860\n亩\n种植任务。\n二、下一步打算\n"
    n = normalize(original)
    assert "今年XX镇2023年完成7860亩种植任务。" in n.text
    assert "一、基本情况\n" in n.text and "\n二、下一步打算" in n.text  # headings keep their lines
    [passage] = n.wrapped
    assert (passage.first_line, passage.last_line) == (2, 10)
    start = n.text.index("7860亩")
    assert original[slice(*n.smap.span(start, start + 5))] == "7860\n亩"


# --- Properties ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _t2s_outputs() -> dict[str, set[str]]:
    """For each traditional character, every character OpenCC's t2s may turn it into, alone or
    at its place inside a phrase (the dictionaries t2s.json names)."""
    out: dict[str, set[str]] = {}
    folder = Path(opencc.__file__).parent / "dictionary"
    for name in ("TSCharacters.txt", "TSPhrases.txt"):
        for row in (folder / name).read_text(encoding="utf-8").splitlines():
            source, targets = row.split("\t")
            for target in targets.split(" "):
                if len(target) == len(source):
                    for a, b in zip(source, target, strict=True):
                        out.setdefault(a, set()).add(b)
    return out


def _may_become(original: str, normalised: str) -> bool:
    if normalised == original:
        return True
    if original in "\r\n":
        return normalised == "\n"
    if 0xFF01 <= ord(original) <= 0xFF5E:  # a full-width form may become its ASCII twin
        return chr(ord(original) - 0xFEE0) == normalised
    return normalised in _t2s_outputs().get(original, set())


@lru_cache(maxsize=1)
def _t2s_keys() -> tuple[list[str], list[str]]:
    folder = Path(opencc.__file__).parent / "dictionary"
    phrases = [r.split("\t")[0] for r in (folder / "TSPhrases.txt").read_text(encoding="utf-8").splitlines()]
    chars = [r.split("\t")[0] for r in (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines()]
    return phrases, chars


@st.composite
def traditional_text(draw) -> str:
    """Runs of OpenCC's own phrases (whole, cut short, overlapping when glued) and characters."""
    phrases, chars = _t2s_keys()
    pieces = st.one_of(st.sampled_from(phrases), st.sampled_from(phrases).map(lambda p: p[: len(p) // 2 + 1]),
                       st.sampled_from(chars), st.sampled_from(["，", "。", " ", "a", "1", "的", "\t"]))
    return "".join(draw(st.lists(pieces, max_size=12)))


@lru_cache(maxsize=1)
def _opencc_t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@settings(max_examples=200, deadline=None)
@given(traditional_text())
def test_fast_t2s_is_exactly_opencc(text):
    expected = _opencc_t2s().convert(text)
    assert len(expected) == len(text)
    assert to_simplified(text) == expected


def _t2s_gate(compiled: bool) -> None:
    """Put the t2s tables in the state of a run before (translate only) or after (the RE2 class of
    changing characters) GATE_PAYS_AFTER characters were translated."""
    tables = simplify._tables()
    assert tables is not None
    if compiled:
        tables._translated = simplify.GATE_PAYS_AFTER
        tables.unchanged("的" * 300)  # compiles the class
        assert tables._changing is not None
    else:
        fresh = simplify._Tables()
        tables._changing, tables._changing_chars, tables._translated = None, fresh._changing_chars, 0


@pytest.mark.parametrize("gated", [False, True], ids=["before-the-gate", "gated"])
@settings(max_examples=200, deadline=None)
@given(traditional_text(), st.sampled_from(["的", "发展", "a 1，", "\udc80"]))
def test_fast_t2s_of_a_long_text_is_exactly_opencc(gated, text, filler):
    """A long text is first searched by RE2 for a phrase or a character t2s changes (none: the text
    is its own t2s): the same answer as OpenCC's, with or without them, before the class of changing
    characters is compiled (a cold run) and after."""
    _t2s_gate(gated)
    pad = filler * (300 // len(filler))
    if filler == "\udc80":  # OpenCC cannot read a lone surrogate; no phrase holds one, t2s leaves it
        assert to_simplified(pad + text) == pad + to_simplified(text)
        return
    assert to_simplified(pad + text) == _opencc_t2s().convert(pad + text)


TOKENS = ["XX", "镇", "2023", "年", "７８６０", "亩", "ＸＸＸ", "村", "％", "萬元", "鎮黨委", "發展",
          "瞭解", "乾隆", "。", "，", "一、", "（二）", "增长8%", " ", "\t", "　"]
LINE_BREAKS = st.sampled_from(["\n", "\r\n", "\r", "\n\n"])


@st.composite
def report_like(draw) -> str:
    """Text shaped like reports: short-line runs (hard wraps), long lines, traditional markers,
    full-width figures, every kind of line break; mixed with arbitrary Unicode."""
    lines = draw(st.lists(
        st.one_of(
            st.lists(st.sampled_from(TOKENS), min_size=1, max_size=3).map("".join),  # short: a wrap
            st.lists(st.sampled_from(TOKENS), min_size=6, max_size=20).map("".join),
            st.text(max_size=30),
        ),
        max_size=14,
    ))
    out = ""
    for line in lines:
        out += line + draw(LINE_BREAKS)
    if draw(st.booleans()):
        out += "與個們這來時會為說國發經對過"  # enough markers to switch t2s on
    return out


texts = st.one_of(report_like(), st.text(max_size=200))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_every_normalised_character_maps_to_an_original_one_that_becomes_it(original):
    n = normalize(original)
    sm = n.smap
    assert (sm.orig_length, sm.norm_length) == (len(original), len(n.text))
    origins = [sm.to_orig(i) for i in range(len(n.text))]
    # strictly increasing: edits are one for one or deletions, never reorderings
    assert all(a < b for a, b in pairwise(origins))
    for i, o in enumerate(origins):
        assert 0 <= o < len(original)
        assert _may_become(original[o], n.text[i]), (i, original[o], n.text[i])
        assert sm.span(i, i + 1) == (o, o + 1)
    # what the copy dropped is line breaks (CR of CRLF, hard-wrap joins) and invisible characters
    dropped = set(range(len(original))) - set(origins)
    assert all(original[o] in "\r\n" or re.fullmatch(f"[{INVISIBLE}]", original[o]) for o in dropped)
    # a span of the copy maps onto the original characters from its first to its last origin
    for s in range(0, len(n.text), 3):
        e = min(len(n.text), s + 7)
        assert sm.span(s, e) == (origins[s], origins[e - 1] + 1)


def _points_at(f, original: str) -> str:
    starts = [0] + [m.end() for m in BREAK.finditer(original)]
    return original[starts[f.line - 1] + f.column - 1 : starts[f.end_line - 1] + f.end_column - 1]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_all_rules_run_on_arbitrary_text_and_every_span_maps_into_the_original(original):
    findings = check_text(original, Config())  # every built-in rule; none may raise
    assert not [f for f in findings if f.rule == "internal.rule-error"], [f.message for f in findings]
    lines = LineIndex(original).line_count
    for f in findings:
        assert 1 <= f.line <= f.end_line <= lines, f
        assert f.column >= 1 and f.end_column >= 1
        if f.line == f.end_line:
            assert f.end_column >= f.column
        assert _points_at(f, original) == f.text, f


# A page of PDF text wrapped at a fixed width (lines of nearly equal width that stop mid-sentence).
FIXED_WIDTH_PAGE = (
    "2022 年工作回顾\n"
    "这一年来,镇政府在县委、县政府和镇党委的坚强领导\n"
    "下,在镇人大的监督支持下,团结带领全镇广大干部和\n"
    "群众,奋力攻坚、狠抓落实,全年实现工农业总值 31.88\n"
    "亿元,增长 7%,其中农业总产值 17.2 亿元,增长 5.5%,\n"
    "工业总产值 14.68 亿元,增长 9%。\n"
    "二、下一步工作安排\n"
)


def test_fixed_width_wrapped_page_is_joined_and_maps_back():
    n = normalize(FIXED_WIDTH_PAGE)
    assert [(w.first_line, w.last_line) for w in n.wrapped] == [(2, 6)]
    assert "全年实现工农业总值 31.88亿元,增长 7%" in n.text  # the figure is whole again
    assert "二、下一步工作安排" in n.text.split("\n")  # the heading after the paragraph stays a line
    i = n.text.index("31.88亿元")
    s, e = n.smap.span(i, i + len("31.88亿元"))
    assert FIXED_WIDTH_PAGE[s:e] == "31.88\n亿元"


def test_paragraphs_of_equal_width_that_end_sentences_are_not_joined():
    text = "".join(f"第{i}项工作按计划推进并已全部完成验收工作，群众满意度较高。\n" for i in range(1, 8))
    n = normalize(text)
    assert n.wrapped == [] and n.text == text


def test_list_items_of_equal_width_ending_in_semicolons_are_not_joined():
    items = ["房地产开发投资80.2亿元,同比下降1.9%;", "基础设施建设投资67.8亿元,同比增长16.9%;",
             "社会消费品零售总额90.6亿元,同比增长20.5%;", "一般公共预算收入17.2亿元,同比增长8.2%;",
             "全部税收收入总额24.7亿元,同比增长4.5%；"]
    text = "\n".join(items) + "\n"
    n = normalize(text)
    assert n.wrapped == [] and n.text == text


def test_numbered_heading_is_not_a_decimal():
    text = "31.88 亿元的项目全部完成验收\n" * 2 + "1.加强组织领导\n"
    # a decimal at the start of a line is not a numbered heading; "1." is
    from checker.normalize import _HEADING

    assert not _HEADING.match(text) and _HEADING.match("1.加强组织领导") and _HEADING.match("2、强化保障")


def test_thousands_set_apart_by_spaces_read_as_one_number():
    """播种面积1 098.8万公顷 is one number; a table row's two columns and a phone number stay apart."""
    original = "播种面积1 098.8万公顷，认证1 500个，存栏16 693.3万只\n产量 120 350\n电话 0755 123 4567。"
    n = normalize(original)
    assert n.text == "播种面积1098.8万公顷，认证1500个，存栏16693.3万只\n产量 120 350\n电话 0755 123 4567。"
    i = n.text.index("16693.3万只")
    assert original[slice(*n.smap.span(i, i + len("16693.3万只")))] == "16 693.3万只"



def test_leaked_pinyin_annotations_are_dropped_from_the_copy():
    """11760万(wàn)户 is 11760万户 to its reader; (a) list labels and a bracketed name stay."""
    original = "全区(qū)新登记市场(chǎng)主体11760万(wàn)户，踔（chuō）厉奋发\n（a）加强领导，引进Lamborghini(兰博基尼)"
    n = normalize(original)
    assert n.text == "全区新登记市场主体11760万户，踔厉奋发\n（a）加强领导，引进Lamborghini(兰博基尼)"
    i = n.text.index("11760万户")
    assert original[slice(*n.smap.span(i, i + len("11760万户")))] == "11760万(wàn)户"


def test_pinyin_annotations_of_traditional_text_are_dropped_after_simplification():
    original = "全縣實現農林牧漁業產值29.24億元，生豬出欄17.93萬(wàn)頭，同比增長(zhǎng)4.9%。"
    n = normalize(original)
    assert n.text == "全县实现农林牧渔业产值29.24亿元，生猪出栏17.93万头，同比增长4.9%。"


def test_numbered_items_of_a_table_list_are_not_joined():
    # "1、2022年度…": a 、 is never a decimal point, so the item is a heading whatever follows its mark
    from checker.normalize import _HEADING

    items = [f"{i}、2022年度云溪区一般公共预算{name}表" for i, name in enumerate(
        ["收入", "支出", "本级支出决算", "本级基本支出决算", "基本支出经济分类决算", "税收返还和转移支付决算"], 1)]
    text = "\n".join(items) + "\n"
    assert _HEADING.match(items[0]) and not _HEADING.match("1.5万亩高标准农田")
    n = normalize(text)
    assert n.wrapped == [] and n.text == text


def test_scraped_table_cells_one_a_line_are_not_a_hard_wrap():
    cells = ["项目 |", "数量 |", "比上年增减 |", "合 计 |", "|||", "一、按单位基本性质 |", "10 |", "||",
             "行政单位 |", "1 |", "||", "事业单位 |", "9 |", "||"]
    text = "\n".join(cells) + "\n"
    n = normalize(text)
    assert n.wrapped == [] and n.text == text


def test_fixed_width_page_copied_with_ascii_commas_is_joined():
    # the copy turned ， into , and “” are curly quotes: on the page every line had the same width
    lines = ["2025 年,镇党政办公室在镇党委、政府的坚强领导下,在",
             "县委办、县政府办的精心指导下,始终坚守“服务党委、服务基",
             "层、服务群众”核心定位,紧扣全镇“十四五”收官重点任务,",
             "以“规范、高效、精准、务实”为工作准则,统筹推进综合协调、",
             "公文处理、督查落实、后勤保障等各项工作,全力保障镇党委、",
             "政府决策部署落地见效,为全镇经济社会高质量发展提供了坚实",
             "支撑。"]
    n = normalize("\n".join(lines) + "\n")
    assert [(w.first_line, w.last_line) for w in n.wrapped] == [(1, 7)]
    assert "在县委办" in n.text and "服务基层" in n.text
