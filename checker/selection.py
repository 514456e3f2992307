"""Which rules a run uses: the built-in and the user's rules, the config's overrides, the selection.

A selector (select, ignore, severity, per-path ignores) must name a rule id, an id prefix or a
category; an override must name a rule and a field it has: a typo is a ConfigError naming the
config key, never a silent no-op.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from checker.config import Config, ConfigError, selector_known
from checker.rules.loader import RuleFileError, builtin_rules, load_rules
from checker.rules.model import Rule
from checker.suppress import GENERATED_PREFIXES


def all_rules(config: Config) -> list[Rule]:
    """Built-in and extra rules with the config's parameter overrides, before selection.

    The built-in rules are parsed once per process (they are the slow part); the user's directories
    are read on every call. An override naming an unknown rule or field is a ConfigError naming the
    config key."""
    if not (config.extra_rules or config.rule_params):
        return list(builtin_rules())
    source = config.source or "options"
    rules = list(builtin_rules())
    first_seen = {r.id: r.source for r in rules}
    for rule in load_rules([Path(d) for d in config.extra_rules], include_builtin=False):
        if rule.id in first_seen:
            raise RuleFileError(rule.source.rsplit(":", 1)[0], f"duplicate rule id (first defined in "
                                f"{first_seen[rule.id]})", rule_id=rule.id, field="id")
        first_seen[rule.id] = rule.source
        rules.append(rule)
    unknown = sorted(set(config.rule_params) - {r.id for r in rules})
    if unknown:
        raise ConfigError(source, f"rules.{unknown[0]}", "no rule with this id (`checker rules` lists them)")
    out = [_overridden(r, config.rule_params[r.id], source) if r.id in config.rule_params else r for r in rules]
    seen: dict[str, tuple[str, str]] = {}  # id -> (id before the overrides, where defined)
    for before, after in zip(rules, out, strict=True):
        if after.id in seen:  # an override set `id` to one that is taken
            other_id, other_source = seen[after.id]
            renamed = before.id if before.id != after.id else other_id
            raise ConfigError(source, f"rules.{renamed}.id", f"duplicate rule id {after.id!r}: also the id of the "
                              f"rule defined in {other_source if renamed == before.id else after.source}")
        seen[after.id] = (before.id, after.source)
    return out


def _overridden(rule: Rule, params: Mapping[str, Any], source: str) -> Rule:
    """`rule` with some fields replaced, validated exactly like the rule file entry it came from."""
    try:
        return type(rule).model_validate({**rule.model_dump(), **params, "source": rule.source})
    except RecursionError:
        raise ConfigError(source, f"rules.{rule.id}", "nested too deeply to compile (a regular expression with "
                          "thousands of nested groups?)") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise ConfigError(source, f"rules.{rule.id}.{field}", err["msg"]) from None


def check_selectors(config: Config, rules: Sequence[Rule]) -> None:
    """Every select/ignore/severity/per-path selector must name a rule, a prefix or a category:
    a misspelt `ignore` would otherwise silently ignore nothing."""
    keyed: list[tuple[str, list[str]]] = [("select", config.select), ("ignore", config.ignore),
                                          ("severity", list(config.severity))]
    keyed += [(f"per-path-ignores.{glob}", sels) for glob, sels in config.per_path_ignores.items()]
    if not any(selectors for _key, selectors in keyed):
        return  # nothing to check: the cross-document rules need not be loaded for their ids
    from checker.crossdoc import rule_ids as cross_document_ids

    ids = [r.id for r in rules] + cross_document_ids()
    for key, selectors in keyed:
        for s in selectors:
            if not selector_known(s, ids) and not s.startswith(GENERATED_PREFIXES) \
                    and s.rstrip(".") not in ("input", "internal"):
                raise ConfigError(config.source or "options", key,
                                  f"{s!r} matches no rule id, id prefix or category")


def select_rules(config: Config) -> list[Rule]:
    rules = all_rules(config)
    check_selectors(config, rules)
    return [r for r in rules if r.enabled and config.rule_selected(r.id, r.category)]


@lru_cache(maxsize=8)
def known_rule_ids(extra_rules: tuple[str, ...]) -> frozenset[str]:
    extra = load_rules([Path(d) for d in extra_rules], include_builtin=False) if extra_rules else []
    return frozenset(r.id for r in [*builtin_rules(), *extra])
