"""jieba's word cuts of a clause: through jieba-rs (`rjieba`) where its wheel is installed, else jieba.

Why two: jieba is the design's segmenter (its dictionary, its user-dictionary format, its cuts),
but its pure-Python start-up unmarshals ~500,000 dictionary entries (~1 s, or a cache file of
tens of MB) before the first cut. jieba-rs is the same algorithm over the same dict.txt, in Rust:
its dictionary is ready in ~0.15 s and it cuts ~16x faster. Pure-Python jieba stays the
reference (tests/test_segmenter.py holds the two equal) and the fallback where no rjieba wheel
exists.

The two give the same cuts on Chinese text. They differ only inside runs of ASCII, where jieba-rs
keeps `1-6`, `2018-12-05`, `x.x%`, `1.73W` and `example.com` whole while jieba splits them at
`-`, `.` and `_` (on the seeds and the development reports the findings are the same either way).
Both load rules/jieba_userdict.txt, jieba's own format: `word [frequency] [tag]` a line. (For a
user word the main dictionary already lists, jieba adds the new frequency to its total without
taking the old one out, jieba-rs swaps them: 43 such words, 0.02% of the total, too little to move
a cut in the property test or on the development reports.)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from checker.lexicon import builtin_rules_dir

# jieba's own pattern for a user-dictionary line (jieba.re_userdict): word, frequency, tag.
_USERDICT_LINE = re.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$")


def userdict_path() -> Path | None:
    """The domain dictionary shipped with the rules (None when a trimmed install lacks it)."""
    path = builtin_rules_dir() / "jieba_userdict.txt"
    return path if path.is_file() else None


def userdict_entries(path: Path) -> list[tuple[str, int | None, str | None]]:
    """(word, frequency or None, tag or None) of each line, read as jieba's `load_userdict` does."""
    entries = []
    for raw in path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines():
        line = raw.strip()
        if not line:
            continue
        m = _USERDICT_LINE.match(line)
        if m is None:  # the pattern's first group takes any non-empty line
            continue
        word, freq, tag = m.groups()
        entries.append((word, int(freq) if freq else None, tag.strip() if tag else None))
    return entries


def rjieba_cut(userdict: Path | None) -> Callable[[str], list[str]]:
    """jieba-rs's `cut` (HMM on, as `jieba.lcut`) with the user dictionary added.

    rjieba builds a default instance with the standard dictionary when imported; a second
    instance would cost as much again, so checker adds its domain words to that one. A host
    program that also uses rjieba's module-level `cut` in the same process sees those words too."""
    import rjieba

    for word, freq, tag in userdict_entries(userdict) if userdict is not None else []:
        rjieba.add_word(word, freq, tag)
    return rjieba.cut


def jieba_cut(userdict: Path | None) -> Callable[[str], list[str]]:
    """Pure-Python jieba's `lcut` with the user dictionary: the reference and the fallback."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # no start-up chatter on stderr
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    if userdict is not None:
        tokenizer.load_userdict(str(userdict))
    return tokenizer.lcut  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _cut() -> Callable[[str], list[str]]:
    try:
        return rjieba_cut(userdict_path())
    except ImportError:
        return jieba_cut(userdict_path())


def cut(text: str) -> list[str]:
    """jieba's words of `text`; the segmenter is loaded on first use."""
    return _cut()(text)
