"""The integration files people copy (docs/ci.md, .pre-commit-hooks.yaml) stay true to the CLI:
every documented `checker` command parses with the real option parser, the hook entry runs, and
the GitHub workflow uploads the SARIF file it wrote.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import click
import pytest
import typer.main
import yaml
from typer.testing import CliRunner

from checker.cli import app
from checker.reporters import FORMATS

ROOT = Path(__file__).resolve().parent.parent
CI_DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
COMMAND = typer.main.get_command(app)


def documented_commands() -> list[list[str]]:
    """Every `checker <subcommand> ...` in docs/ci.md (code blocks cut at a pipe or redirection,
    and inline code)."""
    out = []
    for line in CI_DOC.splitlines():
        m = re.search(r"(?:run: |- |^)(checker (?:check|fix) [^|>\n]*)", line.strip())
        if m:
            out.append(shlex.split(m.group(1).rstrip("\\ ")))
    out += [shlex.split(m) for m in re.findall(r"`(checker (?:check|fix) [^`]+)`", CI_DOC)]  # inline ones
    return out


def parse(argv: list[str]) -> click.Context:
    """Parse argv (without the program name) exactly as the CLI would, without running it."""
    assert argv[0] == "checker"
    sub = COMMAND.get_command(click.Context(COMMAND), argv[1])  # type: ignore[attr-defined]
    assert sub is not None, argv
    return sub.make_context(argv[1], argv[2:])


def test_every_documented_command_parses_with_the_real_cli():
    commands = documented_commands()
    assert len(commands) >= 8
    used_formats = set()
    for argv in commands:
        ctx = parse(argv)
        if ctx.params.get("fmt"):
            assert ctx.params["fmt"] in FORMATS, argv
            used_formats.add(ctx.params["fmt"])
    assert {"sarif", "github", "gitlab", "junit", "rdjson", "markdown", "html"} <= used_formats


def test_the_documented_workflow_uploads_the_sarif_it_wrote():
    block = re.search(r"```yaml\n(name: checker\n.*?)```", CI_DOC, re.S)
    assert block
    workflow = yaml.safe_load(block.group(1))
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["check-reports"]["steps"]
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    sarif_step = next(s for s in steps if "--format sarif" in s.get("run", ""))
    params = parse(shlex.split(sarif_step["run"])).params
    assert str(params["output"]) == upload["with"]["sarif_file"]
    assert params["exit_zero"], "the SARIF step must not stop the job before the upload"


def test_pre_commit_hooks_point_at_the_installed_program():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert len({h["id"] for h in HOOKS}) == len(HOOKS)
    for hook in HOOKS:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
        argv = shlex.split(hook["entry"])
        assert argv[0] in scripts
        parse([*argv, "report.txt"])
        files = re.compile(hook["files"])
        assert files.search("docs/2023年工作总结.txt") and files.search("a/b.md")
        assert not files.search("setup.py")


@pytest.mark.parametrize(("text", "code"), [("XX镇2023年工作总结\n", 1), ("全镇圆满完成年度目标任务。\n", 0)])
def test_the_check_hook_runs_on_a_staged_file(tmp_path, text, code):
    hook = next(h for h in HOOKS if h["id"] == "checker")
    p = tmp_path / "总结.txt"
    p.write_text(text, encoding="utf-8")
    r = CliRunner().invoke(app, [*shlex.split(hook["entry"])[1:], str(p)])
    assert r.exit_code == code, r.output
    if code:
        assert "XX" in r.stdout and "\x1b[" not in r.stdout  # readable in pre-commit's captured output
