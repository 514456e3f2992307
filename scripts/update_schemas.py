"""Regenerate schemas/*.schema.json from the models (tests/test_editor_schema.py holds them current)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.editor_schema import FILES, render  # noqa: E402
from checker.safe_write import write_text  # noqa: E402

for name, file_name in FILES.items():
    write_text(ROOT / "schemas" / file_name, render(name))
    print(f"wrote schemas/{file_name}")
