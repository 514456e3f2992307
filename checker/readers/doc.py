"""Old Word (.doc) and WPS (.wps) files: through a converter installed on the machine, else a clear
input error saying to save the file as .docx.

No maintained Python library reads the Word 97-2003 binary format; the converters that do run
offline are antiword and catdoc (.doc) and LibreOffice (.doc and .wps, including Microsoft Works
and Kingsoft WPS). The first one found on PATH is run on a private temporary copy, with a time
limit, and its plain-text output becomes the report (one line per paragraph, as for .docx).
A .doc or .wps that is really a .docx (a zip), a "Web page" saved by Word (HTML, often named .doc
on government portals) or RTF is recognised by its first bytes and read as what it is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from checker.document_model import Document, docx_document
from checker.input_error import InputError
from checker.readers.formats import DOC_SUFFIXES, OLE_MAGIC
from checker.ui_text import both

CONVERT_TIMEOUT = 60  # seconds; LibreOffice's first start in a fresh profile takes ~10



def _converters(suffix: str) -> list[tuple[str, list[str]]]:
    """(name, argv with `{}` for the input) of each converter on PATH that reads `suffix`."""
    found: list[tuple[str, list[str]]] = []
    if suffix in (".doc", ".dot"):
        if exe := shutil.which("antiword"):
            found.append(("antiword", [exe, "-w", "0", "-m", "UTF-8.txt", "{}"]))
        if exe := shutil.which("catdoc"):
            found.append(("catdoc", [exe, "-w", "-d", "utf-8", "{}"]))
    for name in ("soffice", "libreoffice"):
        if exe := shutil.which(name):
            found.append((name, [exe, "--headless", "--norestore", "--cat", "{}"]))
            break
    return found


def _convert(raw: bytes, suffix: str) -> tuple[str, str] | None:
    """(text, converter) from the first converter that succeeds, or None when none is installed."""
    converters = _converters(suffix)
    if not converters:
        return None
    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="checker-doc-") as tmp:
        src = os.path.join(tmp, "input" + suffix)
        with open(src, "wb") as fh:
            fh.write(raw)
        env = {**os.environ, "HOME": tmp}  # LibreOffice writes its profile under HOME
        for name, argv in converters:
            try:
                done = subprocess.run([a.replace("{}", src) for a in argv], capture_output=True,
                                      timeout=CONVERT_TIMEOUT, cwd=tmp, env=env, check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                errors.append(f"{name}: {exc}")
                continue
            text = done.stdout.decode("utf-8", errors="replace")
            if done.returncode == 0 and text.strip():
                return text, name
            errors.append(f"{name}: {done.stderr.decode('utf-8', errors='replace').strip()[:200] or 'no text'}")
    raise InputError("doc", both("input.doc-unreadable", suffix=suffix, errors="; ".join(errors)))


def read_doc(raw: bytes, path: str) -> Document:
    """A .doc/.wps file (or one with an OLE signature under another name) as a `Document`."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in DOC_SUFFIXES:
        suffix = ".doc"
    if raw.startswith(b"PK\x03\x04"):
        return docx_document(raw, path)
    head = raw[:2048].lstrip().lower()
    if head.startswith(b"{\\rtf"):
        raise InputError("doc", both("input.doc-rtf", suffix=suffix))
    if head.startswith((b"<html", b"<!doctype html")) or b"<html" in head:
        from checker.readers.html import html_document

        return html_document(raw, path)
    if not raw.startswith(OLE_MAGIC):
        raise InputError("doc", both("input.doc-not-ole"))
    converted = _convert(raw, suffix)
    if converted is None:
        raise InputError("doc", both("input.doc-no-converter", suffix=suffix))
    text, converter = converted
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    if not text.strip():
        raise InputError("empty", both("input.empty-docx"))
    return Document(path=path, text=text, encoding=converter, newline="\n", format="doc")
