"""Loading: every encoding and format a township office actually sends decodes to the text the user
sees, and what cannot be read says why."""

from __future__ import annotations

import codecs
import zipfile

import docx
import pytest

from checker.document import InputError, decode, load

REPORT = "一、总体情况\n今年全镇完成固定资产投资1.2亿元，同比增长8%。\n二、存在问题\n部分项目进度偏慢。\n"


def _write(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("data", "encoding", "had_bom"),
    [
        (REPORT.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + REPORT.encode("utf-8"), "utf-8", True),
        (REPORT.encode("gb18030"), "gb18030", False),
        (REPORT.encode("gbk"), "gb18030", False),  # GBK is a subset of GB18030
        (REPORT.encode("utf-16"), "utf-16-le", True),  # Python writes LE with a BOM
        (codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"), "utf-16-be", True),
        (REPORT.encode("utf-16-le"), "utf-16-le", False),  # no BOM: recognised by its NULs
        (REPORT.encode("utf-16-be"), "utf-16-be", False),
        (codecs.BOM_UTF32_LE + REPORT.encode("utf-32-le"), "utf-32-le", True),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-bom", "utf16be-bom", "utf16le", "utf16be", "utf32"],
)
def test_encodings_decode_to_the_text_the_user_sees(tmp_path, data, encoding, had_bom):
    doc = load(_write(tmp_path, "r.txt", data))
    assert doc.text == REPORT  # no BOM character, nothing replaced
    assert (doc.encoding, doc.had_bom, doc.warnings) == (encoding, had_bom, [])


def test_gb18030_only_characters_decode(tmp_path):
    # Characters outside GBK (four-byte GB18030 sequences) appear in rare place and person names.
    text = "䶮镇𠀀村完成改造。\n"
    doc = load(_write(tmp_path, "r.txt", text.encode("gb18030")))
    assert doc.text == text and doc.encoding == "gb18030"


@pytest.mark.parametrize(("newline", "expected"), [("\n", "\n"), ("\r\n", "\r\n"), ("\r", "\r")])
def test_line_endings_are_kept_and_recorded(tmp_path, newline, expected):
    doc = load(_write(tmp_path, "r.txt", REPORT.replace("\n", newline).encode("utf-8")))
    assert doc.text == REPORT.replace("\n", newline)
    assert doc.newline == expected
    assert doc.lines.line_count == REPORT.count("\n") + 1
    assert doc.lines.line_text(2) == "今年全镇完成固定资产投资1.2亿元，同比增长8%。"


def test_a_file_glued_from_utf8_and_gbk_parts_reads_right_line_by_line(tmp_path):
    utf8_part = "一、总体情况\n全镇完成投资1.2亿元。\n"
    gbk_part = "二、存在问题\n部分项目进度偏慢。\n"
    doc = load(_write(tmp_path, "r.txt", utf8_part.encode("utf-8") + gbk_part.encode("gbk")))
    # A whole-file GB18030 decode would turn the UTF-8 half into mojibake without any error.
    assert doc.text == utf8_part + gbk_part
    assert doc.encoding == "utf-8+gb18030"
    [(code, message, offset)] = doc.warnings
    assert code == "encoding" and "mixed encodings" in message.en and "line 3" in message.en
    assert "编码混杂" in message.zh and "第3行" in message.zh
    assert doc.lines.position(offset) == (3, 1)


def test_bytes_that_fit_no_encoding_are_replaced_and_reported_with_their_line(tmp_path):
    data = "第一行正常。\n第二行也正常。\n".encode() + b"\xff\xfe\xff broken \xff\n" + "第四行。\n".encode()
    doc = load(_write(tmp_path, "r.txt", data))
    assert doc.text.startswith("第一行正常。\n第二行也正常。\n") and doc.text.endswith("第四行。\n")
    assert "\ufffd" in doc.lines.line_text(3)
    [(code, message, offset)] = doc.warnings
    assert code == "encoding" and "line 3" in message.en and "第3行" in message.zh
    assert doc.lines.position(offset)[0] == 3


def test_invalid_bytes_after_a_bom_are_reported(tmp_path):
    doc = load(_write(tmp_path, "r.txt", codecs.BOM_UTF8 + "报告\n".encode() + b"\xc3(\n"))
    assert doc.had_bom and "\ufffd" in doc.text
    assert [w[0] for w in doc.warnings] == ["encoding"]


def test_utf16_without_bom_is_not_mistaken_for_binary_but_binary_with_nuls_is_refused(tmp_path):
    assert decode("报告：2023年\n".encode("utf-16-le"))[1] == "utf-16-le"
    with pytest.raises(InputError) as exc:
        load(_write(tmp_path, "r.txt", bytes(range(256)) * 4))
    assert exc.value.code == "binary"


@pytest.mark.parametrize(
    ("head", "says"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "zip"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    ],
)
def test_known_binary_formats_are_named(tmp_path, head, says):
    with pytest.raises(InputError) as exc:
        load(_write(tmp_path, "report.txt", head + bytes(200)))
    assert exc.value.code == "binary" and says in exc.value.message


@pytest.mark.parametrize(("head", "code"), [(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
                                            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "doc")])
def test_a_pdf_or_old_word_file_under_another_name_goes_to_its_reader(tmp_path, head, code, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no .doc converter
    with pytest.raises(InputError) as exc:
        load(_write(tmp_path, "report.txt", head + bytes(200)))
    assert exc.value.code == code


# --- .docx -----------------------------------------------------------------------------------


def test_docx_paragraphs_are_lines_and_table_rows_are_tab_joined(tmp_path):
    d = docx.Document()
    d.add_paragraph("XX镇2023年工作总结")
    p = d.add_paragraph("全镇完成投资")
    p.add_run("1.2亿元")  # two runs, one line
    p.add_run().add_tab()
    p.add_run("（初步统计）")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "金额"
    table.cell(1, 0).text, table.cell(1, 1).text = "道路硬化", "300万元"
    table.cell(1, 1).add_paragraph("（含配套）")  # a second paragraph in one cell
    d.add_paragraph("")
    d.add_paragraph("二、存在问题")
    path = tmp_path / "r.docx"
    d.save(path)
    doc = load(path)
    assert doc.encoding == "docx"
    assert doc.text.split("\n") == [
        "XX镇2023年工作总结",
        "全镇完成投资1.2亿元\t（初步统计）",
        "项目\t金额",
        "道路硬化\t300万元 （含配套）",
        "",
        "二、存在问题",
    ]


def _docx_with_body(tmp_path, body_xml: str, name: str = "r.docx"):
    """A .docx built by python-docx, with its body replaced by `body_xml` (raw WordprocessingML)."""
    base = tmp_path / "base.docx"
    docx.Document().save(base)
    out = tmp_path / name
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f"<w:document {ns}><w:body>{body_xml}</w:body></w:document>")
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = xml.encode("utf-8") if item.filename == "word/document.xml" else src.read(item.filename)
            dst.writestr(item, data)
    return out


def test_docx_content_controls_are_opened_and_text_boxes_not_glued_in(tmp_path):
    body = (
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>XXX村委会</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "<w:p><w:r><w:t>正文第一段</w:t></w:r><w:r><w:br/><w:t>换行后</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>前</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></w:r><w:r><w:t>后</w:t></w:r></w:p>"
    )
    doc = load(_docx_with_body(tmp_path, body))
    assert doc.text.split("\n") == ["XXX村委会", "正文第一段 换行后", "前后"]


def test_docx_without_text_is_empty(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    with pytest.raises(InputError) as exc:
        load(path)
    assert exc.value.code == "empty" and "no text paragraphs" in exc.value.message
    with pytest.raises(InputError) as exc:
        load(_write(tmp_path, "zero.docx", b""))
    assert (exc.value.code, exc.value.message) == ("empty", "empty file")


def test_docx_that_is_really_an_old_doc_says_so(tmp_path):
    path = _write(tmp_path, "report.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(InputError) as exc:
        load(path)
    assert exc.value.code == "docx" and ".doc" in exc.value.message


def test_short_gbk_lines_that_happen_to_be_valid_utf8_stay_gbk(tmp_path):
    # Hard-wrapped GBK text: "亩" in GBK (C4 B6) is also UTF-8 for "Ķ", "学" (D1 A7) for "ѧ".
    text = "今年\n全镇\n完成\n种植\n7860\n亩\n新建\n学\n校\n2所。\n"
    doc = load(_write(tmp_path, "wrapped.txt", text.encode("gbk")))
    assert doc.text == text
    assert (doc.encoding, doc.warnings) == ("gb18030", [])


def test_big5_traditional_text_is_not_read_as_gb18030_mojibake(tmp_path):
    # GB18030 "decodes" Big5 bytes without an error, into さㄓ马囊〆… ; the kana give it away.
    text = "今年以來，全鎮黨委領導實現經濟發展，這是區域發展的重點。\n完成投資1200萬元。\n"
    doc = load(_write(tmp_path, "r.txt", text.encode("big5")))
    assert doc.text == text and doc.encoding == "big5hkscs"
    simplified = "今年以来，全镇党委领导实现经济发展，这是区域发展的重点。\n完成投资1200万元。\n"
    assert load(_write(tmp_path, "s.txt", simplified.encode("gbk"))).encoding == "gb18030"
