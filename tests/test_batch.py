"""Batch runs: directory walking, ignore files, --jobs, the result cache, unreadable files."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import checker.api
from checker.api import check_paths, iter_inputs
from checker.config import Config, resolve_config
from checker.findings import Severity
from checker.result_cache import ResultCache
from checker.runner import progress_wanted

runner = CliRunner()
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _touch(root: Path, rel: str, text: str = "XX镇工作总结\n") -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def _names(paths, root: Path) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


def test_walk_is_recursive_sorted_and_honours_include_exclude_and_ignore_files(tmp_path):
    for rel in ("b.txt", "a.md", "notes.csv", "sub/c.txt", "sub/deep/d.txt", "sub/deep/keep.txt",
                "drafts/e.txt", ".hidden/f.txt", "sub/tmp/g.txt", "sub/.h.txt"):
        _touch(tmp_path, rel)
    (tmp_path / ".checkerignore").write_text("# comments are fine\ndrafts/\n", encoding="utf-8")
    (tmp_path / "sub" / ".checkerignore").write_text("deep/*.txt\n!deep/keep.txt\n", encoding="utf-8")
    config = Config(exclude=["tmp/"])
    got = _names(iter_inputs([tmp_path], config), tmp_path)
    assert got == ["a.md", "b.txt", "sub/c.txt", "sub/deep/keep.txt"]
    only_txt = Config(include=["*.txt"], exclude=["sub/deep/"])
    assert _names(iter_inputs([tmp_path], only_txt), tmp_path) == ["b.txt", "sub/c.txt", "sub/tmp/g.txt"]
    # a file named explicitly is always checked, ignore files or not
    assert list(iter_inputs([tmp_path / "drafts" / "e.txt"], config)) == [str(tmp_path / "drafts" / "e.txt")]


def test_ignore_file_at_config_root_applies_below_it(tmp_path):
    (tmp_path / "checker.toml").write_text("", encoding="utf-8")
    (tmp_path / ".checkerignore").write_text("archive/\n", encoding="utf-8")
    _touch(tmp_path, "reports/archive/old.txt")
    _touch(tmp_path, "reports/new.txt")
    config = resolve_config([tmp_path / "reports"])
    assert _names(iter_inputs([tmp_path / "reports"], config), tmp_path) == ["reports/new.txt"]


def _folder(tmp_path: Path, n: int = 4) -> Path:
    docs = tmp_path / "docs"
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(n):
        # the opening lines of a seed: real report text with findings, small enough to keep tests fast
        text = "\n".join(seeds[i % len(seeds)].read_text(encoding="utf-8").splitlines()[:8]) + "\nXX村\n"
        _touch(docs, f"d{i % 2}/r{i:03d}.txt", text.replace("2023", str(2020 + i)))
    (docs / "d0" / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    return docs


def _run(*args: str):
    r = runner.invoke(app_(), ["check", *args, "--format", "json", "--isolated"])
    assert r.exit_code in (0, 1), r.output
    return r.stdout


def app_():
    from checker.cli import app

    return app


def test_jobs_give_identical_output_and_one_unreadable_file_does_not_stop_the_run(tmp_path):
    docs = _folder(tmp_path)
    serial = _run(str(docs), "--no-cache", "--jobs", "1")
    parallel = _run(str(docs), "--no-cache", "--jobs", "2")
    assert serial == parallel
    data = json.loads(serial)
    assert data["summary"]["files"] == 5 and data["summary"]["files_with_errors"] == 1
    assert any(f["rule"] == "input.binary" and f["category"] == "input-error" for f in data["findings"])
    assert any(f["category"] != "input-error" for f in data["findings"])


def test_cache_hits_unchanged_files_and_gives_the_same_report(tmp_path, monkeypatch):
    monkeypatch.delenv("CHECKER_NO_CACHE", raising=False)
    docs = _folder(tmp_path, n=4)
    cache = tmp_path / "cache"
    first = _run(str(docs), "--cache-dir", str(cache))
    calls: list[str] = []
    real = checker.api.check_file

    def counting(path, rules, config):
        calls.append(path)
        return real(path, rules, config)

    monkeypatch.setattr(checker.api, "check_file", counting)
    assert _run(str(docs), "--cache-dir", str(cache)) == first
    assert calls == [str(docs / "d0" / "broken.txt")]  # unreadable files are never cached
    # an edited file is checked again, the others still come from the cache
    edited = docs / "d1" / "r001.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "新建XX村卫生室。\n", encoding="utf-8")
    calls.clear()
    again = json.loads(_run(str(docs), "--cache-dir", str(cache)))
    assert sorted(calls) == sorted([str(docs / "d0" / "broken.txt"), str(edited)])
    assert again["summary"]["findings"] == json.loads(first)["summary"]["findings"] + 1
    assert (cache / "CACHEDIR.TAG").is_file() and (cache / ".gitignore").read_text().strip().endswith("*")


def test_cache_key_covers_config_and_rules(tmp_path):
    docs = _folder(tmp_path, n=2)
    rules = checker.api.select_rules(Config())
    base = ResultCache(tmp_path / "c", rules, Config())
    assert ResultCache(tmp_path / "c", rules, Config()).dir == base.dir
    stricter = Config(severity={"placeholder": Severity.warning})
    assert ResultCache(tmp_path / "c", rules, stricter).dir != base.dir
    assert ResultCache(tmp_path / "c", rules[:1], Config()).dir != base.dir
    # fail-on and the baseline do not change one file's findings: same entries
    assert ResultCache(tmp_path / "c", rules, Config(fail_on=Severity.info)).dir == base.dir
    # a severity override must not be answered from entries made without it
    report = check_paths([docs], Config(), cache_dir=tmp_path / "c")
    assert {f.severity for f in report.findings if f.rule == "placeholder.xxx"} == {Severity.error}
    report = check_paths([docs], stricter, cache_dir=tmp_path / "c")
    assert {f.severity for f in report.findings if f.rule == "placeholder.xxx"} == {Severity.warning}


def test_damaged_cache_entries_are_misses(tmp_path):
    docs = _folder(tmp_path, n=2)
    cache = tmp_path / "c"
    first = check_paths([docs], Config(), cache_dir=cache)
    for entry in cache.rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    again = check_paths([docs], Config(), cache_dir=cache)
    assert again.model_dump() == first.model_dump()


def test_cache_keeps_what_baselines_need(tmp_path):
    docs = _folder(tmp_path, n=2)
    cache = tmp_path / "c"
    fresh = check_paths([docs], Config(), cache_dir=cache)
    cached = check_paths([docs], Config(), cache_dir=cache)
    parallel = check_paths([docs], Config(), jobs=2)  # and so do results sent back by worker processes
    assert [f.context for f in cached.findings] == [f.context for f in fresh.findings]
    assert [f.context for f in parallel.findings] == [f.context for f in fresh.findings]
    assert any(f.context for f in cached.findings)


def test_no_cache_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("CHECKER_NO_CACHE", raising=False)
    docs = _folder(tmp_path, n=2)
    monkeypatch.chdir(tmp_path)
    _run(str(docs), "--no-cache", "--select", "placeholder.xxx")
    assert not (tmp_path / ".checker_cache").exists()
    _run(str(docs), "--select", "placeholder.xxx")
    assert (tmp_path / ".checker_cache").is_dir()  # on by default in the working directory
    monkeypatch.setenv("CHECKER_NO_CACHE", "1")  # the environment variable turns it off like --no-cache
    shutil.rmtree(tmp_path / ".checker_cache")
    _run(str(docs), "--select", "placeholder.xxx")
    assert not (tmp_path / ".checker_cache").exists()


def test_progress_only_on_a_terminal_and_never_on_stdout(tmp_path, monkeypatch):
    assert not progress_wanted(100, quiet=True)
    assert not progress_wanted(3, quiet=False)
    monkeypatch.setattr("sys.stderr.isatty", lambda: False, raising=False)
    assert not progress_wanted(100, quiet=False)
    docs = tmp_path / "many"
    for i in range(25):
        _touch(docs, f"r{i:02d}.txt")
    out = _run(str(docs), "--no-cache", "--select", "placeholder.xxx")
    assert json.loads(out)["summary"]["files"] == 25


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without permission bits")
def test_permission_denied_is_an_input_error(tmp_path):
    p = _touch(tmp_path, "locked.txt")
    p.chmod(0)
    try:
        data = json.loads(_run(str(tmp_path), "--no-cache"))
        assert [f["rule"] for f in data["findings"]] == ["input.unreadable"]
    finally:
        p.chmod(0o644)
        shutil.rmtree(tmp_path / ".checker_cache", ignore_errors=True)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_cache_never_reads_a_fifo(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert ResultCache.content_key(str(fifo), 1 << 20) is None  # would block if it were opened
    big = _touch(tmp_path, "big.txt", "XX" * 100)
    assert ResultCache.content_key(str(big), 10) is None
    assert ResultCache.content_key(str(big), 1 << 20) is not None


def test_library_versions_in_the_cache_salt_are_importlib_metadata_s():
    """The salt reads each version from its metadata's headers (faster than `version`): the same."""
    from importlib.metadata import PackageNotFoundError, version

    from checker.result_cache import _RESULT_LIBRARIES, _version

    for name in [*_RESULT_LIBRARIES, "no-such-distribution-here"]:
        try:
            expected = version(name)
        except PackageNotFoundError:
            expected = "-"
        assert _version(name) == expected, name


