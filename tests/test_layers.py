"""The one-way flow of imports, stated once: a module imports only from its own layer or below.

    foundation (limits, problems, characters, documents, paths,
                output_files, file_state, thresholds, stats, i18n)
      → definition → plugins → catalog → store → readings | practice
      → transfer, schemas, fhir, wording, pilot → render, scaffold → tui, testing → serve
      → cli, plugin_api, hookspecs

Within a layer, readings and practice never import each other (transfer, above both, moves
them together), the statistics import nothing of starframe at all, the terminal UI borrows
nothing from the command line, and no core module imports the facades made for plugins
(`plugin_api`, the deprecated `hookspecs`) or their tests (`testing`). Imports inside functions
and under TYPE_CHECKING count: either would tie the layers together just the same. The
package's own `__init__` (the 0.1 names, `__version__`) may be imported from anywhere.
See docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "starframe"

FOUNDATION = [
    "limits",
    "problems",
    "characters",
    "documents",
    "paths",
    "output_files",
    "file_state",
    "thresholds",
    "stats",
    "i18n",
]
LAYERS: list[list[str]] = [
    FOUNDATION,
    ["definition"],
    ["plugins"],
    ["catalog"],
    ["store"],
    ["readings", "practice"],
    ["transfer", "schemas", "fhir", "wording", "pilot"],
    ["render", "scaffold"],
    ["tui", "testing"],
    ["serve"],
    ["cli", "plugin_api", "hookspecs"],
    ["__main__"],
]
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}
APART = {("readings", "practice"), ("practice", "readings"), ("tui", "testing")}
"""Units of one layer that may not import each other (foundation modules may)."""
ALONE = {"stats"}
"""Units that import nothing of starframe but themselves."""


def _unit(module: str) -> str:
    return module.split(".")[1]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("starframe.")}


def _modules() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts != ("__init__.py",)
    )


def _backward(source: str, target: str) -> bool:
    if source == target:
        return False
    if source in ALONE:
        return True
    if (source, target) in APART or RANK[target] > RANK[source]:
        return True
    return RANK[target] == RANK[source] and source not in FOUNDATION


def test_every_part_of_the_package_has_a_layer() -> None:
    units = {path.relative_to(PACKAGE).parts[0].removesuffix(".py") for path in _modules()}
    assert units - set(RANK) == set()


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path: Path) -> None:
    source = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    wrong = sorted(name for name in _imports(path) if _backward(source, _unit(name)))
    assert wrong == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("readings", "practice"),
        ("practice", "readings"),
        ("store", "readings"),
        ("definition", "catalog"),
        ("render", "tui"),
        ("tui", "cli"),
        ("stats", "definition"),
        ("readings", "plugin_api"),
        ("catalog", "testing"),
        ("readings", "fhir"),
        ("fhir", "transfer"),
    ],
)
def test_a_backward_import_is_caught(source: str, target: str) -> None:
    assert _backward(source, target)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("readings", "store"),
        ("transfer", "practice"),
        ("cli", "tui"),
        ("documents", "limits"),
        ("fhir", "readings"),
        ("cli", "fhir"),
    ],
)
def test_a_forward_import_is_allowed(source: str, target: str) -> None:
    assert not _backward(source, target)
