"""checker: a pre-publication linter for Chinese government work reports.

    from checker import check_text, check_paths
    report = check_text("XX镇2023年工作总结……", path="draft.txt")

The API is imported on first use (PEP 562), so `import checker` stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"  # pyproject.toml reads it; a release is tagged v0.2.0
__all__ = ["__version__", "check_paths", "check_text"]

if TYPE_CHECKING:
    from checker.api import check_paths, check_text


def __getattr__(name: str) -> Any:
    if name in ("check_paths", "check_text"):
        from checker import api

        return getattr(api, name)
    raise AttributeError(f"module 'checker' has no attribute {name!r}")
