"""Regenerate the committed reports of the seeds under reports/ (HTML, SARIF, JSON).

    python scripts/update_reports.py           # rewrite reports/seeds.{html,sarif,json}
    python scripts/update_reports.py --check   # exit 1 and name the stale files, write nothing

Each report is exactly what the documented command gives, run from the repository root so the
paths in it are relative (`seeds/...`) and with --isolated --no-cache so no local config or
cache changes it; no reporter writes a timestamp, so the output only changes when checker,
its rules or the seeds do. tests/test_reports_current.py runs the --check mode.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = {"seeds.html": "html", "seeds.sarif": "sarif", "seeds.json": "json"}
COMMAND = ["check", "seeds", "--isolated", "--no-cache", "--quiet", "--exit-zero"]


def build(out_dir: Path) -> dict[str, Path]:
    """Write every report into out_dir with the CLI (in this process); return name -> file."""
    from checker.cli import app

    written = {}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for name, fmt in REPORTS.items():
            target = out_dir / name
            try:
                app([*COMMAND, "--format", fmt, "--output", str(target)], standalone_mode=False)
            except SystemExit as exc:  # typer.Exit(0) may surface as SystemExit
                if exc.code not in (0, None):
                    raise
            written[name] = target
    finally:
        os.chdir(cwd)
    return written


def stale_reports(reports_dir: Path = ROOT / "reports") -> list[str]:
    """Names of the committed reports that differ from a fresh run (or are missing)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = build(Path(tmp))
        return [name for name, path in fresh.items()
                if not (reports_dir / name).exists()
                or (reports_dir / name).read_bytes() != path.read_bytes()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files (exit 1), write nothing")
    args = parser.parse_args()
    if args.check:
        stale = stale_reports()
        for name in stale:
            print(f"reports/{name} is out of date; run: python scripts/update_reports.py", file=sys.stderr)
        return 1 if stale else 0
    (ROOT / "reports").mkdir(exist_ok=True)
    for name in build(ROOT / "reports"):
        print(f"wrote reports/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
