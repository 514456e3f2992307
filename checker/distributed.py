"""The distributed engine: the per-document check mapped over a Dask cluster.

    from checker.distributed import check_paths
    report = check_paths(["archive/"], scheduler="tcp://scheduler:8786")   # or none: a LocalCluster

The driver walks the inputs (the same walk as the local engine), cuts them into chunks and maps
`_check_chunk` over the cluster; the rules and config are scattered to every worker once. Each
chunk returns its files' findings (gathered to the driver, which sorts them exactly as the local
engine does: same findings, same order) and its metrics table, which stays on the workers as one
partition of a Dask DataFrame, validated lazily with the pandera schema (checker/schemas.py works
on Dask DataFrames partition by partition). Cross-document checks (checker/crossdoc.py) run on
that DataFrame as a Dask groupby, so the archive's figures are shuffled between workers, never
collected in the driver.

Workers read the files themselves: every path must be readable under the same name on every
worker (a shared or network file system), and the workers need checker installed at the same
version (docs/distributed.md).
"""

from __future__ import annotations

import contextlib
import logging
import operator
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from checker.config import Config
from checker.findings import FileStatus, Finding, Report

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client

    from checker.crossdoc import ReportPeriod
    from checker.rules.model import Rule

# Files per task: large enough that scheduling overhead (~1 ms a task) is small beside the check
# (~10 ms a report), small enough to balance the load across workers.
DEFAULT_CHUNK_SIZE = 32

ChunkResult = tuple[list[tuple[FileStatus, list[Finding]]], "pd.DataFrame"]


@dataclass
class DistributedRun:
    """What a distributed run produced: the report, and the metrics table of every document."""

    report: Report
    # One partition per chunk, kept on the workers; `None` when the run was asked not to keep it.
    metrics: dd.DataFrame | None


def metrics_meta() -> pd.DataFrame:
    """Empty metrics table with the document-level columns the distributed table adds."""
    import pandas as pd

    from checker.extract import empty_table

    return empty_table().assign(place=pd.Series([], dtype="str"), year=pd.Series([], dtype="Int64"),
                                partial_period=pd.Series([], dtype="bool"))


def _document_metrics(ctx: Any, period: ReportPeriod | None) -> pd.DataFrame:
    """The document's metrics with its place and year, and whether each figure's sentence names a
    part of the year (上半年, 1-9月 …): such a figure is no annual value, whatever the title says."""
    table = ctx.metrics
    if period is None:
        return table.assign(place=None, year=None, partial_period=False)
    place, year = period.of(ctx.text, ctx.path)
    partial = period.partial_before(ctx.text, [int(s) for s in table["start"]])
    return table.assign(place=place, year=year, partial_period=partial)


def _check_chunk(paths: Sequence[str], rules: Sequence[Rule], config: Config,
                 period: ReportPeriod | None, want_metrics: bool) -> ChunkResult:
    """Runs on a worker: the local engine's per-file check, plus each document's metrics table."""
    import pandas as pd

    from checker.context import DocumentContext
    from checker.document import InputError, display_path, load
    from checker.pipeline import document_findings, input_error

    results: list[tuple[FileStatus, list[Finding]]] = []
    tables: list[pd.DataFrame] = []
    for path in paths:
        try:
            doc = load(path, max_bytes=config.max_bytes)
        except InputError as exc:
            shown = display_path(path)  # a GBK file name is not UTF-8: shown decoded, as the local engine does
            results.append((FileStatus(path=shown, ok=False, error=exc.text(config.lang)),
                            [input_error(shown, exc.code, exc.text(config.lang))]))
            continue
        ctx = DocumentContext(doc, lang=config.lang)
        findings = document_findings(doc, rules, config, ctx=ctx)
        results.append((FileStatus(path=path, ok=True, encoding=doc.encoding, findings=len(findings)), findings))
        if want_metrics:
            try:
                tables.append(_document_metrics(ctx, period))
            except Exception as exc:  # an extractor bug costs this document's figures, not the run
                logging.getLogger(__name__).warning("metrics of %s not extracted: %s", path, exc)
    meta = metrics_meta()
    table = pd.concat([meta, *tables], ignore_index=True) if tables else meta
    return results, table.astype(meta.dtypes.to_dict())


