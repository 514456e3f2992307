"""The HTML report in a real headless browser (Debian's `chromium`; .ci/run installs it).

The page must load offline, run its script without error (it sets body[data-ready="1"] last),
show every seed finding as a card with a highlight in the text, never execute markup from a
document, and render to a screenshot. Without a browser the tests skip and say why.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_reporters_snapshots import fixture_report, rendered

ROOT = Path(__file__).resolve().parent.parent
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--window-size=1400,1000")


def _browser() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    reason = (f"no headless browser found (looked for {', '.join(BROWSERS)} on PATH); "
              "install Debian's `chromium` (apt-get install -y chromium) to run the HTML report test")
    print(f"SKIP test_html_browser: {reason}", file=sys.stderr)
    pytest.skip(reason)


def open_in_browser(page: Path, tmp_path: Path, screenshot: Path | None = None) -> str:
    """The DOM after the page's script ran, as Chromium serialises it."""
    cmd = [_browser(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    if screenshot is not None:
        cmd.append(f"--screenshot={screenshot}")
    cmd += ["--dump-dom", page.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def test_seed_report_loads_shows_the_findings_and_renders(tmp_path):
    # The committed report (tests/test_reports_current.py keeps it equal to a fresh run).
    page = ROOT / "reports" / "seeds.html"
    findings = json.loads((ROOT / "reports" / "seeds.json").read_text(encoding="utf-8"))["findings"]
    assert findings, "the seeds have known defects"
    shot = tmp_path / "seeds.png"
    dom = open_in_browser(page, tmp_path, screenshot=shot)

    assert 'data-ready="1"' in dom, "the page's script did not run to the end"
    cards = re.findall(r'<div class="finding sev-(\w+)" id="(f\d+)" data-severity="(\w+)"', dom)
    assert len(cards) == len(findings)
    assert [sev for sev, _, _ in cards].count("error") == sum(f["severity"] == "error" for f in findings)
    highlighted = set(" ".join(re.findall(r'<mark class="hl[^"]*" data-f="([^"]+)"', dom)).split())
    in_text = {f"f{i}" for i, f in enumerate(findings, 1) if f["rule"].split(".")[0] not in ("input", "internal")}
    assert in_text <= highlighted, "every finding in a document is highlighted in place"
    for f in findings:
        assert f'<p class="msg">{html.escape(f["message"], quote=False)}</p>' in dom, f["message"]

    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, "no real screenshot"


def test_markup_in_a_document_is_shown_not_run(tmp_path):
    page = tmp_path / "fixture.html"
    page.write_text(rendered("html"), encoding="utf-8")
    dom = open_in_browser(page, tmp_path)
    assert 'data-ready="1"' in dom
    assert "data-pwned" not in dom, "a <script> from a document ran"
    # as an element Chromium would serialise it with quoted attributes; as text it stays as written
    assert '<img src="x"' not in dom and "src=x onerror=alert(1)" in dom
    text = re.sub(r'</?mark(?:\s+[\w-]+(?:="[^"]*")?)*\s*>', "", dom)
    assert '正文&lt;script&gt;document.body.dataset.pwned="1"&lt;/script&gt;结束' in text
    report, _ = fixture_report()
    assert len(re.findall(r'<div class="finding sev-', dom)) == len(report.findings)


# Runs after the report's own script: drives the filters as a reviewer would, then writes what
# the page shows into body attributes, which --dump-dom serialises.
FILTER_PROBE = """<script>
(function () {
  function set(selector, on) {
    var box = document.querySelector(selector);
    box.checked = on;
    box.dispatchEvent(new Event("change"));
  }
  function count(selector) { return String(document.querySelectorAll(selector).length); }
  var b = document.body;
  var first = document.querySelector("mark.hl");
  first.dispatchEvent(new MouseEvent("mouseenter"));
  var tip = document.getElementById("tip");
  b.setAttribute("data-probe-tip-cards", tip.style.display === "block" ? count("#tip .finding") : "0");
  b.setAttribute("data-probe-tip-has-message", tip.textContent.indexOf(first.title.split(": ")[1]) >= 0 ? "1" : "0");
  first.dispatchEvent(new MouseEvent("mouseleave"));
  set("input[data-filter='severity'][value='error']", false);
  b.setAttribute("data-probe-no-errors", count(".finding[data-severity]:not([hidden])"));
  b.setAttribute("data-probe-no-errors-lit", count("mark.hl:not(.off)"));
  set("input[data-filter='severity'][value='error']", true);
  set("input[data-filter='category'][value='placeholder']", false);
  b.setAttribute("data-probe-no-placeholder", count(".finding[data-severity]:not([hidden])"));
  set("#only-flagged", true);
  var shown = Array.prototype.filter.call(document.querySelectorAll("li.line"), function (li) {
    return getComputedStyle(li).display !== "none";
  });
  b.setAttribute("data-probe-lines-shown", String(shown.length));
})();
</script>"""


def test_hover_and_filters(tmp_path):
    report, _ = fixture_report()
    page = tmp_path / "probe.html"
    page.write_text(rendered("html").replace("</body>", FILTER_PROBE + "</body>"), encoding="utf-8")
    dom = open_in_browser(page, tmp_path)
    probe = dict(re.findall(r'data-probe-([\w-]+)="(\d+)"', dom))
    assert probe["tip-cards"] == "1" and probe["tip-has-message"] == "1", "hovering a highlight shows its finding"
    non_error = [f for f in report.findings if f.severity.value != "error"]
    assert int(probe["no-errors"]) == len(non_error)
    # one lit highlight per line of each non-error finding (none of them overlaps an error here)
    lit = sum(f.end_line - f.line + 1 for f in non_error if f.path != "docs/missing.txt")
    assert int(probe["no-errors-lit"]) == lit
    assert int(probe["no-placeholder"]) == sum(1 for f in report.findings if f.category != "placeholder")
    flagged_lines = {(f.path, f.line) for f in report.findings
                     if f.category != "placeholder" and f.path != "docs/missing.txt"}
    assert int(probe["lines-shown"]) == len(flagged_lines)
