"""A prefilter on RE2 for the rule regexes RE2 cannot run: skip a text that cannot contain a match.

Most pattern rules use what only a backtracking engine has (lookarounds, back-references), and
most of them find nothing in almost every report, yet `regex` must try them at every position to
know. `relaxed_source` rewrites such a pattern into one RE2 runs and that matches at least
wherever the original does: lookarounds and other zero-width assertions dropped (they only
constrain), a back-reference read as any text, an atomic group or possessive repeat as a plain
one, `\\w \\s \\d \\p{…}` widened to classes RE2 knows that contain them, a class with set
operations as any character. RE2 then decides in one linear pass (with its own literal prefilter
and memchr skipping) whether the text can hold a match at all; only a text it admits is handed to
`regex`. This is the literal prefilter of RE2 and ripgrep, derived by RE2 from the whole pattern
instead of by reading the pattern with Python's private parser.

Case-insensitive patterns are prefiltered with RE2's `(?i)`, which folds one character to one:
a pattern holding a character whose full case folding is longer (ß → ss) gets no prefilter, and a
text holding one is always admitted. Anything else not understood (inline flags other than m and
s, fuzzy constraints, conditionals, `\\N{…}`, a rewrite RE2 rejects) gives no prefilter: the regex
runs on every text. tests/test_prefilter.py holds it to "a rejected text has no match".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import re2
import regex

from checker.rules.re2_pattern import quiet_compile

# Classes RE2 knows that contain what `regex` puts in \w, \s, \d, \p{X}: code points past the
# Basic Multilingual Plane are added, where Unicode 16 and 17 assigned digits and ideographs that
# RE2's tables may not list yet.
_ASTRAL = r"\x{10000}-\x{10ffff}"
_SPACE = r"\s\x{b}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
_IN_CLASS = {"w": r"\S", "W": r"\s\S", "s": _SPACE, "S": r"\s\S", "d": r"\p{Nd}" + _ASTRAL, "D": r"\s\S"}
# ...and inside a negated class, subsets of them (the class then excludes less, never more): what
# may be widened in [\p{Han}] must be narrowed in [^\p{Han}]; "" drops the item.
_IN_NEGATED = {"w": "0-9A-Za-z_", "W": "", "s": _SPACE, "S": "", "d": "0-9", "D": ""}
_ANY = r"[\s\S]"
_ZERO_WIDTH = frozenset("bBGKZ")  # assertions (and \K, which moves the start): dropped
_REFUSED = frozenset("NXLQEgkCRO")
_REPEAT = re.compile(r"\{(\d*)(?:,(\d*))?\}")
_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")
_INLINE = re.compile(r"\(\?([a-zA-Z0-9-]+)([:)])")


class _Refused(Exception):
    """The pattern uses something the rewrite does not read: no prefilter."""


def _group_end(pattern: str, i: int) -> int:
    """The index just past the `)` closing the group that opens at `pattern[i]`."""
    depth, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern.startswith(("[]", "[^]"), i):
                i += 2 if pattern.startswith("[]", i) else 3
                continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise _Refused("unbalanced group")


def _escape(pattern: str, i: int, in_class: bool, anchors: bool = True,
            negated: bool = False, copies: dict[str, str] | None = None) -> tuple[str, int]:
    """(RE2 text, next index) for the escape at `pattern[i]` (a backslash); `negated`: inside a
    negated class, where a class escape must be narrowed instead of widened."""
    nxt = pattern[i + 1:i + 2]
    if nxt == "" or nxt in _REFUSED:
        raise _Refused(nxt)
    if nxt in _IN_CLASS:
        if negated:
            return _IN_NEGATED[nxt], i + 2
        widened = _IN_CLASS[nxt]
        return (widened if in_class else f"[{widened}]"), i + 2
    if nxt in "pP":
        m = re.match(r"\\[pP](\{[^}]*\}|[A-Za-z])", pattern[i:])
        if m is None:
            raise _Refused("property")
        if negated:
            return "", i + m.end()  # RE2's Unicode tables may be older or newer than `regex`'s
        widened = m.group(0) + _ASTRAL
        return (widened if in_class else f"[{widened}]"), i + m.end()
    if in_class and nxt in _ZERO_WIDTH:
        return (r"\x{8}" if nxt == "b" else nxt), i + 2  # [\b] is a backspace in both
    if nxt in _ZERO_WIDTH or (nxt == "A" and not anchors):
        return "", i + 2
    if nxt.isdigit():  # a back-reference (or an octal escape): any text contains it
        j = i + 1
        while j < len(pattern) and pattern[j].isdigit():
            j += 1
        if in_class:
            return "", j
        copy = (copies or {}).get(pattern[i + 1:j])
        return (r"(?s:.*)" if copy is None else f"(?:{copy})"), j
    if nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", pattern[i + 2:i + 6]):
        return r"\x{" + pattern[i + 2:i + 6] + "}", i + 6
    if nxt == "U" and re.fullmatch(r"[0-9A-Fa-f]{8}", pattern[i + 2:i + 10]):
        return r"\x{" + pattern[i + 2:i + 10] + "}", i + 10
    if nxt.isascii() and nxt.isalpha() and nxt not in "xtnrfvaA":
        raise _Refused(nxt)
    if not nxt.isascii():
        return re2.escape(nxt), i + 2
    return pattern[i:i + 2], i + 2


def _class(pattern: str, i: int, v1: bool = False) -> tuple[str, int]:
    """(RE2 text, next index) for the character class opening at `pattern[i]`; `v1`: `regex`'s
    VERSION1, where `--` and `&&` are set difference and intersection."""
    out = ["["]
    j = i + 1
    negated = pattern.startswith("^", j)
    if negated:
        out.append("^")
        j += 1
    first = True
    while j < len(pattern):
        ch = pattern[j]
        if ch == "]" and not first:
            if "".join(out) == "[^":
                return _ANY, j + 1  # every item narrowed away: [^] would be refused
            out.append("]")
            return "".join(out), j + 1
        if v1 and not negated and not first and pattern.startswith(("--", "&&"), j):
            out.append("]")  # [A--B] and [A&&B] lie within A
            return "".join(out), _group_like_class_end(pattern, i)
        if ch == "[" or pattern.startswith(("--", "&&", "||", "~~"), j):
            return _ANY, _group_like_class_end(pattern, i)  # nested class or set operation: any character
        if ch == "\\":
            text, j = _escape(pattern, j, in_class=True, negated=negated)
            out.append(text)
        else:
            out.append("\\]" if ch == "]" else ch)
            j += 1
        first = False
    raise _Refused("unterminated class")


def _group_like_class_end(pattern: str, i: int) -> int:
    """The index past a class that nests classes ([[a-z]--[aeiou]])."""
    depth, j = 0, i
    while j < len(pattern):
        ch = pattern[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    raise _Refused("unterminated class")


_META = frozenset("\\.^$*+?{}[]()|#")


def _single_class(inner: str) -> str | None:
    """`inner` as the body of a class when it is one class or one plain character, else None."""
    if len(inner) == 1 and inner not in _META:
        return re.escape(inner)
    if inner.startswith("[") and not inner.startswith("[^") and _group_like_class_end(inner, 0) == len(inner):
        return inner[1:-1]
    return None


def _edge(pattern: str, i: int, end: int, at_start: bool, at_end: bool, multiline: bool, anchors: bool,
          v1: bool) -> str:
    """The RE2 text for the lookaround `pattern[i:end]` of a top-level alternative: dropped (it only
    constrains), or, at the alternative's edge, read as text the match is next to: `(?<=B)P` at the
    start matches only where `BP` does, `P(?=A)` at the end only where `PA` does, and a negated
    one-character lookaround as a character outside it or the text's edge (not in slices, where a
    slice's edge is no edge of the text)."""
    behind = pattern.startswith("(?<", i)
    inner = pattern[i + (4 if behind else 3):end - 1]
    positive = pattern.startswith(("(?=", "(?<="), i)
    if (behind and not at_start) or (not behind and not at_end):
        return ""
    if positive:
        return "(?:" + _rewrite(inner, multiline, anchors, v1=v1) + ")"
    body = _single_class(inner)
    if body is None or not anchors:
        return ""
    outside, _ = _class(f"[^{body}]", 0, v1)
    return rf"(?:\A|{outside})" if behind else rf"(?:{outside}|(?m:$))"  # not \z: see _FILTER_SENTINEL


