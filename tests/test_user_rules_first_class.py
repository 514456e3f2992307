"""A project's own rules are first-class (issue 17): listed by `checker rules`, explained by
`checker explain`, and their examples run by `checker test-rules`; rule text is never read as markup."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from checker.cli import app

runner = CliRunner()

RULE = """rules:
  - id: demo.sqm
    kind: pattern
    category: unit-format
    severity: warning
    pattern: '平米'
    message: {{zh: "单位“{{text}}”不规范", en: "unit '{{text}}'"}}
    description: "Colloquial 平米 for 平方米 [see: GB 3100]."
    why: "Reports use statutory units."
    fix: "Write 平方米."
    examples:
      bad: ["新建厂房3000平米"]
      good: {good}
"""


def _project(tmp_path: Path, good: str = '["新建厂房3000平方米"]') -> Path:
    (tmp_path / "my_rules").mkdir()
    (tmp_path / "my_rules" / "units.yaml").write_text(RULE.format(good=good), encoding="utf-8")
    (tmp_path / "checker.toml").write_text('extra-rules = ["my_rules"]\n', encoding="utf-8")
    return tmp_path


def test_a_user_rule_is_listed_and_explained(tmp_path, monkeypatch):
    monkeypatch.chdir(_project(tmp_path))
    listed = runner.invoke(app, ["rules", "--format", "json"])
    assert listed.exit_code == 0 and '"demo.sqm"' in listed.output
    shown = runner.invoke(app, ["explain", "demo.sqm"])
    assert shown.exit_code == 0 and "新建厂房3000平米" in shown.output and "units.yaml" in shown.output
    assert runner.invoke(app, ["explain", "demo.sqm", "--isolated"]).exit_code == 2


def test_rule_table_keeps_bracketed_text_and_whole_ids(tmp_path, monkeypatch):
    monkeypatch.chdir(_project(tmp_path))
    wide = runner.invoke(app, ["rules"], env={"COLUMNS": "400"}).output
    assert "[see: GB 3100]" in wide  # not eaten as rich markup
    assert "[bookmark: _GoBack]" in wide  # a built-in description that quotes it
    narrow = runner.invoke(app, ["rules"], env={"COLUMNS": "80"}).output
    for rule_id in ("demo.sqm", "placeholder.xxx", "artifact.simplified-phrase-in-traditional"):
        assert rule_id in narrow  # ids are never cut or wrapped, whatever the width


def test_test_rules_passes_good_rule_files(tmp_path):
    _project(tmp_path)
    r = runner.invoke(app, ["test-rules", str(tmp_path / "my_rules")])
    assert r.exit_code == 0, r.output
    assert r.output.strip().endswith("2 passed, 0 failed")


def test_test_rules_names_a_wrong_example(tmp_path):
    _project(tmp_path, good='["新建厂房3000平米（误）"]')
    r = runner.invoke(app, ["test-rules", str(tmp_path / "my_rules" / "units.yaml")])
    assert r.exit_code == 1
    assert "demo.sqm" in r.output and "should stay silent" in r.output and "1 passed, 1 failed" in r.output


def test_test_rules_on_a_broken_file_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: x\n    kind: nope\n", encoding="utf-8")
    r = runner.invoke(app, ["test-rules", str(bad)])
    assert r.exit_code == 2 and "bad.yaml" in r.output
