"""Loading: bytes on disk -> a decoded `Document` whose text is what the user sees.

Every way a file can fail to load raises `InputError` with a message meant for a person;
callers turn it into an `input-error` finding and go on with the other files.

Limits, so that a hostile or broken file costs one finding and never the run:
* a file over `max_bytes` (default `DEFAULT_MAX_BYTES`, 64 MiB, the `max-bytes` config key) is
  refused before it is read, and never more than `max_bytes` + 1 bytes are read (a file that
  grows while being read is refused too);
* only regular files are read: a FIFO, socket or device (`/dev/zero`) would block or never end;
* a .docx whose members inflate past `DOCX_MAX_UNCOMPRESSED` (128 MiB) in total, or one member
  past `DOCX_MAX_RATIO` times its compressed size, is refused as a zip bomb before python-docx
  sees it: first by the sizes its headers declare, then by the bytes actually inflated, counted in
  1 MiB chunks (headers can lie, and zipfile inflates past a declared size);
* a symbolic-link loop, a directory, a missing or unreadable path: `InputError("unreadable")`.

Decoding: a BOM decides (UTF-8, UTF-16, UTF-32); otherwise strict UTF-8 for the whole file; if
that fails, each line is decoded on its own (UTF-8 or GB18030, a superset of GBK and GB2312),
so a file glued together from a UTF-8 and a GBK part reads right instead of as mojibake; bytes
that fit neither are replaced with U+FFFD and reported with their line. A traditional-script
file in Big5 (which GB18030 also "decodes", as kana-strewn mojibake) is recognised by that
mojibake. BOM-less UTF-16 is recognised by its NUL pattern. Known binary formats (PDF, old
.doc, zip, images) are named.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import stat
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
# Word XML compresses 5-20x; a member inflating over 200x (and over 1 MiB) is a bomb, not prose.
DOCX_MAX_RATIO = 200
_RATIO_MIN_SIZE = 1024 * 1024
_INFLATE_CHUNK = 1024 * 1024
# Share of control characters (other than tab, line and page breaks) above which text is binary.
_BINARY_CONTROL_SHARE = 0.05
_BINARY_NUL_SHARE = 0.3
# Share of undecodable characters above which a file is binary, not a text with a few bad bytes.
_BINARY_REPLACED_SHARE = 0.2

# Warnings that did not stop loading: (code, message, offset in the decoded text).
LoadWarning = tuple[str, str, int]


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
    warnings: list[LoadWarning] = field(default_factory=list)
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
    """The file's line break, for edits that insert one: that of its first line."""
    lf, cr = text.find("\n"), text.find("\r")
    if cr == -1 or (lf != -1 and lf < cr):
        return "\n"
    return "\r\n" if lf == cr + 1 else "\r"


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Formats people feed a report linter by mistake, by their first bytes.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file: extract its text first (e.g. pdftotext) and check the .txt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old binary Word/Excel file (.doc/.xls): save it as .docx"),
    (b"PK\x03\x04", "a zip archive (a .docx or .xlsx with another extension?)"),
    (b"{\\rtf", "an RTF file: save it as .docx or .txt"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
)


def _sniff_binary(raw: bytes) -> str | None:
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            # "MZ" is also how a text may begin; only call it an executable with NULs after it.
            if magic == b"MZ" and b"\x00" not in raw[:64]:
                continue
            return what
    return None


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """The text, if `raw` is UTF-16 without a BOM: NULs (the high bytes of ASCII characters) at
    odd offsets (LE) or at even ones (BE) far more often than at the others (a CJK character's
    low byte is 00 one time in 256), and a strict decode that reads as text."""
    if len(raw) % 2:
        return None
    sample = raw[:8192]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 4 * even + 1:
        encoding = "utf-16-le"
    elif even >= 4 * odd + 1:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _control_share(text) > _BINARY_CONTROL_SHARE or not _reads_as_chinese_report(text):
        return None
    return text, encoding


def _reads_as_chinese_report(text: str) -> bool:
    """Nearly all of a sample is CJK, CJK or full-width punctuation, or printable ASCII: what a
    report decoded with the right encoding looks like (binary read as UTF-16 is scattered over
    Latin, Hangul, private-use and other blocks)."""
    sample = text[:4096]
    plausible = sum(1 for ch in sample if (ch.isascii() and (ch.isprintable() or ch in "\t\r\n"))
                    or "\u3000" <= ch <= "\u303f" or "\u3400" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
                    or "\u2000" <= ch <= "\u206f")
    return plausible >= 0.9 * len(sample)


