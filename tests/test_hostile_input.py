"""Hostile and broken input (issue 7.1): every bad file costs one clear `input.*` finding, the
other files of the run are still checked, nothing hangs, and memory stays bounded.

Each test runs the bad file beside a good one ("XX镇", which placeholder.xxx flags) and asserts both.
"""

from __future__ import annotations

import codecs
import gc
import io
import json
import os
import struct
import tracemalloc
import weakref
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import checker.document
import checker.docx_reader
import checker.pipeline
from checker.api import check_paths
from checker.cli import app
from checker.config import Config
from checker.document import DEFAULT_MAX_BYTES, load

PLACEHOLDERS = Config(select=["placeholder.xxx"], lang="en")  # the messages asserted are English
GOOD = "XX镇2023年工作总结\n全年完成各项任务。\n"


def _good(tmp_path, name: str = "good.txt"):
    p = tmp_path / name
    p.write_text(GOOD, encoding="utf-8")
    return p


def _by_file(report) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in report.findings:
        out.setdefault(os.path.basename(f.path), []).append(f.rule)
    return out


def _check_beside_good(tmp_path, bad, config: Config = PLACEHOLDERS):
    """Check `bad` and a good file in one run; the good one must still be checked."""
    good = _good(tmp_path)
    report = check_paths([bad, good], config)
    assert _by_file(report)["good.txt"] == ["placeholder.xxx"]
    assert [s.ok for s in report.files] == [False, True]
    [error] = [f for f in report.findings if f.path == str(bad)]
    assert error.category == "input-error" and error.severity.value == "error"
    return error


