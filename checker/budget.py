"""A time budget per file: past it the file is reported as `input.too-slow` and the run goes on.

Every stage is meant to be linear and every user regex runs under its own budget
(checker.rules.timed_regex), yet a run over a folder must not hang on one file whatever that file
or a user's rule does. Two ways to stop, both raising `FileTooSlow`:

* cooperatively: the engine checks the deadline before each rule and each window of a large
  document, and every timed regex call checks it too (`check_deadline`);
* in the main thread of a process (the CLI, each `--jobs` worker), a SIGALRM timer as well, so
  even a stage stuck in one long Python loop is interrupted.

`FileTooSlow` is a BaseException, like KeyboardInterrupt: the engine's `except Exception` that turns
a failing rule into `internal.rule-error` must not swallow it.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

DEFAULT_FILE_BUDGET_S = 60.0

_local = threading.local()


class FileTooSlow(BaseException):
    """The file being checked ran past its time budget."""


def check_deadline() -> None:
    """Raise FileTooSlow when this thread's file budget is spent (cheap: one clock read)."""
    deadline = getattr(_local, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise FileTooSlow


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise FileTooSlow


@contextmanager
def file_budget(seconds: float | None) -> Iterator[None]:
    """Run the block under a budget of `seconds` (None: no budget); FileTooSlow when spent."""
    if seconds is None:
        yield
        return
    outer = getattr(_local, "deadline", None)
    _local.deadline = time.monotonic() + seconds if outer is None else min(outer, time.monotonic() + seconds)
    alarm = (threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
             and signal.getitimer(signal.ITIMER_REAL)[0] == 0)  # never take over a timer someone set
    if alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _local.deadline = outer
