"""jieba with the domain dictionary, its prefix dictionary loaded a first character at a time.

Why: jieba's `initialize()` unmarshals one dict of ~500,000 words and prefixes (0.6-0.9 s), about
half of a cold `checker check`; checker only ever segments the short clauses before figures.
jieba reads its dictionary only through `FREQ` lookups of substrings of the block being
segmented (`get_DAG`, `calc`, the HMM buffer check), and every such substring starts with a
character of that block. So the dictionary is stored split by first character ("shards"), and
before a block is segmented the shards of its characters are merged into `FREQ`: the lookups see
exactly the entries the full dictionary would give them, and the words jieba returns are the
same (same `total`, same entries, same HMM fallback). A seed report needs about a tenth of the
shards, and unmarshalling small dicts is also faster per entry than one huge one.

The sharded file is derived data: built on first use from jieba's dict.txt and
rules/jieba_userdict.txt, exactly as jieba itself would load them, and rebuilt when either
changes (the key in its header). It lives in the per-user cache directory (next to where jieba
keeps its own cache), not in a project's result cache: `--no-cache` turns off reuse of check
results, while this file cannot change a result. CHECKER_DICT_CACHE names another directory; an
unreadable or corrupt file is ignored and rebuilt; when nothing is writable the full dictionary
is loaded in memory as before.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import mmap
import os
import struct
import sys
import tempfile
import threading
import zlib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def _import_jieba() -> Any:
    """`import jieba`, keeping it from importing pkg_resources (0.15-0.25 s, a deprecated API).

    jieba 0.42 reads its bundled files through pkg_resources when importable and falls back to
    plain paths on ImportError; an entry of None in sys.modules makes that import fail, and it is
    removed again at once so that anything else importing pkg_resources later still can."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
    else:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
        try:
            import jieba
        finally:
            if sys.modules.get("pkg_resources", 0) is None:
                del sys.modules["pkg_resources"]
    jieba.setLogLevel(logging.WARNING)  # no start-up chatter on stderr
    return jieba


jieba = _import_jieba()
finalseg = jieba.finalseg

FORMAT = 1
CACHE_FILE = "jieba_dict.shards"
_MAGIC = b"checker-jieba-shards\n"
_HEADER_LEN = struct.Struct("<Q")

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """Where the sharded dictionary is kept: $CHECKER_DICT_CACHE, else the user's cache directory."""
    chosen = os.environ.get("CHECKER_DICT_CACHE")
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or tempfile.gettempdir()
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "checker"


def dictionary_key(userdict: Path | None) -> str:
    """What the sharded file was built from: jieba's version and dictionary file, our word list."""
    main = Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    st = main.stat()
    h = hashlib.sha256(f"{FORMAT}|{jieba.__version__}|{main}|{st.st_size}|{st.st_mtime_ns}".encode())
    if userdict is not None and userdict.is_file():
        h.update(userdict.read_bytes())
    return h.hexdigest()


class DamagedShard(ValueError):
    """A shard whose checksum or contents are wrong (a damaged or truncated cache file)."""


class ShardedTokenizer(jieba.Tokenizer):  # type: ignore[misc]  # jieba has no type hints
    """A jieba Tokenizer whose `FREQ` is filled per first character before each block is cut.

    Each shard carries a CRC: a damaged file must never segment differently. On a damaged shard
    the tokenizer deletes the file (the next run rebuilds it) and loads the full dictionary."""

    def __init__(self, shards: Any, index: dict[str, tuple[int, int, int]], total: int,
                 source: Path, userdict: Path | None) -> None:
        super().__init__()
        self._shards = shards
        self._index = index
        self._loaded: set[str] = set()
        self._complete = False
        self._load_lock = threading.Lock()
        self._source, self._userdict = source, userdict
        self.total = total
        self.initialized = True  # jieba must not load its own full dictionary

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # overrides jieba's method of this name
        if not self._complete:
            missing = set(sentence) - self._loaded
            if missing:
                self._load(missing)
        return super().get_DAG(sentence)  # type: ignore[no-any-return]

    def initialize(self, dictionary: Any = None) -> None:
        """jieba's meaning of initialize: the whole dictionary in memory (for benchmarks)."""
        if not self._complete:
            self._load(list(self._index))
            self._complete = True

    def _load(self, chars: Iterable[str]) -> None:
        with self._load_lock:
            try:
                for ch in chars:
                    if ch in self._loaded:
                        continue
                    where = self._index.get(ch)
                    if where is not None:
                        self.FREQ.update(self._shard(*where))
                    self._loaded.add(ch)  # after FREQ holds the shard: other threads test this set unlocked
            except DamagedShard as exc:
                log.warning("jieba dictionary cache %s is damaged (%s): loading the full dictionary", self._source,
                            exc)
                self._source.unlink(missing_ok=True)
                full, _ = _full_tokenizer(self._userdict)
                self.FREQ, self.total, self._complete = full.FREQ, full.total, True

    def _shard(self, start: int, length: int, crc: int) -> dict[str, int]:
        blob = self._shards[start:start + length]
        if len(blob) != length or zlib.crc32(blob) != crc:
            raise DamagedShard(f"bad checksum at {start}")
        try:
            shard = marshal.loads(blob)
        except (ValueError, EOFError, TypeError) as exc:
            raise DamagedShard(str(exc)) from None
        if not isinstance(shard, dict):
            raise DamagedShard(f"not a dictionary at {start}")
        return shard


