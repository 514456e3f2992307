"""Numbers as Chinese reports write them: Arabic (1,234.5), Chinese numerals (三千五百, 两, 十余), 百分之….

Only the numeral itself is parsed here; magnitudes written after it (万, 亿), units and
approximation markers are the scanner's business (checker/extract/figures.py).
"""

from __future__ import annotations

from checker.extract.firstchar import guarded

CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                  "八": 8, "九": 9}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_SECTIONS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(CHINESE_DIGITS) + "".join(CHINESE_UNITS) + "".join(CHINESE_SECTIONS)

# One numeral: 百分之X, an Arabic number (thousands separators only in groups of three), or a
# Chinese numeral. A bare 一 is never a figure in prose (一批, 一方, 一是), so Chinese numerals
# start with 二-十 or with 一 followed by more numeral characters (一百二十).
_CN = "零〇一二两三四五六七八九十百千万亿"
NUMERAL_RE = guarded(
    rf"百分之[{_CN}点]+"
    r"|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])"
    r"|[0-9]+(?:\.[0-9]+)?"
    rf"|[二两三四五六七八九十][{_CN}]*|一[{_CN}]+"
)


class NotANumber(ValueError):
    """A run of numeral characters that is not a well-formed number (一二, 十十)."""


def parse_chinese(text: str) -> float:
    """Value of a Chinese numeral: 三千五百 -> 3500, 十二 -> 12, 两万 -> 20000, 一亿二千万 -> 120000000.

    Runs of bare digits without 十/百/千 (一二, 三四) are enumerations or approximate ranges in
    prose (一二类, 三四个), not numbers: NotANumber. 二〇二三 style digit strings are accepted
    only when every character is a digit and there are four of them (years, filtered later).
    """
    if not text:
        raise NotANumber(text)
    if all(ch in CHINESE_DIGITS for ch in text):
        if len(text) == 1:
            return float(CHINESE_DIGITS[text])
        if len(text) == 4:
            return float("".join(str(CHINESE_DIGITS[ch]) for ch in text))
        raise NotANumber(text)
    total = 0
    section = 0
    digit: int | None = None
    last_unit = 10**9
    for ch in text:
        if ch in CHINESE_DIGITS:
            if digit is not None and digit != 0 and CHINESE_DIGITS[ch] != 0:
                raise NotANumber(text)
            digit = CHINESE_DIGITS[ch]
        elif ch in CHINESE_UNITS:
            unit = CHINESE_UNITS[ch]
            if unit >= last_unit and section:
                raise NotANumber(text)
            section += (1 if digit is None else digit) * unit
            digit = None
            last_unit = unit
        elif ch in CHINESE_SECTIONS:
            big = CHINESE_SECTIONS[ch]
            part = section + (digit or 0)
            if part == 0:
                part = 1 if total == 0 else 0
            # 亿 scales everything before it (十万亿); 万 scales only its own section (一亿二千万).
            total = (total + part) * big if ch == "亿" else total + part * big
            section = 0
            digit = None
            last_unit = 10**9
        else:
            raise NotANumber(text)
    return float(total + section + (digit or 0))


def parse_percent_words(text: str) -> tuple[float, int]:
    """百分之十二 -> 12, 百分之三点五 -> 3.5 (value, decimals)."""
    body = text[len("百分之"):]
    if "点" in body:
        whole, frac = body.split("点", 1)
        if not frac or any(ch not in CHINESE_DIGITS for ch in frac):
            raise NotANumber(text)
        value = parse_chinese(whole) if whole else 0.0
        return value + float("0." + "".join(str(CHINESE_DIGITS[ch]) for ch in frac)), len(frac)
    return parse_chinese(body), 0


def parse_arabic(text: str) -> tuple[float, int]:
    """1,234.50 -> (1234.5, 2): the value and the decimals written (the figure's precision)."""
    plain = text.replace(",", "")
    decimals = len(plain) - plain.index(".") - 1 if "." in plain else 0
    return float(plain), decimals


def split_chinese_magnitude(text: str) -> tuple[str, float]:
    """三千五百万 -> ('三千五百', 1e4): a trailing 万/亿/万亿 is the magnitude, as after Arabic digits."""
    for suffix, factor in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if text.endswith(suffix) and len(text) > len(suffix):
            head = text[: -len(suffix)]
            if not any(ch in CHINESE_SECTIONS for ch in head):
                return head, factor
    return text, 1.0
