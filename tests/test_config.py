"""Config files: discovery, validation, every setting's effect, CLI precedence, `checker config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner
from user_rules import write_user_rules

from checker.api import check_paths, select_rules
from checker.cli import app
from checker.config import ConfigError, find_config_file, load_config_file, resolve_config

runner = CliRunner()

DOC = "XX镇工作总结\n全镇新建文化广场800平米，【付费内容请购买】全年接待游客3.2万人次。\n"


def _project(tmp_path, config_text: str, name: str = "checker.toml"):
    write_user_rules(tmp_path / "my_rules")
    (tmp_path / name).write_text(config_text, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "a.txt").write_text(DOC, encoding="utf-8")
    return docs / "a.txt"


def _rules_found(path, **kw):
    config = resolve_config([path], **kw)
    report = check_paths([path], config)
    return config, {(f.rule, f.severity.value) for f in report.findings}


def test_discovery_walks_up_and_checker_toml_beats_pyproject(tmp_path):
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert find_config_file(sub) is None
    (tmp_path / "pyproject.toml").write_text("[tool.checker]\nlang = 'en'\n", encoding="utf-8")
    assert find_config_file(sub) == tmp_path / "pyproject.toml"
    (tmp_path / "checker.toml").write_text("lang = 'zh'\n", encoding="utf-8")
    assert find_config_file(sub) == tmp_path / "checker.toml"
    # the nearest directory wins; a pyproject.toml without [tool.checker] is passed over
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config_file(sub / "doc.txt") == tmp_path / "checker.toml"
    (tmp_path / "a" / "checker.toml").write_text("", encoding="utf-8")
    assert find_config_file(sub / "doc.txt") == tmp_path / "a" / "checker.toml"


def test_unknown_key_names_file_and_key(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.checker]\nfail_onn = 'warning'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config_file(tmp_path / "pyproject.toml")
    assert "pyproject.toml" in str(exc.value) and "fail_onn" in str(exc.value)
    doc = tmp_path / "a.txt"
    doc.write_text("全年完成任务。\n", encoding="utf-8")
    r = runner.invoke(app, ["check", str(doc), "--format", "json", "--no-cache"])
    assert r.exit_code == 2 and "fail_onn" in r.output


def test_bad_values_name_the_key(tmp_path):
    (tmp_path / "checker.toml").write_text("[severity]\nplaceholder = 'fatal'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"severity\.placeholder"):
        load_config_file(tmp_path / "checker.toml")
    (tmp_path / "checker.toml").write_text("select = ['placeholdr']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"select.*placeholdr"):
        select_rules(load_config_file(tmp_path / "checker.toml"))
    (tmp_path / "checker.toml").write_text("select = [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="TOML"):
        load_config_file(tmp_path / "checker.toml")
    (tmp_path / "checker.toml").write_text("extra-rules = [3]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"extra-rules\.0"):
        load_config_file(tmp_path / "checker.toml")
    (tmp_path / "checker.toml").write_text("fail-on = 'error'\nfail_on = 'info'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="given twice"):
        load_config_file(tmp_path / "checker.toml")


def test_extra_rules_relative_to_config_and_select_ignore(tmp_path, monkeypatch):
    doc = _project(tmp_path, 'extra-rules = ["my_rules"]\nselect = ["demo", "placeholder"]\n'
                             'ignore = ["demo.sqm", "unit-format"]\n')
    monkeypatch.chdir(tmp_path / "docs")  # relative to the config file, not the working directory
    config, found = _rules_found(doc)
    assert config.source == str(tmp_path / "checker.toml")
    rules = {r for r, _ in found}
    assert {"placeholder.xxx", "demo.paywall"} <= rules
    assert "demo.sqm" not in rules and "demo.wanwan" not in rules


def test_severity_overrides_most_specific_wins(tmp_path):
    doc = _project(tmp_path, 'extra-rules = ["my_rules"]\n[severity]\nartifact = "info"\n'
                             '"demo.paywall" = "warning"\nplaceholder = "info"\n')
    _, found = _rules_found(doc)
    assert ("demo.paywall", "warning") in found
    assert ("placeholder.xxx", "info") in found


def test_per_path_ignores_globs_relative_to_config(tmp_path):
    doc = _project(tmp_path, 'extra-rules = ["my_rules"]\n[per-path-ignores]\n"docs/*.txt" = ["artifact"]\n'
                             '"other/**" = ["placeholder"]\n')
    _, found = _rules_found(doc)
    rules = {r for r, _ in found}
    assert "demo.paywall" not in rules and "placeholder.xxx" in rules


def test_rule_parameter_overrides_and_their_errors(tmp_path):
    doc = _project(tmp_path, 'extra-rules = ["my_rules"]\n[rules."demo.sqm"]\npattern = "(\\\\d+)平米数"\n')
    _, found = _rules_found(doc)
    assert "demo.sqm" not in {r for r, _ in found}  # the overridden pattern no longer matches
    (tmp_path / "checker.toml").write_text('[rules."demo.nope"]\nseverity = "info"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rules\.demo\.nope"):
        select_rules(load_config_file(tmp_path / "checker.toml"))
    (tmp_path / "checker.toml").write_text('extra-rules = ["my_rules"]\n[rules."demo.sqm"]\nmax_per_doc = 1\n',
                                           encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rules\.demo\.sqm\.max_per_doc"):
        select_rules(load_config_file(tmp_path / "checker.toml"))


def test_broken_user_rule_is_a_loud_error_naming_its_file(tmp_path):
    d = tmp_path / "my_rules"
    d.mkdir()
    (d / "bad.yaml").write_text("rules:\n  - id: demo.x\n    kind: pattern\n    category: artifact\n"
                                "    pattern: '('\n", encoding="utf-8")
    (tmp_path / "checker.toml").write_text('extra-rules = ["my_rules"]\n', encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("全年完成任务。\n", encoding="utf-8")
    r = runner.invoke(app, ["check", str(doc), "--no-cache"])
    assert r.exit_code == 2 and "bad.yaml" in r.output


def test_fail_on_from_config_and_cli_precedence(tmp_path):
    doc = tmp_path / "docs" / "a.txt"
    _project(tmp_path, 'extra-rules = ["my_rules"]\nselect = ["demo.sqm"]\n')
    base = ["check", str(doc), "--format", "json", "--no-cache"]
    r = runner.invoke(app, base)
    assert r.exit_code == 0, r.output  # a warning is reported but does not fail by default
    assert [f["severity"] for f in json.loads(r.stdout)["findings"]] == ["warning"]
    assert runner.invoke(app, [*base, "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(app, [*base, "--fail-on", "info", "--exit-zero"]).exit_code == 0
    (tmp_path / "checker.toml").write_text('extra-rules = ["my_rules"]\nselect = ["demo.sqm"]\n'
                                           'fail-on = "warning"\n', encoding="utf-8")
    assert runner.invoke(app, base).exit_code == 1
    assert runner.invoke(app, [*base, "--fail-on", "error"]).exit_code == 0  # the flag beats the file
    assert runner.invoke(app, [*base, "--isolated"]).exit_code == 1  # placeholder.xxx, an error, is back
    other = tmp_path / "other.toml"
    other.write_text('select = ["artifact"]\n', encoding="utf-8")
    data = json.loads(runner.invoke(app, [*base, "--config", str(other)]).stdout)
    assert {f["category"] for f in data["findings"]} <= {"artifact"}


def test_config_command_prints_effective_config_and_source(tmp_path):
    _project(tmp_path, 'extra-rules = ["my_rules"]\nfail-on = "warning"\n[severity]\nartifact = "info"\n')
    r = runner.invoke(app, ["config", str(tmp_path / "docs")])
    assert r.exit_code == 0, r.output
    assert str(tmp_path / "checker.toml") in r.stdout
    assert 'fail-on = "warning"' in r.stdout and 'artifact = "info"' in r.stdout
    r = runner.invoke(app, ["config", str(tmp_path / "docs"), "--format", "json"])
    data = json.loads(r.stdout)
    assert data["source"] == str(tmp_path / "checker.toml")
    assert data["config"]["extra-rules"] == [str(tmp_path / "my_rules")]
    r = runner.invoke(app, ["config", str(tmp_path), "--isolated", "--format", "json"])
    assert json.loads(r.stdout)["source"] is None
    assert json.loads(r.stdout)["config"]["fail-on"] == "error"


def test_printed_config_reads_back_as_the_same_config(tmp_path):
    _project(tmp_path, 'extra-rules = ["my_rules"]\nexclude = ["drafts/"]\n[per-path-ignores]\n"*.md" = ["demo"]\n')
    printed = runner.invoke(app, ["config", str(tmp_path)]).stdout
    copy = tmp_path / "copy" / "checker.toml"
    copy.parent.mkdir()
    copy.write_text(printed, encoding="utf-8")
    again = load_config_file(copy).file_dict()
    assert again == load_config_file(tmp_path / "checker.toml").file_dict()


def test_include_exclude_from_config(tmp_path):
    _project(tmp_path, 'include = ["*.md"]\nexclude = ["drafts/"]\n')
    (tmp_path / "docs" / "b.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "docs" / "drafts").mkdir()
    (tmp_path / "docs" / "drafts" / "c.md").write_text(DOC, encoding="utf-8")
    config = resolve_config([tmp_path])
    files = [s.path for s in check_paths([tmp_path], config).files]
    assert [p.rsplit("/", 1)[-1] for p in files] == ["b.md"]



def test_readme_config_example_is_valid(tmp_path):
    """The example in the README section must load and select rules without error."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration and CI adoption", 1)[1]
    example = section.split("```toml", 1)[1].split("```", 1)[0]
    (tmp_path / "lint" / "rules").mkdir(parents=True)
    (tmp_path / "checker.toml").write_text(example, encoding="utf-8")
    config = load_config_file(tmp_path / "checker.toml")
    assert config.fail_on.value == "warning" and config.baseline == str(tmp_path / "checker-baseline.json")
    assert select_rules(config)


