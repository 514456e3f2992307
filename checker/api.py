"""What other programs import: check paths or text, get a `Report` back.

    from checker.api import check_paths, check_text
    report = check_paths(["seeds/"])

`run` is a whole `checker check`: the local or the Dask engine, or bytes of standard input, then
the baseline (checker.policy); the CLI only turns options into its arguments and renders what it
returns.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker import policy
from checker.config import Config
from checker.context import DocumentContext
from checker.document import Document, InputError, display_path, load
from checker.findings import Finding, Report
from checker.pipeline import check_bytes, check_file, document_findings, input_error
from checker.rules.model import Rule
from checker.selection import all_rules, check_selectors, select_rules

if TYPE_CHECKING:
    from checker.baseline import Baseline, BaselineOutcome
    from checker.reporters.metrics_output import MetricsRun

# The names programs import from here, wherever they are defined.
__all__ = [
    "EngineError",
    "RunOptions",
    "RunResult",
    "SourceFiles",
    "all_rules",
    "check_bytes",
    "check_file",
    "check_paths",
    "check_selectors",
    "check_text",
    "document_findings",
    "input_error",
    "iter_inputs",
    "metrics_for_paths",
    "run",
    "select_rules",
]


def iter_inputs(paths: Iterable[str | os.PathLike[str]], config: Config) -> Iterator[str]:
    """Files to check, in a stable order: explicit files as given, directories walked sorted
    (include/exclude globs, .checkerignore files; see checker.walk).

    Symlinked directories are not followed (no loops); explicitly named files always are.
    """
    from checker.walk import walk_inputs

    return walk_inputs(paths, config)


def check_paths(paths: Iterable[str | os.PathLike[str]], config: Config | None = None,
                rules: Sequence[Rule] | None = None, *, jobs: int = 1,
                cache_dir: str | os.PathLike[str] | None = None, progress: bool = False) -> Report:
    """Check files and directories. `jobs` > 1 uses that many processes (same output as 1);
    `cache_dir` reuses results of unchanged files (off unless given); `progress` draws a bar on
    stderr when there are many files and stderr is a terminal.

    The report's `findings` are sorted and kept on disk (a `checker.spool.FindingSpool`, usable as a
    read-only list), so a run's memory does not grow with the number of documents."""
    config = config or Config()
    rules = select_rules(config) if rules is None else rules
    return _check_inputs(list(iter_inputs(paths, config)), config, rules, jobs=jobs, cache_dir=cache_dir,
                         progress=progress)


def _check_inputs(inputs: list[str], config: Config, rules: Sequence[Rule], *, jobs: int,
                  cache_dir: str | os.PathLike[str] | None, progress: bool) -> Report:
    """`check_paths` once the inputs are walked."""
    from checker.result_cache import ResultCache
    from checker.runner import ProgressBar, iter_checks, progress_wanted
    from checker.spool import FileStatuses, FindingSpool

    cache = ResultCache(cache_dir, rules, config) if cache_dir is not None else None
    # Checked in path order, the order findings are reported in, so each document's findings can go
    # straight to the on-disk spool (memory flat in the corpus size); statuses keep the walk order.
    order = sorted(range(len(inputs)), key=lambda i: display_path(inputs[i]))  # findings carry display paths
    findings, files = FindingSpool(), FileStatuses(len(inputs))
    bar = ProgressBar(len(inputs)) if progress and progress_wanted(len(inputs), quiet=False) else None
    with bar or contextlib.nullcontext():
        results = iter_checks([inputs[i] for i in order], check_file, rules, config, jobs=jobs, cache=cache,
                              on_done=bar.advance if bar else None)
        for i, (status, found) in zip(order, results, strict=True):
            files.set(i, status)
            findings.add(found)
    return Report.streamed(findings, files)


def check_text(text: str, config: Config | None = None, rules: Sequence[Rule] | None = None,
               path: str = "<text>") -> list[Finding]:
    config = config or Config()
    rules = select_rules(config) if rules is None else rules
    return document_findings(Document.from_text(text, path=path), rules, config)


