"""The project's exception root.

It lives in the lowest package so that every layer above (extractors, store, crawler, app) can raise
and catch it without importing upward. Each subclass says where it is raised.
"""


class SafecityError(Exception):
    """Root of every error this project raises on purpose; the CLI turns it into one line."""

    exit_code = 2


class VocabularyError(SafecityError):
    """Raised by ``keywords.load_vocabulary`` when a file under keywords/ is wrong: `file:line:
    problem`."""
