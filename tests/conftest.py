"""Shared fixtures. Keep this small: a fixture belongs here only when several test modules use it."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest


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
