"""The HTML report of a large run: an index page and one page per document (`html_report.SPLIT_AT`).

`-o report.html` writes the index to report.html (the stream the CLI opened, replaced atomically
when the run ends) and the document pages, with one shared stylesheet and script, to the folder
`report_files/` beside it, as a browser's "save page" does. The index holds the totals, the
tables by category and rule, and one row per document (counts by severity, a link to its page);
it stays small whatever the run's size, and each document page is the one-document report with
the same highlights, cards, filters and pop-ups, plus links to the index and its neighbours.

Every file goes through `checker.safe_write` (never over one of the run's inputs; atomic, but the
pages without an fsync each: two thousand of them cost a minute); pages of an earlier, larger run
that this run did not write are removed from the folder, and nothing else is.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TextIO

from checker.findings import FileStatus, Finding, Report
from checker.reporters import RenderContext
from checker.reporters.describe import RuleDoc, SourceLines, rule_docs
from checker.reporters.html_assets import CSS, INDEX_CSS, INDEX_JS, JS
from checker.reporters.html_builder import Markup, el
from checker.reporters.html_report import (
    SEVERITIES,
    Documents,
    document,
    filters,
    labels,
    summary_tables,
    tool_name,
    totals,
    writes_a_site,
)
from checker.reporters.html_report import render as render  # the one-page form: `--format html` to a string
from checker.reporters.html_report import write as write_page
from checker.safe_write import InputOverwriteError, Inputs, WriteError, write_text

PAGE_NAME = re.compile(r"^\d{5,}\.html$")  # the document pages this module writes, and only them
ASSETS = {"report.css": CSS + INDEX_CSS, "report.js": JS, "index.js": INDEX_JS}


def folder_for(output: str | os.PathLike[str]) -> Path:
    """report.html -> report_files/ beside it."""
    out = Path(output)
    return out.with_name(f"{out.stem}_files")


def page_name(n: int) -> str:
    return f"{n:05d}.html"


def _page(t: dict[str, str], title: str, assets: str, body: list[Markup | None], script: str) -> str:
    """A page whose stylesheet and script are the shared files in the folder `assets` names."""
    return "<!DOCTYPE html>\n" + el(
        "html", {"lang": t["lang"]},
        el("head", None, el("meta", {"charset": "utf-8"}),
           el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}),
           el("title", None, title), el("link", {"rel": "stylesheet", "href": f"{assets}report.css"})),
        el("body", {"data-ready": "0"}, body, el("div", {"id": "tip"}),
           el("script", {"src": f"{assets}{script}"}))) + "\n"


def _counts(findings: list[tuple[str, Finding]]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for _, f in findings:
        counts[f.severity.value] += 1
    return counts


def _document_page(n: int, path: str, documents: Documents, lines: SourceLines, docs: dict[str, RuleDoc],
                   index: str, ctx: RenderContext) -> str:
    t = labels(ctx)
    numbered = documents.numbered(path)
    status = documents.status(path)
    one = Report.model_construct(findings=[f for _, f in numbered], files=[status] if status else [],
                                 baseline=None)
    summary = one.summary()
    neighbours = [el("a", {"href": page_name(n - 1), "rel": "prev"}, "← " + t["previous"]) if n > 1 else None,
                  el("a", {"href": page_name(n + 1), "rel": "next"}, t["next"] + " →")
                  if n < len(documents.paths) else None]
    header = el("header", None, el("h1", None, path),
                el("p", {"class": "meta"}, el("a", {"href": index, "class": "up"}, t["index"]),
                   f" · {tool_name(ctx)} · {n}/{len(documents.paths)} · {summary['findings']} {t['findings']}"),
                totals(summary, t))
    nav = el("nav", None, el("p", {"class": "pager"}, neighbours), filters(one, t))
    main = el("main", None, summary_tables(one, docs, t) if numbered else None,
              document(f"doc-{n}", status, path, numbered, lines, t))
    return _page(t, f"{path} · {t['title']}", "", [header, el("div", {"class": "layout"}, nav, main),
                                                  el("footer", None, t["footer"].format(tool=tool_name(ctx)))],
                 "report.js")


def _index_row(n: int, path: str, findings: list[tuple[str, Finding]], status: FileStatus | None, folder: str,
               t: dict[str, str]) -> Markup:
    counts = _counts(findings)
    problem = status.error or t["unreadable"] if status is not None and not status.ok else ""
    return el("tr", {"data-n": str(len(findings) + bool(problem))},
              el("td", None, el("a", {"href": f"{folder}/{page_name(n)}"}, path)),
              [el("td", {"class": f"num sev-{s}"}, str(counts[s] or "")) for s in SEVERITIES],
              el("td", {"class": "num"}, str(len(findings))),
              el("td", {"class": "input-problem"}, problem))


def write_site(report: Report, documents: Documents, ctx: RenderContext, out: TextIO) -> None:
    """The index to `out`, the document pages and assets to the folder beside `ctx.output`."""
    assert ctx.output is not None
    t = labels(ctx)
    # where the index really lands (open_atomic follows links: `-o /dev/stdout > x.html` is x.html)
    target = Path(os.path.realpath(ctx.output))
    folder = folder_for(target)
    inputs = ctx.inputs if ctx.inputs is not None else Inputs()
    docs = rule_docs(report.findings, ctx)
    lines = SourceLines(ctx.sources)
    index = f"../{target.name}"
    written = set()
    for name, text in ASSETS.items():
        _write(folder / name, text, inputs, ctx.output)
    rows = []
    for n, path in enumerate(documents.paths, 1):
        name = page_name(n)
        _write(folder / name, _document_page(n, path, documents, lines, docs, index, ctx), inputs,
               ctx.output)
        written.add(name)
        rows.append(_index_row(n, path, documents.numbered(path), documents.status(path), folder.name, t))
    _remove_stale_pages(folder, written, inputs)
    summary = report.summary()
    header = el("header", None, el("h1", None, t["title"]),
                el("p", {"class": "meta"}, f"{tool_name(ctx)} · {summary['files']} {t['files']} · "
                                           f"{summary['findings']} {t['findings']}"), totals(summary, t))
    files = el("section", {"class": "panel", "id": "files"},
               el("h2", None, t["documents"]),
               el("p", {"class": "tools"},
                  el("input", {"type": "search", "id": "file-filter", "placeholder": t["search"]}),
                  el("label", None, el("input", {"type": "checkbox", "id": "with-findings"}), t["with_findings"])),
               el("table", {"class": "files"},
                  el("thead", None, el("tr", None, el("th", None, t["path"]),
                                       *(el("th", {"class": "num"}, t[s]) for s in SEVERITIES),
                                       el("th", {"class": "num"}, t["total"]), el("th", None, t["status"]))),
                  el("tbody", None, rows)))
    out.write(_page(t, t["title"], f"{folder.name}/",
                    [header, el("main", {"class": "index"}, summary_tables(report, docs, t), files),
                     el("footer", None, tool_name(ctx))], "index.js"))


def _write(path: Path, text: str, inputs: Inputs, output: str) -> None:
    """One file of the site; a refusal names the page (the CLI's message names only --output)."""
    try:
        write_text(path, text, inputs=inputs, make_parents=True, sync=False)  # the index, written last, is synced
    except InputOverwriteError as exc:
        raise WriteError(output, f"its page {exc.path} {exc.reason}") from None


def _remove_stale_pages(folder: Path, written: set[str], inputs: Inputs) -> None:
    """Pages left from an earlier run with more documents (they would link to the wrong files)."""
    for entry in os.scandir(folder):
        if PAGE_NAME.match(entry.name) and entry.name not in written and entry.is_file(follow_symlinks=False) \
                and entry.path not in inputs:
            os.unlink(entry.path)


def write(report: Report, ctx: RenderContext, out: TextIO) -> None:
    """`--format html`: the one page, or for a large run written to a file the index page and a
    page per document (`html_report.SPLIT_AT`)."""
    documents = Documents.of(report)
    if writes_a_site(ctx, documents):
        write_site(report, documents, ctx, out)
    else:
        write_page(report, ctx, out, documents)
