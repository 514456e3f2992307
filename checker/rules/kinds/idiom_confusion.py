"""Kind `idiom-confusion`: a four-character idiom (成语) with one character written as another that
writers are known to type for it: 势再必行 for 势在必行, 艰持不懈 for 坚持不懈, 明之故犯 for 明知故犯.

The misspelling lexicon (rules/misspelling.yaml) lists the idioms it has seen misspelt; this kind
carries its single-character confusions over to every idiom: `confusables` maps a character to the
characters written for it (在 <- 再, 坚 <- 艰, 知 <- 之), each pair attested by an entry of the
lexicon (tests/test_idiom_confusion.py holds them to it). The idioms are jieba's dictionary's (four
characters, tag `i`, frequency `min_frequency` or more). A variant is reported only where jieba's
dictionary does not know it as a word itself, nor any phrase of `keep_out`; a variant two idioms
share goes to the more frequent one. Nor is a variant reported whose edge is glued into a common
word (jieba's frequency `edge_frequency` or more): 一是无成|本 is 一是 + 无 + 成本, not 一事无成.

The phrase table (some 3,000 variants) is computed when the rule snapshot is written: reading jieba's
349,000-line dictionary takes ~0.4 s. Matching, `exclude` and `max_per_document` are the
`substitution` kind's; the suggestion is the idiom.
"""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from checker.literals import LiteralSet
from checker.rules.kinds.substitution import SubstitutionRule


@cache
def _jieba_dictionary() -> dict[str, tuple[int, str]]:
    """jieba's own dictionary as {word: (frequency, tag)}."""
    import jieba

    out: dict[str, tuple[int, str]] = {}
    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    for row in path.read_text(encoding="utf-8").splitlines():
        parts = row.split(" ")
        if len(parts) >= 3:
            out[parts[0]] = (int(parts[1]), parts[2])
        elif len(parts) == 2:
            out[parts[0]] = (int(parts[1]), "")
    return out


class IdiomConfusionRule(SubstitutionRule):
    kind: Literal["idiom-confusion"]  # type: ignore[assignment]
    # Phrases of the rule's own (wrong -> right), beside the generated ones; none needed.
    swaps: dict[str, str] = Field(default_factory=dict)
    # A character -> the characters written for it (each pair seen in a misspelling of the lexicon).
    confusables: dict[str, str] = Field(min_length=1)
    # Only idioms jieba's dictionary gives at least this frequency.
    min_frequency: int = Field(default=10, ge=1)
    # Variants never reported (correct text that happens to spell one).
    keep_out: list[str] = Field(default_factory=list)
    # A variant whose first character with the one before it, or whose last with the one after it,
    # is a word jieba's dictionary gives this frequency is the edge of two words, not an idiom.
    edge_frequency: int = Field(default=1000, ge=1)

    snapshot_derived: ClassVar[tuple[str, ...]] = ("gate_source", "phrase_table", "edge_words")

    @field_validator("confusables")
    @classmethod
    def _one_character_each(cls, v: dict[str, str]) -> dict[str, str]:
        for right, wrongs in v.items():
            if len(right) != 1 or not wrongs or right in wrongs:
                raise ValueError(f"confusable {right!r}: {wrongs!r} must map one character to others")
        return v

    @cached_property
    def phrase_table(self) -> dict[str, str]:
        words = _jieba_dictionary()
        keep_out = set(self.keep_out)
        idioms = sorted(((f, w) for w, (f, tag) in words.items()
                         if tag == "i" and len(w) == 4 and f >= self.min_frequency), key=lambda fw: (-fw[0], fw[1]))
        table: dict[str, str] = {}
        for _, idiom in idioms:  # most frequent first: a shared variant is the commoner idiom's
            for i, right in enumerate(idiom):
                for wrong in self.confusables.get(right, ""):
                    variant = idiom[:i] + wrong + idiom[i + 1:]
                    if variant not in words and variant not in keep_out:
                        table.setdefault(variant, idiom)
        table.update(self.swaps)
        return table

    @cached_property
    def literals(self) -> LiteralSet:
        """The variants on one Aho-Corasick automaton: some 3,000 variants that occur in almost
        no report, gated by RE2 only after some 150,000 characters read (LiteralSet's default for
        a lexicon this size: 0.68 ms a report ungated, 0.03 ms gated, the gate's compile ~35 ms)."""
        return LiteralSet(self.phrase_table)

    @cached_property
    def edge_words(self) -> str:
        """Every two-character word of frequency `edge_frequency` or more that ends with the first
        character of a generated variant or starts with its last, run together (a string is stored
        in the snapshot and read back in no time; the set is built on first use)."""
        firsts = {p[0] for p in self.phrase_table}
        lasts = {p[-1] for p in self.phrase_table}
        return "".join(sorted(w for w, (f, _) in _jieba_dictionary().items()
                              if len(w) == 2 and f >= self.edge_frequency and (w[1] in firsts or w[0] in lasts)))

    @cached_property
    def _edge_set(self) -> frozenset[str]:
        words = self.edge_words
        return frozenset(words[i:i + 2] for i in range(0, len(words), 2))

    def _excluded(self, text: str, start: int, end: int) -> bool:
        return self._glued_at_edge(text, start, end, self._edge_set.__contains__)
