"""One document through the pipeline: load, evaluate (checker.engine), the findings policy
(checker.policy). What every engine runs per file: the local runner, the Dask workers, the API.
"""

from __future__ import annotations

from collections.abc import Sequence

from checker import policy
from checker.budget import FileTooSlow, file_budget
from checker.config import Config
from checker.context import DocumentContext
from checker.document import Document, InputError, display_path, load
from checker.engine import evaluate
from checker.findings import CheckResult, FileStatus, Finding, Report, Severity
from checker.readers.mapped import with_pages
from checker.rules.model import Rule
from checker.selection import known_rule_ids, select_rules
from checker.ui_text import say


def document_findings(doc: Document, rules: Sequence[Rule], config: Config,
                      complete: bool | None = None, ctx: DocumentContext | None = None) -> list[Finding]:
    """Every finding of one loaded document: load warnings, then the rules' findings under the
    findings policy (checker.policy: config, inline suppressions, fingerprints, order).

    `complete` says whether every enabled rule ran (default: no select/ignore in the config); only
    then can a suppression without rule ids be judged unused."""
    if complete is None:
        complete = not (config.select or config.ignore)
    warnings = [input_error(doc.path, code, msg.in_lang(config.lang), Severity.warning, doc.lines.position(offset))
                for code, msg, offset in doc.warnings]
    try:
        with file_budget(config.file_budget):
            raw = evaluate(doc, rules, config.lang, ctx=ctx)
    except FileTooSlow:
        # what was found before the budget ran out depends on the machine's speed: none of it is
        # reported, as for a rule that times out
        return [*warnings, input_error(doc.path, "too-slow",
                                       say("input.too-slow", config.lang, budget=config.file_budget))]
    return with_pages(doc.lines, policy.document_findings(doc, raw, rules, config, warnings=warnings,
                                                          complete=complete,
                                                          known_rule_ids=known_rule_ids(tuple(config.extra_rules))))


def input_error(path: str, code: str, message: str, severity: Severity = Severity.error,
                position: tuple[int, int] = (1, 1)) -> Finding:
    line, column = position
    f = Finding(rule=f"input.{code}", category="input-error", severity=severity, path=path, line=line,
                column=column, end_line=line, end_column=column, text="", message=message)
    f.fingerprint = f.compute_fingerprint()
    return f


def check_file(path: str, rules: Sequence[Rule], config: Config) -> CheckResult:
    try:
        doc = load(path, max_bytes=config.max_bytes)
    except InputError as exc:
        shown = display_path(path)
        reason = exc.text(config.lang)
        return FileStatus(path=shown, ok=False, error=reason), [input_error(shown, exc.code, reason)]
    findings = document_findings(doc, rules, config)
    return FileStatus(path=path, ok=True, encoding=doc.encoding, findings=len(findings)), findings


def check_bytes(data: bytes, path: str, config: Config | None = None,
                rules: Sequence[Rule] | None = None) -> Report:
    """Check one report given as bytes (standard input, an upload): decoded as a file would be,
    the format and the reported path taken from `path` (`checker check - --stdin-filename x.docx`)."""
    from checker.document import from_bytes

    config = config or Config()
    rules = select_rules(config) if rules is None else rules
    if len(data) > config.max_bytes:
        reason = say("input.stdin-too-large", config.lang, limit=config.max_bytes)
        return Report(findings=[input_error(path, "too-large", reason)],
                      files=[FileStatus(path=path, ok=False, error=reason, findings=1)])
    try:
        doc = from_bytes(data, path)
    except InputError as exc:
        return Report(findings=[input_error(path, exc.code, exc.text(config.lang))],
                      files=[FileStatus(path=path, ok=False, error=exc.text(config.lang), findings=1)])
    findings = document_findings(doc, rules, config)
    return Report(findings=findings, files=[FileStatus(path=path, ok=True, encoding=doc.encoding,
                                                       findings=len(findings))]).sorted()
