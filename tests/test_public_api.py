"""The package's public surface: `from checker import check_text, check_paths`, typed, and the
one-line `concise` format that editors and grep read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import checker

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_check_text_and_check_paths_are_importable_from_the_package():
    from checker import check_paths, check_text

    findings = check_text("XX镇2023年工作总结\n全镇完成投资1.2亿元。\n", path="draft.txt")
    assert any(f.rule == "placeholder.xxx" and f.path == "draft.txt" and f.line == 1 for f in findings)
    seed = sorted(SEEDS.glob("*.txt"))[0]
    report = check_paths([seed])
    assert report.findings and all(f.path.endswith(seed.name) for f in report.findings)


def test_unknown_attribute_is_an_attribute_error():
    try:
        checker.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_the_package_ships_a_py_typed_marker():
    assert (Path(checker.__file__).parent / "py.typed").exists()


def test_concise_format_is_one_line_per_finding_in_the_json_order(tmp_path):
    doc = tmp_path / "r.txt"
    doc.write_text("XX镇2023年工作总结\n低保资金364万，惠及XXX村。\n", encoding="utf-8")
    run = [sys.executable, "-m", "checker", "check", str(doc), "--isolated", "--no-cache"]
    concise = subprocess.run([*run, "--format", "concise"], capture_output=True, text=True, timeout=120)
    data = json.loads(subprocess.run([*run, "--format", "json"], capture_output=True, text=True, timeout=120).stdout)
    lines = concise.stdout.splitlines()
    assert concise.returncode == 1
    assert len(lines) == len(data["findings"]) >= 2
    for line, f in zip(lines, data["findings"], strict=True):
        assert line.startswith(f"{f['path']}:{f['line']}:{f['column']}: {f['severity']} {f['rule']} ")
