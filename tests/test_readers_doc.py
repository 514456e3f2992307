"""Old Word and WPS files: read through a converter on PATH, else one input error saying to save as
.docx; files that only carry the name (.docx, a Word "web page", RTF) are read as what they are."""

from __future__ import annotations

import io
import stat

import docx
import pytest

from checker.api import check_bytes
from checker.document import InputError, from_bytes
from checker.readers.doc import OLE_MAGIC

OLE_FILE = OLE_MAGIC + bytes(1024)


def _fake_converter(folder, name: str, script: str) -> None:
    exe = folder / name
    exe.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_without_a_converter_the_error_says_to_save_as_docx(tmp_path, monkeypatch, suffix):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(InputError) as exc:
        from_bytes(OLE_FILE, "report" + suffix)
    assert exc.value.code == "doc" and ".docx" in exc.value.message
    report = check_bytes(OLE_FILE, "report" + suffix)
    assert [f.rule for f in report.findings] == ["input.doc"]


def test_an_installed_converter_gives_the_text(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_converter(bin_dir, "antiword", 'test -s "$5" && printf "XX镇2023年工作总结\\r\\n低保资金364万。\\r\\n"\n')
    monkeypatch.setenv("PATH", str(bin_dir))
    doc = from_bytes(OLE_FILE, "old.doc")
    assert doc.text == "XX镇2023年工作总结\n低保资金364万。\n" and doc.format == "doc"
    rules = {f.rule for f in check_bytes(OLE_FILE, "old.doc").findings}
    assert {"placeholder.xxx", "missing-unit.money"} <= rules


def test_a_failing_converter_is_an_input_error_that_names_it(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_converter(bin_dir, "catdoc", 'echo "not a Word file" >&2; exit 1\n')
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(InputError) as exc:
        from_bytes(OLE_FILE, "bad.doc")
    assert "catdoc" in exc.value.message and ".docx" in exc.value.message


def test_a_docx_named_doc_or_wps_is_read_as_docx():
    d = docx.Document()
    d.add_paragraph("全年完成投资3.2亿元。")
    out = io.BytesIO()
    d.save(out)
    for name in ("a.doc", "a.wps"):
        assert from_bytes(out.getvalue(), name).text == "全年完成投资3.2亿元。"


def test_a_word_web_page_named_doc_is_read_as_html():
    page = ('<html xmlns:o="urn:schemas-microsoft-com:office:office">'
            "<body><p class=MsoNormal>新建道路12公里。</p></body></html>")
    doc = from_bytes(page.encode("utf-8"), "export.doc")
    assert doc.text == "新建道路12公里。" and doc.format == "html"


def test_rtf_named_doc_says_what_it_is():
    with pytest.raises(InputError) as exc:
        from_bytes(b"{\\rtf1\\ansi hello}", "a.doc")
    assert "RTF" in exc.value.message
