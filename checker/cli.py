"""Command line: parse options, call the api, choose a reporter, set the exit code. Nothing else.

Exit status: 0 no finding at or above the fail level, 1 findings, 2 usage error, no input could
be read, or a file (or standard output) could not be written: one line on stderr naming the path
and the reason, after everything that could be written was written. Every file is written through
`checker.safe_write`. Standard output closed by its reader (`checker check . | head -1`) ends the
run quietly with status 141, as the shell reports for grep or cat killed by SIGPIPE.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, TextIO, cast

# pydantic looks for plugins (the `pydantic` entry point group) by reading the entry points of every
# installed distribution when it builds its first model: 10-20 ms of a start in a virtualenv of ~80
# packages, for plugins (observability hooks) that have no business inside checker's own models.
# The command skips them; PYDANTIC_DISABLE_PLUGINS set to anything, even empty, is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer  # after the line above: typer imports pydantic

from checker import __version__

if TYPE_CHECKING:
    from checker.baseline import Baseline
    from checker.config import Config
    from checker.findings import Report
    from checker.rules.model import Rule

# Shell completion: `checker --install-completion` (bash, zsh, fish, PowerShell), or
# `checker --show-completion` to print the script for the current shell (README, "Shell completion").
app = typer.Typer(add_completion=True, no_args_is_help=True, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]},
                  help="Lint Chinese government work reports for placeholders, artifacts and suspect figures.\n\n"
                       "\b\nExamples:\n  checker check reports/\n  checker check reports/ --format concise\n"
                       "  checker fix reports/ --diff\n  checker explain placeholder.xxx\n\n"
                       "\b\nExit status: 0 no finding at or above --fail-on; 1 findings (check) or fixes to "
                       "apply (fix);\n2 usage error, nothing readable, or a file that cannot be written;\n"
                       "141 standard output closed by its reader (`| head`).")

# The choices typer shows and checks; tests/test_cli_help.py holds them equal to the code's lists.
Format = Literal["rich", "json", "jsonl", "concise", "sarif", "github", "gitlab", "junit", "rdjson", "markdown",
                 "html", "statistics"]
Level = Literal["error", "warning", "info"]
Lang = Literal["zh", "en"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"checker {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    pass


def _write_output(output: Path, text: str, checked: list[str]) -> None:
    """Write a report file: never over a checked document, creating missing folders, errors as exit 2."""
    _stream_output(output, checked, lambda out: out.write(text))


def _stream_output(output: Path, checked: Iterable[str], write: Callable[[TextIO], object]) -> None:
    """`_write_output` for a report written piece by piece (a big run's report is never one string).
    Atomic (`checker.safe_write`): a failure leaves the previous file as it was."""
    from checker.safe_write import InputOverwriteError, Inputs, WriteError, open_atomic

    try:
        with open_atomic(output, encoding="utf-8", inputs=Inputs(checked), make_parents=True) as out:
            write(cast(TextIO, out))  # opened with an encoding: a text stream
    except InputOverwriteError:
        raise _fail(f"--output {output} is one of the checked files; refusing to overwrite it") from None
    except WriteError as exc:
        raise _fail(f"cannot write --output {output}: {exc.reason}") from None


def _run_inputs(paths: Iterable[Path | str], report: Report, config: Config,
                baseline: str | os.PathLike[str] | None) -> list[str]:
    """Every file the run read, which no output may overwrite: the paths given, the files checked,
    the config file, the baseline and the user's rule files."""
    extra = [str(f) for d in map(Path, config.extra_rules) if d.is_dir() for f in d.glob("*.y*ml")]
    return [*map(str, paths), *(s.path for s in report.files), *([config.source] if config.source else []),
            *([str(baseline)] if baseline is not None else []), *extra]


# 128 + SIGPIPE: what a shell shows for `grep ... | head -1` when head stops reading first.
EXIT_BROKEN_PIPE = 141


def _silence_stdout() -> None:
    """Point standard output at /dev/null after it failed, so that the interpreter's last flush at
    exit cannot fail again (with a traceback) on what is still buffered."""
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _stdout_failure() -> OSError | None:
    """Why standard output cannot take what was written to it (a full disk, a closed pipe), or None."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        _silence_stdout()
        return exc
    return None


@contextlib.contextmanager
def _stdout_errors() -> Iterator[None]:
    """Around what a command prints: `> /dev/full` is a one-line error, exit 2; a reader that
    stopped reading (`| head`) ends the run quietly (EXIT_BROKEN_PIPE)."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except OSError as exc:
        _silence_stdout()
        raise _fail(f"cannot write to standard output: {exc.strerror or exc}") from None


class _Stdout:
    """Standard output for a command that must go on when it fails (`fix` still writes its files)."""

    def __init__(self) -> None:
        self.failure: OSError | None = None

    def echo(self, text: str, nl: bool = True) -> None:
        self._put(lambda: typer.echo(text, nl=nl))

    def write(self, text: str) -> None:
        """`text` as it is: a patch carries the documents' own characters (click's echo strips
        escape sequences from what it sends to a pipe), and ours are the colours of a coloured diff."""
        self._put(lambda: sys.stdout.write(text))

    def _put(self, put: Callable[[], object]) -> None:
        if self.failure is None:
            try:
                put()
                sys.stdout.flush()  # a failure is met here, not later at exit
            except OSError as exc:
                _silence_stdout()
                self.failure = exc

    @property
    def closed(self) -> bool:
        """Its reader stopped reading (`| head`): not an error, the run ends quietly."""
        return isinstance(self.failure, BrokenPipeError)

    def check(self) -> None:
        """A usage error (exit 2) if standard output failed other than by its reader leaving."""
        if self.failure is not None and not self.closed:
            raise _fail(f"cannot write to standard output: {self.failure.strerror or self.failure}")


def _split_commas(values: list[str]) -> list[str]:
    """`--select a,b --select c` -> [a, b, c] (ruff's habit: both spellings work)."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _fail(message: str) -> typer.Exit:
    from checker.reporters.encoding import escape_controls

    typer.echo(f"checker: error: {escape_controls(message)}", err=True)  # file names may hold ESC
    return typer.Exit(2)


# What `-o FILE` writes when no --format is given: the format its suffix names, else the human one.
_FORMAT_BY_SUFFIX: dict[str, Format] = {".json": "json", ".jsonl": "jsonl", ".sarif": "sarif", ".html": "html",
                                        ".htm": "html", ".md": "markdown", ".xml": "junit"}


def _format_for(output: Path | None) -> Format:
    """The default format: the human report, on a terminal or piped (as ruff, textlint and Vale do);
    machine formats are asked for with --format or named by the output file's suffix."""
    if output is not None:
        return _FORMAT_BY_SUFFIX.get(output.suffix.lower(), "rich")
    return "rich"


def want_color(flag: bool | None, output: Path | None) -> bool:
    """--color/--no-color, else NO_COLOR (https://no-color.org: any non-empty value turns colour off),
    else FORCE_COLOR (non-empty and not 0), else colour only on a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return output is None and sys.stdout.isatty()


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Files or directories (.txt, .md, .docx); "
                                                "`-` reads standard input.", show_default=False)],
    fmt: Annotated[Format | None, typer.Option("--format", "-f", help="Output format (default: rich, whether on a "
                                               "terminal or piped; with --output, the one its suffix names: .json "
                                               ".jsonl .sarif .html .md .xml). concise: one line per finding, "
                                               "path:line:col: severity rule message.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write the report to FILE "
                                                "(never over a checked file). An html report of over 50 documents "
                                                "is FILE plus a folder of pages, FILE's name + _files.")] = None,
    fail_on: Annotated[Level | None, typer.Option(help="Lowest severity that makes the exit status 1 (default: "
                                                  "error, or the config's fail-on).")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even with findings.")] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="Count the findings of each rule instead of "
                                             "listing them (as ruff's --statistics; same as --format "
                                             "statistics).")] = False,
    select: Annotated[list[str] | None, typer.Option(metavar="RULE", help="Only these rule ids, prefixes or "
                                                     "categories (repeatable, or comma-separated).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(metavar="RULE", help="Skip these rule ids, prefixes or "
                                                     "categories (repeatable, or comma-separated).")] = None,
    lang: Annotated[Lang | None, typer.Option(help="Language of messages and reports (default: zh, or the "
                                              "config's lang).")] = None,
    color: Annotated[bool | None, typer.Option("--color/--no-color", help="Force colour on or off (default: on "
                                               "a terminal; NO_COLOR and FORCE_COLOR are honoured).")] = None,
    config_file: Annotated[Path | None, typer.Option("--config", metavar="FILE", help="Use this config file "
                                                     "(checker.toml or pyproject.toml) instead of searching for "
                                                     "one.")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore every config file.")] = False,
    include: Annotated[list[str] | None, typer.Option(metavar="GLOB", help="Glob of files to take from "
                                                      "directories (repeatable; replaces the config's).")] = None,
    exclude: Annotated[list[str] | None, typer.Option(metavar="PATTERN", help="gitignore-style pattern to skip in "
                                                      "directories (repeatable; replaces the config's).")] = None,
    baseline: Annotated[Path | None, typer.Option(metavar="FILE", help="Hide the findings recorded in this "
                                                  "baseline file.")] = None,
    write_baseline: Annotated[Path | None, typer.Option(metavar="FILE", help="Record all current findings in FILE "
                                                        "and exit 0.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", metavar="N", help="Processes to check with (0: one per "
                                      "CPU).")] = 1,
    no_cache: Annotated[bool, typer.Option("--no-cache", envvar="CHECKER_NO_CACHE",
                                           help="Check every file, reuse no results.")] = False,
    cache_dir: Annotated[Path | None, typer.Option(metavar="DIR", help="Result cache directory (default .checker_cache "
                                                   "beside the config file, else in the working directory); "
                                                   "a folder that is not checker's gets its own subfolder "
                                                   "DIR/.checker_cache.")]
    = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or notes on stderr.")] = False,
    stdin_filename: Annotated[str | None, typer.Option(metavar="PATH", help="With `-`: the path standard input "
                                                       "stands for, shown in findings; its suffix gives the format "
                                                       "(.docx, else text).")] = None,
    engine: Annotated[Literal["local", "dask"], typer.Option(help="Check here, or on a Dask cluster (adds the "
                                                             "cross-document checks; docs/distributed.md).")]
    = "local",
    scheduler: Annotated[str | None, typer.Option(metavar="ADDRESS", help="Dask scheduler address "
                                                  "(tcp://host:8786) or scheduler file for --engine dask "
                                                  "(default: a local cluster of --jobs workers; -j 0: one per "
                                                  "CPU).")] = None,
) -> None:
    """Check reports and print findings.

    \b
    Examples:
      checker check reports/                        the human report
      checker check reports/ -f concise | grep error
      checker check reports/ -o report.html         a report for reviewers
      checker check - --stdin-filename a.txt < a.txt
      checker check reports/ --select placeholder --fail-on warning

    \b
    Exit status: 0 no finding at or above --fail-on (or --exit-zero); 1 findings;
    2 usage error, no input readable, or the report cannot be written;
    141 standard output closed by its reader (`checker check . | head`).
    """
    with _no_collections():
        from checker.api import EngineError, RunOptions, run

    updates = _config_updates(select, ignore, lang, fail_on, include, exclude)
    reading_stdin = any(str(p) == "-" for p in paths)
    if reading_stdin and len(paths) > 1:
        raise _fail("`-` (standard input) cannot be mixed with other paths")
    # The config is looked up from the file standard input stands for (or from here).
    config_from = [Path(stdin_filename)] if reading_stdin and stdin_filename else [Path.cwd()] if reading_stdin \
        else paths
    config, rules = _load_config(config_from, config_file, isolated, updates)
    chosen = _report_format("statistics" if statistics else fmt, output)
    _refuse_inputs_as_outputs(paths, output, write_baseline)
    if engine not in ("local", "dask"):
        raise _fail(f"--engine must be local or dask, not {engine!r}")
    baseline_file = baseline or config.baseline
    options = RunOptions(engine=engine, scheduler=scheduler, jobs=jobs, progress=not quiet,
                         cache_dir=None if no_cache else cache_dir or config.cache_dir
                         or os.path.join(config.root or ".", ".checker_cache"),
                         # loaded before the run: an unusable baseline must not cost a whole run first
                         baseline=_load_baseline(baseline_file) if write_baseline is None else None)
    try:
        result = run(paths, config, rules, options, stdin_path=stdin_filename or "-",
                     stdin=sys.stdin.buffer.read(config.max_bytes + 1) if reading_stdin else None)
    except EngineError as exc:
        raise _fail(str(exc)) from None
    report = result.report
    if write_baseline is not None:
        _write_baseline(write_baseline, report, _run_inputs(paths, report, config, baseline_file), quiet)
        raise typer.Exit(0)
    if result.baseline is not None and result.baseline.fixed and not quiet:
        typer.echo(f"checker: {len(result.baseline.fixed)} baseline entries no longer occur (fixed); "
                   f"refresh the baseline with --write-baseline {baseline_file}", err=True)
    _render_report(chosen, report, rules, config, want_color(color, output), output,
                   _run_inputs(paths, report, config, baseline_file))
    if report.files and all(not s.ok for s in report.files):
        raise typer.Exit(2)
    if not report.files:
        _no_files(quiet)
        return
    worst = report.worst()
    if not exit_zero and worst is not None and worst.rank >= config.fail_on.rank:
        raise typer.Exit(1)


def _config_updates(select: list[str] | None, ignore: list[str] | None, lang: str | None, fail_on: str | None,
                    include: list[str] | None, exclude: list[str] | None) -> dict[str, object]:
    """`checker check`'s options as config keys (they take precedence over the config file's)."""
    from checker.findings import Severity

    updates: dict[str, object] = {}
    if select:
        updates["select"] = _split_commas(select)
    if ignore:
        updates["ignore"] = _split_commas(ignore)
    if lang:
        if lang not in ("zh", "en"):
            raise _fail(f"--lang must be zh or en, not {lang!r}")
        updates["lang"] = lang
    if fail_on:
        try:
            updates["fail_on"] = Severity(fail_on)
        except ValueError:
            raise _fail(f"--fail-on must be error, warning or info, not {fail_on!r}") from None
    if include:
        updates["include"] = include
    if exclude:
        updates["exclude"] = exclude
    return updates


def _report_format(fmt: str | None, output: Path | None) -> str:
    """The output format asked for (or implied by the output file's suffix), standard output made
    able to carry it."""
    from checker.reporters import FORMATS
    from checker.reporters.encoding import make_encodable

    fmt = fmt or _format_for(output)
    if fmt not in FORMATS:
        raise _fail(f"unknown --format {fmt!r}; choose one of {', '.join(FORMATS)}")
    make_encodable(sys.stdout, fmt)
    return fmt


def _refuse_inputs_as_outputs(paths: list[Path], output: Path | None, write_baseline: Path | None) -> None:
    from checker.safe_write import Inputs

    given = Inputs(paths)
    if output is not None and output in given:
        raise _fail(f"--output {output} is one of the inputs; refusing to overwrite it")
    if write_baseline is not None and write_baseline in given:
        raise _fail(f"--write-baseline {write_baseline} is one of the inputs; refusing to overwrite it")


def _load_baseline(path: str | os.PathLike[str] | None) -> Baseline | None:
    from checker.baseline import Baseline, BaselineError

    if path is None:
        return None
    try:
        return Baseline.load(path)
    except BaselineError as exc:
        raise _fail(str(exc)) from None


def _write_baseline(path: Path, report: Report, inputs: list[str], quiet: bool) -> None:
    """--write-baseline: every finding of the run recorded in `path` (never over one of `inputs`)."""
    from checker.baseline import Baseline
    from checker.safe_write import InputOverwriteError, Inputs, WriteError

    try:
        Baseline.from_findings(path, report.findings).write(Inputs(inputs))
    except InputOverwriteError:
        raise _fail(f"--write-baseline {path} is one of the files this run reads; refusing to overwrite it") from None
    except WriteError as exc:
        raise _fail(f"cannot write --write-baseline {path}: {exc.reason}") from None
    if not quiet:
        typer.echo(f"checker: wrote {len(report.findings)} findings to baseline {path}", err=True)


def _render_report(fmt: str, report: Report, rules: list[Rule], config: Config, color: bool, output: Path | None,
                   inputs: list[str]) -> None:
    """The report in `fmt`, to `output` (never over one of `inputs`) or standard output."""
    from checker.api import SourceFiles
    from checker.reporters import NEEDS_SOURCES, RenderContext
    from checker.reporters.stream import write_report

    # Sources are read one file at a time while the report is written, never all at once.
    sources = SourceFiles(s.path for s in report.files if s.ok and s.findings) if fmt in NEEDS_SOURCES else {}
    from checker.safe_write import Inputs

    ctx = RenderContext(rules=rules, lang=config.lang, version=__version__, color=color, sources=sources,
                        output=str(output) if output is not None else None,
                        inputs=Inputs(inputs) if output is not None else None)
    if output is not None:
        _stream_output(output, inputs, lambda out: write_report(fmt, report, ctx, out))
    else:
        with _stdout_errors():
            write_report(fmt, report, ctx, sys.stdout)


def _no_files(quiet: bool) -> None:
    """Folders that hold no report are not an error (ruff and textlint exit 0 too): a warning only."""
    if not quiet:
        typer.echo("checker: warning: no report files found (a directory walk takes *.txt, *.md, *.docx, "
                   "*.pdf, *.doc and *.wps; web pages with --include '*.html'; see `include` and `exclude`)", err=True)


def _rules_here(config_file: Path | None, isolated: bool, lang: str | None = None) -> tuple[list[Rule], str]:
    """Built-in and the project's own rules (`extra-rules` of the config found from here), with
    its overrides: what `checker check` would run here before --select, so user rules are listed
    and explained like built-in ones; and the language to show them in (--lang, else the config's)."""
    from checker.api import all_rules
    from checker.config import ConfigError, resolve_config
    from checker.rules.loader import RuleFileError

    if lang is not None and lang not in ("zh", "en"):
        raise _fail(f"--lang must be zh or en, not {lang!r}")
    try:
        config = resolve_config([Path.cwd()], config_file, isolated, {})
        return all_rules(config), lang or config.lang
    except (ConfigError, RuleFileError) as exc:
        raise _fail(str(exc)) from None


@app.command("rules")
def list_rules(
    fmt: Annotated[Literal["table", "json"], typer.Option("--format", "-f", help="Output format.")] = "table",
    config_file: Annotated[Path | None, typer.Option("--config", metavar="FILE", help="Use this config file.")]
    = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Built-in rules only; ignore every config file.")]
    = False,
    lang: Annotated[str | None, typer.Option(help="Language of the descriptions: zh (default) or en.")] = None,
) -> None:
    """List the rules: built-in ones and the project's own (`extra-rules`)."""
    from checker.ui_text import say

    rules, lang = _rules_here(config_file, isolated, lang)
    if fmt == "json":
        import json

        with _stdout_errors():
            typer.echo(json.dumps([{"id": r.id, "kind": r.kind, "category": r.category,
                                    "severity": r.severity.value, "description": r.description.in_lang(lang),
                                    "source": r.source} for r in rules],
                                  ensure_ascii=False, indent=2))
        return
    from rich.table import Table
    from rich.text import Text

    from checker.reporters.console import Console

    table = Table()
    table.add_column("id", no_wrap=True)  # an id is what a user copies: never cut or wrapped
    for col in ("kind", "category", "severity", "description"):
        table.add_column(say(f"label.{col}", lang))
    for r in rules:
        # Text, not markup: descriptions quote [bookmark: _GoBack] and [paid] verbatim
        table.add_row(Text(r.id), Text(r.kind), Text(r.category), Text(r.severity.value),
                      Text(r.description.in_lang(lang)))
    with _stdout_errors():
        Console().print(table)


@app.command()
def explain(
    rule_id: Annotated[str, typer.Argument(metavar="RULE", help="A rule id, e.g. placeholder.xxx "
                                           "(`checker rules` lists them).", show_default=False)],
    config_file: Annotated[Path | None, typer.Option("--config", metavar="FILE", help="Use this config file.")]
    = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Built-in rules only; ignore every config file.")]
    = False,
    lang: Annotated[str | None, typer.Option(help="Language: zh (default) or en.")] = None,
) -> None:
    """Print a rule's documentation and examples (built-in or the project's own)."""
    from checker.ui_text import say

    rules, lang = _rules_here(config_file, isolated, lang)
    matches = [r for r in rules if r.id == rule_id]
    if not matches:
        raise _fail(say("explain.no_rule", lang, rule=rule_id))
    r = matches[0]
    lines = [
        f"{r.id}  ({r.kind}, {r.category}, {r.severity.value})",
        "",
        r.description.in_lang(lang),
        "",
        say("explain.why", lang, text=r.why.in_lang(lang)),
        say("explain.fix", lang, text=r.fix.in_lang(lang)),
        say("explain.message", lang, text=r.message.in_lang(lang)),
        "",
        say("explain.bad", lang),
        *[f"  - {x}" for x in r.examples.bad],
        say("explain.good", lang),
        *[f"  - {x}" for x in r.examples.good],
        "",
        say("explain.defined_in", lang, source=r.source),
    ]
    with _stdout_errors():
        typer.echo("\n".join(lines))


@app.command("test-rules")
def test_rules(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Rule files (.yaml) or folders of them.",
                                                show_default=False)],
) -> None:
    """Run each rule's own examples: every `bad` one must fire it, every `good` one must not.

    \b
    Example:
      checker test-rules my_rules/

    Exit status 0 when all pass, 1 when an example fails, 2 when a file cannot be loaded."""
    from checker.rule_examples import run_examples
    from checker.rules.loader import RuleFileError, load_rule_file

    files: list[Path] = []
    for p in paths:
        files += sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml")) if p.is_dir() else [p]
    if not files:
        raise _fail("no rule files found")
    failed = ran = 0
    with _stdout_errors():
        for path in files:
            try:
                rules = load_rule_file(path)
            except RuleFileError as exc:
                raise _fail(str(exc)) from None
            for rule in rules:
                count, failures = run_examples(rule)
                ran += count
                failed += len(failures)
                ran += sum(1 for f in failures if not f.text)  # a missing side counts as one failed example
                for failure in failures:
                    typer.echo(f"FAIL {failure.describe()}")
        typer.echo(f"{ran - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


@contextlib.contextmanager
def _no_collections() -> Iterator[None]:
    """The garbage collector paused: while checker's modules are imported and the rules loaded,
    nearly every object made lives to the end of the run, and the collections that walked them again
    and again cost ~30 ms of a start. `api.run` then freezes them before the first document."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_config(paths: list[Path], config_file: Path | None, isolated: bool,
                 updates: dict[str, object]) -> tuple[Config, list[Rule]]:
    """Effective config and selected rules, or a usage error (exit 2) naming the file and key."""
    with _no_collections():
        from checker.api import select_rules
        from checker.config import ConfigError, resolve_config
        from checker.rules.loader import RuleFileError

        try:
            config = resolve_config(paths, config_file, isolated, updates)
            return config, select_rules(config)
        except (ConfigError, RuleFileError) as exc:
            raise _fail(str(exc)) from None


@app.command("config")
def show_config(
    path: Annotated[Path | None, typer.Argument(metavar="PATH", help="Where to look for a config file from "
                                                "(default: here).", show_default=False)] = None,
    config_file: Annotated[Path | None, typer.Option("--config", metavar="FILE", help="Show this config file.")]
    = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore every config file.")] = False,
    fmt: Annotated[Literal["toml", "json"], typer.Option("--format", "-f", help="Output format.")] = "toml",
) -> None:
    """Print the effective configuration and the file it came from."""
    import json

    import tomli_w

    config, _ = _load_config([path or Path.cwd()], config_file, isolated, {})
    data = config.file_dict()
    if fmt not in ("toml", "json"):
        raise _fail(f"--format must be toml or json, not {fmt!r}")
    with _stdout_errors():
        if fmt == "json":
            typer.echo(json.dumps({"source": config.source, "config": data}, ensure_ascii=False, indent=2))
        else:
            origin = f"from {config.source}" if config.source else "defaults (no config file found)"
            typer.echo(f"# checker configuration: {origin}\n{tomli_w.dumps(data)}", nl=False)


@app.command()
def fix(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Files or directories (.txt, .md).",
                                                show_default=False)],
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff of the fixes; write nothing.")]
    = False,
    write: Annotated[bool, typer.Option("--write", help="Rewrite the files (same encoding, BOM and line "
                                                        "endings; atomically, one at a time; a file changed "
                                                        "meanwhile or with several hard links is left as it "
                                                        "is and named, exit 2).")] = False,
    select: Annotated[list[str] | None, typer.Option(metavar="RULE", help="Only these rule ids, prefixes or "
                                                     "categories.")] = None,
    ignore: Annotated[list[str] | None, typer.Option(metavar="RULE", help="Skip these rule ids, prefixes or "
                                                     "categories.")] = None,
    config_file: Annotated[Path | None, typer.Option("--config", metavar="FILE", help="Use this config file.")]
    = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore every config file.")] = False,
    color: Annotated[bool | None, typer.Option("--color/--no-color", help="Colour the --diff, the changed "
                                               "characters marked (default: on a terminal; NO_COLOR and "
                                               "FORCE_COLOR are honoured). Piped, the diff is a plain patch "
                                               "for `git apply`.")] = None,
) -> None:
    """Apply the fixes of rules marked safe (artifacts, unit spelling). Figures are never changed.

    \b
    Examples:
      checker fix reports/                  list the files with fixes
      checker fix reports/ --diff           review them (a patch for `git apply`)
      checker fix reports/ --write          apply them

    Without --write nothing is written: exit 1 means there are fixes to apply."""
    from checker.api import iter_inputs
    from checker.diff_view import colour_diff
    from checker.fix import fix_file, write_fixed
    from checker.safe_write import WriteError

    updates: dict[str, object] = {"select": select or None, "ignore": ignore or None}
    config, rules = _load_config(paths, config_file, isolated, updates)
    stdout = _Stdout()
    coloured = diff and want_color(color, None)
    seen = pending = failed = unwritten = 0
    # One file at a time, written as soon as it is fixed: a file is read, fixed and written before
    # the next is read, so an edit to it later in a long run is not overwritten by an old copy.
    for path in iter_inputs(paths, config):
        seen += 1
        r = fix_file(path, rules, config)
        for refusal in r.refused:
            f = refusal.finding
            typer.echo(f"{r.path}:{f.line}:{f.column}: {f.rule}: not fixed: {refusal.reason}", err=True)
        if not r.changed:
            if r.not_written and not r.original:
                typer.echo(f"{r.path}: {r.not_written}", err=True)
                failed += 1
            continue
        rules_used = ", ".join(sorted({e.rule for e in r.applied}))
        if diff:
            stdout.write(colour_diff(r.diff()) if coloured else r.diff())
        if write and r.not_written is None:
            try:
                write_fixed(r)
            except WriteError as exc:
                typer.echo(f"checker: error: cannot write {exc}", err=True)
                unwritten += 1
                continue
            typer.echo(f"{r.path}: fixed {len(r.applied)} ({rules_used})", err=True)
            continue
        pending += 1
        if r.not_written is not None:
            typer.echo(f"{r.path}: {r.not_written}", err=True)
        elif not diff:
            noun = "fix" if len(r.applied) == 1 else "fixes"
            stdout.echo(f"{r.path}: {len(r.applied)} {noun} available ({rules_used})")
    if not seen:
        _no_files(False)
        return
    if pending and not write and not diff:
        typer.echo("run `checker fix --diff` to review them, `checker fix --write` to apply them", err=True)
    stdout.check()
    if failed == seen or unwritten:
        raise typer.Exit(2)
    if stdout.closed:
        raise typer.Exit(EXIT_BROKEN_PIPE)
    if pending:
        raise typer.Exit(1)


@app.command("schema")
def schema(
    name: Annotated[Literal["rules", "config"], typer.Argument(help="rules: a rule file (rules/*.yaml, "
                                                           "extra-rules); config: checker.toml or [tool.checker].",
                                                           show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write the schema to FILE.")]
    = None,
) -> None:
    """Print a JSON Schema for editors, generated from the models checker validates with.

    Examples:

      checker schema rules -o schemas/rules.schema.json

      checker schema config
    """
    from checker.editor_schema import render

    text = render(name)
    if output is not None:
        _write_output(output, text, [])
        return
    with _stdout_errors():
        sys.stdout.write(text)


@app.command()
def metrics(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH", help="Files or directories (.txt, .md, .docx).",
                                                show_default=False)],
    fmt: Annotated[Literal["table", "csv", "json"] | None, typer.Option("--format", "-f", help="Output format "
                                                                        "(default: table on a terminal, json "
                                                                        "otherwise).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write the table to FILE.")]
    = None,
) -> None:
    """Print every figure of the reports as a typed table (value, unit, subject, structure)."""
    from checker.api import metrics_for_paths
    from checker.reporters.metrics_output import render_csv, render_json, render_table

    fmt = fmt or ("table" if sys.stdout.isatty() and output is None else "json")
    if fmt not in ("table", "csv", "json"):
        raise _fail(f"unknown --format {fmt!r}; choose one of table, csv, json")
    run = metrics_for_paths(paths)
    if not run.frames and not run.errors:
        raise _fail("no input files found")
    if fmt != "json":  # JSON carries them in "errors"
        from checker.reporters.encoding import escape_controls

        for err in run.errors:
            typer.echo(escape_controls(f"checker: {err['path']}: {err['message']}"), err=True)
    if fmt == "json":
        text = render_json(run, __version__)
    elif fmt == "csv":
        text = render_csv(run)
    else:
        text = render_table(run, color=sys.stdout.isatty() and output is None)
    if output is not None:
        from checker.api import iter_inputs
        from checker.config import Config

        _write_output(output, text, [*map(str, paths), *iter_inputs(paths, Config())])
    else:
        with _stdout_errors():
            sys.stdout.write(text)
    if run.errors and not run.frames:
        raise typer.Exit(2)


def main() -> None:
    """The `checker` command. A report that cannot go to standard output (`> /dev/full`) is a
    one-line error with exit status 2, never a traceback; a closed pipe ends it quietly (141)."""
    from checker.reporters.encoding import make_encodable

    for stream in (sys.stdout, sys.stderr):  # PYTHONIOENCODING=ascii must not end in a traceback
        make_encodable(stream)
    try:
        app()
    except SystemExit as done:
        failure = _stdout_failure()  # what is still buffered, flushed here rather than at exit
        if failure is None:
            raise
        if isinstance(failure, BrokenPipeError):
            raise SystemExit(EXIT_BROKEN_PIPE) from done
        typer.echo(f"checker: error: cannot write to standard output: {failure.strerror or failure}", err=True)
        raise SystemExit(2) from done


if __name__ == "__main__":
    main()
