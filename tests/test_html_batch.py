"""The HTML report of a large run (issue 17): an index page and a page per document, written
beside the report file, that a browser opens at once at 2,000 documents.

The browser tests use headless Chromium as tests/test_html_browser.py does (skipped, saying why,
without one). Chromium's own start-up is timed on a blank page in the same run and taken off.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from test_html_browser import open_in_browser
from test_reporters_snapshots import fixture_context, fixture_report

from checker.findings import FileStatus, Report
from checker.reporters import RenderContext
from checker.reporters.html_report import SPLIT_AT
from checker.reporters.html_site import folder_for, write

ROOT = Path(__file__).resolve().parent.parent
LOAD_BUDGET_S = 5.0


def batch(n: int) -> tuple[Report, dict[str, str]]:
    """The snapshot fixture's documents copied under n paths (findings, statuses and sources)."""
    report, sources = fixture_report()
    findings, files, texts = [], [], {}
    for i in range(n):
        prefix = f"batch/{i:04d}/"
        findings += [f.model_copy(update={"path": prefix + f.path}) for f in report.findings]
        files += [s.model_copy(update={"path": prefix + s.path}) for s in report.files]
        texts.update({prefix + p: t for p, t in sources.items()})
    return Report(findings=findings, files=files), texts


def write_to(path: Path, report: Report, sources: dict[str, str], **fields: object) -> None:
    ctx = fixture_context("html", "zh")
    ctx = RenderContext(rules=ctx.rules, lang="zh", version="test", sources=sources, output=str(path), **fields)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        write(report, ctx, out)


def test_a_small_run_is_still_one_self_contained_page(tmp_path):
    report, sources = fixture_report()
    write_to(tmp_path / "r.html", report, sources)
    assert not folder_for(tmp_path / "r.html").exists()
    assert "<style>" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_a_large_run_is_an_index_and_a_page_per_document(tmp_path):
    copies = SPLIT_AT // 3 + 1
    report, sources = batch(copies)
    documents = list(dict.fromkeys([*(s.path for s in report.files), *(f.path for f in report.findings)]))
    assert len(documents) > SPLIT_AT
    index = tmp_path / "out" / "r.html"
    write_to(index, report, sources)
    folder = tmp_path / "out" / "r_files"
    pages = sorted(p.name for p in folder.glob("*.html"))
    assert pages == [f"{n:05d}.html" for n in range(1, len(documents) + 1)]
    html = index.read_text(encoding="utf-8")
    links = re.findall(r'<a href="(r_files/\d+\.html)">([^<]+)</a>', html)
    assert [path for _, path in links] == documents, "one row per document, in report order"
    assert all((tmp_path / "out" / href).is_file() for href, _ in links)
    assert len(html) < 2_000 * len(documents), "the index holds no document text"
    # each page is the one-document report: every finding of its document as a card
    for n, path in enumerate(documents, 1):
        page = (folder / f"{n:05d}.html").read_text(encoding="utf-8")
        cards = re.findall(r'<div class="finding sev-\w+" id="f\d+"', page)
        assert len(cards) == sum(1 for f in report.findings if f.path == path), path
        assert 'href="../r.html"' in page and 'href="report.css"' in page
    # a later, smaller run leaves no page of the earlier one behind (and nothing else is removed)
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    smaller, smaller_sources = batch(copies - 2)
    write_to(index, smaller, smaller_sources)
    assert len(list(folder.glob("0*.html"))) == len(documents) // copies * (copies - 2)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"


def _cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_the_cli_writes_the_pages_beside_the_report_and_never_over_an_input(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(SPLIT_AT + 2):
        (docs / f"r{i:03d}.txt").write_text(f"XX镇工作总结\n完成造林{i + 100}亩。\n", encoding="utf-8")
    run = _cli(["check", "docs", "-q", "--no-cache", "-o", "out/report.html"], tmp_path)
    assert run.returncode == 1, run.stderr
    assert len(list((tmp_path / "out" / "report_files").glob("0*.html"))) == SPLIT_AT + 2
    # a page that would land on a file the run reads is refused, and that file is left as it was
    victim = tmp_path / "out" / "report_files" / "00003.html"
    victim.write_text("我的文件", encoding="utf-8")
    run = _cli(["check", "docs", str(victim), "-q", "--no-cache", "-o", "out/report.html"], tmp_path)
    assert run.returncode == 2 and "00003.html" in run.stderr and "reads" in run.stderr, run.stderr
    assert victim.read_text(encoding="utf-8") == "我的文件"


def _timed_load(page: Path, tmp_path: Path) -> tuple[str, float]:
    start = time.perf_counter()
    dom = open_in_browser(page, tmp_path)
    return dom, time.perf_counter() - start


def test_two_thousand_documents_open_fast_in_a_browser(tmp_path):
    report, sources = batch(500)  # 2,000 documents: each copy holds four files
    index = tmp_path / "site" / "report.html"
    write_to(index, report, sources)
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><title>x</title><p>x</p>", encoding="utf-8")
    _, startup = _timed_load(blank, tmp_path)  # the browser's own start, on this machine, now

    dom, took = _timed_load(index, tmp_path)
    assert 'data-ready="1"' in dom, "the index's script did not run to the end"
    assert len(re.findall(r'<tr data-n="\d+"', dom)) == 2_000
    ready_ms = int(re.search(r'data-ready-ms="(\d+)"', dom).group(1))
    assert ready_ms < LOAD_BUDGET_S * 1000, f"the index was ready after {ready_ms} ms"
    assert took - startup < LOAD_BUDGET_S, f"index: {took:.1f} s, a blank page {startup:.1f} s"

    page = folder_for(index) / "00997.html"  # the first document of a copy: the one with most findings
    dom, took = _timed_load(page, tmp_path)
    assert 'data-ready="1"' in dom and took - startup < LOAD_BUDGET_S
    path = re.search(r"<h1>([^<]+)</h1>", dom).group(1)
    cards = re.findall(r'<div class="finding sev-\w+" id="f\d+"', dom)
    assert cards and len(cards) == sum(1 for f in report.findings if f.path == path)


def test_an_unreadable_file_is_a_row_that_says_so(tmp_path):
    report, sources = batch(SPLIT_AT // 3 + 1)
    files = [*report.files, FileStatus(path="gone.txt", ok=False, error="无法读取：文件不存在")]
    write_to(tmp_path / "r.html", Report(findings=report.findings, files=files), sources)
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert re.search(r'gone\.txt</a></td>.*?<td class="input-problem">无法读取：文件不存在</td>', html)


def test_pages_go_beside_the_file_the_index_really_is(tmp_path):
    """`-o link.html` writes through the link (safe_write follows it), and `-o /dev/stdout > x.html`
    writes x.html: the pages go beside that file, where the index's relative links point."""
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "target.html").write_text("old", encoding="utf-8")
    (tmp_path / "link.html").symlink_to(tmp_path / "real" / "target.html")
    report, sources = batch(SPLIT_AT // 3 + 1)
    write_to(tmp_path / "link.html", report, sources)
    assert (tmp_path / "real" / "target_files" / "00001.html").is_file()
    assert not (tmp_path / "link_files").exists()
    assert 'href="../target.html"' in (tmp_path / "real" / "target_files" / "00001.html").read_text(encoding="utf-8")
