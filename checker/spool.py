"""Findings of a run kept on disk, not in memory, so a run's memory does not grow with the corpus.

A run of 10,000 reports makes hundreds of thousands of findings, each a pydantic object with its
message, its line's text and an evidence dict; holding them all until the report is rendered made
peak memory grow with the number of documents. `FindingSpool` instead appends each document's
findings (already sorted) to an anonymous temporary file as one pickled record and reads them back
one record at a time. It is a read-only `Sequence[Finding]`, so callers that did `len(report.findings)`,
`report.findings[0]` or `for f in report.findings` keep working; while being written it also counts
findings by severity, category and rule, so the summary and the exit code need no extra pass.

Order: `Report.findings` is sorted by `Finding.sort_key` (a stable sort). Documents are added in path
order with their own findings sorted, so the records usually form one sorted run that is read
straight through; when a record sorts before the one added last (a path named twice, a display path
that differs from the walked one), a new run starts and reading merges the runs (heapq.merge is
stable, so the order equals `sorted(all_findings, key=Finding.sort_key)`).

`FileStatuses` does the same for the per-file statuses: one small tuple per file, not a model.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import pickle
import tempfile
import weakref
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, TypeVar, overload

from checker.findings import FileStatus, Finding

__all__ = ["FileStatuses", "FindingSpool"]


T = TypeVar("T")


class _ListLike(Sequence[T]):
    """What a list gives its callers besides iteration: indexes, slices (as lists) and `==` with lists."""

    def _item(self, index: int) -> T:
        raise NotImplementedError

    def _slice(self, start: int, stop: int, step: int) -> list[T]:
        return [self._item(i) for i in range(start, stop, step)]

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return self._slice(*index.indices(len(self)))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("index out of range")
        return self._item(index)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class FindingSpool(_ListLike[Finding]):
    """Append-only, on-disk, sorted sequence of findings (see the module docstring)."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        # Per record: byte offset, byte length, number of findings before it (all compact arrays).
        self._offsets = array("q")
        self._lengths = array("q")
        self._starts = array("q")
        self._count = 0
        self._end = 0
        self._runs: list[int] = []  # index of the first record of each sorted run
        self._last_key: tuple[Any, ...] | None = None
        self._cached: tuple[int, list[Finding]] | None = None
        self.by_severity: Counter[str] = Counter()
        self.by_category: Counter[str] = Counter()
        self.by_rule: Counter[str] = Counter()

    # -- writing ------------------------------------------------------------------------------

    def add(self, findings: Iterable[Finding]) -> None:
        """Append one document's findings (sorted here; the sort is stable, as Report.sorted's is)."""
        batch = sorted(findings, key=Finding.sort_key)
        if not batch:
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="checker-findings-")
            weakref.finalize(self, self._file.close)  # closed with the spool, without a ResourceWarning
        if self._last_key is None or batch[0].sort_key() < self._last_key:
            self._runs.append(len(self._offsets))
        self._last_key = batch[-1].sort_key()
        data = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(self._end)
        self._file.write(data)
        self._offsets.append(self._end)
        self._lengths.append(len(data))
        self._starts.append(self._count)
        self._end += len(data)
        self._count += len(batch)
        for f in batch:
            self.by_severity[f.severity.value] += 1
            self.by_category[f.category] += 1
            self.by_rule[f.rule] += 1

    def close(self) -> None:
        """Free the temporary file (it is also freed when the spool is garbage-collected)."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._offsets, self._lengths, self._starts = array("q"), array("q"), array("q")
        self._count = self._end = 0
        self._runs = []
        self._cached = None

    # -- reading ------------------------------------------------------------------------------

    def _record(self, i: int) -> list[Finding]:
        if self._cached is not None and self._cached[0] == i:
            return self._cached[1]
        assert self._file is not None
        # Every read and write seeks first, so readers interleaved with each other (zip of two
        # iterations) or with a later add() never see each other's position.
        self._file.seek(self._offsets[i])
        data = self._file.read(self._lengths[i])
        batch: list[Finding] = pickle.loads(data)
        self._cached = (i, batch)
        return batch

    def _run(self, first: int, stop: int) -> Iterator[Finding]:
        for i in range(first, stop):
            yield from self._record(i)

    def __iter__(self) -> Iterator[Finding]:
        bounds = [*self._runs, len(self._offsets)]
        runs = [self._run(bounds[k], bounds[k + 1]) for k in range(len(self._runs))]
        if len(runs) == 1:
            return runs[0]
        return heapq.merge(*runs, key=Finding.sort_key)

    def __len__(self) -> int:
        return self._count

    @property
    def runs(self) -> int:
        """Sorted runs the records form: 1 when documents came in output order (read straight through)."""
        return len(self._runs)

    def _item(self, index: int) -> Finding:
        if len(self._runs) > 1:  # records are not in output order: walk the merged order
            return next(itertools.islice(self, index, None))
        record = bisect.bisect_right(self._starts, index) - 1
        return self._record(record)[index - self._starts[record]]

    def _slice(self, start: int, stop: int, step: int) -> list[Finding]:
        if len(self._runs) > 1 and step > 0:  # one walk of the merged order, not one per item
            return list(itertools.islice(self, start, max(start, stop), step))
        return super()._slice(start, stop, step)

    def __repr__(self) -> str:
        return f"FindingSpool({self._count} findings in {len(self._offsets)} records)"


class FileStatuses(_ListLike[FileStatus]):
    """Per-file statuses stored as tuples in input order; `FileStatus` objects are made on access."""

    _FIELDS = ("path", "ok", "encoding", "error", "findings")

    def __init__(self, size: int = 0) -> None:
        self._rows: list[tuple[str, bool, str | None, str | None, int] | None] = [None] * size

    def set(self, index: int, status: FileStatus) -> None:
        self._rows[index] = (status.path, status.ok, status.encoding, status.error, status.findings)

    def __len__(self) -> int:
        return len(self._rows)

    def _item(self, index: int) -> FileStatus:
        row = self._rows[index]
        if row is None:
            raise IndexError("file status not set")
        return FileStatus.model_validate(dict(zip(self._FIELDS, row, strict=True)))
