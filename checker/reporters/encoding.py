"""Output a terminal or pipe can carry, whatever its encoding, and no control sequences in it.

Why: under `PYTHONIOENCODING=ascii` or `latin-1` (a CI runner with LANG=C, an old Windows
console) every report holding Chinese text ended in a UnicodeEncodeError traceback. What the
stream cannot carry is written as `\\uXXXX` (a UTF-16 pair beyond the BMP): valid JSON escapes
inside the JSON formats' strings, readable in the human ones; XML and HTML get character
references. And report text and file names are data, not commands for the reader's terminal:
an ESC, OSC or C1 control in them could clear the screen or retitle the window, so the human
formats show them as visible escapes (`escape_controls`).
"""

from __future__ import annotations

import codecs
import re
from typing import TextIO

ESCAPE_ERRORS = "checker-escape"
# Formats whose characters are escaped as XML character references.
_XML_FORMATS = frozenset({"junit", "html"})


def _unicode_escape(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start:exc.end]:
        cp = ord(ch)
        if cp > 0xFFFF:
            cp -= 0x10000
            out.append(f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}")
        else:
            out.append(f"\\u{cp:04x}")
    return "".join(out), exc.end


codecs.register_error(ESCAPE_ERRORS, _unicode_escape)


def _is_unicode(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "ascii").name.startswith(("utf-8", "utf-16", "utf-32", "gb18030"))
    except LookupError:
        return False


def make_encodable(stream: TextIO, fmt: str | None = None) -> None:
    """Let `stream` escape what its encoding cannot carry (nothing changes on a UTF-8 stream)."""
    if _is_unicode(getattr(stream, "encoding", None)) or not hasattr(stream, "reconfigure"):
        return
    stream.reconfigure(errors="xmlcharrefreplace" if fmt in _XML_FORMATS else ESCAPE_ERRORS)


# C0 controls but tab and line breaks, DEL, C1 controls, and the bidirectional overrides and
# isolates that reorder what a terminal shows ("Trojan Source").
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_AND_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    cp = ord(m.group())
    return f"\\x{cp:02x}" if cp <= 0xFF else f"\\u{cp:04x}"


def escape_controls(text: str, breaks: bool = False) -> str:
    """`text` with control characters shown as `\\x1b`-style escapes (a lone CR too: it would let
    the rest of a line overwrite its start); tab and LF are kept unless `breaks` (for one-line
    fields such as a file name)."""
    rx = _CONTROLS_AND_BREAKS if breaks else _CONTROLS
    return rx.sub(_visible, text) if rx.search(text) else text
