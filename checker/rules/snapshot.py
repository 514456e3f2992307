"""The built-in rules as validated objects: shipped with checker, and kept in the per-user cache.

Why: reading rules/*.yaml and validating ~160 rules through pydantic took 0.37 s of a 0.95 s cold
`checker check` of one report (building 56 model schemas, PyYAML's constructor, the validators),
redone by every run although the files change only with checker. So the validated rules are
pickled and read back in ~10 ms:

- `checker/rules/builtin_rules.pickle` ships inside the package, written by
  `scripts/update_rule_snapshot.py` from the plain loader; tests/test_rule_snapshot.py holds it
  current and equal to what the plain loader builds. A fresh CI runner or a new virtualenv uses it
  from the first run.
- `$XDG_CACHE_HOME/checker/rules-<key>.pickle` (default ~/.cache/checker) is written on first use
  when the shipped one does not match (rule files or code edited in a checkout, another Python or
  pydantic version).

Every snapshot begins with a header line naming what the objects depend on: a SHA-256 of every
rule and data file of the rules directory (name and bytes) and of checker's own source below the
engine (the models, their validators and all they may import: `ABOVE_RULES` is left out, so an
edit of the engine, a reporter or the CLI keeps the shipped snapshot current), and the Python
(implementation, major.minor) and pydantic versions. A snapshot whose header differs from the
current one is never read, so it is never stale, only unused: `load_rules` (the plain, uncached
path) builds the rules then. Each rule's `source` (file:line, shown in error messages and `checker
rules`) is stored relative to the rules directory and re-rooted where the rules are found now.

Why pickle: the objects are nested pydantic models that only a full validation can rebuild from
plain data (which is the cost being saved); pickle restores them as they were. A snapshot is
checker's own data (shipped with its code, or written by it in the user's cache), and even so the
unpickler accepts nothing but checker's own model classes and enums: a planted pickle that names
any other callable is refused. Any failure to read (missing, damaged, refused) or to write
(read-only home, full disk) falls back to the plain path; a snapshot can cost speed, never change
a result. Only built-in rules loaded without overrides use it (user rule directories are read and
validated every run).
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import io
import logging
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import VERSION as PYDANTIC_VERSION
from pydantic import BaseModel

from checker.safe_read import UnreadableFile, read_regular

FORMAT = "2"
PREFIX = "rules-"
SUFFIX = ".pickle"
# The snapshot shipped inside the package (scripts/update_rule_snapshot.py writes it).
SHIPPED = Path(__file__).with_name("builtin_rules.pickle")
# The built-in rules pickle to ~0.2 MB; anything much larger is not one of ours.
MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024
# Snapshots of other keys (another checkout or version of checker, older rule files) are removed
# once unused this long; a snapshot in use is refreshed when it is read.
STALE_AFTER_S = 7 * 24 * 3600
# The sharded jieba dictionary earlier versions of checker kept in the same folder (~21 MB each),
# unused since segmentation moved to jieba-rs: removed when a snapshot is written.
OLD_DICTIONARY_CACHE = "jieba-dict-*.shards"

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """checker's folder in the per-user cache directory (XDG_CACHE_HOME, else ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "checker"


def environment() -> str:
    """The Python and pydantic a snapshot was made with (its pickled models' state is pydantic's;
    validators may use Python's Unicode tables, which change only with a minor version)."""
    return f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]} pydantic-{PYDANTIC_VERSION}"


# The modules above the rules in docs/ARCHITECTURE.md's layers (tests/test_layering.py holds this
# list equal to its own): nothing a rule's model or validator runs can import them, so editing them
# cannot change a validated rule and does not make the shipped snapshot stale.
ABOVE_RULES = ("checker.__main__", "checker.cli", "checker.fix", "checker.rule_examples", "checker.diff_view",
               "checker.editor_schema", "checker.api", "checker.runner", "checker.distributed",
               "checker.result_cache", "checker.walk", "checker.spool", "checker.reporters", "checker.pipeline",
               "checker.engine", "checker.policy", "checker.selection", "checker.baseline", "checker.suppress",
               "checker.crossdoc")


def _module(relative: str) -> str:
    """checker.x.y of the package file x/y.py (or x/y/__init__.py)."""
    parts = relative.removesuffix(".py").split("/")
    return ".".join(["checker", *(parts[:-1] if parts[-1] == "__init__" else parts)])


def _is_above_rules(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in ABOVE_RULES)


@lru_cache(maxsize=2)
def code_digest(below_rules_only: bool = False) -> str:
    """SHA-256 of checker's own source, every .py file of the package (name and bytes); with
    `below_rules_only`, of the files the rules may import (not `ABOVE_RULES`): what a validated rule
    depends on. Once per process: the result cache's salt uses the whole (checker.result_cache)."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for f in sorted(package.rglob("*.py")):
        relative = f.relative_to(package).as_posix()
        if f.is_file() and not (below_rules_only and _is_above_rules(_module(relative))):
            h.update(f"code:{relative}\0".encode())
            h.update(f.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def content_digest(rules_dir: Path) -> str:
    """SHA-256 of every file of the rules directory (name and bytes) and of checker's source that
    the rules may import."""
    h = hashlib.sha256(f"{code_digest(below_rules_only=True)}\0".encode())
    for f in sorted(rules_dir.iterdir()):
        if f.is_file():
            h.update(f"rules:{f.name}\0".encode())
            h.update(f.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def snapshot_header(rules_dir: Path) -> bytes:
    """The first line of a snapshot of `rules_dir`'s rules made here and now (see the docstring)."""
    return f"checker-rules {FORMAT} {content_digest(rules_dir)} {environment()}\n".encode()


