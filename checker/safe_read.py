"""Reading a file checker was pointed at (a baseline, a config, a rule file, a cache) without hanging.

Why: `open()` of a FIFO blocks until some other process opens it for writing, and a device such as
/dev/zero or /dev/urandom never ends, so a path given by mistake (or by an attacker) as
`--baseline` or as a rule file hung the run or read until memory ran out. The file is opened
non-blocking, checked to be a regular file on the open descriptor (no race with a rename between a
stat and the open), and read up to a cap: a file that is larger, or grows past the cap while being
read, is refused. Every refusal is an `UnreadableFile` whose message is meant for a person; each
caller wraps it in its own error type (InputError, BaselineError, ConfigError, RuleFileError).
"""

from __future__ import annotations

import errno
import os
import stat

# Chunk size for reading on past what fstat reported.
_READ_CHUNK = 1024 * 1024


class UnreadableFile(Exception):
    """A path that is not a readable regular file within its size cap; `reason` says why."""

    def __init__(self, reason: str, code: str = "unreadable") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code  # "unreadable" or "too-large"


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (the link points back at itself)"
    if exc.errno == errno.ENAMETOOLONG:
        return "path too long for the file system"
    return f"cannot read: {exc.strerror or exc}"


def open_regular(path: str | os.PathLike[str]) -> int:
    """A descriptor of the regular file at `path` (the caller closes it); UnreadableFile for a
    directory, FIFO, socket or device, or when it cannot be opened."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise UnreadableFile("is a directory") from exc
        raise UnreadableFile(_reason(exc)) from exc
    except (ValueError, UnicodeError) as exc:  # an embedded NUL, a name the file system cannot encode
        raise UnreadableFile(f"invalid file name: {exc}") from exc
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFile("is a directory")
        if not stat.S_ISREG(mode):
            raise UnreadableFile("not a regular file (a pipe, socket or device): not read")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of the regular file at `path`, never more than `max_bytes` + 1 of them read.

    The first read asks for the size fstat reports (a read of n bytes allocates n up front: asking
    for the cap would cost the cap per file); a file that grows meanwhile is read on in chunks."""
    fd = open_regular(path)
    try:
        with os.fdopen(fd, "rb", closefd=True) as f:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                raise UnreadableFile(f"file is {size} bytes, over the limit of {max_bytes} bytes", "too-large")
            chunks = [f.read(size + 1)]
            total = len(chunks[0])
            while total <= max_bytes and (chunk := f.read(min(_READ_CHUNK, max_bytes + 1 - total))):
                chunks.append(chunk)
                total += len(chunk)
    except OSError as exc:
        raise UnreadableFile(_reason(exc)) from exc
    if total > max_bytes:
        raise UnreadableFile(f"file grew past the limit of {max_bytes} bytes while being read", "too-large")
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