def test_a_built_in_rule_as_loaded_is_salted_by_id_an_overridden_one_by_its_content():
    """rules_hash skips dumping the built-in rules as loaded (their files and code are in the salt);
    a rule changed by a config override still changes the hash."""
    from checker.result_cache import rules_hash
    from checker.rules.loader import builtin_rules
    from checker.selection import all_rules

    config = Config()
    plain = rules_hash(list(builtin_rules()), config)
    assert rules_hash(all_rules(config), config) == plain
    rule = next(r for r in builtin_rules() if r.id == "placeholder.xxx")
    tuned = Config(rule_params={rule.id: {"severity": "info"}})
    assert rules_hash(all_rules(tuned), tuned) != plain


def test_every_built_in_data_file_salts_the_result_cache(tmp_path, monkeypatch):
    """Editing the segmenter's user dictionary (not a YAML file) changes subjects, so it must change
    the result cache's salt like a rule file does."""
    import checker.result_cache as rc
    from checker.rules.loader import builtin_rules_dir

    copy = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), copy)
    monkeypatch.setattr(rc, "builtin_rules_dir", lambda: copy)
    before = rc.rules_hash([], Config())
    with (copy / "jieba_userdict.txt").open("a", encoding="utf-8") as out:
        out.write("新词条 5 n\n")
    assert rc.rules_hash([], Config()) != before
