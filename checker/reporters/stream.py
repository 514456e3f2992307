"""Writing a report piece by piece to a file instead of building it as one string.

A report of 10,000 documents is hundreds of megabytes of JSON; built as one string (and before
that as one dict of every finding) it made memory grow with the corpus. A reporter module may
define `write(report, ctx, out)` next to `render`; `write_report` uses it when it exists and
`render` is then that same writer into a StringIO, so the two can never differ by a byte.

`dump_json` writes exactly what `json.dumps(obj, ensure_ascii=False, indent=2)` returns, but a
value wrapped in `Stream` (any iterable, read once) is written item by item as a JSON array.
"""

from __future__ import annotations

import importlib
import io
import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from checker.findings import Report
    from checker.reporters import RenderContext

INDENT = "  "


class Stream:
    """An iterable written as a JSON array one item at a time (see `dump_json`)."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def _dumps(obj: Any, level: int) -> str:
    """json.dumps at nesting depth `level`: every line after the first indented `level` steps.
    Safe to do by replacing newlines, since JSON strings hold their newlines escaped."""
    text = json.dumps(obj, ensure_ascii=False, indent=len(INDENT))
    return text.replace("\n", "\n" + INDENT * level) if level else text


def _has_stream(obj: Any) -> bool:
    return isinstance(obj, Stream) or (isinstance(obj, dict) and any(_has_stream(v) for v in obj.values())) \
        or (isinstance(obj, list) and any(_has_stream(v) for v in obj))


def dump_json(obj: Any, out: TextIO, level: int = 0) -> None:
    """Write `obj` as `json.dumps(obj, ensure_ascii=False, indent=2)` would, streaming `Stream`s."""
    if not _has_stream(obj):
        out.write(_dumps(obj, level))
        return
    pad = "\n" + INDENT * (level + 1)
    if isinstance(obj, dict):
        items: Iterable[Any] = obj.items()
        opening, closing = "{", "}"
    else:
        items = obj.items if isinstance(obj, Stream) else obj
        opening, closing = "[", "]"
    out.write(opening)
    first = True
    for item in items:
        out.write(pad if first else "," + pad)
        first = False
        if isinstance(obj, dict):
            key, value = item
            out.write(json.dumps(key, ensure_ascii=False) + ": ")
            dump_json(value, out, level + 1)
        else:
            dump_json(item, out, level + 1)
    out.write(closing if first else "\n" + INDENT * level + closing)


def render_with(write: Callable[[Report, RenderContext, TextIO], None], report: Report,
                ctx: RenderContext) -> str:
    """`render` of a module that has a `write`: the same bytes, as one string."""
    buf = io.StringIO()
    write(report, ctx, buf)
    return buf.getvalue()


def write_report(fmt: str, report: Report, ctx: RenderContext, out: TextIO) -> None:
    """Write the report in format `fmt` to `out`, streaming when the format's module can."""
    from checker.reporters import FORMATS

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(FORMATS[fmt])
    write = getattr(module, "write", None)
    if write is not None:
        write(report, ctx, out)
    else:
        out.write(module.render(report, ctx))
