"""Help a user can act on (issue 17): choices shown and checked by typer, examples and exit codes
in the help, and shell completion."""

from __future__ import annotations

from typing import get_args

from typer.testing import CliRunner

from checker.cli import Format, Lang, Level, app
from checker.findings import Severity
from checker.reporters import FORMATS

runner = CliRunner()


def test_the_choices_are_the_codes_own_lists():
    assert list(get_args(Format)) == list(FORMATS)
    assert set(get_args(Level)) == {s.value for s in Severity}
    assert set(get_args(Lang)) == {"zh", "en"}


def _help(*command: str) -> str:
    result = runner.invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    return result.stdout


def test_check_help_shows_choices_examples_and_exit_status():
    text = _help("check")
    assert "<" + "|".join(FORMATS) + ">" in text
    assert "<error|warning|info>" in text and "<zh|en>" in text and "<local|dask>" in text
    assert "Examples:" in text and "checker check - --stdin-filename" in text
    assert "Exit status: 0" in text and "141" in text
    assert "<str>" not in text and "<list[str]>" not in text, "every option's value is named"


def test_other_commands_show_their_choices_and_examples():
    assert "<table|json>" in _help("rules")
    assert "<toml|json>" in _help("config")
    assert "<table|csv|json>" in _help("metrics")
    assert "<rules|config>" in _help("schema") or "rules|config" in _help("schema")
    assert "checker fix reports/ --diff" in _help("fix")
    assert "Exit status" in _help()


def test_a_value_outside_the_choices_is_a_usage_error_naming_them():
    result = runner.invoke(app, ["check", ".", "--lang", "fr"])
    assert result.exit_code == 2 and "zh" in result.output and "en" in result.output


def test_shell_completion_script(monkeypatch):
    """The script for the shell the command runs from. Which shell that is, typer asks the process
    tree (shellingham); a test run without a shell above it (a CI job, a background job) has none,
    so the shell is given here: what is tested is checker's wiring, not the detection."""
    import typer.completion

    monkeypatch.setattr(typer.completion, "_get_shell_name", lambda: "bash")
    result = runner.invoke(app, ["--show-completion"], prog_name="checker")
    assert result.exit_code == 0 and "_CHECKER_COMPLETE" in result.stdout
    assert "--install-completion" in _help()


def test_statistics_count_each_rules_findings(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("XX镇2023年工作总结\nXXX村建成广场2000m2，XX村建成广场300m2。\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(p), "--statistics", "--isolated", "--no-cache", "-q"])
    assert result.exit_code == 1, "findings fail the run as without --statistics"
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["3", "placeholder.xxx", "error"]
    assert lines[1].split()[:4] == ["2", "unit-format.m2", "info", "[*]"], "[*]: `checker fix` can apply it"
    assert lines[-1] == "合计 5 个问题，2 条规则"
    same = runner.invoke(app, ["check", str(p), "--format", "statistics", "--isolated", "--no-cache", "-q"])
    assert same.stdout == result.stdout
