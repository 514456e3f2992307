"""Rules: pydantic models of the YAML rule files, their loader, and one class per rule kind."""
