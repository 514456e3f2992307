"""The built-in data files that extraction and the rules read: where they are and how to read one.

The lexicons (rules/units.yaml, rules/subjects.yaml, rules/figure_context.yaml, the indicator
table, the domain dictionary rules/jieba_userdict.txt) ship beside the rule files, yet extraction
reads them before any rule exists. They are found and read here, below extraction, so that
`checker.extract` never imports the rules package above it (tests/test_layering.py).

They are checker's own files, not a user's: read with the safe loader (no Python objects built
from a document) and a size cap, but without the rule loader's line marks and nesting guard,
which serve error messages about and attacks through user rule files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from checker.safe_read import read_regular

# The largest lexicon is tens of kB; the cap only stops a file that is not checker's.
MAX_DATA_FILE_BYTES = 8 * 1024 * 1024
_SafeLoader: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader  # libyaml when installed


def builtin_rules_dir() -> Path:
    """rules/ of a source checkout, or the copy shipped inside the wheel as checker/_rules."""
    pkg = Path(__file__).resolve().parent
    shipped = pkg / "_rules"
    if shipped.is_dir():
        return shipped
    return pkg.parent / "rules"


def data_path(name: str) -> Path:
    """A built-in data file (`jieba_userdict.txt`, `units.yaml` …) by name."""
    return builtin_rules_dir() / name


def load_data_file(name: str) -> Any:
    """A YAML lexicon (units.yaml, subjects.yaml …) of the built-in rules directory, as plain data."""
    return yaml.load(read_regular(data_path(name), MAX_DATA_FILE_BYTES).decode("utf-8"), Loader=_SafeLoader)
