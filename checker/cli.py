"""Command line: parse options, call the api, choose a reporter, set the exit code. Nothing else.

Exit status: 0 no finding at or above the fail level, 1 findings, 2 usage error or no input
could be read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from checker import __version__

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Lint Chinese government work reports for placeholders, artifacts and suspect figures.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"checker {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    pass


def _fail(message: str) -> typer.Exit:
    typer.echo(f"checker: error: {message}", err=True)
    return typer.Exit(2)


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories (.txt, .md, .docx).")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="rich | json (default: rich on a TTY, "
                                                                   "json otherwise)")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to FILE.")] = None,
    fail_on: Annotated[str | None, typer.Option(help="error | warning | info: lowest severity that fails.")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even with findings.")] = False,
    select: Annotated[list[str] | None, typer.Option(help="Only these rule ids, prefixes or categories.")] = None,
    ignore: Annotated[list[str] | None, typer.Option(help="Skip these rule ids, prefixes or categories.")] = None,
    lang: Annotated[str | None, typer.Option(help="Message language: zh (default) or en.")] = None,
    color: Annotated[bool | None, typer.Option("--color/--no-color", help="Force colour on or off.")] = None,
) -> None:
    """Check reports and print findings."""
    from checker.api import check_paths, select_rules
    from checker.config import Config
    from checker.findings import Severity
    from checker.reporters import FORMATS, RenderContext, render
    from checker.rules.loader import RuleFileError

    updates: dict[str, object] = {}
    if select:
        updates["select"] = select
    if ignore:
        updates["ignore"] = ignore
    if lang:
        if lang not in ("zh", "en"):
            raise _fail(f"--lang must be zh or en, not {lang!r}")
        updates["lang"] = lang
    if fail_on:
        try:
            updates["fail_on"] = Severity(fail_on)
        except ValueError:
            raise _fail(f"--fail-on must be error, warning or info, not {fail_on!r}") from None
    config = Config().model_copy(update=updates)
    fmt = fmt or ("rich" if sys.stdout.isatty() and output is None else "json")
    if fmt not in FORMATS:
        raise _fail(f"unknown --format {fmt!r}; choose one of {', '.join(FORMATS)}")
    resolved_inputs = {p.resolve() for p in paths if p.exists()}
    if output is not None and output.resolve() in resolved_inputs:
        raise _fail(f"--output {output} is one of the inputs; refusing to overwrite it")
    try:
        rules = select_rules(config)
    except RuleFileError as exc:
        raise _fail(str(exc)) from None
    report = check_paths(paths, config, rules=rules)
    sources: dict[str, str] = {}
    if fmt == "rich":
        from checker.document import InputError, load

        for status in report.files:
            if status.ok and status.findings:
                try:
                    sources[status.path] = load(status.path).text
                except InputError:
                    pass
    ctx = RenderContext(rules=rules, lang=config.lang, version=__version__,
                        color=color if color is not None else (sys.stdout.isatty() and output is None),
                        sources=sources)
    text = render(fmt, report, ctx)
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if report.files and all(not s.ok for s in report.files):
        raise typer.Exit(2)
    if not report.files:
        raise _fail("no input files found")
    worst = max((f.severity.rank for f in report.findings), default=-1)
    if not exit_zero and worst >= config.fail_on.rank:
        raise typer.Exit(1)


@app.command("rules")
def list_rules(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
) -> None:
    """List the rules."""
    from checker.rules.loader import RuleFileError, builtin_rules

    try:
        rules = builtin_rules()
    except RuleFileError as exc:
        raise _fail(str(exc)) from None
    if fmt == "json":
        import json

        typer.echo(json.dumps([{"id": r.id, "kind": r.kind, "category": r.category,
                                "severity": r.severity.value, "description": r.description} for r in rules],
                              ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for col in ("id", "kind", "category", "severity", "description"):
        table.add_column(col)
    for r in rules:
        table.add_row(r.id, r.kind, r.category, r.severity.value, r.description)
    Console().print(table)


@app.command()
def explain(rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. placeholder.xxx")]) -> None:
    """Print a rule's documentation and examples."""
    from checker.rules.loader import builtin_rules

    matches = [r for r in builtin_rules() if r.id == rule_id]
    if not matches:
        raise _fail(f"no rule {rule_id!r}; `checker rules` lists them")
    r = matches[0]
    lines = [
        f"{r.id}  ({r.kind}, {r.category}, {r.severity.value})",
        "",
        r.description,
        "",
        f"Why: {r.why}",
        f"Fix: {r.fix}",
        f"Message: {r.message.zh} / {r.message.en}",
        "",
        "Bad examples (must fire):",
        *[f"  - {x}" for x in r.examples.bad],
        "Good examples (must stay silent):",
        *[f"  - {x}" for x in r.examples.good],
        "",
        f"Defined in {r.source}",
    ]
    typer.echo("\n".join(lines))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
