"""A tiny HTML element builder that escapes by construction.

Control characters (ESC, C1, bidirectional overrides) are shown as visible escapes: they are not
valid in HTML, and a report opened with `cat` or `less` must not drive the terminal.

The HTML report shows text nobody vetted: scraped report text (which may contain `<script>` or
`"` that would break out of an attribute) and user-supplied rule files. Rather than remember to
call html.escape at each of dozens of places, every text child and every attribute value goes
through `el()`, which escapes it; only `Markup` returned by `el()` itself (or a constant the
reporter wrote) is inserted as is.
"""

from __future__ import annotations

import html
import re

from checker.reporters.encoding import escape_controls

VOID = frozenset({"meta", "input", "br", "hr", "img", "link"})
NAME = re.compile(r"^[a-z][a-z0-9-]*$")


class Markup(str):
    """HTML that is already safe to insert."""

    __slots__ = ()


def escape(text: object) -> Markup:
    if isinstance(text, Markup):
        return text
    return Markup(html.escape(escape_controls(str(text)), quote=True))


def _children(children: object) -> str:
    if children is None or children is False:
        return ""
    if isinstance(children, (list, tuple)):
        return "".join(_children(c) for c in children)
    return escape(children)


def el(tag: str, attrs: dict[str, object] | None = None, *children: object) -> Markup:
    """`<tag attrs>children</tag>`; attribute values and text are escaped, None/False attributes
    are left out, True ones written bare. Tag and attribute names are the reporter's own and
    must be plain names."""
    if not NAME.match(tag):
        raise ValueError(f"bad tag name {tag!r}")
    parts = [tag]
    for name, value in (attrs or {}).items():
        name = name.rstrip("_").replace("_", "-")
        if not NAME.match(name):
            raise ValueError(f"bad attribute name {name!r}")
        if value is None or value is False:
            continue
        parts.append(name if value is True else f'{name}="{html.escape(escape_controls(str(value)), quote=True)}"')
    opening = "<" + " ".join(parts) + ">"
    if tag in VOID:
        return Markup(opening)
    return Markup(f"{opening}{_children(list(children))}</{tag}>")
