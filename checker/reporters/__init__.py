"""Reporters: pure functions from a Report to text, one module per format (ruff's layout).

Each module defines `render(report: Report, ctx: RenderContext) -> str`, and may define
`write(report, ctx, out)` that writes the same text piece by piece (checker.reporters.stream).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from checker.findings import Report
    from checker.rules.model import Rule
    from checker.safe_write import Inputs

FORMATS: dict[str, str] = {
    "rich": "checker.reporters.rich_report",
    "json": "checker.reporters.json_report",
    "jsonl": "checker.reporters.jsonl_report",
    "concise": "checker.reporters.concise_report",
    "sarif": "checker.reporters.sarif_report",
    "github": "checker.reporters.github_report",
    "gitlab": "checker.reporters.gitlab_report",
    "junit": "checker.reporters.junit_report",
    "rdjson": "checker.reporters.rdjson_report",
    "markdown": "checker.reporters.markdown_report",
    "html": "checker.reporters.html_site",  # one page, or an index and a page per document
    "statistics": "checker.reporters.statistics_report",
}
# Formats that show or measure the document text: the caller must fill RenderContext.sources
# (rdjson needs each line to turn code-point columns into UTF-8 byte columns).
NEEDS_SOURCES: frozenset[str] = frozenset({"rich", "html", "rdjson"})


@dataclass
class RenderContext:
    """What a reporter may need besides the findings: the rules (for help texts) and the sources."""

    rules: list[Rule] = field(default_factory=list)
    lang: str = "zh"
    version: str = ""
    color: bool | None = None
    # path -> original text, for reporters that show the document (rich, html); the CLI passes a
    # mapping that reads each file when asked (api.SourceFiles), never the whole corpus
    sources: Mapping[str, str] = field(default_factory=dict)
    # The file the report is written to (`--output`), if any: a format may write companion files
    # beside it (the HTML report of a large run: an index page and a folder of pages).
    output: str | None = None
    # What no companion file may replace: the run's inputs (checker.safe_write.Inputs).
    inputs: Inputs | None = None


def render(fmt: str, report: Report, ctx: RenderContext) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(FORMATS[fmt])
    return module.render(report, ctx)  # type: ignore[no-any-return]
