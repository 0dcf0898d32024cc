"""The installed `starframe` command, run as an author would run it, for the pilot tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

STARFRAME = Path(sys.executable).parent / "starframe"


def run(*args: str | Path, data: Path) -> subprocess.CompletedProcess[str]:
    """`starframe ARGS` with `data` as its data and cache folders and no other STARFRAME_
    setting of the caller's; a traceback in its output fails the test."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    environ["STARFRAME_DATA_DIR"] = str(data)
    environ["STARFRAME_CACHE_DIR"] = str(data / "cache")
    done = subprocess.run(
        [str(STARFRAME), *map(str, args)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done
