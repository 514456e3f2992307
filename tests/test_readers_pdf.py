"""The PDF reader: a seed printed to PDF (running header, page numbers, lines wrapped at the
margin) gives the seed's findings on its text layer's lines and pages; scans, encrypted, damaged
and huge files are one input error each, never a traceback."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from render import PAGE_HEADER, pdf_bytes, report_lines

from checker.api import check_bytes, check_paths
from checker.document import InputError, from_bytes
from checker.readers import pdf as pdf_reader
from checker.sourcemap import LineIndex

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(ROOT.joinpath("seeds").glob("*.txt"))


def _key(findings):
    return sorted((f.rule, f.text) for f in findings)


def _check_positions(doc, findings):
    """Each finding's line and column cut its text out of the text layer, and its page is the
    page holding that line."""
    shown = LineIndex(doc.source_text)
    for f in findings:
        assert f.page is not None and f.page == doc.lines.page(f.line)
        if f.line == f.end_line and f.text:
            line = shown.line_text(f.line)
            assert line[f.column - 1:f.end_column - 1] == f.text, f


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_a_seed_printed_to_pdf_has_the_seeds_findings_on_its_lines_and_pages(tmp_path, seed):
    text = seed.read_text(encoding="utf-8")
    path = tmp_path / (seed.stem + ".pdf")
    path.write_bytes(pdf_bytes(text))
    found = check_paths([path]).findings
    assert _key(found) == _key(check_paths([seed]).findings)
    doc = from_bytes(path.read_bytes(), str(path))
    # the report's paragraphs come back whole: wraps joined, headers and page numbers left out
    assert doc.text.rstrip("\n").split("\n") == report_lines(text)
    assert PAGE_HEADER in doc.source_text and PAGE_HEADER not in doc.text
    _check_positions(doc, found)


@pytest.mark.skipif(shutil.which("chromium") is None and shutil.which("chromium-browser") is None,
                    reason="headless Chromium is not installed")
def test_a_page_printed_by_chromium_reads_as_the_seed(tmp_path):
    seed = SEEDS[0]
    lines = report_lines(seed.read_text(encoding="utf-8"))
    page = tmp_path / "page.html"
    page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>'
                    + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>", encoding="utf-8")
    out = tmp_path / "page.pdf"
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    # Chromium's own header (date, title) and footer (URL, "1/3") are page furniture
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={out}",
                    page.as_uri()], capture_output=True, timeout=120, check=False)
    if not out.exists():
        pytest.skip("Chromium could not print here")
    doc = from_bytes(out.read_bytes(), str(out))
    assert doc.text.rstrip("\n").split("\n") == lines
    assert _key(check_paths([out]).findings) == _key(check_paths([seed]).findings)


def test_without_indents_or_furniture_the_text_is_still_the_reports():
    text = SEEDS[0].read_text(encoding="utf-8")
    doc = from_bytes(pdf_bytes(text, furniture=False, indent=False), "plain.pdf")
    assert doc.text.rstrip("\n").split("\n") == report_lines(text)


def test_page_numbers_and_running_lines_are_furniture_only_at_a_pages_edge():
    def line(text, top):
        return pdf_reader._Line(text, 72, 500, top, top - 10)

    pages = [[line("某县人民政府文件", 800), line("第3页", 700), line(f"正文第{i}段。", 400), line(f"- {i} -", 30)]
             for i in range(1, 4)]
    pdf_reader._mark_furniture(pages, [842.0] * 3)
    assert [[ln.furniture for ln in page] for page in pages] == [[True, False, False, True]] * 3


# --- files that are not a report's PDF ---------------------------------------------------------

def _canvas_pdf(draw, **kwargs) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, **kwargs)
    draw(c)
    c.showPage()
    c.save()
    return out.getvalue()


def _error(raw: bytes, path: str = "x.pdf") -> InputError:
    with pytest.raises(InputError) as exc:
        from_bytes(raw, path)
    return exc.value


def test_a_scan_is_an_input_error_that_says_it_has_no_text_layer():
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.new("RGB", (200, 100), "white")
    raw = _canvas_pdf(lambda c: c.drawImage(ImageReader(image), 50, 500, 200, 100))
    error = _error(raw)
    assert error.code == "pdf" and "text layer" in error.message


def test_an_encrypted_pdf_is_an_input_error():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def draw(c):
        c.setFont("STSong-Light", 12)
        c.drawString(72, 700, "全年新建道路12公里。")

    raw = _canvas_pdf(draw, encrypt="secret")
    error = _error(raw)
    assert error.code == "pdf" and "password" in error.message


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_a_truncated_pdf_is_one_input_error_or_its_readable_text_never_a_traceback(cut):
    raw = pdf_bytes(SEEDS[3].read_text(encoding="utf-8"))
    report = check_bytes(raw[: int(len(raw) * cut)], "cut.pdf")
    errors = [f for f in report.findings if f.category == "input-error"]
    internal = [f for f in report.findings if f.rule.startswith("internal.")]
    assert not internal
    assert len(errors) == 1 or report.files[0].ok


def test_garbage_after_a_pdf_signature_is_a_damaged_pdf():
    assert _error(b"%PDF-1.7\n" + os.urandom(4000)).code == "pdf"


def _many_pages(count: int) -> bytes:
    """A valid PDF of `count` pages sharing one small content stream (a few hundred KB)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>" % (count, b" ".join(b"%d 0 R" % (5 + i) for i in range(count))),
        b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 700 Td (Page text 1) Tj ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
                b"/Resources << /Font << /F1 4 0 R >> >> >>"] * count
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_a_10000_page_pdf_is_refused_quickly_and_in_little_memory(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_many_pages(10_000))
    # the CLI in a process of its own, which reports its own peak RSS: VmHWM (ru_maxrss keeps, across
    # exec, the RSS of the pytest process it was forked from; RUSAGE_CHILDREN every child's largest)
    run_cli = ("import re, resource, runpy, sys\n"
               "sys.argv = ['checker', 'check', '--format', 'json', '--lang', 'en', sys.argv[1]]\n"
               "try:\n    runpy.run_module('checker', run_name='__main__')\n"
               "except SystemExit:\n    pass\n"
               "try:\n    peak = re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1)\n"
               "except OSError:\n    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
               "print('peak_kib', peak, file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", run_cli, str(path)], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "Traceback" not in done.stderr
    assert '"input.too-large"' in done.stdout and "10000 pages" in done.stdout
    peak_kib = int(done.stderr.rsplit("peak_kib", 1)[1].split()[0])
    assert peak_kib < 500 * 1024


