"""The installed package must carry the rule files (a wheel, not only an editable checkout)."""

from __future__ import annotations

from pathlib import Path

import checker
from checker.rules.loader import builtin_rules_dir

REPO_RULES = Path(__file__).resolve().parent.parent / "rules"


def test_rules_dir_has_rule_files():
    assert sorted(p.name for p in builtin_rules_dir().glob("*.yaml")), "no rule files found"


def test_installed_wheel_ships_current_rules():
    """When tests run against a non-editable install (CI), its rules must equal the checkout's."""
    if "site-packages" not in Path(checker.__file__).as_posix():
        return  # editable/source run: the checkout's rules/ is what is loaded
    shipped = builtin_rules_dir()
    assert shipped.name == "_rules", f"installed package reads rules from {shipped}, not its own copy"
    repo = {p.name: p.read_bytes() for p in REPO_RULES.iterdir() if p.is_file()}
    have = {p.name: p.read_bytes() for p in shipped.iterdir() if p.is_file()}
    assert have == repo, "the installed wheel's rules differ from rules/ (reinstall with `pip install .`)"