def _rewrite(pattern: str, multiline: bool, anchors: bool = True, lead: bool = False, trail: bool = False,
             v1: bool = False, copies: dict[str, str] | None = None) -> str:
    """The relaxed RE2 text of `pattern`. `lead` (`trail`): what its alternatives start (end)
    with starts (ends) a match of the whole pattern, so a lookaround there may be read as text
    (`_edge`): true for the whole pattern, and inside a group that is not repeated and starts
    (ends) an alternative that does. `copies`: a back-reference's text, by group number or name,
    for the groups `_copies` finds (any text for the others)."""
    out: list[str] = []
    i = 0
    alternative = 0  # where the current alternative starts in `out`
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            text, i = _escape(pattern, i, in_class=False, anchors=anchors, copies=copies)
            out.append(text)
        elif ch == "[":
            text, i = _class(pattern, i, v1)
            out.append(text)
        elif ch == "(":
            end = _group_end(pattern, i)
            if pattern.startswith(_LOOKAROUND, i) or pattern.startswith("(?#", i):
                if pattern[end:end + 1] in ("*", "+", "?", "{"):
                    raise _Refused("a repeated assertion")
                if (lead or trail) and pattern.startswith(_LOOKAROUND, i):
                    at_start = lead and not "".join(out[alternative:])
                    at_end = trail and (end == len(pattern) or pattern[end] == "|")
                    out.append(_edge(pattern, i, end, at_start, at_end, multiline, anchors, v1))
                i = end  # an assertion (or a comment): dropped
                continue
            if pattern.startswith("(?P=", i):
                copy = (copies or {}).get(pattern[i + 4:end - 1])
                out.append(r"(?s:.*)" if copy is None else f"(?:{copy})")
                i = end
                continue
            plain = pattern[end:end + 1] not in ("*", "+", "?", "{") and not pattern.startswith(("(?>", "(?|"), i)
            inner_lead = lead and plain and not "".join(out[alternative:])
            inner_trail = trail and plain and (end == len(pattern) or pattern[end] == "|")
            if pattern.startswith(("(?:", "(?>", "(?|"), i):
                head = 3
            elif pattern.startswith("(?P<", i) or pattern.startswith("(?<", i):
                head = pattern.index(">", i) + 1 - i
            elif pattern.startswith("(?", i):
                m = _INLINE.match(pattern, i)
                if m is None or set(m.group(1)) - set("ms-"):
                    raise _Refused("inline flags")
                if m.group(2) == ")":
                    out.append(m.group(0))
                    i = m.end()
                    continue
                out.append(m.group(0))
                out.append(_rewrite(pattern[m.end():end - 1], multiline, anchors, v1=v1, copies=copies))
                out.append(")")
                i = end
                continue
            else:
                head = 1
            out.append("(?:" if head > 1 else "(")
            out.append(_rewrite(pattern[i + head:end - 1], multiline, anchors, inner_lead, inner_trail, v1=v1,
                                copies=copies))
            out.append(")")
            i = end
        elif ch == "{":
            m = _REPEAT.match(pattern, i)
            if m is None:
                if re.match(r"\{[^}]*[<=>]", pattern[i:]):
                    raise _Refused("fuzzy constraint")
                out.append(r"\{")
                i += 1
                continue
            low, high = m.group(1), m.group(2)
            if low == "" and m.group(0) != "{,}" and high is None:
                out.append(r"\{")
                i += 1
                continue
            upper = "" if high is None and "," not in m.group(0) else "," + (high or "")
            out.append("{" + (low or "0") + upper + "}")
            i = m.end()
            if pattern[i:i + 1] == "+":
                i += 1  # possessive: a plain repeat matches at least as much
        elif ch in "*+?" and pattern[i + 1:i + 2] == "+":
            out.append(ch)
            i += 2
        elif ch in "^$" and not anchors:
            i += 1  # a pattern searched in slices of the text: an edge of any slice may be one
        elif ch == "$" and not multiline:
            out.append("(?m:$)")  # `regex` also matches $ before a final newline
            i += 1
        else:
            out.append(ch)
            i += 1
            if ch == "|":
                alternative = len(out)
    return "".join(out)


