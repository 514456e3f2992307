"""The rule snapshot (checker/rules/snapshot.py) gives exactly the rules the plain loader builds,
is rebuilt when anything it depends on changes, and never runs what a planted pickle names."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from checker.rules import snapshot
from checker.rules.loader import builtin_rules_dir, load_rules


def _plain() -> tuple:
    return tuple(load_rules())


def _refuse() -> tuple:
    raise AssertionError("the snapshot should have been read, not the rule files")


def test_snapshot_gives_the_rules_the_plain_loader_builds(tmp_path: Path) -> None:
    plain = _plain()
    first = snapshot.cached_rules(builtin_rules_dir(), _plain, tmp_path)  # builds and writes
    again = snapshot.cached_rules(builtin_rules_dir(), _refuse, tmp_path)  # reads it back
    assert len(list(tmp_path.glob("rules-*.pickle"))) == 1
    assert first == plain and again == plain
    assert [type(r) for r in again] == [type(r) for r in plain]
    assert [r.model_dump_json() for r in again] == [r.model_dump_json() for r in plain]
    assert [r.source for r in again] == [r.source for r in plain]  # file:line of every rule


def test_any_change_to_a_rule_file_is_a_new_key(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "a.yaml").write_text("rules: []\n", encoding="utf-8")
    before = snapshot.snapshot_key(rules)
    (rules / "a.yaml").write_text("rules: [] \n", encoding="utf-8")
    assert snapshot.snapshot_key(rules) != before
    (rules / "words.txt").write_text("低保资金 2000\n", encoding="utf-8")  # data files count too
    assert len({before, snapshot.snapshot_key(rules)}) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(["a list"]), pickle.dumps(("x",))[:-3]])
def test_damaged_snapshot_is_rebuilt(tmp_path: Path, damage: bytes) -> None:
    snapshot.cached_rules(builtin_rules_dir(), _plain, tmp_path)
    (path,) = tmp_path.glob("rules-*.pickle")
    path.write_bytes(damage)
    assert snapshot.cached_rules(builtin_rules_dir(), _plain, tmp_path) == _plain()
    assert snapshot.read_snapshot(path) == _plain()  # written again


class _Planted:
    def __reduce__(self) -> tuple:
        return (os.system, ("touch planted",))


def test_planted_pickle_naming_another_callable_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "rules-planted.pickle"
    path.write_bytes(pickle.dumps((_Planted(),)))
    assert snapshot.read_snapshot(path) is None
    assert not (tmp_path / "planted").exists()


def test_unwritable_cache_still_loads_the_rules(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")  # a file where the cache folder should be
    assert snapshot.cached_rules(builtin_rules_dir(), _plain, blocked / "checker") == _plain()


def test_writing_a_snapshot_removes_the_old_sharded_dictionary_only(tmp_path: Path) -> None:
    old = tmp_path / "jieba-dict-0123456789abcdef.shards"
    old.write_bytes(b"x" * 10)
    other = tmp_path / "notes.txt"
    other.write_text("a file of someone else's", encoding="utf-8")
    snapshot.cached_rules(builtin_rules_dir(), _plain, tmp_path)
    assert not old.exists() and other.exists()
