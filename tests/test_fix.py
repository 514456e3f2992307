"""`checker fix`: only safe rules, never a figure, encodings and line endings kept, dry run by default."""

from __future__ import annotations

import codecs

import pytest
from typer.testing import CliRunner
from user_rules import write_user_rules

from checker.cli import app
from checker.config import Config
from checker.fix import Edit, apply_edits, choose_edits, figures, fix_file

runner = CliRunner()

TEXT = "新建文化广场800平米【付费内容请购买】。\n在乡政府召开会议，第3页\n合计10万万元。\n"
FIXED = "新建文化广场800平方米。\n在乡政府召开会议，\n合计10万万元。\n"


@pytest.fixture
def project(tmp_path):
    write_user_rules(tmp_path / "my_rules")
    # Only our own rules and placeholder.xxx: the expected text must not depend on other built-in rules.
    (tmp_path / "checker.toml").write_text('extra-rules = ["my_rules"]\nselect = ["demo", "suppression", '
                                           '"placeholder.xxx"]\n', encoding="utf-8")
    return tmp_path


def _fix(*args: str):
    return runner.invoke(app, ["fix", *args])


def test_dry_run_lists_fixes_and_writes_nothing(project):
    doc = project / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    r = _fix(str(doc))
    assert r.exit_code == 1
    assert "3 fixes available" in r.stdout and "demo.paywall" in r.stdout and "demo.sqm" in r.stdout
    assert doc.read_text(encoding="utf-8") == TEXT


def test_diff_shows_the_change_without_writing(project):
    doc = project / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    r = _fix(str(doc), "--diff")
    assert r.exit_code == 1
    assert "-新建文化广场800平米【付费内容请购买】。" in r.stdout and "+新建文化广场800平方米。" in r.stdout
    assert doc.read_text(encoding="utf-8") == TEXT


def test_write_applies_only_safe_fixes_and_refuses_figure_changes(project):
    doc = project / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    r = _fix(str(doc), "--write")
    assert r.exit_code == 0, r.output
    # 乡政府 (not safe) and 万万 (a figure) untouched; the page footer's digits were never a figure
    assert doc.read_text(encoding="utf-8") == FIXED
    assert "demo.wanwan: not fixed" in r.stderr and "demo.pagefooter: not fixed" not in r.stderr
    assert _fix(str(doc)).exit_code == 0  # nothing left to fix