_CONTEXTUAL = ("^", "$", "\\b", "\\B", "\\A", "\\Z", "\\z", "\\G", "\\K")


def _copies(pattern: str, multiline: bool, anchors: bool, v1: bool) -> dict[str, str]:
    """The relaxed text of each capture group that a back-reference may be read as: what the group
    captured matched its pattern, and a pattern with no assertions, anchors, back-references or
    inner captures matches that text wherever it stands (keyed by number and by name)."""
    if "(?|" in pattern or "(?'" in pattern:
        return {}  # branch reset, or a group named (?'name'…): numbers not counted here
    copies: dict[str, str] = {}
    number, i, in_class = 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += 2 if pattern.startswith(("[]", "[^]"), i) else 1
            continue
        elif ch == "(":
            named = re.match(r"\(\?P?<([A-Za-z_]\w*)>", pattern[i:])
            if pattern[i + 1:i + 2] != "?" or named:
                number += 1
                head = named.end() if named else 1
                body = pattern[i + head:_group_end(pattern, i) - 1]
                plain = body.replace("(?:", "")
                if "(" not in plain and not re.search(r"\\\d", body) and not any(c in body for c in _CONTEXTUAL):
                    try:
                        copies[str(number)] = _rewrite(body, multiline, anchors, v1=v1)
                    except _Refused:
                        continue  # a back-reference to it reads as any text
                    if named:
                        copies[named.group(1)] = copies[str(number)]
        i += 1
    return copies


