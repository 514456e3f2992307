"""Effective configuration: defaults < config file < command line.

The file part is `[tool.checker]` in a pyproject.toml or the top level of a checker.toml, found by
walking up from the first checked path (the first directory holding one wins; in the same
directory checker.toml beats pyproject.toml; a pyproject.toml without `[tool.checker]` is passed
over, as ruff does). Paths in a config file (extra rule directories, the baseline, the cache
directory) are relative to that file, so a project behaves the same from any working directory.

Unknown keys are errors that name the file and the key: a misspelt `fail_on` that silently did
nothing would pass a CI job that should fail.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from checker.budget import DEFAULT_FILE_BUDGET_S
from checker.findings import CATEGORIES, Finding, Severity
from checker.safe_read import UnreadableFile, read_regular

CONFIG_FILE_NAMES = ("checker.toml", "pyproject.toml")  # in this order within one directory
# A config file is a few hundred bytes (a pyproject.toml a few kB); a larger one is not read.
MAX_CONFIG_BYTES = 4 * 1024 * 1024
# `max-bytes` bounds: a report over 1 GiB cannot be checked in memory anyway, and a cap the
# platform cannot index (2**63 - 1) overflowed where the bytes are read.
MAX_BYTES_LIMIT = 1024 * 1024 * 1024

# Fields that never come from a file: where the file was, and the directory its paths are relative to.
_INTERNAL_FIELDS = frozenset({"source", "root"})
# Fields that do not change what a single file's findings are (so not part of the cache key).
_NOT_PER_FILE = frozenset({"source", "baseline", "cache_dir", "fail_on", "include", "exclude"})


class ConfigError(Exception):
    """A config file (or flag) that cannot be used; the message names the file and the key."""

    def __init__(self, source: str, key: str | None, message: str) -> None:
        where = source + (f": key {key!r}" if key else "")
        super().__init__(f"{where}: {message}")
        self.source, self.key = source, key


# gitignore patterns of the files a repository keeps about itself, skipped when walking directories
# (a file named on the command line is always checked).
PROJECT_DOCS = ("README*", "CHANGELOG*", "CHANGES*", "CONTRIBUTING*", "LICENSE*", "LICENCE*", "COPYING*",
                "CODE_OF_CONDUCT*", "SECURITY*", "AUTHORS*")


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    # The descriptions are what an editor shows from the JSON Schema (checker/editor_schema.py).
    select: list[str] = Field(default_factory=list, description="Only these rule ids, id prefixes or "
                              "categories (empty: all rules).")
    ignore: list[str] = Field(default_factory=list, description="Skip these rule ids, id prefixes or categories.")
    severity: dict[str, Severity] = Field(default_factory=dict, description="Severity by rule id, id prefix or "
                                          "category, e.g. {\"unit-format\" = \"info\"}.")
    per_path_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-path-ignores",
                                                   description="Glob -> rule ids, prefixes or categories "
                                                   "to skip in the files it matches.")
    extra_rules: list[str] = Field(default_factory=list, alias="extra-rules", description="Folders of the "
                                   "project's own rule files (*.yaml), relative to this file.")
    rule_params: dict[str, dict[str, Any]] = Field(default_factory=dict, alias="rules", description="Rule id -> "
                                                   "fields to override (a threshold, a message).")
    fail_on: Severity = Field(default=Severity.error, alias="fail-on", description="The lowest severity that "
                              "makes `checker check` exit 1.")
    lang: str = Field(default="zh", description="Language of messages and reports: zh or en.")
    # a walk takes the formats that are only ever documents; a folder's .html may be a report of
    # checker's own or a site's template, so pages are checked when named or included explicitly
    include: list[str] = Field(default_factory=lambda: ["*.txt", "*.md", "*.docx", "*.pdf", "*.doc", "*.wps"],
                               description="Globs of the files a directory walk takes.")
    # A directory walk takes report-like files only: a project's own README, changelog and licence
    # are .md/.txt too but are not reports. Setting `exclude` replaces this list (as ruff's does).
    exclude: list[str] = Field(default_factory=lambda: list(PROJECT_DOCS), description="gitignore-style patterns "
                               "a directory walk skips (replaces the default list of README, LICENSE …).")
    max_bytes: int = Field(default=64 * 1024 * 1024, alias="max-bytes", description="Larger files are not "
                           "read (input.too-large).")
    # Seconds of CPU time one file may take; past them it is input.too-slow (checker.budget).
    file_budget: float = Field(default=DEFAULT_FILE_BUDGET_S, alias="file-budget", gt=0,
                               description="Seconds of CPU time one file may take (input.too-slow past them).")
    # A baseline file applied to every run (CI adoption without a flag in every job).
    baseline: str | None = Field(default=None, description="A baseline file (--write-baseline) whose findings "
                                 "are hidden in every run.")
    cache_dir: str | None = Field(default=None, alias="cache-dir", description="Result cache folder (default "
                                  ".checker_cache beside this file).")
    # Where the file part came from (for `checker config`), and the directory it is relative to.
    source: str | None = None
    root: str | None = None

    @field_validator("max_bytes")
    @classmethod
    def _max_bytes_in_range(cls, v: int) -> int:
        if not 1 <= v <= MAX_BYTES_LIMIT:
            raise ValueError(f"must be between 1 and {MAX_BYTES_LIMIT} bytes (1 GiB), not {v}")
        return v

    def _matches(self, selector: str, rule_id: str, category: str) -> bool:
        return selector_matches(selector, rule_id, category)

    def rule_selected(self, rule_id: str, category: str) -> bool:
        if self.select and not any(self._matches(s, rule_id, category) for s in self.select):
            return False
        return not any(self._matches(s, rule_id, category) for s in self.ignore)

    def severity_for(self, rule_id: str, category: str, default: Severity) -> Severity:
        best: tuple[int, Severity] | None = None
        for selector, sev in self.severity.items():
            if self._matches(selector, rule_id, category):
                # The most specific selector wins: exact id > prefix > category.
                rank = 3 if selector == rule_id else 2 if selector != category else 1
                if best is None or rank > best[0]:
                    best = (rank, sev)
        return best[1] if best else default

    def path_ignored(self, finding: Finding) -> bool:
        if not self.per_path_ignores:
            return False
        candidates = _path_forms(finding.path, self.root)
        for glob, selectors in self.per_path_ignores.items():
            if any(fnmatch.fnmatch(c, glob) for c in candidates):
                if any(self._matches(s, finding.rule, finding.category) for s in selectors):
                    return True
        return False

    def file_dict(self) -> dict[str, Any]:
        """The effective settings as a config file would spell them (for `checker config`)."""
        data = self.model_dump(mode="json", by_alias=True, exclude=set(_INTERNAL_FIELDS))
        return {k: v for k, v in data.items() if v is not None}

    def per_file_hash(self) -> str:
        """Hash of every setting that can change one file's findings (part of the cache key)."""
        data = self.model_dump_json(exclude=set(_NOT_PER_FILE))
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _path_forms(path: str, root: str | None) -> list[str]:
    """The spellings a per-path glob may be written against: as given, relative to the config's
    directory, and the bare file name."""
    p = Path(path)
    forms = [p.as_posix(), p.name]
    if root is not None:
        try:
            forms.append(p.resolve().relative_to(Path(root)).as_posix())
        except (ValueError, OSError):
            pass
    return forms


