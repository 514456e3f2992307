"""Kind `remainder-count`: "其余N个" against the arithmetic of its own sentence.

"全镇23个村，其中2个村自行采购，其余19个村统一采购": 23 − 2 = 21, not 19. The whole is the first
count of the same measure word and noun in the sentence (23个村); what is set apart before 其余 is
either counted (其中2个村, 3个村…) or named in a 除… clause (除A村和B社区, one unit per member).
Nothing is reported when the sentence sets nothing apart in a way that can be counted, or when a
figure is approximate (23余个村).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from typing import Literal

import regex

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.figures import compiled_v1
from checker.rules.kinds.list_count import chinese_count
from checker.rules.model import Rule
from checker.ui_text import say

_SENTENCE = compile_regex(r"[^。！？!?\n]+")
_NUM = r"\d{1,4}|[一二两三四五六七八九十]{1,3}"


_LITERAL_WORDS = compile_regex(r"[^.^$*+?{}\[\]\\()|]+(?:\|[^.^$*+?{}\[\]\\()|]+)*")


def _word_starts(text: str, words: str) -> list[int] | None:
    """Sorted offsets of every occurrence (overlaps included) of the words of `words`, when it is a
    plain list of words (else None: no shortcut).

    A match of the remainder pattern inside a sentence begins with one of these words, written
    whole inside that sentence: a sentence holding none of them holds no match, and the pattern
    need not be run over it (one call per sentence was most of this rule's time)."""
    if not _LITERAL_WORDS.fullmatch(words):
        return None
    found: list[int] = []
    for word in set(words.split("|")):
        i = text.find(word)
        while i != -1:
            found.append(i)
            i = text.find(word, i + 1)
    return sorted(found)


def _any_between(starts: list[int], lo: int, hi: int) -> bool:
    """Some offset of `starts` (sorted) lies in [lo, hi)."""
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


class RemainderCountRule(Rule):
    kind: Literal["remainder-count"]
    remainder_words: str = r"其余|其他|剩余|余下|剩下"
    measure_words: str = r"个|家|所|座|处|名|户|人|项|条"
    # Members of a 除 clause: each must name a unit by one of these words to be counted as one.
    member_words: str = r"村|社区|区|组|镇|乡|街道|企业|公司|学校|单位|户|家|场|站|点"
    member_joiners: str = r"以及|和|、|及|与"
    approx_after: str = r"^(?:余|多|左右|以上)"
    reach: int = 200  # characters before 其余 where the whole is looked for (a page without stops is no sentence)

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        remainder = compiled_v1(rf"(?:{self.remainder_words})的?(?P<r>{_NUM})(?P<mw>{self.measure_words})"
                                r"(?P<noun>\p{Han})")
        starts = _word_starts(text, self.remainder_words)
        for sent in _SENTENCE.finditer(text):
            if starts is not None and not _any_between(starts, sent.start(), sent.end()):
                continue  # no remainder word in the sentence: no match (most sentences)
            for m in remainder.finditer(text, sent.start(), sent.end()):
                finding = self._check_one(ctx, max(sent.start(), m.start() - self.reach), m)
                if finding is not None:
                    yield finding

    def _check_one(self, ctx: DocumentContext, lo: int, m: regex.Match[str]) -> Finding | None:
        text = ctx.text
        mw, noun = regex.escape(m.group("mw")), regex.escape(m.group("noun"))
        whole = compiled_v1(rf"(?<![\d.])(?P<n>{_NUM}){mw}{noun}").search(text, lo, m.start())
        same_noun = m.group("noun")
        if whole is None:  # 企业38家，…其余32家正常生产: the noun stands before the whole
            whole = compiled_v1(rf"(?<![\d.])(?P<n>{_NUM}){mw}(?!\p{{Han}})").search(text, lo, m.start())
            same_noun = ""
        stated = chinese_count(m.group("r"))
        if whole is None or stated is None or compiled_v1(self.approx_after).search(text[whole.end("n"):][:2]):
            return None
        n = chinese_count(whole.group("n"))
        if n is None:
            return None
        between = text[whole.end():m.start()]
        excluded = self._counted(between, mw, same_noun)
        if excluded is None:
            excluded = self._named(between)
        if excluded is None or n - excluded == stated or excluded <= 0:
            return None
        written = m.group("r") + m.group("mw")
        summary = say("evidence.remainder", ctx.lang, whole=whole.group(0), excluded=excluded, computed=n - excluded,
                      written=written)
        return ctx.finding(self, m.start("r"), m.end("mw"),
                           evidence={"whole": whole.group(0), "set_apart": excluded, "stated": stated,
                                     "summary": summary},
                           whole=whole.group(0), computed=str(n - excluded), excluded=excluded)

    def _counted(self, between: str, mw: str, noun: str) -> int | None:
        """The counts of the same measure word set apart before 其余 (其中2个村…): their sum. With a
        noun (村), a count of something else (2个合作社) is not one of them."""
        total, found = 0, False
        for c in compiled_v1(rf"(?<![\d.])(?P<k>{_NUM}){mw}(?P<after>[^，,。；;：:]{{0,4}})").finditer(between):
            after = c.group("after")
            if noun and after and regex.match(r"\p{Han}", after) and noun not in after:
                continue  # 2个合作社 among 村: another thing counted
            k = chinese_count(c.group("k"))
            if k is None or compiled_v1(self.approx_after).match(after):
                return None
            total, found = total + k, True
        return total if found else None

    def _named(self, between: str) -> int | None:
        """Members of a 除… clause (除A村和B社区外), one unit each; None when it is not a list of units."""
        clause = compiled_v1(r"除(?:了)?(?P<body>[^，,。；;]+)").search(between)
        if clause is None:
            return None
        members = [p for p in regex.split(self.member_joiners, clause.group("body")) if p]
        if not members or not all(compiled_v1(self.member_words).search(p) for p in members):
            return None
        return len(members)
