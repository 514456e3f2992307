"""The rule snapshots (checker/rules/snapshot.py): the one shipped with checker is current and gives
exactly the rules the plain loader builds (its plain twin); the user cache's is rebuilt when anything
it depends on changes; a snapshot never runs what a planted pickle names. The lexicons shipped parsed
(checker/lexicon.py) are current and the YAML's data exactly."""

from __future__ import annotations

import datetime
import hashlib
import os
import pickle
import shutil
from pathlib import Path

import pytest

from checker import lexicon
from checker.rules import snapshot
from checker.rules.loader import builtin_rules_dir, load_rules


def _plain() -> tuple:
    return tuple(load_rules())


def _refuse() -> tuple:
    raise AssertionError("the snapshot should have been read, not the rule files")


def _header() -> bytes:
    return snapshot.snapshot_header(builtin_rules_dir())


def _same_rules(got: tuple, plain: tuple) -> None:
    assert got == plain
    assert [type(r) for r in got] == [type(r) for r in plain]
    assert [r.model_dump_json() for r in got] == [r.model_dump_json() for r in plain]
    assert [r.source for r in got] == [r.source for r in plain]  # file:line of every rule


def test_shipped_snapshot_is_current():
    """checker/rules/builtin_rules.pickle must be regenerated after any edit of a rule file or of
    checker's code: a stale one is never used, so every run would validate the rules again."""
    shipped = snapshot.SHIPPED.read_bytes()
    made_with = shipped[: shipped.index(b"\n") + 1].decode().split()
    now = _header().decode().split()
    assert made_with[:3] == now[:3], \
        "checker/rules/builtin_rules.pickle is stale: run python scripts/update_rule_snapshot.py"
    if made_with[3:] != now[3:]:
        pytest.skip(f"the shipped snapshot was made with {' '.join(made_with[3:])}, not {' '.join(now[3:])}: "
                    "checker validates the rules here instead")


def test_shipped_snapshot_gives_the_rules_the_plain_loader_builds(tmp_path: Path):
    """The plain twin: whatever Python and pydantic this runs on, the shipped snapshot's rules equal
    those of the validating loader (read here under the header it was made with)."""
    shipped = snapshot.SHIPPED.read_bytes()
    header = shipped[: shipped.index(b"\n") + 1]
    _same_rules(snapshot.read_snapshot(snapshot.SHIPPED, header, builtin_rules_dir()), _plain())


def test_derived_data_in_the_shipped_snapshot_is_what_the_rules_compute():
    """Each rule's `snapshot_derived` properties arrive computed, equal to what a freshly validated
    rule computes (a start reads them instead)."""
    shipped = snapshot.SHIPPED.read_bytes()
    header = shipped[: shipped.index(b"\n") + 1]
    got = snapshot.read_snapshot(snapshot.SHIPPED, header, builtin_rules_dir())
    names = 0
    for stored, plain in zip(got, _plain(), strict=True):
        for name in type(stored).snapshot_derived:
            assert name in stored.__dict__, (stored.id, name)
            assert stored.__dict__[name] == getattr(plain, name), (stored.id, name)
            names += 1
    assert names > 50


def test_built_in_rules_come_from_the_shipped_snapshot(tmp_path: Path):
    if not snapshot.SHIPPED.read_bytes().startswith(_header()):
        pytest.skip("the shipped snapshot was made with another Python or pydantic (or is stale)")
    rules = snapshot.cached_rules(builtin_rules_dir(), _refuse, tmp_path)
    _same_rules(rules, _plain())
    assert not list(tmp_path.iterdir())  # nothing written to the user cache


def test_a_stale_shipped_snapshot_is_not_used(tmp_path: Path):
    stale = tmp_path / "shipped.pickle"
    stale.write_bytes(snapshot.snapshot_bytes(_plain()[:3], b"checker-rules 2 0123 cpython-3.11 pydantic-2\n",
                                              builtin_rules_dir()))
    _same_rules(snapshot.cached_rules(builtin_rules_dir(), _plain, tmp_path / "cache", shipped=stale), _plain())
    assert len(list((tmp_path / "cache").glob("rules-*.pickle"))) == 1  # built, and kept in the user cache


def test_sources_name_where_the_rules_are_found_now(tmp_path: Path):
    """A snapshot made in one checkout (or wheel) and read in another names the rule files of the
    other: sources are stored relative to the rules directory."""
    moved = tmp_path / "elsewhere" / "rules"
    shutil.copytree(builtin_rules_dir(), moved)
    path = tmp_path / "snap.pickle"
    data = snapshot.snapshot_bytes(_plain(), _header(), builtin_rules_dir())
    assert str(builtin_rules_dir()).encode() not in data
    path.write_bytes(data)
    rules = snapshot.read_snapshot(path, _header(), moved)
    assert rules is not None
    assert [r.source for r in rules] == [str(moved / r.source.rsplit("/", 1)[-1]) for r in _plain()]
    assert all(r.source.startswith(f"{moved}{os.sep}") and r.source.rsplit(":", 1)[1].isdigit() for r in rules)


