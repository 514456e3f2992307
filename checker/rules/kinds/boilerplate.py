"""Kind `boilerplate`: portal furniture found by what it is, not by a list of its phrasings.

A scraped page brings its frame along: navigation bars, source/author/date lines, view counters,
login and member notices, share widgets, copyright lines, next/previous links. No list of phrases
keeps up with every site, but the furniture has a shape. Each segment of the text (a line, or a
sentence of a long line) gets a score from combined cues, all weights in YAML:

- words of the furniture (登录, 会员, 扫一扫, 责任编辑, 上一篇 …; traditional script reaches the
  rule simplified, as the text is normalised),
- shapes: urls and domains, dates and clock times, long digit runs (QQ, phone, ids), view counts,
  `|` and `>` separators of navigation bars and breadcrumbs,
- position (the first or last lines of the page), shortness, a neighbour that is furniture too,
- minus the words of a report (工作, 发展, 建设, 亿元 …): a report sentence that mentions 会员 or
  下载 (发展新会员, 下载安装政务APP) is not furniture.

A segment at or above the threshold is reported. Furniture glued into a report sentence
(…推进各项下面是本站为大家整理的…) is looked for clause by clause, the host sentence's report words
counting half. Segments that a more specific artifact rule already reports (`defer`) are left to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import regex
from pydantic import BaseModel, ConfigDict, Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.literals import LiteralSet
from checker.rules.kinds.pattern import compile_pattern
from checker.rules.model import Rule
from checker.rules.re2_prefilter import Re2Prefilter, re2_prefilter
from checker.simplify import to_simplified


class WordCue(BaseModel):
    """Words that each add `weight` once per segment (a repeated word counts once)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    words: list[str] = Field(min_length=1)
    weight: float
    reason: str = Field(min_length=1)


