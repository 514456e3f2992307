"""Effective configuration: defaults < config file < command line.

The file part ([tool.checker] in pyproject.toml or checker.toml, found by walking up from the
checked path) is read by `find_config`/`load_config_file`; the CLI merges its flags on top.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from checker.findings import Finding, Severity


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    select: list[str] = Field(default_factory=list)  # rule ids, id prefixes or categories; empty = all
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)  # rule id/prefix/category -> severity
    per_path_ignores: dict[str, list[str]] = Field(default_factory=dict, alias="per-path-ignores")
    extra_rules: list[str] = Field(default_factory=list, alias="extra-rules")
    rule_params: dict[str, dict[str, Any]] = Field(default_factory=dict, alias="rules")
    fail_on: Severity = Field(default=Severity.error, alias="fail-on")
    lang: str = "zh"
    include: list[str] = Field(default_factory=lambda: ["*.txt", "*.md", "*.docx"])
    exclude: list[str] = Field(default_factory=list)
    max_bytes: int = Field(default=64 * 1024 * 1024, alias="max-bytes")
    # Where the file part came from (for `checker config`).
    source: str | None = None

    def _matches(self, selector: str, rule_id: str, category: str) -> bool:
        return selector == category or selector == rule_id or rule_id.startswith(selector.rstrip(".") + ".")

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
        for glob, selectors in self.per_path_ignores.items():
            if fnmatch.fnmatch(finding.path, glob) or fnmatch.fnmatch(Path(finding.path).name, glob):
                if any(self._matches(s, finding.rule, finding.category) for s in selectors):
                    return True
        return False
