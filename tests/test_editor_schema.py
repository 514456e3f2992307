"""JSON Schemas for editors (issue 17): generated from the models checker validates with, the
copies under schemas/ current, every built-in rule file valid against them, and what checker
refuses refused by them too."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from checker.cli import app
from checker.editor_schema import FILES, config_schema, render, rules_schema
from checker.rules.loader import builtin_rules_dir

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.mark.parametrize("name", sorted(FILES))
def test_committed_schemas_are_current(name):
    committed = (ROOT / "schemas" / FILES[name]).read_text(encoding="utf-8")
    assert committed == render(name), f"schemas/{FILES[name]} is stale: run python scripts/update_schemas.py"


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_schema_command_prints_the_same(name, tmp_path):
    result = runner.invoke(app, ["schema", name])
    assert result.exit_code == 0 and result.stdout == render(name)
    out = tmp_path / "s.json"
    assert runner.invoke(app, ["schema", name, "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == render(name)


def _rule_files() -> list[Path]:
    return [p for p in sorted(builtin_rules_dir().glob("*.yaml"))
            if isinstance(data := yaml.safe_load(p.read_text(encoding="utf-8")), dict) and "rules" in data]


def test_every_built_in_rule_file_is_valid():
    validator = jsonschema.Draft202012Validator(rules_schema())
    files = _rule_files()
    assert len(files) > 10
    for path in files:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].absolute_path)}"


GOOD_RULE = {"id": "local.town", "kind": "pattern", "category": "placeholder", "severity": "error",
             "pattern": "某某镇", "message": {"zh": "占位“{text}”", "en": "placeholder '{text}'"},
             "description": "d", "why": "w", "fix": "f", "examples": {"bad": ["某某镇"], "good": ["城关镇"]}}


@pytest.mark.parametrize("change", [{"kind": "no-such-kind"}, {"severity": "fatal"}, {"patern": "x"},
                                    {"category": "typo"}])
def test_what_checker_refuses_the_rule_schema_refuses(change):
    validator = jsonschema.Draft202012Validator(rules_schema())
    assert validator.is_valid({"rules": [GOOD_RULE]})
    assert not validator.is_valid({"rules": [{**GOOD_RULE, **change}]})


def test_config_schema_takes_both_spellings_and_refuses_unknown_keys():
    validator = jsonschema.Draft202012Validator(config_schema())
    assert validator.is_valid({"fail-on": "warning", "select": ["placeholder"], "lang": "en"})
    assert validator.is_valid({"fail_on": "info", "extra_rules": ["my_rules"]})
    for bad in ({"fail-on": "fatal"}, {"lang": "fr"}, {"failon": "error"}, {"source": "x"}):
        assert not validator.is_valid(bad), bad
    props = config_schema()["properties"]
    assert all(props[k].get("description") for k in ("select", "fail-on", "extra-rules", "exclude"))
