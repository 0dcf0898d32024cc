"""The benchmarks still run: `make bench` is how speed is measured, so it must not rot.

This checks only that every benchmark completes on tiny data and prints its table; it asserts
nothing about time (speed is measured by `make bench`, never by tests).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_every_benchmark_runs_on_tiny_data(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        env={**os.environ, "STARFRAME_CACHE_DIR": str(tmp_path / "cache")},
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "validate 60-scale Star (in-process)" in result.stdout
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        assert f"== {script.name}" in result.stdout
