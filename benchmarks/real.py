"""Real-text benchmark: checker on the hand-labelled real reports of ../shared/real.

    python -m benchmarks.real [--real DIR] [--all]

Prints recall per label category, the trap labels flagged (correct text a careless rule flags)
and every finding of a figure rule (missing-unit, unit-format, arithmetic, implausible-*,
inconsistency) that overlaps no label: each one is either a defect the labels missed or a false
positive, and the review says which. `--all` lists the unlabelled findings of every rule.

The labels stay where they are (shared/real/labels.jsonl); spans are matched the way the shared
scorer (shared/tools/score_real.py) matches them: a label's span located verbatim in its text
(every occurrence), a finding hitting a label when the half-open character ranges overlap, line 1
(the page's url) ignored. When the corpus is absent the benchmark says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.api import check_text
from checker.findings import Finding

# Categories whose rules reason about figures: their findings must be right when they speak.
FIGURE_RULE_CATEGORIES = frozenset({"missing-unit", "unit-format", "arithmetic", "implausible-value",
                                    "implausible-growth", "inconsistency"})
REPO = Path(__file__).resolve().parents[1]


def real_dir(given: str | os.PathLike[str] | None = None) -> Path | None:
    """The labelled corpus: `given`, $CHECKER_REAL, or shared/real beside the clone (or beside the
    folder holding it, for a worktree under a sibling folder); None when there is none."""
    candidates = [given, os.environ.get("CHECKER_REAL"), REPO.parent / "shared" / "real",
                  REPO.parent.parent / "shared" / "real"]
    for c in candidates:
        if c and (Path(c) / "labels.jsonl").is_file() and (Path(c) / "texts").is_dir():
            return Path(c)
    return None


@dataclass
class Label:
    file: str
    span: str
    category: str
    kind: str  # defect | trap
    note: str
    occurrences: list[tuple[int, int]]
    hits: list[Finding] = field(default_factory=list)


@dataclass
class Located:
    """A finding with its character span in the text (offsets of the text as read)."""
    file: str
    finding: Finding
    start: int
    end: int


def line_starts(text: str) -> list[int]:
    """Offset of the first character of each line (lines end at LF, as the scorer reads them)."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    return starts


def occurrences(text: str, span: str, body_start: int) -> list[tuple[int, int]]:
    """Every place `span` occurs verbatim after the url line."""
    out, i = [], text.find(span, body_start)
    while i >= 0:
        out.append((i, i + len(span)))
        i = text.find(span, i + 1)
    return out


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def locate(file: str, text: str, findings: Iterable[Finding]) -> list[Located]:
    """The findings' spans as offsets into `text`; findings on line 1 (the url) are dropped."""
    starts = line_starts(text)
    out = []
    for f in findings:
        if f.line <= 1:
            continue
        s = starts[f.line - 1] + f.column - 1
        e = starts[f.end_line - 1] + f.end_column - 1
        out.append(Located(file, f, s, max(e, s + 1)))
    return out


@dataclass
class Result:
    labels: list[Label]
    located: list[Located]
    texts: dict[str, str]

    def defects(self) -> list[Label]:
        return [lb for lb in self.labels if lb.kind == "defect"]

    def traps_flagged(self, categories: frozenset[str] | None = None) -> list[tuple[Label, list[Finding]]]:
        """Traps overlapped by a finding (of `categories`, if given) that covers no labelled defect:
        the scorer's 'not incidental' traps."""
        on_defect = {id(f) for lb in self.defects() for f in lb.hits}
        out = []
        for lb in self.labels:
            if lb.kind != "trap":
                continue
            bad = [f for f in lb.hits if id(f) not in on_defect
                   and (categories is None or f.category in categories)]
            if bad:
                out.append((lb, bad))
        return out

    def unlabelled(self, categories: frozenset[str] | None = FIGURE_RULE_CATEGORIES) -> list[Located]:
        labelled = {id(f) for lb in self.labels for f in lb.hits}
        return [loc for loc in self.located if id(loc.finding) not in labelled
                and (categories is None or loc.finding.category in categories)]


def score(corpus: Path, files: Sequence[str] | None = None) -> Result:
    """Check every labelled text of `corpus` (or only `files`) and match findings to labels."""
    raw = [json.loads(line) for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines()
           if line.strip()]
    names = sorted({r["file"] for r in raw} if files is None else set(files))
    texts = {n: (corpus / "texts" / n).read_text(encoding="utf-8") for n in names
             if (corpus / "texts" / n).is_file()}
    located: list[Located] = []
    for name, text in texts.items():
        located += locate(name, text, check_text(text, path=name))
    by_file: dict[str, list[Located]] = {}
    for loc in located:
        by_file.setdefault(loc.file, []).append(loc)
    labels = []
    for r in raw:
        if r["file"] not in texts:
            continue
        text = texts[r["file"]]
        occ = occurrences(text, r["span"], text.find("\n") + 1)
        lb = Label(r["file"], r["span"], r["category"], r["kind"], r.get("note", ""), occ)
        lb.hits = [loc.finding for loc in by_file.get(lb.file, []) if any(overlaps((loc.start, loc.end), o)
                                                                            for o in occ)]
        labels.append(lb)
    return Result(labels, located, texts)


def context(text: str, start: int, end: int, width: int = 15) -> str:
    def flat(s: str) -> str:
        return s.replace("\n", "⏎")
    return f"{flat(text[max(0, start - width):start])}[{flat(text[start:end])}]{flat(text[end:end + width])}"


def report(result: Result, all_rules: bool = False) -> str:
    lines = []
    total, found = Counter(), Counter()
    for lb in result.defects():
        total[lb.category] += 1
        found[lb.category] += bool(lb.hits)
    lines.append(f"{'category':28} {'found':>5} {'total':>5} {'recall':>6}")
    for c in sorted(total, key=lambda c: (-total[c], c)):
        lines.append(f"{c:28} {found[c]:5} {total[c]:5} {found[c] / total[c]:6.2f}")
    n, d = sum(found.values()), sum(total.values())
    lines.append(f"{'ALL':28} {n:5} {d:5} {n / d if d else 0:6.2f}")
    flagged = result.traps_flagged()
    lines.append(f"\ntraps flagged (by a finding on no labelled defect): {len(flagged)}/"
                 f"{sum(1 for lb in result.labels if lb.kind == 'trap')}")
    for lb, hits in flagged:
        lines.append(f"  {lb.file}  {lb.category:22} {lb.span!r}  <- "
                     + "; ".join(f"{f.rule} {f.text!r}" for f in hits))
    cats = None if all_rules else FIGURE_RULE_CATEGORIES
    other = result.unlabelled(cats)
    lines.append(f"\n{'findings' if all_rules else 'figure-rule findings'} overlapping no label: {len(other)}")
    for rule, k in Counter(loc.finding.rule for loc in other).most_common():
        lines.append(f"  {rule:40} {k}")
    lines.append("")
    for loc in sorted(other, key=lambda x: (x.file, x.start)):
        f = loc.finding
        where = context(result.texts[loc.file], loc.start, loc.end)
        lines.append(f"  {loc.file}:{f.line}:{f.column}  {f.rule:36} {where}  — {f.message}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real", help="the labelled corpus (default: $CHECKER_REAL or ../shared/real)")
    ap.add_argument("--all", action="store_true", help="list the unlabelled findings of every rule")
    a = ap.parse_args()
    corpus = real_dir(a.real)
    if corpus is None:
        print("no labelled real corpus found (../shared/real or $CHECKER_REAL): nothing to measure")
        return 0
    print(report(score(corpus), all_rules=a.all))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
