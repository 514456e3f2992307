"""Reads rules/*.yaml into validated rule objects.

YAML is read with a SafeLoader only (no object construction from documents we did not write:
a `!!python/...` tag is refused with an error naming it). Aliases are followed with a budget, so a
"billion laughs" file of nested aliases is an error, not an hour of copying. A malformed rule is a
loud error that names the file, the line of the offending field, the rule id and the field: a rule
that cannot run must never be skipped silently (Vale's weakness).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from checker.lexicon import builtin_rules_dir
from checker.rules.kinds import registry
from checker.rules.model import Rule
from checker.safe_read import UnreadableFile, read_regular

if TYPE_CHECKING:
    import yaml


class RuleFileError(Exception):
    """A rule file that cannot be used: "path:line: rule 'id' field 'name': what is wrong"."""

    def __init__(self, path: str, message: str, line: int | None = None, rule_id: str | None = None,
                 field: str | None = None) -> None:
        where = path + (f":{line}" if line else "")
        who = [f"rule {rule_id!r}"] if rule_id else []
        what = [f"field {field!r}"] if field else []
        super().__init__(": ".join([where, " ".join(who + what), message] if who or what else [where, message]))
        self.path, self.line, self.rule_id, self.field = path, line, rule_id, field


# Keys the loader adds to every mapping: the mapping's own line, and the line of each key
# (and of each item of a list value, as "key.index").
_LINE = "__line__"
_LINES = "__lines__"
_MARKS = frozenset({_LINE, _LINES})
# Values a rule file may expand to after aliases are followed (the built-in files are ~10^4).
MAX_YAML_NODES = 1_000_000
# The built-in rule files are tens of kB; a rule file of many MB is a mistake or an attack (one of
# 13.6 MB took over a minute to load: refused at once instead; one of 1 MiB loads in ~5 s).
MAX_RULE_FILE_BYTES = 1024 * 1024


# Collections nested deeper than this are refused before parsing. Rule files need ~7 levels. The
# pure-Python parser raises RecursionError near 10^3 levels; libyaml before 0.2.6 recursed once per
# level in C (a segmentation fault near 10^5), 0.2.6 refuses flow nesting past 10^3 in its scanner
# before the guard sees an event. Either way the file is a RuleFileError naming file and line.
MAX_YAML_DEPTH = 100


@lru_cache(maxsize=1)
def _safe_loader() -> Any:
    """libyaml's SafeLoader (PyYAML's C extension parses ~15x faster than the pure-Python parser:
    rules/*.yaml 0.03 s against 0.35 s), the pure one where it is not installed. PyYAML is imported
    here, when a file is first read: a start from the rule and lexicon snapshots reads none."""
    import yaml

    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


@lru_cache(maxsize=1)
def _line_loader() -> Any:
    """The safe loader that also remembers where every mapping, key and list item was."""
    import yaml

    class _LineLoader(_safe_loader()):  # type: ignore[misc]
        pass

    _LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    return _LineLoader


def _refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    """YAML keeps the last of two equal keys: a rule with two `pattern:` lines (a bad merge, a
    pasted entry) would silently lose the first. Keys written in the mapping itself are compared,
    before `<<` merges are flattened (a key written over a merged default is an override)."""
    import yaml

    first: dict[str, int] = {}
    for key_node, _value in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(key_node, yaml.ScalarNode):
            continue
        key = str(key_node.value)
        if key in first:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                f"duplicate key {key!r} (first on line {first[key]}): YAML would keep only the last",
                key_node.start_mark)
        first[key] = key_node.start_mark.line + 1


def _construct_mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    import yaml

    _refuse_duplicate_keys(node)
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:  # merged (<<) keys included: construct_mapping flattened them
        key = str(key_node.value)
        lines.setdefault(key, key_node.start_mark.line + 1)
        if isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                lines.setdefault(f"{key}.{i}", item.start_mark.line + 1)
    mapping[_LINE] = node.start_mark.line + 1
    mapping[_LINES] = lines
    return mapping


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise ValueError(f"the YAML expands to over {MAX_YAML_NODES} values (nested aliases?)")


def _strip_lines(obj: Any, budget: _Budget | None = None) -> Any:
    """A plain copy without line marks. Aliases make a YAML file a graph that can expand
    exponentially when copied; the budget turns such a file into an error."""
    budget = budget or _Budget(MAX_YAML_NODES)
    budget.spend()
    if isinstance(obj, dict):
        return {k: _strip_lines(v, budget) for k, v in obj.items() if k not in _MARKS}
    if isinstance(obj, list):
        return [_strip_lines(v, budget) for v in obj]
    return obj


def _plain(obj: Any, source: str) -> Any:
    try:
        return _strip_lines(obj)
    except ValueError as exc:
        raise RuleFileError(source, str(exc)) from None
    except RecursionError:
        raise RuleFileError(source, "the YAML is nested too deeply") from None


def _too_deep(text: str, loader: type[Any]) -> yaml.Mark | None:
    """Where the YAML's collections first nest deeper than MAX_YAML_DEPTH, or None.

    Counts the parser's start/end events, stopping at the first level too deep (the parser keeps
    its own stack on the heap; only building the node tree recurses). Syntax errors surface here
    as they would from loading."""
    import yaml

    parser = loader(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return event.start_mark  # type: ignore[no-any-return]
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    finally:
        parser.dispose()
    return None


def read_yaml(path: Path, trusted: bool = False, marks: bool = True) -> Any:
    """Safe-load a YAML file with line markers; syntax errors name the file and line.

    `trusted`: a file of checker's own rules directory, whose nesting the tests see: the depth
    guard's extra pass over the file (a fifth of the parse) is skipped. `marks=False`: plain data
    without line markers (a lexicon, whose lines no error message needs)."""
    import yaml

    loader = _line_loader() if marks else _safe_loader()
    try:
        text = read_regular(path, MAX_RULE_FILE_BYTES).decode("utf-8")
    except UnreadableFile as exc:
        if exc.code == "too-large":
            raise RuleFileError(str(path), f"rule file is over {MAX_RULE_FILE_BYTES} bytes; not read") from None
        raise RuleFileError(str(path), f"cannot read rule file: {exc.reason}") from None
    except UnicodeDecodeError as exc:
        raise RuleFileError(str(path), f"cannot read rule file: not UTF-8 text ({exc})") from None
    try:
        deep = None if trusted else _too_deep(text, loader)
        if deep is not None:
            raise RuleFileError(str(path), f"the YAML is nested too deeply (over {MAX_YAML_DEPTH} levels)",
                                line=deep.line + 1)
        return yaml.load(text, Loader=loader)  # a (C)SafeLoader or a subclass of it
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        problem = exc.problem or str(exc)
        if "could not determine a constructor for the tag" in problem:
            quoted = re.search(r"'([^']*)'", problem)
            tag = (quoted.group(1) if quoted else "?").replace("tag:yaml.org,2002:", "!!")
            problem = (f"YAML tag {tag!r} is not allowed: rule files are plain data, read with a safe "
                       "loader that builds no Python objects")
        raise RuleFileError(str(path), problem, line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleFileError(str(path), f"YAML syntax error: {getattr(exc, 'problem', None) or exc}",
                            line=mark.line + 1 if mark else None) from None
    except RecursionError:
        raise RuleFileError(str(path), "the YAML is nested too deeply") from None


@lru_cache(maxsize=1)
def _adapter() -> TypeAdapter[Any]:
    kinds = registry()
    from typing import Annotated, Union

    from pydantic import Field

    union = Union[tuple(kinds.values())]  # type: ignore[valid-type]  # noqa: UP007
    return TypeAdapter(Annotated[union, Field(discriminator="kind")])  # type: ignore[arg-type]  # a union built at run time


def parse_rule(raw: Mapping[str, Any], source: str, line: int | None = None, trusted: bool = False) -> Rule:
    """One entry of a file's `rules:` list; `line` is where the entry starts (for entries that are
    not mappings and so carry no line of their own).

    `trusted`: a built-in rule as shipped (no override from a config): its regexes are compiled by
    the test suite, so loading skips compiling them again only to validate them; each is compiled
    when a document first needs it (a third of a cold start went into compiling every pattern)."""
    if not isinstance(raw, Mapping):
        raise RuleFileError(source, f"each entry of 'rules' must be a mapping, not {type(raw).__name__}",
                            line=line)
    line = raw.get(_LINE, line)
    rule_id = raw.get("id")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in registry():
        problem = "missing" if kind is None else f"unknown kind {kind!r}"
        raise RuleFileError(source, f"{problem}; known kinds: {', '.join(sorted(registry()))}",
                            line=_field_line(raw, ["kind"]) or line, rule_id=rule_id, field="kind")
    data = dict(_plain(raw, source))
    data["source"] = f"{source}:{line}" if line else source
    try:
        rule: Rule = _adapter().validate_python(data, context={"trusted": trusted})
    except RecursionError:
        raise RuleFileError(source, "nested too deeply to compile (a regular expression with thousands of "
                            "nested groups?)", line=line, rule_id=rule_id) from None
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
    """Line of a nested field: of its key, or of its list item, or of the deepest mapping on its
    path that exists (a missing field is reported where its parent is)."""
    node: Any = raw
    line = raw.get(_LINE)
    holder: tuple[Mapping[str, Any], str] | None = None  # the mapping holding the current list, and its key
    for part in loc:
        if isinstance(node, Mapping) and part in node:
            line = node.get(_LINES, {}).get(part, line)
            holder = (node, part)
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            if holder is not None:
                line = holder[0].get(_LINES, {}).get(f"{holder[1]}.{part}", line)
            holder = None
            node = node[int(part)]
        else:
            break
    return line


def load_rule_file(path: Path, overrides: Mapping[str, Mapping[str, Any]] | None = None,
                   trusted: bool = False) -> list[Rule]:
    doc = read_yaml(path, trusted=trusted)
    if doc is None:
        return []
    if not isinstance(doc, Mapping):
        return []  # a word list or other data, not a rule file
    if "rules" not in doc:
        near = [k for k in doc if isinstance(k, str) and k not in _MARKS
                and difflib.SequenceMatcher(None, k.lower(), "rules").ratio() >= 0.75]
        if near:  # `rule:` or `Rules:` would otherwise make a rule file a lexicon, silently
            raise RuleFileError(str(path), f"top-level key {near[0]!r}: did you mean 'rules'?",
                                line=doc[_LINES].get(near[0]), field=near[0])
        return []  # a lexicon or data file, not a rule file
    entries = doc["rules"]
    if not isinstance(entries, list):
        raise RuleFileError(str(path), "'rules' must be a list", line=doc[_LINES].get("rules"), field="rules")
    rules = []
    for i, raw in enumerate(entries):
        rule_id = raw.get("id") if isinstance(raw, Mapping) else None
        override = overrides.get(rule_id) if overrides and isinstance(rule_id, str) else None
        if override is not None:
            raw = {**raw, **override}
        rules.append(parse_rule(raw, str(path), line=doc[_LINES].get(f"rules.{i}"),
                                trusted=trusted and override is None))
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
            for rule in load_rule_file(path, overrides, trusted=include_builtin and d == dirs[0]):
                if rule.id in seen:
                    line = rule.source.rsplit(":", 1)[-1]
                    raise RuleFileError(str(path), f"duplicate rule id (first defined in {seen[rule.id]})",
                                        line=int(line) if line.isdigit() else None, rule_id=rule.id,
                                        field="id")
                seen[rule.id] = rule.source
                rules.append(rule)
    return rules


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    """The built-in rules, from the snapshot shipped with checker or the one in the user cache when
    it matches the rule files, checker's code and the Python and pydantic versions
    (checker.rules.snapshot), else loaded by `load_rules`."""
    from checker.rules.snapshot import cached_rules

    return cached_rules(builtin_rules_dir(), lambda: tuple(load_rules()))
