"""How checker's output behaves in pipes and on a terminal (issue 17): a reader that stops early
(`| head -1`) ends the run quietly, and `checker fix --diff` is coloured, with the changed
characters marked, only where a person reads it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.diff_view import MARK, UNMARK, colour_diff

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _pipe_capacity() -> int:
    """What a pipe holds here (64 KiB on most Linux systems, more on some): the output of a test
    must exceed it, or the writer finishes before the reader leaves and meets no closed pipe."""
    import fcntl

    read, write = os.pipe()
    try:
        return fcntl.fcntl(write, getattr(fcntl, "F_GETPIPE_SZ", 1032))
    finally:
        os.close(read)
        os.close(write)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


def _stop_reading_early(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run checker, read one line of its output and close the pipe (what `| head -1` does)."""
    proc = subprocess.Popen([sys.executable, "-m", "checker", *args], cwd=cwd, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=300) is not None and first
    return proc.returncode, err


@pytest.fixture(scope="module")
def many_findings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report long enough that every format's output fills a pipe."""
    folder = tmp_path_factory.mktemp("pipes")
    body = "".join(f"第{i}项：XX村建成广场{i}000m2，硬化道路X公里。\n" for i in range(1, 2500))
    (folder / "long.txt").write_text("XX镇2023年工作总结\n" + body, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["rich", "concise", "json", "sarif"])
def test_a_reader_that_stops_early_ends_the_run_quietly(many_findings, fmt):
    full = subprocess.run([sys.executable, "-m", "checker", "check", ".", "-q", "--no-cache", "-f", fmt],
                          cwd=many_findings, env=_env(), capture_output=True, timeout=300).stdout
    assert len(full) > _pipe_capacity() + 4096, "the test needs output that fills a pipe"
    status, err = _stop_reading_early(["check", ".", "-q", "--no-cache", "-f", fmt], many_findings)
    assert err == "", "no traceback, no error message"
    assert status == 141, "128 + SIGPIPE, the status a shell shows for grep or cat in the same place"


def test_fix_diff_to_a_reader_that_stops_early(tmp_path):
    # Several files, each diff over a pipe's worth: a write that the pipe cuts short is followed
    # by one that meets the closed end (Python's buffered writer keeps quiet about the first).
    lines = 20 + _pipe_capacity() // 50  # a line's diff is over 50 bytes
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text("".join(f"第{i}项：建成广场{i}00m2。\n" for i in range(lines)),
                                              encoding="utf-8")
    status, err = _stop_reading_early(["fix", ".", "--diff", "--isolated"], tmp_path)
    assert (status, err) == (141, "")


def test_a_full_disk_is_still_an_error(many_findings):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "checker", "check", ".", "-q", "--no-cache"],
                              cwd=many_findings, env=_env(), stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=300)
    assert proc.returncode == 2 and proc.stderr.startswith("checker: error: cannot write to standard output")


PATCH = """--- a/r.txt
+++ b/r.txt
@@ -1,3 +1,3 @@
 第一段没有改动。
--- 这行以两个连字符开头，附件下载：点击下载，全镇道路硬化5公里
+-- 这行以两个连字符开头，全镇道路硬化5公里
 建成广场2000平方米
@@ -9 +9 @@
-新建公厕3座\x1b]0;title\x07
\\ No newline at end of file
+新建公厕3座\x1b]0;title\x07。
\\ No newline at end of file
"""


def test_colour_diff_marks_only_the_changed_characters():
    coloured = colour_diff(PATCH)
    assert "\x1b]0;" not in coloured, "a document's escape sequence is shown, never sent to the terminal"
    lines = coloured.splitlines()
    removed = next(ln for ln in lines if "两个连字符" in ln and ln.startswith("\x1b[31m"))
    added = next(ln for ln in lines if "两个连字符" in ln and ln.startswith("\x1b[32m"))
    # a removed line starting with "--" is a removed line (the hunk's counts say so), not a header
    assert re.findall(f"{re.escape(MARK)}(.*?){re.escape(UNMARK)}", removed) == ["附件下载：点击下载，"]
    assert MARK not in added, "nothing was inserted on the added line"
    last_added = next(ln for ln in lines if ln.startswith("\x1b[32m+新建公厕"))
    assert re.findall(f"{re.escape(MARK)}(.*?){re.escape(UNMARK)}", last_added) == ["。"]
    assert ANSI.sub("", coloured).replace("\\x1b", "\x1b").replace("\\x07", "\x07") == PATCH


def _fix_diff(tmp_path: Path, *args: str, **env: str) -> str:
    return subprocess.run([sys.executable, "-m", "checker", "fix", ".", "--diff", "--isolated", *args],
                          cwd=tmp_path, env=_env(**env), capture_output=True, text=True, timeout=120).stdout


def test_fix_diff_is_coloured_when_asked_and_a_plain_patch_when_piped(tmp_path):
    (tmp_path / "a.txt").write_text("全镇完成造林3000亩，附件下载：点击下载\n建成广场2000m2\n", encoding="utf-8")
    piped = _fix_diff(tmp_path)
    assert piped.startswith("--- a/a.txt") and "\x1b" not in piped
    assert _fix_diff(tmp_path, NO_COLOR="1", FORCE_COLOR="1") == piped, "NO_COLOR wins"
    forced = _fix_diff(tmp_path, FORCE_COLOR="1")
    assert forced == _fix_diff(tmp_path, "--color") == colour_diff(piped)
    assert MARK in forced and ANSI.sub("", forced) == piped
    assert _fix_diff(tmp_path, "--no-color", FORCE_COLOR="1") == piped
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
        check = subprocess.run(["git", "apply", "--check", "-"], input=piped, cwd=tmp_path, capture_output=True,
                               text=True, timeout=60)
        assert check.returncode == 0, check.stderr
