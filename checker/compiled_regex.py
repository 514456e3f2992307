"""checker's own `regex` patterns, shipped compiled: `compile_regex` is `regex.compile` without the parse.

Why: `regex` parses and compiles a pattern in Python, ~0.5 ms each, and a start compiles ~130 of
checker's patterns (module constants, lexicons, the rules the first report's gate admits): ~0.06 s
of a cold start, again in every `--jobs` worker. `regex` pickles a compiled pattern with its code
(its documented pickle support: `_regex.compile` with the compiled program), and unpickling one takes
~30 µs. `scripts/update_regex_table.py` records every (pattern, flags) checker compiles while it
checks the seeds and runs every rule's examples, and writes each one's pickle to
`checker/regex_table.pickle`.

The plain twin is `regex.compile` itself: tests/test_compiled_regex.py holds every shipped program
byte-equal to a fresh compile of its pattern. The table is used only under the `regex` release and
program format it was made with (anything else: compiled as usual), and a pattern it lacks (a user's
rule, an edited one) is compiled as usual: a stale table costs time, never a different match.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any, AnyStr

import regex
import regex._regex as _regex

TABLE = Path(__file__).with_name("regex_table.pickle")

Key = tuple[str | bytes, int]

_table: dict[Key, bytes] | None = None
_compiled: dict[Key, Any] = {}
_recorded: set[Key] | None = None


def table_key() -> str:
    """What the shipped programs depend on: `regex`'s release, program format and code size."""
    return f"regex {regex.__version__} magic {_regex.MAGIC} code {_regex.CODE_SIZE}"


class _Plain(pickle.Unpickler):
    """The table itself: a dict of strings, bytes and ints, no global allowed."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} in the regex table")


class _Program(pickle.Unpickler):
    """One pattern's pickle: `regex`'s own constructor and nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("regex._regex", "compile"):
            return _regex.compile
        raise pickle.UnpicklingError(f"{module}.{name} in a compiled pattern")


def read_table(path: Path = TABLE) -> dict[Key, bytes]:
    """The shipped programs, or none when the file is missing, unreadable or made for another `regex`."""
    try:
        data = path.read_bytes()
        head, _, body = data.partition(b"\n")
        if head.decode() != table_key():
            return {}
        table = _Plain(io.BytesIO(body)).load()
    except (OSError, UnicodeDecodeError, pickle.UnpicklingError, EOFError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


def table_bytes(keys: set[Key]) -> bytes:
    """The table file for `keys`: each pattern compiled afresh by `regex` and pickled."""
    programs = {key: pickle.dumps(regex.compile(*key)) for key in sorted(keys, key=repr)}
    return table_key().encode() + b"\n" + pickle.dumps(programs)


def start_recording() -> set[Key]:
    """From now on, every (pattern, flags) `compile_regex` is asked for is added to the set returned."""
    global _recorded
    _recorded = set()
    return _recorded


def compile_regex(pattern: AnyStr, flags: int = 0) -> regex.Pattern[AnyStr]:
    """`regex.compile(pattern, flags)`: the shipped program when the table holds it."""
    global _table
    key: Key = (pattern, int(flags))
    if _recorded is not None:
        _recorded.add(key)
    done = _compiled.get(key)
    if done is not None:
        return done  # type: ignore[no-any-return]
    if _table is None:
        _table = read_table()
    blob = _table.get(key)
    if blob is None:
        return regex.compile(pattern, flags)  # regex keeps its own cache of these
    try:
        compiled = _Program(io.BytesIO(blob)).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, RuntimeError):
        return regex.compile(pattern, flags)
    _compiled[key] = compiled
    return compiled  # type: ignore[no-any-return]
