""".docx -> text: one line per paragraph, refusing zip bombs before python-docx inflates anything.

A .docx whose members inflate past `DOCX_MAX_UNCOMPRESSED` (128 MiB) in total, or one member past
`DOCX_MAX_RATIO` times its compressed size, is refused: first by the sizes its headers declare,
then by the bytes actually inflated, counted in 1 MiB chunks (headers can lie, and zipfile inflates
past a declared size when asked for a whole member, as python-docx does). python-docx parses XML
with entity resolution off, so an entity-expansion ("billion laughs") part stays small.
"""

from __future__ import annotations

import io
import zipfile

from checker.decoding import sniff_binary
from checker.input_error import InputError
from checker.ui_text import both

# A .docx is a zip: refuse archives whose members would inflate past this (zip bombs).
DOCX_MAX_UNCOMPRESSED = 128 * 1024 * 1024
# Word XML compresses 5-20x; a member inflating over 200x (and over 1 MiB) is a bomb, not prose.
DOCX_MAX_RATIO = 200
_RATIO_MIN_SIZE = 1024 * 1024
_INFLATE_CHUNK = 1024 * 1024


def _refuse_bomb(name: str, size: int, compressed: int, total: int, limit: int) -> None:
    ratio = size / max(1, compressed)
    if size > _RATIO_MIN_SIZE and ratio > DOCX_MAX_RATIO:
        raise InputError("docx", both("docx.bomb-member", name=name, ratio=ratio, limit=DOCX_MAX_RATIO))
    if total > limit:
        raise InputError("docx", both("docx.bomb", limit=limit))


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


def docx_text(raw: bytes, max_uncompressed: int | None = None) -> str:
    """Paragraphs of the main document body of the .docx `raw`, one per line (table rows: cells
    joined by tabs). The bomb check and python-docx see the same bytes, read once by the caller
    (a file swapped between the check and the parse cannot slip through)."""
    limit = DOCX_MAX_UNCOMPRESSED if max_uncompressed is None else max_uncompressed
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            _docx_member_limits(zf, limit)
    except InputError:
        raise
    except zipfile.BadZipFile as exc:
        what = sniff_binary(raw[:64])
        if what is not None and not what.startswith("a zip"):
            raise InputError("docx", both("docx.not-docx", what=what)) from exc
        raise InputError("docx", both("docx.not-zip", reason=exc)) from exc
    except Exception as exc:  # encrypted members, unsupported compression, damaged streams
        raise InputError("docx", both("docx.corrupt", reason=f"{type(exc).__name__}: {exc}")) from exc
    try:
        import docx  # python-docx: imported lazily, it costs ~0.2 s of start-up

        document = docx.Document(io.BytesIO(raw))
        lines: list[str] = []
        _block_lines(document.element.body, lines)
    except Exception as exc:  # python-docx and lxml raise many types on damaged parts
        raise InputError("docx", both("docx.corrupt", reason=f"{type(exc).__name__}: {exc}")) from exc
    return "\n".join(lines)
