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
from store.filters import CandidateFilter, parse_status

F = TypeVar("F", bound=Callable[..., Any])


class InputError(SafecityError):
    """Raised by commands for a file they were given and cannot use (``extract bad.gz``), or a
    database path that does not exist for a command that only reads."""


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
    """Project errors become one line (one per mistake, when an error lists several: a sources
    file) and exit 2; nothing else is caught."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SafecityError as exc:
            for line in str(exc).splitlines() or [type(exc).__name__]:
                click.echo(f"error: {line}", err=True)  # one line per mistake
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def filter_options(func: F) -> F:
    """The candidate filter's options, --status confirmed by default (export, report)."""
    return filter_options_with("confirmed")(func)


def filter_options_with(status: str | None) -> Callable[[F], F]:
    """The candidate filter's options (``store.filters``): --status (``any`` for every status)
    --vendor --country --product --language --source-kind --year --since --until."""
    default = status or "any"
    options = [
        click.option(
            "--status",
            "status_filter",
            default=default,
            show_default=True,
            help="new, confirmed, rejected, or any.",
        ),
        click.option(
            "--vendor", "vendors", multiple=True, metavar="ID", help="Vendor id (repeat)."
        ),
        click.option(
            "--country", "countries", multiple=True, metavar="CC", help="ISO code (repeat)."
        ),
        click.option(
            "--product", "products", multiple=True, metavar="ID", help="Product category (repeat)."
        ),
        click.option(
            "--language", metavar="CODE", help="With evidence in this language (en, zh…)."
        ),
        click.option(
            "--source-kind", metavar="KIND", help="With evidence from this kind of site (media…)."
        ),
        click.option("--year", type=int, metavar="YEAR", help="Agreements of this year."),
        click.option("--since", type=int, metavar="YEAR", help="Agreements from this year on."),
        click.option("--until", type=int, metavar="YEAR", help="Agreements up to this year."),
    ]

    def decorate(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def filters_from(options: dict[str, Any]) -> CandidateFilter:
    """The options ``filter_options`` added, taken out of ``options``, as a checked filter."""
    return CandidateFilter(
        status=parse_status(options.pop("status_filter")),
        vendors=tuple(options.pop("vendors")),
        countries=tuple(options.pop("countries")),
        products=tuple(options.pop("products")),
        language=options.pop("language"),
        source_kind=options.pop("source_kind"),
        year=options.pop("year"),
        since=options.pop("since"),
        until=options.pop("until"),
    ).check()
