"""Rule regexes that fit RE2 run on google-re2: linear time by construction, so no budget.

RE2 has no lookaround, back-reference or possessive repeat, and some syntax means something else
there than in the `regex` module. `re2_source` accepts a pattern only when RE2 reads it as `regex`
does, rewriting the few escapes whose meaning differs, and refuses everything else (the pattern
then runs on `regex` under its budget, checker.rules.timed_regex):

- refused: lookarounds and other `(?…)` groups but `(?:`, `(?P<name>` and `(?<name>`; `\\b \\B
  \\w \\W \\s \\S`, back-references, `\\Z \\z \\G \\K \\X \\N`, octal escapes; `{,n}` (a repeat in
  `regex`, literal text in RE2) and any other brace but a repeat count (a fuzzy constraint
  `{e<=1}`); nested classes and set operations (`[\\p{Han}--[一二]]`); `$`
  outside multi-line mode (`regex` also matches it before a final newline); case-insensitive
  matching (the two fold case differently); a pattern that can match the empty string (the two
  step past an empty match differently);
- rewritten: `\\d` and `\\D` to `\\p{Nd}` and `\\P{Nd}`, `\\uXXXX` to `\\x{XXXX}`.

Both engines then agree on every string of characters that RE2's Unicode tables know (a digit or
ideograph added in Unicode 16 is one RE2 does not yet class as \\p{Nd} or \\p{Han}):
tests/test_re2_pattern.py holds them to it on the rule patterns over the seeds and generated text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import re2
import regex

from checker.budget import check_deadline

# Escapes RE2 reads differently from `regex` or not at all; \d \D \u are rewritten instead.
_REFUSED_ESCAPES = frozenset("bBwWsSZzGKXN0123456789AaeCcgkLlOoRrQEHhVvYy")
_REFUSED_GROUPS = ("(?=", "(?!", "(?<=", "(?<!", "(?>", "(?P=", "(?P>", "(?|", "(?(", "(?#", "(?&", "(?R")
_FLAG_GROUP = re.compile(r"\(\?[a-zA-Z^-]+[:)]")
_NAMED_GROUP = re.compile(r"\(\?<(?=[A-Za-z_])")
_SET_OPERATIONS = ("--", "&&", "||", "~~")
_REPEAT = re.compile(r"\{\d+(?:,\d*)?\}")


def re2_source(pattern: str, flags: int) -> str | None:
    """The RE2 spelling of `pattern` compiled with `regex` flags `flags`, or None when RE2 would
    not match exactly what `regex` matches."""
    if flags & ~(regex.VERSION0 | regex.VERSION1 | regex.MULTILINE | regex.DOTALL | regex.UNICODE):
        return None
    if any(g in pattern for g in _REFUSED_GROUPS) or _FLAG_GROUP.search(pattern) or "{," in pattern:
        return None
    multiline = bool(flags & regex.MULTILINE)
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            nxt = pattern[i + 1:i + 2]
            if nxt in _REFUSED_ESCAPES or nxt == "":
                return None
            if pattern.startswith("x{", i + 1):
                return None  # \x{4e00} is RE2's and no `regex` syntax: `regex` must give its error
            if nxt in "dD":
                out.append(r"\p{Nd}" if nxt == "d" else r"\P{Nd}")
                i += 2
                continue
            if nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", pattern[i + 2:i + 6]):
                out.append(r"\x{" + pattern[i + 2:i + 6] + "}")
                i += 6
                continue
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if ch == "[" or pattern.startswith(_SET_OPERATIONS, i):
                return None
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            if pattern.startswith(("[]", "[^]"), i):
                return None  # a leading ] is literal in one engine and closes the class in the other
        elif ch == "{" and not _REPEAT.match(pattern, i):
            return None  # a fuzzy constraint ({e<=1}) in `regex`, literal text in RE2
        elif ch in "$^" and not multiline:
            return None  # `regex` and RE2 differ on $; ^ would match where a searched slice starts
        out.append(ch)
        i += 1
    source = _NAMED_GROUP.sub("(?P<", "".join(out))
    prefix = ("m" if multiline else "") + ("s" if flags & regex.DOTALL else "")
    return f"(?{prefix}){source}" if prefix else source


def quiet_compile(source: str) -> re2._Regexp | None:
    """`source` compiled by RE2, or None where RE2 refuses it (without RE2 logging to stderr)."""
    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(source, options)
    except re2.error:
        return None


def compile_re2(pattern: str, flags: int) -> re2._Regexp | None:
    """`pattern` compiled by RE2 when it matches there exactly as in `regex` (see the module
    docstring), else None."""
    source = re2_source(pattern, flags)
    compiled = None if source is None else quiet_compile(source)
    if compiled is None:
        return None
    for probe in ("", "\n", "\n\n", " "):  # every context of its anchors (^ $ \A)
        m = compiled.search(probe)
        if m is not None and m.start() == m.end():
            return None  # it can match the empty string
    return compiled


class Re2Match:
    """An RE2 match that also takes group names in start, end and span, as `regex`'s does."""

    __slots__ = ("_at", "_m", "string")

    def __init__(self, m: Any, string: str, at: int) -> None:
        """`m` found in string[at:…]: its offsets are `at` less than the string's."""
        self._m, self.string, self._at = m, string, at

    def _index(self, group: int | str) -> int:
        if isinstance(group, int):
            return group
        try:
            return int(self._m.re.groupindex[group])
        except KeyError:
            raise IndexError("bad group name") from None

    def group(self, *groups: int | str) -> Any:
        return self._m.group(*groups)

    def __getitem__(self, group: int | str) -> Any:
        return self._m[group]

    def groups(self, default: Any = None) -> tuple[Any, ...]:
        return tuple(self._m.groups(default))

    def groupdict(self, default: Any = None) -> dict[str, Any]:
        return dict(self._m.groupdict(default))

    def start(self, group: int | str = 0) -> int:
        return self.span(group)[0]

    def end(self, group: int | str = 0) -> int:
        return self.span(group)[1]

    def span(self, group: int | str = 0) -> tuple[int, int]:
        s, e = self._m.span(self._index(group))
        return (s, e) if s < 0 else (s + self._at, e + self._at)


