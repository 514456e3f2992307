"""Loading: a path -> a decoded `Document` whose text is what the user sees.

Every way a file can fail to load raises `InputError` with a message meant for a person;
callers turn it into an `input-error` finding and go on with the other files. Decoding is
`checker.decoding`'s job, .docx text `checker.docx_reader`'s; this module decides what may be read.

Limits, so that a hostile or broken file costs one finding and never the run:
* a file over `max_bytes` (default `DEFAULT_MAX_BYTES`, 64 MiB, the `max-bytes` config key) is
  refused before it is read, and never more than `max_bytes` + 1 bytes are read (a file that
  grows while being read is refused too);
* only regular files are read: a FIFO, socket or device (`/dev/zero`) would block or never end;
* a symbolic-link loop, a directory, a missing or unreadable path, a file name that is not
  UTF-8: `InputError("unreadable")`;
* a .docx zip bomb: `InputError("docx")` (see `checker.docx_reader`);
* PDF, HTML and old Word/WPS files are read by `checker.readers` (each with its own caps).
"""

from __future__ import annotations

import errno
import os
import stat

from checker.decoding import check_textual, decode
from checker.document_model import Document, docx_document, newline_of
from checker.input_error import InputError
from checker.safe_read import UnreadableFile, read_regular
from checker.ui_text import both

__all__ = ["DEFAULT_MAX_BYTES", "Document", "InputError", "decode", "display_path", "load"]

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text", ".markdown"})
DOCX_SUFFIXES = frozenset({".docx"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | DOCX_SUFFIXES

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def _stat_regular(p: str | os.PathLike[str]) -> int:
    """Size of the regular file at `p`; InputError for anything that is not one."""
    try:
        st = os.stat(p)
    except FileNotFoundError as exc:
        if os.path.islink(p):
            raise InputError("unreadable", both("input.broken-link")) from exc
        raise InputError("unreadable", both("input.no-such-file")) from exc
    except PermissionError as exc:
        raise InputError("unreadable", both("input.permission")) from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("unreadable", both("input.link-loop")) from exc
        raise InputError("unreadable", both("input.cannot-read", reason=exc.strerror or exc)) from exc
    if stat.S_ISDIR(st.st_mode):
        raise InputError("unreadable", both("input.directory"))
    if not stat.S_ISREG(st.st_mode):
        raise InputError("unreadable", both("input.not-regular"))
    return st.st_size


def _too_large(size: int | str, max_bytes: int) -> InputError:
    return InputError("too-large", both("input.too-large", size=size, limit=max_bytes))


def _read_capped(p: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The file's bytes, never more than `max_bytes` + 1 of them read (`checker.safe_read`: opened
    non-blocking and checked on the open descriptor, so a file swapped for a FIFO after the stat
    cannot hang the run)."""
    try:
        return read_regular(p, max_bytes)
    except UnreadableFile as exc:
        if exc.code == "too-large":
            raise _too_large(f"over {max_bytes}", max_bytes) from None
        raise InputError("unreadable", exc.reason) from None


def display_path(path: str | os.PathLike[str]) -> str:
    """A path that can be printed and put in JSON. A file name that is not UTF-8 (GBK names are
    common in archives unzipped from Windows) reaches Python with lone surrogates, which no UTF-8
    output accepts; it is shown decoded as GB18030, else with U+FFFD for the bad bytes."""
    raw = os.fsencode(path)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def load(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one report. Raises InputError for anything a person must be told about."""
    # os.path, not pathlib: pathlib interns every part of every path it parses, which over an
    # archive of 100,000 reports kept ~100 bytes per file name alive for the whole run.
    p = os.fspath(path)
    display = str(path)
    if display_path(path) != display:
        # Findings, fingerprints, baselines and every report format carry the path as UTF-8 text.
        raise InputError("unreadable", both("input.file-name"))
    size = _stat_regular(p)
    if size > max_bytes:
        raise _too_large(size, max_bytes)
    if size == 0:
        raise InputError("empty", both("input.empty"))
    return from_bytes(_read_capped(p, max_bytes), display)


def from_bytes(raw: bytes, path: str) -> Document:
    """A report from bytes already read (a file's, or standard input's); `path` is what findings
    show, and its suffix says the format (.docx, PDF, HTML, old Word, else text; see `checker.readers`)."""
    from checker.readers import read

    display = path
    if os.path.splitext(path)[1].lower() in DOCX_SUFFIXES:
        return docx_document(raw, display)
    if not raw.strip():
        raise InputError("empty", both("input.empty" if not raw else "input.blank"))
    document = read(raw, display)
    if document is not None:
        return document
    text, encoding, had_bom, warnings = decode(raw)
    check_textual(text, warnings)
    if not text.strip():
        raise InputError("empty", both("input.blank"))
    return Document(path=display, text=text, encoding=encoding, newline=newline_of(text),
                    had_bom=had_bom, warnings=warnings)
