"""Safe fixes: apply the suggestions of rules marked `safe_fix: true`, never touching a figure.

A fix is an edit of the original text: the finding's span (original positions) replaced by its
`suggestion` ("" deletes). Edits are applied from the end backwards so earlier offsets stay
valid; of two overlapping edits the first (by position) is kept and the other waits for the next
pass. After a pass the text is checked again (a removed footer can expose another) for at most
MAX_PASSES passes.

Figures are sacred: an edit is refused when the figures of the lines it touches (digit runs with
their decimal separators, multipliers 万/亿 and %, and runs of Chinese numerals) would differ
after it. A refused edit is reported, never applied.

Writing keeps the file's bytes as they were apart from the edits: the same encoding (GB18030
stays GB18030), the byte-order mark, and the line endings. It goes through `checker.safe_write`:
atomic (temporary file, fsync, rename), the mode kept, a symlink's target rewritten (the link stays),
a file with several hard links left alone (a rename would split them), and a file that changed
since it was read (size, mtime, SHA-256) skipped, so an edit made during the run is never lost.
A file whose bytes do not survive a decode/encode round trip (undecodable bytes were replaced on
load) is not written. .docx files are never rewritten: checker reads only their text, and
rewriting would lose the formatting.
"""

from __future__ import annotations

import codecs
import difflib
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from checker.compiled_regex import compile_regex
from checker.config import Config
from checker.document import Document, InputError, load
from checker.findings import Finding
from checker.rules.model import Rule
from checker.safe_write import Snapshot, read_with_snapshot, write_bytes

MAX_PASSES = 5

# One figure: a digit run with separators, an optional multiplier and percent sign; or two or more
# Chinese numerals (二十, 三百万). A lone 一 is a word (一批, 一年来), not a figure. Digits glued to a
# Latin letter before them are a unit exponent or a code (m2, km2, CCTV2, _Hlk151910649), not a figure.
FIGURE = compile_regex(r"(?<![A-Za-z_\d])\d+(?:[.,]\d+)*[万亿千百]*%?|[〇零一二三四五六七八九十百千万亿两]{2,}")

_BOM_OF = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    rule: str
    line: int


@dataclass
class Refusal:
    finding: Finding
    reason: str


@dataclass
class FixResult:
    path: str
    original: str
    fixed: str
    encoding: str = "utf-8"
    had_bom: bool = False
    applied: list[Edit] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    # Why the file was not (or cannot be) written, if so.
    not_written: str | None = None
    # The file as it was read: it is written only if it is still that file.
    snapshot: Snapshot | None = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self) -> str:
        """A unified diff that `git apply` and `patch -p1` accept: `a/` and `b/` before the path as
        git writes it (no `./`, forward slashes), and git's marker after a last line that has no
        line break, so the next file's header is not glued onto it."""
        name = os.path.normpath(self.path).replace(os.sep, "/")
        out = []
        for line in difflib.unified_diff(_git_lines(self.original), _git_lines(self.fixed),
                                         fromfile=f"a/{name}", tofile=f"b/{name}"):
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        return "".join(out)


