"""Bytes -> text: which encoding a report is in, and whether it is text at all.

A BOM decides (UTF-8, UTF-16, UTF-32); otherwise strict UTF-8 for the whole file; if that fails,
each line is decoded on its own (UTF-8 or GB18030, a superset of GBK and GB2312), so a file glued
together from a UTF-8 and a GBK part reads right instead of as mojibake; bytes that fit neither are
replaced with U+FFFD and reported with their line. A traditional-script file in Big5 (which
GB18030 also "decodes", as kana-strewn mojibake) is recognised by that mojibake. BOM-less UTF-16
is recognised by its NUL pattern. Known binary formats (PDF, old .doc, zip, images) are named.
"""

from __future__ import annotations

import codecs
import re

from checker.input_error import InputError
from checker.ui_text import Said, both

# Share of control characters (other than tab, line and page breaks) above which text is binary.
_BINARY_CONTROL_SHARE = 0.05
_BINARY_NUL_SHARE = 0.3
# Share of undecodable characters above which a file is binary, not a text with a few bad bytes.
_BINARY_REPLACED_SHARE = 0.2

# Warnings that did not stop loading: (code, message, offset in the decoded text).
LoadWarning = tuple[str, Said, int]  # (code, the warning in both languages, character offset)


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Formats people feed a report linter by mistake, by their first bytes.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file: extract its text first (e.g. pdftotext) and check the .txt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old binary Word/Excel file (.doc/.xls): save it as .docx"),
    (b"PK\x03\x04", "a zip archive (a .docx or .xlsx with another extension?)"),
    (b"{\\rtf", "an RTF file: save it as .docx or .txt"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
)


def sniff_binary(raw: bytes) -> str | None:
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            # "MZ" is also how a text may begin; only call it an executable with NULs after it.
            if magic == b"MZ" and b"\x00" not in raw[:64]:
                continue
            return what
    return None


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """The text, if `raw` is UTF-16 without a BOM: NULs (the high bytes of ASCII characters) at
    odd offsets (LE) or at even ones (BE) far more often than at the others (a CJK character's
    low byte is 00 one time in 256), and a strict decode that reads as text."""
    if len(raw) % 2:
        return None
    sample = raw[:8192]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 4 * even + 1:
        encoding = "utf-16-le"
    elif even >= 4 * odd + 1:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _control_share(text) > _BINARY_CONTROL_SHARE or not _reads_as_chinese_report(text):
        return None
    return text, encoding


def _reads_as_chinese_report(text: str) -> bool:
    """Nearly all of a sample is CJK, CJK or full-width punctuation, or printable ASCII: what a
    report decoded with the right encoding looks like (binary read as UTF-16 is scattered over
    Latin, Hangul, private-use and other blocks)."""
    sample = text[:4096]
    plausible = sum(1 for ch in sample if (ch.isascii() and (ch.isprintable() or ch in "\t\r\n"))
                    or "\u3000" <= ch <= "\u303f" or "\u3400" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
                    or "\u2000" <= ch <= "\u206f")
    return plausible >= 0.9 * len(sample)


# Control characters other than NUL, tab, line and page breaks.
_CONTROL = re.compile("[\x01-\x08\x0e-\x1f]")


def _control_share(text: str, char: str | None = None) -> float:
    """Share of the first 4096 characters that are `char`, or else control characters other than
    NUL, tab, line and page breaks (NULs are judged on their own: see `check_textual`)."""
    sample = text[:4096]
    if not sample:
        return 0.0
    if char is not None:
        return sample.count(char) / len(sample)
    return len(_CONTROL.findall(sample)) / len(sample)


def _try(chunk: bytes, encoding: str) -> str | None:
    try:
        return chunk.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode_by_line(raw: bytes, big5_lines: bool = False) -> tuple[str, str, list[LoadWarning]]:
    """Decode a file that is not valid UTF-8 line by line, in UTF-8 or GB18030.

    A whole-file GB18030 decode would also "succeed" on much UTF-8 Chinese (as mojibake), so a
    file that is UTF-8 but for one bad byte or one pasted GBK paragraph must be split. Short GBK
    lines are often valid UTF-8 by accident ("亩" is C4 B6, UTF-8 for "Ķ"), so the file's encoding
    is decided by the lines that fit only one of the two, and a line that fits both takes it.
    LF (0x0A) never occurs inside a multi-byte UTF-8 or GB18030 character, so splitting is safe.
    Bytes that fit neither are replaced with U+FFFD. With `big5_lines`, a line that GB18030 reads
    as kana and private-use mojibake is read as Big5 where that gives Chinese, and reported as
    garbled where it does not.
    """
    chunks = raw.split(b"\n")
    decoded: list[tuple[str | None, str | None]] = []
    only = {"utf-8": 0, "gb18030": 0}
    for chunk in chunks:
        if chunk.isascii():
            text = chunk.decode("ascii")
            decoded.append((text, text))
            continue
        pair = (_try(chunk, "utf-8"), _try(chunk, "gb18030"))
        if (pair[0] is None) != (pair[1] is None):
            only["utf-8" if pair[0] is not None else "gb18030"] += 1
        decoded.append(pair)
    major = "gb18030" if only["gb18030"] > only["utf-8"] else "utf-8"
    minor = "utf-8" if major == "gb18030" else "gb18030"
    out: list[str] = []
    minor_lines: list[int] = []
    bad_lines: list[int] = []
    big5: list[int] = []
    garbled: list[int] = []
    for i, (chunk, (as_utf8, as_gb)) in enumerate(zip(chunks, decoded, strict=True)):
        first, second = (as_utf8, as_gb) if major == "utf-8" else (as_gb, as_utf8)
        chosen = first if first is not None else second
        if big5_lines and chosen is not None and chosen is as_gb and chosen is not as_utf8 and _garbled(chosen):
            as_big5 = _try(chunk, "big5hkscs")
            if as_big5 is not None and not _garbled(as_big5):
                out.append(as_big5)
                big5.append(i)
                continue
            garbled.append(i)
        if first is not None:
            out.append(first)
        elif second is not None:
            out.append(second)
            minor_lines.append(i)
        else:
            out.append(chunk.decode(major, errors="replace"))
            bad_lines.append(i)
    starts = [0]
    for line in out:
        starts.append(starts[-1] + len(line) + 1)
    warnings: list[LoadWarning] = []
    encoding = major
    if minor_lines:
        first_line = minor_lines[0]
        warnings.append(("encoding", both("decode.mixed", major=major, minor=minor, n=len(minor_lines),
                                          line=first_line + 1), starts[first_line]))
        encoding = f"{major}+{minor}"
    if bad_lines:
        first_line = bad_lines[0]
        warnings.append(("encoding", both("decode.replaced", n=len(bad_lines), line=first_line + 1),
                         starts[first_line]))
    if big5:
        warnings.append(("encoding", both("decode.big5", n=len(big5), line=big5[0] + 1), starts[big5[0]]))
        encoding += "+big5hkscs"
    if garbled:
        warnings.append(("encoding", both("decode.garbled", n=len(garbled), line=garbled[0] + 1),
                         starts[garbled[0]]))
    return "\n".join(out), encoding, warnings


