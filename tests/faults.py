"""Fault injection for the tests of what checker writes: a full disk and a read-only folder, real
where this machine allows it (a small tmpfs, `chattr +i`), else the test is skipped with the reason.

Tests run as root in CI, and root ignores file modes, so a `chmod 555` folder is no read-only
folder there: an immutable folder (`chattr +i`) is, and a mode is used only for other users."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _run(*cmd: str) -> bool:
    if shutil.which(cmd[0]) is None:
        return False
    return subprocess.run(cmd, capture_output=True, check=False).returncode == 0


@contextmanager
def full_disk(folder: Path, keep: dict[str, bytes] | None = None) -> Iterator[Path]:
    """`folder` as a small file system holding the files `keep` (name -> bytes) and no free space:
    every new byte written there fails with ENOSPC."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)):
        pytest.skip("cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN) to fill a disk")
    try:
        for name, data in (keep or {}).items():
            (folder / name).write_bytes(data)
        fd = os.open(folder / ".filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
        finally:
            os.close(fd)
        yield folder
    finally:
        _run("umount", "-l", str(folder))


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder` where no entry can be made, removed or renamed (its files' contents stay writable)."""
    if _run("chattr", "+i", str(folder)):
        try:
            yield folder
        finally:
            _run("chattr", "-i", str(folder))
        return
    if os.geteuid() == 0:
        pytest.skip("`chattr +i` is not available here and root ignores a folder's mode")
    mode = folder.stat().st_mode
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(mode)


def leftovers(folder: Path) -> list[str]:
    """Temporary files a failed write left behind (there must be none)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".checker-tmp"))
