"""Which files a run checks: explicit paths as given, directories walked.

Directories are walked recursively in sorted order (hidden entries and symlinked directories
skipped); a file is taken when its name or relative path matches an `include` glob and no
`exclude` pattern or `.checkerignore` file (gitignore syntax, via pathspec) excludes it. An ignore
file applies to its own directory and below, like .gitignore. Files named explicitly on the
command line are always checked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from checker.config import Config

if TYPE_CHECKING:
    import pathspec

IGNORE_FILE = ".checkerignore"


def _spec(patterns: Iterable[str]) -> pathspec.GitIgnoreSpec:
    import pathspec  # ~15 ms of a start: imported only when a directory is walked

    # pathspec's own regexes: its "best" backend is RE2 once google-re2 is installed, and RE2
    # cannot take a file name that is not UTF-8 (a GBK name from a Windows archive, surrogates)
    return pathspec.GitIgnoreSpec.from_lines(patterns, backend="simple")


def _read_ignore_file(directory: Path) -> pathspec.PathSpec | None:
    f = directory / IGNORE_FILE
    if not os.path.isfile(f):  # never raises (Path.is_file does on a path too long for the file system)
        return None
    try:
        return _spec(f.read_text(encoding="utf-8-sig").splitlines())
    except (OSError, UnicodeDecodeError):
        return None


def _ancestor_ignores(top: Path, root: str | None) -> list[tuple[Path, pathspec.PathSpec]]:
    """Ignore files above the walked directory, up to the config file's directory (outermost first)."""
    if root is None:
        return []
    stop = Path(root)
    if top != stop and stop not in top.parents:
        return []
    found = []
    for d in [top, *top.parents][1:]:
        spec = _read_ignore_file(d)
        if spec is not None:
            found.append((d, spec))
        if d == stop:
            break
    return found[::-1]


def _relative(prefix: str, name: str) -> str:
    """`name` inside a directory whose path relative to some base is `prefix` ("." for the base)."""
    return name if prefix == "." else f"{prefix}/{name}"


def _ignored(name: str, is_dir: bool, forms: list[str], exclude: pathspec.PathSpec,
             ignores: list[tuple[str, pathspec.PathSpec]]) -> bool:
    """Whether an entry of a directory is excluded. `forms` are the directory's paths relative to
    the walked directory and the config root, `ignores` pairs each applicable ignore file with the
    directory's path relative to that file's directory: strings, not Path objects, because pathlib
    interns every name it parses, which would keep every file name of an archive for good."""
    slash = "/" if is_dir else ""
    if any(exclude.match_file(_relative(f, name) + slash) for f in forms):
        return True
    return any(spec.match_file(_relative(rel, name) + slash) for rel, spec in ignores)


def _under(base: Path, here: Path) -> bool:
    return base == here or base in here.parents


def walk_inputs(paths: Iterable[str | os.PathLike[str]], config: Config) -> Iterator[str]:
    """Files to check, in a stable order: explicit files as given, directories walked sorted.

    `exclude` patterns (gitignore syntax) are matched against the path relative to the walked
    directory and relative to the config file's directory; `include` globs against the file name
    or its path relative to the walked directory.
    """
    import fnmatch

    exclude: pathspec.PathSpec | None = None
    root = Path(config.root) if config.root else None
    for raw in paths:
        top = Path(raw)
        if not os.path.isdir(top):  # never raises, unlike Path.is_dir on a path too long to stat
            yield str(raw)
            continue
        if exclude is None:
            exclude = _spec(config.exclude)
        top_abs = top.resolve()
        # (absolute directory the patterns are relative to, its spec), outermost first
        inherited = _ancestor_ignores(top_abs, config.root)
        ignores: list[tuple[Path, pathspec.PathSpec]] = list(inherited)
        unlisted: list[OSError] = []  # folders os.walk could not list (too long a path, no permission)
        for dirpath, dirs, files in os.walk(top, followlinks=False, onerror=unlisted.append):
            while unlisted:  # reported as inputs (one input.unreadable each), not dropped in silence
                failed = unlisted.pop(0).filename
                if failed is not None:
                    yield os.fsdecode(failed)
            here = top_abs / Path(dirpath).relative_to(top)
            ignores = [(b, s) for b, s in ignores if _under(b, here)]
            spec = _read_ignore_file(here)
            if spec is not None:
                ignores.append((here, spec))
            rel_here = here.relative_to(top_abs).as_posix()
            forms = [rel_here] + ([here.relative_to(root).as_posix()] if root is not None and _under(root, here)
                                  else [])
            where = (forms, exclude, [(here.relative_to(b).as_posix(), s) for b, s in ignores])
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _ignored(d, True, *where))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                rel = _relative(rel_here, name)
                if not any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in config.include):
                    continue
                if _ignored(name, False, *where):
                    continue
                yield os.path.join(dirpath, name)
        for error in unlisted:
            if error.filename is not None:
                yield os.fsdecode(error.filename)

