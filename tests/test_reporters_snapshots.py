"""Snapshot tests for every output format on one small fixed report (ruff's habit): a change in
any reporter shows up as a reviewable diff of tests/fixtures/reporters/*.

The report is built by hand, not by running the rules, so other people's rule changes do not
move these snapshots; it holds the awkward cases: Chinese text, two identical findings on one
line, a suggestion and a deletion, evidence with a list, a finding across two lines, a zero-width
finding, `%` `:` `,` and a newline in messages or paths, `<script>` and quotes in a document and
in a rule file, and an unreadable file.

Refresh after an intended change: `UPDATE_SNAPSHOTS=1 pytest tests/test_reporters_snapshots.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.findings import FileStatus, Finding, Report, Severity
from checker.reporters import FORMATS, RenderContext, render
from checker.reporters.html_assets import CSS, JS
from checker.rules.kinds.pattern import PatternRule
from checker.sourcemap import LineIndex

SNAPSHOTS = Path(__file__).parent / "fixtures" / "reporters"

DOC_A = "docs/镇,报告:2023.txt"
TEXT_A = (
    "XX镇2023年工作总结\n"
    "全镇完成投资1.2亿元，增长150%，其中XXX村投入500万元，XXX社区投入300万元。\n"
    "附件下载：点击下载\n"
    "道路硬化5公里，\n"
    "惠及群众。\n"
)
DOC_B = "docs/b.md"
TEXT_B = '# 报告\n正文<script>document.body.dataset.pwned="1"</script>结束，"><img src=x onerror=alert(1)>。\n'
DOC_MISSING = "docs/missing.txt"

RULES = [
    PatternRule(kind="pattern", id="placeholder.xxx", category="placeholder", severity=Severity.error,
                pattern="X{2,}", message={"zh": "模板占位符“{text}”未替换", "en": "placeholder '{text}'"},
                description="XX / XXX placeholders left from a template.", why="Readers see an unfinished text.",
                fix="Fill in the real name.", examples={"bad": ["XX镇"], "good": ["镇"]}),
    PatternRule(kind="pattern", id="artifact.download-footer", category="artifact", severity=Severity.warning,
                pattern="附件下载", message={"zh": "网页残留“{text}”", "en": "web residue '{text}'"},
                description='Download widgets such as 附件下载 <script>alert("rule")</script> & "quotes".',
                why="Not part of the report.", fix="Delete the line.",
                examples={"bad": ["附件下载"], "good": ["附件"]}),
    PatternRule(kind="pattern", id="unit-format.spacing", category="unit-format", severity=Severity.info,
                pattern="公里", message={"zh": "单位", "en": "unit"}, description="A rule with no finding here.",
                why="Listed in SARIF all the same.", fix="-", examples={"bad": ["5公里"], "good": ["5千米"]}),
]


def _at(path: str, text: str, needle: str, nth: int = 1, **fields: object) -> Finding:
    """A finding on the nth occurrence of `needle` in `text`, positioned as the engine would."""
    offset = -1
    for _ in range(nth):
        offset = text.index(needle, offset + 1)
    idx = LineIndex(text)
    line, col = idx.position(offset)
    end_line, end_col = idx.position(offset + len(needle))
    f = Finding(path=path, line=line, column=col, end_line=end_line, end_column=end_col, text=needle,
                context=idx.line_text(line), **fields)  # type: ignore[arg-type]
    f.fingerprint = f.compute_fingerprint()
    return f


def fixture_report() -> tuple[Report, dict[str, str]]:
    """The fixed report and the document sources a reporter may show."""
    xxx = {"rule": "placeholder.xxx", "category": "placeholder", "severity": Severity.error}
    findings = [
        _at(DOC_A, TEXT_A, "XX", message="模板占位符“XX”未替换", **xxx),
        _at(DOC_A, TEXT_A, "增长150%", rule="implausible-growth.band", category="implausible-growth",
            severity=Severity.warning, message="增长150%: 超出 -5%,40% 区间\n请核实",
            evidence={"summary": "150% > 40%", "band": [-5, 40], "subject": "投资"}),
        _at(DOC_A, TEXT_A, "XXX", 1, message="模板占位符“XXX”未替换", **xxx),
        _at(DOC_A, TEXT_A, "XXX", 2, message="模板占位符“XXX”未替换", **xxx),
        _at(DOC_A, TEXT_A, "500万元", rule="unit-format.spacing", category="unit-format", severity=Severity.info,
            message="金额写法", suggestion="500 万元", evidence={"unit": "万元", "value": 500}),
        _at(DOC_A, TEXT_A, "附件下载：点击下载", rule="artifact.download-footer", category="artifact",
            severity=Severity.warning, message="网页残留“附件下载：点击下载”", suggestion=""),
        _at(DOC_A, TEXT_A, "5公里，\n惠及", rule="inconsistency.split", category="inconsistency",
            severity=Severity.info, message="跨行的发现"),
        _at(DOC_B, TEXT_B, "<script>", rule="artifact.html", category="artifact", severity=Severity.error,
            message="HTML 残留“<script>”", suggestion="", evidence={"summary": '"><b>bold</b>'}),
        _at(DOC_B, TEXT_B, '"><img src=x onerror=alert(1)>', rule="artifact.html", category="artifact",
            severity=Severity.error, message='HTML 残留 "><img src=x onerror=alert(1)>'),
        Finding(rule="input.unreadable", category="input-error", severity=Severity.error, path=DOC_MISSING,
                line=1, column=1, end_line=1, end_column=1, text="", message="no such file"),
    ]
    findings[-1].fingerprint = findings[-1].compute_fingerprint()
    findings.append(_at(DOC_B, TEXT_B, "结束", rule="placeholder.empty", category="placeholder",
                        severity=Severity.info, message="零宽"))
    findings[-1] = findings[-1].model_copy(update={"end_column": findings[-1].column, "text": ""})
    files = [FileStatus(path=DOC_A, ok=True, encoding="utf-8", findings=7),
             FileStatus(path=DOC_B, ok=True, encoding="utf-8", findings=3),
             FileStatus(path=DOC_MISSING, ok=False, error="no such file", findings=1),
             FileStatus(path="docs/clean.txt", ok=True, encoding="utf-8")]
    return Report(findings=findings, files=files).sorted(), {DOC_A: TEXT_A, DOC_B: TEXT_B}


def fixture_context(fmt: str = "json", lang: str = "zh") -> RenderContext:
    _, sources = fixture_report()
    return RenderContext(rules=list(RULES), lang=lang, version="9.9.9", color=False, sources=sources)


def rendered(fmt: str, lang: str = "zh") -> str:
    report, _ = fixture_report()
    return render(fmt, report, fixture_context(fmt, lang))


SUFFIX = {"json": "json", "jsonl": "jsonl", "concise": "txt", "sarif": "sarif", "gitlab": "json", "junit": "xml",
          "rdjson": "json", "markdown": "md", "html": "html", "github": "txt", "rich": "txt",
          "statistics": "txt"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_snapshot(fmt):
    path = SNAPSHOTS / f"fixture.{fmt}.{SUFFIX.get(fmt, 'txt')}"
    out = rendered(fmt)
    if fmt == "html":  # the inline stylesheet and script are code, not output worth a snapshot
        out = out.replace(CSS, "/* html_assets.CSS */").replace(JS, "/* html_assets.JS */")
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8", newline="")
    assert path.exists(), f"no snapshot for --format {fmt}; run UPDATE_SNAPSHOTS=1 pytest {__file__}"
    assert out == path.read_text(encoding="utf-8"), f"--format {fmt} changed; review and refresh the snapshot"


def test_every_format_has_a_file_suffix_and_output_is_deterministic():
    assert set(FORMATS) <= set(SUFFIX)
    for fmt in FORMATS:
        assert rendered(fmt) == rendered(fmt), fmt


def test_english_labels_where_a_format_has_labels():
    for fmt in ("markdown", "html", "github"):
        out = rendered(fmt, lang="en")
        assert out != rendered(fmt, lang="zh"), fmt
