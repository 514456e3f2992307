"""What other programs import: check paths or text, get a `Report` back.

    from checker.api import check_paths, check_text
    report = check_paths(["seeds/"])
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from checker.config import Config
from checker.document import Document, InputError, load
from checker.engine import check_document
from checker.findings import FileStatus, Finding, Report, Severity
from checker.rules.loader import builtin_rules, load_rules
from checker.rules.model import Rule


def select_rules(config: Config) -> list[Rule]:
    if config.extra_rules or config.rule_params:
        rules = load_rules([Path(d) for d in config.extra_rules], overrides=config.rule_params)
    else:
        rules = list(builtin_rules())
    return [r for r in rules if r.enabled and config.rule_selected(r.id, r.category)]


def input_error(path: str, code: str, message: str, severity: Severity = Severity.error) -> Finding:
    f = Finding(rule=f"input.{code}", category="input-error", severity=severity, path=path, line=1,
                column=1, end_line=1, end_column=1, text="", message=message)
    f.fingerprint = f.compute_fingerprint()
    return f


def iter_inputs(paths: Iterable[str | os.PathLike[str]], config: Config) -> Iterator[str]:
    """Files to check, in a stable order: explicit files as given, directories walked sorted.

    Symlinked directories are not followed (no loops); explicitly named files always are.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not any(fnmatch.fnmatch(name, g) for g in config.include):
                        continue
                    full = os.path.join(root, name)
                    if any(fnmatch.fnmatch(full, g) or fnmatch.fnmatch(name, g) for g in config.exclude):
                        continue
                    yield full
        else:
            yield str(raw)


def check_file(path: str, rules: Sequence[Rule], config: Config) -> tuple[FileStatus, list[Finding]]:
    try:
        doc = load(path, max_bytes=config.max_bytes)
    except InputError as exc:
        return FileStatus(path=path, ok=False, error=exc.message), [input_error(path, exc.code, exc.message)]
    findings = [input_error(path, code, msg, Severity.warning) for code, msg, _ in doc.warnings]
    findings += check_document(doc, rules, config)
    return FileStatus(path=path, ok=True, encoding=doc.encoding, findings=len(findings)), findings


def check_paths(paths: Iterable[str | os.PathLike[str]], config: Config | None = None,
                rules: Sequence[Rule] | None = None) -> Report:
    config = config or Config()
    rules = select_rules(config) if rules is None else rules
    report = Report()
    for path in iter_inputs(paths, config):
        status, findings = check_file(path, rules, config)
        report.files.append(status)
        report.findings.extend(findings)
    return report.sorted()


def check_text(text: str, config: Config | None = None, rules: Sequence[Rule] | None = None,
               path: str = "<text>") -> list[Finding]:
    config = config or Config()
    rules = select_rules(config) if rules is None else rules
    return check_document(Document.from_text(text, path=path), rules, config)
