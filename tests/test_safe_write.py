"""checker.safe_write: atomic replacement, modes, symlinks, hard links, inputs, concurrent edits,
and every failure a WriteError that leaves the user's file as it was."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from faults import full_disk, leftovers, read_only

from checker import safe_write
from checker.safe_write import (
    FileChangedError,
    InputOverwriteError,
    Inputs,
    WriteError,
    open_atomic,
    read_with_snapshot,
    write_bytes,
    write_text,
)

OLD = "旧的内容\n" * 50


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_new_file_gets_the_mode_open_would_give_it_and_no_temporary_file_stays(tmp_path):
    target = tmp_path / "report.json"
    write_text(target, "新内容\n")
    assert target.read_text(encoding="utf-8") == "新内容\n"
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_an_existing_file_keeps_its_mode(tmp_path, mode):
    target = tmp_path / "a.txt"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(mode)
    write_text(target, "新\n")
    assert target.stat().st_mode & 0o777 == mode and target.read_text(encoding="utf-8") == "新\n"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another user")
def test_an_existing_file_keeps_its_owner(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text(OLD, encoding="utf-8")
    os.chown(target, 4321, 4321)
    write_text(target, "新\n")
    assert (target.stat().st_uid, target.stat().st_gid) == (4321, 4321)


def test_a_symlink_stays_a_link_and_its_target_is_written(tmp_path):
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "a.txt"
    real.write_text(OLD, encoding="utf-8")
    (tmp_path / "hop.txt").symlink_to(Path("real") / "a.txt")  # relative, and a chain of two links
    link = tmp_path / "link.txt"
    link.symlink_to("hop.txt")
    write_text(link, "新\n")
    assert link.is_symlink() and os.readlink(link) == "hop.txt" and os.readlink(tmp_path / "hop.txt") == "real/a.txt"
    assert real.read_text(encoding="utf-8") == "新\n"
    assert leftovers(tmp_path) == [] and leftovers(tmp_path / "real") == []


def test_inputs_are_refused_by_identity_hard_links_and_symlinks_included(tmp_path):
    doc = tmp_path / "r.txt"
    doc.write_text(OLD, encoding="utf-8")
    os.link(doc, tmp_path / "hard.txt")
    (tmp_path / "soft.txt").symlink_to(doc)
    inputs = Inputs([str(doc)])
    for name in ("r.txt", "hard.txt", "soft.txt"):
        with pytest.raises(InputOverwriteError) as exc:
            write_text(tmp_path / name, "{}", inputs=inputs)
        assert str(exc.value).startswith(f"{tmp_path / name}: ")
    assert doc.read_text(encoding="utf-8") == OLD and leftovers(tmp_path) == []
    write_text(tmp_path / "other.txt", "{}", inputs=inputs)  # anything else is written


def test_keep_links_refuses_a_file_with_several_hard_links(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text(OLD, encoding="utf-8")
    os.link(doc, tmp_path / "b.txt")
    with pytest.raises(WriteError, match="hard links"):
        write_text(doc, "新\n", keep_links=True)
    assert doc.read_text(encoding="utf-8") == OLD and os.path.samefile(doc, tmp_path / "b.txt")


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text(OLD, encoding="utf-8")
    _, snap = read_with_snapshot(doc)
    with doc.open("a", encoding="utf-8") as fh:
        fh.write("别人刚加的一行\n")
    with pytest.raises(FileChangedError):
        write_text(doc, "新\n", expect=snap)
    assert doc.read_text(encoding="utf-8") == OLD + "别人刚加的一行\n" and leftovers(tmp_path) == []
    # same size and mtime, other bytes: the hash tells
    doc.write_text(OLD, encoding="utf-8")
    _, snap = read_with_snapshot(doc)
    st = doc.stat()
    doc.write_text(OLD.replace("旧", "改"), encoding="utf-8")
    os.utime(doc, ns=(st.st_atime_ns, st.st_mtime_ns))
    with pytest.raises(FileChangedError):
        write_text(doc, "新\n", expect=snap)
    doc.unlink()
    with pytest.raises(FileChangedError):
        write_text(doc, "新\n", expect=snap)
    assert not doc.exists()


def test_an_unchanged_file_is_written(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text(OLD, encoding="utf-8")
    _, snap = read_with_snapshot(doc)
    write_text(doc, "新\n", expect=snap)
    assert doc.read_text(encoding="utf-8") == "新\n"


def test_an_error_while_writing_leaves_the_old_file(tmp_path):
    doc = tmp_path / "a.json"
    doc.write_text(OLD, encoding="utf-8")
    with pytest.raises(RuntimeError), open_atomic(doc, encoding="utf-8") as out:
        out.write("{half")
        raise RuntimeError("the reporter failed")
    assert doc.read_text(encoding="utf-8") == OLD and leftovers(tmp_path) == []


def test_a_simulated_full_disk_is_a_write_error_and_leaves_the_old_file(tmp_path, monkeypatch):
    doc = tmp_path / "a.json"
    doc.write_text(OLD, encoding="utf-8")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(safe_write.os, "fsync", no_space)
    with pytest.raises(WriteError) as exc:
        write_text(doc, "新" * 1000)
    assert str(exc.value) == f"{doc}: {os.strerror(errno.ENOSPC)}"
    assert doc.read_text(encoding="utf-8") == OLD and leftovers(tmp_path) == []


def test_a_full_disk_is_a_write_error_and_leaves_the_old_file(tmp_path):
    old = OLD.encode("utf-8")
    with full_disk(tmp_path / "disk", {"a.json": old}) as disk:
        with pytest.raises(WriteError) as exc:
            write_bytes(disk / "a.json", b"x" * 100_000)
        assert exc.value.reason == os.strerror(errno.ENOSPC)
        assert (disk / "a.json").read_bytes() == old and leftovers(disk) == []


def test_a_read_only_folder_is_a_write_error_and_leaves_the_old_file(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "a.json").write_text(OLD, encoding="utf-8")
    with read_only(folder):
        with pytest.raises(WriteError) as exc:
            write_text(folder / "a.json", "新\n")
        assert str(exc.value).startswith(f"{folder / 'a.json'}: ")
        assert (folder / "a.json").read_text(encoding="utf-8") == OLD and leftovers(folder) == []


def test_folders_and_missing_folders(tmp_path):
    with pytest.raises(WriteError, match="is a directory"):
        write_text(tmp_path, "x")
    with pytest.raises(WriteError, match=str(tmp_path / "no" / "a.json")):
        write_text(tmp_path / "no" / "a.json", "x")
    assert not (tmp_path / "no").exists()
    write_text(tmp_path / "no" / "a.json", "x", make_parents=True)
    assert (tmp_path / "no" / "a.json").read_text(encoding="utf-8") == "x"


def test_a_character_device_is_written_directly():
    write_text("/dev/null", "x")  # `-o /dev/stdout` and `-o /dev/null` keep working; nothing is renamed
    assert Path("/dev/null").is_char_device()
