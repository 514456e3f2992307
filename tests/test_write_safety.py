"""The reproductions of issue 11, one test each, run through the command line: every writer
(reports `-o`, baselines, `fix --write`, the result cache) against a full disk, a read-only folder,
a concurrent edit, a symlink and a hard link. Each test checks that the user's files are intact
afterwards and that a failure is one line on stderr with exit status 2, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faults import full_disk, leftovers, read_only
from typer.testing import CliRunner

import checker.api
import checker.fix
from checker.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
REPORT = "XX镇2024年工作总结\n新建文化广场800m2，总投资120万元。\n"
FIXABLE = "新建文化广场800m2。\n"
FIXED = "新建文化广场800平方米。\n"
DAY = 24 * 3600


def _check(*args: str):
    return runner.invoke(app, ["check", "--isolated", "--no-cache", "--select", "placeholder,unit-format", *args])


def _fix(*args: str):
    return runner.invoke(app, ["fix", "--isolated", "--select", "unit-format.m2", *args])


def _one_error_line(stderr: str, *parts: str) -> None:
    errors = [line for line in stderr.splitlines() if line.startswith("checker: error:")]
    assert len(errors) == 1, stderr
    assert all(p in errors[0] for p in parts), errors[0]
    assert "Traceback" not in stderr


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry under `folder` with its bytes (None for folders): the user's data, to compare."""
    return {p.relative_to(folder).as_posix(): (None if p.is_dir() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def doc(tmp_path) -> Path:
    p = tmp_path / "r.txt"
    p.write_text(REPORT, encoding="utf-8")
    return p


# ---------------------------------------------------------------------------------------------
# The result cache


@pytest.fixture
def cached(monkeypatch):
    monkeypatch.delenv("CHECKER_NO_CACHE", raising=False)

    def run(*args: str):
        return runner.invoke(app, ["check", "--isolated", "--select", "placeholder", "--format", "json", *args])

    return run


def _age(path: Path, days: float) -> None:
    t = time.time() - days * DAY
    os.utime(path, (t, t))


def test_cache_dir_with_old_user_folders_keeps_them(tmp_path, doc, cached):
    """`--cache-dir p` used to delete every subfolder of p older than 7 days."""
    p = tmp_path / "p"
    (p / "old").mkdir(parents=True)
    (p / "old" / "notes.txt").write_text("mine", encoding="utf-8")
    (p / ".gitignore").write_text("my rules\n", encoding="utf-8")
    _age(p / "old", 10)
    before = _tree(p)
    assert cached(str(doc), "--cache-dir", str(p)).exit_code == 1
    own = p / ".checker_cache"
    assert (own / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert {k: v for k, v in _tree(p).items() if not k.startswith(".checker_cache")} == before
    assert any(own.rglob("*.json"))


def test_cache_dir_dot_in_a_repository_never_touches_git(tmp_path, doc, cached, monkeypatch):
    """`touch -d '8 days ago' .git && checker check . --cache-dir .` deleted .git."""
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    _age(tmp_path / ".git", 8)
    before = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cached("r.txt", "--cache-dir", ".").exit_code == 1
    after = _tree(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith(".checker_cache")} == before
    assert (tmp_path / ".checker_cache" / "CACHEDIR.TAG").is_file()


def test_only_checker_s_own_old_entries_are_pruned_and_no_user_file_is_overwritten(tmp_path, doc, cached):
    own = tmp_path / "cache"
    assert cached(str(doc), "--cache-dir", str(own)).exit_code == 1  # makes and tags the folder
    stale = own / ("0" * 24)
    stale.mkdir()
    (own / "keep-me").mkdir()
    (own / ".gitignore").write_text("the user's own\n", encoding="utf-8")
    _age(stale, 8)
    _age(own / "keep-me", 30)
    for salt in own.iterdir():  # force a new salt directory, so pruning runs
        if len(salt.name) == 24 and salt != stale:
            for f in sorted(salt.rglob("*"), reverse=True):
                f.rmdir() if f.is_dir() else f.unlink()
            salt.rmdir()
    assert cached(str(doc), "--cache-dir", str(own)).exit_code == 1
    assert not stale.exists() and (own / "keep-me").is_dir()
    assert (own / ".gitignore").read_text(encoding="utf-8") == "the user's own\n"


def test_a_cache_that_cannot_be_written_costs_speed_never_the_run(tmp_path, doc, cached, caplog):
    expected = cached(str(doc), "--no-cache").stdout
    ro = tmp_path / "ro"
    ro.mkdir()
    with read_only(ro):
        r = cached(str(doc), "--cache-dir", str(ro / "c"))
    assert r.exit_code == 1 and r.stdout == expected and "Traceback" not in r.output
    assert "result cache not written" in caplog.text and str(ro / "c") in caplog.text
    with full_disk(tmp_path / "disk") as disk:
        r = cached(str(doc), "--cache-dir", str(disk / "c"))
        assert r.exit_code == 1 and r.stdout == expected
        assert all(leftovers(d) == [] for d in [disk, *disk.rglob("*")] if d.is_dir())


def test_a_file_edited_during_its_check_is_not_cached_under_its_old_text(tmp_path, doc, cached, monkeypatch):
    """The key is made from the bytes before the check; an edit before the check reads the file
    must not store the new text's findings under the old text's key."""
    fresh = cached(str(doc), "--no-cache").stdout
    real = checker.api.check_file
    edited = REPORT + "又新建XX村卫生室。\n"

    def edited_meanwhile(path, rules, config):
        doc.write_text(edited, encoding="utf-8")
        return real(path, rules, config)

    monkeypatch.setattr(checker.api, "check_file", edited_meanwhile)
    assert cached(str(doc), "--cache-dir", str(tmp_path / "c")).exit_code == 1
    monkeypatch.setattr(checker.api, "check_file", real)
    assert doc.read_text(encoding="utf-8") == edited
    doc.write_text(REPORT, encoding="utf-8")
    assert cached(str(doc), "--cache-dir", str(tmp_path / "c")).stdout == fresh


def test_a_cache_entry_through_a_symlinked_cache_folder(tmp_path, doc, cached):
    real = tmp_path / "real-cache"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    first = cached(str(doc), "--cache-dir", str(tmp_path / "link"))
    assert cached(str(doc), "--cache-dir", str(tmp_path / "link")).stdout == first.stdout
    assert (tmp_path / "link").is_symlink() and any(real.rglob("*.json"))


# ---------------------------------------------------------------------------------------------
# Baselines


@pytest.mark.parametrize("kind", ["same", "hard", "soft"])
def test_write_baseline_over_an_input_is_refused(tmp_path, doc, kind):
    """`checker check r.txt --write-baseline r.txt` overwrote the report, exit 0."""
    target = doc
    if kind == "hard":
        target = tmp_path / "hard.json"
        os.link(doc, target)
    elif kind == "soft":
        target = tmp_path / "soft.json"
        target.symlink_to(doc)
    r = _check(str(doc), "--write-baseline", str(target))
    assert r.exit_code == 2
    _one_error_line(r.stderr, f"--write-baseline {target}", "refusing to overwrite")
    assert doc.read_text(encoding="utf-8") == REPORT


def test_write_baseline_over_a_file_of_a_checked_folder_is_refused(tmp_path, doc):
    r = _check(str(tmp_path), "--write-baseline", str(doc))
    assert r.exit_code == 2 and doc.read_text(encoding="utf-8") == REPORT
    _one_error_line(r.stderr, "refusing to overwrite")


def test_write_baseline_on_a_full_disk_keeps_the_previous_baseline(tmp_path, doc):
    """It crashed with a traceback and left the previous baseline truncated, invalid JSON."""
    previous = json.dumps({"format": 1, "tool": "checker", "entries": []}).encode()
    with full_disk(tmp_path / "disk", {"b.json": previous}) as disk:
        r = _check(str(doc), "--write-baseline", str(disk / "b.json"))
        assert r.exit_code == 2
        _one_error_line(r.stderr, f"--write-baseline {disk / 'b.json'}", os.strerror(28))
        assert (disk / "b.json").read_bytes() == previous and leftovers(disk) == []


def test_write_baseline_in_a_read_only_folder(tmp_path, doc):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "b.json").write_text("previous\n", encoding="utf-8")
    with read_only(folder):
        r = _check(str(doc), "--write-baseline", str(folder / "b.json"))
    assert r.exit_code == 2 and (folder / "b.json").read_text(encoding="utf-8") == "previous\n"
    _one_error_line(r.stderr, f"--write-baseline {folder / 'b.json'}")


def test_write_baseline_onto_a_folder_or_into_a_missing_one(tmp_path, doc):
    (tmp_path / "adir").mkdir()
    r = _check(str(doc), "--write-baseline", str(tmp_path / "adir"))
    assert r.exit_code == 2 and (tmp_path / "adir").is_dir()
    _one_error_line(r.stderr, str(tmp_path / "adir"), "is a directory")
    r = _check(str(doc), "--write-baseline", str(tmp_path / "new" / "b.json"))
    assert r.exit_code == 0 and json.loads((tmp_path / "new" / "b.json").read_text(encoding="utf-8"))["entries"]


def test_write_baseline_through_a_symlink_writes_its_target(tmp_path, doc):
    real = tmp_path / "baselines" / "b.json"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    (tmp_path / "b.json").symlink_to(real)
    assert _check(str(doc), "--write-baseline", str(tmp_path / "b.json")).exit_code == 0
    assert (tmp_path / "b.json").is_symlink() and json.loads(real.read_text(encoding="utf-8"))["format"] == 1


# ---------------------------------------------------------------------------------------------
# Reports (-o)


def test_output_on_a_hard_link_of_an_input_is_refused(tmp_path, doc):
    """`-o` pointed at a hard link of an input overwrote that input."""
    os.link(doc, tmp_path / "hl.txt")
    r = _check(str(doc), "-o", str(tmp_path / "hl.txt"))
    assert r.exit_code == 2 and doc.read_text(encoding="utf-8") == REPORT
    _one_error_line(r.stderr, f"--output {tmp_path / 'hl.txt'}", "refusing to overwrite")


def test_output_over_the_baseline_being_read_is_refused(tmp_path, doc):
    base = tmp_path / "b.json"
    assert _check(str(doc), "--write-baseline", str(base)).exit_code == 0
    kept = base.read_bytes()
    r = _check(str(doc), "--baseline", str(base), "-o", str(base))
    assert r.exit_code == 2 and base.read_bytes() == kept


def test_output_on_a_full_disk_keeps_the_previous_report(tmp_path, doc):
    with full_disk(tmp_path / "disk", {"out.json": b"previous"}) as disk:
        r = _check(str(doc), "-o", str(disk / "out.json"), "--format", "json")
        assert r.exit_code == 2 and (disk / "out.json").read_bytes() == b"previous" and leftovers(disk) == []
        _one_error_line(r.stderr, f"--output {disk / 'out.json'}", os.strerror(28))


def test_output_in_a_read_only_folder_and_onto_a_folder(tmp_path, doc):
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder):
        r = _check(str(doc), "-o", str(folder / "out.json"))
    assert r.exit_code == 2 and not (folder / "out.json").exists()
    _one_error_line(r.stderr, f"--output {folder / 'out.json'}")
    r = _check(str(doc), "-o", str(tmp_path))
    assert r.exit_code == 2 and doc.read_text(encoding="utf-8") == REPORT


def test_output_through_a_symlink_keeps_the_link_and_the_bytes(tmp_path, doc):
    direct = _check(str(doc), "--format", "json").stdout
    real = tmp_path / "out" / "report.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    (tmp_path / "link.json").symlink_to(real)
    assert _check(str(doc), "--format", "json", "-o", str(tmp_path / "link.json")).exit_code == 1
    assert (tmp_path / "link.json").is_symlink() and real.read_text(encoding="utf-8") == direct
    assert real.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("command", [["check", "--isolated", "--no-cache"], ["metrics"], ["fix", "--diff"],
                                     ["rules", "--format", "json"]])
def test_standard_output_on_a_full_disk_is_one_line_and_exit_2(doc, command):
    with open("/dev/full", "w") as full:
        out = subprocess.run([sys.executable, "-m", "checker", *command,
                              *([str(doc)] if command[0] != "rules" else [])],
                             stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120, check=False,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip().splitlines()[-1] == f"checker: error: cannot write to standard output: {os.strerror(28)}"
    assert "Traceback" not in out.stderr and doc.read_text(encoding="utf-8") == REPORT


# ---------------------------------------------------------------------------------------------
# fix --write


def test_fix_write_through_a_symlink_fixes_the_target_and_keeps_the_link(tmp_path):
    """`fix --write link.txt` replaced the symlink with a regular file; the target was never fixed."""
    real = tmp_path / "real.txt"
    real.write_text(FIXABLE, encoding="utf-8")
    real.chmod(0o640)
    (tmp_path / "link.txt").symlink_to("real.txt")
    r = _fix("--write", str(tmp_path / "link.txt"))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "link.txt").is_symlink() and real.read_text(encoding="utf-8") == FIXED
    assert real.stat().st_mode & 0o777 == 0o640 and leftovers(tmp_path) == []


def test_fix_write_never_splits_hard_links_and_goes_on_with_the_other_files(tmp_path):
    a, twin, c = tmp_path / "a.txt", tmp_path / "twin.txt", tmp_path / "c.txt"
    a.write_text(FIXABLE, encoding="utf-8")
    os.link(a, twin)
    c.write_text(FIXABLE, encoding="utf-8")
    r = _fix("--write", str(a), str(c))
    assert r.exit_code == 2
    _one_error_line(r.stderr, str(a), "hard links")
    assert os.path.samefile(a, twin) and a.read_text(encoding="utf-8") == FIXABLE
    assert c.read_text(encoding="utf-8") == FIXED


def test_fix_write_keeps_a_line_appended_while_a_later_file_was_checked(tmp_path, monkeypatch):
    """`fix --write` fixed every file first and wrote them all at the end: a line appended to a.txt
    while a slow file of the same run was being checked was lost."""
    a, slow = tmp_path / "a.txt", tmp_path / "b_slow.txt"
    a.write_text(FIXABLE, encoding="utf-8")
    slow.write_text(FIXABLE, encoding="utf-8")
    real = checker.fix.fix_document

    def editing_meanwhile(doc, rules, config):
        if doc.path.endswith("b_slow.txt"):
            with a.open("a", encoding="utf-8") as fh:
                fh.write("用户刚加的一行\n")
        return real(doc, rules, config)

    monkeypatch.setattr(checker.fix, "fix_document", editing_meanwhile)
    r = _fix("--write", str(a), str(slow))
    assert r.exit_code == 0, r.output
    assert a.read_text(encoding="utf-8") == FIXED + "用户刚加的一行\n"
    assert slow.read_text(encoding="utf-8") == FIXED


def test_fix_write_skips_a_file_edited_between_its_read_and_its_write(tmp_path, monkeypatch):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(FIXABLE, encoding="utf-8")
    b.write_text(FIXABLE, encoding="utf-8")
    real = checker.fix.fix_document

    def edited_during_its_own_check(doc, rules, config):
        if doc.path.endswith("a.txt"):
            with a.open("a", encoding="utf-8") as fh:
                fh.write("用户刚加的一行\n")
        return real(doc, rules, config)

    monkeypatch.setattr(checker.fix, "fix_document", edited_during_its_own_check)
    r = _fix("--write", str(a), str(b))
    assert r.exit_code == 2
    _one_error_line(r.stderr, str(a), "changed since it was read")
    assert a.read_text(encoding="utf-8") == FIXABLE + "用户刚加的一行\n"
    assert b.read_text(encoding="utf-8") == FIXED


def test_fix_write_on_a_full_disk_and_a_read_only_folder_writes_the_rest(tmp_path):
    elsewhere = tmp_path / "ok.txt"
    elsewhere.write_text(FIXABLE, encoding="utf-8")
    ro = tmp_path / "ro"
    ro.mkdir()
    (ro / "a.txt").write_text(FIXABLE, encoding="utf-8")
    with read_only(ro):
        r = _fix("--write", str(ro / "a.txt"), str(elsewhere))
    assert r.exit_code == 2 and (ro / "a.txt").read_text(encoding="utf-8") == FIXABLE
    assert elsewhere.read_text(encoding="utf-8") == FIXED
    _one_error_line(r.stderr, str(ro / "a.txt"))
    elsewhere.write_text(FIXABLE, encoding="utf-8")
    with full_disk(tmp_path / "disk", {"a.txt": FIXABLE.encode()}) as disk:
        r = _fix("--write", str(disk / "a.txt"), str(elsewhere))
        assert r.exit_code == 2 and (disk / "a.txt").read_text(encoding="utf-8") == FIXABLE
        assert leftovers(disk) == []
        _one_error_line(r.stderr, str(disk / "a.txt"), os.strerror(28))
    assert elsewhere.read_text(encoding="utf-8") == FIXED


def test_a_fifo_planted_in_the_cache_is_refused_not_waited_on(tmp_path):
    """A cache entry that is a FIFO would block a plain read for ever: it counts as a miss."""
    doc = tmp_path / "a.txt"
    doc.write_text("XX镇2023年工作总结。\n", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if k != "CHECKER_NO_CACHE"}
    first = subprocess.run([sys.executable, "-m", "checker", "check", str(doc), "--format", "json", "--isolated",
                            "--cache-dir", str(cache_dir)], capture_output=True, text=True, timeout=120, env=env)
    entries = [p for p in cache_dir.rglob("*") if p.is_file() and p.name not in ("CACHEDIR.TAG", ".gitignore")]
    assert entries
    for entry in entries:
        entry.unlink()
        os.mkfifo(entry)
    again = subprocess.run([sys.executable, "-m", "checker", "check", str(doc), "--format", "json", "--isolated",
                            "--cache-dir", str(cache_dir)], capture_output=True, text=True, timeout=60, env=env)
    assert again.returncode == first.returncode == 1
    assert json.loads(again.stdout)["findings"] == json.loads(first.stdout)["findings"]
