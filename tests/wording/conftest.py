"""The wording tests' Star: a copy of the bundled Justice Star and its Welsh file, to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

JUSTICE = Path(__file__).resolve().parents[2] / "plugins/justice/starframe_justice/stars"


@pytest.fixture
def justice(tmp_path: Path) -> Path:
    """A copy of the bundled Justice Star and its Welsh translation, to edit."""
    for name in ("justice.yaml", "justice.cy.yaml"):
        shutil.copy(JUSTICE / name, tmp_path / name)
    return tmp_path / "justice.yaml"