def _full_tokenizer(userdict: Path | None) -> tuple[Any, list[str]]:
    """jieba's own way: the whole dictionary, then the user dictionary; and the words it marked
    as force-split (user words of frequency 0, a global of jieba's HMM)."""
    tok = jieba.Tokenizer()
    tok.initialize()
    before = set(finalseg.Force_Split_Words)
    if userdict is not None and userdict.is_file():
        tok.load_userdict(str(userdict))
    return tok, sorted(set(finalseg.Force_Split_Words) - before)


def write_shards(path: Path, freq: dict[str, int], total: int, key: str, force_split: list[str]) -> None:
    """Write the sharded file atomically (a reader never sees half of one)."""
    by_first: dict[str, dict[str, int]] = defaultdict(dict)
    for word, f in freq.items():
        by_first[word[0]][word] = f
    blobs, index, offset = [], {}, 0
    for ch, shard in by_first.items():
        blob = marshal.dumps(shard)
        index[ch] = (offset, len(blob), zlib.crc32(blob))
        blobs.append(blob)
        offset += len(blob)
    header = marshal.dumps({"format": FORMAT, "key": key, "total": total, "force_split": force_split,
                            "index": index})
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_MAGIC + _HEADER_LEN.pack(len(header)) + header)
            for blob in blobs:
                out.write(blob)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_shards(path: Path, key: str, userdict: Path | None) -> ShardedTokenizer | None:
    """The tokenizer over a sharded file, or None when it is missing, stale or damaged."""
    try:
        with open(path, "rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable, or empty (mmap refuses length 0)
        return None
    try:
        start = len(_MAGIC) + _HEADER_LEN.size
        if data[:len(_MAGIC)] != _MAGIC:
            return None
        (length,) = _HEADER_LEN.unpack(data[len(_MAGIC):start])
        header = marshal.loads(data[start:start + length])
        if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != key:
            return None
        index, total = header["index"], header["total"]
        body_start = start + length
        if not isinstance(index, dict) or not isinstance(total, int) or total <= 0 or not index:
            return None
        size = len(data) - body_start
        if any(not (isinstance(v, tuple) and len(v) == 3 and 0 <= v[0] and v[0] + v[1] <= size)
               for v in index.values()):
            return None  # truncated
        body = memoryview(data)[body_start:]
        for word in header["force_split"]:
            finalseg.add_force_split(word)
    except (ValueError, EOFError, TypeError, KeyError, struct.error):
        return None
    return ShardedTokenizer(body, index, total, path, userdict)


def load_tokenizer(userdict: Path | None, directory: Path | None = None) -> Any:
    """jieba with the domain dictionary: sharded from the cache (in `directory`, default
    cache_dir()), else the full dictionary loaded now and the sharded file written for next time."""
    key = dictionary_key(userdict)
    path = (directory or cache_dir()) / CACHE_FILE
    tok = read_shards(path, key, userdict)
    if tok is not None:
        return tok
    full, force_split = _full_tokenizer(userdict)
    try:
        write_shards(path, full.FREQ, full.total, key, force_split)
    except OSError as exc:  # nowhere to cache: this process keeps the full dictionary
        log.debug("cannot write the jieba dictionary cache %s: %s", path, exc)
    return full
