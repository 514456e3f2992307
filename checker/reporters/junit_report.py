"""`--format junit`: JUnit XML, which most CI systems (GitLab, Jenkins, Azure) show as test results.

One <testsuite> per checked file, one failing <testcase> per finding (an unreadable file is an
<error>), and one passing <testcase> for a file without findings, so clean files count too.
Built with xml.etree, so escaping is the library's; characters XML 1.0 forbids (control
characters scraped from web pages) are dropped first, since no XML parser would read them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TextIO

from checker.findings import Finding, Report, Severity
from checker.reporters import RenderContext
from checker.reporters.describe import FindingsByPath, evidence_text
from checker.reporters.stream import render_with
from checker.ui_text import say

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(s: str) -> str:
    return XML_ILLEGAL.sub("", s)


def unreadable(f: Finding) -> bool:
    """A file checker could not read is a broken test (<error>), not a failed one."""
    return f.rule.startswith("input.") and f.severity is Severity.error


def failure_body(f: Finding, lang: str = "zh") -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.rule} [{f.category}, {f.severity.value}] {f.message}"]
    if f.text:
        lines.append(f"{say('label.text', lang)}: {f.text}")
    if f.suggestion is not None:
        lines.append(f"{say('label.suggestion', lang)}: {f.suggestion or '(' + say('label.delete', lang) + ')'}")
    ev = evidence_text(f)
    if ev:
        lines.append(f"{say('label.evidence', lang)}: {ev}")
    return xml_text("\n".join(lines))


def testcase(parent: ET.Element, f: Finding, lang: str = "zh") -> None:
    case = ET.SubElement(parent, "testcase", classname=xml_text(f.path),
                         name=xml_text(f"{f.rule} {f.line}:{f.column}"), file=xml_text(f.path), line=str(f.line))
    tag = "error" if unreadable(f) else "failure"
    node = ET.SubElement(case, tag, type=f.rule, message=xml_text(f.message))
    node.text = failure_body(f, lang)


def suite_counts(findings: Sequence[Finding]) -> dict[str, int]:
    errors = sum(1 for f in findings if unreadable(f))
    return {"tests": max(len(findings), 1), "failures": len(findings) - errors, "errors": errors}


def suite(path: str, findings: Sequence[Finding], lang: str = "zh") -> ET.Element:
    """The <testsuite> of one file: a test case per finding, one passing case for a clean file."""
    node = ET.Element("testsuite", {"name": xml_text(path),
                                    **{k: str(v) for k, v in suite_counts(findings).items()}})
    for f in findings:
        testcase(node, f, lang)
    if not findings:
        ET.SubElement(node, "testcase", classname=xml_text(path), name="checker", file=xml_text(path))
    return node


def suite_paths(report: Report, by_path: FindingsByPath) -> list[str]:
    """Checked files in their order, then paths only findings name."""
    checked = [s.path for s in report.files]
    known = set(checked)
    return checked + [p for p in by_path.paths if p not in known]


def write(report: Report, ctx: RenderContext, out: TextIO) -> None:
    """The document `ET.indent` and `ET.tostring` make of the whole tree, written a suite at a time:
    the root's totals come from a first pass, each suite is serialised at its own depth."""
    by_path = FindingsByPath(report.findings)
    paths = suite_paths(report, by_path)
    root = ET.Element("testsuites", name="checker")
    if not paths:
        ET.indent(root)
        out.write(ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n")
        return
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for path in paths:
        for k, v in suite_counts(by_path.findings(path)).items():
            totals[k] += v
    for k, v in totals.items():
        root.set(k, str(v))
    ET.SubElement(root, "_")
    ET.indent(root)
    head, tail = ET.tostring(root, encoding="unicode", xml_declaration=True).split("<_ />")
    out.write(head)
    for i, path in enumerate(paths):
        node = suite(path, by_path.findings(path), ctx.lang)
        holder = ET.Element("testsuites")
        holder.append(node)
        ET.indent(holder)  # indents the suite as deep as it sits in the whole document
        node.tail = None
        out.write(("\n  " if i else "") + ET.tostring(node, encoding="unicode"))
    out.write(tail + "\n")


def render(report: Report, ctx: RenderContext) -> str:
    return render_with(write, report, ctx)
