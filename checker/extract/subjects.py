"""What a figure measures: the noun phrase of the clause before it, and a key to match restatements.

全年共发放低保资金364万 -> subject 低保资金; 已完成土地流转1000余亩 -> subject 土地流转,
key 土地流转 (the same key as 完成土地流转1500余亩). The clause is segmented with jieba's cuts
(checker.extract.segmenter) and a domain dictionary (rules/jieba_userdict.txt); only the short
window before a figure is ever segmented, and windows repeat a lot, so results are cached.
The word lists (what to strip, what to drop from keys) are data in rules/subjects.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from checker.extract.segmenter import cut
from checker.lexicon import load_data_file

# Characters that end a clause when looking back from a figure.
# Brackets are not boundaries: 享受高龄补贴（80岁以上）378人 reads through them.
CLAUSE_BOUNDARY = frozenset("，。；：！？、,;:!?\n【】[]")
_QUOTES = re.compile(r"[“”‘’「」『』\"'《》/]")
_BRACKETED = re.compile(r"[（(][^（()）]{0,12}[)）]|[（()）]")
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
    forward_links: frozenset[str]
    forward_links_tuple: tuple[str, ...]
    light_verbs: frozenset[str]
    cut_after_suffixes: tuple[str, ...]
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
        forward_links=frozenset(map(str, raw["forward_links"])),
        forward_links_tuple=tuple(map(str, raw["forward_links"])),
        light_verbs=frozenset(map(str, raw["light_verbs"])),
        cut_after_suffixes=tuple(map(str, raw["cut_after_suffixes"])),
        raw=raw,
    )


def segment(text: str) -> list[str]:
    """jieba's words of `text` (a fresh list: callers trim it)."""
    return list(_segment(text))


@lru_cache(maxsize=4096)
def _segment(text: str) -> tuple[str, ...]:
    # The clause before a figure, the words after it and a subject are segmented separately, and
    # the same string is often more than one of these (and recurs across reports): cut it once.
    # (A small cache: the repeats are mostly within a report, and memory must stay flat in a run.)
    return tuple(cut(text))


def clause_before(text: str, start: int, floor: int = 0) -> tuple[int, str]:
    """(offset, text) of the clause that ends at `start`: back to a boundary, `floor` or 40 chars."""
    lo = max(floor, start - _MAX_WINDOW)
    i = start
    while i > lo and text[i - 1] not in CLAUSE_BOUNDARY:
        i -= 1
    return i, text[i:start]


_BOUNDARY_RE = re.compile("[" + re.escape("".join(sorted(CLAUSE_BOUNDARY))) + "]")


def clause_starts(text: str, starts: list[int], floors: list[int]) -> list[int]:
    """`clause_before(text, start, floor)[0]` for every (start, floor): the same offsets, found by
    bisection in the text's boundaries instead of stepping back a character at a time per figure."""
    boundaries = [m.start() for m in _BOUNDARY_RE.finditer(text)]
    out: list[int] = []
    for start, floor in zip(starts, floors, strict=True):
        i = bisect_left(boundaries, start)
        cstart = boundaries[i - 1] + 1 if i else 0  # the max of three, without max()'s call
        if start - _MAX_WINDOW > cstart:
            cstart = start - _MAX_WINDOW
        if floor > cstart:
            cstart = floor
        out.append(cstart if cstart <= start else start)  # a floor past the figure: no clause
    return out


def clause_after(text: str, end: int) -> str:
    """The words right after a figure up to the next boundary (for 在9个村…, 为600户困难群众…)."""
    hi = min(len(text), end + 20)
    j = end
    while j < hi and text[j] not in CLAUSE_BOUNDARY and not text[j].isdigit():
        j += 1
    return text[end:j]


def _is_frame(tok: str, lex: SubjectLexicon) -> bool:
    return tok in lex.lead_frame or bool(_NUMERIC_TOKEN.match(tok)) or tok.strip() == ""


@dataclass(frozen=True)
class ClauseSubject:
    """The subject read from the clause before a figure.

    prefer_after: the clause says the figure modifies the noun after it (…等20多个国家, …的近180名
    同学, 发放6万元慰问物资, 林长及110名专职护林员), or nothing but a verb is left (立案6起):
    the caller takes the noun phrase after the figure when there is one.
    """

    subject: str | None
    prefer_after: bool


