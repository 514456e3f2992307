"""JSON Schemas of checker's two hand-written file kinds, for editors: rule files (rules/*.yaml
and a project's `extra-rules`) and the configuration (`checker.toml`, `[tool.checker]`).

Generated from the pydantic models that validate those files when checker loads them (every rule
kind's class; `config.Config`), so an editor underlines what checker would refuse and completes
field names, kinds, categories and severities. `checker schema rules|config` prints them; the
copies under schemas/ are kept current by tests/test_editor_schema.py
(refresh: `python scripts/update_schemas.py`). Not to be confused with checker/schemas.py, the
pandera schema of the metrics table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# Fields a model has for checker's own use, never written in a file.
_RULE_INTERNAL = ("source",)
_CONFIG_INTERNAL = ("source", "root")


def rules_schema() -> dict[str, Any]:
    """A rule file: `rules:`, a list of rules, each validated by the class its `kind` names."""
    from checker.rules.loader import _adapter

    rule = _adapter().json_schema()
    defs = rule.pop("$defs", {})
    for definition in defs.values():
        for name in _RULE_INTERNAL:
            definition.get("properties", {}).pop(name, None)
    return {
        "$schema": DRAFT,
        "title": "checker rule file",
        "description": "A file of checker rules (rules/*.yaml, or a folder named by `extra-rules`). Each rule's "
                       "`kind` selects its fields; `checker test-rules FILE` runs its examples.",
        "type": "object",
        "required": ["rules"],
        "properties": {"rules": {"type": "array", "items": rule}},
        "$defs": defs,
    }


def config_schema() -> dict[str, Any]:
    """`checker.toml`, or the `[tool.checker]` table of a pyproject.toml."""
    from checker.config import Config

    schema = Config.model_json_schema(by_alias=True)
    props: dict[str, Any] = schema["properties"]
    for name in _CONFIG_INTERNAL:
        props.pop(name, None)
    props["lang"]["enum"] = ["zh", "en"]  # a str in the model; load_config_file checks the two values
    for name, field in Config.model_fields.items():  # the loader takes `fail_on` as well as `fail-on`
        if field.alias and field.alias in props and name not in _CONFIG_INTERNAL:
            props[name] = {**props[field.alias], "description": f"Same as `{field.alias}`."}
    schema.pop("required", None)
    return {
        "$schema": DRAFT,
        **schema,
        "title": "checker configuration",
        "description": "checker.toml, or [tool.checker] in pyproject.toml. Unknown keys are errors; "
                       "`checker config` prints the effective configuration.",
    }


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {"rules": rules_schema, "config": config_schema}
FILES = {"rules": "rules.schema.json", "config": "config.schema.json"}


def render(name: str) -> str:
    """The schema as the committed file holds it."""
    return json.dumps(SCHEMAS[name](), ensure_ascii=False, indent=2) + "\n"
