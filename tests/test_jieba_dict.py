"""The sharded jieba dictionary (checker.jieba_dict): the same words as jieba's full dictionary,
rebuilt when stale, and a damaged or corrupt cache file never changes a segmentation."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import jieba_dict
from checker.jieba_dict import ShardedTokenizer, cache_path, load_tokenizer, read_shards, write_shards
from checker.rules.loader import builtin_rules_dir

USERDICT = builtin_rules_dir() / "jieba_userdict.txt"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Clauses of the kind checker segments, domain words from the user dictionary among them, plus
# Latin letters, digits and runs of characters jieba's HMM has to split.
SENTENCES = [
    "全年共发放低保资金364万元", "已完成土地流转1000余亩", "特困人员生活费按时足额发放",
    "新建高标准农田2.5万亩，同比增长12%", "GDP增长6.5%，完成固定资产投资ABC项目", "石咀头等村组",
    "乡村振兴示范点建设稳步推进", "郾城区漯河市召陵镇", "一一", "中",
]
TOY = {"甲": 3, "甲乙": 2, "乙": 1, "乙丙丁": 4, "乙丙": 0}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """A cache directory whose file for this word list is STALE (same name, built from other
    words): load_tokenizer must rebuild it. Returns the directory and the full tokenizer used."""
    folder = tmp_path_factory.mktemp("dict")
    path, _ = cache_path(USERDICT, folder)
    write_shards(path, {"旧": 1, "旧词": 5}, 6, key="stale", force_split=[])
    full = load_tokenizer(USERDICT, folder)
    assert not isinstance(full, ShardedTokenizer)  # the stale file was not used
    return folder, full


def _seed_lines() -> list[str]:
    lines = []
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        lines += [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()][:40]
    return lines


def test_stale_cache_is_rebuilt_and_then_used(built):
    folder, _ = built
    path, key = cache_path(USERDICT, folder)
    assert isinstance(read_shards(path, key, USERDICT), ShardedTokenizer)
    assert isinstance(load_tokenizer(USERDICT, folder), ShardedTokenizer)


def test_sharded_segments_exactly_like_the_full_dictionary(built):
    folder, full = built
    tok = load_tokenizer(USERDICT, folder)
    for text in SENTENCES + _seed_lines():
        assert tok.lcut(text) == full.lcut(text), text
    assert "低保资金" in tok.lcut("发放低保资金")  # the domain dictionary is in
    assert tok.total == full.total
    assert len(tok.FREQ) < len(full.FREQ) / 5  # only the pieces these texts needed were read
    tok.initialize()  # jieba's meaning: everything
    assert tok.FREQ == full.FREQ


def test_toy_dictionary_lookups_match_entry_for_entry(tmp_path):
    path = tmp_path / "toy.shards"
    write_shards(path, TOY, 10, key="k", force_split=[])
    tok = read_shards(path, "k", None)
    tok.get_DAG("乙丙")
    assert tok.FREQ == {"乙": 1, "乙丙": 0, "乙丙丁": 4}  # the pair 乙丙 holds 乙丙丁 too; no 甲
    tok.initialize()
    assert tok.FREQ == TOY


def test_damaged_block_falls_back_to_the_full_dictionary(built, tmp_path, monkeypatch):
    folder, full = built
    monkeypatch.setattr(jieba_dict, "_full_tokenizer", lambda userdict: (full, []))  # jieba's own 1 s load
    copy = tmp_path / "copy.shards"
    data = bytearray(cache_path(USERDICT, folder)[0].read_bytes())
    data[-10] ^= 0xFF  # inside the last block: the header still reads
    copy.write_bytes(bytes(data))
    tok = read_shards(copy, cache_path(USERDICT, folder)[1], USERDICT)
    assert isinstance(tok, ShardedTokenizer)
    tok.initialize()  # reaches the damaged block: its checksum fails
    assert tok.FREQ == full.FREQ and tok.total == full.total
    assert not copy.exists()  # deleted, so the next run rebuilds it
    assert tok.lcut(SENTENCES[0]) == full.lcut(SENTENCES[0])


def test_damaged_block_found_while_cutting_falls_back(built, tmp_path, monkeypatch):
    folder, full = built
    monkeypatch.setattr(jieba_dict, "_full_tokenizer", lambda userdict: (full, []))
    path, key = cache_path(USERDICT, folder)
    start, _length, _crc = read_shards(path, key, USERDICT)._index["低"]
    header_end = read_shards(path, key, USERDICT)._body_start
    data = bytearray(path.read_bytes())
    data[header_end + start + 3] ^= 0xFF
    copy = tmp_path / "copy.shards"
    copy.write_bytes(bytes(data))
    tok = read_shards(copy, key, USERDICT)
    assert tok.lcut("发放资金") == full.lcut("发放资金")  # no 低: the damage is not reached
    assert copy.exists()
    assert tok.lcut("发放低保资金") == full.lcut("发放低保资金")  # reached: the full dictionary
    assert not copy.exists() and tok.FREQ == full.FREQ


@pytest.mark.parametrize("damage", [
    lambda b: b"",  # empty
    lambda b: b"not a dictionary at all",  # foreign
    lambda b: b[: len(b) - 5],  # truncated: the index points past the end
    lambda b: b[:30] + b"\x00" * 40 + b[70:],  # the header overwritten
])
def test_corrupt_cache_file_is_ignored(tmp_path, damage):
    path = tmp_path / "toy.shards"
    write_shards(path, TOY, 10, key="k", force_split=[])
    assert isinstance(read_shards(path, "k", None), ShardedTokenizer)
    path.write_bytes(damage(path.read_bytes()))
    assert read_shards(path, "k", None) is None


def test_key_mismatch_and_missing_file_are_not_read(tmp_path):
    path = tmp_path / "toy.shards"
    assert read_shards(path, "k", None) is None
    write_shards(path, TOY, 10, key="k", force_split=[])
    assert read_shards(path, "other", None) is None


def test_another_word_list_gets_its_own_file(tmp_path):
    other = tmp_path / "words.txt"
    other.write_text("低保资金 2000\n", encoding="utf-8")
    assert cache_path(other, tmp_path)[0] != cache_path(USERDICT, tmp_path)[0]
    assert cache_path(USERDICT, tmp_path) == cache_path(USERDICT, tmp_path)


def test_files_unused_for_a_week_are_removed(tmp_path):
    keep, old, recent = (tmp_path / f"{jieba_dict.CACHE_PREFIX}{n}{jieba_dict.CACHE_SUFFIX}" for n in "abc")
    for p in (keep, old, recent):
        p.write_bytes(b"x")
    week_ago = time.time() - jieba_dict.STALE_AFTER_S - 60
    os.utime(old, (week_ago, week_ago))
    os.utime(keep, (week_ago, week_ago))
    jieba_dict._remove_stale(tmp_path, keep)
    assert keep.exists() and recent.exists() and not old.exists()


def test_force_split_words_are_restored(tmp_path):
    path = tmp_path / "toy.shards"
    word = "检校测试词"
    write_shards(path, {"检": 1, word: 0}, 1, key="k", force_split=[word])
    try:
        assert read_shards(path, "k", None) is not None
        assert word in jieba_dict.finalseg.Force_Split_Words
    finally:
        jieba_dict.finalseg.Force_Split_Words.discard(word)


def test_unwritable_cache_directory_still_segments(built, tmp_path, monkeypatch):
    _, full = built
    monkeypatch.setattr(jieba_dict, "_full_tokenizer", lambda userdict: (full, []))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    tok = load_tokenizer(USERDICT, blocker)
    assert tok.lcut(SENTENCES[1]) == full.lcut(SENTENCES[1])


def test_jieba_is_imported_without_pkg_resources():
    code = "import sys, checker.jieba_dict; print('pkg_resources' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_long_run_switches_to_the_whole_dictionary(tmp_path, monkeypatch):
    path = tmp_path / "toy.shards"
    write_shards(path, TOY, 10, key="k", force_split=[])
    tok = read_shards(path, "k", None)
    monkeypatch.setattr(jieba_dict, "FULL_AFTER_BLOCKS", 2)
    for _ in range(2):
        tok.lcut("甲")
    assert tok.FREQ == {"甲": 3}
    assert tok.lcut("乙丙丁") == ["乙丙丁"]  # the third block: everything is loaded first
    assert tok.FREQ == TOY


_SEED_CHARS = sorted(set("".join(SENTENCES) + (SEEDS / "000_85367e20b15c5bd5.txt").read_text(encoding="utf-8")))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(_SEED_CHARS) | st.characters(), max_size=40))
def test_any_text_is_cut_as_the_full_dictionary_cuts_it(built, text):
    folder, full = built
    tok = _shared(folder)
    assert tok.lcut(text) == full.lcut(text)


_TOKENIZERS: dict[Path, ShardedTokenizer] = {}


def _shared(folder: Path) -> ShardedTokenizer:
    """One lazily filled tokenizer across examples, as in a run."""
    if folder not in _TOKENIZERS:
        _TOKENIZERS[folder] = load_tokenizer(USERDICT, folder)
    return _TOKENIZERS[folder]


def test_a_fifo_at_the_cache_path_is_refused_not_waited_on(tmp_path, deadline):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    path, key = cache_path(USERDICT, tmp_path)
    os.mkfifo(path)
    with deadline(10):
        assert read_shards(path, key, USERDICT) is None


def test_truncating_the_file_during_a_run_falls_back_instead_of_crashing(built, tmp_path, monkeypatch):
    # It was mapped into memory: a shrunk mapping killed the process with SIGBUS (exit 135, no output).
    folder, full = built
    monkeypatch.setattr(jieba_dict, "_full_tokenizer", lambda userdict: (full, []))
    path, key = cache_path(USERDICT, folder)
    copy = tmp_path / "copy.shards"
    copy.write_bytes(path.read_bytes())
    tok = read_shards(copy, key, USERDICT)
    assert tok.lcut("发放资金") == full.lcut("发放资金")
    with open(copy, "r+b") as f:
        f.truncate(tok._body_start + 10)
    assert tok.lcut("发放低保资金") == full.lcut("发放低保资金")  # a damaged block: the full dictionary
    assert tok.FREQ == full.FREQ
