#!/usr/bin/env python3
"""Speed and fidelity of the PDF and HTML readers (issue 18). Not a test.

The seeds are printed to PDF (tests/render.py: reportlab, a running header and page numbers,
lines wrapped at the margin) and written as saved web pages; each reader's text is compared with
the seed's (fidelity: share of the seed's non-space characters recovered in order) and timed
beside a baseline measured in the same run (CPU is shared: ratios, not seconds, are the figures):

* PDF: checker's reader against PDFium's bare text (`get_text_range`, no layout work), and
  against pdfplumber when it is installed (not a dependency: `pip install pdfplumber` to compare);
* HTML: checker's reader against reading the same bytes as a text file;
* check: `check_bytes` of the PDF and the page against the seed's text.

    python benchmarks/readers.py
"""

from __future__ import annotations

import difflib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from render import pdf_bytes, saved_page  # noqa: E402

from checker.api import check_bytes  # noqa: E402
from checker.document import from_bytes  # noqa: E402


def fidelity(seed: str, got: str) -> float:
    a, b = "".join(seed.split()), "".join(got.split())
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in m.get_matching_blocks()) / len(a)


def cpu(fn, rounds: int = 3) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    for _ in range(rounds):
        fn()
    return (time.process_time() - start) / rounds


def bare_pdfium(raw: bytes) -> str:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    pdf = pdfium.PdfDocument(raw)
    out = []
    for page in pdf:
        textpage = page.get_textpage()
        out.append(textpage.get_text_range())
        textpage.close()
        page.close()
    pdf.close()
    return "\n".join(out)


def plumber(raw: bytes) -> str | None:
    try:
        import io

        import pdfplumber  # type: ignore[import-not-found]
    except ImportError:
        return None
    with pdfplumber.open(io.BytesIO(raw)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def main() -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [s.read_text(encoding="utf-8") for s in seeds]
    pdfs = [pdf_bytes(t) for t in texts]
    pages = [saved_page(t).encode("utf-8") for t in texts]
    rows = [
        ("PDF: checker's reader", lambda: [from_bytes(r, "x.pdf").text for r in pdfs]),
        ("PDF: PDFium bare text", lambda: [bare_pdfium(r) for r in pdfs]),
        ("HTML: checker's reader", lambda: [from_bytes(p, "x.html").text for p in pages]),
        ("HTML bytes read as text", lambda: [from_bytes(p, "x.txt").text for p in pages]),
    ]
    if plumber(pdfs[0]) is not None:
        rows.append(("PDF: pdfplumber", lambda: [plumber(r) for r in pdfs]))
    for label, fn in rows:
        got = fn()
        seconds = cpu(fn)
        fids = [fidelity(t, g or "") for t, g in zip(texts, got, strict=True)]
        print(f"{label:26s} {seconds * 1000:8.0f} ms CPU for {len(seeds)} seeds   fidelity min {min(fids):.4f}"
              + ("  (a speed baseline: markup kept)" if "as text" in label else ""))
    for blobs, name in (([t.encode() for t in texts], "x.txt"), (pdfs, "x.pdf"), (pages, "x.html")):
        [check_bytes(b, name) for b in blobs]  # lazy loads (rules, dictionary shards) out of the timing
    base = cpu(lambda: [check_bytes(t.encode(), "x.txt") for t in texts], 2)
    for label, blobs, name in (("check PDF", pdfs, "x.pdf"), ("check HTML", pages, "x.html")):
        seconds = cpu(lambda blobs=blobs, name=name: [check_bytes(b, name) for b in blobs], 2)
        print(f"{label:26s} {seconds / base:8.2f}x the seeds' text")


if __name__ == "__main__":
    main()