class Re2Pattern:
    """A rule regex running on RE2, with the matching methods of a compiled `regex` pattern that
    the rules call (RE2's match objects answer group, groups, groupdict, start, end and span)."""

    __slots__ = ("compiled", "pattern")

    def __init__(self, pattern: str, compiled: re2._Regexp) -> None:
        self.pattern, self.compiled = pattern, compiled

    def __repr__(self) -> str:
        return f"Re2Pattern({self.pattern!r})"

    @property
    def groups(self) -> int:
        return int(self.compiled.groups)

    @property
    def groupindex(self) -> dict[str, int]:
        return dict(self.compiled.groupindex)

    @staticmethod
    def _piece(string: str, pos: int, endpos: int | None) -> tuple[str, int, int]:
        """(piece, its offset in `string`, pos in the piece): RE2's Python binding encodes the
        whole string on every call, so a search of one sentence of a report gets only the lines
        it spans. Nothing before the line start matters (no lookbehind; ^ is refused outside
        multi-line mode, \\A always); endpos acts as the end of the string in both engines."""
        end = len(string) if endpos is None else max(0, min(endpos, len(string)))
        pos = max(0, min(pos, end))
        if pos == 0 and end == len(string):
            return string, 0, 0
        at = string.rfind("\n", 0, pos) + 1
        return string[at:end], at, pos - at

    def search(self, string: str, pos: int = 0, endpos: int | None = None) -> Re2Match | None:
        piece, at, start = self._piece(string, pos, endpos)
        m = self.compiled.search(piece, start)
        return None if m is None else Re2Match(m, string, at)

    def match(self, string: str, pos: int = 0, endpos: int | None = None) -> Re2Match | None:
        piece, at, start = self._piece(string, pos, endpos)
        m = self.compiled.match(piece, start)
        return None if m is None else Re2Match(m, string, at)

    def fullmatch(self, string: str, pos: int = 0, endpos: int | None = None) -> Re2Match | None:
        piece, at, start = self._piece(string, pos, endpos)
        m = self.compiled.fullmatch(piece, start)
        return None if m is None else Re2Match(m, string, at)

    def finditer(self, string: str, pos: int = 0, endpos: int | None = None) -> Iterator[Re2Match]:
        check_deadline()
        piece, at, start = self._piece(string, pos, endpos)
        return iter([Re2Match(m, string, at) for m in self.compiled.finditer(piece, start)])

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return str(self.compiled.sub(repl, string, count))
