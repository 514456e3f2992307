"""Kind `synonym-spin`: a fixed phrase of government writing with one word swapped for a
"synonym" by a 伪原创 (article spinner) tool: 科学开展观 for 科学发展观, 平安生产 for 安全生产,
根本情况 for 基本情况, 效劳业 for 服务业.

Government reports are built from fixed formulas (提法) that never vary; spinners swap words
through a synonym table to make a copied text look original. The rule holds a lexicon of the
formulas and the spinner's swaps, generates every near-copy with one or two words swapped, and
reports a near-copy found in the text, with the formula as the suggestion. A near-copy that is
itself a correct phrase (工作方针, 社会管理), or part of one (开展目标|考核), is listed in `allow`
and never reported: a match inside an allowed phrase is skipped. Variants that are part of another formula of the
lexicon are never generated.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from functools import cached_property
from typing import ClassVar, Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.literals import LiteralSet
from checker.rules.model import Rule


class SynonymSpinRule(Rule):
    kind: Literal["synonym-spin"]
    # The fixed formulas, in simplified script (the rule searches the normalised text).
    phrases: list[str] = Field(min_length=1)
    # word -> the words a spinner puts in its place.
    synonyms: dict[str, list[str]] = Field(min_length=1)
    # Near-copies that are correct phrases in their own right.
    allow: list[str] = Field(default_factory=list)
    # At most this many words of one formula swapped (根本公共效劳 swaps two).
    max_swaps: int = Field(default=2, ge=1, le=3)

    snapshot_derived: ClassVar[tuple[str, ...]] = ("table",)  # hundreds of near-copies generated once

    def _variants(self, phrase: str) -> Iterator[str]:
        """Every copy of `phrase` with 1..max_swaps of its words replaced by a spinner's synonym."""
        keys = sorted(self.synonyms, key=len, reverse=True)
        spots: list[tuple[int, str]] = []
        i = 0
        while i < len(phrase):
            word = next((k for k in keys if phrase.startswith(k, i)), None)
            if word is None:
                i += 1
                continue
            spots.append((i, word))
            i += len(word)
        for n in range(1, min(self.max_swaps, len(spots)) + 1):
            for chosen in itertools.combinations(spots, n):
                for spins in itertools.product(*(self.synonyms[w] for _, w in chosen)):
                    out, last = [], 0
                    for (at, word), spin in zip(chosen, spins, strict=True):
                        out.append(phrase[last:at])
                        out.append(spin)
                        last = at + len(word)
                    out.append(phrase[last:])
                    yield "".join(out)

    @cached_property
    def table(self) -> dict[str, str]:
        """near-copy -> the formula it was spun from."""
        lexicon = self.phrases
        out: dict[str, str] = {}
        for phrase in lexicon:
            for variant in self._variants(phrase):
                if variant in out or any(variant in p for p in lexicon):
                    continue
                out[variant] = phrase
        return out

    @cached_property
    def near_copies(self) -> LiteralSet:
        """Every near-copy, found in one Aho-Corasick pass (thousands of phrases)."""
        return LiteralSet(self.table)

    @cached_property
    def _allowed(self) -> LiteralSet:
        return LiteralSet(self.allow)

    def _is_allowed(self, text: str, start: int, end: int) -> bool:
        lo, hi = max(0, start - 8), min(len(text), end + 8)
        return any(s <= start and e >= end for s, e in self._allowed.hits(text, lo, hi))

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        for start, end in self.near_copies.finditer(text):
            if self._is_allowed(text, start, end):
                continue
            right = self.table[text[start:end]]
            yield ctx.finding(self, start, end, suggestion=right, right=right)
