"""`wording export` and `import` leave numpy out of openpyxl's import, and importable after."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from starframe.wording.workbook import _import_openpyxl
_import_openpyxl()
assert "openpyxl" in sys.modules
assert "numpy" not in sys.modules, "openpyxl pulled numpy in"
import numpy
assert numpy.arange(3).sum() == 3
from openpyxl import Workbook
book = Workbook()
book.active["A1"] = 3
"""


def test_openpyxl_loads_without_numpy_and_numpy_still_loads_after() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