def test_an_empty_override_leaves_every_builtin_rule_as_it_was():
    """Overrides re-validate the rule object; that round trip must not lose or change a field."""
    from checker.rules.loader import builtin_rules
    from checker.selection import _overridden

    for rule in builtin_rules():
        again = _overridden(rule, {}, "test")
        assert again == rule and again.source == rule.source, rule.id


def test_an_extra_rule_may_not_reuse_a_builtin_id(tmp_path):
    d = tmp_path / "my_rules"
    d.mkdir()
    (d / "dup.yaml").write_text((Path(__file__).resolve().parent.parent / "rules" / "suppression.yaml")
                                .read_text(encoding="utf-8"), encoding="utf-8")
    from checker.rules.loader import RuleFileError

    with pytest.raises(RuleFileError, match=r"dup\.yaml.*suppression\.unused.*duplicate"):
        select_rules(load_config_file(_config(tmp_path, 'extra-rules = ["my_rules"]\n')))


def _config(tmp_path, text: str):
    (tmp_path / "checker.toml").write_text(text, encoding="utf-8")
    return tmp_path / "checker.toml"


def test_builtin_rule_fields_can_be_overridden(tmp_path):
    doc = _project(tmp_path, '[rules."placeholder.xxx"]\nseverity = "info"\n'
                             'message = {zh = "占位：{text}", en = "x"}\n')
    _, found = _rules_found(doc)
    assert ("placeholder.xxx", "info") in found
    config = resolve_config([doc])
    msgs = {f.message for f in check_paths([doc], config).findings if f.rule == "placeholder.xxx"}
    assert msgs == {"占位：XX"}
    (tmp_path / "checker.toml").write_text('[rules."placeholder.xxx"]\nenabled = false\n', encoding="utf-8")
    _, found = _rules_found(doc)
    assert "placeholder.xxx" not in {r for r, _ in found}
