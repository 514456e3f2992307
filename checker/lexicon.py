"""The built-in data files that extraction and the rules read: where they are and how to read one.

The lexicons (rules/units.yaml, rules/subjects.yaml, rules/figure_context.yaml, the indicator
table, the domain dictionary rules/jieba_userdict.txt) ship beside the rule files, yet extraction
reads them before any rule exists. They are found and read here, below extraction, so that
`checker.extract` never imports the rules package above it (tests/test_layering.py).

They are checker's own files, not a user's: read with the safe loader (no Python objects built
from a document) and a size cap, but without the rule loader's line marks and nesting guard,
which serve error messages about and attacks through user rule files.

PyYAML builds Python objects in Python even behind libyaml's parser: the lexicons a check of one
report reads took ~55 ms to parse, 10% of a cold start. So each is also shipped parsed, as JSON
(`checker/data_files.json`, written by scripts/update_rule_snapshot.py beside the rule snapshot),
under the SHA-256 of the file's bytes: a file whose bytes match is read from its JSON (~1 ms),
any other (edited, or missing from the snapshot) is parsed as YAML, so the result is the same
either way. Only data that JSON gives back exactly (same types, string keys) is stored;
tests/test_rule_snapshot.py holds the snapshot current and equal to the YAML.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from checker.safe_read import UnreadableFile, read_regular

# The largest lexicon is tens of kB; the cap only stops a file that is not checker's.
MAX_DATA_FILE_BYTES = 8 * 1024 * 1024
# The lexicons shipped parsed (see the docstring).
DATA_SNAPSHOT = Path(__file__).with_name("data_files.json")
DATA_SNAPSHOT_FORMAT = 1


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
    """A YAML lexicon (units.yaml, subjects.yaml …) of the built-in rules directory, as plain data
    (from its parsed copy in the data snapshot when that was made from the same bytes)."""
    raw = read_regular(data_path(name), MAX_DATA_FILE_BYTES)
    entry = _data_snapshot().get(name)
    if isinstance(entry, dict) and entry.get("sha256") == hashlib.sha256(raw).hexdigest() \
            and isinstance(entry.get("json"), str):
        return json.loads(entry["json"])  # a fresh copy for each caller, as the YAML parse gives
    return parse_data(raw)


def parse_data(raw: bytes) -> Any:
    """A data file's bytes, parsed as YAML (the plain path; PyYAML imported only then)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader  # libyaml when installed
    return yaml.load(raw.decode("utf-8"), Loader=loader)


@lru_cache(maxsize=1)
def _data_snapshot() -> dict[str, Any]:
    """{file name: {"sha256": of its bytes, "json": its data}} from DATA_SNAPSHOT; empty when the
    snapshot is missing or not one of this format (then every file is parsed as YAML)."""
    try:
        snap = json.loads(read_regular(DATA_SNAPSHOT, MAX_DATA_FILE_BYTES))
    except (UnreadableFile, ValueError):
        return {}
    files = snap.get("files") if isinstance(snap, dict) and snap.get("format") == DATA_SNAPSHOT_FORMAT else None
    return files if isinstance(files, dict) else {}


def data_snapshot_text(rules_dir: Path) -> str:
    """The data snapshot of `rules_dir`'s YAML data files (not its rule files): what
    scripts/update_rule_snapshot.py writes to DATA_SNAPSHOT."""
    files: dict[str, Any] = {}
    for path in sorted(rules_dir.glob("*.yaml")):
        raw = read_regular(path, MAX_DATA_FILE_BYTES)
        data = parse_data(raw)
        if isinstance(data, dict) and "rules" in data:
            continue  # a rule file: read by the rule loader, whose validated rules have their own snapshot
        text = json.dumps(data, ensure_ascii=False)  # keys in the file's order: lexicons are ordered
        if same_data(json.loads(text), data):
            files[path.name] = {"sha256": hashlib.sha256(raw).hexdigest(), "json": text}
    return json.dumps({"format": DATA_SNAPSHOT_FORMAT, "files": files}, ensure_ascii=False, indent=0,
                      sort_keys=True) + "\n"


def same_data(a: Any, b: Any) -> bool:
    """Equal, of the same types and in the same order all the way down (1, 1.0 and True are equal,
    not the same data; a mapping's order is its entries' precedence in some lexicons)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
