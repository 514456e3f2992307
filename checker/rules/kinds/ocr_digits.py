"""Kind `ocr-digits`: letters an OCR engine read instead of digits inside a figure (2O23年, l5个).

A token made only of digits and digit-like letters (O o → 0, I l → 1 by default), standing
before a unit, is a figure with misread digits when it holds a digit-like letter and either a
real digit or both kinds of look-alike (IlOO万元). Tokens touching other Latin letters or digits
are words or codes (Oil, I5-8400, COVID-19) and are left alone. The suggestion is the figure with
the letters read as digits.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Literal

import regex
from pydantic import Field

from checker.context import DocumentContext
from checker.findings import Finding
from checker.rules.kinds.pattern import compile_pattern, finditer
from checker.rules.model import Rule
from checker.rules.re2_prefilter import Re2Prefilter, re2_prefilter


class OcrDigitsRule(Rule):
    kind: Literal["ocr-digits"]
    # Look-alike letter -> the digit it stands for.
    confusables: dict[str, str] = Field(min_length=1)
    # A regex alternation of what may follow a figure (units, %, 年/月/日 …).
    units: str

    @cached_property
    def _pattern(self) -> regex.Pattern[str]:
        letters = "".join(regex.escape(c) for c in self.confusables)
        cls = "0-9" + letters
        # (?=…) right after the look-behind: a token without a look-alike letter can never be a
        # finding (see `_misread`), so it is not matched at all. Every figure of a report used to be
        # matched and then dropped in Python; the matches that remain are the same tokens, since
        # no match can start inside a token (the look-behind sees a digit or letter there).
        return compile_pattern(
            rf"(?<![A-Za-z0-9.])(?=[{cls}.]*[{letters}])[{cls}]+(?:\.[{cls}]+)?(?![A-Za-z0-9])(?=\s?(?:{self.units}))")

    @cached_property
    def _prefilter(self) -> Re2Prefilter | None:
        """A text holding a match holds a look-alike letter followed, within the token, by letters,
        digits and points, then the unit: that shape, loosened for RE2 (checker.rules.re2_prefilter),
        rejects in one linear pass the reports without a single such letter before a unit."""
        letters = "".join(regex.escape(c) for c in self.confusables)
        return re2_prefilter(rf"[{letters}][0-9{letters}.]*\s?(?:{self.units})", regex.VERSION1 | regex.MULTILINE)

    def _misread(self, token: str) -> bool:
        letters = {c for c in token if c in self.confusables}
        if not letters:
            return False
        if any(c.isdigit() for c in token):
            return True
        return len({self.confusables[c] for c in letters}) >= 2

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        if self._prefilter is not None and not self._prefilter.admits(ctx.text):
            return
        for m in finditer(self._pattern, ctx.text, self.id):
            token = m.group(0)
            if not self._misread(token):
                continue
            fixed = "".join(self.confusables.get(c, c) for c in token)
            yield ctx.finding(self, m.start(), m.end(), suggestion=fixed, right=fixed)
