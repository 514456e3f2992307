"""Kind `taiwan-phrase`: Taiwan vocabulary that a simplified-to-Taiwan conversion (OpenCC s2twp)
swapped into a mainland report: 最佳化 for 優化, 網際網路 for 互聯網, 程式 for 程序.

The phrase list is OpenCC's own TWPhrasesRev table (Taiwan phrase -> mainland phrase), the one
s2twp's inverse uses, plus the rule's `swaps` for government vocabulary OpenCC does not list
(計畫 for 計劃, 成長點 for 增長點). A Taiwan phrase that is also an ordinary mainland word (建立,
資料, 支援, 智慧: jieba's mainland dictionary gives it a frequency of `max_mainland_frequency` or
more) is never reported, nor the phrases in `keep_out`: a mainland report may say them. Nor is
an OpenCC phrase whose edge is glued into a mainland word (工作列|入 is 工作 + 列入, not the Taiwan 工作列).
A text that is Taiwanese itself (its institutions: 縣議會, 鄉公所, 新臺幣; `taiwan_origin`) is left
alone: its Taiwan vocabulary is its own, not a conversion's damage.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, cached_property
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import compiled_v1
from checker.rules.kinds.script_mix import _opencc_dictionary
from checker.rules.kinds.substitution import SubstitutionRule
from checker.simplify import to_simplified


@cache
def _mainland_frequency() -> dict[str, int]:
    """jieba's own dictionary (mainland simplified usage) as {word: frequency}."""
    import jieba

    out: dict[str, int] = {}
    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    for row in path.read_text(encoding="utf-8").splitlines():
        word, _, rest = row.partition(" ")
        out[word] = int(rest.split(" ", 1)[0])
    return out


@cache
def _opencc_taiwan_phrases() -> dict[str, str]:
    """OpenCC's Taiwan -> mainland phrases (multi-character, Chinese only, a real change)."""
    out: dict[str, str] = {}
    for tw, mainland in _opencc_dictionary("TWPhrasesRev.txt").items():
        right = mainland[0]
        if len(tw) >= 2 and tw != right and all("\u4e00" <= c <= "\u9fff" for c in tw):
            out[tw] = right
    return out


class TaiwanPhraseRule(SubstitutionRule):
    kind: Literal["taiwan-phrase"]  # type: ignore[assignment]
    # A Taiwan phrase whose simplified form jieba knows this often is mainland usage too.
    max_mainland_frequency: int = Field(default=50, ge=1)
    # Taiwan phrases never reported (also mainland words jieba happens not to list: 線上, 外接).
    keep_out: list[str] = Field(default_factory=list)
    # Words only a text written in Taiwan uses (its councils, offices, currency): such a text is
    # not a converted mainland report. None: every text is checked.
    taiwan_origin: str | None = None

    # Both derived from jieba's 349,000-line dictionary (~0.4 s to read, once per process, the first
    # time a traditional text is checked): computed when the rule snapshot is written instead.
    snapshot_derived: ClassVar[tuple[str, ...]] = ("gate_source", "phrase_table", "mainland_edges")

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        if not self.in_script(ctx):
            return  # (before the origin's search: most documents are in the other script)
        if self.taiwan_origin and compiled_v1(self.taiwan_origin).search(ctx.original):
            return
        yield from super().check(ctx)

    @cached_property
    def phrase_table(self) -> dict[str, str]:
        freq = _mainland_frequency()
        keep_out = set(self.keep_out)
        table = {tw: right for tw, right in _opencc_taiwan_phrases().items()
                 if tw not in keep_out and freq.get(to_simplified(tw), 0) < self.max_mainland_frequency}
        table.update(self.swaps)
        return table

    @cached_property
    def mainland_edges(self) -> tuple[str, str, str]:
        """(firsts, lasts, words): the first and the last characters of the phrases (as written and
        simplified), and every two-character mainland word (frequency >= max_mainland_frequency)
        that ends with one of those firsts or starts with one of those lasts, run together (a string
        is stored and read back in no time; the sets are built on first use). A phrase's edge,
        simplified, is one of those words exactly when jieba's dictionary says it is mainland usage;
        an edge whose characters simplify to anything else asks the dictionary itself."""
        firsts = {c for p in self.phrase_table for c in (p[0], to_simplified(p[0]))}
        lasts = {c for p in self.phrase_table for c in (p[-1], to_simplified(p[-1]))}
        words = sorted(w for w, n in _mainland_frequency().items()
                       if len(w) == 2 and n >= self.max_mainland_frequency and (w[1] in firsts or w[0] in lasts))
        return "".join(sorted(firsts)), "".join(sorted(lasts)), "".join(words)

    @cached_property
    def _edge_sets(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        firsts, lasts, words = self.mainland_edges
        return frozenset(firsts), frozenset(lasts), frozenset(words[i:i + 2] for i in range(0, len(words), 2))

    def _mainland_word(self, pair: str) -> bool:
        """Whether the two characters `pair`, simplified, are a mainland word (`mainland_edges`, or
        jieba's dictionary for a pair outside what the table covers)."""
        word = to_simplified(pair)
        firsts, lasts, words = self._edge_sets
        if len(word) == 2 and (word[1] in firsts or word[0] in lasts):
            return word in words
        return _mainland_frequency().get(word, 0) >= self.max_mainland_frequency

    def _excluded(self, text: str, start: int, end: int) -> bool:
        return self._glued_at_edge(text, start, end, self._mainland_word)
