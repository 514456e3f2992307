"""Batch runs: which files a directory holds, checking them in parallel, and the result cache.

* Walking: directories are walked recursively in sorted order (hidden entries and symlinked
  directories skipped); a file is taken when its name or relative path matches an `include` glob
  and no `exclude` pattern or `.checkerignore` file (gitignore syntax, via pathspec) excludes it.
  An ignore file applies to its own directory and below, like .gitignore. Files named explicitly
  on the command line are always checked.
* Parallelism: `jobs > 1` runs a ProcessPoolExecutor whose workers receive the rules and config
  once (initializer), not once per file; `map` keeps the input order, so output is identical to a
  serial run.
* Cache: one JSON entry per (file path, content hash) under a directory named by a salt of
  checker version + code + Python and library versions + rules + effective config. Anything that
  could change a file's findings changes the salt or the key, so a hit is always what a fresh check
  would say (safe in CI). The cache lives in a folder checker made and tagged (CACHEDIR.TAG); it
  never prunes or overwrites anything it did not write there (`cache_folder`).
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import re
import shutil
import stat
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pathspec
from pydantic import BaseModel

from checker import __version__
from checker.config import Config
from checker.findings import FileStatus, Finding
from checker.safe_read import UnreadableFile, read_regular
from checker.safe_write import WriteError, write_text

if TYPE_CHECKING:
    from checker.rules.model import Rule

IGNORE_FILE = ".checkerignore"
DEFAULT_CACHE_DIR = ".checker_cache"
# Below this many files a progress bar is noise.
PROGRESS_MIN_FILES = 20
# Salt directories unused for this long are removed when a new one is made.
CACHE_MAX_AGE_S = 7 * 24 * 3600
# A cache entry is one document's findings as JSON; anything larger was not written by checker.
_MAX_ENTRY_BYTES = 256 * 1024 * 1024

CheckResult = tuple[FileStatus, list[Finding]]
log = logging.getLogger(__name__)


class _CacheEntry(BaseModel):
    status: FileStatus
    findings: list[Finding]


# ---------------------------------------------------------------------------------------------
# Walking


def _spec(patterns: Iterable[str]) -> pathspec.GitIgnoreSpec:
    # pathspec's own regexes: its "best" backend is RE2 once google-re2 is installed, and RE2
    # cannot take a file name that is not UTF-8 (a GBK name from a Windows archive, surrogates)
    return pathspec.GitIgnoreSpec.from_lines(patterns, backend="simple")


def _read_ignore_file(directory: Path) -> pathspec.PathSpec | None:
    f = directory / IGNORE_FILE
    if not os.path.isfile(f):  # never raises (Path.is_file does on a path too long for the file system)
        return None
    try:
        return _spec(f.read_text(encoding="utf-8-sig").splitlines())
    except (OSError, UnicodeDecodeError):
        return None


def _ancestor_ignores(top: Path, root: str | None) -> list[tuple[Path, pathspec.PathSpec]]:
    """Ignore files above the walked directory, up to the config file's directory (outermost first)."""
    if root is None:
        return []
    stop = Path(root)
    if top != stop and stop not in top.parents:
        return []
    found = []
    for d in [top, *top.parents][1:]:
        spec = _read_ignore_file(d)
        if spec is not None:
            found.append((d, spec))
        if d == stop:
            break
    return found[::-1]


def _relative(prefix: str, name: str) -> str:
    """`name` inside a directory whose path relative to some base is `prefix` ("." for the base)."""
    return name if prefix == "." else f"{prefix}/{name}"


def _ignored(name: str, is_dir: bool, forms: list[str], exclude: pathspec.PathSpec,
             ignores: list[tuple[str, pathspec.PathSpec]]) -> bool:
    """Whether an entry of a directory is excluded. `forms` are the directory's paths relative to
    the walked directory and the config root, `ignores` pairs each applicable ignore file with the
    directory's path relative to that file's directory: strings, not Path objects, because pathlib
    interns every name it parses, which would keep every file name of an archive for good."""
    slash = "/" if is_dir else ""
    if any(exclude.match_file(_relative(f, name) + slash) for f in forms):
        return True
    return any(spec.match_file(_relative(rel, name) + slash) for rel, spec in ignores)


def _under(base: Path, here: Path) -> bool:
    return base == here or base in here.parents


