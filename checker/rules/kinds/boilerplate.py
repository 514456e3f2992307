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

Most sentences of a report hold no furniture word and no shape, so scoring each one is wasted:
`_bounds` finds the positive words in one Aho-Corasick pass over the whole text and each shape's
places with its RE2 prefilter, and a sentence whose words, shapes, shortness, edge and neighbour
cannot reach the threshold (nor open glued furniture) is not scored at all. The plain twin,
`spans(text, fast=False)`, scores every line; tests/test_boilerplate_fast.py holds them equal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import AnyStr, Generic, Literal

import re2
import regex
from pydantic import BaseModel, ConfigDict, Field

from checker.compiled_regex import compile_regex
from checker.context import DocumentContext
from checker.findings import Finding
from checker.literals import LiteralSet
from checker.rules.kinds.pattern import compile_pattern
from checker.rules.model import Rule
from checker.rules.re2_pattern import quiet_compile
from checker.rules.re2_prefilter import PrefilterSet, Re2Prefilter, re2_prefilter
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
    glue: bool = True  # furniture may be glued into it (else `_glued` is not asked)


_SENTENCE_MARKS = "。！？!?"
_SENTENCE_END = compile_regex(f"(?<=[{_SENTENCE_MARKS}])")
# where the text is cut into the pieces segments and clauses lie in (`Bounds`), in str and in UTF-8
_CUT = compile_regex(f"[\n{_SENTENCE_MARKS}]")
_CUT_UTF8 = compile_regex("|".join(regex.escape(c) for c in "\n" + _SENTENCE_MARKS).encode())
_SPACE = compile_regex(r"\s+")
_BOOK_TITLE = compile_regex(r"《[^《》\n]{1,60}》")
_CLAUSE_END = compile_regex(r"(?<=[，,；;])")
_HAN = compile_regex(r"\p{Han}")
_ASCII_RUN = compile_regex(r"[!-~]+")
_CLAUSE_MARK = compile_regex(r"[，；、,;]")


def _too_long(text: str, start: int, end: int, limit: int) -> bool:
    """Whether text[start:end] is too long to be furniture as a whole: longer than `limit`, and
    either divided into clauses (，；, or their ASCII forms: prose, perhaps with furniture glued in, scored clause by
    clause) or long to read even with its ASCII runs counted as one character each."""
    if end - start <= limit:
        return False
    return _CLAUSE_MARK.search(text, start, end) is not None or _reading_length(text, start, end) > limit


def _reading_length(text: str, start: int, end: int) -> int:
    """The length of text[start:end] with each run of ASCII letters, digits and marks counted as one
    character: a footer of domains, ICP and record numbers (Copyright @ 2015-2017 ljlxw.net All
    Right Reserved @…网 皖ICP备14009740号-8 公安机关备案号34012402000058) is long in characters but
    short to read, and `max_segment` is there to keep prose unscored, not such a line."""
    n = end - start
    if n <= 0:
        return 0
    return n - sum(len(m.group()) - 1 for m in _ASCII_RUN.finditer(text, start, end))
_BARE_URL = compile_regex(r"^\s*(?:https?://|www\.)\S+\s*$")
_BLANK = compile_regex(r"[^\S\n]+")  # the spaces `_SPACE` removes, except line ends
_MARGIN = 1e-6  # sums of weights added in another order may differ in their last bits


Piece = tuple[int, int]  # (index of a line in text.split("\\n"), index of a sentence in that line)


@dataclass(frozen=True)
class Bounds:
    """Per piece of the text (a sentence of a line, as `_segments` cuts it): at least the weight its
    cues can add to it or to any clause of it (`weight`), and the pieces holding a word or shape
    strong enough to open glued furniture (`strong`)."""

    weight: dict[Piece, float]
    strong: set[Piece]
    lines: dict[int, list[Piece]]  # per line, its pieces in `weight` or `strong`
    # per shape, whether its prefilter matches anywhere in the text (`Re2Prefilter.admits`)
    admitted: list[bool]


