#!/usr/bin/env python3
"""Speed and memory of checker, measured side by side in one run (issue 7). Not a test.

Prints four groups of figures:

1. throughput: MB/s and documents/s per core of the whole check (checker.api, one process) on a
   generated corpus of varied reports, beside `jieba.lcut` segmenting the same decoded text, in
   interleaved rounds (best of each side); goal (issue 16): ratio >= 2.0 in whole runs;
2. start-up: wall time of `checker check SEED --format json` in a fresh process, median of
   several runs: cold (an empty XDG_CACHE_HOME and a new result-cache folder, as on a fresh CI
   runner; goal <= 0.6 s) and warm (the same run again: rule snapshot and result cache present;
   goal <= 0.5 s); what the import chain costs, and which heavy libraries the run loaded;
3. peak RSS of a process checking each corpus size (goal: flat within 20% from 1,000 to 10,000);
4. scaling: documents/s at each size (goal: linear, i.e. the same rate at every size).

"Per core" figures use the process's CPU time (user + system), so other load on a shared machine
does not distort them; wall times are printed beside them. The last lines sum up the four goal
figures side by side. Start-up runs get Python's bytecode cache even where PYTHONDONTWRITEBYTECODE
is set (an installed package has its .pyc files; compiling checker's sources would add ~0.2 s).

    python benchmarks/run.py                          # sizes 1000,10000 of ~1.5 KB reports
    python benchmarks/run.py --sizes 1000,10000,100000
    python benchmarks/run.py --quick                  # sizes 200,1000, fewer runs: a smoke run
    python benchmarks/run.py --dask                   # also the Dask engine on the throughput corpus
    python benchmarks/run.py --only cold              # one group: throughput, cold or scaling

Corpora are generated (benchmarks/corpus.py) under --work (default: a temporary directory) and
reused when already there.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = ROOT / "seeds" / "000_85367e20b15c5bd5.txt"
HEAVY = ("pandas", "pandera", "jieba", "rjieba", "opencc", "docx", "rich", "pyarrow", "dask", "distributed")

sys.path.insert(0, str(HERE))
from corpus import generate  # noqa: E402

# Runs in a fresh interpreter: check one corpus with the local engine, report time and memory.
MEASURE = r"""
import json, resource, sys, time
from checker.api import check_paths, select_rules
from checker.runner import freeze_loaded_state
from checker.config import Config

config = Config()
rules = select_rules(config)
check_paths([sys.argv[2]], config, rules=rules)  # warm-up: lazy imports, jieba's dictionary, rule caches
freeze_loaded_state()  # as `checker check` does before its run
rss_ready = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0, c0 = time.perf_counter(), time.process_time()
report = check_paths([sys.argv[1]], config, rules=rules)
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"docs": len(report.files), "findings": len(report.findings), "wall": wall, "cpu": cpu,
                  "rss_ready_kb": rss_ready, "rss_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

# Runs in a fresh interpreter: jieba.lcut over the same decoded text.
JIEBA = r"""
import gc, json, sys, time, jieba
from checker.api import iter_inputs
from checker.config import Config
from checker.document import load

jieba.setLogLevel(60)
jieba.initialize()
texts = [load(p).text for p in iter_inputs([sys.argv[1]], Config())]
gc.collect(); gc.freeze()  # as the check's side does (checker.runner.freeze_loaded_state)
t0, c0 = time.perf_counter(), time.process_time()
tokens = sum(len(jieba.lcut(t)) for t in texts)
print(json.dumps({"docs": len(texts), "tokens": tokens, "wall": time.perf_counter() - t0,
                  "cpu": time.process_time() - c0}))
"""

# Runs in a fresh interpreter: document by document, the whole check of the file (load, normalise,
# extract, every rule, findings) and then jieba.lcut of its text, each timed in CPU seconds. Both
# sides of each pair run back to back, so a burst of load from another tenant of a shared machine
# falls on both instead of on one side's whole run.
INTERLEAVED = r"""
import json, sys, time, jieba
from checker.api import check_file, iter_inputs, select_rules
from checker.runner import freeze_loaded_state
from checker.config import Config
from checker.document import load

jieba.setLogLevel(60)
jieba.initialize()
config = Config()
rules = select_rules(config)
paths = list(iter_inputs([sys.argv[1]], config))
for p in paths[:20]:  # warm-up: lazy imports, jieba's dictionary, rule caches
    check_file(p, rules, config); jieba.lcut(load(p).text)
freeze_loaded_state()  # as `checker check` does before its run (it helps jieba's side alike)
check = seg = 0.0
for _ in range(int(sys.argv[2])):
    for p in paths:
        c0 = time.process_time()
        check_file(p, rules, config)
        c1 = time.process_time()
        text = load(p).text  # the file is read and decoded outside jieba's time
        c2 = time.process_time()
        jieba.lcut(text)
        c3 = time.process_time()
        check += c1 - c0
        seg += c3 - c2
print(json.dumps({"docs": len(paths), "check": check, "jieba": seg}))
"""

