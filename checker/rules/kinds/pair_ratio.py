"""Kind `pair_ratio`: the ratio inside a compound figure outside its plausible band.

182户516人 is one observation in two units; persons per household must lie in a band (at least
1: a household has a member; rarely above 8). The pairs are joined into one row each and the band
compiles into a pandera range check over the ratio column, like every other band. A ratio below 1
is what a find-and-replace of the year leaves behind (和洞2023户45人).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import pandas as pd
from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import figure
from checker.rules.model import Rule
from checker.rules.tablecheck import Band, failing_rows, numeric_table, range_checks, records


class PairRatioRule(Rule):
    kind: Literal["pair_ratio"]
    needs_metrics = True
    numerator: str = Field(min_length=1)  # unit kind, e.g. people
    denominator: str = Field(min_length=1)  # unit kind, e.g. households
    band: Band

    def pairs(self, df: pd.DataFrame) -> pd.DataFrame:
        """One row per compound figure: numerator and denominator rows side by side, and their ratio."""
        paired = df[df["pair"].notna() & df["value"].notna() & ~df["approx"].astype(bool)]
        num = paired[paired["unit_kind"] == self.numerator].drop_duplicates("pair").set_index("pair")
        den = paired[paired["unit_kind"] == self.denominator].drop_duplicates("pair").set_index("pair")
        joined = num.merge(den, left_index=True, right_index=True, suffixes=("_n", "_d"))
        joined = joined[joined["base_value_d"] > 0]
        return joined.assign(ratio=joined["base_value_n"] / joined["base_value_d"])

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        df = numeric_table(ctx)
        joined = self.pairs(df)
        bad = failing_rows(joined, range_checks(self.band.model_copy(update={"column": "ratio"})), self.id)
        for _, r in records(bad):
            num = pd.Series({k[:-2]: v for k, v in r.items() if k.endswith("_n")})
            den = pd.Series({k[:-2]: v for k, v in r.items() if k.endswith("_d")})
            lo, hi = self.band.min, self.band.max
            summary = (f"{den['text']}{num['text']}：每{den['unit']} {r['ratio']:.2f}{num['unit']}，"
                       f"超出合理范围 {lo:g}–{hi:g} (line {int(den['line'])})")
            start, end = int(min(num["start"], den["start"])), int(max(num["end"], den["end"]))
            yield ctx.finding(self, start, end, evidence={"figures": [figure(den), figure(num)],
                                                          "computed": round(float(r["ratio"]), 3),
                                                          "expected_range": [lo, hi], "summary": summary},
                              ratio=f"{r['ratio']:.2f}", expected=f"{lo:g}–{hi:g}")
