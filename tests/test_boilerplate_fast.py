"""The boilerplate kind skips the pieces of a text that cannot be furniture (`BoilerplateRule._bounds`:
one Aho-Corasick pass for the cue words, one RE2 pass per shape). Skipped or not, it finds the same
spans with the same scores as its plain twin, which scores every line (`spans(text, fast=False)`),
on generated texts built from real report lines, portal furniture and the characters that cut,
fold or widen (sentence marks, spaces, ß, Σ, İ)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.normalize import normalize
from checker.rules.kinds.boilerplate import BoilerplateRule
from checker.rules.loader import load_rules
from checker.simplify import _tables

RULE = next(r for r in load_rules() if isinstance(r, BoilerplateRule))
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

REPORT_LINES = [line.strip() for path in sorted(SEEDS.glob("*.txt"))
                for line in normalize(path.read_text(encoding="utf-8")).text.split("\n") if line.strip()][::7]
FURNITURE = [
    "当前位置：首页 > 范文 > 工作总结", "来源：本站原创 作者：admin 发布时间：2023-06-22 09:50:04",
    "上一篇：2023年工作总结", "下一篇：《XX镇2024年政府工作报告》", "浏览次数：1.73W", "共5页 第2页",
    "版权所有 © www.example.com", "扫一扫 分享到微信", "网站首页 | 关于我们 | 联系我们", "UserDisable", "+",
    "【打印】【关闭】", "Tags: 工作总结", "某某范文网", "工作总结怎么写（四）", "(编辑：王某)",
    "admin2 2025-04-23 13:40",
    "推进各项工作下面是本站为大家整理的，供大家参考。", "QQ：123456789", "【正文】", "http://a.b.cn/x.html",
    "發佈時間：2023-01-01", "責任編輯：李某", "索 引 号：000014349/2023-00012",
]
PIECES = ["。", "！", "？", "!", "?", "，", "；", " ", "\u3000", "\t", "\n", "\n\n", "ß", "Σ", "İ", "K", ">", "|",
          "2023-06-22", "12:30", "9999+", "网", "文库", "会员", "下载", "发展", "工作", "登录", "VIP", "vip", "来源：",
          "（一）", "GDP", "5G", "www.", ".com", "我镇", "阅读"]

line = st.one_of(st.sampled_from(REPORT_LINES), st.sampled_from(FURNITURE),
                 st.lists(st.sampled_from(PIECES + REPORT_LINES[:20] + FURNITURE), max_size=6).map("".join))
text = st.lists(line, min_size=1, max_size=14).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(text)
def test_fast_spans_are_the_plain_spans(text: str) -> None:
    assert list(RULE.spans(text)) == list(RULE.spans(text, fast=False))


def test_seeds_spans_are_the_plain_spans() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = normalize(path.read_text(encoding="utf-8")).text
        assert list(RULE.spans(text)) == list(RULE.spans(text, fast=False))


def test_t2s_keeps_the_cuts() -> None:
    """The pieces are counted on the simplified text for the words and on the text for the shapes:
    t2s (checker.simplify) never turns a character into a line end or sentence mark, nor one of
    them into another character."""
    tables = _tables()
    assert tables is not None
    cuts = set("\n。！？!?")
    assert not any(chr(k) in cuts or cuts & set(v) for k, v in tables.chars.items())
    assert not any(cuts & set(k + v) for k, v in tables.phrases.items())


def test_clean_report_lines_are_not_scored() -> None:
    body = ["全年完成固定资产投资12.5亿元，同比增长8.3%。"] * 10
    text = "\n".join(["一、2023年工作回顾", *body, "二、2024年工作安排"])
    bounds = RULE._bounds(text, text)
    assert bounds is not None
    lines = RULE._lines(text)
    held = [raw for n, (_, _, raw) in enumerate(lines)
            if RULE._may_hold(bounds, (raw, 0), n < RULE.edge_lines or n > len(lines) - 1 - RULE.edge_lines)]
    assert held == []