def decode(raw: bytes) -> tuple[str, str, bool, list[LoadWarning]]:
    """Decode report bytes. Returns (text, encoding, had_bom, warnings); raises InputError("binary").

    Bytes that fit no encoding are replaced and reported, so one bad byte costs a warning, not
    the whole file.
    """
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            try:
                return body.decode(enc), enc, True, []
            except UnicodeDecodeError as exc:
                if enc == "utf-8" and body:
                    # Editors that save GBK text "with a BOM" put the UTF-8 one in front of it.
                    text, encoding, _, warnings = decode(body)
                    if encoding != "utf-8":
                        return text, encoding, True, [("encoding", both("decode.bom", encoding=encoding), 0),
                                                      *warnings]
                text = body.decode(enc, errors="replace")
                return text, enc, True, [("encoding", both("decode.invalid", encoding=enc, byte=exc.start + len(bom)),
                                          max(0, text.find("\ufffd")))]
    what = sniff_binary(raw)
    if what is not None:
        raise InputError("binary", both("input.binary", what=what))
    if b"\x00" in raw:
        found = _utf16_without_bom(raw)
        if found is not None:
            return found[0], found[1], False, []
    try:
        return raw.decode("utf-8"), "utf-8", False, []
    except UnicodeDecodeError:
        pass
    text, encoding, warnings = _decode_by_line(raw)
    if encoding == "gb18030" and not warnings and _mojibake_share(text) > _MOJIBAKE_SHARE:
        big5 = _try(raw, "big5hkscs")
        if big5 is not None and _mojibake_share(big5) < _mojibake_share(text) / 4:
            return big5, "big5hkscs", False, []
    if _GARBLED.search(text) and any(_garbled(line) for line in text.split("\n")):
        # Big5 lines pasted into a UTF-8 or GBK file: decoded line by line again, as Big5 where they are.
        text, encoding, warnings = _decode_by_line(raw, big5_lines=True)
    return text, encoding, False, warnings


# Scripts a Chinese report hardly ever contains but Big5 bytes read as GB18030 are full of
# (さㄓ马囊〆烩旧龟 … ЧΘщ): kana, bopomofo, Cyrillic, Greek, box drawing, private use.
_MOJIBAKE = re.compile("[\u0370-\u04ff\u2500-\u257f\u3040-\u312f\ue000-\uf8ff]")
_MOJIBAKE_SHARE = 0.02


# Of those, the ones Big5's commonest characters become in GB18030 (its lead bytes A4-A5 are
# GB2312's kana rows, others fall in private use); Greek or box drawing alone is real text.
_GARBLED = re.compile("[\u3040-\u312f\ue000-\uf8ff]")


def _garbled(line: str) -> bool:
    """A line that reads as kana, bopomofo and private-use characters rather than Chinese."""
    odd = len(_GARBLED.findall(line))
    return odd >= 2 and odd >= 0.15 * sum(1 for ch in line if not ch.isascii())


def _mojibake_share(text: str) -> float:
    """Share of the non-ASCII characters in a sample that belong to `_MOJIBAKE`'s scripts."""
    sample = text[:20000]
    wide = sum(1 for ch in sample if not ch.isascii())
    odd = len(_MOJIBAKE.findall(sample))
    return odd / wide if wide and odd >= 3 else 0.0


def check_textual(text: str, warnings: list[LoadWarning]) -> None:
    """Refuse decoded bytes that are not prose; warn about NULs inside a text.

    A few NULs (an interrupted save pads a file with them) leave a report readable: a warning.
    A file that is mostly or only NULs, or full of other control characters, is binary."""
    if "\x00" in text and (not text.replace("\x00", "").strip() or _control_share(text, "\x00") > _BINARY_NUL_SHARE):
        raise InputError("binary", both("input.binary-nul"))
    share = _control_share(text)
    if share > _BINARY_CONTROL_SHARE:
        raise InputError("binary", both("input.binary-control", share=share))
    sample = text[:65536]
    if sample and sample.count("\ufffd") / len(sample) > _BINARY_REPLACED_SHARE:
        raise InputError("binary", both("input.binary-undecodable"))
    nul = text.find("\x00")
    if nul != -1:
        warnings.append(("nul", both("decode.nul", n=text.count(chr(0)), first=nul + 1), nul))
