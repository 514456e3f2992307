"""Running the per-document check over many files: in order, in a process pool, through the cache.

The runner knows nothing of how one file is checked: it is handed the per-document function
(`checker.api.check_file`), so the api that calls it is above it and never imported by it.
`jobs > 1` runs a ProcessPoolExecutor whose workers receive that function, the rules and the
config once (initializer), not once per file; results are yielded in input order, so output is
identical to a serial run.
"""

from __future__ import annotations

import gc
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from checker.config import Config
from checker.findings import CheckResult
from checker.result_cache import FileKey, ResultCache

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from checker.rules.model import Rule

# Below this many files a progress bar is noise.
PROGRESS_MIN_FILES = 20

# How one file is checked: (path, rules, config) -> its status and findings.
CheckFile = Callable[[str, "Sequence[Rule]", Config], CheckResult]

_worker_state: tuple[CheckFile, Sequence[Rule], Config] | None = None


def freeze_loaded_state(collect: bool = True) -> None:
    """Hand what is loaded so far (rules, compiled patterns, lexicons, jieba's dictionary) to the
    garbage collector's permanent generation, for a process that runs one check to its end.

    They live until the process exits, yet every collection of the long run would walk them again;
    checking reports allocates millions of short-lived objects, so collections are frequent. Measured
    on 200 generated reports: 12-15% less CPU (benchmarks/run.py). Not for a long-lived host that
    calls the API repeatedly unless it calls `gc.unfreeze()` after the run (the CLI does).

    `collect=False`: freeze without the full collection first (a run of one document: the collection
    of everything loaded cost ~30 ms of a 0.9 s start, to free start-up garbage the process's exit frees)."""
    if collect:
        gc.collect()
    gc.freeze()


def _init_worker(check_file: CheckFile, rules: Sequence[Rule], config: Config) -> None:
    global _worker_state
    _worker_state = (check_file, rules, config)
    freeze_loaded_state()


def _check_in_worker(path: str) -> CheckResult:
    assert _worker_state is not None, "worker not initialised"
    check_file, rules, config = _worker_state
    return check_file(path, rules, config)


def iter_checks(paths: Sequence[str], check_file: CheckFile, rules: Sequence[Rule], config: Config,
                jobs: int = 1, cache: ResultCache | None = None,
                on_done: Callable[[int], None] | None = None) -> Iterator[CheckResult]:
    """`check_file` over `paths` (already walked), yielding their results in the same order, each
    as soon as it and those before it are known, so the caller can spool them and the run never
    holds them all.

    With a cache, a first pass hashes each file once and asks which have an entry; the results are
    read or computed in the second, ordered pass. With `jobs` > 1 the files to check go to a process
    pool a bounded window ahead of the one being yielded."""
    n = len(paths)
    keys: list[FileKey | None] = [None] * n
    missing = bytearray(n)  # 1: no cache entry, the file is checked
    for i, path in enumerate(paths):
        keys[i] = key = cache.content_key(path, config.max_bytes) if cache is not None else None
        missing[i] = cache is None or key is None or not cache.has(key.digest)
    to_check = sum(missing)

    def from_cache(i: int) -> CheckResult | None:
        """The cached result of file i, or None."""
        if cache is None:
            return None
        key = keys[i]
        hit = cache.get(key.digest) if key is not None and not missing[i] else None
        if hit is None:
            cache.misses += 1
        else:
            cache.hits += 1
            keys[i] = None
        return hit

    def finish(i: int, result: CheckResult) -> CheckResult:
        # Stored as soon as known (an interrupted run keeps its work), and only when the file is
        # still what its key was made from: an edit during the run must not be cached as the old text.
        # A file that ran out of time is not cached: on a quieter machine it may finish.
        key = keys[i]
        keys[i] = None  # done with: the run holds no more than it must
        if cache is not None and key is not None and not _too_slow(result) and key.unchanged(paths[i]):
            cache.put(key.digest, result)
        if on_done:
            on_done(1)
        return result

    if jobs <= 1 or to_check <= 1:
        for i in range(n):
            hit = from_cache(i)
            if hit is not None:
                if on_done:
                    on_done(1)
                yield hit
            else:
                yield finish(i, check_file(paths[i], rules, config))
        return

    workers = min(jobs, to_check)
    window = workers * 8  # results held while waiting for the oldest: bounded, whatever the corpus
    pending: deque[tuple[int, CheckResult | Future[CheckResult]]] = deque()

    def pop() -> CheckResult:
        i, item = pending.popleft()
        if isinstance(item, Future):
            return finish(i, item.result())
        if on_done:
            on_done(1)
        return item

    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: ~20 ms a one-process run need not import

    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                               initargs=(check_file, list(rules), config))
    try:
        for i in range(n):
            hit = from_cache(i)
            pending.append((i, hit if hit is not None else pool.submit(_check_in_worker, paths[i])))
            while len(pending) > window or (pending and _ready(pending[0][1])):
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
