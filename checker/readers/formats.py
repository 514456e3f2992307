"""What says which reader reads a file: magic bytes and suffixes.

Apart from the readers, so that `checker.readers.read` tells a text file from the others without
importing any reader (the HTML and PDF readers and what they import cost ~10 ms of a start).
"""

from __future__ import annotations

PDF_MAGIC = b"%PDF"
PDF_SUFFIXES = frozenset({".pdf"})
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old binary Word (or WPS) file
DOC_SUFFIXES = frozenset({".doc", ".wps", ".dot", ".wpt"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
