"""Inline suppression comments: regions, one-line forms, selectors, and unused-suppression findings."""

from __future__ import annotations

import pytest
from user_rules import write_user_rules

from checker.api import check_text, select_rules
from checker.config import Config
from checker.suppress import UNUSED_RULE_ID


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return Config(extra_rules=[str(write_user_rules(tmp_path_factory.mktemp("rules")))])


def _ours(config: Config) -> list:
    """Our own rules only: other built-in rules must neither add findings nor use suppressions here."""
    return [r for r in select_rules(config) if r.id.startswith(("demo.", "placeholder.xxx", "suppression."))]


def _check(text: str, config: Config):
    return check_text(text, config=config, rules=_ours(config))


def _found(text: str, config: Config) -> list[tuple[str, int, str]]:
    return [(f.rule, f.line, f.text) for f in _check(text, config)]


def test_region_disable_enable_by_rule_id(config):
    text = ("XX镇工作总结\n<!-- checker-disable placeholder.xxx -->\n在XX村建设广场。\n新建XXX路。\n"
            "<!-- checker-enable -->\n在XX社区开展活动。\n")
    assert _found(text, config) == [("placeholder.xxx", 1, "XX"), ("placeholder.xxx", 6, "XX")]


def test_region_without_rule_ids_covers_every_rule_and_runs_to_the_end(config):
    text = "XX镇\n<!-- checker-disable -->\n在XX村新建50平米广场【付费内容请购买】。\n"
    assert _found(text, config) == [("placeholder.xxx", 1, "XX")]


def test_prefix_and_category_selectors(config):
    text = ("<!-- checker-disable-line demo -->新建50平米【付费内容】\n"
            "<!-- checker-disable-line artifact -->新建50平米【付费内容】\n")
    assert _found(text, config) == [("demo.sqm", 2, "50平米")]


def test_enable_with_selector_closes_only_that_region(config):
    text = ("<!-- checker-disable placeholder -->\n<!-- checker-disable demo.sqm -->\nXX，50平米\n"
            "<!-- checker-enable demo.sqm -->\nXX，60平米\n<!-- checker-enable -->\nXX\n")
    assert _found(text, config) == [("demo.sqm", 5, "60平米"), ("placeholder.xxx", 7, "XX")]


def test_line_and_next_line_forms(config):
    text = ("在XX村新建广场。<!-- checker-disable-line placeholder.xxx -->\n"
            "<!-- checker-disable-next-line placeholder.xxx -->\n在XX村新建广场。\n在XX村新建广场。\n")
    assert _found(text, config) == [("placeholder.xxx", 4, "XX")]


def test_comma_separated_selectors_and_partly_unused(config):
    text = "在XX村新建广场。<!-- checker-disable-line placeholder.xxx, demo.sqm -->\n"
    found = _check(text, config)
    assert [(f.rule, f.evidence["unused"]) for f in found] == [(UNUSED_RULE_ID, ["demo.sqm"])]
    assert found[0].suggestion == "<!-- checker-disable-line placeholder.xxx -->"


def test_unused_and_misspelt_suppressions_are_reported(config):
    text = ("全镇新建广场一处。<!-- checker-disable-line placeholder.xxx -->\n"
            "<!-- checker-disable-next-line placeholdr -->\n在XX村新建广场。\n<!-- checker-enable -->\n")
    found = _check(text, config)
    assert [(f.rule, f.line) for f in found] == [(UNUSED_RULE_ID, 1), (UNUSED_RULE_ID, 2),
                                                 ("placeholder.xxx", 3), (UNUSED_RULE_ID, 4)]
    unused = found[0]
    assert unused.category == "artifact" and unused.suggestion == ""
    assert unused.text == "<!-- checker-disable-line placeholder.xxx -->"
    assert "placeholdr" in found[1].message
    en = _check(text, config.model_copy(update={"lang": "en"}))
    assert "suppresses nothing" in en[0].message


def test_rules_left_out_of_the_run_cannot_make_a_suppression_unused(config):
    text = "全镇新建广场。<!-- checker-disable-line placeholder.xxx -->\n<!-- checker-disable -->\n全年完成任务。\n"
    narrowed = config.model_copy(update={"select": ["demo", "suppression"]})
    assert _check(text, narrowed) == []
    assert [f.line for f in _check(text, config)] == [1, 2]


def test_unused_suppression_can_be_turned_off(config):
    off = config.model_copy(update={"ignore": ["suppression"]})
    assert _check("全镇新建广场。<!-- checker-disable-line placeholder.xxx -->\n", off) == []


def test_the_comment_itself_is_not_report_text(tmp_path):
    rules = tmp_path / "r"
    rules.mkdir()
    (rules / "html.yaml").write_text(r"""
rules:
  - id: demo.html-comment
    kind: pattern
    category: artifact
    pattern: '<!--.*?-->'
    message: {zh: "残留注释", en: "leftover comment"}
    description: "HTML comment residue."
    why: "Markup is not report text."
    fix: "Delete it."
    examples: {bad: ["<!-- x -->"], good: ["正文"]}
""", encoding="utf-8")
    config = Config(extra_rules=[str(rules)])
    found = _found("在XX村。<!-- checker-disable-line placeholder -->\n<!-- 编者按 -->\n", config)
    assert found == [("demo.html-comment", 2, "<!-- 编者按 -->")]
