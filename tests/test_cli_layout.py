"""The CLI's layout: one module per command group, and no command module imports another.

What two commands share belongs in `starframe.cli.options` or `starframe.cli.shared`, so a
newcomer finds a command's behaviour in its own module and a helper in one place. The shared
modules and the options never import a command module either.
"""

from __future__ import annotations

import ast
from pathlib import Path

import starframe.cli

CLI = Path(starframe.cli.__file__).parent
COMMANDS = "starframe.cli.commands"


def _imported(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            # `from starframe.cli.commands import stars` imports a command module too.
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _command_modules(imported: set[str]) -> list[str]:
    return sorted(name for name in imported if name.startswith(COMMANDS + "."))


def test_there_are_command_modules() -> None:
    assert len(list((CLI / "commands").glob("*.py"))) > 10


def test_no_command_module_imports_another() -> None:
    offending = {
        path.name: _command_modules(_imported(path))
        for path in sorted((CLI / "commands").glob("*.py"))
        if _command_modules(_imported(path))
    }
    assert offending == {}


def test_options_and_shared_helpers_import_no_command_module() -> None:
    helpers = [CLI / "options.py", *sorted((CLI / "shared").glob("*.py"))]
    offending = {
        path.name: _command_modules(_imported(path))
        for path in helpers
        if _command_modules(_imported(path))
    }
    assert offending == {}


def test_the_layout_test_sees_an_import_of_a_command_module(tmp_path: Path) -> None:
    module = tmp_path / "diff.py"
    module.write_text(
        "def f():\n    from starframe.cli.commands.stars import star_records\n", encoding="utf-8"
    )
    sibling = tmp_path / "render.py"
    sibling.write_text("from starframe.cli.commands import stars\n", encoding="utf-8")
    assert "starframe.cli.commands.stars" in _command_modules(_imported(module))
    assert "starframe.cli.commands.stars" in _command_modules(_imported(sibling))
