"""One language at a time: Chinese by default, English with `--lang en`, for every text a user reads.

Rule documentation (description, why, fix), `checker explain` and `checker rules`, the labels,
evidence and input errors of the reports, and the HTML and Markdown pages. In English, Chinese
characters may appear only where the report's own words are quoted ('…', “…”) or in a figure
with its unit (4.2万亩): the report is Chinese, its reader need not be.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.cli import app
from checker.rules.loader import builtin_rules, builtin_rules_dir, parse_rule, read_yaml
from checker.ui_text import TEXTS, say

runner = CliRunner()
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
QUOTED = re.compile(r"'[^'\n]*'|“[^”\n]*”|‘[^’\n]*’")
FIGURE = re.compile(r"\d[\d.,]*\s*[\u3400-\u9fff%]{0,4}")
DOC_FIELDS = ("description", "why", "fix")


def unquoted_cjk(text: str) -> list[str]:
    """Chinese characters outside quoted report text and figures."""
    return CJK.findall(FIGURE.sub("N", QUOTED.sub("''", text)))


def _raw_rule_entries() -> list[tuple[str, dict]]:
    """Every built-in rule as written in its file (the per-document rules and the cross-document ones)."""
    entries = []
    for path in sorted(builtin_rules_dir().glob("*.yaml")):
        doc = read_yaml(path)
        if isinstance(doc, dict):
            for key in ("rules", "cross_document"):
                entries += [(path.name, e) for e in doc.get(key) or []]
    return entries


def test_every_builtin_rule_documents_itself_in_chinese_and_english():
    entries = _raw_rule_entries()
    assert len(entries) >= len(builtin_rules())
    for name, entry in entries:
        for field in DOC_FIELDS:
            text = entry[field]
            where = f"{name}: {entry['id']}.{field}"
            # a plain string is accepted for a user's rule only; a built-in one writes both out
            assert isinstance(text, dict) and set(text) - {"__line__", "__lines__"} >= {"zh", "en"}, where
            zh, en = text["zh"], text["en"]
            assert zh != en, where
            # both quote the same report words; beyond them the one is Chinese prose, the other English
            assert len(CJK.findall(zh)) > len(CJK.findall(en)), where
            assert len(re.findall(r"[A-Za-z]", en)) > len(re.findall(r"[A-Za-z]", zh)), where


def test_a_user_rule_may_write_its_documentation_in_one_language():
    rule = parse_rule({"id": "user.one-language", "kind": "pattern", "category": "artifact", "pattern": "样板",
                       "message": {"zh": "样板“{text}”", "en": "sample '{text}'"},
                       "description": "只写中文的说明", "why": "原因", "fix": "修改",
                       "examples": {"bad": ["样板"], "good": ["正文"]}}, "user.yaml")
    assert rule.description.in_lang("en") == rule.description.in_lang("zh") == "只写中文的说明"
    with pytest.raises(Exception, match="zh"):
        parse_rule({"id": "user.half", "kind": "pattern", "category": "artifact", "pattern": "样板",
                    "message": {"zh": "样板", "en": "sample"}, "description": {"en": "English only"},
                    "why": "w", "fix": "f", "examples": {"bad": ["样板"], "good": ["正文"]}}, "user.yaml")


def test_every_catalogue_text_has_both_languages():
    for key, (zh, en) in TEXTS.items():
        assert zh and en, key
        assert not unquoted_cjk(en.format_map(_Blank())), f"{key}: Chinese outside quotes in {en!r}"


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return 1


# --- checker explain and checker rules ------------------------------------------------------------

@pytest.mark.parametrize("rule_id", ["placeholder.xxx", "implausible-value.range", "arithmetic.parts-sum"])
def test_explain_is_chinese_by_default_and_english_with_lang_en(rule_id):
    rule = next(r for r in builtin_rules() if r.id == rule_id)
    zh = runner.invoke(app, ["explain", rule_id, "--isolated"])
    assert zh.exit_code == 0, zh.output
    assert rule.description.zh in zh.stdout and f"原因：{rule.why.zh}" in zh.stdout
    assert f"修改：{rule.fix.zh}" in zh.stdout and "错误示例" in zh.stdout and "正确示例" in zh.stdout
    assert rule.description.en not in zh.stdout and "Why" not in zh.stdout

    en = runner.invoke(app, ["explain", rule_id, "--isolated", "--lang", "en"])
    assert en.exit_code == 0, en.output
    assert rule.description.en in en.stdout and f"Why: {rule.why.en}" in en.stdout
    assert f"Fix: {rule.fix.en}" in en.stdout and "Bad examples" in en.stdout
    # beside the rule's own texts and its examples (report text), nothing is Chinese
    chrome = en.stdout
    for text in (rule.description.en, rule.why.en, rule.fix.en, rule.message.en,
                 *rule.examples.bad, *rule.examples.good):
        chrome = chrome.replace(text, "")
    assert not CJK.findall(chrome), chrome


def test_explain_takes_the_language_of_the_config_found_here(tmp_path, monkeypatch):
    (tmp_path / "checker.toml").write_text('lang = "en"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    rule = next(r for r in builtin_rules() if r.id == "placeholder.xxx")
    r = runner.invoke(app, ["explain", "placeholder.xxx"])
    assert r.exit_code == 0 and f"Why: {rule.why.en}" in r.stdout
    r = runner.invoke(app, ["explain", "placeholder.xxx", "--lang", "zh"])  # the option wins
    assert r.exit_code == 0 and f"原因：{rule.why.zh}" in r.stdout


def test_explain_of_an_unknown_rule_says_so_in_the_chosen_language():
    r = runner.invoke(app, ["explain", "no.such-rule", "--isolated"])
    assert r.exit_code == 2 and "没有规则" in r.output
    r = runner.invoke(app, ["explain", "no.such-rule", "--isolated", "--lang", "en"])
    assert r.exit_code == 2 and "no rule" in r.output
    assert runner.invoke(app, ["explain", "placeholder.xxx", "--lang", "fr"]).exit_code == 2


def test_rules_list_follows_lang():
    by_id = {r.id: r for r in builtin_rules()}
    for lang in ("zh", "en"):
        r = runner.invoke(app, ["rules", "--format", "json", "--isolated", "--lang", lang])
        assert r.exit_code == 0
        listed = json.loads(r.stdout)
        assert all(x["description"] == by_id[x["id"]].description.in_lang(lang) for x in listed)
    table = runner.invoke(app, ["rules", "--isolated"], env={"COLUMNS": "300"}).stdout
    assert by_id["placeholder.xxx"].description.zh in table and "说明" in table


# --- checker check: labels, evidence, input errors, HTML and Markdown ------------------------------

REPORT = ("青山镇2023年工作总结\n"
          "全镇森林覆盖率达162%。\n"
          "全年粮食种植面积4.2万亩，其中水稻种植面积2.8万亩，旱粮种植面积1万亩。\n"
          "全镇实现地区生产总值12.3亿元，同比增长68%。\n"
          "油菜种植面积2.45亩，建成千亩油菜示范片。\n")


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def _check(*args: str) -> str:
    r = runner.invoke(app, ["check", *args, "--isolated", "--no-cache", "--exit-zero"])
    assert r.exit_code in (0, 2), r.output
    return r.stdout


def test_messages_and_evidence_in_english_quote_the_report_and_say_the_rest_in_english(report_file):
    data = json.loads(_check(str(report_file), "-f", "json", "--lang", "en"))
    rules = {f["rule"] for f in data["findings"]}
    assert {"implausible-value.range", "arithmetic.parts-sum", "implausible-growth.band"} <= rules
    for f in data["findings"]:
        assert not unquoted_cjk(f["message"]), f["message"]
        summary = (f.get("evidence") or {}).get("summary", "")
        assert not unquoted_cjk(summary), summary
    band = next(f for f in data["findings"] if f["rule"] == "implausible-growth.band")
    assert band["message"].startswith("growth of a headline aggregate written as a whole number '68%'")
    zh = json.loads(_check(str(report_file), "-f", "json"))
    band = next(f for f in zh["findings"] if f["rule"] == "implausible-growth.band")
    assert band["message"].startswith("经济总量增速（整数）“68%”") and "超出合理范围" in band["evidence"]["summary"]


def test_rich_labels_follow_lang(report_file):
    zh = _check(str(report_file), "--no-color")
    assert "建议：2.45万亩" in zh and "依据：" in zh and "Suggestion" not in zh and "Evidence" not in zh
    en = _check(str(report_file), "--no-color", "--lang", "en")
    assert "Suggestion: " in en and "Evidence: " in en and "建议" not in en and "依据" not in en
    assert "Suggestion: 2.45万亩" in en and "1 file" in en.splitlines()[-1] and "共" in zh.splitlines()[-1]


def test_input_errors_in_the_chosen_language(tmp_path):
    missing = str(tmp_path / "missing.txt")
    r = runner.invoke(app, ["check", missing, "-f", "json", "--isolated", "--no-cache"])
    assert json.loads(r.stdout)["findings"][0]["message"] == say("input.no-such-file", "zh") == "文件不存在"
    r = runner.invoke(app, ["check", missing, "-f", "json", "--isolated", "--no-cache", "--lang", "en"])
    assert json.loads(r.stdout)["findings"][0]["message"] == "no such file"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = runner.invoke(app, ["check", str(empty), "-f", "concise", "--isolated", "--no-cache"])
    assert "input.empty 空文件" in r.stdout


def test_decoding_warnings_in_the_chosen_language(tmp_path):
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes("全镇完成投资364万元。\x00\n".encode())
    zh = json.loads(_check(str(damaged), "-f", "json"))["findings"]
    en = json.loads(_check(str(damaged), "-f", "json", "--lang", "en"))["findings"]
    assert [f["rule"] for f in zh] == [f["rule"] for f in en] == ["input.nul"]
    assert "NUL 字符" in zh[0]["message"] and "保存中断" in zh[0]["message"]
    assert en[0]["message"].startswith("1 NUL character(s)") and not CJK.findall(en[0]["message"])


def test_markdown_headings_and_rule_texts_follow_lang(report_file):
    rule = next(r for r in builtin_rules() if r.id == "arithmetic.parts-sum")
    zh = _check(str(report_file), "-f", "markdown")
    assert zh.startswith("## checker 检查结果") and "### 按规则" in zh and "| 规则 | 类别 |" in zh
    assert rule.description.zh in zh and rule.description.en not in zh
    en = _check(str(report_file), "-f", "markdown", "--lang", "en")
    assert en.startswith("## checker results") and "### By rule" in en and "| Suggestion |" in en
    assert rule.description.en.replace("-", "\\-") in en.replace("\\-", "-").replace("-", "\\-")
    assert "按规则" not in en and "建议" not in en


def test_html_headings_and_rule_texts_follow_lang(report_file):
    rule = next(r for r in builtin_rules() if r.id == "arithmetic.parts-sum")
    zh = _check(str(report_file), "-f", "html")
    assert '<html lang="zh-CN">' in zh and rule.description.zh in zh and f"原因: {rule.why.zh}" in zh
    assert rule.why.en not in zh
    en = _check(str(report_file), "-f", "html", "--lang", "en")
    assert '<html lang="en">' in en and "Why: " in en and "原因" not in en
    assert rule.fix.en.replace("'", "&#x27;") in en or rule.fix.en in en


def test_sarif_rule_help_follows_lang(report_file):
    zh = json.loads(_check(str(report_file), "-f", "sarif"))
    rules = {r["id"]: r for r in zh["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["arithmetic.parts-sum"]["help"]["text"].startswith(
        next(r for r in builtin_rules() if r.id == "arithmetic.parts-sum").description.zh)
    assert "原因：" in rules["arithmetic.parts-sum"]["help"]["text"]
    en = json.loads(_check(str(report_file), "-f", "sarif", "--lang", "en"))
    rules = {r["id"]: r for r in en["runs"][0]["tool"]["driver"]["rules"]}
    assert "Why: " in rules["arithmetic.parts-sum"]["help"]["text"]