def test_snapshot_gives_the_rules_the_plain_loader_builds(tmp_path: Path) -> None:
    plain = _plain()
    first = snapshot.cached_rules(builtin_rules_dir(), _plain, tmp_path, shipped=None)  # builds and writes
    again = snapshot.cached_rules(builtin_rules_dir(), _refuse, tmp_path, shipped=None)  # reads it back
    assert len(list(tmp_path.glob("rules-*.pickle"))) == 1
    _same_rules(first, plain)
    _same_rules(again, plain)


def test_any_change_to_a_rule_file_is_a_new_key(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "a.yaml").write_text("rules: []\n", encoding="utf-8")
    before = snapshot.snapshot_key(rules)
    (rules / "a.yaml").write_text("rules: [] \n", encoding="utf-8")
    assert snapshot.snapshot_key(rules) != before
    (rules / "words.txt").write_text("低保资金 2000\n", encoding="utf-8")  # data files count too
    assert len({before, snapshot.snapshot_key(rules)}) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(["a list"]), pickle.dumps(("x",)),
                                    pickle.dumps(("x",))[:-3]])
def test_damaged_snapshot_is_rebuilt(tmp_path: Path, damage: bytes) -> None:
    snapshot.cached_rules(builtin_rules_dir(), _plain, tmp_path, shipped=None)
    (path,) = tmp_path.glob("rules-*.pickle")
    for data in (damage, _header() + damage):
        path.write_bytes(data)
        assert snapshot.read_snapshot(path, _header(), builtin_rules_dir()) is None
        assert snapshot.cached_rules(builtin_rules_dir(), _plain, tmp_path, shipped=None) == _plain()
        assert snapshot.read_snapshot(path, _header(), builtin_rules_dir()) == _plain()  # written again


class _Planted:
    def __reduce__(self) -> tuple:
        return (os.system, ("touch planted",))


def test_planted_pickle_naming_another_callable_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "rules-planted.pickle"
    path.write_bytes(_header() + pickle.dumps((_Planted(),)))
    assert snapshot.read_snapshot(path, _header(), builtin_rules_dir()) is None
    assert not (tmp_path / "planted").exists()


def test_unwritable_cache_still_loads_the_rules(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")  # a file where the cache folder should be
    assert snapshot.cached_rules(builtin_rules_dir(), _plain, blocked / "checker", shipped=None) == _plain()


def test_writing_a_snapshot_removes_the_old_sharded_dictionary_only(tmp_path: Path) -> None:
    old = tmp_path / "jieba-dict-0123456789abcdef.shards"
    old.write_bytes(b"x" * 10)
    other = tmp_path / "notes.txt"
    other.write_text("a file of someone else's", encoding="utf-8")
    snapshot.cached_rules(builtin_rules_dir(), _plain, tmp_path, shipped=None)
    assert not old.exists() and other.exists()


# The lexicons shipped parsed (checker/lexicon.py): current, and equal to the YAML they come from.

def test_data_snapshot_is_current():
    assert lexicon.DATA_SNAPSHOT.read_text(encoding="utf-8") == lexicon.data_snapshot_text(builtin_rules_dir()), \
        "checker/data_files.json is stale: run python scripts/update_rule_snapshot.py"


def test_lexicons_read_from_the_data_snapshot_are_the_yaml_parsed():
    names = set(lexicon._data_snapshot())
    assert {"units.yaml", "subjects.yaml", "figure_context.yaml", "indicators.yaml", "cross_document.yaml"} <= names
    for name in names:
        parsed = lexicon.parse_data(lexicon.data_path(name).read_bytes())
        got = lexicon.load_data_file(name)
        assert lexicon.same_data(got, parsed), name
        assert got is not lexicon.load_data_file(name)  # a fresh copy for each caller


def test_a_data_file_whose_bytes_changed_is_parsed_again(monkeypatch: pytest.MonkeyPatch):
    raw = lexicon.data_path("units.yaml").read_bytes()
    for digest, expected in ((hashlib.sha256(raw).hexdigest(), {"from": "snapshot"}),
                             ("0" * 64, lexicon.parse_data(raw))):
        monkeypatch.setattr(lexicon, "_data_snapshot",
                            lambda d=digest: {"units.yaml": {"sha256": d, "json": '{"from": "snapshot"}'}})
        assert lexicon.load_data_file("units.yaml") == expected


@pytest.mark.parametrize(("a", "b", "same"), [
    ({"a": 1, "b": [1.5, None, "x"]}, {"a": 1, "b": [1.5, None, "x"]}, True),
    ({"a": 1}, {"a": 1.0}, False), ({"a": 1}, {"a": True}, False), ({1: "x"}, {"1": "x"}, False),
    ({"a": 1, "b": 2}, {"b": 2, "a": 1}, False),  # order is precedence in some lexicons
    ([datetime.date(2024, 1, 1)], ["2024-01-01"], False),
])
def test_only_data_json_gives_back_exactly_is_the_same(a, b, same):
    assert lexicon.same_data(a, b) is same
