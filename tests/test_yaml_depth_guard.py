"""Rule files are parsed with libyaml (the C loader) behind a nesting-depth guard: a deeply nested
file is a clear error naming its file and line, never a crash of the C parser, and the C loader reads
the built-in files exactly as the pure-Python one does, line marks included.

libyaml 0.2.6 refuses flow nesting past 1,000 levels itself, before the guard sees the first event;
older ones crash near 10^5 levels. The tests hold checker's behaviour (a RuleFileError naming the
file), whichever side refuses, and never a library's wording."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from checker.rules import loader
from checker.rules.loader import MAX_YAML_DEPTH, RuleFileError, builtin_rules_dir, read_yaml


def _nested_lists(depth: int) -> str:
    return "rules: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"  # `rules:` itself is one level


def test_the_c_loader_is_used_when_libyaml_is_installed():
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    assert issubclass(loader._line_loader(), yaml.CSafeLoader)


def test_depth_at_the_limit_passes_and_one_more_is_refused():
    assert loader._too_deep(_nested_lists(MAX_YAML_DEPTH), loader._line_loader()) is None
    mark = loader._too_deep(_nested_lists(MAX_YAML_DEPTH + 1), loader._line_loader())
    assert mark is not None and mark.line == 0


def test_deep_block_nesting_names_its_line(tmp_path):
    text = "rules:\n" + "".join("  " * i + "- a:\n" for i in range(1, 80)) + "  " * 80 + "b: 1\n"
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as exc:
        read_yaml(path)
    assert "nested too deeply" in str(exc.value)
    assert exc.value.line is not None and 40 < exc.value.line < 60  # where level 101 opens


def test_nesting_that_would_crash_the_c_parser_is_an_error(tmp_path):
    """10^5 levels make libyaml's node composer overflow the C stack (a segmentation fault):
    run in a child process so that a regression fails this test, not the whole run."""
    path = tmp_path / "bomb.yaml"
    path.write_text(_nested_lists(100_000), encoding="utf-8")
    code = ("import sys; from pathlib import Path; from checker.rules.loader import read_yaml, RuleFileError\n"
            "try:\n    read_yaml(Path(sys.argv[1]))\nexcept RuleFileError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60,
                         check=False)
    assert out.returncode == 0, out.stderr[-500:]
    assert out.stdout.startswith(f"{path}:1: ")


class _PureLineLoader(yaml.SafeLoader):
    pass


_PureLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, loader._construct_mapping)


@pytest.mark.parametrize("parser", ["c", "pure"])
@pytest.mark.parametrize("depth", [MAX_YAML_DEPTH + 1, 1_000, 20_000])
def test_deep_nesting_is_a_rule_file_error_with_either_parser(tmp_path, monkeypatch, parser, depth):
    """Where libyaml is missing, the pure-Python parser would raise RecursionError (or crash the
    interpreter's stack): the guard refuses first, with the same kind of error."""
    if parser == "c" and not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    if parser == "pure":
        monkeypatch.setattr(loader, "_line_loader", lambda: _PureLineLoader)
    path = tmp_path / "deep.yaml"
    path.write_text(_nested_lists(depth), encoding="utf-8")
    with pytest.raises(RuleFileError) as exc:
        read_yaml(path)
    assert exc.value.path == str(path) and exc.value.line == 1


def test_c_and_pure_loaders_read_the_builtin_files_alike():
    for path in sorted(builtin_rules_dir().glob("*.yaml")):
        pure = yaml.load(path.read_text(encoding="utf-8"), Loader=_PureLineLoader)  # a SafeLoader
        assert read_yaml(path) == pure, path.name