def test_pages_under_the_cap_are_read():
    doc = from_bytes(_many_pages(50), "fifty.pdf")
    assert doc.text.count("Page text 1") == 50 and doc.lines.page(doc.lines.line_count) == 50


def test_a_pdf_on_standard_input_is_read_by_its_stdin_filename():
    raw = pdf_bytes("低庄镇2024年工作总结\n低保资金364万。\n", furniture=False)
    done = subprocess.run([sys.executable, "-m", "checker", "check", "-", "--stdin-filename", "in/report.pdf",
                           "--format", "json"], input=raw, capture_output=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    findings = json.loads(done.stdout)["findings"]
    assert [(f["path"], f["rule"], f["page"], f["text"]) for f in findings] == [
        ("in/report.pdf", "missing-unit.money", 1, "364万")]


def test_corrupted_pdfs_are_read_or_refused_never_a_crash():
    import random

    raw = pdf_bytes("低庄镇2024年工作总结\n低保资金364万。\n" * 30)
    rng = random.Random(18)
    outcomes = set()
    for _ in range(100):
        damaged = bytearray(raw)
        for _ in range(rng.randint(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        if rng.random() < 0.3:
            damaged = damaged[: rng.randrange(len(damaged))]
        try:
            doc = from_bytes(bytes(damaged), "f.pdf")
            outcomes.add("read")
            assert doc.lines.position(len(doc.text))  # positions still resolve
        except InputError as exc:
            outcomes.add(exc.code)
    assert outcomes <= {"read", "pdf", "empty"}


def test_sarif_carries_a_pdf_findings_page_and_json_only_for_a_pdf():
    from checker.reporters import RenderContext, render
    from checker.rules.loader import builtin_rules

    text = SEEDS[0].read_text(encoding="utf-8")
    report = check_bytes(pdf_bytes(text), "report.pdf")
    sarif = json.loads(render("sarif", report, RenderContext(rules=builtin_rules())))
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in sarif["runs"][0]["results"]]
    assert [r["properties"]["page"] for r in regions] == [f.page for f in report.findings]
    assert max(f.page for f in report.findings) > 1
    plain = json.loads(render("json", check_bytes(text.encode("utf-8"), "report.txt"), RenderContext()))
    assert all("page" not in f for f in plain["findings"])
