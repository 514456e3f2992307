"""`checker fix --diff` on a terminal: the patch in colour, with the changed characters marked.

A report line is a whole paragraph (often 300-500 characters), and a fix changes a few of them:
shown as a plain -/+ pair the reader has to hunt for the change. As git's diff-highlight and
delta do, each removed line is paired with the added line that replaces it and the characters
that differ are shown in reverse video inside the red and green lines.

Only for a terminal: piped or written to a file the patch stays plain, byte for byte what
`git apply` takes (`FixResult.diff`). Text from the documents is shown with its control
characters escaped, as in every human format: a document must not drive the reader's terminal.
"""

from __future__ import annotations

import difflib
import re

from checker.reporters.encoding import escape_controls

RESET = "\x1b[0m"
STYLE = {"header": "\x1b[1m", "hunk": "\x1b[36m", "-": "\x1b[31m", "+": "\x1b[32m", "note": "\x1b[2m"}
MARK = "\x1b[7m"  # reverse video inside the line's own colour
UNMARK = "\x1b[27m"
# Two lines share less than this (difflib ratio) and they are a deletion and an addition, not an edit.
MIN_PAIR_RATIO = 0.3
_HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")


def colour_diff(patch: str) -> str:
    """`patch` (a unified diff) with ANSI colours and marks on the changed characters."""
    lines = patch.splitlines(keepends=True)
    out: list[str] = []
    i = old_left = new_left = 0
    while i < len(lines):
        line = lines[i]
        if old_left == new_left == 0:  # between hunks: file headers, a hunk header, a no-newline note
            hunk = _HUNK.match(line)
            if hunk:  # its counts say which lines are the hunk's (a removed "-- x" line is no header)
                old_left, new_left = _count(hunk.group(1)), _count(hunk.group(2))
                out.append(_styled("hunk", line[:hunk.end()], line[hunk.end():]))
            else:
                out.append(_styled("note" if line.startswith("\\") else "header", "", line))
            i += 1
        elif line[:1] in ("-", "+"):
            removed = _run(lines, i, "-", old_left)
            added = _run(lines, i + len(removed), "+", new_left)
            out += _changed_block(removed, added)
            i += len(removed) + len(added)
            old_left -= _counted(removed)
            new_left -= _counted(added)
        else:
            if line.startswith(" "):
                old_left, new_left = old_left - 1, new_left - 1
            out.append(_styled("note" if line.startswith("\\") else "", "", line))
            i += 1
    return "".join(out)


def _count(spec: str | None) -> int:
    """Lines in a hunk side: `@@ -3,2 …` has 2, `@@ -3 …` has 1."""
    return 1 if spec is None else int(spec)


def _counted(lines: list[str]) -> int:
    return sum(1 for ln in lines if not ln.startswith("\\"))


def _run(lines: list[str], start: int, sign: str, limit: int) -> list[str]:
    """Up to `limit` lines from `start` on that begin with `sign`, each with the `\\ No newline`
    note that may follow it."""
    end = start
    while end < len(lines) and limit and lines[end].startswith(sign):
        end, limit = end + 1, limit - 1
        if end < len(lines) and lines[end].startswith("\\"):
            end += 1
    return lines[start:end]


def _split_end(line: str) -> tuple[str, str]:
    return (line[:-1], "\n") if line.endswith("\n") else (line, "")


def _styled(kind: str, prefix: str, line: str) -> str:
    """`prefix` (markup of ours) and `line` (document text, control characters escaped) in the
    style of `kind` ("" for none)."""
    body, end = _split_end(line)
    if not kind:
        return escape_controls(body) + end
    return STYLE[kind] + prefix + escape_controls(body) + RESET + end


def _changed_block(removed: list[str], added: list[str]) -> list[str]:
    """A run of removed lines and the added lines after it: line k of each paired when they are
    alike, the differing characters of a pair marked."""
    old = [ln for ln in removed if not ln.startswith("\\")]
    new = [ln for ln in added if not ln.startswith("\\")]
    marked_old: dict[int, str] = {}
    marked_new: dict[int, str] = {}
    for k, (a, b) in enumerate(zip(old, new, strict=False)):
        (a_body, a_end), (b_body, b_end) = _split_end(a[1:]), _split_end(b[1:])
        matcher = difflib.SequenceMatcher(None, a_body, b_body, autojunk=False)
        if matcher.ratio() < MIN_PAIR_RATIO:
            continue
        ops = [op for op in matcher.get_opcodes() if op[0] != "equal"]
        marked_old[k] = _with_marks("-", a_body, [(i1, i2) for _, i1, i2, _, _ in ops if i2 > i1]) + a_end
        marked_new[k] = _with_marks("+", b_body, [(j1, j2) for _, _, _, j1, j2 in ops if j2 > j1]) + b_end
    return _emit(removed, marked_old) + _emit(added, marked_new)


def _emit(lines: list[str], marked: dict[int, str]) -> list[str]:
    out, k = [], 0
    for line in lines:
        if line.startswith("\\"):
            out.append(_styled("note", "", line))
            continue
        out.append(marked.get(k) or _styled(line[0], "", line))
        k += 1
    return out


def _with_marks(sign: str, body: str, marks: list[tuple[int, int]]) -> str:
    parts, at = [STYLE[sign], sign], 0
    for start, end in marks:
        parts += [escape_controls(body[at:start]), MARK, escape_controls(body[start:end]), UNMARK]
        at = end
    parts += [escape_controls(body[at:]), RESET]
    return "".join(parts)
