"""`starframe.stats` knows no Star, reading or practice case: it imports only itself.

The statistics sit below every domain, so readings and practice can both use them and the
tests can check them against scipy, scikit-learn, krippendorff and pingouin on plain numbers.
"""

from __future__ import annotations

import ast
from pathlib import Path

STATS = Path(__file__).resolve().parents[2] / "starframe" / "stats"


def test_the_statistics_import_nothing_from_the_rest_of_starframe() -> None:
    found = []
    for path in sorted(STATS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            found += [
                f"{path.name}: {name}"
                for name in names
                if name.startswith("starframe") and not name.startswith("starframe.stats")
            ]
    assert found == []
    assert (STATS / "agreement.py").is_file()
