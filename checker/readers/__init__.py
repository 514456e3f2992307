"""Readers of the formats that are not text files: one module per format, each bytes -> `Document`.

`read(raw, path)` picks the reader by the file's first bytes (a PDF and an old binary Word file
say what they are, whatever their name) and else by its suffix (HTML is text too, so only a name
ending in .html/.htm says to read it as a page). Text, Markdown and .docx stay with
`checker.document`. Each reader raises `InputError` for what a person must be told.
"""

from __future__ import annotations

import os

from checker.document_model import Document
from checker.readers.doc import DOC_SUFFIXES, OLE_MAGIC, read_doc
from checker.readers.html import HTML_SUFFIXES, html_document
from checker.readers.pdf import PDF_MAGIC, PDF_SUFFIXES, pdf_document

__all__ = ["SUFFIXES", "read"]

SUFFIXES = HTML_SUFFIXES | PDF_SUFFIXES | DOC_SUFFIXES


def read(raw: bytes, path: str) -> Document | None:
    """The document in `raw` if one of these readers reads it, else None (a text file)."""
    suffix = os.path.splitext(path)[1].lower()
    if raw.startswith(PDF_MAGIC) or suffix in PDF_SUFFIXES:
        return pdf_document(raw, path)
    if raw.startswith(OLE_MAGIC) or suffix in DOC_SUFFIXES:
        return read_doc(raw, path)
    if suffix in HTML_SUFFIXES:
        return html_document(raw, path)
    return None