def snapshot_key(rules_dir: Path) -> str:
    """SHA-256 of the header: names the snapshot in the user cache."""
    return hashlib.sha256(snapshot_header(rules_dir)).hexdigest()


class _CheckerModelsOnly(pickle.Unpickler):
    """Unpickles checker's pydantic models and enums, and refuses any other global."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "checker" or module.startswith("checker."):
            obj = super().find_class(module, name)
            if isinstance(obj, type) and issubclass(obj, (BaseModel, enum.Enum)):
                return obj
        raise pickle.UnpicklingError(f"{module}.{name} is not a checker model")


def _sources_under(rules_dir: Path) -> str:
    """How the loader's `source` of a rule of `rules_dir` begins: the directory and a separator."""
    return str(rules_dir / "x")[:-1]


def _relative(rules: tuple[Any, ...], rules_dir: Path) -> tuple[Any, ...]:
    """`rules` with each `source` under `rules_dir` made relative to it ("units.yaml:12")."""
    under = _sources_under(rules_dir)
    return tuple(r.model_copy(update={"source": r.source[len(under):]}) if r.source.startswith(under) else r
                 for r in rules)


def _rerooted(rules: tuple[Any, ...], rules_dir: Path) -> tuple[Any, ...]:
    """`rules` with each relative `source` under `rules_dir` again (a copy of the model: no
    validation, nothing else changed)."""
    under = _sources_under(rules_dir)
    return tuple(r.model_copy(update={"source": under + r.source}) if r.source and not os.path.isabs(r.source)
                 else r for r in rules)


def read_snapshot(path: Path, header: bytes, rules_dir: Path) -> tuple[Any, ...] | None:
    """The rules pickled at `path` if it begins with `header`, sources under `rules_dir`; None when
    missing, of another header, damaged or refused."""
    try:
        data = read_regular(path, MAX_SNAPSHOT_BYTES)  # a FIFO or device planted there is never read
    except UnreadableFile as exc:
        log.debug("rule snapshot %s not used: %s", path, exc)
        return None
    if not data.startswith(header):
        log.debug("rule snapshot %s not used: made from other rule files, code or versions", path)
        return None
    try:
        rules = _CheckerModelsOnly(io.BytesIO(data[len(header):])).load()
    except Exception as exc:  # unpickling damaged bytes raises nearly any type of error
        log.debug("rule snapshot %s not used: %s", path, exc)
        return None
    if not isinstance(rules, tuple):
        return None
    try:
        return _rerooted(rules, rules_dir)
    except (AttributeError, TypeError) as exc:  # models without a `source`: not our rules
        log.debug("rule snapshot %s not used: %s", path, exc)
        return None


def _with_derived(rules: tuple[Any, ...]) -> tuple[Any, ...]:
    """`rules`, each with its `snapshot_derived` properties computed (stored in the pickle with it)."""
    for rule in rules:
        for name in getattr(rule, "snapshot_derived", ()):
            getattr(rule, name)
    return rules


def snapshot_bytes(rules: tuple[Any, ...], header: bytes, rules_dir: Path) -> bytes:
    """What `write_snapshot` writes: the header, then the pickled rules with their sources relative
    to `rules_dir` and their `snapshot_derived` data computed."""
    return header + pickle.dumps(_relative(_with_derived(rules), rules_dir), protocol=pickle.HIGHEST_PROTOCOL)


def write_snapshot(path: Path, data: bytes, prune: bool = True) -> None:
    """Write atomically (a reader never sees half a file); `prune`: remove stale snapshots of other
    keys (in the user cache)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if not prune:
        return
    now = time.time()
    for old in path.parent.glob(f"{PREFIX}*{SUFFIX}"):
        with contextlib.suppress(OSError):
            if old != path and now - old.stat().st_mtime > STALE_AFTER_S:
                old.unlink()
    for old in path.parent.glob(OLD_DICTIONARY_CACHE):
        old.unlink(missing_ok=True)


def cached_rules(rules_dir: Path, build: Callable[[], tuple[Any, ...]],
                 directory: Path | None = None, shipped: Path | None = SHIPPED) -> tuple[Any, ...]:
    """The rules of `rules_dir` from the `shipped` snapshot, else from the user cache's (`directory`),
    else `build()` (and the user cache's snapshot written).

    `build` must return the freshly validated rules, before any of them has been used (a rule
    compiles its patterns on first use; those are not worth storing, and RE2's cannot be pickled):
    only the text each declares in `snapshot_derived` is computed and stored."""
    try:
        header = snapshot_header(rules_dir)
    except OSError as exc:  # an unreadable rules directory: the plain path reports it
        log.debug("rule snapshot off: %s", exc)
        return build()
    rules = read_snapshot(shipped, header, rules_dir) if shipped is not None else None
    if rules is not None:
        return rules
    path = (directory or cache_dir()) / f"{PREFIX}{hashlib.sha256(header).hexdigest()[:32]}{SUFFIX}"
    rules = read_snapshot(path, header, rules_dir)
    if rules is not None:
        with contextlib.suppress(OSError):
            if time.time() - path.stat().st_mtime > STALE_AFTER_S / 7:
                os.utime(path)  # in use: not stale
        return rules
    rules = build()
    try:
        write_snapshot(path, snapshot_bytes(rules, header, rules_dir))
    except (OSError, pickle.PicklingError) as exc:
        log.debug("rule snapshot not written to %s: %s", path, exc)
    return rules
