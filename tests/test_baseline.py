"""Baselines: accepted findings stay hidden across edits elsewhere; new ones and fixed ones are reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.baseline import Baseline, BaselineError, entry_key
from checker.cli import app
from checker.findings import Finding, Severity

runner = CliRunner()
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _check(*args: str):
    r = runner.invoke(app, ["check", *args, "--format", "json", "--no-cache", "--isolated"])
    assert r.exit_code in (0, 1), r.output
    return r, json.loads(r.stdout)


def _check_xxx(*args: str):
    """Only placeholder.xxx: in these small documents other rules' findings would blur the counts."""
    r = runner.invoke(app, ["check", *args, "--format", "json", "--no-cache", "--isolated",
                            "--select", "placeholder.xxx"])
    assert r.exit_code in (0, 1), r.output
    return r, json.loads(r.stdout)


@pytest.fixture
def seed_copies(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, docs / p.name)
    return docs


def test_seed_baseline_survives_inserted_lines_and_still_reports_new_defects(seed_copies, tmp_path, monkeypatch):
    monkeypatch.delenv("CHECKER_NO_CACHE", raising=False)
    baseline = tmp_path / "checker-baseline.json"
    # every rule runs; the result cache keeps the repeated runs over unchanged seeds cheap
    cached = ("--isolated", "--cache-dir", str(tmp_path / "cache"))

    def check(*args: str):
        r = runner.invoke(app, ["check", str(seed_copies), "--format", "json", *cached, *args])
        assert r.exit_code in (0, 1), r.output
        return r, json.loads(r.stdout)

    _, before = check()
    assert before["findings"], "the seeds have known defects"
    r = runner.invoke(app, ["check", str(seed_copies), "--write-baseline", str(baseline), *cached])
    assert r.exit_code == 0 and baseline.is_file()
    entries = json.loads(baseline.read_text(encoding="utf-8"))["entries"]
    assert len(entries) == len(before["findings"])

    r, data = check("--baseline", str(baseline))
    assert r.exit_code == 0 and data["findings"] == []
    assert data["summary"]["baseline"] == {"suppressed": len(before["findings"]), "fixed": 0}
    assert {s["findings"] for s in data["files"]} == {0}

    # a line inserted at the top moves every finding down one line: all stay accepted
    for p in seed_copies.glob("*.txt"):
        text = p.read_text(encoding="utf-8")
        p.write_text("（内部征求意见稿）\n" + text, encoding="utf-8")
    r, data = check("--baseline", str(baseline))
    assert data["findings"] == [], [(f["path"], f["line"], f["text"]) for f in data["findings"]]
    assert data["summary"]["baseline"]["suppressed"] == len(entries)

    # a new defect is still reported, alone
    first = sorted(seed_copies.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "新建XXX村便民服务中心一处。\n", encoding="utf-8")
    r, data = check("--baseline", str(baseline))
    assert r.exit_code == 1
    assert (first.name, "XXX") in [(Path(f["path"]).name, f["text"]) for f in data["findings"]]
    last_line = len(first.read_text(encoding="utf-8").splitlines())
    assert {(Path(f["path"]).name, f["line"]) for f in data["findings"]} == {(first.name, last_line)}


def test_edit_elsewhere_in_a_long_line_keeps_the_finding_hidden(tmp_path):
    doc = tmp_path / "a.txt"
    head = "一年来，全镇上下团结奋斗，" * 5
    doc.write_text(f"{head}在XX村新建文化广场一处，群众满意度明显提高。\n", encoding="utf-8")
    baseline = tmp_path / "b.json"
    runner.invoke(app, ["check", str(doc), "--write-baseline", str(baseline), "--no-cache", "--isolated",
                            "--select", "placeholder.xxx"])
    doc.write_text(f"{head.replace('团结奋斗', '真抓实干', 1)}在XX村新建文化广场一处，群众满意度明显提高。\n",
                   encoding="utf-8")
    _, data = _check_xxx(str(doc), "--baseline", str(baseline))
    assert data["findings"] == []
    # but the same text in a new place in the paragraph is a new finding
    doc.write_text(f"{head}在XX村新建文化广场一处，群众满意度明显提高。另在XX村修缮祠堂。\n", encoding="utf-8")
    _, data = _check_xxx(str(doc), "--baseline", str(baseline))
    assert len(data["findings"]) == 1 and data["findings"][0]["column"] > len(head) + 20


