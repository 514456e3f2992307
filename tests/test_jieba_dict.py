"""The sharded jieba dictionary (checker.jieba_dict): the same words as jieba's full dictionary,
rebuilt when stale, and a damaged or corrupt cache file never changes a segmentation."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import jieba_dict
from checker.jieba_dict import CACHE_FILE, ShardedTokenizer, dictionary_key, load_tokenizer, read_shards, write_shards
from checker.rules.loader import builtin_rules_dir

USERDICT = builtin_rules_dir() / "jieba_userdict.txt"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Clauses of the kind checker segments, a domain word from the user dictionary among them, plus
# Latin letters, digits and a run of characters jieba's HMM has to split.
SENTENCES = [
    "全年共发放低保资金364万元", "已完成土地流转1000余亩", "特困人员生活费按时足额发放",
    "新建高标准农田2.5万亩，同比增长12%", "GDP增长6.5%，完成固定资产投资ABC项目", "石咀头等村组",
    "乡村振兴示范点建设稳步推进", "郾城区漯河市召陵镇",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """A cache directory holding a STALE file (built from another word list): load_tokenizer must
    rebuild it. Returns the directory and the full tokenizer the rebuild used."""
    folder = tmp_path_factory.mktemp("dict")
    write_shards(folder / CACHE_FILE, {"旧": 1, "旧词": 5}, 6, key="stale", force_split=[])
    full = load_tokenizer(USERDICT, folder)
    assert not isinstance(full, ShardedTokenizer)  # the stale file was not used
    return folder, full


def _seed_lines() -> list[str]:
    lines = []
    for path in sorted(SEEDS.glob("*.txt"))[:3]:
        lines += [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()][:80]
    return lines


def test_stale_cache_is_rebuilt_and_then_used(built):
    folder, _ = built
    tok = read_shards(folder / CACHE_FILE, dictionary_key(USERDICT), USERDICT)
    assert isinstance(tok, ShardedTokenizer)
    assert isinstance(load_tokenizer(USERDICT, folder), ShardedTokenizer)


def test_sharded_segments_exactly_like_the_full_dictionary(built):
    folder, full = built
    tok = load_tokenizer(USERDICT, folder)
    for text in SENTENCES + _seed_lines():
        assert tok.lcut(text) == full.lcut(text), text
    assert "低保资金" in tok.lcut("发放低保资金")  # the domain dictionary is in
    assert tok.total == full.total
    assert len(tok.FREQ) < len(full.FREQ)  # only the shards these texts needed were read
    tok.initialize()  # jieba's meaning: everything
    assert tok.FREQ == full.FREQ


def test_damaged_shard_falls_back_to_the_full_dictionary(built, tmp_path):
    folder, full = built
    copy = tmp_path / CACHE_FILE
    data = bytearray((folder / CACHE_FILE).read_bytes())
    data[-10] ^= 0xFF  # inside the last shard: the header still reads
    copy.write_bytes(bytes(data))
    tok = read_shards(copy, dictionary_key(USERDICT), USERDICT)
    assert isinstance(tok, ShardedTokenizer)
    tok.initialize()  # reaches the damaged shard: its checksum fails
    assert tok.FREQ == full.FREQ and tok.total == full.total
    assert not copy.exists()  # deleted, so the next run rebuilds it
    assert tok.lcut(SENTENCES[0]) == full.lcut(SENTENCES[0])


@pytest.mark.parametrize("damage", [
    lambda b: b"",  # empty
    lambda b: b"not a dictionary at all",  # foreign
    lambda b: b[: len(b) // 2],  # truncated: the index points past the end
    lambda b: b[:30] + b"\x00" * 40 + b[70:],  # the header overwritten
])
def test_corrupt_cache_file_is_ignored(tmp_path, damage):
    path = tmp_path / CACHE_FILE
    write_shards(path, {"甲": 3, "甲乙": 2, "乙": 1}, 6, key="k", force_split=[])
    assert isinstance(read_shards(path, "k", None), ShardedTokenizer)
    path.write_bytes(damage(path.read_bytes()))
    assert read_shards(path, "k", None) is None


def test_key_mismatch_and_missing_file_are_not_read(tmp_path):
    path = tmp_path / CACHE_FILE
    assert read_shards(path, "k", None) is None
    write_shards(path, {"甲": 3}, 3, key="k", force_split=[])
    assert read_shards(path, "other", None) is None


def test_force_split_words_are_restored(tmp_path):
    path = tmp_path / CACHE_FILE
    word = "检校测试词"
    write_shards(path, {"检": 1, word: 0}, 1, key="k", force_split=[word])
    try:
        assert read_shards(path, "k", None) is not None
        assert word in jieba_dict.finalseg.Force_Split_Words
    finally:
        jieba_dict.finalseg.Force_Split_Words.discard(word)


def test_unwritable_cache_directory_still_segments(built, tmp_path):
    _, full = built
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    tok = load_tokenizer(USERDICT, blocker)
    assert tok.lcut(SENTENCES[1]) == full.lcut(SENTENCES[1])


def test_jieba_is_imported_without_pkg_resources():
    import subprocess
    import sys

    code = "import sys, checker.jieba_dict; print('pkg_resources' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
