#!/usr/bin/env bash
# Refresh requirements/lock.txt: the exact versions `.ci/run` and README's test command install.
# Resolves pyproject.toml's ranges (extras test + dask) plus requirements/tools.in (pip, hatchling)
# for CPython 3.11 on linux x86_64, from PyPI only. Without arguments it keeps the pinned versions
# that still satisfy the ranges (uv prefers what the output file holds); pass --upgrade to move
# every pin to the newest release, or --upgrade-package NAME for one. Needs uv (pip install uv).
# Commit the new lock only after .ci/run passes with it.
set -euo pipefail
cd "$(dirname "$0")/.."
exec uv pip compile pyproject.toml requirements/tools.in --extra test --extra dask \
  --python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
  --index-url https://pypi.org/simple --custom-compile-command scripts/refresh_lock.sh \
  -o requirements/lock.txt "$@"
