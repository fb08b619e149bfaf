"""What every command shares: the ``--db`` and ``--sources`` options, the actor of a decision,
and the wrapper that turns project errors into one line on stderr and exit code 2. Feature
commands import it; ``safecity.cli`` only assembles them."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from keywords import SafecityError
from safecity.settings import Settings
from store.decisions import Actor

F = TypeVar("F", bound=Callable[..., Any])

db_option: Callable[[F], F] = click.option(
    "--db",
    "db_url",
    metavar="URL",
    default=None,
    help="Database URL (default: $SAFECITY_DATABASE_URL, else sqlite:///safecity.db).",
)

sources_option: Callable[[F], F] = click.option(
    "--sources",
    "sources_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The sources file (default: the shipped safecity/sources.toml).",
)

on_behalf_option: Callable[[F], F] = click.option(
    "--on-behalf-of",
    "on_behalf_of",
    metavar="NAME",
    default=None,
    help="Admin: record the decision as NAME's (the log also keeps that you recorded it).",
)


def cli_actor(settings: Settings, on_behalf_of: str | None = None) -> Actor:
    """The operating-system user, on the channel ``cli``; or NAME, recorded by that user."""
    if on_behalf_of:
        return Actor(on_behalf_of.strip(), "cli", named_by=settings.actor)
    return Actor(settings.actor, "cli")


def clean_errors(func: F) -> F:
    """Project errors become one line and exit 2; nothing else is caught."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SafecityError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]
