"""jieba with the domain dictionary, its prefix dictionary loaded piece by piece as text needs it.

Why: jieba's `initialize()` unmarshals one dict of ~500,000 words and prefixes (0.6-0.9 s), about
half of a cold `checker check`, while checker only ever segments the short clauses before figures.
jieba reads its dictionary only through `FREQ` lookups of substrings of the block being segmented
(`get_DAG`, `calc`, the HMM buffer check): single characters of the block, and longer strings
that start with one of its two-character substrings. So the dictionary is stored in pieces keyed
that way ("shards": per first character, its own entry and one piece per second character), and
before a block is segmented the pieces of its characters and character pairs are merged into
`FREQ`. The lookups see exactly the entries the full dictionary would give them, so the words
jieba returns are the same (same `total`, same entries, same HMM fallback). A seed report needs
about 2% of the entries. The whole dictionary is stored too, for runs long enough to need most of
it: one unmarshal (~0.25 s), with the memory of jieba's own load.

The sharded file is derived data: built on first use from jieba's dict.txt and
rules/jieba_userdict.txt, exactly as jieba itself would load them, and named after a hash of
both (another word list gets another file; files unused for a week are removed). It lives in the
per-user cache directory (like jieba's own cache), not in a project's result cache: `--no-cache`
turns off reuse of check results, while this file cannot change a result. CHECKER_DICT_CACHE
names another directory. Every first-character block carries a CRC: a damaged file is ignored
(or, when found mid-run, replaced by the full dictionary) and rebuilt; when nothing is writable
the full dictionary is loaded in memory as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import os
import struct
import sys
import tempfile
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from checker.safe_read import UnreadableFile, open_regular


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

FORMAT = 3
CACHE_PREFIX = "jieba-dict-"
CACHE_SUFFIX = ".shards"
STALE_AFTER_S = 7 * 24 * 3600
# Finding what a block needs costs ~8 us beside jieba's ~80 us for a clause; loading everything
# costs ~0.25 s. A run that has cut this many blocks (a report is 50-300) loads everything once: a
# cold start of a few reports stays lazy, while a batch runs at full speed and its memory is flat
# from its first few dozen reports on (not growing with the corpus as more pieces are read).
FULL_AFTER_BLOCKS = 5_000
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
    """A block whose checksum or contents are wrong (a damaged or truncated cache file)."""


def _pairs(sentence: str) -> set[str]:
    return set(map(str.__add__, sentence, sentence[1:]))


class ShardedTokenizer(jieba.Tokenizer):  # type: ignore[misc,name-defined]  # jieba: a module object, untyped
    """A jieba Tokenizer whose `FREQ` is filled, before each block is cut, with the entries of
    the block's characters and the entries starting with the block's character pairs.

    `initialize()` (and a long run) swaps in the whole dictionary, stored as one more blob: one
    unmarshal, as jieba's own cache, with its memory (merging every piece would leave ~40 MB more
    resident). On a damaged block the tokenizer deletes the file (the next run rebuilds it) and
    loads the full dictionary as jieba does: a damaged file must never segment differently."""

    def __init__(self, fd: int, body_start: int, index: dict[str, tuple[int, int, int]],
                 whole: tuple[int, int, int], total: int, source: Path, userdict: Path | None) -> None:
        super().__init__()
        # The open file, read with pread, and where its blocks start. Not mmap: a mapped file
        # that another process truncates kills the reader with SIGBUS; a short read is a damaged
        # block, handled like any other.
        self._fd: int | None = fd
        self._body_start = body_start
        self._index = index  # first char -> (offset, length, crc) of its block in body
        self._whole = whole  # (offset, length, crc) of the whole dictionary in body
        self._pieces: dict[str, dict[str, bytes]] = {}  # first char -> second char -> marshalled entries
        self._chars: set[str] = set()  # loaded: their own entry, and their pieces in _pieces
        self._pairs: set[str] = set()  # loaded into FREQ
        self._complete = False
        self._lazy_blocks = 0
        self._load_lock = threading.Lock()
        self._source, self._userdict = source, userdict
        self.total = total
        self.initialized = True  # jieba must not load its own full dictionary

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # overrides jieba's method of this name
        if not self._complete:
            self._lazy_blocks += 1
            if self._lazy_blocks > FULL_AFTER_BLOCKS:
                self.initialize()
            else:
                chars = set(sentence) - self._chars
                pairs = _pairs(sentence) - self._pairs
                if chars or pairs:
                    self._load(chars, pairs)
        return super().get_DAG(sentence)  # type: ignore[no-any-return]

    def initialize(self, dictionary: Any = None) -> None:
        """jieba's meaning of initialize: the whole dictionary in memory (benchmarks, long runs)."""
        with self._load_lock:
            if self._complete:
                return
            try:
                whole = _entries(self._blob(*self._whole))
            except DamagedShard as exc:
                self._fall_back(exc)
                return
            self.FREQ, self._complete = whole, True  # a thread still cutting keeps the old FREQ: a subset
            self._close()

    def _load(self, chars: set[str], pairs: Iterable[str]) -> None:
        """Merge the entries of `chars` and of `pairs` into FREQ. Each is marked loaded only
        after FREQ holds it: other threads test the sets unlocked."""
        with self._load_lock:
            if self._complete:
                return
            try:
                for ch in chars:
                    if ch not in self._chars:
                        self._pieces[ch] = self._block(ch)
                        self._chars.add(ch)
                for pair in pairs:
                    if pair not in self._pairs:
                        piece = self._pieces[pair[0]].pop(pair[1], None)
                        if piece is not None:
                            self.FREQ.update(_entries(piece))
                        self._pairs.add(pair)
            except DamagedShard as exc:
                self._fall_back(exc)

    def _fall_back(self, exc: DamagedShard) -> None:
        log.warning("jieba dictionary cache %s is damaged (%s): loading the full dictionary", self._source, exc)
        self._source.unlink(missing_ok=True)
        full, _ = _full_tokenizer(self._userdict)
        self.FREQ, self.total, self._complete = full.FREQ, full.total, True
        self._close()

    def _close(self) -> None:
        """Close the file once everything is in FREQ."""
        self._pieces.clear()
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        fd, self._fd = getattr(self, "_fd", None), None
        if fd is not None:
            try:
                os.close(fd)
            except Exception:  # at interpreter exit even `os` may be gone
                pass

    def _blob(self, start: int, length: int, crc: int) -> Any:
        if self._fd is None:
            raise DamagedShard("the file is closed")
        try:
            blob = _pread(self._fd, length, self._body_start + start)
        except OSError as exc:
            raise DamagedShard(f"cannot read at {start}: {exc}") from None
        if len(blob) != length or zlib.crc32(blob) != crc:
            raise DamagedShard(f"bad checksum at {start}")
        return blob

    def _block(self, ch: str) -> dict[str, bytes]:
        """The first-character block of `ch`: its own entry goes into FREQ, its pieces are returned."""
        where = self._index.get(ch)
        if where is None:
            return {}
        try:
            own, pieces = marshal.loads(self._blob(*where))
        except (ValueError, EOFError, TypeError) as exc:  # DamagedShard is a ValueError: passes on as one
            raise DamagedShard(str(exc)) from None
        if not isinstance(pieces, dict):
            raise DamagedShard(f"not a block at {where[0]}")
        if own is not None:
            self.FREQ[ch] = own
        return pieces