def _control_share(text: str, char: str | None = None) -> float:
    """Share of the first 4096 characters that are `char`, or else control characters other than
    NUL, tab, line and page breaks (NULs are judged on their own: see `_check_textual`)."""
    sample = text[:4096]
    if not sample:
        return 0.0
    if char is not None:
        return sample.count(char) / len(sample)
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\x00\n\r\t\f\v")
    return controls / len(sample)


def _try(chunk: bytes, encoding: str) -> str | None:
    try:
        return chunk.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode_by_line(raw: bytes) -> tuple[str, str, list[LoadWarning]]:
    """Decode a file that is not valid UTF-8 line by line, in UTF-8 or GB18030.

    A whole-file GB18030 decode would also "succeed" on much UTF-8 Chinese (as mojibake), so a
    file that is UTF-8 but for one bad byte or one pasted GBK paragraph must be split. Short GBK
    lines are often valid UTF-8 by accident ("亩" is C4 B6, UTF-8 for "Ķ"), so the file's encoding
    is decided by the lines that fit only one of the two, and a line that fits both takes it.
    LF (0x0A) never occurs inside a multi-byte UTF-8 or GB18030 character, so splitting is safe.
    Bytes that fit neither are replaced with U+FFFD.
    """
    chunks = raw.split(b"\n")
    decoded: list[tuple[str | None, str | None]] = []
    only = {"utf-8": 0, "gb18030": 0}
    for chunk in chunks:
        if chunk.isascii():
            text = chunk.decode("ascii")
            decoded.append((text, text))
            continue
        pair = (_try(chunk, "utf-8"), _try(chunk, "gb18030"))
        if (pair[0] is None) != (pair[1] is None):
            only["utf-8" if pair[0] is not None else "gb18030"] += 1
        decoded.append(pair)
    major = "gb18030" if only["gb18030"] > only["utf-8"] else "utf-8"
    minor = "utf-8" if major == "gb18030" else "gb18030"
    out: list[str] = []
    minor_lines: list[int] = []
    bad_lines: list[int] = []
    for i, (chunk, (as_utf8, as_gb)) in enumerate(zip(chunks, decoded, strict=True)):
        first, second = (as_utf8, as_gb) if major == "utf-8" else (as_gb, as_utf8)
        if first is not None:
            out.append(first)
        elif second is not None:
            out.append(second)
            minor_lines.append(i)
        else:
            out.append(chunk.decode(major, errors="replace"))
            bad_lines.append(i)
    starts = [0]
    for line in out:
        starts.append(starts[-1] + len(line) + 1)
    warnings: list[LoadWarning] = []
    encoding = major
    if minor_lines:
        line = minor_lines[0]
        warnings.append(("encoding", f"mixed encodings: mostly {major}, but {len(minor_lines)} line(s) are {minor} "
                         f"(first: line {line + 1}); each line was decoded with the encoding it fits",
                         starts[line]))
        encoding = f"{major}+{minor}"
    if bad_lines:
        line = bad_lines[0]
        warnings.append(("encoding", f"bytes that are neither UTF-8 nor GB18030 on {len(bad_lines)} line(s) "
                         f"(first: line {line + 1}) were replaced with U+FFFD", starts[line]))
    return "\n".join(out), encoding, warnings


def decode(raw: bytes) -> tuple[str, str, bool, list[LoadWarning]]:
    """Decode report bytes. Returns (text, encoding, had_bom, warnings); raises InputError("binary").

    Bytes that fit no encoding are replaced and reported, so one bad byte costs a warning, not
    the whole file.
    """
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            try:
                return body.decode(enc), enc, True, []
            except UnicodeDecodeError as exc:
                text = body.decode(enc, errors="replace")
                return text, enc, True, [("encoding", f"invalid {enc} bytes at byte {exc.start + len(bom)} "
                                          "were replaced with U+FFFD", max(0, text.find("\ufffd")))]
    what = _sniff_binary(raw)
    if what is not None:
        raise InputError("binary", f"binary file, not a text report: {what}")
    if b"\x00" in raw:
        found = _utf16_without_bom(raw)
        if found is not None:
            return found[0], found[1], False, []
    try:
        return raw.decode("utf-8"), "utf-8", False, []
    except UnicodeDecodeError:
        pass
    text, encoding, warnings = _decode_by_line(raw)
    if encoding == "gb18030" and not warnings and _mojibake_share(text) > _MOJIBAKE_SHARE:
        big5 = _try(raw, "big5hkscs")
        if big5 is not None and _mojibake_share(big5) < _mojibake_share(text) / 4:
            return big5, "big5hkscs", False, []
    return text, encoding, False, warnings


# Scripts a Chinese report hardly ever contains but Big5 bytes read as GB18030 are full of
# (さㄓ马囊〆烩旧龟 … ЧΘщ): kana, bopomofo, Cyrillic, Greek, box drawing, private use.
_MOJIBAKE = re.compile("[\u0370-\u04ff\u2500-\u257f\u3040-\u312f\ue000-\uf8ff]")
_MOJIBAKE_SHARE = 0.02


