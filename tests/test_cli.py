"""The command line: exit codes, formats, rules/explain, languages."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from checker import __version__
from checker.cli import app

runner = CliRunner()


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_exit_1_with_findings_and_json_contract(tmp_path):
    p = _write(tmp_path, "a.txt", "XX镇2023年工作总结\n全年完成各项任务。\n")
    r = runner.invoke(app, ["check", str(p), "--format", "json"])
    assert r.exit_code == 1, r.output
    data = json.loads(r.stdout)
    assert data["version"]
    f = next(f for f in data["findings"] if f["rule"] == "placeholder.xxx")
    for key in ("rule", "category", "severity", "path", "line", "column", "end_line", "end_column", "text",
                "message"):
        assert key in f
    assert (f["line"], f["column"], f["end_column"], f["text"]) == (1, 1, 3, "XX")
    assert data["summary"]["findings"] == len(data["findings"])


def test_exit_0_on_clean_text_and_exit_zero_flag(tmp_path):
    clean = _write(tmp_path, "clean.txt", "全镇上下团结一心，圆满完成年度目标任务。\n")
    assert runner.invoke(app, ["check", str(clean), "--format", "json"]).exit_code == 0
    bad = _write(tmp_path, "bad.txt", "XXX村完成改造。\n")
    assert runner.invoke(app, ["check", str(bad), "--format", "json", "--exit-zero"]).exit_code == 0


def test_exit_2_on_usage_errors_and_when_nothing_readable(tmp_path):
    assert runner.invoke(app, ["check", str(tmp_path / "missing.txt"), "--format", "json"]).exit_code == 2
    p = _write(tmp_path, "a.txt", "XX镇\n")
    assert runner.invoke(app, ["check", str(p), "--format", "nope"]).exit_code == 2
    assert runner.invoke(app, ["check", str(p), "--fail-on", "fatal"]).exit_code == 2
    assert runner.invoke(app, ["check", str(p), "--format", "json", "--output", str(p)]).exit_code == 2
    assert p.read_text(encoding="utf-8") == "XX镇\n"  # never written over


def test_unreadable_file_does_not_stop_the_run(tmp_path):
    good = _write(tmp_path, "good.txt", "XX镇工作总结\n")
    r = runner.invoke(app, ["check", str(tmp_path / "missing.txt"), str(good), "--format", "json"])
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    rules = {(f["path"].rsplit("/", 1)[-1], f["rule"]) for f in data["findings"]}
    assert ("missing.txt", "input.unreadable") in rules
    assert ("good.txt", "placeholder.xxx") in rules


def test_english_messages(tmp_path):
    p = _write(tmp_path, "a.txt", "XX镇工作总结\n")
    data = json.loads(runner.invoke(app, ["check", str(p), "--format", "json", "--lang", "en"]).stdout)
    f = next(f for f in data["findings"] if f["rule"] == "placeholder.xxx")
    assert "placeholder" in f["message"]
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in f["message"]), f["message"]


def test_rules_and_explain():
    r = runner.invoke(app, ["rules", "--format", "json"])
    assert r.exit_code == 0
    ids = {x["id"] for x in json.loads(r.stdout)}
    assert "placeholder.xxx" in ids
    r = runner.invoke(app, ["explain", "placeholder.xxx"])
    assert r.exit_code == 0 and "错误示例" in r.stdout and "原因：" in r.stdout
    assert runner.invoke(app, ["explain", "no.such-rule"]).exit_code == 2


def test_rich_format_shows_line_and_summary(tmp_path):
    p = _write(tmp_path, "a.txt", "第一行正常。\n在XXX村建设供水池。\n")
    r = runner.invoke(app, ["check", str(p), "--format", "rich", "--no-color"])
    assert r.exit_code == 1
    assert "2:2" in r.stdout and "在XXX村建设供水池" in r.stdout and "placeholder.xxx" in r.stdout


def test_version():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and __version__ in r.stdout


def test_output_creates_folders_and_never_overwrites_a_checked_file(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    doc = _write(d, "a.txt", "XX镇工作总结\n")
    out = tmp_path / "new" / "deeper" / "report.json"
    assert runner.invoke(app, ["check", str(d), "--format", "json", "--output", str(out)]).exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["findings"]
    # a file found by walking a directory is protected as well as one named on the command line
    r = runner.invoke(app, ["check", str(d), "--format", "json", "--output", str(doc)])
    assert r.exit_code == 2 and "refusing" in r.output
    assert doc.read_text(encoding="utf-8") == "XX镇工作总结\n"


def test_select_takes_comma_separated_and_repeated_selectors(tmp_path):
    p = _write(tmp_path, "a.txt", "XX镇工作总结\n[bookmark: _GoBack]全年发放低保资金364万。\n")
    both = runner.invoke(app, ["check", str(p), "--format", "json", "--select", "placeholder,artifact"])
    repeated = runner.invoke(app, ["check", str(p), "--format", "json", "--select", "placeholder",
                                   "--select", "artifact"])
    assert both.exit_code == repeated.exit_code == 1
    cats = {f["category"] for f in json.loads(both.stdout)["findings"]}
    assert cats == {"placeholder", "artifact"}
    assert json.loads(both.stdout)["findings"] == json.loads(repeated.stdout)["findings"]
