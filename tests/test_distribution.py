"""The distribution (issue 17): a name of its own on the package index, one version that the
pre-commit and CI docs pin as a tag, hooks that run once over report-like files only."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

import checker

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_the_distribution_has_its_own_name_and_keeps_the_command():
    project = PYPROJECT["project"]
    assert project["name"] == "gov-report-checker", "`checker` on the package index is another project"
    assert project["scripts"] == {"checker": "checker.cli:main"}
    assert PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["checker"]


def test_one_version_read_from_the_package():
    assert "version" not in PYPROJECT["project"] and "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "checker/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+", checker.__version__)


def test_docs_and_hooks_pin_the_current_version_tag():
    tag = f"v{checker.__version__}"
    texts = {name: (ROOT / name).read_text(encoding="utf-8") for name in ("docs/ci.md", ".pre-commit-hooks.yaml")}
    for name, text in texts.items():
        pins = re.findall(r"rev: (v[\d.]+)|checker@(v[\d.]+)", text)
        assert pins, name
        assert {a or b for a, b in pins} == {tag}, f"{name} pins another version than {tag}"
    assert "gov-report-checker" in texts["docs/ci.md"]


def test_hooks_run_once_over_report_like_files():
    for hook in HOOKS:
        assert hook["require_serial"] is True, "one run, one summary and one exit status per commit"
        files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
        paths = ("README.md", "docs/CHANGELOG.md", "LICENSE.txt", "reports/2023年总结.md", "reports/readme_notes.txt",
                 "乡镇/CONTRIBUTING.md")
        taken = [p for p in paths if files.search(p) and not exclude.search(p)]
        assert taken == ["reports/2023年总结.md", "reports/readme_notes.txt"], hook["id"]
