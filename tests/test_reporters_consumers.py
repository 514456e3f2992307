"""Each format read back by its consumer's own rules: SARIF against the official 2.1.0 schema,
JUnit by an XML parser, GitHub workflow commands by the runner's escaping rules, rdjson byte
columns on Chinese text, GitLab fingerprints across edits, Markdown table shape, HTML escaping.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from test_reporters_snapshots import DOC_A, DOC_B, RULES, TEXT_A, TEXT_B, _at, fixture_report, rendered
from typer.testing import CliRunner

from checker import __version__
from checker.cli import app
from checker.findings import Report, Severity
from checker.reporters import RenderContext, render
from checker.reporters.describe import utf8_column
from checker.reporters.github_report import escape_data, escape_property
from checker.reporters.junit_report import XML_ILLEGAL

SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
runner = CliRunner()


def validate_sarif(sarif: dict) -> None:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls(SCHEMA).validate(sarif)


# --- SARIF -----------------------------------------------------------------------------------

def test_sarif_validates_and_declares_code_point_columns():
    sarif = json.loads(rendered("sarif"))
    validate_sarif(sarif)
    run = sarif["runs"][0]
    assert sarif["version"] == "2.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["version"] == "9.9.9"


def test_sarif_lists_every_rule_with_help_and_results_point_at_them():
    run = json.loads(rendered("sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    # every rule that ran, even one without findings, then ids only findings name
    assert ids[:3] == [r.id for r in RULES]
    assert "input.unreadable" in ids
    for r in rules:
        assert r["help"]["text"] and r["shortDescription"]["text"]
    xxx = rules[ids.index("placeholder.xxx")]
    assert "Fill in the real name." in xxx["help"]["text"] and "Readers see" in xxx["help"]["text"]
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"]


def test_sarif_regions_fingerprints_and_fixes():
    report, _ = fixture_report()
    run = json.loads(rendered("sarif"))["runs"][0]
    results = run["results"]
    assert len(results) == len(report.findings)
    fps = [r["partialFingerprints"]["checkerFingerprint/v1"] for r in results]
    assert len(set(fps)) == len(fps), "identical findings on one line must still have distinct fingerprints"
    by_col = {(r["locations"][0]["physicalLocation"]["region"]["startLine"],
               r["locations"][0]["physicalLocation"]["region"]["startColumn"]): r for r in results}
    growth = by_col[(2, 13)]  # code points: 全镇完成投资1.2亿元，增长 is 12 characters
    assert growth["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "增长150%"
    assert growth["level"] == "warning"
    uri = growth["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "docs/%E9%95%87%2C%E6%8A%A5%E5%91%8A%3A2023.txt"
    unit = by_col[(2, 28)]
    assert unit["level"] == "note"
    assert unit["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "500 万元"
    deletion = next(r for r in results if r["ruleId"] == "artifact.download-footer")
    assert "insertedContent" not in deletion["fixes"][0]["artifactChanges"][0]["replacements"][0]


def test_sarif_of_an_empty_run_validates_and_absolute_paths_are_file_uris():
    validate_sarif(json.loads(render("sarif", Report(), RenderContext(rules=list(RULES)))))
    f = _at("/tmp/报告.txt", "XX\n", "XX", rule="placeholder.xxx", category="placeholder",
            severity=Severity.error, message="m")
    sarif = json.loads(render("sarif", Report(findings=[f]), RenderContext()))
    validate_sarif(sarif)
    loc = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": "file:///tmp/%E6%8A%A5%E5%91%8A.txt"}


# --- GitHub workflow commands ----------------------------------------------------------------

COMMAND = re.compile(r"^::(?P<cmd>\w+) (?P<props>[^:]*)::(?P<data>.*)$")


def unescape_property(s: str) -> str:
    """actions/runner ActionCommand.UnescapeProperty."""
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def unescape_data(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def parse_commands(out: str) -> list[tuple[str, dict[str, str], str]]:
    """Read the output as the GitHub runner does: one command per line, properties split on ','
    then on the first '=', escapes undone."""
    commands = []
    for line in out.splitlines():
        m = COMMAND.match(line)
        assert m, f"not a workflow command: {line!r}"
        props = dict(p.split("=", 1) for p in m["props"].split(","))
        commands.append((m["cmd"], {k: unescape_property(v) for k, v in props.items()}, unescape_data(m["data"])))
    return commands


def test_github_commands_round_trip_through_the_runners_parser():
    report, _ = fixture_report()
    commands = parse_commands(rendered("github"))
    assert len(commands) == len(report.findings)
    for (cmd, props, data), f in zip(commands, report.findings, strict=True):
        assert cmd == {"error": "error", "warning": "warning", "info": "notice"}[f.severity.value]
        assert props["file"] == f.path  # "docs/镇,报告:2023.txt" survives the ',' and ':' split
        assert (int(props["line"]), int(props["col"]), int(props["endLine"]), int(props["endColumn"])) == (
            f.line, f.column, f.end_line, f.end_column)
        assert data.startswith(f.message)  # message with '%' and a newline survives


def test_github_escaping_rules():
    assert escape_data("100%\r\n: ,") == "100%25%0D%0A: ,"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert all(line.startswith("::") for line in rendered("github").splitlines())  # no line break leaked


# --- rdjson ----------------------------------------------------------------------------------

def test_rdjson_columns_are_utf8_bytes_on_chinese_text():
    report, sources = fixture_report()
    data = json.loads(rendered("rdjson"))
    assert data["source"]["name"] == "checker" and data["severity"] == "ERROR"
    checked = 0
    for d, f in zip(data["diagnostics"], report.findings, strict=True):
        if f.path not in sources or f.end_line != f.line:
            continue
        line = sources[f.path].split("\n")[f.line - 1].encode("utf-8")
        start, end = d["location"]["range"]["start"]["column"], d["location"]["range"]["end"]["column"]
        assert line[start - 1:end - 1].decode("utf-8") == f.text, (f.rule, start, end)
        checked += 1
    assert checked >= 6
    growth = next(d for d in data["diagnostics"] if d["code"]["value"] == "implausible-growth.band")
    assert growth["location"]["range"]["start"]["column"] == 1 + len("全镇完成投资1.2亿元，".encode())  # 3x the chars
    assert growth["severity"] == "WARNING"


def test_rdjson_multiline_range_and_suggestions():
    data = json.loads(rendered("rdjson"))
    split = next(d for d in data["diagnostics"] if d["code"]["value"] == "inconsistency.split")
    assert split["location"]["range"] == {"start": {"line": 4, "column": 1 + len("道路硬化".encode())},
                                          "end": {"line": 5, "column": 1 + len("惠及".encode())}}
    unit = next(d for d in data["diagnostics"] if d["code"]["value"] == "unit-format.spacing")
    assert unit["suggestions"] == [{"range": unit["location"]["range"], "text": "500 万元"}]


def test_utf8_column():
    assert utf8_column("a𐐀b", 3) == 6  # reviewdog's own example
    assert utf8_column("镇XX", 2) == 4


def test_rdjson_through_the_cli_reads_the_document(tmp_path):
    p = tmp_path / "报告.txt"
    p.write_text("前言\n二〇二三年，XX镇完成任务。\n", encoding="utf-8")
    r = runner.invoke(app, ["check", str(p), "--format", "rdjson", "--isolated", "--no-cache",
                            "--select", "placeholder.xxx"])
    assert r.exit_code == 1, r.output
    d = json.loads(r.stdout)["diagnostics"][0]
    assert d["location"]["range"]["start"] == {"line": 2, "column": 1 + len("二〇二三年，".encode())}


# --- GitLab ----------------------------------------------------------------------------------

def test_gitlab_code_quality_fields_and_unique_fingerprints():
    issues = json.loads(rendered("gitlab"))
    report, _ = fixture_report()
    assert len(issues) == len(report.findings)
    for i in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(i)
        assert i["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(i["location"]["lines"]["begin"], int)
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_survive_an_inserted_line():
    before = _gitlab_for("XX镇工作总结\n其中XXX村、XXX社区完成改造。\n")
    after = _gitlab_for("新的第一行。\n\nXX镇工作总结\n其中XXX村、XXX社区完成改造。\n")
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]
    assert [i["location"]["lines"]["begin"] for i in after] == [3, 4, 4]


def _gitlab_for(text: str) -> list[dict]:
    from checker.api import check_text

    findings = check_text(text, rules=[RULES[0]], path="a.txt")
    return json.loads(render("gitlab", Report(findings=findings).sorted(), RenderContext(rules=[RULES[0]])))


# --- JUnit -----------------------------------------------------------------------------------

def test_junit_is_xml_with_consistent_counts():
    root = ET.fromstring(rendered("junit").encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [DOC_A, DOC_B, "docs/missing.txt", "docs/clean.txt"]
    for s in suites:
        cases = s.findall("testcase")
        assert int(s.get("tests")) == len(cases)
        assert int(s.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(s.get("errors")) == sum(1 for c in cases if c.find("error") is not None)
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites) == 12
    assert root.find("testsuite[@name='docs/missing.txt']/testcase/error") is not None
    clean = root.find("testsuite[@name='docs/clean.txt']")
    assert clean.get("failures") == "0" and len(clean.findall("testcase")) == 1
    script = root.find(f"testsuite[@name='{DOC_B}']/testcase/failure").get("message")
    assert script == "HTML 残留“<script>”"


def test_junit_drops_characters_xml_forbids():
    f = _at("a.txt", "X\x0cXX\x00\n", "X\x0cXX", rule="placeholder.xxx", category="placeholder",
            severity=Severity.error, message="bad \x0b char")
    out = render("junit", Report(findings=[f]), RenderContext())
    root = ET.fromstring(out.encode("utf-8"))
    assert root.find(".//failure").get("message") == "bad  char"
    assert not XML_ILLEGAL.search(out)


# --- JSON, JSONL, Markdown -------------------------------------------------------------------

def test_json_carries_version_and_jsonl_one_finding_per_line():
    data = json.loads(rendered("json"))
    assert data["version"] and data["tool"]["version"] == "9.9.9"
    lines = rendered("jsonl").splitlines()
    assert [json.loads(x) for x in lines] == data["findings"]
    assert render("jsonl", Report(), RenderContext()) == ""


def test_markdown_table_rows_keep_their_shape():
    md = rendered("markdown")
    rows = [x for x in md.splitlines() if x.startswith("|")]
    assert rows
    for row in rows:
        # an unescaped '|' in a cell would add a column
        assert len(re.findall(r"(?<!\\)\|", row)) in (6, 9), row
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "5公里，<br>惠及" in md


# --- HTML escaping (the browser test in test_html_browser.py runs it for real) ---------------

def test_html_escapes_documents_and_rule_files():
    page = rendered("html")
    assert page.count("<script>") == 1  # the report's own script, nothing from the inputs
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'alert(&quot;rule&quot;)' in page  # from a rule file's description
    assert "<b>bold</b>" not in page and "&quot;&gt;&lt;b&gt;bold&lt;/b&gt;" in page  # evidence
    # every finding has a card and the card's id is referenced by a highlight
    report, _ = fixture_report()
    cards = re.findall(r'<div class="finding sev-\w+" id="(f\d+)"', page)
    assert len(cards) == len(report.findings)
    marked = set(" ".join(re.findall(r'data-f="([^"]+)"', page)).split())
    assert marked == {f"f{i}" for i, f in enumerate(report.findings, 1) if f.path in (DOC_A, DOC_B)}


def test_html_shows_every_line_and_the_highlighted_text():
    page = rendered("html")
    for text in (TEXT_A, TEXT_B):
        for n, _line in enumerate(text.splitlines(), 1):
            assert f'-L{n}"' in page
    assert re.search(r'<mark class="hl sev-error" data-f="f\d+"[^>]*>XX</mark>镇', page)
    assert re.search(r'<mark class="hl sev-info empty"', page)  # the zero-width finding


def test_html_without_sources_shows_the_findings_lines():
    report, _ = fixture_report()
    page = render("html", report, RenderContext(rules=list(RULES)))
    assert "增长150%" in page and "只显示有问题的行" in page


# --- CLI: every format, --output, --version ----------------------------------------------------

@pytest.mark.parametrize("fmt", ["jsonl", "sarif", "github", "gitlab", "junit", "rdjson", "markdown", "html"])
def test_cli_writes_every_format_to_output(tmp_path, fmt):
    p = tmp_path / "a.txt"
    p.write_text("XX镇工作总结\n", encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    r = runner.invoke(app, ["check", str(p), "--format", fmt, "--output", str(out), "--isolated", "--no-cache"])
    assert r.exit_code == 1, r.output
    assert "XX" in out.read_text(encoding="utf-8")


def test_version_flag():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0
    assert r.stdout.strip() == f"checker {__version__}"


def test_unknown_format_lists_the_formats(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("XX\n", encoding="utf-8")
    r = runner.invoke(app, ["check", str(p), "--format", "yaml"])
    assert r.exit_code == 2 and "sarif" in r.output


def test_the_fixture_sources_match_the_findings():
    report, sources = fixture_report()
    assert sources == {DOC_A: TEXT_A, DOC_B: TEXT_B}
    for f in report.findings:
        if f.path in sources and f.end_line == f.line and f.text:
            assert sources[f.path].split("\n")[f.line - 1][f.column - 1:f.end_column - 1] == f.text
