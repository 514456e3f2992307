"""checker: a pre-publication linter for Chinese government work reports."""

__version__ = "0.1.0"