def selector_matches(selector: str, rule_id: str, category: str) -> bool:
    """A selector names the rule's category, its id, or a dotted prefix of its id."""
    return selector == category or selector == rule_id or rule_id.startswith(selector.rstrip(".") + ".")


def selector_known(selector: str, rule_ids: Iterable[str]) -> bool:
    """A select/ignore/severity selector names a category, a rule id or a prefix of one."""
    if selector in CATEGORIES:
        return True
    prefix = selector.rstrip(".") + "."
    return any(rid == selector or rid.startswith(prefix) for rid in rule_ids)


# ---------------------------------------------------------------------------------------------
# Finding and reading config files


def _pyproject_table(path: Path) -> dict[str, Any] | None:
    data = _read_toml(path)
    tool = data.get("tool")
    if isinstance(tool, dict) and isinstance(tool.get("checker"), dict):
        return tool["checker"]  # type: ignore[no-any-return]
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = read_regular(path, MAX_CONFIG_BYTES)
    except UnreadableFile as exc:
        raise ConfigError(str(path), None, f"cannot read config file: {exc.reason}") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), None, f"not UTF-8 text (TOML files are UTF-8): {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), None, f"TOML syntax error: {exc}") from None
    except RecursionError:
        raise ConfigError(str(path), None, "TOML nested too deeply (arrays or tables within each other)") from None