def _docx_bytes(*paragraphs: str) -> bytes:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """A copy of the zip `data` with some members' contents replaced or added."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, replace.pop(item.filename, None) or src.read(item.filename))
        for name, content in replace.items():
            dst.writestr(name, content)
    return buf.getvalue()


# --- empty, binary, NUL, encodings ---------------------------------------------------------------


@pytest.mark.parametrize(("content", "says"), [(b"", "empty file"), (b"  \r\n\t\n", "only blank"),
                                               ("\ufeff\n".encode(), "only blank")])
def test_empty_files(tmp_path, content, says):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(content)
    error = _check_beside_good(tmp_path, bad)
    assert error.rule == "input.empty" and says in error.message


def test_binary_file(tmp_path):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    error = _check_beside_good(tmp_path, bad)
    assert error.rule == "input.binary" and "PNG" in error.message


def test_binary_file_without_a_known_signature(tmp_path):
    bad = tmp_path / "blob.txt"
    bad.write_bytes(bytes((i * 7919) % 256 for i in range(20_000)))
    error = _check_beside_good(tmp_path, bad)
    assert error.rule == "input.binary" and "binary file" in error.message


def test_a_few_nul_bytes_are_a_warning_and_the_text_is_still_checked(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes("第一段，全镇完成了年度目标。\nXX镇\x00完成各项任务，成效明显。\n".encode() + b"\x00" * 3)
    report = check_paths([path], PLACEHOLDERS)
    rules = {f.rule: f for f in report.findings}
    assert rules["input.nul"].severity.value == "warning" and "4 NUL" in rules["input.nul"].message
    assert rules["input.nul"].line == 2
    assert (rules["placeholder.xxx"].line, rules["placeholder.xxx"].column) == (2, 1)


def test_a_file_of_nul_bytes_is_binary(tmp_path):
    bad = tmp_path / "zeros.txt"
    bad.write_bytes(b"\x00" * 5000)
    assert _check_beside_good(tmp_path, bad).rule == "input.binary"


def test_mixed_and_invalid_encodings_warn_at_their_line_and_positions_stay_exact(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes("一、XX镇概况\n".encode() + "二、XXX村建设\n".encode("gbk") + b"\xff\xfe\xfa bad\n"
                     + "三、xx段治理\n".encode())
    report = check_paths([path], PLACEHOLDERS)
    found = sorted((f.line, f.column, f.rule, f.text) for f in report.findings)
    assert found == [(1, 3, "placeholder.xxx", "XX"), (2, 1, "input.encoding", ""),
                     (2, 3, "placeholder.xxx", "XXX"), (3, 1, "input.encoding", ""),
                     (4, 3, "placeholder.xxx", "xx")]
    assert report.files[0].ok and report.files[0].encoding == "utf-8+gb18030"


# --- .docx ---------------------------------------------------------------------------------------


def test_truncated_docx(tmp_path):
    data = _docx_bytes("XX镇工作总结")
    bad = tmp_path / "truncated.docx"
    bad.write_bytes(data[: len(data) // 2])
    error = _check_beside_good(tmp_path, bad)
    assert error.rule == "input.docx" and "corrupt or truncated" in error.message


def test_docx_with_a_damaged_document_part(tmp_path):
    bad = tmp_path / "damaged.docx"
    bad.write_bytes(_rezip(_docx_bytes("正文"), {"word/document.xml": b"<w:document><w:body><w:p>"}))
    error = _check_beside_good(tmp_path, bad)
    assert error.rule == "input.docx" and "corrupt .docx" in error.message


def test_docx_that_is_another_kind_of_zip(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "not a Word file")
    bad = tmp_path / "archive.docx"
    bad.write_bytes(buf.getvalue())
    assert _check_beside_good(tmp_path, bad).rule == "input.docx"


def test_docx_zip_bomb_is_refused_by_ratio_without_inflating_it(tmp_path, deadline):
    bad = tmp_path / "bomb.docx"
    bad.write_bytes(_rezip(_docx_bytes("正文"), {"word/media/image1.bin": b"\x00" * (8 * 1024 * 1024)}))
    assert bad.stat().st_size < 200_000
    with deadline(20):
        error = _check_beside_good(tmp_path, bad)
    assert error.rule == "input.docx" and "zip bomb" in error.message and "image1.bin" in error.message


def test_docx_over_the_total_inflated_size_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(checker.docx_reader, "DOCX_MAX_UNCOMPRESSED", 20_000)
    bad = tmp_path / "big.docx"
    bad.write_bytes(_docx_bytes("正文"))  # python-docx's own template inflates past 20 kB
    error = _check_beside_good(tmp_path, bad)
    assert error.rule == "input.docx" and "over 20000 bytes" in error.message
    assert checker.docx_reader.DOCX_MAX_UNCOMPRESSED < DEFAULT_MAX_BYTES * 4  # the real cap is bounded too


def test_docx_bomb_whose_headers_lie_about_its_size_is_caught_by_the_bytes_inflated(tmp_path, deadline):
    # zipfile inflates past a member's declared size (it only fails the CRC at the end): a bomb
    # that declares 1 kB must be stopped by counting what actually comes out.
    bomb = _rezip(_docx_bytes("正文"), {"word/media/lie.bin": b"\x00" * (40 * 1024 * 1024)})
    data = bytearray(bomb)
    name = b"word/media/lie.bin"
    check_paths([_good(tmp_path)], PLACEHOLDERS)  # rules loaded before memory is measured
    local = _header_of(data, b"PK\x03\x04", 30, 26, name)
    central = _header_of(data, b"PK\x01\x02", 46, 28, name)
    struct.pack_into("<I", data, local + 22, 1000)
    struct.pack_into("<I", data, central + 24, 1000)
    bad = tmp_path / "liar.docx"
    bad.write_bytes(bytes(data))
    assert zipfile.ZipFile(bad).getinfo("word/media/lie.bin").file_size == 1000
    tracemalloc.start()
    try:
        with deadline(30):
            error = _check_beside_good(tmp_path, bad)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Counted in chunks, zipfile stops at the declared size and fails the CRC: refused as damaged
    # (a whole-member read, as python-docx does, would have inflated all 40 MB first).
    assert error.rule == "input.docx" and "lie.bin" in error.message
    assert peak < 20 * 1024 * 1024


def _header_of(data: bytearray, signature: bytes, fixed: int, name_len_at: int, name: bytes) -> int:
    """Offset of the zip header with `signature` whose file name is `name`."""
    at = data.find(signature)
    while at != -1:
        n = struct.unpack_from("<H", data, at + name_len_at)[0]
        if bytes(data[at + fixed : at + fixed + n]) == name:
            return at
        at = data.find(signature, at + 4)
    raise AssertionError(f"no {signature!r} header for {name!r}")


def test_docx_with_an_entity_expansion_bomb_loads_without_expanding_it(tmp_path, deadline):
    # "Billion laughs": ten levels of entities, each ten of the one below.
    entities = '<!ENTITY l0 "ha">' + "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">'
                                              for i in range(1, 10))
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
           f"<w:document {ns}><w:body><w:p><w:r><w:t>XX镇&l9;</w:t></w:r></w:p></w:body></w:document>")
    bad = tmp_path / "laughs.docx"
    bad.write_bytes(_rezip(_docx_bytes("正文"), {"word/document.xml": xml.encode()}))
    good = _good(tmp_path)
    with deadline(20):
        report = check_paths([bad, good], PLACEHOLDERS)
    assert _by_file(report)["good.txt"] == ["placeholder.xxx"]
    # Either refused or read with the entity unexpanded; never 10^9 "ha".
    assert sum(len(f.context) for f in report.findings) < 10_000


# --- size ----------------------------------------------------------------------------------------


def test_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    bad = tmp_path / "huge.txt"
    bad.write_bytes(("XX镇" * 1000).encode())
    error = _check_beside_good(tmp_path, bad, Config(select=["placeholder.xxx"], max_bytes=2000, lang="en"))
    assert error.rule == "input.too-large" and "limit of 2000 bytes" in error.message
    assert "max-bytes" in error.message  # says how to raise it


def test_a_200_mb_file_is_refused_at_the_default_limit_without_reading_it(tmp_path, deadline):
    bad = tmp_path / "archive-dump.txt"
    with open(bad, "wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB long, no disk or time spent writing it
    check_paths([_good(tmp_path)], PLACEHOLDERS)  # rules loaded before memory is measured
    tracemalloc.start()
    try:
        with deadline(10):
            error = _check_beside_good(tmp_path, bad, Config(select=["placeholder.xxx"], lang="en"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.rule == "input.too-large" and f"{200 * 1024 * 1024} bytes" in error.message
    assert peak < 10 * 1024 * 1024


def test_default_size_limit_is_64_mib_in_loader_and_config():
    assert DEFAULT_MAX_BYTES == 64 * 1024 * 1024 == Config().max_bytes


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * 10)
    real_stat = checker.document._stat_regular
    monkeypatch.setattr(checker.document, "_stat_regular", lambda p: real_stat(p) and 5)  # stat says 5 bytes
    with pytest.raises(checker.document.InputError) as exc:
        load(path, max_bytes=8)
    assert exc.value.code == "too-large"


def test_a_50000_character_line_with_thousands_of_findings_stays_small_and_exact(tmp_path):
    line = ("XX镇完成投资１００万元，" * 5000)[:50_000]
    path = tmp_path / "one-line.txt"
    path.write_text("标题\r\n" + line + "\r\n结尾。\r\n", encoding="utf-8")
    check_paths([_good(tmp_path)], PLACEHOLDERS)  # rules loaded before memory is measured
    tracemalloc.start()
    try:
        report = check_paths([path], PLACEHOLDERS)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    findings = report.findings
    assert len(findings) == line.count("XX") > 3000
    assert all(f.line == 2 and line[f.column - 1 : f.end_column - 1] == "XX" for f in findings)
    # One shared copy of the line, not one per finding (that was ~400 MB).
    assert peak < 30 * 1024 * 1024


# --- paths: loops, permissions, pipes, directories -----------------------------------------------


def test_symlink_loops_are_reported_and_the_walk_does_not_follow_them(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)  # a directory loop
    _good(tmp_path / "sub")
    report = check_paths([tmp_path], PLACEHOLDERS)
    by_file = _by_file(report)
    assert by_file["good.txt"] == ["placeholder.xxx"]  # checked once: the loop is not walked
    for name in ("a.txt", "b.txt", "self.txt"):
        assert by_file[name] == ["input.unreadable"]
    messages = {f.message for f in report.findings if f.rule == "input.unreadable"}
    assert messages == {"symbolic link loop (the link points back at itself)"}


def test_broken_symlink(tmp_path):
    bad = tmp_path / "gone.txt"
    bad.symlink_to(tmp_path / "nowhere.txt")
    error = _check_beside_good(tmp_path, bad)
    assert error.rule == "input.unreadable" and "broken symbolic link" in error.message


def _chmod_is_enforced(tmp_path) -> bool:
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0)
    try:
        probe.read_bytes()
    except PermissionError:
        return True
    finally:
        probe.chmod(0o644)
    return False  # running as root (or with CAP_DAC_OVERRIDE): chmod does not stop reading


def test_permission_denied_file(tmp_path):
    bad = tmp_path / "secret.txt"
    bad.write_text(GOOD, encoding="utf-8")
    if not _chmod_is_enforced(tmp_path):
        pytest.skip("running with privileges that ignore file modes; see the simulated test below")
    bad.chmod(0)
    try:
        error = _check_beside_good(tmp_path, bad)
    finally:
        bad.chmod(0o644)
    assert error.rule == "input.unreadable" and error.message == "permission denied"


def test_permission_denied_while_reading_is_reported(tmp_path, monkeypatch):
    # Simulated, so it also runs as root: the OS refuses the open() itself.
    bad = tmp_path / "secret.txt"
    bad.write_text(GOOD, encoding="utf-8")
    real_open = os.open

    def refusing_open(file, *args, **kwargs):
        if os.fspath(file) == str(bad):
            raise PermissionError(13, "Permission denied", str(bad))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    error = _check_beside_good(tmp_path, bad)
    assert error.rule == "input.unreadable" and error.message == "permission denied"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_named_pipe_is_not_read(tmp_path, deadline):
    bad = tmp_path / "pipe.txt"
    os.mkfifo(bad)
    with deadline(10):  # opening a FIFO for reading blocks until a writer comes: never open it
        error = _check_beside_good(tmp_path, bad)
    assert error.rule == "input.unreadable" and "not a regular file" in error.message
    if os.path.exists("/dev/zero"):  # a device that never ends
        with deadline(10):
            report = check_paths(["/dev/zero"], PLACEHOLDERS)
        assert [f.rule for f in report.findings] == ["input.unreadable"]


def test_directory_given_as_a_file_and_missing_path(tmp_path):
    report = check_paths([tmp_path / "missing.txt", _good(tmp_path)], PLACEHOLDERS)
    assert _by_file(report) == {"missing.txt": ["input.unreadable"], "good.txt": ["placeholder.xxx"]}
    with pytest.raises(checker.document.InputError, match="is a directory"):
        load(tmp_path)


def test_a_directory_of_a_thousand_files_with_some_bad_ones(tmp_path):
    corpus = tmp_path / "archive"
    for group in range(10):
        folder = corpus / f"town{group:02d}"
        folder.mkdir(parents=True)
        for i in range(100):
            p = folder / f"report{i:03d}.txt"
            if i == 13:
                p.write_bytes(b"")
            elif i == 42:
                p.write_bytes(b"\x00\x01\x02" * 100)
            else:
                p.write_text(f"第{i}号报告\nXX镇完成投资{i}万元。\n", encoding="gb18030" if i % 2 else "utf-8")
    report = check_paths([corpus], PLACEHOLDERS)
    assert len(report.files) == 1000
    rules = [f.rule for f in report.findings]
    assert rules.count("placeholder.xxx") == 980
    assert rules.count("input.empty") == 10 and rules.count("input.binary") == 10
    assert sum(1 for s in report.files if not s.ok) == 20


def test_documents_are_processed_one_at_a_time(tmp_path, monkeypatch):
    """check_paths must not keep earlier documents alive while it reads the next one."""
    for i in range(4):
        (tmp_path / f"r{i:02d}.txt").write_text("XX镇报告\n" + "内容" * 500, encoding="utf-8")
    alive: list[weakref.ref] = []
    most = 0
    real_load = checker.pipeline.load

    def tracking_load(path, **kwargs):
        nonlocal most
        gc.collect()
        most = max(most, sum(1 for r in alive if r() is not None))
        doc = real_load(path, **kwargs)
        alive.append(weakref.ref(doc))
        return doc

    monkeypatch.setattr(checker.pipeline, "load", tracking_load)
    report = check_paths([tmp_path], PLACEHOLDERS)
    assert len(report.files) == 4 and len(alive) == 4
    assert most == 0  # no earlier document was still held when the next was loaded


# --- exit codes through the CLI ------------------------------------------------------------------

runner = CliRunner()


def _cli(*args: str):
    r = runner.invoke(app, ["check", *args, "--format", "json", "--no-cache", "--isolated"])
    return r.exit_code, (json.loads(r.stdout) if r.stdout.strip().startswith("{") else None), r


def test_exit_status_is_2_only_when_nothing_could_be_read(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\xff" * 100)
    clean = tmp_path / "clean.txt"
    clean.write_text("全镇上下团结一心，圆满完成年度目标任务。\n", encoding="utf-8")

    code, data, r = _cli(str(empty), str(binary))
    assert code == 2, r.output
    assert {f["rule"] for f in data["findings"]} == {"input.empty", "input.binary"}  # still reported

    code, data, r = _cli(str(empty), str(clean))
    assert code == 1, r.output  # the unreadable file is an error finding; the run is not a usage error
    assert {f["rule"] for f in data["findings"]} == {"input.empty"}
    assert [s["ok"] for s in data.get("files", [])] in ([], [False, True])

    code, data, r = _cli(str(clean), "--fail-on", "error")
    assert code == 0, r.output

    (tmp_path / "nothing").mkdir()
    code, _, r = _cli(str(tmp_path / "nothing"))
    assert code == 0 and "no report files found" in r.output  # a warning, as ruff and textlint do


# --- fuzz: whatever the bytes, load() gives a Document or an InputError ---------------------------

_BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]
_ENCODINGS = ["utf-8", "gb18030", "utf-16-le", "utf-16-be", "big5", "latin-1"]


@st.composite
def file_bytes(draw) -> bytes:
    """Arbitrary bytes, and text in assorted encodings behind assorted BOMs, possibly cut short."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=600))
    text = draw(st.text(max_size=200))
    encoding = draw(st.sampled_from(_ENCODINGS))
    data = draw(st.sampled_from(_BOMS)) + text.encode(encoding, errors="replace")
    cut = draw(st.integers(0, len(data)))
    return data[:cut] if draw(st.booleans()) else data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=file_bytes(), suffix=st.sampled_from([".txt", ".md"]))
