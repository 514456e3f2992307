"""`--format jsonl`: one finding per line, each the same object as in `--format json`'s `findings`.

For streaming consumers (jq, log shippers) that want a record per finding and no envelope.
"""

from __future__ import annotations

import json
from typing import TextIO

from checker.findings import Report
from checker.reporters import RenderContext
from checker.reporters.stream import render_with


def write(report: Report, ctx: RenderContext, out: TextIO) -> None:
    for f in report.findings:
        out.write(json.dumps(f.model_dump(mode="json"), ensure_ascii=False) + "\n")


def render(report: Report, ctx: RenderContext) -> str:
    return render_with(write, report, ctx)
