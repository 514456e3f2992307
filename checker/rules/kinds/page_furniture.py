"""Kind `page-furniture`: a web page's own furniture left inside the report's text.

The HTML reader (`checker.readers.html`) finds navigation, site headers and footers, sidebars,
share widgets and related-article lists from the page's DOM (tag, ARIA role, class or id). What
lies before the report's first character or after its last is dropped; what sits between its
paragraphs is kept, as a copy of the page would keep it, and listed in `Document.furniture`.
This kind reports each such block once, on its text in the HTML source. Plain text carries no
DOM, so the rule only ever fires on pages; its examples are pages (`example_suffix`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.model import Rule

# What each block the reader names is, for the message.
_NAMES = {
    "navigation": {"zh": "导航栏", "en": "navigation"},
    "header": {"zh": "网站页头", "en": "site header"},
    "footer": {"zh": "网站页脚", "en": "site footer"},
    "sidebar": {"zh": "侧栏", "en": "sidebar"},
    "share": {"zh": "分享按钮", "en": "share widget"},
    "related": {"zh": "相关文章列表", "en": "related-article list"},
    "page": {"zh": "正文外的页面内容", "en": "page content outside the article"},
    "info": {"zh": "发布信息栏", "en": "publication-info line"},
    "tools": {"zh": "页面工具栏", "en": "page tools"},
}


class PageFurnitureRule(Rule):
    kind: Literal["page-furniture"]
    names: dict[str, dict[str, str]] = Field(default_factory=lambda: dict(_NAMES))
    # The message quotes the block's first line, cut to this many characters.
    head_chars: int = 30
    # The rule's examples are web pages: plain text has no DOM to find furniture in.
    example_suffix: ClassVar[str] = ".html"

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        for start, end, what, text in ctx.doc.furniture:
            if ctx.original[start:end] != text:
                continue  # a window of a long document (checker.engine): its offsets are not the file's
            name = self.names.get(what, {"zh": what, "en": what})
            first = ctx.original[start:end].split("\n", 1)[0]
            head = first if len(first) <= self.head_chars else first[: self.head_chars] + "…"
            yield ctx.finding_orig(self, start, end, evidence={"block": what}, block=name["zh"],
                                   block_en=name["en"], head=head)
