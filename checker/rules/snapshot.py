"""The built-in rules as validated objects, kept between runs in the per-user cache.

Why: reading rules/*.yaml and validating ~150 rules through pydantic is a third of a warm
`checker check` of one report (~0.17 s of CPU), redone by every run although the files rarely
change. The validated rules are pickled to `$XDG_CACHE_HOME/checker/rules-<key>.pickle` (default
~/.cache/checker) and read back in ~5 ms. The key is a SHA-256 of everything the objects depend
on: every rule and data file of the rules directory (name and bytes), checker's own source (the
models and their validators), and the Python and pydantic versions; anything else gets another
file. So the snapshot is never stale, only missing: `load_rules` (the plain, uncached path) builds
the rules then, and tests/test_rule_snapshot.py holds the two equal.

A snapshot is data read back from the user's own cache directory, and even so the unpickler
accepts nothing but checker's own model classes and enums: a planted pickle that names any other
callable is refused. Any failure to read (missing, damaged, refused) or to write (read-only home,
full disk) falls back to the plain path; a snapshot can cost speed, never change a result.
Only built-in rules loaded without overrides use it (user rule directories are read every run).
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
from pathlib import Path
from typing import Any

from pydantic import VERSION as PYDANTIC_VERSION
from pydantic import BaseModel

from checker.safe_read import UnreadableFile, read_regular

FORMAT = "1"
PREFIX = "rules-"
SUFFIX = ".pickle"
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


def snapshot_key(rules_dir: Path) -> str:
    """SHA-256 of what the validated rules are made from (see the module docstring)."""
    h = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{PYDANTIC_VERSION}\0".encode())
    package = Path(__file__).resolve().parent.parent
    for label, root, pattern in (("code", package, "*.py"), ("rules", rules_dir, "*")):
        for f in sorted(root.rglob(pattern) if label == "code" else root.iterdir()):
            if f.is_file():
                h.update(f"{label}:{f.relative_to(root).as_posix()}\0".encode())
                h.update(f.read_bytes())
                h.update(b"\0")
    return h.hexdigest()


class _CheckerModelsOnly(pickle.Unpickler):
    """Unpickles checker's pydantic models and enums, and refuses any other global."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "checker" or module.startswith("checker."):
            obj = super().find_class(module, name)
            if isinstance(obj, type) and issubclass(obj, (BaseModel, enum.Enum)):
                return obj
        raise pickle.UnpicklingError(f"{module}.{name} is not a checker model")


def read_snapshot(path: Path) -> tuple[Any, ...] | None:
    """The rules pickled at `path`, or None when missing, damaged or refused."""
    try:
        data = read_regular(path, MAX_SNAPSHOT_BYTES)  # a FIFO or device planted there is never read
    except UnreadableFile as exc:
        log.debug("rule snapshot %s not used: %s", path, exc)
        return None
    try:
        rules = _CheckerModelsOnly(io.BytesIO(data)).load()
    except Exception as exc:  # unpickling damaged bytes raises nearly any type of error
        log.debug("rule snapshot %s not used: %s", path, exc)
        return None
    if not isinstance(rules, tuple):
        return None
    return rules


def write_snapshot(path: Path, rules: tuple[Any, ...]) -> None:
    """Write atomically (a reader never sees half a file); remove stale snapshots of other keys."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            pickle.dump(rules, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    now = time.time()
    for old in path.parent.glob(f"{PREFIX}*{SUFFIX}"):
        with contextlib.suppress(OSError):
            if old != path and now - old.stat().st_mtime > STALE_AFTER_S:
                old.unlink()
    for old in path.parent.glob(OLD_DICTIONARY_CACHE):
        old.unlink(missing_ok=True)


def cached_rules(rules_dir: Path, build: Callable[[], tuple[Any, ...]],
                 directory: Path | None = None) -> tuple[Any, ...]:
    """The rules of `rules_dir` from their snapshot, else `build()` (and the snapshot written).

    `build` must return the freshly validated rules, before any of them has been used (a rule
    compiles its patterns on first use; those are not worth storing)."""
    try:
        path = (directory or cache_dir()) / f"{PREFIX}{snapshot_key(rules_dir)[:32]}{SUFFIX}"
    except OSError as exc:  # an unreadable rules directory: the plain path reports it
        log.debug("rule snapshot off: %s", exc)
        return build()
    rules = read_snapshot(path)
    if rules is not None:
        with contextlib.suppress(OSError):
            if time.time() - path.stat().st_mtime > STALE_AFTER_S / 7:
                os.utime(path)  # in use: not stale
        return rules
    rules = build()
    try:
        write_snapshot(path, rules)
    except (OSError, pickle.PicklingError) as exc:
        log.debug("rule snapshot not written to %s: %s", path, exc)
    return rules
