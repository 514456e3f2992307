"""What the numeric rule kinds read of a document's metrics: the row type and its helpers.

The rows are built by extraction (`checker.extract.rows`, as `ctx.metric_rows`); this module only
names them for the rules, so a kind imports its vocabulary from the rules package it belongs to.
"""

from checker.extract.rows import MAX_CLAUSE_CHARS, NUMERIC_COLUMNS, Row, is_null

__all__ = ["MAX_CLAUSE_CHARS", "NUMERIC_COLUMNS", "Row", "is_null"]