# Runs in a fresh interpreter: the CLI on one report, then which heavy libraries it imported.
LOADED = r"""
import sys
from checker.cli import app
try:
    app(["check", sys.argv[1], "--format", "json", "--no-cache", "--isolated", "-q"], standalone_mode=False)
except SystemExit:
    pass
sys.stdout.flush()
print("\n" + " ".join(sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[2].split(",")))),
      file=sys.stderr)
"""

# Runs in a fresh interpreter: where a cold single-report run spends its time, phase by phase.
PHASES = r"""
import json, sys, time
t = [time.perf_counter()]
def lap(): t.append(time.perf_counter()); return round(t[-1] - t[-2], 3)
out = {}
import checker.cli
out["import checker.cli"] = lap()
from checker.api import document_findings, select_rules
from checker.config import Config
from checker.context import DocumentContext
from checker.document import load
out["import checker.api"] = lap()
config = Config(); rules = select_rules(config)
out["load rules"] = lap()
doc = load(sys.argv[1]); ctx = DocumentContext(doc)
out["load + normalise"] = lap()
ctx.metric_rows
out["extract metrics (segmenter loaded on first use)"] = lap()
findings = document_findings(doc, rules, config, ctx=ctx)
out["run rules"] = lap()
from checker.findings import Report
from checker.reporters import RenderContext, render
render("json", Report(findings=findings), RenderContext(version="bench"))
out["render json"] = lap()
print(json.dumps(out))
"""

DASK = r"""
import json, sys, time
from checker.api import check_paths
from checker.config import Config
from checker.distributed import check_paths as check_on_dask

if __name__ == "__main__":
    local = check_paths([sys.argv[1]], Config())
    t0 = time.perf_counter()
    dask = check_on_dask([sys.argv[1]], Config(), cross_document=False, n_workers=int(sys.argv[2]))
    wall = time.perf_counter() - t0
    same = [f.model_dump() for f in dask.findings] == [f.model_dump() for f in local.findings]
    crossed = check_on_dask([sys.argv[1]], Config(), n_workers=int(sys.argv[2]))
    extra = len(crossed.findings) - len(local.findings)
    print(json.dumps({"docs": len(dask.files), "wall": wall, "same": same, "cross_document_findings": extra}))
"""


def python(code: str, *args: str) -> dict:
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False,
                       cwd=ROOT)
    if r.returncode != 0:
        sys.exit(f"benchmark step failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def corpus(work: Path, n: int, kb: float) -> tuple[Path, int]:
    """The corpus of `n` reports of ~`kb` KB (generated once, reused), and its size in bytes."""
    folder = work / f"corpus-{n}-{kb:g}kb"
    done = folder / ".complete"
    if not done.exists():
        total = sum(p.stat().st_size for p in generate(folder, n, kb=kb))
        done.write_text(str(total))
    return folder, int(done.read_text())


def checker_command() -> list[str]:
    exe = Path(sys.executable).with_name("checker")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "checker"]


def import_costs(seed: Path) -> list[tuple[str, float]]:
    """Cumulative import time (s) of each top-level module the CLI imports, largest first."""
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "checker", "check", str(seed), "--format", "json",
                        "--no-cache", "--isolated", "-q"], capture_output=True, text=True, check=False, cwd=ROOT)
    costs: dict[str, float] = {}
    for line in r.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if name.startswith("  ") or not cumulative.strip().isdigit():
            continue  # nested: counted in its importer
        top = name.strip().split(".")[0]
        costs[top] = costs.get(top, 0.0) + int(cumulative) / 1e6
    return sorted(costs.items(), key=lambda kv: -kv[1])


