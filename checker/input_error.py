"""The one error of loading: a file that cannot be read as a report, said for a person."""

from __future__ import annotations

from checker.ui_text import Said


class InputError(Exception):
    """A file that cannot be read as a report; `code` is the rule id suffix (input.<code>).

    The reason is given in both languages (`checker.ui_text.both`): it is raised while loading,
    before anyone knows the reader's language. A plain string is the same text in both."""

    def __init__(self, code: str, message: str | Said) -> None:
        said = message if isinstance(message, Said) else Said(message, message)
        super().__init__(said.en)
        self.code = code
        self.said = said
        self.message = said.en

    def text(self, lang: str) -> str:
        """The reason in `lang` ("en"; anything else is Chinese)."""
        return self.said.in_lang(lang)
