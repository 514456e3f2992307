#!/usr/bin/env python3
"""Where a whole check spends its time, phase by phase and rule by rule (issue 16). Not a test.

Checks the throughput corpus of benchmarks/run.py (generated reports, benchmarks/corpus.py) in one
process, as `checker check` does, and times each phase of every document: load and decode,
normalise, figure extraction (`ctx.metric_rows`, built on first use), then each rule's `check`
(a rule that first asks for the figures is charged to extraction), the engine's gate (one pass
that tells which pattern rules cannot match, checker.engine) charged as a rule of its own. Prints
a Markdown table of the phases and of the slowest rules and kinds, in CPU seconds summed over the corpus (best of
`--rounds` passes, so a burst of another tenant's load on a shared machine is not counted).

    python benchmarks/profile_rules.py                   # 50 reports of ~9 KB, the --quick corpus
    python benchmarks/profile_rules.py --docs 200 --top 30
    python benchmarks/profile_rules.py --cprofile 25     # also the 25 costliest functions (cProfile)

The timings carry the profile's own overhead (a clock read around each rule, ~1 µs); the ratio of
`checker check` to `jieba.lcut` comes from benchmarks/run.py, not from here.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import generate  # noqa: E402

from checker.api import iter_inputs, select_rules  # noqa: E402
from checker.config import Config  # noqa: E402
from checker.context import DocumentContext  # noqa: E402
from checker.document import load  # noqa: E402
from checker.engine import GATE, gate  # noqa: E402
from checker.rules.model import Rule  # noqa: E402


def corpus(work: Path, docs: int, kb: float) -> list[str]:
    """The paths of `docs` generated reports of ~`kb` KB (generated once under `work`)."""
    folder = work / f"corpus-{docs}-{kb:g}kb"
    done = folder / ".complete"
    if not done.exists():
        for _ in generate(folder, docs, kb=kb):
            pass
        done.write_text("ok")
    return [str(p) for p in iter_inputs([folder], Config())]


def one_pass(paths: list[str], rules: list[Rule]) -> tuple[dict[str, float], dict[str, float]]:
    """CPU seconds per phase and per rule id over one pass of the corpus."""
    clock = time.process_time
    phases: dict[str, float] = defaultdict(float)
    per_rule: dict[str, float] = defaultdict(float)
    for path in paths:
        t0 = clock()
        doc = load(path)
        t1 = clock()
        ctx = DocumentContext(doc)
        t2 = clock()
        ctx.metric_rows  # noqa: B018 (built here so that no rule is charged for it)
        t3 = clock()
        phases["load + decode"] += t1 - t0
        phases["normalise"] += t2 - t1
        phases["figure extraction"] += t3 - t2
        g0 = clock()
        skipped = gate(rules).skipped(ctx.text)  # as the engine: the rules it rejects are not run
        per_rule[GATE] += clock() - g0
        for i, rule in enumerate(rules):
            if i in skipped:
                continue
            r0 = clock()
            try:
                list(rule.check(ctx))
            except Exception:  # the engine reports it; here only time matters
                pass
            per_rule[rule.id] += clock() - r0
        phases["rules"] += clock() - t3
    return phases, per_rule


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=50, help="generated reports (default 50, run.py --quick)")
    ap.add_argument("--kb", type=float, default=9.0, help="their size (default 9 KB)")
    ap.add_argument("--rounds", type=int, default=3, help="passes over the corpus; the fastest counts")
    ap.add_argument("--top", type=int, default=20, help="rules shown (the slowest)")
    ap.add_argument("--cprofile", type=int, default=0, metavar="N", help="also print the N costliest functions")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "checker-profile")
    a = ap.parse_args()

    paths = corpus(a.work, a.docs, a.kb)
    size = sum(Path(p).stat().st_size for p in paths) / 1e6
    rules = select_rules(Config())
    one_pass(paths[:5], rules)  # warm-up: lazy imports, the segmenter's dictionary, compiled patterns
    best: tuple[dict[str, float], dict[str, float]] | None = None
    for _ in range(a.rounds):
        result = one_pass(paths, rules)
        if best is None or sum(result[0].values()) < sum(best[0].values()):
            best = result
    assert best is not None
    phases, per_rule = best
    total = sum(phases.values())
    kind_of = {r.id: r.kind for r in rules} | {GATE: GATE}
    per_kind: dict[str, float] = defaultdict(float)
    for rid, secs in per_rule.items():
        per_kind[kind_of[rid]] += secs

    print(f"{len(paths)} reports, {size:.2f} MB, {len(rules)} rules; CPU s, best of {a.rounds} passes; "
          f"{size / total:.3f} MB/s\n")
    print("| phase | CPU s | share |\n|---|---:|---:|")
    for name, secs in phases.items():
        print(f"| {name} | {secs:.3f} | {secs / total:.0%} |")
    print(f"| **total** | {total:.3f} | |\n")
    print(f"| rule (slowest {a.top}) | kind | CPU s | share of rules |\n|---|---|---:|---:|")
    rules_total = phases["rules"]
    for rid, secs in sorted(per_rule.items(), key=lambda kv: -kv[1])[:a.top]:
        print(f"| {rid} | {kind_of[rid]} | {secs:.3f} | {secs / rules_total:.1%} |")
    print(f"\n| kind (slowest {a.top}) | rules | CPU s | share of rules |\n|---|---:|---:|---:|")
    count = defaultdict(int, {GATE: 1})
    for r in rules:
        count[r.kind] += 1
    for kind, secs in sorted(per_kind.items(), key=lambda kv: -kv[1])[:a.top]:
        print(f"| {kind} | {count[kind]} | {secs:.3f} | {secs / rules_total:.1%} |")

    if a.cprofile:
        profiler = cProfile.Profile()
        profiler.runcall(one_pass, paths, rules)
        print()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(a.cprofile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
