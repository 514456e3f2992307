"""Findings point at the exact characters of the original file, whatever its encoding, line ends,
script or format (issue 3, "Done when": GB18030, UTF-8-BOM, CRLF, .docx, traditional script)."""

from __future__ import annotations

import codecs
import json
import re

import docx
import pytest
from typer.testing import CliRunner

from checker.api import check_paths
from checker.cli import app
from checker.config import Config
from checker.findings import Finding
from checker.rules.loader import parse_rule

PLACEHOLDERS = Config(select=["placeholder.xxx"])
# The breaks an editor shows as new lines; the decoded original is split the way a user sees it.
BREAK = re.compile(r"\r\n|\r|\n")

REPORT = (
    "XX镇2023年工作总结\n"
    "\n"
    "　　今年以来，在县委的正确领导下，全镇完成固定资产投资１２００万元，XXX村新建道路３公里。\n"
    "二、存在问题\n"
    "部分项目进度偏慢，xx段治理尚未完工。\n"
)


def _at(line: int, text: str) -> tuple[int, int, int, str]:
    column = REPORT.split("\n")[line - 1].index(text) + 1
    return line, column, column + len(text), text


EXPECTED = [_at(1, "XX"), _at(3, "XXX"), _at(5, "xx")]
assert EXPECTED[1][1] > 30  # after the full-width indent and digits, which normalise one for one


def points_at(f: Finding, original: str) -> str:
    """The characters of `original` that a finding's line/column/end_line/end_column name."""
    starts = [0] + [m.end() for m in BREAK.finditer(original)]
    lines = BREAK.split(original)
    if f.line == f.end_line:
        return lines[f.line - 1][f.column - 1 : f.end_column - 1]
    return original[starts[f.line - 1] + f.column - 1 : starts[f.end_line - 1] + f.end_column - 1]


def _spans(report) -> list[tuple[int, int, int, str]]:
    return [(f.line, f.column, f.end_column, f.text) for f in report.findings]


def _assert_exact(report, original: str, expected=EXPECTED) -> None:
    assert [s.ok for s in report.files] == [True]
    assert _spans(report) == expected
    for f in report.findings:
        assert points_at(f, original) == f.text


@pytest.mark.parametrize(
    ("encode", "newline"),
    [
        (lambda t: t.encode("gb18030"), "\n"),
        (lambda t: t.encode("gbk"), "\r\n"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "\n"),
        (lambda t: t.encode("utf-8"), "\r\n"),
        (lambda t: t.encode("utf-8"), "\r"),
        (lambda t: t.encode("utf-16"), "\r\n"),
        (lambda t: t.encode("utf-16-be"), "\n"),
    ],
    ids=["gb18030", "gbk-crlf", "utf8-bom", "utf8-crlf", "utf8-cr", "utf16-bom-crlf", "utf16be-nobom"],
)
def test_text_files_report_the_original_characters(tmp_path, encode, newline):
    original = REPORT.replace("\n", newline)
    path = tmp_path / "report.txt"
    path.write_bytes(encode(original))
    _assert_exact(check_paths([path], PLACEHOLDERS), original)


def test_docx_reports_paragraph_lines_and_columns(tmp_path):
    d = docx.Document()
    for paragraph in REPORT.rstrip("\n").split("\n"):
        d.add_paragraph(paragraph)
    path = tmp_path / "report.docx"
    d.save(path)
    _assert_exact(check_paths([path], PLACEHOLDERS), REPORT.rstrip("\n"))


@pytest.mark.parametrize("encoding", ["utf-8", "big5"])
def test_traditional_script_is_matched_simplified_but_reported_as_written(tmp_path, encoding):
    # A rule written in simplified script ("镇") finds the traditional "鎮"; the finding quotes
    # the file's own characters, and full-width Ｘ counts as X.
    original = ("ＸＸ鎮黨委關於2023年工作總結\r\n"
                "今年以來，全鎮實現經濟發展，XXX村新建道路３公里，這是區域發展的重點。\r\n"
                "部分項目進度偏慢，XX鎮衛生院尚未完工。\r\n")
    path = tmp_path / "traditional.txt"
    path.write_bytes(original.encode(encoding))
    town = parse_rule({"id": "test.town-placeholder", "kind": "pattern", "category": "placeholder",
                       "pattern": "XX镇", "message": {"zh": "{text}", "en": "{text}"}, "description": "d",
                       "why": "w", "fix": "f", "examples": {"bad": ["XX镇"], "good": ["本镇"]}}, "test")
    report = check_paths([path], Config(), rules=[town])
    _assert_exact(report, original, [(1, 1, 4, "ＸＸ鎮"), (3, 10, 13, "XX鎮")])


def test_hard_wrapped_passage_is_joined_but_reported_on_its_original_lines(tmp_path):
    # PDF extraction broke the line after nearly every token: "XX\n镇" is one placeholder.
    original = "工作总结\r\n今年\r\nXX\r\n镇\r\n完成\r\n投资\r\n1200\r\n万元。\r\n下一步工作打算如下。\r\n"
    path = tmp_path / "wrapped.txt"
    path.write_bytes(original.encode("gb18030"))
    town = parse_rule({"id": "test.town-placeholder", "kind": "pattern", "category": "placeholder",
                       "pattern": "XX镇", "message": {"zh": "{text}", "en": "{text}"}, "description": "d",
                       "why": "w", "fix": "f", "examples": {"bad": ["XX镇"], "good": ["本镇"]}}, "test")
    [f] = check_paths([path], Config(), rules=[town]).findings
    assert (f.line, f.column, f.end_line, f.end_column) == (3, 1, 4, 2)
    assert f.text == "XX\r\n镇" == points_at(f, original)


def test_cli_json_positions_for_a_gb18030_crlf_file(tmp_path):
    original = REPORT.replace("\n", "\r\n")
    path = tmp_path / "report.txt"
    path.write_bytes(original.encode("gb18030"))
    r = CliRunner().invoke(app, ["check", str(path), "--format", "json", "--select", "placeholder.xxx",
                                 "--no-cache", "--isolated"])
    assert r.exit_code == 1, r.output
    data = json.loads(r.stdout)
    assert [(f["line"], f["column"], f["end_column"], f["text"]) for f in data["findings"]] == EXPECTED
