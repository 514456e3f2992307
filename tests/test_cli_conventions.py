"""Output conventions users of ruff, textlint and Vale expect (issue 17): the human report unless a
machine format is asked for, NO_COLOR/FORCE_COLOR, report-like files only in a directory walk, and
summary counts that say what they count."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import _format_for, want_color

REPORT = "XX镇2023年工作总结\n低保资金364万，惠及XXX村。\n"


def _run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, timeout=120,
                          env=full, cwd=cwd)


def test_piped_output_is_the_human_report_not_json(tmp_path):
    doc = tmp_path / "r.txt"
    doc.write_text(REPORT, encoding="utf-8")
    r = _run("check", str(doc), "--isolated")
    assert r.returncode == 1
    assert not r.stdout.lstrip().startswith("{") and "placeholder.xxx" in r.stdout
    assert "\x1b[" not in r.stdout  # not a terminal: no colour


@pytest.mark.parametrize(("name", "fmt"), [("out.json", "json"), ("out.SARIF", "sarif"), ("out.html", "html"),
                                           ("out.md", "markdown"), ("out.xml", "junit"), ("out.txt", "rich"),
                                           ("out", "rich")])
def test_output_suffix_names_the_format(name, fmt):
    assert _format_for(Path(name)) == fmt
    assert _format_for(None) == "rich"


def test_output_file_in_the_format_its_suffix_names(tmp_path):
    doc = tmp_path / "r.txt"
    doc.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "findings.json"
    assert _run("check", str(doc), "--isolated", "-o", str(out)).returncode == 1
    assert json.loads(out.read_text(encoding="utf-8"))["findings"]


def test_colour_flags_and_environment(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert want_color(None, None) is False  # pytest captures stdout: not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert want_color(None, None) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert want_color(None, None) is False  # NO_COLOR wins over FORCE_COLOR
    assert want_color(True, None) is True  # the flag wins over both
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "0")
    assert want_color(None, None) is False


def test_force_color_colours_a_piped_report(tmp_path):
    doc = tmp_path / "r.txt"
    doc.write_text(REPORT, encoding="utf-8")
    assert "\x1b[" in _run("check", str(doc), "--isolated", env={"FORCE_COLOR": "1", "NO_COLOR": ""}).stdout
    assert "\x1b[" not in _run("check", str(doc), "--isolated", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout


def test_a_directory_walk_skips_the_projects_own_readme_and_licence(tmp_path):
    (tmp_path / "README.md").write_text("# XX镇报告库\n", encoding="utf-8")
    (tmp_path / "LICENSE.txt").write_text("XX\n", encoding="utf-8")
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    data = json.loads(_run("check", str(tmp_path), "--isolated", "--format", "json").stdout)
    assert [Path(f["path"]).name for f in data["files"]] == ["report.txt"]
    named = json.loads(_run("check", str(tmp_path / "README.md"), "--isolated", "--format", "json").stdout)
    assert named["findings"]  # named on the command line: checked


def test_summary_counts_say_what_they_count(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_text("全镇完成各项任务。\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    data = json.loads(_run("check", str(tmp_path), str(missing), "--isolated", "--format", "json").stdout)
    s = data["summary"]
    assert s["files"] == 3 and s["files_unreadable"] == s["files_with_errors"] == 1
    assert s["files_with_findings"] == 1  # a.txt; b.txt is clean and missing.txt was not read


def test_the_rich_summary_line_follows_the_language(tmp_path):
    doc = tmp_path / "r.txt"
    doc.write_text("XX镇。\n", encoding="utf-8")
    zh = _run("check", str(doc), "--isolated", "--format", "rich").stdout
    en = _run("check", str(doc), "--isolated", "--format", "rich", "--lang", "en").stdout
    assert "共 1 处发现" in zh and "检查 1 个文件" in zh
    assert "1 finding (1 error, 0 warnings, 0 info) in 1 file" in en


def test_standard_input_gives_the_same_findings_as_the_file(tmp_path):
    seed = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))[0]
    run = [sys.executable, "-m", "checker", "check", "--format", "json", "--isolated", "--no-cache"]
    from_file = json.loads(subprocess.run([*run, str(seed)], capture_output=True, text=True, timeout=120).stdout)
    with seed.open("rb") as stdin:
        piped = subprocess.run([*run, "-", "--stdin-filename", str(seed)], stdin=stdin, capture_output=True,
                               text=True, timeout=120)
    assert piped.returncode == 1
    assert json.loads(piped.stdout)["findings"] == from_file["findings"]


def test_standard_input_is_decoded_like_a_file_and_named_dash_by_default():
    run = [sys.executable, "-m", "checker", "check", "-", "--format", "json", "--isolated"]
    r = subprocess.run(run, input="XX镇2023年工作总结\n".encode("gb18030"), capture_output=True, timeout=120)
    data = json.loads(r.stdout)
    assert r.returncode == 1 and data["files"][0]["encoding"].startswith("gb")
    assert [(f["path"], f["rule"], f["column"]) for f in data["findings"]] == [("-", "placeholder.xxx", 1)]
    empty = subprocess.run(run, input=b"", capture_output=True, timeout=120)
    assert empty.returncode == 2 and json.loads(empty.stdout)["findings"][0]["rule"] == "input.empty"


def test_standard_input_cannot_be_mixed_with_paths(tmp_path):
    r = _run("check", "-", str(tmp_path), "--isolated")
    assert r.returncode == 2 and "standard input" in r.stderr


def test_one_finding_per_span_and_category_naming_the_others():
    """2.45亩 beside a 千亩 plot is out of its crop's range and a part above its whole: one finding,
    the most severe, with the other rule named in evidence.also."""
    from checker import check_text

    text = "建成千亩油菜示范基地1个，全镇油菜种植面积2.45亩。\n"
    findings = check_text(text)
    keys = [(f.category, f.line, f.column, f.end_line, f.end_column) for f in findings]
    assert len(keys) == len(set(keys))
    on_figure = [f for f in findings if f.text == "2.45亩"]
    assert len(on_figure) == 1
    assert on_figure[0].evidence and on_figure[0].evidence["also"] == ["implausible-value.range"]


def test_sarif_uris_are_relative_to_the_repository_root_from_any_folder(tmp_path):
    (tmp_path / ".git").mkdir()  # what marks the repository root
    (tmp_path / "reports").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "reports" / "镇报告.txt").write_text(REPORT, encoding="utf-8")
    r = _run("check", "../reports", "--isolated", "--format", "sarif", cwd=tmp_path / "sub")
    locations = {loc["physicalLocation"]["artifactLocation"]["uri"]: loc["physicalLocation"]["artifactLocation"]
                 for res in json.loads(r.stdout)["runs"][0]["results"] for loc in res["locations"]}
    assert list(locations) == ["reports/%E9%95%87%E6%8A%A5%E5%91%8A.txt"]
    assert next(iter(locations.values()))["uriBaseId"] == "%SRCROOT%"
