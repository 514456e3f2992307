"""Regenerate checker/regex_table.pickle, checker's `regex` patterns shipped compiled
(checker/compiled_regex.py says why and how it is used; tests/test_compiled_regex.py holds every
program equal to a fresh compile).

What it holds is what checker compiles while, in this fresh process, it imports its modules, checks
the seed reports and runs every built-in rule's examples: module constants, lexicons and the rules'
own patterns. scripts/update_rule_snapshot.py runs it; run it alone after editing a pattern, with the
`regex` the lock names (the table is used only under the `regex` release it was made with)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker import compiled_regex  # noqa: E402  (first: the recording must see every compile)

recorded = compiled_regex.start_recording()

import checker.cli  # noqa: E402, F401  (the modules a check imports, and their constants)
from checker.api import check_paths  # noqa: E402
from checker.rule_examples import run_examples  # noqa: E402
from checker.rules.loader import load_rules  # noqa: E402
from checker.safe_write import write_bytes  # noqa: E402

check_paths([ROOT / "seeds"])
for rule in load_rules():
    run_examples(rule)

where = compiled_regex.TABLE.relative_to(ROOT)
if set(compiled_regex.read_table()) == recorded:
    # `regex` orders some sets of its program by object identity: two compiles of one pattern in two
    # processes match alike but differ in bytes, so the file is rewritten only when what it holds changes.
    print(f"{where} is current ({len(recorded)} patterns)")
else:
    data = compiled_regex.table_bytes(recorded)
    write_bytes(compiled_regex.TABLE, data)
    compiled_regex.TABLE.chmod(0o644)  # shipped in the wheel: readable by every user
    print(f"wrote {where} ({len(recorded)} patterns, {len(data) // 1024} KB): {compiled_regex.table_key()}")
