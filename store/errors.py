"""Errors the data layer raises."""

from keywords.errors import SafecityError


class StoreError(SafecityError):
    """Raised by ``store.db`` when the database cannot be opened, reached or migrated."""


class NotFound(SafecityError):
    """Raised by store functions asked for a record that does not exist (an id from the user)."""


class InvalidChange(SafecityError):
    """Raised by ``store.decisions`` for a decision that does not apply (e.g. a bad status)."""


class InvalidFilter(SafecityError):
    """Raised by ``store.filters`` for a filter value that names nothing (an unknown status,
    vendor, country, product or source kind)."""