def walk_inputs(paths: Iterable[str | os.PathLike[str]], config: Config) -> Iterator[str]:
    """Files to check, in a stable order: explicit files as given, directories walked sorted.

    `exclude` patterns (gitignore syntax) are matched against the path relative to the walked
    directory and relative to the config file's directory; `include` globs against the file name
    or its path relative to the walked directory.
    """
    import fnmatch

    exclude = _spec(config.exclude)
    root = Path(config.root) if config.root else None
    for raw in paths:
        top = Path(raw)
        if not os.path.isdir(top):  # never raises, unlike Path.is_dir on a path too long to stat
            yield str(raw)
            continue
        top_abs = top.resolve()
        # (absolute directory the patterns are relative to, its spec), outermost first
        inherited = _ancestor_ignores(top_abs, config.root)
        ignores: list[tuple[Path, pathspec.PathSpec]] = list(inherited)
        unlisted: list[OSError] = []  # folders os.walk could not list (too long a path, no permission)
        for dirpath, dirs, files in os.walk(top, followlinks=False, onerror=unlisted.append):
            while unlisted:  # reported as inputs (one input.unreadable each), not dropped in silence
                failed = unlisted.pop(0).filename
                if failed is not None:
                    yield os.fsdecode(failed)
            here = top_abs / Path(dirpath).relative_to(top)
            ignores = [(b, s) for b, s in ignores if _under(b, here)]
            spec = _read_ignore_file(here)
            if spec is not None:
                ignores.append((here, spec))
            rel_here = here.relative_to(top_abs).as_posix()
            forms = [rel_here] + ([here.relative_to(root).as_posix()] if root is not None and _under(root, here)
                                  else [])
            where = (forms, exclude, [(here.relative_to(b).as_posix(), s) for b, s in ignores])
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _ignored(d, True, *where))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                rel = _relative(rel_here, name)
                if not any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in config.include):
                    continue
                if _ignored(name, False, *where):
                    continue
                yield os.path.join(dirpath, name)
        for error in unlisted:
            if error.filename is not None:
                yield os.fsdecode(error.filename)


# ---------------------------------------------------------------------------------------------
# Cache


