"""The pydantic model every rule shares; each kind in `checker.rules.kinds` subclasses it.

Vale's split: a rule file is data (id, kind, parameters, messages, examples) and a kind is code.
Adding a rule of an existing kind never touches Python.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from checker.findings import Category, Finding, Severity

if TYPE_CHECKING:
    from checker.context import DocumentContext

RULE_ID = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9_-]*)+$")


# Widths and precisions a template may ask for: `{text:>300000000}` printed 600 MB per finding.
MAX_TEMPLATE_WIDTH = 64
_FIELD_NAME = re.compile(r"\w+")  # a name, or a group number where the kind passes them
_NUMBER = re.compile(r"\d+")


def check_template(template: str, numbered: bool = False) -> str:
    """A message, suggestion or summary template that can only show the finding's named fields.

    `str.format` also reads attributes and items (`{text.__class__.__init__.__globals__}` shows
    the process's internals; `{0.__class__}` memory addresses) and pads to any width; a template
    from a user's rule file may name fields (`numbered`: or group numbers) and little more."""
    for _literal, name, spec, conversion in string.Formatter().parse(template):  # ValueError if broken
        if name is None:
            continue
        if not _FIELD_NAME.fullmatch(name) or (name.isdigit() and not numbered):
            raise ValueError(f"template field {{{name}}} may only name a field (no '.', '[', number or empty "
                             "name)")
        if conversion not in (None, "s", "r", "a"):
            raise ValueError(f"template field {{{name}!{conversion}}}: only !s, !r and !a conversions")
        if spec and ("{" in spec or any(int(n) > MAX_TEMPLATE_WIDTH for n in _NUMBER.findall(spec))):
            raise ValueError(f"template field {{{name}:{spec}}}: nested fields and widths over "
                             f"{MAX_TEMPLATE_WIDTH} are not allowed")
    return template


class Bilingual(BaseModel):
    """A text in Chinese (the default) and English, like every text checker shows a user.

    A plain string is taken as the text of both languages: a project's own rules (`extra-rules`)
    are often written in one language only. Built-in rules always give both (a test checks it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _one_language(cls, v: object) -> object:
        return {"zh": v, "en": v} if isinstance(v, str) else v

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        # the editor schema (checker/editor_schema.py) must take what the validator above takes
        return {"anyOf": [{"type": "string", "minLength": 1}, handler(core_schema)]}

    def in_lang(self, lang: str) -> str:
        """The text in `lang` ("en"; anything else is Chinese)."""
        return self.en if lang == "en" else self.zh


class Messages(Bilingual):
    """A message template per language; `{text}` and kind-specific fields are filled in."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("zh", "en")
    @classmethod
    def _parsable(cls, v: str) -> str:
        return check_template(v)

    def render(self, lang: str, fields: dict[str, Any]) -> str:
        template = self.en if lang == "en" else self.zh
        return template.format_map(_Fields(fields))


class _Fields(dict):  # type: ignore[type-arg]
    """Missing template fields render as '?' instead of raising mid-run."""

    def __missing__(self, key: str) -> str:
        return "?"


class Examples(BaseModel):
    """Semgrep's habit: every rule proves itself on text that must and must not fire."""

    model_config = ConfigDict(extra="forbid")
    bad: list[str] = Field(min_length=1)
    good: list[str] = Field(min_length=1)


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    kind: str
    id: str
    category: Category
    severity: Severity = Severity.warning
    message: Messages
    description: Bilingual
    why: Bilingual
    fix: Bilingual
    examples: Examples
    # Rules that `checker fix` may apply without review (artifact removal, unit spelling).
    safe_fix: bool = False
    enabled: bool = True
    # Where the rule was defined, for error messages; filled in by the loader.
    source: str = Field(default="", exclude=True)

    # Set by kinds that need the metrics table, so the engine only extracts when needed.
    needs_metrics: ClassVar[bool] = False
    # False for a kind whose findings the findings policy makes (checker/policy.py), not the engine.
    evaluated: ClassVar[bool] = True
    # Cached properties of plain data (text, dicts of text) derived from the rule's fields alone,
    # computed when a rule snapshot is written, so a start reads them instead of deriving them
    # again (checker.rules.snapshot). A config override of a field validates a new rule, without them.
    snapshot_derived: ClassVar[tuple[str, ...]] = ()

    @field_validator("suggest", "summary", check_fields=False)
    @classmethod
    def _safe_template(cls, v: object, info: ValidationInfo) -> object:
        """Kinds' own templates (a pattern's `suggest`, a figure pattern's `summary`) obey the
        same limits as messages."""
        return check_template(v, numbered=info.field_name == "suggest") if isinstance(v, str) else v

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not RULE_ID.match(v):
            raise ValueError(f"rule id {v!r} must look like 'family.name' (lowercase, dots, dashes)")
        return v

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError(f"rule kind {self.kind!r} does not implement check()")
