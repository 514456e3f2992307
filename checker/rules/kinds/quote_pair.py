"""Kind `quote-pair`: a quotation opened with one mark and closed with another ('两个确保“).

Each paragraph (lines joined while a line stops mid-sentence) is scanned with a stack. Curly
and corner quotes have a direction; ASCII " and ' do not, so they close the innermost quote
opened by the same mark and open one otherwise. ASCII quotes only count next to a Chinese
character: "Xi's", 5'30" and code are not Chinese quotation. Reported: a closing mark that does
not match the open quote (the whole span), a closing mark with nothing open, and a quote still
open at the end of the paragraph.

A mismatched quotation that holds a clause break ('…第一,第二季度…“) is a passage, not a term: its
finding is the closing mark alone (the mark that does not match), so that it does not select a
sentence of correct text; the message still quotes the whole quotation. Two opening marks a
passage apart (“…以统筹“) are two quotations left open, each reported at its mark.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cached_property
from typing import Literal

import regex
from pydantic import Field

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.model import Rule


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


class QuotePairRule(Rule):
    kind: Literal["quote-pair"]
    # Directional pairs as two-character strings: opening mark, closing mark.
    pairs: list[str] = Field(min_length=1)
    # Marks without direction (ASCII quotes): each closes itself.
    symmetric: str = "\"'"
    # A quote still open at the end of a paragraph spans at most this many characters before it
    # is reported; longer quotations may continue in the next paragraph (Chinese typography).
    max_open_length: int = 200
    # A line ending in one of these ends its paragraph; any other line continues on the next.
    paragraph_end: str = "。！？!?；;…：:"
    # A paragraph with at least this many quotes closed by the same wrong mark ('…“ again and
    # again) was damaged by one conversion: neighbouring ones are one finding, not one each.
    group_repeated: int = 2
    # A merged finding never spans more than this many characters.
    max_group_span: int = 40
    # A mismatched quotation holding one of these is a passage: only its closing mark is reported.
    clause_breaks: str = "，,；;。"
    # Text right before a mark that makes it a prime of a coordinate, not a quote: minutes after
    # degrees (东经104°12’, 北纬31°09’) and seconds after minutes (28°36'06").
    prime_before: str = r"\d°\s*\d{1,2}(?:\.\d+)?$|\d°\s*\d{1,2}['’′]\s*\d{1,2}(?:\.\d+)?$"

    @cached_property
    def _prime(self) -> regex.Pattern[str]:
        return compile_regex(self.prime_before)

    @cached_property
    def _marks(self) -> re.Pattern[str]:
        """Any quotation mark the rule knows (a fixed character set: linear, no backtracking)."""
        chars = set(self.symmetric) | {c for p in self.pairs for c in p[:2]}
        return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")

    @cached_property
    def _openers(self) -> dict[str, str]:
        return {p[0]: p[1] for p in self.pairs}

    @cached_property
    def _closers(self) -> dict[str, str]:
        return {p[1]: p[0] for p in self.pairs}

    @cached_property
    def _paragraph_ends(self) -> tuple[str, ...]:
        return tuple(self.paragraph_end)

    def _scan_line(self, line: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, problem) of each mismatch in one line, offsets within the line."""
        openers, closers = self._openers, self._closers
        stack: list[tuple[str, int]] = []
        # Only the marks do anything: visit them alone instead of every character of the line.
        for m in self._marks.finditer(line):
            i, ch = m.start(), m.group()
            if i and line[i - 1].isdigit() and self._prime.search(line, max(0, i - 16), i):
                continue  # a coordinate's minutes or seconds (104°12’, 36'06")
            if ch in self.symmetric:
                before = line[i - 1] if i > 0 else ""
                after = line[i + 1] if i + 1 < len(line) else ""
                # Next to Chinese, or closing a quote it opened ("33668"、 after 省委"…).
                if not (_is_han(before) or _is_han(after) or (stack and stack[-1][0] == ch)):
                    continue
                if stack and stack[-1][0] == ch:
                    stack.pop()
                elif stack and stack[-1][0] in self.symmetric and not _is_han(after):
                    # '两个确保" : an ASCII quote closed by the other ASCII mark.
                    yield stack.pop()[1], i + 1, "mismatch"
                else:
                    stack.append((ch, i))
            elif ch in openers:
                stack.append((ch, i))
            elif ch in closers:
                if stack and openers.get(stack[-1][0]) == ch:
                    stack.pop()
                elif stack:
                    yield stack.pop()[1], i + 1, "mismatch"
                else:
                    yield i, i + 1, "unopened"
        # Two marks left open next to each other are one quote closed with the wrong mark
        # ('两个确保“, “两个确保“); a mark left open alone is an unclosed quote.
        i = 0
        while i < len(stack):
            pos = stack[i][1]
            if i + 1 < len(stack):
                yield pos, stack[i + 1][1] + 1, "mismatch"
                i += 2
                continue
            if len(line) - pos <= self.max_open_length:
                yield pos, pos + 1, "unclosed"
            i += 1

    def _paragraphs(self, text: str) -> Iterator[tuple[int, str]]:
        """(offset, text) of each paragraph: lines are joined while a line stops mid-sentence,
        so a quotation wrapped onto the next line (fixed-width text) is still one quotation."""
        start = 0
        para_start = 0
        lines = text.split("\n")
        for i, line in enumerate(lines):
            end = start + len(line)
            stripped = line.rstrip()
            continues = bool(stripped) and not stripped.endswith(self._paragraph_ends) and i + 1 < len(lines)
            if not continues:
                yield para_start, text[para_start:end]
                para_start = end + 1
            start = end + 1

    def _located(self, para: str) -> Iterator[tuple[int, int, str, int]]:
        """The paragraph's problems as (start, end, problem, quote_start): a mismatched passage
        (a quotation holding a clause break) is narrowed to its closing mark."""
        openers = self._openers
        for s, e, problem in self._scan_line(para):
            if problem == "mismatch" and any(c in self.clause_breaks for c in para[s + 1:e - 1]):
                if para[s] == para[e - 1] and para[s] in openers:
                    # “…以统筹“ : two quotes opened a passage apart and never closed.
                    yield s, s + 1, "unclosed", s
                    yield e - 1, e, "unclosed", e - 1
                else:
                    yield e - 1, e, problem, s
            else:
                yield s, e, problem, s

    def _grouped(self, para: str) -> Iterator[tuple[int, int, str, int, int]]:
        """The paragraph's problems (start, end, problem, count, quote_start), consecutive
        mismatches with the same pair of marks merged while the merged span stays within
        `max_group_span` characters."""
        problems = list(self._located(para))
        pairs = Counter((para[q], para[e - 1]) for _, e, problem, q in problems if problem == "mismatch")
        repeated = {pair for pair, n in pairs.items() if n >= self.group_repeated}
        open_run: dict[tuple[str, str], list[int]] = {}
        for s, e, problem, q in sorted(problems):
            pair = (para[q], para[e - 1])
            if problem != "mismatch" or pair not in repeated:
                yield s, e, problem, 1, q
                continue
            run = open_run.get(pair)
            if run is not None and e - run[0] <= self.max_group_span:
                run[1], run[2] = e, run[2] + 1
                continue
            if run is not None:
                yield run[0], run[1], "mismatch", run[2], run[3]
            open_run[pair] = [s, e, 1, q]
        for s, e, n, q in open_run.values():
            yield s, e, "mismatch", n, q

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        # A quote opened in the clause where the text stops (…按照“谁投) was cut with it (an excerpt,
        # a page that ends): the closing mark is missing with the rest, not mistyped.
        body = text.rstrip()
        cut = max(body.rfind(ch) for ch in "，,。；;、：:！!？?\n") + 1
        for start, para in self._paragraphs(text):
            if not self._marks.search(para):
                continue  # no quotation mark: nothing to pair (most paragraphs)
            for s, e, problem, count, q in sorted(self._grouped(para)):
                if problem == "unclosed" and start + s >= cut:
                    continue
                quote = ctx.original[slice(*ctx.orig_span(start + min(q, s), start + e))]
                yield ctx.finding(self, start + s, start + e, quote=quote,
                                  evidence={"problem": problem, "count": count, "quote": quote})
