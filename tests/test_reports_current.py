"""The committed reports/ are what checker says about the seeds today, and valid for their consumers.

When this fails after a change to checker, its rules or the seeds, regenerate them with
`python scripts/update_reports.py` and commit reports/.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import jsonschema

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "update_reports.py"


def _update_reports():
    spec = importlib.util.spec_from_file_location("update_reports", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_reports_are_current():
    stale = _update_reports().stale_reports()
    assert not stale, f"out of date: {', '.join('reports/' + s for s in stale)}; run: python scripts/update_reports.py"


def test_committed_reports_are_valid_and_agree():
    data = json.loads((ROOT / "reports" / "seeds.json").read_text(encoding="utf-8"))
    assert data["version"] and data["findings"]
    assert all(not f["path"].startswith("/") for f in data["findings"]), "paths must be relative"
    sarif = json.loads((ROOT / "reports" / "seeds.sarif").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(sarif)
    assert len(sarif["runs"][0]["results"]) == len(data["findings"])
    page = (ROOT / "reports" / "seeds.html").read_text(encoding="utf-8")
    assert page.count('<div class="finding sev-') == len(data["findings"])
    assert "http://" not in page.split("<body", 1)[0] and "https://" not in page.split("<body", 1)[0], \
        "the page head must not load anything from the network"
