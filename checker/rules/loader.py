"""Reads rules/*.yaml into validated rule objects.

YAML is read with a SafeLoader only (no object construction from documents we did not write).
A malformed rule is a loud error that names the file, the line, the rule id and the field:
a rule that cannot run must never be skipped silently (Vale's weakness).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from checker.rules.kinds import registry
from checker.rules.model import Rule


class RuleFileError(Exception):
    def __init__(self, path: str, message: str, line: int | None = None, rule_id: str | None = None,
                 field: str | None = None) -> None:
        where = path + (f":{line}" if line else "")
        who = f" rule {rule_id!r}" if rule_id else ""
        what = f" field {field!r}" if field else ""
        super().__init__(f"{where}:{who}{what}: {message}")
        self.path, self.line, self.rule_id, self.field = path, line, rule_id, field


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping as key '__line__'."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip_lines(v) for k, v in obj.items() if k != "__line__"}
    if isinstance(obj, list):
        return [_strip_lines(v) for v in obj]
    return obj


def builtin_rules_dir() -> Path:
    """rules/ of a source checkout, or the copy shipped inside the wheel as checker/_rules."""
    pkg = Path(__file__).resolve().parent.parent
    shipped = pkg / "_rules"
    if shipped.is_dir():
        return shipped
    return pkg.parent / "rules"


def read_yaml(path: Path) -> Any:
    """Safe-load a YAML file with line markers; syntax errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(str(path), f"cannot read rule file: {exc}") from exc
    try:
        return yaml.load(text, Loader=_LineLoader)  # _LineLoader is a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleFileError(str(path), f"YAML syntax error: {getattr(exc, 'problem', exc)}",
                            line=mark.line + 1 if mark else None) from exc


def load_data_file(name: str) -> Any:
    """A lexicon (units.yaml, subjects.yaml …) from the built-in rules directory, without line marks."""
    return _strip_lines(read_yaml(builtin_rules_dir() / name))


@lru_cache(maxsize=1)
def _adapter() -> TypeAdapter[Any]:
    kinds = registry()
    from typing import Annotated, Union

    from pydantic import Field

    union = Union[tuple(kinds.values())]  # type: ignore[valid-type]  # noqa: UP007
    return TypeAdapter(Annotated[union, Field(discriminator="kind")])


def parse_rule(raw: Mapping[str, Any], source: str) -> Rule:
    line = raw.get("__line__") if isinstance(raw, Mapping) else None
    rule_id = raw.get("id") if isinstance(raw, Mapping) else None
    if not isinstance(raw, Mapping):
        raise RuleFileError(source, "each entry of 'rules' must be a mapping", line=line)
    kind = raw.get("kind")
    if kind not in registry():
        raise RuleFileError(source, f"unknown kind {kind!r}; known kinds: {', '.join(sorted(registry()))}",
                            line=line, rule_id=rule_id, field="kind")
    data = dict(_strip_lines(raw))
    data["source"] = f"{source}:{line}" if line else source
    try:
        rule: Rule = _adapter().validate_python(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err["loc"]]
        if loc and loc[0] == kind:  # drop the union tag pydantic puts first
            loc = loc[1:]
        field = ".".join(loc) or None
        raise RuleFileError(source, f"{err['msg']}", line=_field_line(raw, loc) or line, rule_id=rule_id,
                            field=field) from exc
    return rule


def _field_line(raw: Mapping[str, Any], loc: list[str]) -> int | None:
    """Best-effort line of a nested field: the line of the deepest mapping on its path."""
    node: Any = raw
    line = raw.get("__line__")
    for part in loc:
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            break
        if isinstance(node, Mapping) and "__line__" in node:
            line = node["__line__"]
    return line


def load_rule_file(path: Path, overrides: Mapping[str, Mapping[str, Any]] | None = None) -> list[Rule]:
    doc = read_yaml(path)
    if doc is None:
        return []
    if not isinstance(doc, Mapping) or "rules" not in doc:
        return []  # a lexicon or data file, not a rule file
    entries = doc["rules"]
    if not isinstance(entries, list):
        raise RuleFileError(str(path), "'rules' must be a list", line=doc.get("__line__"))
    rules = []
    for raw in entries:
        if overrides and isinstance(raw, Mapping) and raw.get("id") in overrides:
            raw = {**raw, **overrides[raw["id"]]}
        rules.append(parse_rule(raw, str(path)))
    return rules


def load_rules(extra_dirs: Iterable[Path] = (), overrides: Mapping[str, Mapping[str, Any]] | None = None,
               include_builtin: bool = True) -> list[Rule]:
    """All rules: built-in first, then the user's directories, ids unique across all of them."""
    dirs = ([builtin_rules_dir()] if include_builtin else []) + [Path(d) for d in extra_dirs]
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for d in dirs:
        if not d.is_dir():
            raise RuleFileError(str(d), "rule directory does not exist")
        for path in sorted(d.glob("*.yaml")) + sorted(d.glob("*.yml")):
            for rule in load_rule_file(path, overrides):
                if rule.id in seen:
                    raise RuleFileError(str(path), f"duplicate rule id (first defined in {seen[rule.id]})",
                                        rule_id=rule.id, field="id")
                seen[rule.id] = rule.source
                rules.append(rule)
    return rules


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    return tuple(load_rules())
