#!/usr/bin/env python3
"""Batch benchmark (issue 6): 2,000 generated reports, --jobs 1 vs --jobs 2, cold vs warm cache.

Generates reports from the seeds with small variations (years, figures, dropped and borrowed
lines) into a temporary folder, then runs the real CLI and prints:

* whether `--jobs 2` gives byte-identical JSON to `--jobs 1`;
* wall time of each run, and the warm-cache speed-up (the issue asks for at least 5x);
* whether the warm-cache JSON equals the uncached JSON.

    python benchmarks/batch_cache.py [--n 2000] [--dir /tmp/checker-bench]

Not a test: it takes minutes on a shared 2-core machine. Exit 1 when a check fails.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def vary(text: str, rng: random.Random, pool: list[str]) -> str:
    """A plausible sibling report: another year, a few figures changed, a line dropped or borrowed."""
    year = rng.randint(2016, 2025)
    text = text.replace("2023", str(year)).replace("2024", str(year + 1))
    digits = [m.start() for m in re.finditer(r"\d", text)]
    chars = list(text)
    for pos in rng.sample(digits, k=min(3, len(digits))):
        chars[pos] = str(rng.randint(1, 9))
    lines = "".join(chars).split("\n")
    if len(lines) > 4 and rng.random() < 0.5:
        del lines[rng.randrange(1, len(lines))]
    if rng.random() < 0.5:
        lines.insert(rng.randrange(1, len(lines)), rng.choice(pool))
    return "\n".join(lines)


def generate(folder: Path, n: int) -> None:
    rng = random.Random(20231231)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    pool = [line for s in seeds for line in s.split("\n") if len(line) > 20]
    for i in range(n):
        sub = folder / f"town{i % 20:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"report{i:04d}.txt").write_text(vary(seeds[i % len(seeds)], rng, pool), encoding="utf-8")


def run(args: list[str], fmt: str = "json") -> tuple[float, bytes]:
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "checker", "check", "--format", fmt, "--quiet", *args],
                       capture_output=True, check=False)
    elapsed = time.perf_counter() - t0
    try:
        files = json.loads(r.stdout)["summary"]["files"] if fmt == "json" else len(r.stdout)
    except (ValueError, KeyError):
        files = None
    if r.returncode not in (0, 1) or not files:
        sys.exit(f"checker failed ({r.returncode}): {r.stderr.decode()[-2000:]}")
    return elapsed, r.stdout


PHASES = """
import sys, time
from checker.api import check_paths
from checker.config import Config
from checker.reporters import RenderContext, render
t0 = time.perf_counter(); report = check_paths([sys.argv[1]], Config(), cache_dir=sys.argv[2])
t1 = time.perf_counter(); render("json", report, RenderContext(version="bench"))
t2 = time.perf_counter()
print(f"in-process, warm: check_paths {t1 - t0:.1f}s for {len(report.findings)} findings, json render {t2 - t1:.1f}s")
"""


def phases(docs: Path, cache: Path) -> str:
    r = subprocess.run([sys.executable, "-c", PHASES, str(docs), str(cache)], capture_output=True, text=True,
                       check=False)
    return (r.stdout or r.stderr).strip()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--dir", type=Path, default=None)
    a = ap.parse_args()
    work = a.dir or Path(tempfile.mkdtemp(prefix="checker-bench-"))
    docs, cache = work / "docs", work / "cache"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    generate(docs, a.n)
    print(f"{a.n} reports in {docs}")

    t1, out1 = run([str(docs), "--no-cache", "--isolated", "--jobs", "1"])
    t2, out2 = run([str(docs), "--no-cache", "--isolated", "--jobs", "2"])
    print(f"--jobs 1: {t1:.1f}s   --jobs 2: {t2:.1f}s   identical JSON: {out1 == out2}")
    cold, out_cold = run([str(docs), "--isolated", "--cache-dir", str(cache)])
    warm, out_warm = run([str(docs), "--isolated", "--cache-dir", str(cache)])
    speedup = cold / warm if warm else float("inf")
    print(f"cache cold: {cold:.1f}s   warm: {warm:.1f}s   speed-up: {speedup:.1f}x (vs --no-cache: "
          f"{t1 / warm:.1f}x)   warm JSON identical: {out_warm == out1 and out_cold == out1}")
    warm_jsonl, _ = run([str(docs), "--isolated", "--cache-dir", str(cache)], fmt="jsonl")
    print(f"warm with --format jsonl: {warm_jsonl:.1f}s (the indented JSON serialiser is the rest)")
    print(phases(docs, cache))
    ok = out1 == out2 and out_warm == out1 and speedup >= 5
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
