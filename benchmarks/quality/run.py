"""Quality benchmark: recall per category on injected defects, false positives on clean text.

    python -m benchmarks.quality.run [--docs 24] [--seed 20231123] [--show]

Builds the clean corpus (benchmarks/quality/corpus.py), checks it as is (every finding on it is a
false positive), then plants one defect per category in a copy of each document
(benchmarks/quality/inject.py) and counts a defect found when a finding of its category sits on
its line. Prints recall per category and false positives per 10,000 characters of clean text.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

from benchmarks.quality.corpus import corpus
from benchmarks.quality.inject import CATEGORIES, inject
from checker.api import check_text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=24)
    ap.add_argument("--seed", type=int, default=20231123)
    ap.add_argument("--rounds", type=int, default=3, help="injected copies per clean document")
    ap.add_argument("--show", action="store_true", help="print every false positive and every miss")
    a = ap.parse_args()

    docs = corpus(a.docs, a.seed)
    chars = sum(len(d.text) for d in docs)
    fps = []
    for d in docs:
        fps += [(d.name, f) for f in check_text(d.text, path=d.name)]
    rng = random.Random(a.seed)
    found, total = Counter(), Counter()
    by_injector: Counter[str] = Counter()
    planted_by_injector: Counter[str] = Counter()
    misses = []
    for d in [d for d in docs for _ in range(a.rounds)]:
        faulty, planted = inject(d, rng)
        findings = check_text(faulty.text, path=faulty.name)
        for p in planted:
            total[p["category"]] += 1
            planted_by_injector[f"{p['category']}/{p['injector']}"] += 1
            hit = any(f.category == p["category"] and f.line <= p["line"] <= f.end_line for f in findings)
            if hit:
                found[p["category"]] += 1
                by_injector[f"{p['category']}/{p['injector']}"] += 1
            else:
                misses.append((faulty.name, p, faulty.text))
    print(f"clean corpus: {len(docs)} documents, {chars} characters")
    print(f"{'category':20} {'found/planted':>14} {'recall':>7}")
    for c in CATEGORIES:
        r = found[c] / total[c] if total[c] else 0.0
        print(f"{c:20} {found[c]:>6}/{total[c]:<7} {r:7.2f}")
    fp10k = len(fps) * 10000 / chars
    print(f"false positives on clean text: {len(fps)} ({fp10k:.2f} per 10,000 characters)")
    print("by injector: " + ", ".join(f"{k} {by_injector[k]}/{v}" for k, v in sorted(planted_by_injector.items())))
    if a.show:
        for name, f in fps:
            print(f"FP   {name}:{f.line} {f.rule} [{f.text}] {f.message[:70]}")
        for name, p, _ in misses:
            print(f"MISS {name}:{p['line']} [{p['category']}/{p['injector']}] {str(p['text'])[:90]}")
        for name, _, text in misses[:3]:
            print(f"---- {name}\n{text}")
    ok = all(total[c] == 0 or found[c] / total[c] >= 0.90 for c in CATEGORIES) and fp10k <= 1.0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
