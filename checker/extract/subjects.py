"""What a figure measures: the noun phrase of the clause before it, and a key to match restatements.

全年共发放低保资金364万 -> subject 低保资金; 已完成土地流转1000余亩 -> subject 土地流转,
key 土地流转 (the same key as 完成土地流转1500余亩). The clause is segmented with jieba's plain
`lcut` and a domain dictionary (rules/jieba_userdict.txt); only the short window before a figure
is ever segmented, and windows repeat a lot, so results are cached.
The word lists (what to strip, what to drop from keys) are data in rules/subjects.yaml.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from checker.rules.loader import builtin_rules_dir, load_data_file

# Characters that end a clause when looking back from a figure.
CLAUSE_BOUNDARY = frozenset("，。；：！？、,;:!?\n（()）【】[]")
_QUOTES = re.compile(r"[“”‘’「」『』\"'《》]")
_NUMERIC_TOKEN = re.compile(r"^[0-9.%]+$")
_MAX_WINDOW = 40


@dataclass(frozen=True)
class SubjectLexicon:
    lead_frame: frozenset[str]
    lead_verbs: frozenset[str]
    trail: frozenset[str]
    key_drop: frozenset[str]
    key_synonyms: tuple[tuple[str, str], ...]
    max_chars: int
    raw: dict[str, Any]


@lru_cache(maxsize=1)
def subject_lexicon() -> SubjectLexicon:
    raw = load_data_file("subjects.yaml")
    return SubjectLexicon(
        lead_frame=frozenset(map(str, raw["lead_frame"])),
        lead_verbs=frozenset(map(str, raw["lead_verbs"])),
        trail=frozenset(map(str, raw["trail"])),
        key_drop=frozenset(map(str, raw["key_drop"])),
        key_synonyms=tuple(sorted(((str(k), str(v)) for k, v in raw["key_synonyms"].items()),
                                  key=lambda kv: -len(kv[0]))),
        max_chars=int(raw["max_subject_chars"]),
        raw=raw,
    )


@lru_cache(maxsize=1)
def _jieba() -> Any:
    """jieba, loaded on first use with the domain dictionary; its start-up chatter silenced."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    userdict = builtin_rules_dir() / "jieba_userdict.txt"
    if userdict.is_file():
        jieba.load_userdict(str(userdict))
    return jieba


def segment(text: str) -> list[str]:
    return _jieba().lcut(text)


def clause_before(text: str, start: int, floor: int = 0) -> tuple[int, str]:
    """(offset, text) of the clause that ends at `start`: back to a boundary, `floor` or 40 chars."""
    lo = max(floor, start - _MAX_WINDOW)
    i = start
    while i > lo and text[i - 1] not in CLAUSE_BOUNDARY:
        i -= 1
    return i, text[i:start]


def clause_after(text: str, end: int) -> str:
    """The words right after a figure up to the next boundary (for 在9个村…, 为600户困难群众…)."""
    hi = min(len(text), end + 16)
    j = end
    while j < hi and text[j] not in CLAUSE_BOUNDARY and not text[j].isdigit():
        j += 1
    return text[end:j]


def _is_frame(tok: str, lex: SubjectLexicon) -> bool:
    return tok in lex.lead_frame or bool(_NUMERIC_TOKEN.match(tok)) or tok.strip() == ""


@lru_cache(maxsize=65536)
def subject_of_clause(clause: str) -> tuple[str | None, bool]:
    """(subject, weak) for the clause that precedes a figure.

    weak is true when all that is left is a verb (立案6起, 发放6万元慰问物资): the caller then
    prefers a noun phrase after the figure, if there is one.
    """
    lex = subject_lexicon()
    clause = _QUOTES.sub("", clause).strip()
    if not clause:
        return None, False
    toks = segment(clause)
    while toks and (_is_frame(toks[0], lex)):
        toks.pop(0)
    while toks and (toks[-1] in lex.trail or _is_frame(toks[-1], lex)):
        toks.pop()
    if not toks:
        return None, False
    # Cut before the last verb that is followed by something (开展安全培训 -> 安全培训).
    last_verb = None
    for i in range(len(toks) - 2, -1, -1):
        if toks[i] in lex.lead_verbs:
            last_verb = toks[i]
            toks = toks[i + 1:]
            break
    while toks and (_is_frame(toks[0], lex) or toks[0] in lex.lead_verbs or toks[0] == "的"):
        tok = toks.pop(0)
        if tok in lex.lead_verbs:
            last_verb = tok
    if not toks:
        return last_verb, True
    weak = len(toks) == 1 and toks[0] in lex.lead_verbs
    # The head noun is at the end: keep the last words up to max_chars.
    out: list[str] = []
    size = 0
    for tok in reversed(toks):
        if size + len(tok) > lex.max_chars and out:
            break
        out.append(tok)
        size += len(tok)
    subject = "".join(reversed(out)).strip("的之和与及、 ")
    return (subject or None), weak


@lru_cache(maxsize=65536)
def subject_after(words: str) -> str | None:
    """A noun phrase right after a figure (为600户困难群众发放 -> 困难群众), stopping at a verb."""
    lex = subject_lexicon()
    words = _QUOTES.sub("", words).strip()
    if not words:
        return None
    out: list[str] = []
    size = 0
    for tok in segment(words):
        if tok in lex.lead_verbs or tok in lex.trail or tok in lex.lead_frame or tok == "的":
            break
        if size + len(tok) > 8 and out:
            break
        out.append(tok)
        size += len(tok)
    subject = "".join(out).strip()
    return subject if len(subject) >= 1 else None


@lru_cache(maxsize=65536)
def subject_key(subject: str | None) -> str | None:
    """Normalised subject for matching: framing words dropped, synonyms folded (总投资 -> 投资)."""
    if not subject:
        return None
    lex = subject_lexicon()
    text = subject
    for word, repl in lex.key_synonyms:
        if word in text:
            text = text.replace(word, repl)
    toks = [t for t in segment(text) if t not in lex.key_drop and t not in lex.lead_frame]
    while len(toks) > 1 and toks[0] in lex.lead_verbs:
        toks.pop(0)
    key = "".join(toks)
    return key or subject