def _pread(fd: int, length: int, offset: int) -> bytes:
    """`length` bytes at `offset` (fewer at the end of a truncated file). Callers hold the load
    lock, so where there is no os.pread (Windows) a seek and a read do."""
    if hasattr(os, "pread"):
        return os.pread(fd, length, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, length)


def _entries(piece: bytes) -> dict[str, int]:
    try:
        entries = marshal.loads(piece)
    except (ValueError, EOFError, TypeError) as exc:
        raise DamagedShard(str(exc)) from None
    if not isinstance(entries, dict):
        raise DamagedShard("not a dictionary")
    return entries


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
    """Write the sharded file atomically (a reader never sees half of one); an unwritable
    directory fails before the work of splitting.

    Per first character one block: (its own frequency or None, {second character: marshalled
    entries of the words and prefixes starting with the two}); then the whole dictionary."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            blobs, header = _shard_blobs(freq, total, key, force_split)
            out.write(_MAGIC + _HEADER_LEN.pack(len(header)) + header)
            for blob in blobs:
                out.write(blob)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _shard_blobs(freq: dict[str, int], total: int, key: str, force_split: list[str]) -> tuple[list[bytes], bytes]:
    own: dict[str, int] = {}
    by_pair: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for word, f in freq.items():
        if len(word) == 1:
            own[word] = f
        else:
            by_pair[word[0]][word[1]][word] = f
    blobs, index, offset = [], {}, 0
    for ch in sorted(own.keys() | by_pair.keys()):
        pieces = {second: marshal.dumps(entries) for second, entries in by_pair.get(ch, {}).items()}
        blob = marshal.dumps((own.get(ch), pieces))
        index[ch] = (offset, len(blob), zlib.crc32(blob))
        blobs.append(blob)
        offset += len(blob)
    whole = marshal.dumps(freq)
    blobs.append(whole)
    header = marshal.dumps({"format": FORMAT, "key": key, "total": total, "force_split": force_split,
                            "index": index, "whole": (offset, len(whole), zlib.crc32(whole))})
    return blobs, header


def read_shards(path: Path, key: str, userdict: Path | None) -> ShardedTokenizer | None:
    """The tokenizer over a sharded file, or None when it is missing, stale or damaged."""
    try:
        fd = open_regular(path)  # a FIFO or device planted at the path is refused, not read
    except UnreadableFile:
        return None
    tok = _read_header(fd, path, key, userdict)
    if tok is None:
        os.close(fd)
    return tok


def _read_header(fd: int, path: Path, key: str, userdict: Path | None) -> ShardedTokenizer | None:
    """The tokenizer over the open sharded file `fd`, or None when it is stale or damaged."""
    try:
        size = os.fstat(fd).st_size
        start = len(_MAGIC) + _HEADER_LEN.size
        head = _pread(fd, start, 0)
        if len(head) != start or head[:len(_MAGIC)] != _MAGIC:
            return None
        (length,) = _HEADER_LEN.unpack(head[len(_MAGIC):])
        if length > size - start:
            return None  # truncated
        header = marshal.loads(_pread(fd, length, start))
        if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != key:
            return None
        index, whole, total = header["index"], header["whole"], header["total"]
        body_start = start + length
        if not isinstance(index, dict) or not isinstance(total, int) or total <= 0 or not index:
            return None
        body_size = size - body_start
        if any(not (isinstance(v, tuple) and len(v) == 3 and 0 <= v[0] and v[0] + v[1] <= body_size)
               for v in [whole, *index.values()]):
            return None  # truncated
        for word in header["force_split"]:
            finalseg.add_force_split(word)
    except (OSError, ValueError, EOFError, TypeError, KeyError, struct.error):
        return None
    return ShardedTokenizer(fd, body_start, index, whole, total, path, userdict)


def _remove_stale(directory: Path, keep: Path) -> None:
    """Sharded files of other word lists not used for a week (mtime is refreshed on use)."""
    now = time.time()
    for old in directory.glob(f"{CACHE_PREFIX}*{CACHE_SUFFIX}"):
        try:
            if old != keep and now - old.stat().st_mtime > STALE_AFTER_S:
                old.unlink()
        except OSError:
            pass


def cache_path(userdict: Path | None, directory: Path | None = None) -> tuple[Path, str]:
    """The sharded file for this word list (in `directory`, default cache_dir()) and its key."""
    key = dictionary_key(userdict)
    return (directory or cache_dir()) / f"{CACHE_PREFIX}{key[:16]}{CACHE_SUFFIX}", key


def load_tokenizer(userdict: Path | None, directory: Path | None = None) -> Any:
    """jieba with the domain dictionary: sharded from the cache (in `directory`, default
    cache_dir()), else the full dictionary loaded now and the sharded file written for next time."""
    path, key = cache_path(userdict, directory)
    tok = read_shards(path, key, userdict)
    if tok is not None:
        with contextlib.suppress(OSError):
            if time.time() - path.stat().st_mtime > STALE_AFTER_S / 7:
                os.utime(path)  # in use: not stale
        return tok
    full, force_split = _full_tokenizer(userdict)
    try:
        write_shards(path, full.FREQ, full.total, key, force_split)
        _remove_stale(path.parent, path)
    except OSError as exc:  # nowhere to cache: this process keeps the full dictionary
        log.debug("cannot write the jieba dictionary cache %s: %s", path, exc)
    return full
