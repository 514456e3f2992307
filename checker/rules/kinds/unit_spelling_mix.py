"""Kind `unit_spelling_mix`: one unit written two ways in one report (33.18万平方米 … 11.62万㎡).

Each spelling may be standard on its own, but a report of record writes a unit one way
throughout; the symbol among Chinese names (or the other way round) is usually pasted from
another source. The spelling the report uses less often is reported, with the other as the
suggestion.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import figure
from checker.rules.model import Rule


class UnitSpellingMixRule(Rule):
    kind: Literal["unit-spelling-mix"]
    needs_metrics = True
    # canonical unit -> the symbols that spell it too (平方米: [㎡, m²]); the Chinese name is the
    # other spelling
    symbols: dict[str, list[str]] = Field(min_length=1)

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        rows = [r for r in ctx.metric_rows if r["unit"] in self.symbols and isinstance(r["unit_text"], str)]
        for unit, symbols in self.symbols.items():
            mine = [r for r in rows if r["unit"] == unit]
            spelled = Counter("symbol" if r["unit_text"] in symbols else "name" for r in mine
                              if r["unit_text"] in symbols or r["unit_text"] == unit)
            if len(spelled) < 2:
                continue
            minority = "symbol" if spelled["symbol"] <= spelled["name"] else "name"
            usual = unit if minority == "symbol" else next(r["unit_text"] for r in mine if r["unit_text"] in symbols)
            for r in mine:
                is_symbol = r["unit_text"] in symbols
                if (minority == "symbol") != is_symbol or (not is_symbol and r["unit_text"] != unit):
                    continue
                text = str(r["text"])
                written = str(r["unit_text"])
                suggestion = text[: -len(written)] + usual if text.endswith(written) else None
                evidence = {"figures": [figure(r)], "suggestion": suggestion,
                            "summary": f"{text} 与本文其他处的“{usual}”写法不一 (line {int(r['line'])})"}
                others = spelled["name" if minority == "symbol" else "symbol"]
                yield ctx.finding(self, int(r["start"]), int(r["end"]), evidence=evidence, suggestion=suggestion,
                                  written=written, usual=usual, count=others)