@lru_cache(maxsize=1)
def _code_hash() -> str:
    """Hash of checker's own source: an edited rule kind invalidates the cache even without a release."""
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent
    for f in sorted(pkg.rglob("*.py")):
        h.update(f.relative_to(pkg).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()


# Libraries whose behaviour shapes findings (segmentation, script conversion, regex semantics, .docx text).
_RESULT_LIBRARIES = ("jieba", "rjieba", "opencc-python-reimplemented", "regex", "pandas", "pandera", "pydantic",
                     "python-docx")


@lru_cache(maxsize=1)
def _environment() -> str:
    """Python and library versions: an upgraded segmenter must not be answered from old entries."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [sys.version]
    for name in _RESULT_LIBRARIES:
        try:
            parts.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name}=-")
    return ";".join(parts)


def rules_hash(rules: Sequence[Rule], config: Config) -> str:
    """The selected rules (after overrides) and every data file the kinds may read (lexicons)."""
    from checker.rules.loader import builtin_rules_dir

    h = hashlib.sha256()
    for r in rules:
        h.update(r.model_dump_json().encode("utf-8"))
    for d in [builtin_rules_dir(), *map(Path, config.extra_rules)]:
        for f in sorted(d.glob("*.y*ml")) if d.is_dir() else []:
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
    def content_key(path: str, max_bytes: int) -> str | None:
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
        return hashlib.sha256(path.encode("utf-8", "surrogateescape") + b"\0" + data).hexdigest()

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
            write_text(entry, json.dumps(payload, ensure_ascii=False), make_parents=True)
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


# ---------------------------------------------------------------------------------------------
# Running


_worker_state: tuple[Sequence[Rule], Config] | None = None


def freeze_loaded_state() -> None:
    """Hand what is loaded so far (rules, compiled patterns, lexicons, jieba's dictionary) to the
    garbage collector's permanent generation, for a process that runs one check to its end.

    They live until the process exits, yet every collection of the long run would walk them again;
    checking reports allocates millions of short-lived objects, so collections are frequent. Measured
    on 200 generated reports: 12-15% less CPU (benchmarks/run.py). Not for a long-lived host that
    calls the API repeatedly unless it calls `gc.unfreeze()` after the run (the CLI does)."""
    gc.collect()
    gc.freeze()


def _init_worker(rules: Sequence[Rule], config: Config) -> None:
    global _worker_state
    _worker_state = (rules, config)
    freeze_loaded_state()


def _check_in_worker(path: str) -> CheckResult:
    from checker.api import check_file

    assert _worker_state is not None, "worker not initialised"
    rules, config = _worker_state
    return check_file(path, rules, config)


def run_checks(paths: Sequence[str], rules: Sequence[Rule], config: Config, jobs: int = 1,
               cache: ResultCache | None = None,
               on_done: Callable[[int], None] | None = None) -> list[CheckResult]:
    """Check `paths` (already walked) and return their results in the same order."""
    return list(iter_checks(paths, rules, config, jobs=jobs, cache=cache, on_done=on_done))


def iter_checks(paths: Sequence[str], rules: Sequence[Rule], config: Config, jobs: int = 1,
                cache: ResultCache | None = None,
                on_done: Callable[[int], None] | None = None) -> Iterator[CheckResult]:
    """Check `paths` (already walked) and yield their results in the same order, each as soon as it
    and those before it are known, so the caller can spool them and the run never holds them all.

    A first pass only asks which files have a cache entry (one byte per file); the results are read
    or computed in the second, ordered pass. With `jobs` > 1 the files to check go to a process pool
    a bounded window ahead of the one being yielded."""
    from checker.api import check_file

    n = len(paths)
    missing = bytearray(n)  # 1: no cache entry, the file is checked
    for i, path in enumerate(paths):
        key = cache.content_key(path, config.max_bytes) if cache is not None else None
        missing[i] = key is None or not cache.has(key)  # type: ignore[union-attr]
    to_check = sum(missing)

    def from_cache(i: int) -> tuple[CheckResult | None, str | None]:
        """The cached result of file i, or None and the key to store its fresh result under."""
        if cache is None:
            return None, None
        key = cache.content_key(paths[i], config.max_bytes)
        hit = cache.get(key) if key and not missing[i] else None
        if hit is None:
            cache.misses += 1
        else:
            cache.hits += 1
        return hit, key

    def finish(i: int, key: str | None, result: CheckResult) -> CheckResult:
        # Stored as soon as known (an interrupted run keeps its work), and only when the file still
        # has the bytes the key was made from: an edit during the run must not be cached as the old text.
        # A file that ran out of time is not cached: on a quieter machine it may finish.
        if cache is not None and key is not None and not _too_slow(result) \
                and cache.content_key(paths[i], config.max_bytes) == key:
            cache.put(key, result)
        if on_done:
            on_done(1)
        return result

    if jobs <= 1 or to_check <= 1:
        for i in range(n):
            hit, key = from_cache(i)
            if hit is not None:
                if on_done:
                    on_done(1)
                yield hit
            else:
                yield finish(i, key, check_file(paths[i], rules, config))
        return

    workers = min(jobs, to_check)
    window = workers * 8  # results held while waiting for the oldest: bounded, whatever the corpus
    pending: deque[tuple[int, str | None, CheckResult | Future[CheckResult]]] = deque()

    def pop() -> CheckResult:
        i, key, item = pending.popleft()
        if isinstance(item, Future):
            return finish(i, key, item.result())
        if on_done:
            on_done(1)
        return item

    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(list(rules), config))
    try:
        for i in range(n):
            hit, key = from_cache(i)
            pending.append((i, key, hit if hit is not None else pool.submit(_check_in_worker, paths[i])))
            while len(pending) > window or (pending and _ready(pending[0][2])):
                yield pop()
        while pending:
            yield pop()
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now (Ctrl-C, an error, a consumer that stopped reading): drop the queued files and
    end the workers, which may be in the middle of a long file. `shutdown` alone waits for every
    file already handed out, and a worker that got the Ctrl-C too only fails its current file and
    takes the next."""
    workers = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.terminate()


def _too_slow(result: CheckResult) -> bool:
    return any(f.rule == "input.too-slow" for f in result[1])


def _ready(item: CheckResult | Future[CheckResult]) -> bool:
    return not isinstance(item, Future) or item.done()


def progress_wanted(n_files: int, quiet: bool) -> bool:
    return not quiet and n_files >= PROGRESS_MIN_FILES and sys.stderr.isatty()


class ProgressBar:
    """A rich progress bar on stderr (never stdout: it would corrupt JSON output)."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
                                  TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        self._task = self._progress.add_task("check", total=total)

    def __enter__(self) -> ProgressBar:
        self._progress.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._progress.stop()

    def advance(self, n: int) -> None:
        self._progress.advance(self._task, n)