def _long_fold(text: str) -> bool:
    """Some character of `text` case-folds to more than one (ß → ss)."""
    return len(text.casefold()) != len(text)


def relaxed_source(pattern: str, flags: int, anchors: bool = True) -> str | None:
    """An RE2 pattern matching wherever `pattern` (with `regex` flags `flags`) matches, or None.
    `anchors=False` also drops ^, $ and \\A, for a pattern searched in slices of the text: then a
    text the relaxed pattern rejects has no slice the pattern matches in."""
    if flags & regex.VERBOSE:
        return None
    folded = bool(flags & regex.IGNORECASE)
    if folded and any(len(c.casefold()) > 1 for c in pattern):
        return None
    try:
        multiline, v1 = bool(flags & regex.MULTILINE), bool(flags & regex.VERSION1)
        body = _rewrite(pattern, multiline, anchors, lead=True, trail=True, v1=v1,
                        copies=_copies(pattern, multiline, anchors, v1))
    except (_Refused, ValueError):
        return None
    prefix = ("i" if folded else "") + ("m" if flags & regex.MULTILINE else "") + ("s" if flags & regex.DOTALL else "")
    return f"(?{prefix}){body}" if prefix else body


class Re2Prefilter:
    """`admits(text)`: False only when the pattern has no match in `text`."""

    __slots__ = ("compiled", "folded", "source")

    def __init__(self, compiled: re2._Regexp, folded: bool, source: str = "") -> None:
        self.compiled, self.folded, self.source = compiled, folded, source

    def admits(self, text: str) -> bool:
        encoded, long_fold = _utf8(text)
        if self.folded and long_fold:
            return True  # RE2 folds one character to one; `regex` would also match ß as ss
        verdict = decided(text, self.source)
        if verdict is not None:
            return verdict
        return self.compiled.search(encoded) is not None


