"""Shared fixtures. Keep this small: a fixture belongs here only when several test modules use it."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest

# No result cache in tests: a test that monkeypatches the checker must not be answered from an entry
# an earlier test wrote for the same path. The cache's own tests (tests/test_batch.py) turn it back on.
os.environ.setdefault("CHECKER_NO_CACHE", "1")


@pytest.fixture
def deadline() -> Callable[[float], AbstractContextManager[None]]:
    """`with deadline(10): ...` fails the test instead of hanging the suite when the body runs
    longer than that (for tests of guards against hangs: ReDoS, FIFOs, zip bombs)."""

    @contextmanager
    def guard(seconds: float) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            yield
            return

        def expired(signum: int, frame: object) -> None:
            raise TimeoutError(f"did not finish within {seconds}s: the guard under test failed")

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    return guard
