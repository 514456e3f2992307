"""The loaded document: what every reader (text, .docx, `checker.readers`) produces and every
later stage reads. Its own module, below the readers and `checker.document`'s dispatch, so that
a reader and the dispatch never import each other (tests/test_layering.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.decoding import LoadWarning
from checker.docx_reader import docx_text
from checker.input_error import InputError
from checker.sourcemap import LineIndex
from checker.ui_text import both


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
    # "text" for a text file; else the format whose extracted text `text` is ("docx", "html", "pdf",
    # "doc"): such a file is never rewritten, and its positions may be its source's (`lines`).
    format: str = "text"
    # Page furniture (an HTML page's navigation, share widget, ...) left inside the report's text,
    # as (start, end, what, its text) spans of `text`: reported by `artifact.page-furniture`.
    furniture: list[tuple[int, int, str, str]] = field(default_factory=list)

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    @property
    def source_text(self) -> str:
        """The text that line and column numbers count in: the file's for a text file, the HTML
        source of a page, a PDF's text layer line by line."""
        return self.lines.text

    @classmethod
    def from_text(cls, text: str, path: str = "<text>") -> Document:
        return cls(path=path, text=text, encoding="utf-8", newline=newline_of(text))


def newline_of(text: str) -> str:
    """The file's line break, for edits that insert one: that of its first line."""
    lf, cr = text.find("\n"), text.find("\r")
    if cr == -1 or (lf != -1 and lf < cr):
        return "\n"
    return "\r\n" if lf == cr + 1 else "\r"


def docx_document(raw: bytes, path: str) -> Document:
    text = docx_text(raw)
    if not text.strip():
        raise InputError("empty", both("input.empty-docx"))
    return Document(path=path, text=text, encoding="docx", newline="\n", format="docx")
