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

import re2
import regex

from checker.rules.re2_pattern import quiet_compile

# Classes RE2 knows that contain what `regex` puts in \w, \s, \d, \p{X}: code points past the
# Basic Multilingual Plane are added, where Unicode 16 and 17 assigned digits and ideographs that
# RE2's tables may not list yet.
_ASTRAL = r"\x{10000}-\x{10ffff}"
_SPACE = r"\s\x{b}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
_IN_CLASS = {"w": r"\S", "W": r"\s\S", "s": _SPACE, "S": r"\s\S", "d": r"\p{Nd}" + _ASTRAL, "D": r"\s\S"}
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


def _escape(pattern: str, i: int, in_class: bool, anchors: bool = True) -> tuple[str, int]:
    """(RE2 text, next index) for the escape at `pattern[i]` (a backslash)."""
    nxt = pattern[i + 1:i + 2]
    if nxt == "" or nxt in _REFUSED:
        raise _Refused(nxt)
    if nxt in _IN_CLASS:
        widened = _IN_CLASS[nxt]
        return (widened if in_class else f"[{widened}]"), i + 2
    if nxt in "pP":
        m = re.match(r"\\[pP](\{[^}]*\}|[A-Za-z])", pattern[i:])
        if m is None:
            raise _Refused("property")
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
        return ("" if in_class else r"(?s:.*)"), j
    if nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", pattern[i + 2:i + 6]):
        return r"\x{" + pattern[i + 2:i + 6] + "}", i + 6
    if nxt == "U" and re.fullmatch(r"[0-9A-Fa-f]{8}", pattern[i + 2:i + 10]):
        return r"\x{" + pattern[i + 2:i + 10] + "}", i + 10
    if nxt.isascii() and nxt.isalpha() and nxt not in "xtnrfvaA":
        raise _Refused(nxt)
    if not nxt.isascii():
        return re2.escape(nxt), i + 2
    return pattern[i:i + 2], i + 2


def _class(pattern: str, i: int) -> tuple[str, int]:
    """(RE2 text, next index) for the character class opening at `pattern[i]`."""
    out = ["["]
    j = i + 1
    if pattern.startswith("^", j):
        out.append("^")
        j += 1
    first = True
    while j < len(pattern):
        ch = pattern[j]
        if ch == "]" and not first:
            out.append("]")
            return "".join(out), j + 1
        if ch == "[" or pattern.startswith(("--", "&&", "||", "~~"), j):
            return _ANY, _group_like_class_end(pattern, i)  # nested class or set operation: any character
        if ch == "\\":
            text, j = _escape(pattern, j, in_class=True)
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


def _rewrite(pattern: str, multiline: bool, anchors: bool = True) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            text, i = _escape(pattern, i, in_class=False, anchors=anchors)
            out.append(text)
        elif ch == "[":
            text, i = _class(pattern, i)
            out.append(text)
        elif ch == "(":
            end = _group_end(pattern, i)
            if pattern.startswith(_LOOKAROUND, i) or pattern.startswith("(?#", i):
                i = end  # an assertion (or a comment): dropped
                if pattern[i:i + 1] in ("*", "+", "?", "{"):
                    raise _Refused("a repeated assertion")
                continue
            if pattern.startswith("(?P=", i):
                out.append(r"(?s:.*)")
                i = end
                continue
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
                out.append(_rewrite(pattern[m.end():end - 1], multiline, anchors))
                out.append(")")
                i = end
                continue
            else:
                head = 1
            out.append("(?:" if head > 1 else "(")
            out.append(_rewrite(pattern[i + head:end - 1], multiline, anchors))
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
    return "".join(out)


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
        body = _rewrite(pattern, bool(flags & regex.MULTILINE), anchors)
    except (_Refused, ValueError):
        return None
    prefix = ("i" if folded else "") + ("m" if flags & regex.MULTILINE else "") + ("s" if flags & regex.DOTALL else "")
    return f"(?{prefix}){body}" if prefix else body


class Re2Prefilter:
    """`admits(text)`: False only when the pattern has no match in `text`."""

    __slots__ = ("compiled", "folded")

    def __init__(self, compiled: re2._Regexp, folded: bool) -> None:
        self.compiled, self.folded = compiled, folded

    def admits(self, text: str) -> bool:
        encoded, long_fold = _utf8(text)
        if self.folded and long_fold:
            return True  # RE2 folds one character to one; `regex` would also match ß as ss
        return self.compiled.search(encoded) is not None


# The text read last, its UTF-8 and whether it holds a character with a long case folding: one
# document at a time, shared by every rule that prefilters it.
_DOCUMENT: list[object] = ["", b"", False]


def _utf8(text: str) -> tuple[bytes, bool]:
    if _DOCUMENT[0] is not text:
        _DOCUMENT[:] = [text, text.encode("utf-8", "surrogatepass"), _long_fold(text)]
    return _DOCUMENT[1], _DOCUMENT[2]  # type: ignore[return-value]


def re2_prefilter(pattern: str, flags: int, anchors: bool = True) -> Re2Prefilter | None:
    """The prefilter of a rule regex, or None when none can be derived (`anchors`: as for
    `relaxed_source`)."""
    source = relaxed_source(pattern, flags, anchors)
    compiled = None if source is None else quiet_compile(source)
    if compiled is None:
        return None
    if compiled.search(b"") is not None:
        return None  # it matches the empty string: every text is admitted anyway
    return Re2Prefilter(compiled, folded=bool(flags & regex.IGNORECASE))
