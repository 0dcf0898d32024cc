"""Faces (the command line, the terminal UI) sit on top: nothing below imports them, and the
UI never borrows from the command line, so a rule never hides in the face that happens to
hold it first (see docs/tui.md, "For developers")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "starframe"
FACES = ("starframe.cli", "starframe.tui")
TOP = ("cli", "tui", "__main__.py")
"""The faces, and `python -m starframe`, which starts one."""


def _imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _faces_in(modules: set[str], faces: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in faces))


@pytest.mark.parametrize(
    "path",
    [p for p in _modules(PACKAGE) if p.relative_to(PACKAGE).parts[0] not in TOP],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_the_core_imports_no_face(path: Path) -> None:
    assert _faces_in(_imported(path), FACES) == []


@pytest.mark.parametrize(
    "path", _modules(PACKAGE / "tui"), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_the_terminal_ui_imports_nothing_from_the_command_line(path: Path) -> None:
    assert _faces_in(_imported(path), ("starframe.cli",)) == []
