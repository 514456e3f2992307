"""Extraction accuracy against the hand-labelled seeds (tests/fixtures/metrics_*.jsonl).

    python benchmarks/extract_accuracy.py [--verbose]

A labelled figure is found when a row on the same line has the same text (or one text contains
the other: 约28% / 28%); value+unit is right when value (relative 1e-9) and canonical unit
agree; the subject is right when the label's subject is inside the extracted one (at most
twice as long plus four characters) or the extracted one, two characters or more, is inside
the label. Rows that match no label are reported as extra (candidate non-metrics).
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Score:
    labelled: int = 0
    found: int = 0
    value_unit: int = 0
    subject: int = 0
    extra: list[tuple[str, int, str]] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def value_unit_share(self) -> float:
        return self.value_unit / self.labelled if self.labelled else 0.0

    @property
    def subject_share(self) -> float:
        return self.subject / self.labelled if self.labelled else 0.0


def subject_matches(label: str, got: str | None) -> bool:
    if not got:
        return False
    label = label.strip("“”\" ")
    got = got.replace("“", "").replace("”", "")
    if label in got:
        return len(got) <= 2 * len(label) + 4
    return len(got) >= 2 and got in label


def score(fixtures: list[Path] | None = None) -> Score:
    from checker.context import DocumentContext
    from checker.document import load

    fixtures = fixtures or sorted((ROOT / "tests" / "fixtures").glob("metrics_*.jsonl"))
    sc = Score()
    for fx in fixtures:
        labels = [json.loads(x) for x in fx.read_text(encoding="utf-8").splitlines() if x.strip()]
        if not labels:
            continue
        doc = labels[0]["doc"]
        table = DocumentContext(load(str(ROOT / "seeds" / doc))).metrics
        rows = table[["line", "text", "value", "unit", "subject"]].to_dict("records")
        used: set[int] = set()
        for lab in labels:
            sc.labelled += 1
            pick = None
            for i, r in enumerate(rows):
                if i in used or r["line"] != lab["line"]:
                    continue
                if r["text"] == lab["text"] or lab["text"] in r["text"] or r["text"] in lab["text"]:
                    pick = i
                    break
            if pick is None:
                sc.misses.append(f"{doc}:{lab['line']} {lab['text']} NOT FOUND")
                continue
            used.add(pick)
            r = rows[pick]
            sc.found += 1
            value = r["value"]
            unit = r["unit"] if isinstance(r["unit"], str) else None
            ok_value = value is not None and not (isinstance(value, float) and math.isnan(value)) and \
                math.isclose(value, lab["value"], rel_tol=1e-9)
            if ok_value and unit == lab["unit"]:
                sc.value_unit += 1
            else:
                sc.misses.append(f"{doc}:{lab['line']} {lab['text']} value/unit {value} {unit} != "
                                 f"{lab['value']} {lab['unit']}")
            subj = r["subject"] if isinstance(r["subject"], str) else None
            if subject_matches(lab["subject"], subj):
                sc.subject += 1
            else:
                sc.misses.append(f"{doc}:{lab['line']} {lab['text']} subject {subj!r} != {lab['subject']!r}")
        for i, r in enumerate(rows):
            if i not in used:
                sc.extra.append((doc, int(r["line"]), str(r["text"])))
    return sc


def main() -> None:
    sc = score()
    if "--verbose" in sys.argv:
        for m in sc.misses:
            print(m)
        for doc, line, text in sc.extra:
            print(f"{doc}:{line} {text} EXTRA (no label)")
    print(f"labelled {sc.labelled}, found {sc.found}, value+unit {sc.value_unit_share:.1%}, "
          f"subject {sc.subject_share:.1%}, extra rows {len(sc.extra)}")


if __name__ == "__main__":
    main()
