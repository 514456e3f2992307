"""Baselines: adopt checker on an archive of old reports without fixing them all first.

`--write-baseline FILE` records every current finding; `--baseline FILE` then hides the findings
recorded there and reports only new ones. An entry is keyed on the file (relative to the baseline
file, so the project can move), the rule, the offending text and a short window of the characters
around it, all NFKC-normalised with whitespace collapsed. It is *not* keyed on the line number or
the whole line: Chinese reports put a paragraph on one long line, and an edit elsewhere in that
paragraph, or a line inserted above, must not resurrect an accepted finding.

Matching counts: two identical entries hide two identical findings, a third is new. Entries that
match nothing in a file that was checked are reported as fixed, so the baseline can be shrunk.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker import __version__
from checker.findings import Finding, Report
from checker.safe_read import UnreadableFile, read_regular
from checker.safe_write import Inputs, write_text

BASELINE_FORMAT = 1
# Characters of context kept on each side of the offending text.
WINDOW = 12
# A baseline of 100,000 findings is ~20 MB; a larger file is a mistake (or /dev/zero), not read.
MAX_BASELINE_BYTES = 256 * 1024 * 1024


class BaselineError(Exception):
    """A baseline file that cannot be read; the message names the file."""


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def _window(f: Finding) -> tuple[str, str]:
    """Up to WINDOW characters before and after the span, from the finding's line."""
    line = f.context
    if not line:
        return "", ""
    start = max(0, f.column - 1)
    end = f.end_column - 1 if f.end_line == f.line else len(line)
    return line[max(0, start - WINDOW):start], line[end:end + WINDOW]


def _display_path(path: str, base: Path) -> str:
    """`path` relative to the baseline's directory, in POSIX form (stable across machines)."""
    try:
        return Path(os.path.relpath(Path(path).resolve(), base)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).resolve().as_posix()


def entry_key(f: Finding, base: Path) -> str:
    before, after = _window(f)
    payload = "\x1f".join((_display_path(f.path, base), f.rule, _norm(f.text or f.message), _norm(before),
                           _norm(after)))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


@dataclass
class BaselineOutcome:
    findings: list[Finding]
    suppressed: int
    fixed: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {"suppressed": self.suppressed, "fixed": len(self.fixed)}


@dataclass
class Baseline:
    path: Path
    entries: list[dict[str, Any]]

    @property
    def base(self) -> Path:
        return self.path.resolve().parent

    @classmethod
    def from_findings(cls, path: str | os.PathLike[str], findings: Iterable[Finding]) -> Baseline:
        p = Path(path)
        base = p.resolve().parent
        entries = [
            {"path": _display_path(f.path, base), "rule": f.rule, "line": f.line, "text": f.text,
             "key": entry_key(f, base)}
            for f in findings
        ]
        entries.sort(key=lambda e: (e["path"], e["line"], e["rule"], e["key"]))
        return cls(path=p, entries=entries)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Baseline:
        """Read a baseline; every way it can be unusable is a BaselineError naming the file (a FIFO
        or device is refused, not read; so is a file over MAX_BASELINE_BYTES or nested deeper than
        JSON's parser can follow)."""
        p = Path(path)
        try:
            data = json.loads(read_regular(p, MAX_BASELINE_BYTES).decode("utf-8"))
        except UnreadableFile as exc:
            if exc.reason == "no such file":
                raise BaselineError(f"{p}: baseline file not found (create it with --write-baseline)") from None
            raise BaselineError(f"{p}: not a readable baseline: {exc.reason}") from None
        except RecursionError:
            raise BaselineError(f"{p}: not a checker baseline: its JSON is nested too deeply") from None
        except ValueError as exc:  # JSON syntax, or bytes that are not UTF-8
            raise BaselineError(f"{p}: not a readable baseline: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != BASELINE_FORMAT \
                or not isinstance(data.get("entries"), list):
            raise BaselineError(f"{p}: not a checker baseline (format {BASELINE_FORMAT} expected)")
        for i, e in enumerate(data["entries"]):
            if not isinstance(e, dict) or not isinstance(e.get("key"), str) or not isinstance(e.get("path"), str):
                raise BaselineError(f"{p}: entry {i} lacks 'key' or 'path'")
        return cls(path=p, entries=data["entries"])

    def write(self, inputs: Inputs | None = None) -> None:
        """Replace the file atomically (a full disk leaves the previous baseline whole), never over
        one of `inputs`; a WriteError says why not. Missing folders are made, as for `--output`."""
        payload = {"format": BASELINE_FORMAT, "tool": "checker", "checker_version": __version__,
                   "entries": self.entries}
        write_text(self.path, json.dumps(payload, ensure_ascii=False, indent=1) + "\n", inputs=inputs,
                   make_parents=True)

    def apply(self, report: Report) -> BaselineOutcome:
        """Hide the findings this baseline holds; list the entries of checked files that no longer occur."""
        base = self.base
        remaining = Counter(e["key"] for e in self.entries)
        kept: list[Finding] = []
        for f in report.findings:
            key = entry_key(f, base)
            if remaining[key] > 0:
                remaining[key] -= 1
            else:
                kept.append(f)
        checked = {_display_path(s.path, base) for s in report.files if s.ok}
        fixed: list[dict[str, Any]] = []
        for e in self.entries:
            if remaining[e["key"]] > 0 and e["path"] in checked:
                remaining[e["key"]] -= 1
                fixed.append(e)
        return BaselineOutcome(findings=kept, suppressed=len(report.findings) - len(kept), fixed=fixed)