def _git_lines(text: str) -> list[str]:
    """Lines as git counts them: ended by LF only (str.splitlines would also split at \\x0c or U+2028,
    which git keeps inside a line)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def figures(text: str) -> list[str]:
    """The figures of `text` in order, compared after NFKC (full-width digits are digits)."""
    return FIGURE.findall(unicodedata.normalize("NFKC", text))


def _offset(doc: Document, line: int, column: int) -> int:
    # through the document's own index: a page's or a PDF's positions are its source's (checker.readers)
    return doc.lines.offset(line, column)


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return ls, len(text) if le == -1 else le


def _whole_line_if_emptied(text: str, start: int, end: int) -> tuple[int, int]:
    """A deletion that leaves its line blank takes the line break too (a scraped footer line goes
    away instead of leaving an empty line behind)."""
    ls, le = _line_bounds(text, start, end)
    if (text[ls:start] + text[end:le]).strip():
        return start, end
    if le < len(text):
        return ls, le + 1  # with its own '\n' (a '\r' before it is inside [ls, le))
    if ls > 0:
        return ls - (2 if text[max(0, ls - 2):ls] == "\r\n" else 1), le  # last line: the break before it
    return start, end


def edit_for(doc: Document, f: Finding) -> Edit | Refusal | None:
    """The edit a finding proposes, why it may not be applied, or None when it changes nothing."""
    start = _offset(doc, f.line, f.column)
    end = _offset(doc, f.end_line, f.end_column)
    if doc.text[start:end] != f.text:
        return Refusal(f, "the finding's position does not match the text (stale position)")
    replacement = (f.suggestion or "").replace("\n", doc.newline)
    if replacement == f.text:
        return None  # a no-op suggestion would be "applied" on every pass
    if not replacement:
        start, end = _whole_line_if_emptied(doc.text, start, end)
    ls, le = _line_bounds(doc.text, start, end)
    before = doc.text[ls:le]
    after = doc.text[ls:start] + replacement + doc.text[end:le]
    if figures(before) != figures(after) and not _artifact_deletion_keeps_figures(f, replacement, doc.text,
                                                                                  (ls, start, end, le), after):
        return Refusal(f, f"would change a figure ({f.text!r} -> {replacement!r}); fix it by hand")
    return Edit(start, end, replacement, f.rule, f.line)


def _artifact_deletion_keeps_figures(f: Finding, replacement: str, text: str, bounds: tuple[int, int, int, int],
                                     after: str) -> bool:
    """Deleting an artifact (a URL footer, a page number "- 1 -", an SEO keyword "关键词2") removes
    digits that were never figures of the report. Allowed when every figure outside the deleted
    span survives unchanged, i.e. the deletion neither removes nor glues together report figures."""
    if replacement or f.category != "artifact":
        return False
    ls, start, end, le = bounds
    return figures(text[ls:start] + "\n" + text[end:le]) == figures(after)


def choose_edits(edits: Sequence[Edit]) -> list[Edit]:
    """Non-overlapping edits, earliest first; an edit overlapping one already kept is left out."""
    kept: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if kept and (e.start < kept[-1].end or (e.start == kept[-1].start)):
            continue
        kept.append(e)
    return kept


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.replacement + text[e.end:]
    return text


def safe_rules(rules: Sequence[Rule]) -> list[Rule]:
    return [r for r in rules if r.safe_fix]


def fix_document(doc: Document, rules: Sequence[Rule], config: Config) -> FixResult:
    """Fix `doc` in memory with the safe rules among `rules`."""
    from checker.api import document_findings

    fixers = {r.id for r in safe_rules(rules)}
    result = FixResult(path=doc.path, original=doc.text, fixed=doc.text, encoding=doc.encoding,
                       had_bom=doc.had_bom)
    current = doc
    refused: dict[tuple[str, str, str], Refusal] = {}
    for _ in range(MAX_PASSES):
        # Every selected rule runs, not only the safe ones: whether a suppression comment is unused
        # (and may be deleted) depends on the findings of the rules it names.
        findings = [f for f in document_findings(current, rules, config)
                    if f.rule in fixers and f.suggestion is not None]
        edits: list[Edit] = []
        for f in findings:
            outcome = edit_for(current, f)
            if isinstance(outcome, Refusal):
                refused.setdefault((f.rule, f.text, f.context), outcome)
            elif outcome is not None:
                edits.append(outcome)
        chosen = choose_edits(edits)
        if not chosen:
            break
        result.applied.extend(chosen)
        text = apply_edits(current.text, chosen)
        current = Document(path=doc.path, text=text, encoding=doc.encoding, newline=doc.newline,
                           had_bom=doc.had_bom)
    result.fixed = current.text
    result.refused = list(refused.values())
    if doc.format != "text":
        result.not_written = (f".{doc.format} files are not rewritten (only their text is read, formatting would be "
                              "lost); apply the diff in the program that made the file")
    elif doc.warnings:
        result.not_written = "the file has undecodable bytes; it is not rewritten"
    return result


def encode(text: str, encoding: str, had_bom: bool) -> bytes:
    bom = _BOM_OF.get(encoding, b"") if had_bom else b""
    return bom + text.encode(encoding)


def fix_file(path: str, rules: Sequence[Rule], config: Config) -> FixResult:
    """Load, fix and decide whether `path` may be written back. The file's bytes and snapshot are
    taken right after loading, before the (slow) fixing: an edit made while the rules run is then
    seen at write time and the file is skipped, not overwritten with a fix of the old text."""
    try:
        doc = load(path, max_bytes=config.max_bytes)
    except InputError as exc:
        return FixResult(path=path, original="", fixed="", not_written=exc.message)
    snapshot = None
    round_trip: str | None = None
    if doc.format == "text" and not doc.warnings:
        try:
            data, snapshot = read_with_snapshot(path)
            if encode(doc.text, doc.encoding, doc.had_bom) != data:
                round_trip = f"its bytes do not round-trip through {doc.encoding}; it is not rewritten"
        except (OSError, UnicodeEncodeError, LookupError) as exc:  # LookupError: a mixed "utf-8+gb18030"
            round_trip = f"cannot be written back as {doc.encoding}: {exc}"
    result = fix_document(doc, rules, config)
    result.snapshot = snapshot
    if result.not_written is None and result.changed:
        result.not_written = round_trip
        try:
            encode(result.fixed, doc.encoding, doc.had_bom)
        except (UnicodeEncodeError, LookupError) as exc:
            result.not_written = f"cannot be written back as {doc.encoding}: {exc}"
    return result


def write_fixed(result: FixResult) -> None:
    """Write `result.fixed` over its file in the file's own encoding and BOM, through
    `safe_write` (a WriteError, FileChangedError included, says why the file was left as it was)."""
    if result.not_written is not None:
        raise ValueError(f"{result.path}: {result.not_written}")
    write_bytes(result.path, encode(result.fixed, result.encoding, result.had_bom), expect=result.snapshot,
                keep_links=True)