def find_config_file(start: str | os.PathLike[str]) -> Path | None:
    """The nearest config file at or above `start` (a file or a directory)."""
    # os.path's tests never raise (pathlib's raise on a path too long for the file system).
    here = Path(start).resolve()
    directory = here if os.path.isdir(here) else here.parent
    for d in (directory, *directory.parents):
        candidate = d / "checker.toml"
        if os.path.isfile(candidate):
            return candidate
        candidate = d / "pyproject.toml"
        if os.path.isfile(candidate) and _pyproject_table(candidate) is not None:
            return candidate
    return None


def config_table(path: Path) -> dict[str, Any]:
    """The raw checker table of a config file: `[tool.checker]` of a pyproject.toml, else the top level."""
    if path.name == "pyproject.toml":
        table = _pyproject_table(path)
        if table is None:
            raise ConfigError(str(path), None, "no [tool.checker] table")
        return table
    return _read_toml(path)


def _allowed_keys() -> dict[str, str]:
    """File key -> field name; both the dashed spelling and the field name are accepted."""
    keys: dict[str, str] = {}
    for name, field in Config.model_fields.items():
        if name in _INTERNAL_FIELDS:
            continue
        keys[name] = name
        if field.alias:
            keys[field.alias] = name
    return keys


def load_config_file(path: str | os.PathLike[str]) -> Config:
    """Read and validate one config file; relative paths in it become relative to its directory."""
    path = Path(path)
    if not os.path.lexists(path):
        raise ConfigError(str(path), None, "config file not found")
    table = config_table(path)
    allowed = _allowed_keys()
    for key in table:
        if key not in allowed:
            raise ConfigError(str(path), key, f"unknown key; known keys: {', '.join(sorted(_file_keys()))}")
    base = path.resolve().parent
    data: dict[str, Any] = {}
    for key, value in table.items():
        if allowed[key] in data:
            raise ConfigError(str(path), key, f"given twice (as {_file_key(allowed[key])!r} and {key!r})")
        data[allowed[key]] = value
    try:
        if isinstance(data.get("extra_rules"), list):
            data["extra_rules"] = [_relative_to(base, p) if isinstance(p, str) else p for p in data["extra_rules"]]
        for key in ("baseline", "cache_dir"):
            if isinstance(data.get(key), str):
                data[key] = _relative_to(base, data[key])
        config = Config.model_validate({**data, "source": str(path), "root": str(base)})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(_file_key(str(p)) for p in err["loc"])
        raise ConfigError(str(path), loc or None, err["msg"]) from None
    if config.lang not in ("zh", "en"):
        raise ConfigError(str(path), "lang", f"must be zh or en, not {config.lang!r}")
    return config


def _file_keys() -> list[str]:
    return [f.alias or n for n, f in Config.model_fields.items() if n not in _INTERNAL_FIELDS]


def _file_key(name: str) -> str:
    field = Config.model_fields.get(name)
    return field.alias or name if field is not None else name


def _relative_to(base: Path, value: str) -> str:
    return str((base / os.path.expanduser(value)).resolve())


def resolve_config(paths: Iterable[str | os.PathLike[str]], config_file: str | os.PathLike[str] | None = None,
                   isolated: bool = False, overrides: Mapping[str, Any] | None = None) -> Config:
    """Defaults, then the config file (named, or found above the first path), then `overrides`
    (the command line's flags, by field name)."""
    if isolated:
        config = Config()
    elif config_file is not None:
        config = load_config_file(config_file)
    else:
        first = next(iter(paths), None)
        found = find_config_file(first if first is not None else Path.cwd())
        config = load_config_file(found) if found is not None else Config()
    if overrides:
        config = config.model_copy(update={k: v for k, v in overrides.items() if v is not None})
    return config
