"""Kind `pair_ratio`: the ratio inside a compound figure outside its plausible band.

182户516人 is one observation in two units; persons per household must lie in a band (at least
1: a household has a member; rarely above 8). The pairs are joined into one row each and the band
compiles into a pandera range check over the ratio column, like every other band. A ratio below 1
is what a find-and-replace of the year leaves behind (和洞2023户45人).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterator
from typing import Literal

import pandas as pd
from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import figure
from checker.rules.model import Rule
from checker.rules.tablecheck import Band, failing_rows, numeric_table, range_checks, records


class PairRatioRule(Rule):
    kind: Literal["pair-ratio"]
    needs_metrics = True
    numerator: str = Field(min_length=1)  # unit kind, e.g. people
    denominator: str = Field(min_length=1)  # unit kind, e.g. households
    band: Band

    def _sides(self, df: pd.DataFrame) -> tuple[dict[float, Hashable], dict[float, Hashable]]:
        """Pair id -> row label of the numerator and of the denominator figure (the first of each
        unit kind per pair), read from plain column arrays: pandas slicing of the whole table cost
        more than the check itself."""
        usable = (df["pair"].notna() & df["value"].notna() & ~df["approx"].astype(bool)).to_numpy()
        num: dict[float, Hashable] = {}
        den: dict[float, Hashable] = {}
        for label, ok, pair, kind in zip(df.index, usable, df["pair"].to_numpy(), df["unit_kind"].to_numpy(),
                                         strict=True):
            if ok:
                if kind == self.numerator:
                    num.setdefault(pair, label)
                elif kind == self.denominator:
                    den.setdefault(pair, label)
        return num, den

    def pairs(self, df: pd.DataFrame, only: Collection[float] | None = None) -> pd.DataFrame:
        """One row per compound figure: numerator and denominator rows side by side, and their ratio
        (only the pairs in `only` when given)."""
        num_rows, den_rows = self._sides(df)
        if only is not None:
            num_rows = {p: r for p, r in num_rows.items() if p in only}
            den_rows = {p: r for p, r in den_rows.items() if p in only}
        num = df.loc[list(num_rows.values())].set_index("pair")
        den = df.loc[list(den_rows.values())].set_index("pair")
        joined = num.merge(den, left_index=True, right_index=True, suffixes=("_n", "_d"))
        joined = joined[joined["base_value_d"] > 0]
        return joined.assign(ratio=joined["base_value_n"] / joined["base_value_d"])

    def _outside_band(self, df: pd.DataFrame) -> set[float]:
        """Pair ids whose ratio lies outside the band (a null ratio passes, as in `range_checks`)."""
        num_rows, den_rows = self._sides(df)
        base = df["base_value"]
        out = set()
        lo, hi = self.band.min, self.band.max
        for pair, n_row in num_rows.items():
            if pair not in den_rows:
                continue
            d = float(base[den_rows[pair]])
            if not d > 0:
                continue
            ratio = float(base[n_row]) / d
            if (lo is not None and ratio < lo) or (hi is not None and ratio > hi):
                out.add(pair)
        return out

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        df = numeric_table(ctx)
        # The band's bounds on the ratio alone first: merging two full-width rows per pair cost more
        # than the check, and nearly every pair passes. Pandera then validates only the rest.
        outside = self._outside_band(df)
        if not outside:
            return
        joined = self.pairs(df, only=outside)
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