def _clean_clause(clause: str) -> str:
    return _BRACKETED.sub("", _QUOTES.sub("", clause)).strip()


@lru_cache(maxsize=65536)
def subject_of_clause(clause: str, counts_events: bool = False) -> ClauseSubject:
    """Subject of the clause before a figure. counts_events: the unit counts occurrences (次, 场,
    起), so a verb at the end of the clause is what is counted (巡林800余次) and stays."""
    lex = subject_lexicon()
    clause = _clean_clause(clause)
    if not clause:
        return ClauseSubject(None, True)
    toks = segment(clause)
    # …等20多个国家, …的近180名同学, …林长及110名: the figure qualifies what follows it
    links_forward = clause.endswith(lex.forward_links_tuple)
    while toks and (_is_frame(toks[0], lex)):
        toks.pop(0)
    while toks and (toks[-1] in lex.trail or _is_frame(toks[-1], lex) or toks[-1] in lex.forward_links):
        toks.pop()
    if toks and toks[-1].endswith("等") and len(toks[-1]) > 1:
        toks[-1] = toks[-1][:-1]  # 石咀头等 segmented as 石咀/头等
    if not toks:
        return ClauseSubject(None, True)
    ends_with_verb = toks[-1] in lex.lead_verbs and (not counts_events or toks[-1] in lex.light_verbs)
    # …消防安全等各类专项排查: what follows the last 等 is the subject
    for i in range(len(toks) - 2, -1, -1):
        if toks[i] == "等":
            toks = toks[i + 1:]
            break
    # cut after a company or co-operative name (…食品有限公司投资300万元 -> 投资)
    for i in range(len(toks) - 2, -1, -1):
        if toks[i].endswith(lex.cut_after_suffixes):
            toks = toks[i + 1:]
            break
    # Cut before the last verb that still has a noun after it (开展安全培训 -> 安全培训), unless
    # only a single character would be left (培训会).
    last_verb = None
    for i in range(len(toks) - 2, -1, -1):
        rest = toks[i + 1:]
        if toks[i] in lex.lead_verbs and any(t not in lex.lead_verbs for t in rest) and len("".join(rest)) >= 2:
            last_verb = toks[i]
            toks = rest
            break
    while toks and (_is_frame(toks[0], lex) or toks[0] in lex.lead_verbs or toks[0] in lex.forward_links) \
            and not (len(toks) == 2 and len(toks[1]) == 1 and toks[0] in lex.lead_verbs):
        tok = toks.pop(0)
        if tok in lex.lead_verbs:
            last_verb = tok
    if not toks:
        return ClauseSubject(last_verb, True)
    weak = all(t in lex.lead_verbs for t in toks)
    # a trailing run of verbs after a noun phrase of two words or more (乡村振兴项目成功申报入库)
    k = len(toks)
    while k > 0 and (toks[k - 1] in lex.lead_verbs or _is_frame(toks[k - 1], lex)):
        k -= 1
    if 2 <= k < len(toks) and len("".join(toks[:k])) >= 4 and not counts_events:
        toks = toks[:k]
    # The head noun is at the end: keep the last words up to max_chars.
    subject = _tail_words(toks, lex.max_chars)
    return ClauseSubject(subject or None, weak or links_forward or ends_with_verb)


def _tail_words(toks: list[str], max_chars: int) -> str:
    """The last words of a phrase that fit in max_chars (at least one): Chinese puts the head noun last."""
    out: list[str] = []
    size = 0
    for tok in reversed(toks):
        if size + len(tok) > max_chars and out:
            break
        out.append(tok)
        size += len(tok)
    return "".join(reversed(out)).strip()


@lru_cache(maxsize=65536)
def subject_after(words: str) -> str | None:
    """A noun phrase right after a figure (为600户困难群众发放 -> 困难群众), stopping at a verb."""
    lex = subject_lexicon()
    words = _clean_clause(words).lstrip("的")
    if not words:
        return None
    phrase: list[str] = []
    for tok in segment(words):
        if tok in lex.lead_verbs or tok in lex.trail or tok in lex.lead_frame or tok == "的":
            break
        phrase.append(tok)
    # the head noun is at the end of the phrase: keep its last words
    return _tail_words(phrase, lex.max_chars) or None


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
