"""Fuzzing (issue 12): generated report text with control, zero-width and ASCII runs through
`check_text`, and generated config and baseline files through their readers.

What must hold for any input: no exception but the readers' own errors, findings that point at
the exact characters of the text, and a reader that either returns a value or names the file.
Example counts are modest so the suite stays fast; the strategies are what carries the search.
"""

from __future__ import annotations

import json
import re
import string

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.api import check_text, input_error
from checker.baseline import Baseline, BaselineError
from checker.config import Config, ConfigError, load_config_file
from checker.findings import FileStatus, Report
from checker.normalize import INVISIBLE
from checker.policy import apply_baseline
from checker.sourcemap import LINE_BREAK

# Pieces of report prose (in our own words), figures and their units, and separators.
_PROSE = ["全镇完成固定资产投资", "同比增长", "比上年下降", "其中", "新建", "村道路硬化", "累计发放补贴资金",
          "全年接待游客", "XX村", "××镇", "（此处填写）", "年末", "第一季度", "二是", "一、主要成效",
          "社区服务站", "农村人居环境整治", "圆满完成", "占比", "共计", "其中农业"]
_FIGURES = ["364", "36.4", "3,640", "2023", "12.5%", "万元", "亿元", "公里", "亩", "人次", "个", "户", "%", "倍",
            "三千六百", "二〇二三", "１２３", "—", "~", "～"]
_SEPARATORS = ["，", "。", "；", "：", "、", "\n", "\r\n", "\r", " ", "\t", "\n\n"]
_INVISIBLE = [chr(c) for c in range(0x10000) if re.fullmatch(f"[{INVISIBLE}]", chr(c))]

controls = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x9F,
                                          blacklist_characters="\n\r\t" + string.printable[:-6]),
                   min_size=1, max_size=4)
zero_width = st.text(alphabet=st.sampled_from(_INVISIBLE), min_size=1, max_size=3)
ascii_runs = st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits + string.punctuation + " ", min_size=1, max_size=30),
    st.builds(lambda ch, n: ch * n, st.sampled_from("a.-_=X0"), st.integers(1, 200)),
)
pieces = st.one_of(st.sampled_from(_PROSE), st.sampled_from(_FIGURES), st.sampled_from(_SEPARATORS), controls,
                   zero_width, ascii_runs)
report_texts = st.lists(pieces, min_size=1, max_size=40).map("".join)


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in LINE_BREAK.finditer(text)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_texts)
def test_any_report_text_is_checked_with_exact_positions(text):
    starts = _line_starts(text)
    for f in check_text(text):
        start = starts[f.line - 1] + f.column - 1
        end = starts[f.end_line - 1] + f.end_column - 1
        assert 0 <= start <= end <= len(text), f
        assert text[start:end] == f.text, f


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PROSE + _FIGURES), min_size=1, max_size=12), st.data())
def test_invisible_characters_are_reported_and_change_no_other_finding(words, data):
    plain = "".join(words) + "。"
    cut = data.draw(st.integers(1, len(plain) - 1))
    hidden = plain[:cut] + data.draw(zero_width) + plain[cut:]
    found = check_text(hidden)
    assert [f.rule for f in found].count("artifact.invisible-character") == 1
    others = sorted((f.rule, f.text.translate({ord(c): None for c in _INVISIBLE})) for f in found
                    if f.rule != "artifact.invisible-character")
    assert others == sorted((f.rule, f.text) for f in check_text(plain))


# --- config files ----------------------------------------------------------------------------

_KEYS = ["select", "ignore", "severity", "per-path-ignores", "extra-rules", "rules", "fail-on", "lang", "include",
         "exclude", "max-bytes", "baseline", "cache-dir", "unknown-key", "max_bytes"]
toml_values = st.recursive(
    st.one_of(st.integers(-(2**63), 2**63 - 1), st.text(max_size=10), st.booleans(), st.floats(allow_nan=False)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=3),
    max_leaves=8,
)
config_tables = st.dictionaries(st.sampled_from(_KEYS), toml_values, max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(config_tables.map(lambda t: tomli_w.dumps(t).encode()), st.binary(max_size=200),
                 st.builds(lambda n: ("select = " + "[" * n + "]" * n).encode(), st.integers(1, 3000))))
def test_config_reader_returns_a_config_or_names_the_file(tmp_path, raw):
    path = tmp_path / "checker.toml"
    path.write_bytes(raw)
    try:
        config = load_config_file(path)
    except ConfigError as exc:
        assert str(path) in str(exc)
    else:
        assert isinstance(config, Config) and 1 <= config.max_bytes <= 2**30


# --- baselines -------------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["key", "path", "rule", "line",
                                                                                  "format", "entries", "x"]),
                                                                inner, max_size=4),
    max_leaves=10,
)
baselines = st.one_of(
    json_values.map(lambda v: json.dumps(v).encode()),
    st.builds(lambda entries: json.dumps({"format": 1, "entries": entries}).encode(),
              st.lists(json_values, max_size=3)),
    st.binary(max_size=200),
    st.builds(lambda n: ("[" * n + "]" * n).encode(), st.integers(1, 5000)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(baselines)
def test_baseline_reader_returns_a_baseline_or_names_the_file(tmp_path, raw):
    path = tmp_path / "baseline.json"
    path.write_bytes(raw)
    try:
        baseline = Baseline.load(path)
    except BaselineError as exc:
        assert str(path) in str(exc)
    else:  # and a baseline that loads can be applied
        finding = input_error(str(tmp_path / "a.txt"), "empty", "empty file")
        report = Report(findings=[finding], files=[FileStatus(path=finding.path, ok=True, findings=1)])
        apply_baseline(report, baseline)
