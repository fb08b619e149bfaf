"""The layer rule, checked rather than remembered: ``keywords`` → ``extractors`` → ``store`` →
``crawler`` → ``safecity``. A package imports only from the packages before it (and itself)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LAYERS = ("keywords", "extractors", "store", "crawler", "safecity")
ROOT = Path(__file__).resolve().parents[1]


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", LAYERS)
def test_nothing_imports_upward(package: str) -> None:
    above = set(LAYERS[LAYERS.index(package) + 1 :])
    modules = [p for p in (ROOT / package).rglob("*.py") if "sample_site" not in p.parts]
    assert modules
    upward = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules
        for name in imported(path)
        if name.split(".")[0] in above
    )
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from safecity.cli import cli\nimport store.db\n", encoding="utf-8")
    assert imported(module) == {"safecity.cli", "store.db"}


def test_feature_commands_do_not_import_the_command_group() -> None:
    """Shared options and the error wrapper live in safecity/options.py; safecity/cli.py only
    assembles the commands, so nothing else imports it (its __main__ aside)."""
    importers = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "safecity").rglob("*.py")
        if path.name not in ("cli.py", "__main__.py") and "sample_site" not in path.parts
        if any(name.startswith("safecity.cli") for name in imported(path))
    )
    assert importers == []