# The text read last, its UTF-8 and whether it holds a character with a long case folding: one
# document at a time, shared by every rule that prefilters it (one tuple, replaced whole, so a
# thread never reads one text's bytes with another's flag).
_DOCUMENT: list[tuple[str, bytes, bool]] = [("", b"", False)]
# The verdicts of the last PrefilterSet pass: (text, {relaxed source: admitted}).
_VERDICTS: list[tuple[str, dict[str, bool]]] = [("", {})]


def decided(text: str, source: str) -> bool | None:
    """Whether `source` matches in `text` as the last `PrefilterSet` pass over this very text
    found it (None: not decided there)."""
    verdicts = _VERDICTS[0]
    return verdicts[1].get(source) if verdicts[0] is text else None


def _utf8(text: str) -> tuple[bytes, bool]:
    memo = _DOCUMENT[0]
    if memo[0] is not text:
        memo = (text, text.encode("utf-8", "surrogatepass"), _long_fold(text))
        _DOCUMENT[0] = memo
    return memo[1], memo[2]


# Sources per RE2::Set: one DFA over many patterns grows past its memory and crawls (the 99 rule
# prefilters in one set: ~45 ms a report; in sets of 16, ~9 ms, most of it one set). A source with
# a long repeat of a wide class ([^\n]{4,40}?, \p{Han}+, (?s:.*)) multiplies the states of any
# set it joins: those go to one FilteredRE2 (re2.Filter) instead, which finds the literal atoms
# each one needs in one pass and searches only the sources whose atoms are all there. The rest
# share sets of SET_SIZE.
SET_SIZE = 32
_WIDE_REPEAT = re.compile(r"(\[(?:\\.|[^\]\\])*\]|\.|\))(?:\{\d*,(\d*)\}|[*+])")
# Matches (empty) only where a pass reached the end of the text: a set whose DFA gave up (out of
# memory) returns no match at all, and then every source of that set is admitted.
_SENTINEL = r"\z"
# The filter's sentinel: a literal put after the text (past a line end, which every relaxed source
# treats as a possible end of text: `(?m:$)`, never `\z`), so a filter whose atom pass gave up
# (and found no atom) is seen missing it, and then every one of its sources is admitted.
_FILTER_SENTINEL = "checker-prefilter-sentinel"


# The Unicode properties a repeat of which stays narrow: a run of digits (the relaxed `\\d`,
# `[\\p{Nd}\\x{10000}-\\x{10ffff}]`) is counted the same way by every source that repeats it, so a
# set of them grows no more states than one (measured: 13 such sources in one set, 2-4 times
# faster than their searches in the filter, the set's pass never giving up).
_NARROW_PROPERTIES = frozenset({"Nd"})
_PROPERTY = re.compile(r"\\[pP]\{(\^?)(\w+)\}")


def _wide_class(item: str) -> bool:
    """Whether a class (or `.`) can match most characters: negated, any character, `\\S`, a
    Unicode property but digits."""
    if item == "." or item.startswith("[^") or "\\S" in item:
        return True
    return any(caret or name not in _NARROW_PROPERTIES or item[m.start() + 1] == "P"
               for m in _PROPERTY.finditer(item) for caret, name in [m.groups()])


def _holds_wide(body: str) -> bool:
    """Whether the pattern text `body` holds a wide item anywhere (`_wide_class`, or an escape
    outside a class that is one), repeated or not."""
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            m = _PROPERTY.match(body, i)
            item = f"[{m.group(0)}]" if m else body[i:i + 2]
            if _wide_class(item):
                return True
            i += len(m.group(0)) if m else 2
        elif ch == "[":
            end = _class_end(body, i)
            if _wide_class(body[i:end]):
                return True
            i = end
        else:
            if ch == ".":
                return True
            i += 1
    return False


