"""`--format jsonl`: one finding per line, each the same object as in `--format json`'s `findings`.

For streaming consumers (jq, log shippers) that want a record per finding and no envelope.
"""

from __future__ import annotations

import json

from checker.findings import Report
from checker.reporters import RenderContext


def render(report: Report, ctx: RenderContext) -> str:
    return "".join(json.dumps(f.model_dump(mode="json"), ensure_ascii=False) + "\n" for f in report.findings)
