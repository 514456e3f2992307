"""The one error of loading: a file that cannot be read as a report, said for a person."""

from __future__ import annotations


class InputError(Exception):
    """A file that cannot be read as a report; `code` is the rule id suffix (input.<code>)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
