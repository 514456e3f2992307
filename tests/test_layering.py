"""The pipeline is one-way: checker's modules form layers, and an import only ever goes down.

Like import-linter's `layers` contract, read from the code's own imports with `ast`: every import
counts, at module level or deferred inside a function, and so do imports made only for type
checking (a name a module needs, even for its annotations, is a dependency on its layer). A
module may import its own layer and the layers below it, never one above; and no group of
modules may import each other in a circle, inside a layer either.

A new module must be placed in a layer here: the test names any that is not.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "checker"

# Top to bottom. A module belongs to the first layer with an entry equal to its name or to one of
# its packages (`checker.rules` takes checker.rules.kinds.pattern).
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("entry", ("checker.__main__", "checker.cli")),
    ("commands", ("checker.fix", "checker.rule_examples", "checker.diff_view", "checker.editor_schema")),
    ("api", ("checker.api",)),
    ("engines and reports", ("checker.runner", "checker.distributed", "checker.result_cache", "checker.walk",
                             "checker.spool", "checker.reporters")),
    ("one document", ("checker.pipeline",)),
    ("evaluate and policy", ("checker.engine", "checker.policy", "checker.selection", "checker.baseline",
                             "checker.suppress", "checker.crossdoc")),
    ("rules", ("checker.rules",)),
    ("context", ("checker.context",)),
    ("extract", ("checker.extract",)),
    ("normalise", ("checker.normalize", "checker.simplify")),
    ("load", ("checker.document", "checker.document_model", "checker.sourcemap", "checker.decoding",
              "checker.docx_reader", "checker.input_error", "checker.readers")),
    ("foundation", ("checker.lexicon", "checker.schemas", "checker.findings", "checker.config", "checker.budget",
                    "checker.safe_read", "checker.safe_write",
                    "checker.literals", "checker.compiled_regex", "checker.ui_text")),
]
# The package itself (`checker/__init__.py`) is the facade above every layer: it re-exports the
# api on first use (PEP 562). What a module may take from it is its version string, a constant.
FACADE = "checker"
FACADE_CONSTANTS = frozenset({"__version__"})


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """(imported checker module, line) for every import statement of a module, wherever it is."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _resolve(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in MODULES:  # `from checker import schemas`: the submodule
                    yield submodule, node.lineno
                elif base == FACADE and alias.name in FACADE_CONSTANTS:
                    continue
                else:
                    yield from _resolve(base, node.lineno)


def _resolve(dotted: str, line: int) -> Iterator[tuple[str, int]]:
    """The checker module an import names (the longest known prefix: `import a.b.c` runs a.b.c)."""
    parts = dotted.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in MODULES:
            yield candidate, line
            return
        parts.pop()


def _layer(module: str) -> int | None:
    if module == FACADE:
        return -1
    for rank, (_name, members) in enumerate(LAYERS):
        if any(module == m or module.startswith(m + ".") for m in members):
            return rank
    return None


def _graph() -> dict[str, dict[str, int]]:
    """module -> {imported module: first line}, checker's own modules only, self-imports left out."""
    graph: dict[str, dict[str, int]] = {}
    for name, path in MODULES.items():
        edges: dict[str, int] = {}
        for target, line in _imports(name, path):
            if target != name:
                edges.setdefault(target, line)
        graph[name] = edges
    return graph


def test_every_module_has_a_layer() -> None:
    unplaced = sorted(m for m in MODULES if _layer(m) is None)
    assert not unplaced, f"place these modules in a layer of tests/test_layering.py: {unplaced}"


def test_no_import_goes_up_a_layer() -> None:
    upward = []
    for name, edges in _graph().items():
        mine = _layer(name)
        for target, line in edges.items():
            theirs = _layer(target)
            if mine is not None and theirs is not None and theirs < mine:
                upward.append(f"{MODULES[name].relative_to(PACKAGE.parent)}:{line}: {name} "
                              f"({LAYERS[mine][0]}) imports {target} "
                              f"({'the package facade' if theirs < 0 else LAYERS[theirs][0]})")
    assert not upward, "imports from a lower layer to a higher one:\n" + "\n".join(sorted(upward))


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, {})))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_circle() -> None:
    graph = _graph()
    circles = _cycles(graph)
    described = []
    for members in circles:
        inside = set(members)
        described.append("; ".join(f"{m} -> {', '.join(sorted(t for t in graph[m] if t in inside))}"
                                   for m in members))
    assert not circles, "import circles:\n" + "\n".join(described)


# import-linter's `forbidden` contracts: modules that must not import others although below them.
FORBIDDEN = [
    # reporters render the report and the sources they are handed; they never read the inputs
    ("checker.reporters", ("checker.document", "checker.decoding", "checker.docx_reader", "checker.readers")),
    # the engine runs rules; what becomes of their findings is the policy's
    ("checker.engine", ("checker.policy", "checker.suppress", "checker.baseline", "checker.config")),
]


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_no_forbidden_import() -> None:
    found = []
    for name, edges in _graph().items():
        for importer, forbidden in FORBIDDEN:
            if _within(name, importer):
                found += [f"{MODULES[name].relative_to(PACKAGE.parent)}:{line}: {name} imports {target}"
                          for target, line in edges.items() if any(_within(target, f) for f in forbidden)]
    assert not found, "forbidden imports:\n" + "\n".join(sorted(found))


@pytest.mark.parametrize(("source", "expected"), [
    ("from checker.context import DocumentContext\n", {"checker.context"}),
    ("def f():\n    from checker.api import check_text\n", {"checker.api"}),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from checker.engine import windows\n",
     {"checker.engine"}),
    ("from checker import schemas, __version__\n", {"checker.schemas"}),
    ("import checker.rules.kinds.pattern\n", {"checker.rules.kinds.pattern"}),
])
def test_imports_are_read_wherever_they_are(tmp_path: Path, source: str, expected: set[str]) -> None:
    """The contract sees deferred and type-only imports (a test that could not fail proves nothing)."""
    module = tmp_path / "probe.py"
    module.write_text(source, encoding="utf-8")
    assert {target for target, _line in _imports("checker.probe", module)} == expected


def test_an_upward_import_is_caught() -> None:
    assert _layer("checker.extract.table") > _layer("checker.context") > _layer("checker.rules.kinds.pattern")
    assert _cycles({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}) == [["a", "b", "c"]]


def test_rule_snapshot_key_leaves_out_exactly_the_layers_above_the_rules() -> None:
    """The shipped rule snapshot is keyed on the code the rules may import; what it leaves out must be
    the layers above the rules, so a module moved between layers moves in or out of the key too."""
    from checker.rules.snapshot import ABOVE_RULES

    above = [m for name, members in LAYERS[: [n for n, _ in LAYERS].index("rules")] for m in members]
    assert sorted(ABOVE_RULES) == sorted(above)
