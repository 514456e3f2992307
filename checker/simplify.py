"""Traditional -> simplified script, one character for one, as OpenCC's t2s converts it, but fast.

opencc-python-reimplemented converts ~200,000 characters a second (a 10 MB traditional archive
file would take a minute). Its t2s is two dictionaries, both length-preserving: TSPhrases (a few
hundred phrases such as 瞭解 -> 了解, 乾隆 kept) and TSCharacters (one character each, first
candidate). Its phrase pass takes, within a fragment, the longest phrase found anywhere (leftmost
among equals), then does the same left and right of it; the rest goes character by character.
`to_simplified` does exactly that, with the phrases located in one Aho-Corasick pass
(checker.literals) and the characters converted by `str.translate`; tests compare it with OpenCC.
A long text without any phrase and without any character t2s changes (a report already in
simplified script: found so by one RE2 pass) is returned as it is, without `translate`.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import re2

from checker.literals import GATE_MIN, LiteralSet, utf8


def opencc_folder() -> Path:
    """Where opencc-python-reimplemented keeps the dictionaries t2s.json names, found without
    importing it (its import costs ~8 ms of a cold start and is needed only by the slow path)."""
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("opencc")
    return Path(next(iter(spec.submodule_search_locations))).resolve() / "dictionary"


def _dictionary(name: str) -> dict[str, str]:
    """An OpenCC dictionary file as {source: first candidate}, length-preserving entries only."""
    out: dict[str, str] = {}
    text = (opencc_folder() / name).read_text(encoding="utf-8")
    for row in text.splitlines():
        source, _, targets = row.partition("\t")
        first = targets.split(" ")[0]
        if source and len(first) == len(source):
            out[source] = first
    return out


# Characters `translate` reads (~95 ns each) before the RE2 class of changing characters is
# compiled (~15 ms, once): a cold run that checks one report never pays for it, a batch pays once.
GATE_PAYS_AFTER = 160_000


class _Tables:
    def __init__(self) -> None:
        characters = _dictionary("TSCharacters.txt")
        self.chars = str.maketrans(characters)
        self.phrases = _dictionary("TSPhrases.txt")
        self.lexicon = LiteralSet(self.phrases)
        self._changing_chars = [c for c, s in characters.items() if c != s]
        self._changing: re2._Regexp | None = None
        self._translated = 0  # characters of long texts translated while no class was compiled

    def unchanged(self, line: str) -> bool:
        """Whether t2s leaves this long, phrase-free line as it is: no character it changes (most
        reports are already simplified), found by one RE2 pass over the characters t2s changes,
        compiled once the characters `translate` read without it would have paid for it."""
        if self._changing is None:
            if self._translated < GATE_PAYS_AFTER or not self._changing_chars:
                self._translated += len(line)
                return False
            self._changing = _char_class(self._changing_chars)
            self._changing_chars = []  # compiled (or refused by RE2: never tried again)
            if self._changing is None:
                return False
        return self._changing.search(utf8(line)) is None


def _char_class(chars: Iterable[str]) -> re2._Regexp | None:
    """One RE2 class of `chars` (each written \\x{…}), or None where RE2 refuses it."""
    options = re2.Options()
    options.log_errors = False
    source = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in sorted(chars)) + "]"
    try:
        return re2.compile(source.encode("ascii"), options)
    except re2.error:
        return None


@lru_cache(maxsize=1)
def _tables() -> _Tables | None:
    try:
        return _Tables()
    except (ImportError, OSError):
        return None


@lru_cache(maxsize=1)
def _opencc_convert() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("t2s").convert


def _phrases_in(line: str, tables: _Tables) -> list[tuple[int, int]]:
    """Every (start, length) at which a dictionary phrase occurs, overlaps included."""
    return [(s, e - s) for s, e in tables.lexicon.hits(line)]


def _chosen_phrases(occurrences: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """OpenCC's choice among overlapping phrases: in each fragment the longest (leftmost among
    equals), then the same on each side of it."""
    chosen = []
    fragments = [(0, length)]
    while fragments:
        lo, hi = fragments.pop()
        inside = [(n, s) for s, n in occurrences if lo <= s and s + n <= hi]
        if not inside:
            continue
        n, s = max(inside, key=lambda o: (o[0], -o[1]))
        chosen.append((s, n))
        fragments += [(lo, s), (s + n, hi)]
    return chosen


def to_simplified(line: str) -> str:
    """t2s that never changes the length, so the source map stays one-for-one."""
    tables = _tables()
    if tables is None:  # dictionaries not where this opencc keeps them: the slow, exact path
        out = _opencc_convert()(line)
        if len(out) == len(line):
            return out
        return "".join(c if len(c := _opencc_convert()(ch)) == 1 else ch for ch in line)
    occurrences = _phrases_in(line, tables)
    if not occurrences and len(line) >= GATE_MIN and tables.unchanged(line):
        return line  # no phrase and no character that t2s changes
    converted = line.translate(tables.chars)
    if not occurrences:
        return converted
    chars = list(converted)
    for s, n in _chosen_phrases(occurrences, len(line)):
        chars[s : s + n] = tables.phrases[line[s : s + n]]
    return "".join(chars)
