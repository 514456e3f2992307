"""The result cache: a file's findings reused while its bytes, the rules and the config are unchanged.

One JSON entry per (file path, content hash) under a directory named by a salt of checker version +
code + Python and library versions + rules + effective config. Anything that could change a file's
findings changes the salt or the key, so a hit is always what a fresh check would say (safe in CI).
The cache lives in a folder checker made and tagged (CACHEDIR.TAG); it never prunes or overwrites
anything it did not write there (`cache_folder`).

A file's bytes are hashed once per run (`content_key`); whether it changed while it was checked is
told by a `stat` snapshot taken with the hash (`FileKey.unchanged`), not by reading it again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import stat
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from checker import __version__
from checker.config import Config
from checker.findings import CheckResult, FileStatus, Finding
from checker.lexicon import builtin_rules_dir
from checker.safe_read import UnreadableFile, read_regular
from checker.safe_write import WriteError, write_text

if TYPE_CHECKING:
    from checker.rules.model import Rule

DEFAULT_CACHE_DIR = ".checker_cache"
# Salt directories unused for this long are removed when a new one is made.
CACHE_MAX_AGE_S = 7 * 24 * 3600
# A cache entry is one document's findings as JSON; anything larger was not written by checker.
_MAX_ENTRY_BYTES = 256 * 1024 * 1024

log = logging.getLogger(__name__)


def _snapshot(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


@dataclass(frozen=True, slots=True)
class FileKey:
    """A file's cache key (`digest`: its path and bytes hashed) and the `stat` taken before reading."""

    digest: str
    snapshot: tuple[int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns

    def unchanged(self, path: str) -> bool:
        """Whether the file still is what was hashed: an edit during the run changes its mtime or
        size (or, for an editor's rename, its inode), so its old findings are never stored as new."""
        try:
            return _snapshot(os.stat(path)) == self.snapshot
        except OSError:
            return False


class _CacheEntry(BaseModel):
    status: FileStatus
    findings: list[Finding]


def _code_hash() -> str:
    """Hash of checker's own source: an edited rule kind invalidates the cache even without a release
    (the rule snapshot's, computed once per process)."""
    from checker.rules.snapshot import code_digest

    return code_digest()


# Libraries whose behaviour shapes findings (segmentation, script conversion, regex semantics, .docx text).
_RESULT_LIBRARIES = ("jieba", "rjieba", "opencc-python-reimplemented", "regex", "google-re2", "pyahocorasick",
                     "pandas", "pandera", "pydantic", "python-docx", "pypdfium2")


@lru_cache(maxsize=1)
def _environment() -> str:
    """Python and library versions: an upgraded segmenter must not be answered from old entries."""
    return ";".join([sys.version, *(f"{name}={_version(name)}" for name in _RESULT_LIBRARIES)])


def _version(name: str) -> str:
    """An installed distribution's version, "-" when it is not installed. Read from the `Version:`
    line of its metadata's headers: `importlib.metadata.version` parses the whole file (a long
    description) with the email parser, two thirds of the ~10 ms these lookups cost a start."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        dist = distribution(name)
    except PackageNotFoundError:
        return "-"
    for line in (dist.read_text("METADATA") or dist.read_text("PKG-INFO") or "").splitlines():
        if not line:
            break  # the end of the headers
        if line.startswith("Version:"):
            return line.removeprefix("Version:").strip()
    return str(dist.version)


def rules_hash(rules: Sequence[Rule], config: Config) -> str:
    """The selected rules (after overrides) and every data file the kinds may read (lexicons).

    A built-in rule as loaded (the very object `builtin_rules()` returned) is hashed by its id: it
    is made from the rule files hashed below and checker's code, which the salt holds. Dumping it
    would build the serialisers of every rule kind (~0.1 s of a start; the models defer them)."""
    from checker.rules.loader import builtin_rules

    as_loaded = {id(r) for r in builtin_rules()} if builtin_rules.cache_info().currsize else set()
    h = hashlib.sha256()
    for r in rules:
        h.update(f"built-in {r.id}\0".encode() if id(r) in as_loaded else r.model_dump_json().encode("utf-8"))
    # Every file of the built-in rules directory (the segmenter's dictionary jieba_userdict.txt too:
    # it changes the subjects figures get); of a user's rule directory, its rule files.
    builtin = builtin_rules_dir()
    for d, pattern in [(builtin, "*"), *((Path(e), "*.y*ml") for e in config.extra_rules)]:
        for f in sorted(d.glob(pattern)) if d.is_dir() else []:
            if f.is_file():
                h.update(f.name.encode())
                h.update(f.read_bytes())
    return h.hexdigest()


# The cache folder is checker's when it holds this tag (the Cache Directory Tagging Specification's
# signature, which backup tools honour, and checker's own line); only such a folder is ever pruned.
CACHE_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# checker result cache\n"
# A salt directory's name: what checker makes in its folder, and all it ever removes there.
_SALT_NAME = re.compile(r"[0-9a-f]{24}")


def _is_checker_cache(folder: Path) -> bool:
    try:
        return (folder / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith(CACHE_TAG)
    except (OSError, UnicodeDecodeError):
        return False


def cache_folder(directory: str | os.PathLike[str]) -> Path | None:
    """The folder checker keeps its cache in, given `--cache-dir DIR`: DIR itself when it is checker's
    (tagged), new or empty; otherwise (`--cache-dir .`, a folder of the user's) its own subfolder
    DIR/.checker_cache, under the same conditions. None when neither may be used."""
    base = Path(directory)
    for folder in (base, base / DEFAULT_CACHE_DIR):
        try:
            if not folder.exists() or _is_checker_cache(folder) or (folder.is_dir() and not any(folder.iterdir())):
                return folder
        except OSError:
            return None
    return None


class ResultCache:
    """Findings of unchanged files, keyed on path + content hash inside a salted directory of
    checker's own cache folder (`cache_folder`). A cache that cannot be written costs speed, never
    correctness: the first failure is logged as a warning and the run goes on."""

    def __init__(self, directory: str | os.PathLike[str], rules: Sequence[Rule], config: Config) -> None:
        salt = hashlib.sha256("\x1f".join((__version__, _code_hash(), _environment(), rules_hash(rules, config),
                                           config.per_file_hash())).encode()).hexdigest()[:24]
        own = cache_folder(directory)
        self.base = own if own is not None else Path(directory) / DEFAULT_CACHE_DIR
        self.dir = self.base / salt
        self.writable = own is not None
        self.write_error: str | None = None
        if not self.writable:
            self.write_error = f"{self.base}: a folder checker did not make (no CACHEDIR.TAG of checker's); not used"
            log.warning("checker: warning: result cache off: %s", self.write_error)
        self.hits = 0
        self.misses = 0

    @staticmethod
    def content_key(path: str, max_bytes: int) -> FileKey | None:
        """Key of a regular file's path and bytes; None (not cached) for anything else: reading a
        FIFO would block, and an oversized file is refused by the check anyway."""
        try:
            st = os.stat(path)
            if not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes:
                return None
            with open(path, "rb") as fh:
                data = fh.read(min(st.st_size, max_bytes) + 1)  # read(n) allocates n bytes up front
        except (OSError, ValueError):
            return None
        digest = hashlib.sha256(path.encode("utf-8", "surrogateescape") + b"\0" + data).hexdigest()
        return FileKey(digest, _snapshot(st))

    def _entry(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        """Whether an entry exists (a stat, no parse): tells which files a run must check."""
        return self.writable and self._entry(key).is_file()

    def get(self, key: str) -> CheckResult | None:
        if not self.writable:
            return None
        try:
            # pydantic-core parses and validates the JSON in one pass (the warm path of a big run).
            # read_regular: a FIFO or device planted in the cache folder is refused, never waited on
            entry = _CacheEntry.model_validate_json(read_regular(self._entry(key), _MAX_ENTRY_BYTES))
        except (OSError, ValueError, UnreadableFile):
            return None  # missing or damaged entry (ValidationError is a ValueError): check again
        return entry.status, entry.findings

    def put(self, key: str, result: CheckResult) -> None:
        status, findings = result
        if not status.ok or not self.writable or self.write_error is not None:
            return  # unreadable files are re-tried every run; after a failure the run stops trying
        entry = self._entry(key)
        if os.path.lexists(entry) and not os.path.isfile(entry):
            return  # something else (a FIFO, a link to a device) sits at the entry's name: leave it be
        payload = {
            "status": status.model_dump(mode="json"),
            # `context` is left out of the JSON contract but baselines need it.
            "findings": [{**f.model_dump(mode="json"), "context": f.context} for f in findings],
        }
        try:
            self._prepare()
            # atomic, not fsynced: an entry lost or emptied by a crash is only a file checked again
            # (`get` refuses what does not validate), and an fsync per document cost ~3 ms here, more on CI disks
            write_text(entry, json.dumps(payload, ensure_ascii=False), make_parents=True, sync=False)
        except WriteError as exc:
            self.write_error = str(exc)
            log.warning("checker: warning: result cache not written: %s", exc)

    def _prepare(self) -> None:
        """Make checker's cache folder (tagged, kept out of version control) and this run's salt
        directory; remove salt directories of older runs unused for CACHE_MAX_AGE_S. Nothing else
        in the folder is touched, and files already there are never overwritten."""
        if self.dir.is_dir():
            return
        try:
            self.base.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(self.base, exc.strerror or str(exc)) from None
        for name, text in (("CACHEDIR.TAG", CACHE_TAG),
                           # kept out of version control and backups, as pytest and ruff do
                           (".gitignore", "# Created by checker automatically.\n*\n")):
            if not (self.base / name).exists():
                write_text(self.base / name, text)
        try:
            self.dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise WriteError(self.dir, exc.strerror or str(exc)) from None
        now = time.time()
        for old in self.base.iterdir():
            if (_SALT_NAME.fullmatch(old.name) and old != self.dir and not old.is_symlink() and old.is_dir()
                    and now - old.stat().st_mtime > CACHE_MAX_AGE_S):
                shutil.rmtree(old, ignore_errors=True)

