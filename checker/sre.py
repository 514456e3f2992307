"""The `re` module's own pattern parser, for the two places that read a regex instead of running it.

`checker.rules.prefilter` derives the literals every match must contain and
`checker.extract.firstchar` the characters a match can start with; both walk the parse tree of
`re`'s parser (`re._parser` since Python 3.11, `sre_parse` before), whose node codes live here.
"""

from __future__ import annotations

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# Repeat nodes: greedy, lazy and (3.11+) possessive.
REPEATS = tuple(op for op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) if op is not None)

__all__ = ["REPEATS", "C", "sre_parse"]
