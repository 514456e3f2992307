"""What other programs import: check paths or text, get a `Report` back.

    from checker.api import check_paths, check_text
    report = check_paths(["seeds/"])
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from checker import policy
from checker.budget import FileTooSlow, file_budget
from checker.config import Config, ConfigError, selector_known
from checker.context import DocumentContext
from checker.document import Document, InputError, display_path, load
from checker.engine import evaluate
from checker.findings import FileStatus, Finding, Report, Severity
from checker.rules.loader import RuleFileError, builtin_rules, load_rules
from checker.rules.model import Rule
from checker.suppress import GENERATED_PREFIXES

if TYPE_CHECKING:
    from checker.reporters.metrics_output import MetricsRun


def all_rules(config: Config) -> list[Rule]:
    """Built-in and extra rules with the config's parameter overrides, before selection.

    The built-in rules are parsed once per process (they are the slow part); the user's directories
    are read on every call. An override naming an unknown rule or field is a ConfigError naming the
    config key."""
    if not (config.extra_rules or config.rule_params):
        return list(builtin_rules())
    source = config.source or "options"
    rules = list(builtin_rules())
    first_seen = {r.id: r.source for r in rules}
    for rule in load_rules([Path(d) for d in config.extra_rules], include_builtin=False):
        if rule.id in first_seen:
            raise RuleFileError(rule.source.rsplit(":", 1)[0], f"duplicate rule id (first defined in "
                                f"{first_seen[rule.id]})", rule_id=rule.id, field="id")
        first_seen[rule.id] = rule.source
        rules.append(rule)
    unknown = sorted(set(config.rule_params) - {r.id for r in rules})
    if unknown:
        raise ConfigError(source, f"rules.{unknown[0]}", "no rule with this id (`checker rules` lists them)")
    out = [_overridden(r, config.rule_params[r.id], source) if r.id in config.rule_params else r for r in rules]
    seen: dict[str, tuple[str, str]] = {}  # id -> (id before the overrides, where defined)
    for before, after in zip(rules, out, strict=True):
        if after.id in seen:  # an override set `id` to one that is taken
            other_id, other_source = seen[after.id]
            renamed = before.id if before.id != after.id else other_id
            raise ConfigError(source, f"rules.{renamed}.id", f"duplicate rule id {after.id!r}: also the id of the "
                              f"rule defined in {other_source if renamed == before.id else after.source}")
        seen[after.id] = (before.id, after.source)
    return out


def _overridden(rule: Rule, params: Mapping[str, Any], source: str) -> Rule:
    """`rule` with some fields replaced, validated exactly like the rule file entry it came from."""
    try:
        return type(rule).model_validate({**rule.model_dump(), **params, "source": rule.source})
    except RecursionError:
        raise ConfigError(source, f"rules.{rule.id}", "nested too deeply to compile (a regular expression with "
                          "thousands of nested groups?)") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise ConfigError(source, f"rules.{rule.id}.{field}", err["msg"]) from None


def check_selectors(config: Config, rules: Sequence[Rule]) -> None:
    """Every select/ignore/severity/per-path selector must name a rule, a prefix or a category:
    a misspelt `ignore` would otherwise silently ignore nothing."""
    from checker.crossdoc import rule_ids as cross_document_ids

    ids = [r.id for r in rules] + cross_document_ids()
    keyed: list[tuple[str, list[str]]] = [("select", config.select), ("ignore", config.ignore),
                                          ("severity", list(config.severity))]
    keyed += [(f"per-path-ignores.{glob}", sels) for glob, sels in config.per_path_ignores.items()]
    for key, selectors in keyed:
        for s in selectors:
            if not selector_known(s, ids) and not s.startswith(GENERATED_PREFIXES) \
                    and s.rstrip(".") not in ("input", "internal"):
                raise ConfigError(config.source or "options", key,
                                  f"{s!r} matches no rule id, id prefix or category")


def select_rules(config: Config) -> list[Rule]:
    rules = all_rules(config)
    check_selectors(config, rules)
    return [r for r in rules if r.enabled and config.rule_selected(r.id, r.category)]


@lru_cache(maxsize=8)
def _known_rule_ids(extra_rules: tuple[str, ...]) -> frozenset[str]:
    extra = load_rules([Path(d) for d in extra_rules], include_builtin=False) if extra_rules else []
    return frozenset(r.id for r in [*builtin_rules(), *extra])


def document_findings(doc: Document, rules: Sequence[Rule], config: Config,
                      complete: bool | None = None, ctx: DocumentContext | None = None) -> list[Finding]:
    """Every finding of one loaded document: load warnings, then the rules' findings under the
    findings policy (checker.policy: config, inline suppressions, fingerprints, order).

    `complete` says whether every enabled rule ran (default: no select/ignore in the config); only
    then can a suppression without rule ids be judged unused."""
    if complete is None:
        complete = not (config.select or config.ignore)
    warnings = [input_error(doc.path, code, msg, Severity.warning, doc.lines.position(offset))
                for code, msg, offset in doc.warnings]
    try:
        with file_budget(config.file_budget):
            raw = evaluate(doc, rules, config.lang, ctx=ctx)
    except FileTooSlow:
        # what was found before the budget ran out depends on the machine's speed: none of it is
        # reported, as for a rule that times out
        return [*warnings, input_error(doc.path, "too-slow", f"checking took more than the budget of "
                                       f"{config.file_budget:g}s of CPU time (`file-budget` in checker.toml "
                                       f"or [tool.checker]); the file was not checked")]
    return policy.document_findings(doc, raw, rules, config, warnings=warnings, complete=complete,
                                    known_rule_ids=_known_rule_ids(tuple(config.extra_rules)))


def input_error(path: str, code: str, message: str, severity: Severity = Severity.error,
                position: tuple[int, int] = (1, 1)) -> Finding:
    line, column = position
    f = Finding(rule=f"input.{code}", category="input-error", severity=severity, path=path, line=line,
                column=column, end_line=line, end_column=column, text="", message=message)
    f.fingerprint = f.compute_fingerprint()
    return f


def iter_inputs(paths: Iterable[str | os.PathLike[str]], config: Config) -> Iterator[str]:
    """Files to check, in a stable order: explicit files as given, directories walked sorted
    (include/exclude globs, .checkerignore files; see checker.walk).

    Symlinked directories are not followed (no loops); explicitly named files always are.
    """
    from checker.walk import walk_inputs

    return walk_inputs(paths, config)


def check_file(path: str, rules: Sequence[Rule], config: Config) -> tuple[FileStatus, list[Finding]]:
    try:
        doc = load(path, max_bytes=config.max_bytes)
    except InputError as exc:
        shown = display_path(path)
        return FileStatus(path=shown, ok=False, error=exc.message), [input_error(shown, exc.code, exc.message)]
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
        error = InputError("too-large", f"input is over the limit of {config.max_bytes} bytes (max-bytes)")
        return Report(findings=[input_error(path, error.code, error.message)],
                      files=[FileStatus(path=path, ok=False, error=error.message, findings=1)])
    try:
        doc = from_bytes(data, path)
    except InputError as exc:
        return Report(findings=[input_error(path, exc.code, exc.message)],
                      files=[FileStatus(path=path, ok=False, error=exc.message, findings=1)])
    findings = document_findings(doc, rules, config)
    return Report(findings=findings, files=[FileStatus(path=path, ok=True, encoding=doc.encoding,
                                                       findings=len(findings))]).sorted()


def check_paths(paths: Iterable[str | os.PathLike[str]], config: Config | None = None,
                rules: Sequence[Rule] | None = None, *, jobs: int = 1,
                cache_dir: str | os.PathLike[str] | None = None, progress: bool = False) -> Report:
    """Check files and directories. `jobs` > 1 uses that many processes (same output as 1);
    `cache_dir` reuses results of unchanged files (off unless given); `progress` draws a bar on
    stderr when there are many files and stderr is a terminal.

    The report's `findings` are sorted and kept on disk (a `checker.spool.FindingSpool`, usable as a
    read-only list), so a run's memory does not grow with the number of documents."""
    from checker.result_cache import ResultCache
    from checker.runner import ProgressBar, iter_checks, progress_wanted
    from checker.spool import FileStatuses, FindingSpool

    config = config or Config()
    rules = select_rules(config) if rules is None else rules
    inputs = list(iter_inputs(paths, config))
    cache = ResultCache(cache_dir, rules, config) if cache_dir is not None else None
    # Checked in path order, the order findings are reported in, so each document's findings can go
    # straight to the on-disk spool (memory flat in the corpus size); statuses keep the walk order.
    order = sorted(range(len(inputs)), key=lambda i: display_path(inputs[i]))  # findings carry display paths
    findings, files = FindingSpool(), FileStatuses(len(inputs))
    bar = ProgressBar(len(inputs)) if progress and progress_wanted(len(inputs), quiet=False) else None
    with bar or contextlib.nullcontext():
        results = iter_checks([inputs[i] for i in order], check_file, rules, config, jobs=jobs, cache=cache,
                              on_done=bar.advance if bar else None)
        for i, (status, found) in zip(order, results, strict=True):
            files.set(i, status)
            findings.add(found)
    return Report.streamed(findings, files)


def check_text(text: str, config: Config | None = None, rules: Sequence[Rule] | None = None,
               path: str = "<text>") -> list[Finding]:
    config = config or Config()
    rules = select_rules(config) if rules is None else rules
    return document_findings(Document.from_text(text, path=path), rules, config)


def metrics_for_paths(paths: Iterable[str | os.PathLike[str]]) -> MetricsRun:
    """Extract the metrics of every input file (directories walked like `checker check`)."""
    from checker.reporters.metrics_output import MetricsRun

    config = Config()
    run = MetricsRun()
    for path in iter_inputs(paths, config):
        try:
            doc = load(path, max_bytes=config.max_bytes)
        except InputError as exc:
            run.errors.append({"path": str(path), "code": exc.code, "message": exc.message})
            continue
        run.frames.append(DocumentContext(doc).metrics)
    return run