@pytest.mark.parametrize(("encoding", "bom", "newline"), [
    ("gb18030", b"", "\r\n"),
    ("utf-8", codecs.BOM_UTF8, "\r\n"),
    ("utf-8", b"", "\n"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
])
def test_write_keeps_encoding_bom_and_line_endings(project, encoding, bom, newline):
    doc = project / "a.txt"
    doc.write_bytes(bom + TEXT.replace("\n", newline).encode(encoding))
    assert _fix(str(doc), "--write").exit_code == 0
    assert doc.read_bytes() == bom + FIXED.replace("\n", newline).encode(encoding)


def test_docx_is_not_rewritten(project):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("新建文化广场800平米。")
    path = project / "a.docx"
    d.save(str(path))
    before = path.read_bytes()
    r = _fix(str(path), "--write")
    assert r.exit_code == 1 and ".docx files are not rewritten" in r.stderr
    assert path.read_bytes() == before
    assert "+新建文化广场800平方米。" in _fix(str(path), "--diff").stdout  # the diff is still shown


def test_undecodable_bytes_block_writing(project):
    doc = project / "a.txt"
    raw = "新建800平米。".encode() + b"\xff\xfe\xfa" + "其余正常。\n".encode()
    doc.write_bytes(raw)
    r = _fix(str(doc), "--write")
    assert r.exit_code == 1 and "not rewritten" in r.stderr
    assert doc.read_bytes() == raw


def test_unused_suppression_comment_is_removed_by_fix(project):
    doc = project / "a.md"
    doc.write_text("全年完成任务。<!-- checker-disable-line placeholder.xxx -->\n在XX村。"
                   "<!-- checker-disable-line placeholder.xxx -->\n<!-- checker-disable-line -->\n", encoding="utf-8")
    assert _fix(str(doc), "--write").exit_code == 0
    # the used one stays; the bare one cannot be judged in a run narrowed by `select`
    assert doc.read_text(encoding="utf-8") == ("全年完成任务。\n在XX村。<!-- checker-disable-line placeholder.xxx -->\n"
                                               "<!-- checker-disable-line -->\n")


def test_figures_are_compared_with_their_separators_and_multipliers():
    assert figures("全年投入1,250.5万元，增长12%，二十个村") == ["1,250.5万", "12%", "二十"]
    assert figures("１２３") == ["123"]  # full-width digits are digits
    assert figures("一年来，一批项目") == []  # a lone 一 is a word, not a figure
    # digits glued to a Latin letter are a unit exponent or a code, not a figure
    assert figures("完成4600m2晒场，CCTV2台，[bookmark: _Hlk151910649]") == ["4600"]
    assert figures("合计10万万元") == ["10万万"]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_line_that_was_only_an_artifact_goes_away_with_its_line_break(project, newline):
    doc = project / "a.txt"
    lines = ["一、工作总结", "【付费内容请购买】", "全年完成任务。", "  【付费内容】"]
    doc.write_bytes(newline.join(lines).encode())
    assert _fix(str(doc), "--write").exit_code == 0
    assert doc.read_bytes() == newline.join(["一、工作总结", "全年完成任务。"]).encode()


def test_overlapping_edits_keep_the_first_and_apply_backwards():
    edits = [Edit(5, 8, "", "b", 1), Edit(0, 2, "甲", "a", 1), Edit(6, 9, "x", "c", 1), Edit(8, 9, "乙", "d", 1)]
    chosen = choose_edits(edits)
    assert [e.rule for e in chosen] == ["a", "b", "d"]
    assert apply_edits("0123456789", chosen) == "甲234乙9"


def test_fix_file_api_reports_refusals(project):
    doc = project / "a.txt"
    doc.write_text(TEXT, encoding="utf-8")
    from checker.api import select_rules

    config = Config(extra_rules=[str(project / "my_rules")], select=["demo"])
    result = fix_file(str(doc), select_rules(config), config)
    assert result.fixed == FIXED and result.not_written is None
    assert sorted(r.finding.rule for r in result.refused) == ["demo.wanwan"]


def test_fix_diff_applies_with_git_apply(tmp_path):
    """`checker fix --diff | git apply` works: paths as git writes them, and the no-newline marker
    after a last line without a line break (else the next header is glued onto it)."""
    import shutil
    import subprocess
    import sys

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "a.txt").write_text("附件下载：点击下载\n全镇完成造林3000亩", encoding="utf-8")  # no final newline
    (tmp_path / "b.txt").write_text("道路硬化5公里。\n建成广场2000m2\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("第一行\x0c仍是一行\n附件下载：点击下载", encoding="utf-8")
    run = {"cwd": tmp_path, "capture_output": True, "text": True, "timeout": 120}
    subprocess.run(["git", "init", "-q"], check=True, **run)
    diff = subprocess.run([sys.executable, "-m", "checker", "fix", ".", "--diff", "--isolated"], **run).stdout
    assert "a/./" not in diff and "\\ No newline at end of file" in diff
    check = subprocess.run(["git", "apply", "--check", "-"], input=diff, cwd=tmp_path, capture_output=True,
                           text=True, timeout=60)
    assert check.returncode == 0, check.stderr
    subprocess.run(["git", "apply", "-"], input=diff, cwd=tmp_path, check=True, capture_output=True, text=True)
    again = subprocess.run([sys.executable, "-m", "checker", "fix", ".", "--diff", "--isolated"], **run).stdout
    assert again == ""