class ShapeCue(BaseModel):
    """A regular expression that adds `weight` once per segment when it matches."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    pattern: str
    weight: float
    reason: str = Field(min_length=1)


@dataclass(frozen=True)
class Segment:
    """A scored piece of the normalised text: [start, end) and the index of its line."""

    start: int
    end: int
    line_no: int
    score: float
    short: bool


_SENTENCE_END = regex.compile(r"(?<=[。！？!?])")
_SPACE = regex.compile(r"\s+")
_BOOK_TITLE = regex.compile(r"《[^《》\n]{1,60}》")
_CLAUSE_END = regex.compile(r"(?<=[，,；;])")
_HAN = regex.compile(r"\p{Han}")
_BARE_URL = regex.compile(r"^\s*(?:https?://|www\.)\S+\s*$")


class BoilerplateRule(Rule):
    kind: Literal["boilerplate"]
    threshold: float
    words: list[WordCue] = Field(min_length=1)
    shapes: list[ShapeCue] = Field(default_factory=list)
    # Lines this close to the first or last line of text are at the page's edge.
    edge_lines: int = 3
    edge_weight: float = 0.5
    # A segment with at most this many Chinese characters reads as a label, not prose (urls and
    # counters do not make a line long).
    short_length: int = 24
    short_weight: float = 0.5
    # Added to a short segment whose previous or next non-empty line is furniture: furniture comes
    # in blocks of short lines.
    neighbour_weight: float = 0.5
    # A sentence longer than this is prose, never scored.
    max_segment: int = 90
    # Furniture glued into a report sentence (规下面是本站为大家整理的…) is scored clause by clause:
    # the clause shares its words with the host sentence, so report words count `glued_report_factor`
    # times; it needs `glued_threshold`, a word at least `glued_min_word` strong, and gets no edge bonus.
    glued_threshold: float = 3.0
    glued_min_word: float = 1.5
    glued_report_factor: float = 0.5
    # Segments matching one of these are reported by a more specific rule.
    defer: list[str] = Field(default_factory=list)

    @cached_property
    def _words(self) -> tuple[LiteralSet, dict[str, float]]:
        """Every cue word (lower case) in one Aho-Corasick automaton, found leftmost-longest, so
        that a word inside a longer one (来源 in 来源：, 网 in 网站) is not counted twice."""
        weights = {w.lower(): cue.weight for cue in self.words for w in cue.words}
        return LiteralSet(weights), weights

    @cached_property
    def _shape_res(self) -> list[tuple[regex.Pattern[str], float]]:
        return [(compile_pattern(c.pattern, ignore_case=True), c.weight) for c in self.shapes]

    @cached_property
    def _shape_filters(self) -> list[Re2Prefilter | None]:
        """Per shape, an RE2 pattern that matches somewhere in any text holding a segment the shape
        matches (checker.rules.re2_prefilter, anchors dropped: segments are slices of the text)."""
        return [re2_prefilter(c.pattern, regex.VERSION1 | regex.MULTILINE | regex.IGNORECASE, anchors=False)
                for c in self.shapes]

    @cached_property
    def _defer_res(self) -> list[regex.Pattern[str]]:
        return [compile_pattern(p, ignore_case=True) for p in self.defer]

    def score(self, segment: str) -> float:
        """The cues of one segment on its own (no position, no neighbours)."""
        return self._cues(segment, to_simplified(segment))[0]

    def _cues(self, segment: str, simplified: str, report_factor: float = 1.0,
              shapes: list[tuple[regex.Pattern[str], float]] | None = None) -> tuple[float, float]:
        """(score, weight of the strongest furniture word or shape) of one segment on its own, its words
        read from `simplified` (the segment in simplified script); report words count
        `report_factor` times their weight. `shapes`: the shapes that can occur in the document
        (default: all)."""
        compact = _SPACE.sub("", simplified).lower()
        lexicon, weights = self._words
        found = [weights[w] for w in {compact[s:e] for s, e in lexicon.finditer(compact)}]
        # A title in 《》 is what a link or a heading names (上一条：《…政府工作报告》): its report
        # words are not the segment talking, so they do not count against the furniture.
        untitled = _BOOK_TITLE.sub("", compact)
        found = [w for w in found if w > 0] + [
            weights[w] for w in {untitled[s:e] for s, e in lexicon.finditer(untitled)} if weights[w] <= 0]
        total = sum(w if w > 0 else w * report_factor for w in found)
        strongest = max(found, default=0.0)
        for pattern, weight in self._shape_res if shapes is None else shapes:
            if pattern.search(segment):
                total += weight
                strongest = max(strongest, weight)
        if self._is_short(segment):
            total += self.short_weight
        return total, strongest

    def _is_short(self, segment: str) -> bool:
        return len(_HAN.findall(segment)) <= self.short_length

    def _lines(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each non-empty line, trimmed; a saved page's url on line 1 left out."""
        spans = []
        pos = 0
        for i, line in enumerate(text.split("\n")):
            stripped = line.strip()
            if stripped and not (i == 0 and _BARE_URL.match(line)):
                lead = len(line) - len(line.lstrip())
                spans.append((pos + lead, pos + lead + len(stripped)))
            pos += len(line) + 1
        return spans

    def _segments(self, text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The sentences of a line (trimmed): furniture glued after a report sentence is scored
        on its own, and a report sentence does not lend its words to the furniture."""
        pos = start
        for piece in _SENTENCE_END.split(text[start:end]):
            lead = len(piece) - len(piece.lstrip())
            s, e = pos + lead, pos + len(piece.rstrip())
            pos += len(piece)
            if s < e:
                yield s, e

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        # Words are read in simplified script even when the document as a whole was not judged
        # traditional (t2s keeps the length, so offsets are shared).
        simplified = to_simplified(text)
        lines = self._lines(text)
        last = len(lines) - 1
        # a shape that matches nowhere in the text matches in none of its segments: one RE2 pass each
        shapes = [shape for shape, cut in zip(self._shape_res, self._shape_filters, strict=True)
                  if cut is None or cut.admits(text)]
        segments: list[Segment] = []
        long_sentences: list[tuple[int, int]] = []
        for n, (ls, le) in enumerate(lines):
            at_edge = n < self.edge_lines or n > last - self.edge_lines
            for s, e in self._segments(text, ls, le):
                if e - s > self.max_segment:
                    # Too long to be furniture as a whole; furniture may still be glued into it.
                    long_sentences.append((s, e))
                    continue
                edge = self.edge_weight if at_edge else 0.0
                score = self._cues(text[s:e], simplified[s:e], shapes=shapes)[0] + edge
                segments.append(Segment(s, e, n, score, self._is_short(text[s:e])))
        hot_lines = {seg.line_no for seg in segments if seg.score >= self.threshold}
        for seg in segments:
            score = seg.score
            if (seg.score < self.threshold and seg.short and {seg.line_no - 1, seg.line_no + 1} & hot_lines):
                score += self.neighbour_weight
            if score >= self.threshold:
                yield from self._report(ctx, seg.start, seg.end, score)
            else:
                yield from self._glued(ctx, simplified, seg.start, seg.end, shapes)
        for s, e in long_sentences:
            yield from self._glued(ctx, simplified, s, e, shapes)

    def _glued(self, ctx: DocumentContext, simplified: str, start: int, end: int,
               shapes: list[tuple[regex.Pattern[str], float]]) -> Iterator[Finding]:
        """Furniture glued into a sentence: its clauses scored on their own. A clause's words are
        substrings of its sentence's, so a sentence without a strong word or a strong shape (a url)
        is passed over at once (most report sentences: the same findings, without scoring every
        clause)."""
        compact = _SPACE.sub("", simplified[start:end]).lower()
        lexicon, weights = self._words
        strong_word = any(weights[compact[s:e]] >= self.glued_min_word for s, e in lexicon.hits(compact))
        if not strong_word and not any(p.search(ctx.text, start, end)
                                       for p, w in shapes if w >= self.glued_min_word):
            return
        text = ctx.text
        pos = start
        for piece in _CLAUSE_END.split(text[start:end]):
            s, e = pos + len(piece) - len(piece.lstrip()), pos + len(piece.rstrip())
            pos += len(piece)
            if s >= e or (s == start and e == end):
                continue
            score, strongest = self._cues(text[s:e], simplified[s:e], self.glued_report_factor, shapes)
            if score >= self.glued_threshold and strongest >= self.glued_min_word:
                yield from self._report(ctx, s, e, score)

    def _report(self, ctx: DocumentContext, start: int, end: int, score: float) -> Iterator[Finding]:
        if not any(p.search(ctx.text[start:end]) for p in self._defer_res):
            yield ctx.finding(self, start, end, evidence={"score": round(score, 2)})