def _class_end(source: str, i: int) -> int:
    """The index just past the `]` closing the class that opens at `source[i]`."""
    j = i + 1
    if source.startswith("^", j):
        j += 1
    if source.startswith("]", j):
        j += 1
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j + 1


def _syntax(source: str) -> Iterator[tuple[int, str]]:
    """(index, character) of each character of `source` outside escapes and character classes:
    the ones that can open or close a group or separate alternatives."""
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(source, i)
            continue
        yield i, ch
        i += 1


def _group_starts(source: str) -> dict[int, int]:
    """For each `)` of `source` (by index), the index of the `(` that opens its group."""
    opens: list[int] = []
    starts: dict[int, int] = {}
    for i, ch in _syntax(source):
        if ch == "(":
            opens.append(i)
        elif ch == ")" and opens:
            starts[i] = opens.pop()
    return starts


def is_wide(source: str) -> bool:
    """Whether `source` repeats a wide class (negated, a Unicode property but digits, any
    character, or a group holding one) more than 5 times: a pattern that makes a shared DFA
    explode. A repeated group of narrow items only (`(?:、[村镇乡])*`, `(?:\\.[0-9]+)+`) stays narrow."""
    starts: dict[int, int] | None = None
    for m in _WIDE_REPEAT.finditer(source):
        item, high = m.group(1), m.group(2)
        if high and int(high) < 6:
            continue
        if item == ")":
            starts = _group_starts(source) if starts is None else starts
            opened = starts.get(m.start(1))
            if opened is None or _holds_wide(source[opened + 1:m.start(1)]):
                return True
        elif _wide_class(item):
            return True
    return False


# --- A narrow necessary condition of a wide source -------------------------------------------
# FilteredRE2 keeps only literal atoms of 3 bytes or more (its PrefilterTree's minimum), so a wide
# source whose only literals are short (", ?, <, a class of scripts) has no atom and is searched in
# full on every text. `necessary_source` gives such a source a narrow pattern that matches wherever
# it does: per top-level alternative, its longest run of items without a long wide repeat (a long
# wide repeat at the run's edge kept as its minimum count). That joins the shared sets, and the
# source itself is searched only on a text where it matched.
_QUANTIFIER = re.compile(r"(?:[*+?]|\{(\d*)(?:,(\d*))?\})\??")
_FLAGS_PREFIX = re.compile(r"\(\?[a-z]+\)")


def _items(alternative: str) -> list[tuple[str, str]]:
    """(item, quantifier) of each top-level item of an alternative (no top-level |)."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(alternative):
        ch = alternative[i]
        if ch == "[":
            end = _class_end(alternative, i)
        elif ch == "(":
            end = _group_end(alternative, i)
        elif ch == "\\":
            m = re.match(r"\\(?:[pP]\{\^?\w+\}|x\{[0-9A-Fa-f]+\}|.)", alternative[i:], re.S)
            end = i + (len(m.group(0)) if m else 2)
        else:
            end = i + 1
        q = _QUANTIFIER.match(alternative, end)
        out.append((alternative[i:end], q.group(0) if q else ""))
        i = q.end() if q else end
    return out


def _alternatives(body: str) -> list[str]:
    """The top-level alternatives of a pattern body."""
    parts: list[str] = []
    depth = start = 0
    for i, ch in _syntax(body):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
    return [*parts, body[start:]]


def _least(quantifier: str) -> int:
    """The fewest repeats a quantifier allows."""
    if quantifier[:1] in ("*", "?"):
        return 0
    if quantifier[:1] == "+":
        return 1
    m = _QUANTIFIER.match(quantifier)
    return int(m.group(1) or 0) if m else 1


def _wide_item(item: str, quantifier: str) -> bool:
    """A long repeat of a wide item (the shape `is_wide` looks for), or a group holding one."""
    if item.startswith("(") and is_wide(item):
        return True
    if not quantifier:
        return False
    m = _QUANTIFIER.match(quantifier)
    if m is None or (m.group(0).startswith("{") and "," not in m.group(0)):
        return False  # {n}: a count, never open-ended
    high = m.group(2) if m.group(0).startswith("{") else None
    if high and int(high) < 6:
        return False
    if item.startswith("("):
        return _holds_wide(item)
    return _wide_class(item if item.startswith("[") or item == "." else f"[{item}]")


def _necessary_run(alternative: str) -> str | None:
    """The best run of an alternative's items without a long wide repeat (its edges may hold one
    such repeat's minimum count), or None when every run is empty."""
    runs: list[list[tuple[str, bool]]] = [[]]  # (piece, whether a match needs it: not an optional item)
    for item, quantifier in _items(alternative):
        if _INLINE.fullmatch(item):
            raise _Refused("inline flags for the rest of the pattern: a run after them would lose them")
        if _wide_item(item, quantifier):
            least = _least(quantifier)
            edge = None if item.startswith("(") or not least else (f"{item}{{{least}}}", True)
            if edge is not None:
                runs[-1].append(edge)  # its first copies end this run
            runs.append([edge] if edge is not None else [])  # its last copies start the next
        else:
            runs[-1].append((item + quantifier, _least(quantifier) > 0 if quantifier else True))
    scored = [(sum(counts for _, counts in run), -k, run) for k, run in enumerate(runs)]
    score, _, best = max(scored)
    return "".join(piece for piece, _ in best) if score else None


