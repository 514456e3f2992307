"""Kind `script-mix`: simplified characters left inside a traditional-script document (并轉化).

A report converted to traditional script by hand or by a partial tool keeps some simplified
characters. Which characters are simplified-only comes from OpenCC's own dictionaries (a
dependency already used for normalisation): a character that OpenCC converts to traditional and
that is not itself among its traditional forms, nor the Taiwan/Hong Kong standard form of one of
them (群 for 羣, 着 for 著 are correct traditional), nor a character OpenCC's own traditional table
keeps as itself (麽 of 什麽, 這麽: Hong Kong's spelling of 麼), is simplified. Runs of such characters are
reported once each, with the traditional form as the suggestion, when they sit among traditional
characters on their line (a whole line in simplified script is not a conversion leftover).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, cached_property
from typing import Literal

import regex
from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.model import Rule
from checker.rules.timed_regex import Matcher, compile_timed
from checker.simplify import opencc_folder


def _opencc_dictionary(name: str) -> dict[str, list[str]]:
    path = opencc_folder() / name
    table: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, values = line.partition("\t")
        if sep:
            table[key] = values.split()
    return table


@cache
def simplified_only_characters() -> frozenset[str]:
    """Characters that a traditional-script text should never contain."""
    st = _opencc_dictionary("STCharacters.txt")
    ts = _opencc_dictionary("TSCharacters.txt")
    variants: dict[str, list[str]] = {}
    for name in ("TWVariants.txt", "HKVariants.txt"):
        for k, v in _opencc_dictionary(name).items():
            variants.setdefault(k, []).extend(v)
    out = set()
    for simp, trads in st.items():
        if len(simp) != 1 or simp in trads:
            continue
        if any(simp in variants.get(t, ()) for t in trads) or simp in ts.get(simp, ()):
            continue
        out.add(simp)
    return frozenset(out)


@cache
def traditional_only_characters() -> frozenset[str]:
    """Characters that only traditional script uses (OpenCC converts them and they are not
    simplified forms themselves)."""
    ts = _opencc_dictionary("TSCharacters.txt")
    return frozenset(t for t, simps in ts.items() if len(t) == 1 and t not in simps)


@cache
def _traditional_rx() -> Matcher:
    """One character class of every traditional-only character: counted by one C-level scan (on
    RE2, where a class of thousands of characters costs no more than a small one)."""
    return compile_timed("[" + "".join(regex.escape(c) for c in sorted(traditional_only_characters())) + "]")


@cache
def _s2t():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("s2t")


def traditional_at_least(text: str, count: int, start: int = 0, end: int | None = None) -> bool:
    """Whether text[start:end] holds `count` traditional-only characters or more (found one search
    at a time: a line of traditional text holds dozens, and two are enough to know)."""
    rx, pos, end = _traditional_rx(), start, len(text) if end is None else end
    for _ in range(count):
        m = rx.search(text, pos, end)
        if m is None:
            return False
        pos = m.end()
    return True


class ScriptMixRule(Rule):
    kind: Literal["script-mix"]
    # Characters never reported even though OpenCC lists them as simplified-only.
    ignore: str = ""
    # Report at most this many runs per document (a wholly unconverted section would flood).
    max_per_document: int | None = Field(default=None, ge=1)
    # Only runs on a line with at least this many traditional-only characters are leftovers of a
    # conversion (并轉化); a line wholly in simplified script is a pasted section or a header.
    min_traditional_in_line: int = Field(default=2, ge=0)

    @cached_property
    def _pattern(self) -> Matcher:
        """Runs of simplified-only characters; a class RE2 runs ~150x faster than `regex`, which
        tests each character against thousands (compile_timed: RE2 where it matches as `regex`)."""
        chars = sorted(simplified_only_characters() - set(self.ignore))
        return compile_timed("[" + "".join(regex.escape(c) for c in chars) + "]+", regex.VERSION1 | regex.MULTILINE,
                             f"rule {self.id}")

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        if not ctx.norm.traditional:
            return
        count = 0
        text = ctx.original
        traditional_line: dict[int, bool] = {}  # line start -> enough traditional-only characters on it
        for m in self._pattern.finditer(text):
            ls = text.rfind("\n", 0, m.start()) + 1
            if ls not in traditional_line:
                le = text.find("\n", m.end())
                traditional_line[ls] = traditional_at_least(text, self.min_traditional_in_line, ls,
                                                            le if le != -1 else len(text))
            if not traditional_line[ls]:
                continue
            right = _s2t().convert(m.group(0))
            yield ctx.finding_orig(self, m.start(), m.end(), suggestion=right, right=right)
            count += 1
            if self.max_per_document is not None and count >= self.max_per_document:
                break