def _mojibake_share(text: str) -> float:
    """Share of the non-ASCII characters in a sample that belong to `_MOJIBAKE`'s scripts."""
    sample = text[:20000]
    wide = sum(1 for ch in sample if not ch.isascii())
    odd = len(_MOJIBAKE.findall(sample))
    return odd / wide if wide and odd >= 3 else 0.0


def _check_textual(text: str, warnings: list[LoadWarning]) -> None:
    """Refuse decoded bytes that are not prose; warn about NULs inside a text.

    A few NULs (an interrupted save pads a file with them) leave a report readable: a warning.
    A file that is mostly or only NULs, or full of other control characters, is binary."""
    if "\x00" in text and (not text.replace("\x00", "").strip() or _control_share(text, "\x00") > _BINARY_NUL_SHARE):
        raise InputError("binary", "binary file, not a text report: it is mostly NUL bytes")
    share = _control_share(text)
    if share > _BINARY_CONTROL_SHARE:
        raise InputError("binary", f"binary file, not a text report: {share:.0%} of its first characters "
                         "are control characters")
    sample = text[:65536]
    if sample and sample.count("\ufffd") / len(sample) > _BINARY_REPLACED_SHARE:
        raise InputError("binary", "binary file, not a text report: most bytes fit no text encoding "
                         "(UTF-8, GB18030, UTF-16)")
    nul = text.find("\x00")
    if nul != -1:
        warnings.append(("nul", f"{text.count(chr(0))} NUL character(s) in the text (first at character {nul + 1}): "
                         "a damaged or interrupted save?", nul))


def _refuse_bomb(name: str, size: int, compressed: int, total: int, limit: int) -> None:
    ratio = size / max(1, compressed)
    if size > _RATIO_MIN_SIZE and ratio > DOCX_MAX_RATIO:
        raise InputError("docx", f"refusing .docx member {name!r}: it inflates {ratio:.0f}-fold "
                         f"(limit {DOCX_MAX_RATIO}), a zip bomb")
    if total > limit:
        raise InputError("docx", f"refusing .docx that inflates to over {limit} bytes (a zip bomb, or not a report)")


def _docx_member_limits(zf: zipfile.ZipFile, max_uncompressed: int) -> None:
    """Refuse a zip bomb before python-docx inflates it.

    The sizes in a zip's headers are what its maker wrote, and zipfile inflates past them (it only
    fails the CRC at the end), so after a cheap check of the declared sizes every member is
    inflated once in 1 MiB chunks and the bytes actually produced are counted."""
    total = 0
    for info in zf.infolist():
        total += info.file_size
        _refuse_bomb(info.filename, info.file_size, info.compress_size, total, max_uncompressed)
    total = 0
    for info in zf.infolist():
        size = 0
        with zf.open(info) as member:
            while chunk := member.read(_INFLATE_CHUNK):
                size += len(chunk)
                total += len(chunk)
                _refuse_bomb(info.filename, size, info.compress_size, total, max_uncompressed)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _run_text(element) -> str:  # type: ignore[no-untyped-def]
    """Text of a paragraph or cell: w:t runs, tabs as tab, line breaks as a space.

    Text boxes and nested tables inside it are skipped (their own paragraphs follow their own
    order in Word, and gluing them here would invent words)."""
    parts: list[str] = []
    for el in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        if _inside_nested(el, element):
            continue
        if el.tag == f"{_W}t":
            parts.append(el.text or "")
        elif el.tag == f"{_W}tab":
            parts.append("\t")
        elif el.tag == f"{_W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append(" ")
    return "".join(parts)


def _inside_nested(el, top) -> bool:  # type: ignore[no-untyped-def]
    """Whether `el` sits in a text box or a nested table below `top`."""
    for a in el.iterancestors():
        if a is top:
            return False
        if a.tag in (f"{_W}txbxContent", f"{_W}tbl"):
            return True
    return False


