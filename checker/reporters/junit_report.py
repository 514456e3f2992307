"""`--format junit`: JUnit XML, which most CI systems (GitLab, Jenkins, Azure) show as test results.

One <testsuite> per checked file, one failing <testcase> per finding (an unreadable file is an
<error>), and one passing <testcase> for a file without findings, so clean files count too.
Built with xml.etree, so escaping is the library's; characters XML 1.0 forbids (control
characters scraped from web pages) are dropped first, since no XML parser would read them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from checker.findings import Finding, Report, Severity
from checker.reporters import RenderContext
from checker.reporters.describe import evidence_text

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(s: str) -> str:
    return XML_ILLEGAL.sub("", s)


def unreadable(f: Finding) -> bool:
    """A file checker could not read is a broken test (<error>), not a failed one."""
    return f.rule.startswith("input.") and f.severity is Severity.error


def failure_body(f: Finding) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.category}, {f.severity.value}] {f.message}"]
    if f.text:
        lines.append(f"text: {f.text}")
    if f.suggestion is not None:
        lines.append(f"suggestion: {f.suggestion or '(delete)'}")
    ev = evidence_text(f)
    if ev:
        lines.append(f"evidence: {ev}")
    return xml_text("\n".join(lines))


def testcase(parent: ET.Element, f: Finding) -> None:
    case = ET.SubElement(parent, "testcase", classname=xml_text(f.path),
                         name=xml_text(f"{f.rule} {f.line}:{f.column}"), file=xml_text(f.path), line=str(f.line))
    tag = "error" if unreadable(f) else "failure"
    node = ET.SubElement(case, tag, type=f.rule, message=xml_text(f.message))
    node.text = failure_body(f)


def render(report: Report, ctx: RenderContext) -> str:
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_path[f.path].append(f)
    paths = [s.path for s in report.files] + [p for p in by_path if p not in {s.path for s in report.files}]
    root = ET.Element("testsuites", name="checker")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for path in paths:
        findings = by_path.get(path, [])
        errors = sum(1 for f in findings if unreadable(f))
        counts = {"tests": max(len(findings), 1), "failures": len(findings) - errors, "errors": errors}
        suite = ET.SubElement(root, "testsuite", {"name": xml_text(path), **{k: str(v) for k, v in counts.items()}})
        for f in findings:
            testcase(suite, f)
        if not findings:
            ET.SubElement(suite, "testcase", classname=xml_text(path), name="checker", file=xml_text(path))
        for k, v in counts.items():
            totals[k] += v
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
