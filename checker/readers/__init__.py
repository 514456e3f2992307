"""Readers of the formats that are not text files: one module per format, each bytes -> `Document`.

`read(raw, path)` picks the reader by the file's first bytes (a PDF and an old binary Word file
say what they are, whatever their name) and else by its suffix (HTML is text too, so only a name
ending in .html/.htm says to read it as a page). Text, Markdown and .docx stay with
`checker.document`. Each reader raises `InputError` for what a person must be told.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from checker.readers.formats import DOC_SUFFIXES, HTML_SUFFIXES, OLE_MAGIC, PDF_MAGIC, PDF_SUFFIXES

if TYPE_CHECKING:
    from checker.document_model import Document

__all__ = ["SUFFIXES", "read"]

SUFFIXES = HTML_SUFFIXES | PDF_SUFFIXES | DOC_SUFFIXES


def read(raw: bytes, path: str) -> Document | None:
    """The document in `raw` if one of these readers reads it, else None (a text file). Each reader
    is imported when a file needs it."""
    suffix = os.path.splitext(path)[1].lower()
    if raw.startswith(PDF_MAGIC) or suffix in PDF_SUFFIXES:
        from checker.readers.pdf import pdf_document

        return pdf_document(raw, path)
    if raw.startswith(OLE_MAGIC) or suffix in DOC_SUFFIXES:
        from checker.readers.doc import read_doc

        return read_doc(raw, path)
    if suffix in HTML_SUFFIXES:
        from checker.readers.html import html_document

        return html_document(raw, path)
    return None