def _start(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `cmd` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=False, cwd=cwd, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def cold_start(runs: int) -> tuple[float, float]:
    """Median wall seconds of a cold and of a warm `checker check SEED --format json`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    base = [*checker_command(), "check", str(SEED), "--format", "json", "-q", "--cache-dir"]
    with tempfile.TemporaryDirectory(prefix="checker-start-") as tmp:
        work = Path(tmp)
        warm_env = {**env, "XDG_CACHE_HOME": str(work / "warm-user-cache")}
        warm_cmd = [*base, str(work / "warm-results")]
        _start(warm_cmd, warm_env, ROOT)  # fills the caches (and writes bytecode where missing)
        cold, warm = [], []
        for i in range(runs):  # interleaved, so a burst of load on a shared machine hits both
            fresh = work / f"cold-{i}"
            cold.append(_start([*base, str(fresh / "results")], {**env, "XDG_CACHE_HOME": str(fresh / "user-cache")},
                               ROOT))
            warm.append(_start(warm_cmd, warm_env, ROOT))
    for label, times, goal in (("cold", cold, 0.6), ("warm", warm, 0.5)):
        walls = [w for w, _ in times]
        median, cpu = statistics.median(walls), statistics.median(c for _, c in times)
        print(f"  {label}: `checker check {SEED.name} --format json`: median {median:.2f} s wall over {runs} runs "
              f"(min {min(walls):.2f}, max {max(walls):.2f}; median CPU {cpu:.2f} s, "
              f"which other load does not inflate)  goal <= {goal} s: {'MET' if median <= goal else 'NOT MET'}")
    print("    cold = an empty XDG_CACHE_HOME and a new result-cache folder (a fresh CI runner); "
          "warm = the same run again (rule snapshot and result cache present)")
    top = import_costs(SEED)[:8]
    print("  import chain (cumulative s): " + ", ".join(f"{name} {secs:.2f}" for name, secs in top))
    r = subprocess.run([sys.executable, "-c", LOADED, str(SEED), ",".join(HEAVY)], capture_output=True, text=True,
                       check=False, cwd=ROOT)
    loaded = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
    print(f"  heavy libraries loaded by this run: {loaded or '(none)'}")
    phases = python(PHASES, str(SEED))
    print("  in-process phases (s): " + ", ".join(f"{k} {v:.2f}" for k, v in phases.items()))
    return statistics.median(w for w, _ in cold), statistics.median(w for w, _ in warm)


def throughput(work: Path, docs: int, kb: float, rounds: int) -> tuple[float, float]:
    """(checker's MB/s, jieba.lcut's MB/s) of whole runs over the same corpus, best of `rounds`."""
    print(f"\n1. throughput (one process; per core = per CPU-second; best of {rounds} interleaved rounds)")
    folder, size = corpus(work, docs, kb)
    checks, segs = [], []
    for _ in range(rounds):  # interleaved, so a burst of load on a shared machine hits both sides
        checks.append(python(MEASURE, str(folder), str(SEED)))
        segs.append(python(JIEBA, str(folder)))
    check = min(checks, key=lambda m: m["cpu"])
    seg = min(segs, key=lambda m: m["cpu"])
    mb = size / 1e6
    rate, jrate = mb / check["cpu"], mb / seg["cpu"]
    print(f"  corpus: {check['docs']} generated reports, {mb:.2f} MB, {check['findings']} findings")
    print(f"  checker check : {rate:.3f} MB/s, {check['docs'] / check['cpu']:.1f} docs/s per core "
          f"({check['cpu']:.2f} s CPU, {check['wall']:.2f} s wall)")
    print(f"  jieba.lcut    : {jrate:.3f} MB/s, {seg['docs'] / seg['cpu']:.1f} docs/s per core "
          f"({seg['cpu']:.2f} s CPU, {seg['tokens']} tokens)")
    per_round = ", ".join(f"{s['cpu'] / c['cpu']:.2f}" for c, s in zip(checks, segs, strict=True))
    print(f"  ratio checker/jieba, whole runs (best of each side): {rate / jrate:.2f} (rounds: {per_round})")
    pair = python(INTERLEAVED, str(folder), str(rounds))
    ratio = pair["jieba"] / pair["check"]
    print(f"  ratio checker/jieba, document by document (each report checked, then segmented, {rounds}x): "
          f"{ratio:.2f} ({pair['check']:.2f} s vs {pair['jieba']:.2f} s CPU; sharing one process's caches "
          f"slows jieba more than checker, so this figure flatters checker somewhat)")
    print(f"  goal >= 2.0 in whole runs: {'MET' if rate / jrate >= 2.0 else 'NOT MET'}")
    return rate, jrate


def scaling(work: Path, sizes: list[int], kb: float) -> None:
    print(f"\n3./4. memory and scaling (reports of ~{kb:g} KB, one process each, local engine)")
    results = []
    for n in sizes:
        folder, size = corpus(work, n, kb)
        m = python(MEASURE, str(folder), str(SEED))
        results.append((n, size, m))
        print(f"  {n:>7} docs {size / 1e6:7.1f} MB: {m['docs'] / m['cpu']:6.1f} docs/s per core "
              f"({m['cpu']:.0f} s CPU, {m['wall']:.0f} s wall), {m['findings']} findings, "
              f"RSS ready {m['rss_ready_kb'] / 1024:.0f} MB -> peak {m['rss_peak_kb'] / 1024:.0f} MB", flush=True)
    if len(results) > 1:
        by_size = {n: m for n, _, m in results}
        first, last = results[0][2], results[-1][2]
        # The memory goal is issue 7's: flat from 1,000 to 10,000 reports; other pairs are shown beside it.
        pairs = [(1000, 10000)] if {1000, 10000} <= by_size.keys() else []
        pairs += [(results[0][0], results[-1][0])] if (results[0][0], results[-1][0]) not in pairs else []
        for a, b in pairs:
            growth = by_size[b]["rss_peak_kb"] / by_size[a]["rss_peak_kb"] - 1
            goal = f"  goal within 20%: {'MET' if abs(growth) <= 0.2 else 'NOT MET'}" if (a, b) == pairs[0] else ""
            print(f"  peak RSS {a} -> {b} docs: {growth:+.0%}{goal}")
        rate_change = (last["docs"] / last["cpu"]) / (first["docs"] / first["cpu"]) - 1
        print(f"  docs/s {results[0][0]} -> {results[-1][0]} docs: {rate_change:+.0%} (linear scaling keeps "
              f"this near 0)  goal within 20%: {'MET' if abs(rate_change) <= 0.2 else 'NOT MET'}")


def dask_engine(work: Path, docs: int, kb: float, workers: int) -> None:
    print(f"\n5. Dask engine (LocalCluster of {workers} worker processes, throughput corpus)")
    folder, _ = corpus(work, docs, kb)
    d = python(DASK, str(folder), str(workers))
    print(f"  {d['docs']} docs in {d['wall']:.1f} s wall (cluster start included); same findings and order "
          f"as the local engine: {d['same']}; cross-document findings added: {d['cross_document_findings']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes for memory and scaling (default 1000,10000)")
    ap.add_argument("--kb", type=float, default=1.5, help="report size for the sizes (default 1.5 KB)")
    ap.add_argument("--throughput-docs", type=int, default=200, help="reports in the throughput corpus")
    ap.add_argument("--throughput-kb", type=float, default=9.0, help="their size (default 9 KB, like the seeds)")
    ap.add_argument("--runs", type=int, default=7, help="start-up runs, cold and warm each (median)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved throughput rounds (best of)")
    ap.add_argument("--quick", action="store_true", help="sizes 200,1000, 50 throughput reports, 3 start-up runs")
    ap.add_argument("--only", default="throughput,cold,scaling",
                    help="groups to run, comma-separated (default: throughput,cold,scaling)")
    ap.add_argument("--dask", action="store_true", help="also time the Dask engine (LocalCluster) and compare")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster workers for --dask")
    ap.add_argument("--work", type=Path, default=None, help="where corpora are generated (kept and reused)")
    a = ap.parse_args()
    if a.quick:
        a.sizes, a.throughput_docs, a.runs, a.rounds = "200,1000", 50, 3, 1
    sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    groups = {g.strip() for g in a.only.split(",")}
    work = a.work or Path(tempfile.mkdtemp(prefix="checker-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"checker benchmarks — {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, corpora in {work}")
    summary = []
    if "throughput" in groups:
        rate, jrate = throughput(work, a.throughput_docs, a.throughput_kb, a.rounds)
        summary.append(f"whole run {rate:.2f} MB/s, jieba.lcut {jrate:.2f} MB/s, ratio {rate / jrate:.2f} "
                       "(goal >= 2.0)")
    if "cold" in groups:
        print("\n2. start-up")
        cold, warm = cold_start(a.runs)
        summary.append(f"cold start {cold:.2f} s (goal <= 0.6), warm start {warm:.2f} s (goal <= 0.5)")
    if "scaling" in groups:
        scaling(work, sizes, a.kb)
    if a.dask:
        dask_engine(work, a.throughput_docs, a.throughput_kb, a.workers)
    if summary:
        print("\nsummary: " + "; ".join(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
