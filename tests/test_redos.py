"""A catastrophic regular expression in a user's rule file (issue 7.2) costs one reported rule
failure naming the rule, never a hung run; the document's other rules and the other files still run."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from checker.api import check_text
from checker.cli import app
from checker.config import Config
from checker.rules.loader import builtin_rules
from checker.rules.model import Rule

# (x+x+)+(?=y)y backtracks exponentially on a run of x without a y; the `regex` module does not
# optimise it away (checked: it times out on 5,000 x). The lookahead keeps it off RE2, which would
# run it in linear time (tests/test_re2_pattern.py).
REDOS_RULES = r"""
rules:
  - id: user.redos
    kind: pattern
    category: artifact
    severity: warning
    pattern: '(x+x+)+(?=y)y'
    message: {zh: "“{text}”", en: "'{text}'"}
    description: "A badly written user rule."
    why: "Tests the regex guard."
    fix: "Rewrite the pattern."
    examples: {bad: ["xxy", "xy xxy"], good: ["abc", "y"]}
"""


def test_catastrophic_user_pattern_is_reported_and_the_rest_of_the_run_goes_on(tmp_path, deadline):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "user.yaml").write_text(REDOS_RULES, encoding="utf-8")
    config = tmp_path / "checker.toml"
    config.write_text('extra-rules = ["rules"]\nselect = ["user.redos", "placeholder.xxx"]\n', encoding="utf-8")
    hostile = tmp_path / "a_hostile.txt"
    # the xxy on its own line gets the pattern past its RE2 prefilter (the pattern without its
    # lookahead matches there); the run of x before it cannot match, and backtracks exponentially
    # before the search gets that far
    hostile.write_text("XX镇2023年工作总结\n" + "x" * 5000 + "\nxxy\n", encoding="utf-8")
    other = tmp_path / "b_other.txt"
    other.write_text("XXX村完成改造。\n", encoding="utf-8")

    with deadline(60):  # the guard under test is a 2 s budget per search
        r = CliRunner().invoke(app, ["check", str(hostile), str(other), "--format", "json", "--no-cache",
                                     "--config", str(config)])
    assert r.exit_code == 1, r.output
    findings = json.loads(r.stdout)["findings"]
    got = {(f["path"].rsplit("/", 1)[-1], f["rule"]) for f in findings}
    assert got == {("a_hostile.txt", "internal.rule-error"), ("a_hostile.txt", "placeholder.xxx"),
                   ("b_other.txt", "placeholder.xxx")}
    [failure] = [f for f in findings if f["rule"] == "internal.rule-error"]
    assert "user.redos" in failure["message"] and "catastrophic backtracking" in failure["message"]
    assert failure["evidence"]["rule"] == "user.redos" and failure["evidence"]["error"] == "timeout"
    assert failure["evidence"]["source"].endswith("user.yaml:3")
    assert failure["severity"] == "warning" and failure["category"] == "input-error"


class _BrokenHalfway(Rule):
    """A rule that reports one finding and then fails."""

    def check(self, ctx):
        yield ctx.finding(self, 0, 2)
        raise KeyError("lexicon entry missing")


def test_a_rule_failing_part_way_reports_only_its_failure_and_others_still_run():
    broken = _BrokenHalfway(kind="broken", id="user.broken", category="artifact",
                            message={"zh": "坏", "en": "broken"}, description="d", why="w", fix="f",
                            examples={"bad": ["x"], "good": ["y"]}, source="user.yaml:7")
    placeholder = next(r for r in builtin_rules() if r.id == "placeholder.xxx")
    findings = check_text("XX镇工作总结\n", Config(), rules=[broken, placeholder])
    assert [(f.rule, f.line, f.column) for f in findings] == [("internal.rule-error", 1, 1),
                                                               ("placeholder.xxx", 1, 1)]
    failure = findings[0]
    assert failure.message == "规则 user.broken 在本文档上运行出错：KeyError: 'lexicon entry missing'"
    assert failure.evidence == {"rule": "user.broken", "error": "KeyError", "source": "user.yaml:7"}
