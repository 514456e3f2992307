"""Rule kinds: one module per kind, each defining a `Rule` subclass with `kind: Literal[...]`.

`registry()` imports them all and returns {kind name: class}; the loader builds a
discriminated union from it, so an unknown kind is a validation error naming the file and rule.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from checker.rules.model import Rule


@lru_cache(maxsize=1)
def registry() -> dict[str, type[Rule]]:
    kinds: dict[str, type[Rule]] = {}
    for mod in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{mod.name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule:
                field = obj.model_fields.get("kind")
                ann = getattr(field, "annotation", None)
                names = getattr(ann, "__args__", ())
                for name in names:
                    if isinstance(name, str):
                        kinds[name] = obj
    return kinds