def metrics_for_paths(paths: Iterable[str | os.PathLike[str]]) -> MetricsRun:
    """Extract the metrics of every input file (directories walked like `checker check`)."""
    from checker.reporters.metrics_output import MetricsRun

    config = Config()
    run = MetricsRun()
    for path in iter_inputs(paths, config):
        try:
            doc = load(path, max_bytes=config.max_bytes)
        except InputError as exc:
            run.errors.append({"path": str(path), "code": exc.code, "message": exc.message})
            continue
        run.frames.append(DocumentContext(doc).metrics)
    return run


class EngineError(Exception):
    """The Dask engine cannot be used (not installed, no scheduler at the address): a usage error."""


@dataclass(frozen=True)
class RunOptions:
    """How a run checks, beside what it checks (the config): see `run`."""

    engine: str = "local"  # local | dask
    scheduler: str | None = None  # --engine dask: the scheduler's address or file; None: a local cluster
    jobs: int = 1  # processes or Dask workers; 0: one per CPU
    cache_dir: str | os.PathLike[str] | None = None  # the local engine's result cache; None: off
    progress: bool = False
    baseline: Baseline | None = None  # findings to hide (checker.policy.apply_baseline)


@dataclass(frozen=True)
class RunResult:
    report: Report
    baseline: BaselineOutcome | None = None  # what the baseline hid, and its entries that no longer occur


def run(paths: Sequence[str | os.PathLike[str]], config: Config, rules: Sequence[Rule],
        options: RunOptions = RunOptions(), *, stdin: bytes | None = None, stdin_path: str = "-") -> RunResult:
    """One `checker check`: the `paths` (or, given `stdin`, those bytes standing for `stdin_path`)
    on the chosen engine, then the baseline. The local engine freezes what is loaded for the
    garbage collector during the run (`runner.freeze_loaded_state`; collected first only for a run
    of several documents) and unfreezes it after."""
    if stdin is not None:
        report = check_bytes(stdin, stdin_path, config, rules)
    elif options.engine == "dask" or options.scheduler:
        report = _check_on_dask(paths, config, rules, options)
    else:
        from checker.runner import freeze_loaded_state

        inputs = list(iter_inputs(paths, config))
        # the loaded rules live through the run: collections need not walk them
        freeze_loaded_state(collect=len(inputs) > 1)
        try:
            report = _check_inputs(inputs, config, rules, jobs=options.jobs if options.jobs > 0 else
                                   (os.cpu_count() or 1), cache_dir=options.cache_dir, progress=options.progress)
        finally:
            gc.unfreeze()  # collectable again (a host that runs checks in-process keeps nothing)
    if options.baseline is None:
        return RunResult(report)
    report, outcome = policy.apply_baseline(report, options.baseline)
    return RunResult(report, outcome)


def _check_on_dask(paths: Sequence[str | os.PathLike[str]], config: Config, rules: Sequence[Rule],
                   options: RunOptions) -> Report:
    """The same per-document check on a Dask cluster (no result cache there)."""
    try:
        import distributed  # noqa: F401

        from checker.distributed import check_paths as check_on_dask
    except ImportError:
        raise EngineError("--engine dask needs Dask: pip install 'gov-report-checker[dask]'") from None
    try:
        return check_on_dask(paths, config, rules=rules, scheduler=options.scheduler,
                             n_workers=options.jobs if options.jobs > 0 else None)
    except (OSError, TimeoutError) as exc:
        raise EngineError(f"cannot use the Dask scheduler {options.scheduler or '(local cluster)'}: {exc}") from None


class SourceFiles(Mapping[str, str]):
    """path -> original text of the checked files, read when asked for and not kept: the sources of
    a whole archive would not fit in memory. Files that cannot be read are absent."""

    def __init__(self, paths: Iterable[str]) -> None:
        self._paths = set(paths)
        self._last: tuple[str, str | None] | None = None

    def _load(self, path: str) -> str | None:
        if self._last is None or self._last[0] != path:
            try:
                text: str | None = load(path).source_text if path in self._paths else None
            except InputError:
                text = None
            self._last = (path, text)
        return self._last[1]

    def __getitem__(self, path: str) -> str:
        text = self._load(path)
        if text is None:
            raise KeyError(path)
        return text

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and self._load(path) is not None

    def __iter__(self) -> Iterator[str]:
        return (p for p in sorted(self._paths) if p in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)