def _block_lines(container, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    """One line per paragraph; one line per table row (cells joined by tabs), in body order;
    content controls (w:sdt) are opened, as Word shows their paragraphs inline."""
    for block in container.iterchildren():
        if block.tag == f"{_W}p":
            lines.append(_run_text(block))
        elif block.tag == f"{_W}tbl":
            for row in block.iterchildren(f"{_W}tr"):
                cells = [" ".join(_run_text(p) for p in cell.iterchildren(f"{_W}p"))
                         for cell in row.iterchildren(f"{_W}tc")]
                lines.append("\t".join(cells))
        elif block.tag == f"{_W}sdt":
            for content in block.iterchildren(f"{_W}sdtContent"):
                _block_lines(content, lines)


def load_docx(raw_path: Path, max_uncompressed: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Paragraphs of the main document body, one per line (table rows: cells joined by tabs).

    The file is read once and both the bomb check and python-docx see those same bytes (a file
    swapped between the check and the parse cannot slip through)."""
    limit = DOCX_MAX_UNCOMPRESSED if max_uncompressed is None else max_uncompressed
    raw = _read_capped(raw_path, max_bytes)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            _docx_member_limits(zf, limit)
    except InputError:
        raise
    except zipfile.BadZipFile as exc:
        what = _sniff_binary(raw[:64])
        if what is not None and not what.startswith("a zip"):
            raise InputError("docx", f"not a .docx: {what}") from exc
        raise InputError("docx", f"corrupt or truncated .docx (not a readable zip: {exc})") from exc
    except Exception as exc:  # encrypted members, unsupported compression, damaged streams
        raise InputError("docx", f"corrupt .docx: {type(exc).__name__}: {exc}") from exc
    try:
        import docx  # python-docx: imported lazily, it costs ~0.2 s of start-up

        document = docx.Document(io.BytesIO(raw))
        lines: list[str] = []
        _block_lines(document.element.body, lines)
    except Exception as exc:  # python-docx and lxml raise many types on damaged parts
        raise InputError("docx", f"corrupt .docx: {type(exc).__name__}: {exc}") from exc
    return "\n".join(lines)


def _stat_regular(p: Path) -> int:
    """Size of the regular file at `p`; InputError for anything that is not one."""
    try:
        st = p.stat()
    except FileNotFoundError as exc:
        if p.is_symlink():
            raise InputError("unreadable", "broken symbolic link: its target does not exist") from exc
        raise InputError("unreadable", "no such file") from exc
    except PermissionError as exc:
        raise InputError("unreadable", "permission denied") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("unreadable", "symbolic link loop (the link points back at itself)") from exc
        raise InputError("unreadable", f"cannot read: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(st.st_mode):
        raise InputError("unreadable", "is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise InputError("unreadable", "not a regular file (a pipe, socket or device): not read")
    return st.st_size


def _too_large(size: int | str, max_bytes: int) -> InputError:
    return InputError("too-large", f"file is {size} bytes, over the limit of {max_bytes} bytes "
                      "(raise `max-bytes` in checker.toml or [tool.checker] to check it)")


def _read_capped(p: Path, max_bytes: int) -> bytes:
    """The file's bytes, never more than `max_bytes` + 1 of them. The first read asks for the size
    fstat reports (read(n) allocates n bytes up front: asking for the cap would cost 64 MiB per
    file); a file that grows meanwhile is read on in chunks up to the cap."""
    try:
        with open(p, "rb") as f:
            chunks = [f.read(min(os.fstat(f.fileno()).st_size, max_bytes) + 1)]
            total = len(chunks[0])
            while total <= max_bytes and (chunk := f.read(min(_INFLATE_CHUNK, max_bytes + 1 - total))):
                chunks.append(chunk)
                total += len(chunk)
            raw = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except PermissionError as exc:
        raise InputError("unreadable", "permission denied") from exc
    except OSError as exc:
        raise InputError("unreadable", f"cannot read: {exc.strerror or exc}") from exc
    if len(raw) > max_bytes:
        raise _too_large(f"over {max_bytes}", max_bytes)
    return raw


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
    p = Path(path)
    display = str(path)
    if display_path(path) != display:
        # Findings, fingerprints, baselines and every report format carry the path as UTF-8 text.
        raise InputError("unreadable", "file name is not valid UTF-8 (shown as GB18030 where it decodes): "
                         "rename the file, e.g. `convmv -f gbk -t utf8 --notest FILE`")
    size = _stat_regular(p)
    if size > max_bytes:
        raise _too_large(size, max_bytes)
    if size == 0:
        raise InputError("empty", "empty file")
    if p.suffix.lower() in DOCX_SUFFIXES:
        text = load_docx(p, max_bytes=max_bytes)
        if not text.strip():
            raise InputError("empty", "empty document: no text paragraphs")
        return Document(path=display, text=text, encoding="docx", newline="\n")
    raw = _read_capped(p, max_bytes)
    if not raw.strip():
        raise InputError("empty", "empty file" if not raw else "empty file (only blank lines or spaces)")
    text, encoding, had_bom, warnings = decode(raw)
    _check_textual(text, warnings)
    if not text.strip():
        raise InputError("empty", "empty file (only blank lines or spaces)")
    return Document(path=display, text=text, encoding=encoding, newline=_newline_of(text),
                    had_bom=had_bom, warnings=warnings)
