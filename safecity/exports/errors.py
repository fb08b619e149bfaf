"""The exports' error, in its own module so that every format module can raise it."""

from __future__ import annotations

from keywords import SafecityError


class ExportError(SafecityError):
    """Raised by ``safecity.exports`` for an unknown format, field or filter value, or a file that
    cannot be written."""
