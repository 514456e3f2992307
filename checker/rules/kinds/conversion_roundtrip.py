"""Kind `conversion-roundtrip`: simplified spellings left in a traditional text that only the word
shows (由于 for 由於, 達產后 for 達產後, 征繳 for 徵繳, 大干 for 大幹, 税 for 稅).

后, 于, 干, 采, 征, 余, 范, 系 are traditional characters too (皇后, 于姓, 干擾, 采邑), so a character
test (kind `script-mix`) cannot see them; OpenCC's phrase tables can. Each line of a traditional
document is converted to simplified and back, both to OpenCC's standard and to its Taiwan variants
(s2t, s2tw): a character that is neither of the two renderings, and that OpenCC itself treats as
a simplified form (a key of STCharacters) or does not know as a traditional form at all (産, 説:
Hong Kong or Japanese shapes that mainland traditional text does not use), is a leftover of the
conversion. Characters that are script-mix's (simplified-only) are left to it; `ignore` lists
characters that traditional text legitimately keeps although OpenCC prefers another (占, 台, 了).
A document written to Hong Kong's standard (it holds shapes only that standard writes: 説, 閲, 衞)
writes 户, 税, 脱 throughout: there they are its own shapes, not leftovers (`hong_kong_marks`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, cached_property, lru_cache
from typing import Literal

import regex
from pydantic import Field

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import compiled_v1
from checker.rules.kinds.script_mix import (  # one s2t converter per process (~70 ms of dictionaries)
    _opencc_dictionary,
    _s2t,
    simplified_only_characters,
    traditional_at_least,
)
from checker.rules.model import Rule
from checker.simplify import to_simplified

_HAN_RUN = compile_regex(r"\p{Han}+")


@cache
def _taiwan_variants() -> dict[int, str]:
    """OpenCC's s2tw is s2t followed by TWVariants (one character for one): the same table, so
    only one converter (half a second of dictionary loading) is built."""
    return str.maketrans({k: v[0] for k, v in _opencc_dictionary("TWVariants.txt").items() if len(k) == 1})


@cache
def _suspect_characters() -> tuple[frozenset[str], frozenset[str]]:
    """(characters that can be leftovers, every traditional form OpenCC produces).

    A leftover is a simplified form OpenCC converts (a key of STCharacters) or a variant that its
    t2s converts but no s2t produces (産, 説); every other character passes a round trip unchanged.
    """
    st = _opencc_dictionary("STCharacters.txt")
    ts = _opencc_dictionary("TSCharacters.txt")
    values = frozenset(v for vs in st.values() for v in vs if len(v) == 1)
    keys = {k for k in st if len(k) == 1} | {k for k in ts if len(k) == 1 and k not in values}
    return frozenset(keys), values


@cache
def _hong_kong_shapes() -> tuple[frozenset[str], frozenset[str]]:
    """(shapes only Hong Kong's standard writes: 説, 閲, 衞 — neither a simplified form nor a standard
    or Taiwan traditional one; Hong Kong shapes that are also simplified characters: 户, 税, 脱, 温).

    A text written (or converted, OpenCC s2hk) to Hong Kong's standard writes 户 and 税 throughout:
    there they are the standard shapes, not leftovers of a conversion."""
    st = _opencc_dictionary("STCharacters.txt")
    standard = {v for vs in st.values() for v in vs if len(v) == 1}
    hk = {v for vs in _opencc_dictionary("HKVariants.txt").values() for v in vs if len(v) == 1}
    tw = {v for vs in _opencc_dictionary("TWVariants.txt").values() for v in vs if len(v) == 1}
    return frozenset(hk - set(st) - standard - tw), frozenset(hk & set(st))


# Characters of context converted on each side of a suspect one: longer than most of OpenCC's
# phrases, so the phrase that decides the character is inside the window.
_WINDOW = 6


@lru_cache(maxsize=65536)
def _roundtrip_char(window: str, k: int) -> str | None:
    """OpenCC's traditional form of window[k] when the window's own character is neither its
    standard nor its Taiwan rendering (None when the character is right, or lengths differ)."""
    simp = to_simplified(window)
    std = _s2t().convert(simp)
    tw = std.translate(_taiwan_variants())
    if not len(std) == len(tw) == len(window):
        return None
    c = window[k]
    return std[k] if c != std[k] and c != tw[k] else None


class ConversionRoundtripRule(Rule):
    kind: Literal["conversion-roundtrip"]
    # Characters traditional text keeps legitimately although OpenCC converts them.
    ignore: str = ""
    # Words in which traditional text keeps a character that OpenCC converts elsewhere (托育, 托嬰:
    # Taiwan's standard spelling, while 依托 is 依託): their characters are never leftovers.
    keep: list[str] = Field(default_factory=list)
    # A pattern whose matches are names in which the character stays as written (余 of 余嶺村, a
    # surname's village: OpenCC cannot know the name and would make it 餘嶺村). None: no names.
    keep_names: str | None = None
    # Regexes of the same kind for words no list can hold: a person's name after a byline's role
    # (記者 涂端玉, 通訊員 范曉明): 涂, 范, 于, 余 are surnames that traditional text keeps as they are.
    keep_patterns: list[str] = Field(default_factory=list)
    # A line needs this many traditional-only characters to be traditional text at all.
    min_traditional_in_line: int = Field(default=2, ge=0)
    max_per_document: int | None = Field(default=None, ge=1)
    # A document holding this many shapes only Hong Kong's standard writes (説, 閲, 衞) follows that
    # standard: its Hong Kong shapes that are also simplified characters (户, 税, 脱) are not
    # reported. 0: never.
    hong_kong_marks: int = Field(default=2, ge=0)

    @cached_property
    def _hong_kong_rx(self) -> regex.Pattern[str]:
        return compile_regex("[" + "".join(sorted(_hong_kong_shapes()[0])) + "]")

    def _hong_kong(self, text: str) -> bool:
        """Whether the document follows Hong Kong's standard (`hong_kong_marks`)."""
        if not self.hong_kong_marks:
            return False
        found = 0
        for _ in self._hong_kong_rx.finditer(text):
            found += 1
            if found >= self.hong_kong_marks:
                return True
        return False

    @cached_property
    def _ignored(self) -> frozenset[str]:
        return frozenset(self.ignore) | simplified_only_characters()

    @cached_property
    def _candidates(self) -> frozenset[str]:
        return _suspect_characters()[0] - self._ignored

    @cached_property
    def _keep(self) -> regex.Pattern[str] | None:
        parts = [*map(regex.escape, self.keep), *(f"(?:{p})" for p in self.keep_patterns)]
        return compile_regex("|".join(parts)) if parts else None

    def _kept(self, line: str) -> set[int]:
        """Positions of the line inside a `keep` word or a `keep_names` match."""
        kept: set[int] = set()
        if self._keep is not None:
            kept.update(i for m in self._keep.finditer(line, overlapped=True) for i in range(*m.span()))
        if self.keep_names:
            kept.update(i for m in compiled_v1(self.keep_names).finditer(line) for i in range(*m.span()))
        return kept

    def _leftovers(self, line: str, candidates: frozenset[str]) -> Iterator[tuple[int, int, str]]:
        """(start, end, right) of each run of leftover characters in one line."""
        flagged: dict[int, str] = {}
        kept: set[int] | None = None
        for run in _HAN_RUN.finditer(line):
            lo, hi = run.span()
            for i in range(lo, hi):
                if line[i] in candidates:
                    if kept is None:
                        kept = self._kept(line)
                    if i in kept:
                        continue
                    right = _roundtrip_char(line[max(lo, i - _WINDOW):min(hi, i + _WINDOW + 1)], min(i - lo, _WINDOW))
                    if right is not None:
                        flagged[i] = right
        for i in sorted(flagged):
            if i - 1 in flagged:
                continue
            j = i
            while j in flagged:
                j += 1
            yield i, j, "".join(flagged[k] for k in range(i, j))

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        if not ctx.norm.traditional:
            return
        text = ctx.original
        candidates = self._candidates
        if self._hong_kong(text):
            marks, shapes = _hong_kong_shapes()
            candidates = candidates - marks - shapes
        count = 0
        start = 0
        while start <= len(text):
            end = text.find("\n", start)
            end = len(text) if end == -1 else end
            line = text[start:end]
            if traditional_at_least(line, self.min_traditional_in_line):
                for s, e, right in self._leftovers(line, candidates):
                    yield ctx.finding_orig(self, start + s, start + e, suggestion=right, right=right)
                    count += 1
                    if self.max_per_document is not None and count >= self.max_per_document:
                        return
            start = end + 1