class _Pieces(Generic[AnyStr]):
    """Which pieces a span of a text touches (a sentence mark ends its own piece; a line end ends
    its line), for spans asked by increasing start: the cuts are counted from the last span asked,
    not listed for the whole text."""

    def __init__(self, text: AnyStr, newline: AnyStr, marks: regex.Pattern[AnyStr]) -> None:
        self.text: AnyStr = text
        self.newline: AnyStr = newline
        self.marks = marks
        self.pos, self.line, self.sentence = 0, 0, 0

    def at(self, pos: int) -> Piece:
        """The piece of the character at `pos` (`pos` not before the last one asked)."""
        nl = self.text.count(self.newline, self.pos, pos)
        if nl:
            self.line += nl
            self.sentence = 0
            start = self.text.rfind(self.newline, self.pos, pos) + 1
        else:
            start = self.pos
        self.sentence += len(self.marks.findall(self.text, start, pos))
        self.pos = pos
        return self.line, self.sentence

    def of(self, start: int, end: int) -> list[Piece]:
        """The pieces text[start:end] (not empty) touches."""
        line, sentence = self.at(start)
        out = [(line, sentence)]
        for cut in self.marks.findall(self.text, start, end - 1) if end - 1 > start else ():
            line, sentence = (line + 1, 0) if cut == self.newline else (line, sentence + 1)
            out.append((line, sentence))
        return out


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
        return [self._shape_re(n) for n in range(len(self.shapes))]

    @cached_property
    def _shape_compiled(self) -> dict[int, tuple[regex.Pattern[str], float]]:
        return {}

    def _shape_re(self, n: int) -> tuple[regex.Pattern[str], float]:
        """Shape `n` compiled (once): a document's check compiles only the shapes its text admits."""
        compiled = self._shape_compiled
        if n not in compiled:
            cue = self.shapes[n]
            compiled[n] = (compile_pattern(cue.pattern, ignore_case=True), cue.weight)
        return compiled[n]

    @cached_property
    def _shape_filters(self) -> list[Re2Prefilter | None]:
        """Per shape, an RE2 pattern that matches somewhere in any text holding a segment the shape
        matches (checker.rules.re2_prefilter, anchors dropped: segments are slices of the text)."""
        return [re2_prefilter(c.pattern, regex.VERSION1 | regex.MULTILINE | regex.IGNORECASE, anchors=False)
                for c in self.shapes]

    @cached_property
    def _shape_locators(self) -> list[tuple[re2._Regexp, bool] | None]:
        """Per shape, its prefilter extended to the end of the piece (`Bounds`), and whether it folds
        case: `finditer` then gives a match or two per piece at most, and a piece holding a slice the
        shape matches in is still touched by one of them (the prefilter matches where that slice's
        match is, needs no context and matches no empty text, so a match of the leftmost-first scan
        covers that position)."""
        out: list[tuple[re2._Regexp, bool] | None] = []
        for cut in self._shape_filters:
            tail = None if cut is None else quiet_compile(f"(?:{cut.compiled.pattern})[^\\n{_SENTENCE_MARKS}]*")
            out.append(None if cut is None or tail is None else (tail, cut.folded))
        return out

    @cached_property
    def _shape_set(self) -> tuple[PrefilterSet, list[int]] | None:
        """The prefilters of the shapes decided together, and their positions among the shapes: a
        shape the set rejects has no locator match either, so its locator is not run (13 full
        passes of RE2 a report, most finding nothing). Those without a long repeat of a wide class
        share RE2::Set passes; the others go to the set's FilteredRE2, which searches only those
        whose literal atoms (|, 【, 作者, 首页 …) the text holds (a shared DFA of them explodes)."""
        members = [n for n, cut in enumerate(self._shape_filters) if cut is not None]
        if not members:
            return None
        filters = [self._shape_filters[n] for n in members]
        return PrefilterSet([f.source for f in filters if f is not None],
                            [f.folded for f in filters if f is not None]), members

    def _shapes_seen(self, text: str) -> list[bool]:
        """Per shape, False only when its prefilter has no match in `text` (`_shape_set`)."""
        seen = [True] * len(self.shapes)
        if self._shape_set is not None:
            found, members = self._shape_set
            for n, ok in zip(members, found.admitted(text, remember=False), strict=True):
                seen[n] = ok
        return seen

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

    @cached_property
    def _positive(self) -> LiteralSet:
        """The cue words that add to a score (what can lift a line to the threshold) in one automaton;
        a word holding a space is never found in the space-free text `_cues` reads."""
        return LiteralSet(w for w, weight in self._words[1].items() if weight > 0 and not _SPACE.search(w))

    def _bounds(self, text: str, simplified: str) -> Bounds | None:
        """Per piece of `text`, at least the weight its words and shapes can add to any segment or
        clause in it, found in one pass over the whole text: the positive words by Aho-Corasick over
        the text with its spaces (not its line ends) removed, each shape by its RE2 prefilter
        (`_shape_locators`). None where that cannot be bounded (then every line is scored)."""
        if self.glued_min_word <= 0 or "\u03a3" in simplified:
            return None  # a weak word could open a clause; Σ lowers by its context
        weight: dict[Piece, float] = {}
        strong: set[Piece] = set()
        compact = _BLANK.sub("", simplified).lower()
        pieces = _Pieces(compact, "\n", _CUT)
        weights = self._words[1]
        seen: set[tuple[Piece, str]] = set()
        for s, e in self._positive.hits(compact):
            word = compact[s:e]
            for piece in pieces.of(s, e):
                if (piece, word) not in seen:
                    seen.add((piece, word))
                    weight[piece] = weight.get(piece, 0.0) + weights[word]
                    if weights[word] >= self.glued_min_word:
                        strong.add(piece)
        data = text.encode("utf-8", "surrogatepass")
        long_fold: bool | None = None
        admitted: list[bool] = []
        for cue, cut, maybe in zip(self.shapes, self._shape_locators, self._shapes_seen(text), strict=True):
            if cut is None:
                return None
            if cut[1]:
                if long_fold is None:
                    long_fold = len(text.casefold()) != len(text)
                if long_fold:
                    return None  # RE2 folds one character to one, `regex` may fold ß to ss
            if not maybe:  # its prefilter, which the locator begins with, matches nowhere
                admitted.append(False)
                continue
            located = _Pieces(data, b"\n", _CUT_UTF8)
            hit = {piece for m in cut[0].finditer(data) for piece in located.of(*m.span())}
            admitted.append(bool(hit))
            for piece in hit:
                weight[piece] = weight.get(piece, 0.0) + max(cue.weight, 0.0)
            if cue.weight >= self.glued_min_word:
                strong |= hit
        lines: dict[int, list[Piece]] = {}
        for piece in weight.keys() | strong:
            lines.setdefault(piece[0], []).append(piece)
        return Bounds(weight, strong, lines, admitted)

    def _may_hold(self, bounds: Bounds, piece: Piece, at_edge: bool) -> bool:
        """Whether a segment or clause of this piece can be reported: a strong word or shape (glued
        furniture), or cues, shortness, edge and neighbour that together reach the threshold."""
        if piece in bounds.strong:
            return True
        most = (bounds.weight.get(piece, 0.0) + max(self.short_weight, 0.0) + max(self.neighbour_weight, 0.0)
                + (max(self.edge_weight, 0.0) if at_edge else 0.0))
        return most + _MARGIN >= self.threshold

    def _lines(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, index in text.split("\\n")) of each non-empty line, trimmed; a saved page's
        url on line 1 left out."""
        spans = []
        pos = 0
        for i, line in enumerate(text.split("\n")):
            stripped = line.strip()
            if stripped and not (i == 0 and _BARE_URL.match(line)):
                lead = len(line) - len(line.lstrip())
                spans.append((pos + lead, pos + lead + len(stripped), i))
            pos += len(line) + 1
        return spans

    def _segments(self, text: str, start: int, end: int) -> Iterator[tuple[int, int, int]]:
        """The sentences of a line (trimmed), with their index in the line: furniture glued after
        a report sentence is scored on its own, and a report sentence does not lend its words to
        the furniture."""
        pos = start
        for j, piece in enumerate(_SENTENCE_END.split(text[start:end])):
            lead = len(piece) - len(piece.lstrip())
            s, e = pos + lead, pos + len(piece.rstrip())
            pos += len(piece)
            if s < e:
                yield j, s, e

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        for start, end, score in self.spans(ctx.text):
            if not any(p.search(ctx.text[start:end]) for p in self._defer_res):
                yield ctx.finding(self, start, end, evidence={"score": round(score, 2)})

    def spans(self, text: str, fast: bool = True) -> Iterator[tuple[int, int, float]]:
        """(start, end, score) of each piece of furniture in the normalised text, before `defer`.
        `fast`: pieces that cannot hold one (`_bounds`) are not scored; `fast=False` is the
        plain twin tests/test_boilerplate_fast.py holds it to."""
        # Words are read in simplified script even when the document as a whole was not judged
        # traditional (t2s keeps the length, so offsets are shared).
        simplified = to_simplified(text)
        lines = self._lines(text)
        last = len(lines) - 1
        # a shape that matches nowhere in the text matches in none of its segments: one RE2 pass each
        bounds = self._bounds(text, simplified) if fast else None
        if bounds is not None:
            shapes = [self._shape_re(n) for n, seen in enumerate(bounds.admitted) if seen]
        else:
            shapes = [self._shape_re(n) for n, cut in enumerate(self._shape_filters) if cut is None or cut.admits(text)]
        segments: list[Segment] = []
        long_sentences: list[tuple[int, int, bool]] = []
        for n, (ls, le, raw) in enumerate(lines):
            at_edge = n < self.edge_lines or n > last - self.edge_lines
            if bounds is not None and not self._may_hold(bounds, (raw, -1), at_edge) and not any(
                    self._may_hold(bounds, piece, at_edge) for piece in bounds.lines.get(raw, ())):
                continue  # no piece of the line can be furniture: not even cut into sentences
            for j, s, e in self._segments(text, ls, le):
                if bounds is not None and not self._may_hold(bounds, (raw, j), at_edge):
                    continue
                # without a strong word or shape, no furniture is glued into it
                glue = bounds is None or (raw, j) in bounds.strong
                if _too_long(text, s, e, self.max_segment):
                    # Too long to be furniture as a whole; furniture may still be glued into it.
                    long_sentences.append((s, e, glue))
                    continue
                edge = self.edge_weight if at_edge else 0.0
                score = self._cues(text[s:e], simplified[s:e], shapes=shapes)[0] + edge
                segments.append(Segment(s, e, n, score, self._is_short(text[s:e]), glue))
        hot_lines = {seg.line_no for seg in segments if seg.score >= self.threshold}
        for seg in segments:
            score = seg.score
            if (seg.score < self.threshold and seg.short and {seg.line_no - 1, seg.line_no + 1} & hot_lines):
                score += self.neighbour_weight
            if score >= self.threshold:
                yield seg.start, seg.end, score
            elif seg.glue:
                yield from self._glued(text, simplified, seg.start, seg.end, shapes)
        for s, e, glue in long_sentences:
            if glue:
                yield from self._glued(text, simplified, s, e, shapes)

    def _glued(self, text: str, simplified: str, start: int, end: int,
               shapes: list[tuple[regex.Pattern[str], float]]) -> Iterator[tuple[int, int, float]]:
        """Furniture glued into a sentence: its clauses scored on their own. A clause's words are
        substrings of its sentence's, so a sentence without a strong word or a strong shape (a url)
        is passed over at once (most report sentences: the same findings, without scoring every
        clause)."""
        compact = _SPACE.sub("", simplified[start:end]).lower()
        lexicon, weights = self._words
        strong_word = any(weights[compact[s:e]] >= self.glued_min_word for s, e in lexicon.hits(compact))
        if not strong_word and not any(p.search(text, start, end)
                                       for p, w in shapes if w >= self.glued_min_word):
            return
        pos = start
        for piece in _CLAUSE_END.split(text[start:end]):
            s, e = pos + len(piece) - len(piece.lstrip()), pos + len(piece.rstrip())
            pos += len(piece)
            if s >= e or (s == start and e == end):
                continue
            score, strongest = self._cues(text[s:e], simplified[s:e], self.glued_report_factor, shapes)
            if score >= self.glued_threshold and strongest >= self.glued_min_word:
                yield s, e, score
