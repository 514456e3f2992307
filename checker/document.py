"""Loading: bytes on disk -> a decoded `Document` whose text is what the user sees.

Every way a file can fail to load raises `InputError` with a message meant for a person;
callers turn it into an `input-error` finding and go on with the other files.
"""

from __future__ import annotations

import codecs
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from checker.sourcemap import LineIndex

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ".markdown"})
DOCX_SUFFIXES = frozenset({".docx"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# A .docx is a zip: refuse archives whose members would inflate past this (zip bombs).
DOCX_MAX_UNCOMPRESSED = 128 * 1024 * 1024
DOCX_MAX_RATIO = 200


class InputError(Exception):
    """A file that cannot be read as a report; `code` is the rule id suffix (input.<code>)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Document:
    path: str
    text: str
    encoding: str
    newline: str = "\n"
    had_bom: bool = False
    # Problems that did not stop loading (e.g. undecodable bytes replaced): (code, message, offset)
    warnings: list[tuple[str, str, int]] = field(default_factory=list)
    _lines: LineIndex | None = field(default=None, repr=False)

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    @classmethod
    def from_text(cls, text: str, path: str = "<text>") -> Document:
        return cls(path=path, text=text, encoding="utf-8", newline=_newline_of(text))


def _newline_of(text: str) -> str:
    i = text.find("\n")
    if i > 0 and text[i - 1] == "\r":
        return "\r\n"
    return "\n"


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(raw: bytes) -> tuple[str, str, bool, list[tuple[str, str, int]]]:
    """Decode report bytes: BOM first, then strict UTF-8, then strict GB18030 (a superset of GBK).

    Returns (text, encoding, had_bom, warnings). Bytes that fit no encoding are replaced and
    reported, so one bad byte costs a warning, not the whole file.
    """
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            try:
                return body.decode(enc), enc, True, []
            except UnicodeDecodeError as exc:
                text = body.decode(enc, errors="replace")
                return text, enc, True, [("encoding", f"invalid {enc} bytes at byte {exc.start}", 0)]
    if b"\x00" in raw[:8192]:
        raise InputError("binary", "binary file (contains NUL bytes): not a text report")
    try:
        return raw.decode("utf-8"), "utf-8", False, []
    except UnicodeDecodeError as utf8_exc:
        try:
            return raw.decode("gb18030"), "gb18030", False, []
        except UnicodeDecodeError:
            text = raw.decode("utf-8", errors="replace")
            bad = text.find("\ufffd")
            return text, "utf-8", False, [
                ("encoding", f"bytes that are neither UTF-8 nor GB18030 (first at byte {utf8_exc.start}) "
                 "were replaced with U+FFFD", max(0, bad))
            ]


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return controls / len(sample) > 0.05


def load_docx(raw_path: Path) -> str:
    """Paragraphs of the main document body, one per line (tables' cells in reading order)."""
    try:
        with zipfile.ZipFile(raw_path) as zf:
            total = 0
            for info in zf.infolist():
                total += info.file_size
                if info.compress_size and info.file_size / max(1, info.compress_size) > DOCX_MAX_RATIO \
                        and info.file_size > 1024 * 1024:
                    raise InputError("docx", f"refusing .docx member {info.filename!r}: "
                                     f"compression ratio over {DOCX_MAX_RATIO} (zip bomb?)")
            if total > DOCX_MAX_UNCOMPRESSED:
                raise InputError("docx", f"refusing .docx that inflates to {total} bytes "
                                 f"(limit {DOCX_MAX_UNCOMPRESSED})")
            if "word/document.xml" not in zf.namelist():
                raise InputError("docx", "not a Word document: word/document.xml is missing")
    except zipfile.BadZipFile as exc:
        raise InputError("docx", f"corrupt or truncated .docx: {exc}") from exc
    try:
        import docx  # python-docx: imported lazily, it costs ~0.2 s of start-up

        document = docx.Document(str(raw_path))
    except InputError:
        raise
    except Exception as exc:  # python-docx raises many types on damaged parts
        raise InputError("docx", f"corrupt .docx: {type(exc).__name__}: {exc}") from exc
    lines: list[str] = []
    body = document.element.body
    for block in body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append("".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")))
                    lines.append("\t".join(cells))
    return "\n".join(lines)


def load(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one report. Raises InputError for anything a person must be told about."""
    p = Path(path)
    display = str(path)
    try:
        if p.is_dir():
            raise InputError("unreadable", "is a directory")
        size = p.stat().st_size
    except FileNotFoundError as exc:
        raise InputError("unreadable", "no such file") from exc
    except PermissionError as exc:
        raise InputError("unreadable", "permission denied") from exc
    except OSError as exc:
        raise InputError("unreadable", f"cannot read: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise InputError("too-large", f"file is {size} bytes, over the limit of {max_bytes} bytes "
                         "(raise it with --max-bytes)")
    if p.suffix.lower() in DOCX_SUFFIXES:
        text = load_docx(p)
        if not text.strip():
            raise InputError("empty", "empty document: no text paragraphs")
        return Document(path=display, text=text, encoding="docx", newline="\n")
    try:
        raw = p.read_bytes()
    except PermissionError as exc:
        raise InputError("unreadable", "permission denied") from exc
    except OSError as exc:
        raise InputError("unreadable", f"cannot read: {exc.strerror or exc}") from exc
    if not raw.strip():
        raise InputError("empty", "empty file")
    text, encoding, had_bom, warnings = decode(raw)
    if _looks_binary(text):
        raise InputError("binary", "binary file (control characters): not a text report")
    if "\x00" in text:
        # UTF-16 text with stray NULs decoded; NULs are never report text.
        warnings.append(("encoding", "NUL characters in the text", text.find("\x00")))
    if not text.strip():
        raise InputError("empty", "empty file")
    return Document(path=display, text=text, encoding=encoding, newline=_newline_of(text),
                    had_bom=had_bom, warnings=warnings)
