"""Every file checker writes goes through here: reports (`-o`), baselines, `fix --write`, cache entries.

Why one helper: each writer used to open its target in place, so a full disk left a truncated
baseline, `fix --write` replaced a symlink by a regular file and split hard links, and nothing
stopped a baseline from landing on the report being checked. Here a file is written as a
temporary file in the target's own folder, flushed to disk (fsync) and renamed over the target:
a reader, a crash or a full disk sees the old bytes or the new ones, never half.

* The target keeps its mode (and owner, where the process may set it); a new file gets the
  umask's mode, as `open()` would give it.
* A symlink is followed to the file it names, which is replaced; the link stays a link.
* `inputs`: a target that is one of the run's inputs is refused, compared by identity
  (st_dev, st_ino), so a hard link or a symlink to an input is caught as well as its own name.
* `expect`: the target must still be the file that was read (size, mtime_ns, SHA-256) just before
  the rename, else `FileChangedError`: an edit made while checker worked is never overwritten.
* `keep_links`: a target with several hard links is refused (`fix --write`): a rename would split
  the links and a write in place cannot be atomic, so the user's file is left as it is.
* A character device or FIFO (`-o /dev/stdout`) is written directly: there is nothing to rename.

Every failure is a `WriteError` naming the path and the reason, and leaves no temporary file.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

_TMP_SUFFIX = ".checker-tmp"


class WriteError(Exception):
    """A file checker could not write: `str()` is one line, "path: reason"."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason


class InputOverwriteError(WriteError):
    """The target is one of the files the run reads."""


class FileChangedError(WriteError):
    """The target changed after it was read; it was left as it is."""


@dataclass(frozen=True)
class Snapshot:
    """What a file was when it was read, to tell later whether someone else has changed it."""

    size: int
    mtime_ns: int
    sha256: str


def read_with_snapshot(path: str | os.PathLike[str]) -> tuple[bytes, Snapshot]:
    """A file's bytes and its snapshot, both from one open file (no window between them)."""
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        data = fh.read()
    return data, Snapshot(st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())


def _identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


class Inputs:
    """The identities (st_dev, st_ino) of a run's inputs: what no output may overwrite."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]] = ()) -> None:
        self.ids = frozenset(ident for p in paths if (ident := _identity(p)) is not None)

    def __contains__(self, path: object) -> bool:
        return isinstance(path, (str, os.PathLike)) and _identity(path) in self.ids


@lru_cache(maxsize=1)
def _new_file_mode() -> int:
    """What `open(path, "w")` would give a new file. Read once: reading the umask means setting it."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _unchanged(target: Path, expect: Snapshot) -> bool:
    try:
        st = os.stat(target)
        if (st.st_size, st.st_mtime_ns) != (expect.size, expect.mtime_ns):
            return False
        return hashlib.sha256(target.read_bytes()).hexdigest() == expect.sha256
    except OSError:
        return False


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; a file system that cannot sync a folder is not an error."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _check_target(path: str | os.PathLike[str], target: Path, inputs: Inputs | None, expect: Snapshot | None,
                  keep_links: bool) -> os.stat_result | None:
    """The target's stat (None when it does not exist yet), or the reason it must not be written."""
    try:
        st = os.stat(target)
    except FileNotFoundError:
        if expect is not None:
            raise FileChangedError(path, "was removed or moved since it was read; not written") from None
        return None
    except OSError as exc:
        raise WriteError(path, _reason(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise WriteError(path, "is a directory")
    if inputs is not None and (st.st_dev, st.st_ino) in inputs.ids:
        raise InputOverwriteError(path, "is one of the files this run reads; refusing to overwrite it")
    if keep_links and stat.S_ISREG(st.st_mode) and st.st_nlink > 1:
        raise WriteError(path, f"has {st.st_nlink} hard links; not rewritten (replacing it would split them, "
                               "writing in place cannot be atomic): apply the diff by hand")
    return st


@contextmanager
def open_atomic(path: str | os.PathLike[str], *, encoding: str | None = None, inputs: Inputs | None = None,
                expect: Snapshot | None = None, keep_links: bool = False,
                make_parents: bool = False, sync: bool = True) -> Iterator[IO[Any]]:
    """A stream whose content replaces `path` when the block ends without an exception.

    Text when `encoding` is given (newlines as `open()` writes them), bytes otherwise. When the
    block raises, the target is left untouched. OSErrors, from the block's writes included, become
    a WriteError naming `path`. `sync=False` skips the fsyncs (still atomic, not durable across a
    crash): for the thousands of pages of one HTML report, where two fsyncs a page cost seconds."""
    target = Path(os.path.realpath(path))  # a symlink's target, however many links deep
    st = _check_target(path, target, inputs, expect, keep_links)
    if st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        try:
            with open(target, "w" if encoding else "wb", encoding=encoding) as direct:
                yield direct
        except OSError as exc:
            raise WriteError(path, _reason(exc)) from None
        return
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise WriteError(path, "is not a regular file")
    try:
        if make_parents:
            target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=_TMP_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise WriteError(path, _reason(exc)) from None
    try:
        with os.fdopen(fd, "wb") as raw:
            out: IO[Any] = io.TextIOWrapper(raw, encoding=encoding) if encoding else raw
            yield out
            out.flush()
            if sync:
                os.fsync(raw.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else _new_file_mode())
        if st is not None and hasattr(os, "chown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # only root may give a file away; the content is what matters
        if expect is not None and not _unchanged(target, expect):
            raise FileChangedError(path, "changed since it was read; not written (run checker fix again)")
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise WriteError(path, _reason(exc)) from None
        raise
    if sync:
        _fsync_folder(target.parent)


def write_bytes(path: str | os.PathLike[str], data: bytes, **options: Any) -> None:
    """Replace `path` with `data` (see `open_atomic` for the options)."""
    with open_atomic(path, **options) as out:
        out.write(data)


def write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8", **options: Any) -> None:
    """Replace `path` with `text` in `encoding` (see `open_atomic` for the options)."""
    with open_atomic(path, encoding=encoding, **options) as out:
        out.write(text)
