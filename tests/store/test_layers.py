"""Storage sits beneath both domains, which never import each other (issue 18).

`store/` may not import readings, practice or anything above them; `readings/` and
`practice/` may use the store but not each other; whole-database transfer, above both, is the
one place that reads and writes both. Imports inside functions and under TYPE_CHECKING count:
either would tie the layers together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "starframe"
FORBIDDEN = {
    "store": ("readings", "practice", "transfer", "render", "tui", "cli"),
    "readings": ("practice", "transfer"),
    "practice": ("readings", "transfer"),
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_it_may_not(layer: str) -> None:
    wrong = sorted(
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / layer).rglob("*.py")
        for name in _imports(path)
        for other in FORBIDDEN[layer]
        if name == f"starframe.{other}" or name.startswith(f"starframe.{other}.")
    )
    assert wrong == []