def necessary_source(source: str) -> str | None:
    """A pattern without a long wide repeat that matches somewhere in every text `source` (a
    relaxed source) matches in, or None."""
    m = _FLAGS_PREFIX.match(source)
    flags, body = (m.group(0), source[m.end():]) if m else ("", source)
    try:
        runs = [_necessary_run(alternative) for alternative in _alternatives(body)]
    except _Refused:
        return None
    if any(run is None for run in runs):
        return None
    found = flags + "|".join(f"(?:{run})" for run in runs)
    if is_wide(found):
        return None
    compiled = quiet_compile(found)
    if compiled is None or any(compiled.search(probe) is not None for probe in _COMMON):
        return None  # it matches next to nothing: a condition nearly every text meets
    return found


_COMMON = (b"", b"\n", b" ", b"a", b"1", "中".encode(), "，".encode(), b"a" * 12, b"1" * 12, "中".encode() * 12)


class PrefilterSet:
    """Many relaxed sources (`relaxed_source`) decided together: `admitted(text)` says for each
    one whether it matches somewhere in `text`, in a few linear passes of RE2::Set and one of
    FilteredRE2 (see SET_SIZE) instead of one search per source, so a rule whose prefilter rejects
    a report costs nothing more.

    Conservative like each prefilter: a source RE2 refuses, a set or filter whose pass gives up
    (its sentinel missing), a text that is not valid UTF-8 and, for a case-folded source, a text
    with a long case folding are admitted.
    The verdicts are remembered for the text, so the rules' own `Re2Prefilter.admits` on the same
    text and source reads them instead of searching again."""

    __slots__ = ("_always", "_checked", "_compiled", "_filter", "_sets", "_slots", "folded", "sources")

    def __init__(self, sources: list[str], folded: list[bool]) -> None:
        self.sources, self.folded = sources, folded
        self._always: list[int] = []
        self._sets: list[tuple[re2.Set, list[int]]] = []
        options = re2.Options()
        options.log_errors = False
        # A wide source with a narrow necessary condition (`necessary_source`): the condition takes a
        # slot in the shared sets, after the sources' own, and the source is searched alone only on
        # a text where it matched. The other wide sources go to the FilteredRE2.
        # The source is compiled the first time its condition matches (most never do on a report: ~25
        # RE2 compiles a cold start saved); one RE2 refuses then is admitted wherever its condition is.
        self._slots = list(sources)
        self._checked: list[tuple[int, int]] = []  # (source, its condition's slot)
        self._compiled: dict[int, re2._Regexp | None] = {}  # source -> compiled, once needed
        filtered = []
        for i, source in enumerate(sources):
            if not is_wide(source):
                continue
            need = necessary_source(source)
            if need is None:
                filtered.append(i)
                continue
            self._checked.append((i, len(self._slots)))
            self._slots.append(need)
        shared = [i for i, source in enumerate(self._slots) if not is_wide(source)]
        for k in range(0, len(shared), SET_SIZE):
            self._add(options, shared[k:k + SET_SIZE])
        self._filter = self._filtered(options, filtered)

    def _filtered(self, options: re2.Options, members: list[int]) -> tuple[re2.Filter, list[int]] | None:
        """One FilteredRE2 of these sources (a source it refuses is always admitted)."""
        kept = []
        found = re2.Filter()
        for i in members:
            try:
                found.Add(self.sources[i], options)
            except re2.error:
                self._always.append(i)
                continue
            kept.append(i)
        if not kept:
            return None
        found.Add(re.escape(_FILTER_SENTINEL), options)
        try:
            found.Compile()
        except re2.error:
            self._always += kept
            return None
        return found, kept

    def _add(self, options: re2.Options, members: list[int]) -> None:
        """One RE2::Set of these sources (a source it refuses is always admitted)."""
        current = re2.Set.SearchSet(options)
        kept = []
        for i in members:
            try:
                current.Add(self._slots[i])
            except re2.error:
                self._always.append(i)  # a slot always admitted: a condition's leaves its source searched
                continue
            kept.append(i)
        if kept:
            self._close(current, kept)

    def _close(self, current: re2.Set, members: list[int]) -> None:
        current.Add(_SENTINEL)
        try:
            current.Compile()
        except re2.error:
            self._always += members
            return
        self._sets.append((current, members))

    def _source_compiled(self, i: int) -> re2._Regexp | None:
        if i not in self._compiled:
            self._compiled[i] = quiet_compile(self.sources[i])
        return self._compiled[i]

    def admitted(self, text: str, remember: bool = True) -> list[bool]:
        """For each source, in order: False only when it has no match in `text`. `remember=False`:
        the verdicts are not kept for `decided` (a set of a kind's own, not the engine's gate)."""
        try:
            encoded = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: RE2 would read invalid UTF-8
            return [True] * len(self.sources)
        out = [True] * len(self._slots)
        for current, members in self._sets:
            found = set(current.Match(encoded) or ())
            if len(members) not in found:
                continue  # the sentinel (added last) is missing: this set's pass gave up
            for k, i in enumerate(members):
                out[i] = k in found
        if self._filter is not None:
            wide, members = self._filter
            found = set(wide.Match(encoded + b"\n" + _FILTER_SENTINEL.encode(), False) or ())
            if len(members) in found:  # else the atom pass gave up: all admitted
                for k, i in enumerate(members):
                    out[i] = k in found
        for i, slot in self._checked:
            if out[slot]:
                compiled = self._source_compiled(i)
                out[i] = compiled is None or compiled.search(encoded) is not None
            else:
                out[i] = False
        del out[len(self.sources):]
        if any(self.folded) and _long_fold(text):
            for i, folded in enumerate(self.folded):
                out[i] = out[i] or folded
        if remember:
            _VERDICTS[0] = (text, dict(zip(self.sources, out, strict=True)))
        return out


def re2_prefilter(pattern: str, flags: int, anchors: bool = True) -> Re2Prefilter | None:
    """The prefilter of a rule regex, or None when none can be derived (`anchors`: as for
    `relaxed_source`)."""
    source = relaxed_source(pattern, flags, anchors)
    if source is None:
        return None
    compiled = quiet_compile(source)
    if compiled is None:
        return None
    if compiled.search(b"") is not None:
        return None  # it matches the empty string: every text is admitted anyway
    return Re2Prefilter(compiled, folded=bool(flags & regex.IGNORECASE), source=source)
