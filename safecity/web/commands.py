"""The triage app's commands: ``safecity serve`` and ``safecity user add|passwd|list``. Flask
and waitress are imported only when a command needs them."""

from __future__ import annotations

import ipaddress
import os
import secrets
import socket
import sys
from errno import EADDRINUSE
from pathlib import Path

import click

from keywords import SafecityError
from safecity.database import open_database
from safecity.options import InputError, clean_errors, db_option
from safecity.settings import Settings
from store.users import ROLES

DEFAULT_SECRET_FILE = ".safecity-secret"


class ServeError(SafecityError):
    """Raised by ``safecity serve`` when the secret key file cannot be used."""


def load_secret(path: Path) -> str:
    """The session-signing key kept in ``path`` (made, readable by its owner only, if missing),
    so that logins survive a restart."""
    try:
        if not path.exists():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32) + "\n")
        key = path.read_text().strip()
    except OSError as exc:
        raise ServeError(f"cannot use secret key file {path}: {exc.strerror}") from None
    if len(key) < 32:
        raise ServeError(f"the secret key in {path} is too short: delete the file to make one")
    return key


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--secret-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_SECRET_FILE,
    show_default=True,
    help="Where the key that signs login sessions is kept (made if missing).",
)
@click.option(
    "--behind-proxy",
    is_flag=True,
    help="Behind an https reverse proxy: trust its X-Forwarded-For/-Proto (one hop).",
)
@click.option(
    "--insecure-cookies",
    is_flag=True,
    help="Send the login cookie over plain http to other machines too (a trusted LAN only).",
)
@db_option
@clean_errors
def serve(
    host: str,
    port: int,
    threads: int,
    secret_file: Path,
    behind_proxy: bool,
    insecure_cookies: bool,
    db_url: str | None,
) -> None:
    """Serve the analysts' triage app (waitress), on 127.0.0.1 unless told otherwise."""
    import waitress
    from werkzeug.middleware.proxy_fix import ProxyFix

    from safecity.web import create_app
    from store.queue import refresh_statistics
    from store.search import sync_index

    settings = Settings.load(db_url)
    with open_database(settings) as database, database.transaction() as session:
        sync_index(session)
        refresh_statistics(session)
    app = create_app(
        {
            "DATABASE_URL": settings.database_url,
            "SECRET_KEY": load_secret(secret_file),
            "SESSION_COOKIE_SECURE": not insecure_cookies,
        }
    )
    if behind_proxy:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    elif not is_loopback(host) and not insecure_cookies:
        click.echo(
            f"warning: {host} is not this machine's loopback address and there is no https: "
            "browsers keep the Secure login cookie only over https or to localhost. Put the app "
            "behind an https proxy (--behind-proxy), or use --insecure-cookies on a trusted LAN.",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    try:
        _check_free(host, port)  # before waitress, which leaves its sockets open when it fails
        server = waitress.create_server(
            app, host=host, port=port, threads=threads, ident="safecity-watch"
        )
    except OSError as exc:
        hint = " (another program listens there: try --port)" if exc.errno == EADDRINUSE else ""
        raise InputError(f"cannot listen on {shown}:{port}: {exc.strerror or exc}{hint}") from None
    click.echo(f"safecity-watch triage app on http://{shown}:{port}/  (Ctrl+C stops it)")
    click.echo(f"database: {settings.database_url}")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _check_free(host: str, port: int) -> None:
    """``OSError`` when ``host:port`` cannot be listened on (in use, not this machine's)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as waitress does
        probe.bind((host, port))


@click.group()
def user() -> None:
    """Accounts of the triage app."""


def _read_password() -> str:
    """From a prompt on a terminal (typed twice), else the first line of standard input."""
    if sys.stdin.isatty():
        password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        return password
    return sys.stdin.readline().rstrip("\r\n")


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="analyst", show_default=True)
@db_option
@clean_errors
def user_add(name: str, role: str, db_url: str | None) -> None:
    """Add user NAME; the password comes from a prompt, or from standard input."""
    from store.users import add_user

    password = _read_password()
    with open_database(Settings.load(db_url)) as database, database.transaction() as session:
        added = add_user(session, name, role, password)
        click.echo(f"user {added.name} added ({added.role})")


@user.command("passwd")
@click.argument("name")
@db_option
@clean_errors
def user_passwd(name: str, db_url: str | None) -> None:
    """Set a new password for NAME (their open sessions end)."""
    from store.users import set_password

    password = _read_password()
    with open_database(Settings.load(db_url)) as database, database.transaction() as session:
        set_password(session, name, password)
        click.echo(f"password of {name} changed")


@user.command("list")
@db_option
@clean_errors
def user_list(db_url: str | None) -> None:
    """The accounts and their roles."""
    from store.users import list_users

    with (
        open_database(Settings.load(db_url), create=False) as database,
        database.reading() as session,
    ):
        users = list_users(session)
        for u in users:
            click.echo(f"{u.name}\t{u.role}\tsince {u.created_at:%Y-%m-%d}")
    if not users:
        click.echo("no users: `safecity user add NAME --role admin`")
