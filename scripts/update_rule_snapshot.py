"""Regenerate checker/rules/builtin_rules.pickle, the validated built-in rules shipped with checker
(checker/rules/snapshot.py says why and how it is used), and checker/data_files.json, the lexicons
parsed (checker/lexicon.py); tests/test_rule_snapshot.py holds both current and equal to what the
plain loaders build. Then scripts/update_regex_table.py: checker/regex_table.pickle.

Run it after editing a rule file or checker's code below the engine (snapshot.ABOVE_RULES is left
out), with the Python and pydantic the lock names (the snapshot is used only under the Python minor
version and pydantic version it was made with)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.lexicon import DATA_SNAPSHOT, builtin_rules_dir, data_snapshot_text  # noqa: E402
from checker.rules.loader import load_rules  # noqa: E402
from checker.rules.snapshot import SHIPPED, read_snapshot, snapshot_bytes, snapshot_header, write_snapshot  # noqa: E402
from checker.safe_write import write_text  # noqa: E402

rules_dir = builtin_rules_dir()
header = snapshot_header(rules_dir)
rules = tuple(load_rules())  # the plain, validating loader
where = SHIPPED.relative_to(ROOT)
if read_snapshot(SHIPPED, header, rules_dir) == rules:
    print(f"{where} is current ({len(rules)} rules)")
else:
    write_snapshot(SHIPPED, snapshot_bytes(rules, header, rules_dir), prune=False)
    SHIPPED.chmod(0o644)  # shipped in the wheel: readable by every user (mkstemp makes it private)
    print(f"wrote {where} ({len(rules)} rules, {SHIPPED.stat().st_size // 1024} KB): {header.decode().strip()}")

# The lexicons, parsed (checker/lexicon.py says why).
text = data_snapshot_text(rules_dir)
where = DATA_SNAPSHOT.relative_to(ROOT)
if DATA_SNAPSHOT.is_file() and DATA_SNAPSHOT.read_text(encoding="utf-8") == text:
    print(f"{where} is current")
else:
    write_text(DATA_SNAPSHOT, text)
    print(f"wrote {where} ({len(json.loads(text)['files'])} data files)")

# checker's `regex` patterns compiled (checker/compiled_regex.py), recorded in a fresh process.
subprocess.run([sys.executable, str(ROOT / "scripts" / "update_regex_table.py")], check=True)
