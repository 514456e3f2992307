"""The rich Console every human format prints through.

rich's own answer to a closed pipe (`checker check . | head -1`) is to point standard output at
/dev/null and exit with status 1, which a caller cannot tell from "findings". This Console lets
the BrokenPipeError through instead, so the CLI ends the run the way it ends every other write to
a closed pipe (quietly, status 141, as grep and cat are seen to end by the shell).
"""

from __future__ import annotations

import errno
import os

from rich.console import Console as _RichConsole


class Console(_RichConsole):
    def on_broken_pipe(self) -> None:
        self.quiet = True  # nothing more is written through this console
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))
