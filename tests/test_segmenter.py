"""jieba-rs (rjieba) cuts Chinese text exactly as pure-Python jieba does, user dictionary included.

checker segments through rjieba for speed and keeps jieba as the reference and the fallback
(checker/extract/segmenter.py). The property below draws clauses of the kind reports are made of
(domain words of the user dictionary, common words, single characters, CJK numerals, full-width
punctuation) and holds the two segmenters equal on them. Runs of ASCII are left out: there the two
are allowed to differ (jieba-rs keeps `1-6` or `x.x%` whole), as the module documents.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.extract import segmenter

pytest.importorskip("rjieba")
pytest.importorskip("jieba")

USERDICT = segmenter.userdict_path()
DOMAIN_WORDS = [w for w, _, _ in segmenter.userdict_entries(USERDICT)] if USERDICT else []
# Words and characters of work-report prose (not taken from any one report), so that the drawn
# text exercises dictionary words, their prefixes and the HMM on unknown runs of characters.
COMMON_WORDS = ["全年", "完成", "累计", "共计", "发放", "新增", "建成", "实现", "同比增长", "其中", "全镇",
                "农村", "居民", "人均", "可支配", "收入", "项目", "资金", "投资", "亿元", "万元", "公里",
                "亩", "户", "人次", "个", "村", "乡镇", "街道", "社区", "改造", "提升", "工程", "建设",
                "基础设施", "乡村振兴", "产业", "合作社", "补贴", "救助", "医疗", "养老", "教育", "就业"]
CHARACTERS = "的了在和与及等为对把被从向将已于年月日上下中内外前后来去大小多少高低新老东西南北镇村乡县区"
NUMERALS = "〇一二三四五六七八九十百千万亿两零壹贰叁肆伍陆柒捌玖拾佰仟"
PUNCTUATION = "，。、；：？！“”‘’（）《》【】—…·　"  # full-width, and the ideographic space


@pytest.fixture(scope="module")
def cutters() -> tuple[Callable[[str], list[str]], Callable[[str], list[str]]]:
    return segmenter.rjieba_cut(USERDICT), segmenter.jieba_cut(USERDICT)


chinese_text = st.lists(
    st.one_of(
        st.sampled_from(DOMAIN_WORDS or COMMON_WORDS),
        st.sampled_from(COMMON_WORDS),
        st.text(alphabet=CHARACTERS + NUMERALS, min_size=1, max_size=6),
        st.text(alphabet=PUNCTUATION, min_size=1, max_size=2),
    ),
    min_size=1, max_size=25,
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=chinese_text)
def test_rjieba_cuts_chinese_text_as_jieba_does(cutters, text: str) -> None:
    fast, reference = cutters
    assert fast(text) == reference(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60))
def test_cuts_lose_no_character_on_any_text(cutters, text: str) -> None:
    # On any text, ASCII runs and control characters included, both give back every character in order.
    for cut in cutters:
        assert "".join(cut(text)) == text


def test_domain_words_are_kept_whole(cutters) -> None:
    # 土地流转 and 低保资金 are domain words of rules/jieba_userdict.txt; without the user
    # dictionary jieba cuts them into 土地/流转 and 低保/资金.
    for cut in cutters:
        words = cut("今年完成土地流转1000余亩，发放低保资金364万元")
        assert "土地流转" in words and "低保资金" in words


def test_falls_back_to_jieba_without_rjieba(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "rjieba", None)  # `import rjieba` raises ImportError
    segmenter._cut.cache_clear()
    try:
        assert segmenter._cut().__self__.__class__.__module__ == "jieba"  # Tokenizer.lcut
        assert "土地流转" in segmenter.cut("完成土地流转1000余亩")
    finally:
        segmenter._cut.cache_clear()