@contextlib.contextmanager
def connect(scheduler: str | None = None, *, n_workers: int | None = None,
            processes: bool = True) -> Iterator[Client]:
    """A client of the cluster at `scheduler` (tcp://host:8786, or a scheduler file path ending in
    .json), or of a LocalCluster of `n_workers` single-threaded processes (default: one per CPU)
    that lives as long as the `with` block. A program that starts a LocalCluster of processes
    must guard its entry point with `if __name__ == "__main__":` (multiprocessing spawns)."""
    from distributed import Client, LocalCluster

    if scheduler:
        if scheduler.endswith(".json") and os.path.isfile(scheduler):
            client = Client(scheduler_file=scheduler)
        else:
            client = Client(scheduler)
        with client:
            yield client
        return
    workers = n_workers or os.cpu_count() or 1
    # One worker gains nothing from a separate process and would pay its start-up (imports, jieba).
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes and workers > 1,
                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def _chunks(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i:i + size])


def run(paths: Iterable[str | os.PathLike[str]], client: Client, config: Config | None = None,
        rules: Sequence[Rule] | None = None, *, chunk_size: int = DEFAULT_CHUNK_SIZE,
        cross_document: bool = True, keep_metrics: bool = True) -> DistributedRun:
    """Check on the cluster behind `client`. Findings are those of the local engine (same order),
    plus the cross-document findings when `cross_document` is on."""
    import dask.dataframe as dd
    from distributed import as_completed

    from checker import crossdoc
    from checker.schemas import METRICS_SCHEMA
    from checker.selection import select_rules
    from checker.walk import walk_inputs

    config = config or Config()
    rules = select_rules(config) if rules is None else list(rules)
    cross_rules = crossdoc.selected(config) if cross_document else []
    want_metrics = keep_metrics or bool(cross_rules)
    period = crossdoc.load().report_period if want_metrics else None
    inputs = list(walk_inputs(paths, config))
    # At least ~4 chunks per worker, so a small run still spreads over the cluster.
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    chunks = list(_chunks(inputs, max(1, min(chunk_size, -(-len(inputs) // (4 * workers))))))

    shared = client.scatter([list(rules), config, period], broadcast=True, hash=False)
    futures = client.map(_check_chunk, chunks, rules=shared[0], config=shared[1], period=shared[2],
                         want_metrics=want_metrics, pure=False)
    table_futures = [client.submit(operator.itemgetter(1), f, pure=False) for f in futures] if want_metrics else []
    per_chunk: list[list[tuple[FileStatus, list[Finding]]]] = [[] for _ in chunks]
    index = {f.key: i for i, f in enumerate(futures)}
    for future, result in as_completed(futures, with_results=True):
        per_chunk[index[future.key]] = result[0]
        future.release()  # the findings are here now; the table lives on in table_futures
    del futures

    report = Report()
    for results in per_chunk:
        for status, findings in results:
            report.files.append(status)
            report.findings.extend(findings)

    metrics = None
    if table_futures:
        metrics = METRICS_SCHEMA.validate(dd.from_delayed(table_futures, meta=metrics_meta(), verify_meta=False))
    for rule in cross_rules if metrics is not None else []:
        rows = crossdoc.cross_year_growth(metrics, rule).compute()
        found = crossdoc.to_findings(rows, rule, config)
        report.findings.extend(found)
        counts: dict[str, int] = {}
        for f in found:
            counts[f.path] = counts.get(f.path, 0) + 1
        for status in report.files:
            status.findings += counts.get(status.path, 0)
    return DistributedRun(report=report.sorted(), metrics=metrics if keep_metrics else None)


def check_paths(paths: Iterable[str | os.PathLike[str]], config: Config | None = None,
                rules: Sequence[Rule] | None = None, *, scheduler: str | None = None,
                client: Client | None = None, n_workers: int | None = None,
                chunk_size: int = DEFAULT_CHUNK_SIZE, cross_document: bool = True) -> Report:
    """`checker.api.check_paths` on a Dask cluster: `client`, else the scheduler at `scheduler`,
    else a LocalCluster for the duration of the call."""
    kwargs: dict[str, Any] = {"chunk_size": chunk_size, "cross_document": cross_document, "keep_metrics": False}
    if client is not None:
        return run(paths, client, config, rules, **kwargs).report
    with connect(scheduler, n_workers=n_workers) as own:
        return run(paths, own, config, rules, **kwargs).report
