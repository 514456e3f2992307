"""Cold starts of two checkouts in alternation: median and minimum wall and CPU time of each.

    python benchmarks/cold_pairs.py BEFORE_CHECKOUT AFTER_CHECKOUT [--pairs 25] [--report PATH]

Why pairs: on a shared machine the host's speed swings by ±15% from one minute to the next, so two
trees measured one after the other differ by more than most changes do; run in alternation, both see
the same swings. Each run is `python -m checker check REPORT --format json` with PYTHONPATH set to
the checkout, an empty XDG_CACHE_HOME and a new result-cache folder (a fresh CI runner), and
PYTHONDONTWRITEBYTECODE removed (compiled bytecode present, as after `pip install`). CPU time is the
child's user + system time, which other load inflates less than wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_run(tree: Path, report: Path, scratch: Path) -> tuple[float, float]:
    """(wall, cpu) seconds of one cold `checker check` of `report` with `tree` on the path."""
    for name in ("xdg", "cache"):
        shutil.rmtree(scratch / name, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(XDG_CACHE_HOME=str(scratch / "xdg"), PYTHONPATH=str(tree))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "checker", "check", str(report), "--format", "json", "-q",
                    "--cache-dir", str(scratch / "cache")], env=env, cwd=tree, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--pairs", type=int, default=25)
    parser.add_argument("--report", type=Path, default=ROOT / "seeds" / "000_85367e20b15c5bd5.txt")
    args = parser.parse_args()
    trees = [args.before.resolve(), args.after.resolve()]
    times: dict[Path, list[tuple[float, float]]] = {t: [] for t in trees}
    with tempfile.TemporaryDirectory(prefix="checker-cold-") as tmp:
        for tree in trees:  # one run each first: bytecode written, files in the page cache
            one_run(tree, args.report.resolve(), Path(tmp))
        for _ in range(args.pairs):
            for tree in trees:
                times[tree].append(one_run(tree, args.report.resolve(), Path(tmp)))
    for tree, runs in times.items():
        wall, cpu = [w for w, _ in runs], [c for _, c in runs]
        print(f"{tree}: wall median {statistics.median(wall):.3f} s (min {min(wall):.3f}), "
              f"CPU median {statistics.median(cpu):.3f} s (min {min(cpu):.3f}) over {len(runs)} cold starts")


if __name__ == "__main__":
    main()
