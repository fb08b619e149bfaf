"""`safecity user` and `safecity serve` as a user types them."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from safecity.cli import cli
from safecity.web.commands import is_loopback, load_secret
from store.db import Database
from store.models import User
from store.users import authenticate


def test_user_add_reads_the_password_from_stdin_and_hashes_it(
    runner: CliRunner, db_url: str
) -> None:
    result = runner.invoke(
        cli, ["user", "add", "mei", "--role", "admin", "--db", db_url], input="long enough pw\n"
    )
    assert result.exit_code == 0, result.output
    assert "user mei added (admin)" in result.output
    db = Database(db_url)
    with db.transaction() as session:
        user = session.query(User).filter_by(name="mei").one()
        assert user.role == "admin" and "long enough pw" not in user.password_hash
        assert user.password_hash.startswith("scrypt:")
        assert authenticate(session, "mei", "long enough pw", "127.0.0.1") is not None
    db.close()
    listed = runner.invoke(cli, ["user", "list", "--db", db_url])
    assert "mei\tadmin" in listed.output


def test_user_add_refuses_duplicates_short_passwords_and_unknown_roles(
    runner: CliRunner, db_url: str
) -> None:
    runner.invoke(cli, ["user", "add", "mei", "--db", db_url], input="long enough pw\n")
    again = runner.invoke(cli, ["user", "add", "mei", "--db", db_url], input="another pw 123\n")
    assert again.exit_code == 2 and "user 'mei' exists" in again.output
    short = runner.invoke(cli, ["user", "add", "li", "--db", db_url], input="short\n")
    assert short.exit_code == 2 and "at least 8 characters" in short.output
    role = runner.invoke(cli, ["user", "add", "li", "--role", "boss", "--db", db_url])
    assert role.exit_code == 2 and "'boss' is not one of" in role.output


def test_user_passwd(runner: CliRunner, db_url: str) -> None:
    runner.invoke(cli, ["user", "add", "mei", "--db", db_url], input="long enough pw\n")
    result = runner.invoke(cli, ["user", "passwd", "mei", "--db", db_url], input="newer passw0rd\n")
    assert result.exit_code == 0
    db = Database(db_url)
    with db.transaction() as session:
        assert authenticate(session, "mei", "newer passw0rd", "127.0.0.1") is not None
    db.close()
    missing = runner.invoke(cli, ["user", "passwd", "nobody", "--db", db_url], input="x" * 9)
    assert missing.exit_code == 2 and "no user 'nobody'" in missing.output


def test_secret_file_is_made_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    first = load_secret(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret(path) == first and len(first) == 64


def test_loopback_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_serve_answers_on_127_0_0_1_with_the_login_page(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "SAFECITY_DATABASE_URL"}
    server = subprocess.Popen(
        [sys.executable, "-m", "safecity", "serve", "--port", str(port), "--db", url],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/auth/login") as response:
                    body = response.read().decode()
                    headers = response.headers
                break
            except OSError:
                time.sleep(0.2)
        assert "Username" in body and "Password" in body
        assert headers["Server"] == "safecity-watch"
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert (tmp_path / ".safecity-secret").exists()
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert f"http://127.0.0.1:{port}/" in output
