"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Columns are code points (`columnKind: unicodeCodePoints`), the unit checker counts in, so
Chinese text lands on the right character. Every rule that ran is listed in
`tool.driver.rules` with its help text, so a viewer can explain a result without checker.
Results carry `partialFingerprints`, which code scanning uses to follow an alert across
commits; a suggestion becomes a SARIF `fix`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from checker.findings import Finding, Report, Severity
from checker.reporters import RenderContext
from checker.reporters.describe import RuleDoc, evidence_text, rule_docs, with_occurrence_fingerprints
from checker.reporters.stream import Stream, dump_json, render_with
from checker.ui_text import say

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}
FINGERPRINT_KEY = "checkerFingerprint/v1"


@lru_cache(maxsize=1)
def source_root() -> str:
    """%SRCROOT%: the repository the run is in (the nearest folder up from here with a .git), else
    the working directory. Code scanning resolves result URIs against the repository root, so a run
    started in a subfolder (`checker check ../seeds`) must still say `seeds/…`."""
    here = os.path.abspath(os.getcwd())
    folder = here
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return here
        folder = parent


def artifact_location(path: str) -> dict[str, str]:
    """A path inside the repository becomes relative to its root (%SRCROOT%), which is what code
    scanning matches against; one outside it becomes a file: URI. Both percent-encoded, since
    report file names are often Chinese."""
    root = source_root()
    full = os.path.normpath(os.path.join(os.getcwd(), path))
    rel = os.path.relpath(full, root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return {"uri": PurePath(full).as_uri()}
    return {"uri": quote(PurePath(rel).as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def region(f: Finding, with_snippet: bool = True) -> dict[str, Any]:
    r: dict[str, Any] = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line,
                         "endColumn": f.end_column}
    if with_snippet and f.text:
        r["snippet"] = {"text": f.text}
    if f.page is not None:  # a PDF's: its line counts the lines of the text layer
        r["properties"] = {"page": f.page}
    return r


def rule_descriptor(doc: RuleDoc) -> dict[str, Any]:
    return {
        "id": doc.id,
        "name": doc.id,
        "shortDescription": {"text": doc.description},
        "fullDescription": {"text": f"{doc.description} {doc.why}"},
        "help": {"text": doc.help_text, "markdown": doc.help_markdown},
        "defaultConfiguration": {"level": LEVEL[doc.severity]},
        "properties": {"category": doc.category, "tags": [doc.category]},
    }


def result(f: Finding, rule_index: int, fingerprint: str, lang: str = "zh") -> dict[str, Any]:
    location = artifact_location(f.path)
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": region(f)}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    props: dict[str, Any] = {"category": f.category}
    ev = evidence_text(f)
    if ev:
        props["evidence"] = ev
    out["properties"] = props
    if f.suggestion is not None:
        replacement: dict[str, Any] = {"deletedRegion": region(f, with_snippet=False)}
        if f.suggestion:
            replacement["insertedContent"] = {"text": f.suggestion}
        out["fixes"] = [{
            "description": {"text": f"“{f.text}” → “{f.suggestion}”" if f.suggestion
                            else say("sarif.delete", lang, text=f.text)},
            "artifactChanges": [{"artifactLocation": location, "replacements": [replacement]}],
        }]
    return out


def write(report: Report, ctx: RenderContext, out: TextIO) -> None:
    docs = rule_docs(report.findings, ctx)
    index = {rule_id: i for i, rule_id in enumerate(docs)}
    driver: dict[str, Any] = {"name": "checker", "rules": [rule_descriptor(d) for d in docs.values()]}
    if ctx.version:
        driver["version"] = ctx.version
        driver["semanticVersion"] = ctx.version
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": Stream(result(f, index[f.rule], fp, ctx.lang)
                              for f, fp in with_occurrence_fingerprints(report.findings)),
        }],
    }
    dump_json(sarif, out)
    out.write("\n")


def render(report: Report, ctx: RenderContext) -> str:
    return render_with(write, report, ctx)