def test_any_bytes_load_or_raise_input_error(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        doc = load(path)
    except checker.document.InputError as exc:
        # a text file that begins like a PDF (%PDF) or an old Word file (the OLE2 header) is read as
        # one, and refused as a damaged one (or, for Word, one no installed converter reads)
        assert exc.code in {"empty", "binary", "unreadable", "too-large", "pdf", "doc"} and exc.message
        return
    assert doc.text.strip() and "\ufeff" not in doc.text[:1]
    for _code, message, offset in doc.warnings:
        assert message and 0 <= offset <= len(doc.text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_docx_loads_or_raises_input_error(tmp_path, flips):
    data = bytearray(_docx_bytes("XX镇工作总结", "全年完成投资1.2亿元。"))
    for at, value in flips:
        data[at % len(data)] = value
    path = tmp_path / "fuzz.docx"
    path.write_bytes(bytes(data))
    try:
        doc = load(path)
    except checker.document.InputError as exc:
        assert exc.code in {"docx", "empty"} and exc.message
        return
    assert isinstance(doc.text, str)


def test_file_name_that_is_not_utf8_is_reported_not_a_crash(tmp_path):
    # GBK file names are what unzipping a Windows archive on Linux gives; Python sees surrogates,
    # which would break fingerprints and every UTF-8 report format.
    name = "镇工作总结.txt".encode("gbk")
    try:
        with open(os.path.join(os.fsencode(tmp_path), name), "wb") as f:
            f.write("XX镇\n".encode())
    except OSError:
        pytest.skip("this file system only accepts UTF-8 names")
    _good(tmp_path)
    code, data, r = _cli(str(tmp_path))
    assert code == 1, r.output
    got = {(os.path.basename(f["path"]), f["rule"]) for f in data["findings"]}
    assert got == {("镇工作总结.txt", "input.unreadable"), ("good.txt", "placeholder.xxx")}
    assert "不是有效的 UTF-8" in next(f["message"] for f in data["findings"] if f["rule"] == "input.unreadable")
