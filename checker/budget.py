"""A time budget per file: past it the file is reported as `input.too-slow` and the run goes on.

Every stage is meant to be linear and every user regex runs under its own budget
(checker.rules.timed_regex), yet a run over a folder must not hang on one file whatever that file
or a user's rule does. The budget is CPU time of the thread checking the file, not wall time:
whether a file is reported as too slow must not depend on how busy a shared CI machine is (a
50 MB report that takes 19 s of CPU took 63 s of wall time on 2 cores shared with 8 other jobs),
and a hang burns CPU like any other work. Two ways to stop, both raising `FileTooSlow`:

* cooperatively: the engine checks the budget before each rule and each window of a large
  document, and every timed regex call checks it too (`check_deadline`);
* in the main thread of a process (the CLI, each `--jobs` worker), a SIGPROF timer as well, so
  even a stage stuck in one long Python loop is interrupted. The timer counts the whole process's
  CPU; when it fires early because other threads worked too, it is set again for what is left of
  this thread's budget.

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

# Over twice what a report at the 64 MiB `max-bytes` cap takes (~0.75 s of CPU per MB of report text:
# benchmarks/hostile.py), so that only a file that checker cannot handle in linear time runs out of it.
DEFAULT_FILE_BUDGET_S = 120.0

_local = threading.local()


class FileTooSlow(BaseException):
    """The file being checked ran past its time budget."""


# A thread's CPU clock is a system call (~20 µs on a busy machine): it is read at most this often
# (wall seconds, on the cheap monotonic clock), not on each of the hundreds of thousands of regex calls.
_LOOK_EVERY_S = 0.05


def check_deadline() -> None:
    """Raise FileTooSlow when this thread's file budget is spent."""
    deadline = getattr(_local, "deadline", None)
    if deadline is None:
        return
    now = time.monotonic()
    if now < _local.next_look:
        return
    _local.next_look = now + _LOOK_EVERY_S
    if time.thread_time() > deadline:
        raise FileTooSlow


def _on_timer(signum: int, frame: FrameType | None) -> None:
    left = getattr(_local, "deadline", 0.0) - time.thread_time()
    if left > 0:  # other threads' CPU made the process timer fire early
        signal.setitimer(signal.ITIMER_PROF, left)
        return
    raise FileTooSlow


@contextmanager
def file_budget(seconds: float | None) -> Iterator[None]:
    """Run the block under a budget of `seconds` of this thread's CPU time (None: no budget);
    FileTooSlow when spent."""
    if seconds is None:
        yield
        return
    outer = getattr(_local, "deadline", None)
    deadline = time.thread_time() + seconds
    _local.deadline = deadline if outer is None else min(outer, deadline)
    _local.next_look = 0.0
    timer = (threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
             and signal.getitimer(signal.ITIMER_PROF)[0] == 0)  # never take over a timer someone set
    if timer:
        previous = signal.signal(signal.SIGPROF, _on_timer)
        signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)
        _local.deadline = outer