def test_fixed_entries_are_reported_in_summary_and_on_stderr(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("XX镇工作总结\n新建XXX村卫生室。\n", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("在XX社区开展活动。\n", encoding="utf-8")
    baseline = tmp_path / "b.json"
    runner.invoke(app, ["check", str(tmp_path), "--write-baseline", str(baseline), "--no-cache", "--isolated",
                            "--select", "placeholder.xxx"])
    doc.write_text("低庄镇工作总结\n新建XXX村卫生室。\n", encoding="utf-8")
    r, data = _check_xxx(str(doc), "--baseline", str(baseline))  # other.txt is not checked: not "fixed"
    assert data["findings"] == [] and data["summary"]["baseline"] == {"suppressed": 1, "fixed": 1}
    assert "no longer occur" in r.stderr


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path, monkeypatch):
    doc = tmp_path / "proj" / "a.txt"
    doc.parent.mkdir()
    doc.write_text("XX镇工作总结\n", encoding="utf-8")
    baseline = tmp_path / "proj" / "b.json"
    monkeypatch.chdir(tmp_path)
    runner.invoke(app, ["check", "proj/a.txt", "--write-baseline", str(baseline), "--no-cache", "--isolated",
                            "--select", "placeholder.xxx"])
    assert json.loads(baseline.read_text(encoding="utf-8"))["entries"][0]["path"] == "a.txt"
    monkeypatch.chdir(tmp_path / "proj")
    _, data = _check_xxx("a.txt", "--baseline", "b.json")
    assert data["findings"] == []


def test_duplicates_are_counted(tmp_path):
    f = Finding(rule="placeholder.xxx", category="placeholder", severity=Severity.error, path=str(tmp_path / "a"),
                line=1, column=1, end_line=1, end_column=3, text="XX", message="m", context="XX")
    from checker.findings import FileStatus, Report

    bl = Baseline.from_findings(tmp_path / "b.json", [f])
    report = Report(findings=[f, f.model_copy()], files=[FileStatus(path=f.path, ok=True)])
    outcome = bl.apply(report)
    assert outcome.suppressed == 1 and len(outcome.findings) == 1
    assert entry_key(f, tmp_path) != entry_key(f.model_copy(update={"rule": "placeholder.other"}), tmp_path)


def test_missing_or_foreign_baseline_is_a_usage_error(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("全年完成任务。\n", encoding="utf-8")
    r = runner.invoke(app, ["check", str(doc), "--baseline", str(tmp_path / "none.json"), "--no-cache"])
    assert r.exit_code == 2 and "none.json" in r.output
    (tmp_path / "x.json").write_text('{"entries": 3}', encoding="utf-8")
    with pytest.raises(BaselineError, match="not a checker baseline"):
        Baseline.load(tmp_path / "x.json")


def test_baseline_from_config_file(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("XX镇工作总结\n", encoding="utf-8")
    runner.invoke(app, ["check", str(doc), "--write-baseline", str(tmp_path / "b.json"), "--no-cache",
                        "--select", "placeholder.xxx"])
    (tmp_path / "checker.toml").write_text('baseline = "b.json"\n', encoding="utf-8")
    r = runner.invoke(app, ["check", str(doc), "--format", "json", "--no-cache", "--select", "placeholder.xxx"])
    assert r.exit_code == 0 and json.loads(r.stdout)["findings"] == []
