"""The import's errors."""

from __future__ import annotations

from keywords import SafecityError


class ImportFileError(SafecityError):
    """Raised by ``safecity.importing`` for a file it cannot read, a bad --map, or bad rows when
    the user did not ask to keep the good ones."""
