"""Starting `starframe` loads only what a command needs (issue 21).

Every command pays for what `import starframe.cli` loads, `stars list` included (its target is
60 ms of CPU). These checks look at which modules a start leaves out; how long a start takes is
measured by `benchmarks/bench_catalog.py`, never here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from starframe.cli.shared.listing_cache import CACHE_FILE

NOT_AT_START = ("tempfile", "importlib.resources", "pydantic", "sqlalchemy", "reportlab")
"""The modules a start must leave until a command needs them (as `bench_catalog.py` reports)."""


def loaded_after(code: str, env: dict[str, str]) -> list[str]:
    """Which of NOT_AT_START a fresh interpreter has loaded after running `code`."""
    found = f"'LOADED', *(m for m in {NOT_AT_START!r} if m in sys.modules)"
    probe = f"import sys\n{code}\nprint({found})"
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1].split()[1:]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    return {**clean, "STARFRAME_CACHE_DIR": str(tmp_path / "cache")}


def test_importing_the_command_loads_none_of_the_heavy_modules(env: dict[str, str]) -> None:
    assert loaded_after("import starframe.cli", env) == []


def test_importing_the_package_for_hookimpl_loads_none_of_them(env: dict[str, str]) -> None:
    # Plugins written for 0.1 import `hookimpl` from `starframe` while the catalog loads them.
    assert loaded_after("from starframe import hookimpl", env) == []


def test_help_loads_none_of_them(env: dict[str, str]) -> None:
    code = "from starframe.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit: pass"
    assert loaded_after(code, env) == []


def test_a_warm_stars_list_reads_no_distribution_metadata(env: dict[str, str]) -> None:
    # The installed plugins were remembered by the first start (importlib.metadata loads
    # email and csv: a sixth of a warm listing).
    code = (
        "from starframe.cli import main\n"
        "try:\n    main(['stars', 'list'])\nexcept SystemExit: pass\n"
        "print('LOADED', *(m for m in ('importlib.metadata',) if m in sys.modules))"
    )
    probe = ["-c", f"import sys\n{code}"]
    first = subprocess.run(
        [sys.executable, *probe], env=env, capture_output=True, text=True, timeout=120
    )
    again = subprocess.run(
        [sys.executable, *probe], env=env, capture_output=True, text=True, timeout=120
    )
    assert first.stdout.splitlines()[-1] == "LOADED importlib.metadata", first.stderr
    assert again.stdout.splitlines()[-1] == "LOADED", again.stderr
    assert "justice" in again.stdout


def test_a_warm_stars_list_imports_neither_click_nor_what_names_its_cache(tmp_path: Path) -> None:
    """Printed again from the kept listing before click is imported (`cli.kept_listing`),
    with its cache in the user's own cache folder (platformdirs would load tempfile). What
    the interpreter loads before any of starframe (an editable install's finder imports
    pathlib) is not counted."""
    skipped = ("click", "platformdirs", "tempfile", "typing", "dataclasses", "pathlib")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STARFRAME_", "XDG_"))}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    code = (
        "import atexit, sys\n"
        f"before = [m for m in {skipped!r} if m in sys.modules]\n"
        f"loaded = lambda: [m for m in {skipped!r} if m in sys.modules and m not in before]\n"
        "atexit.register(lambda: print('LOADED', *loaded()))\n"
        "from starframe.cli import main\n"
        "main(['stars', 'list'])\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
        )
        for _ in range(2)
    ]
    assert all(run.returncode == 0 for run in runs), runs[0].stderr
    assert "LOADED click" in runs[0].stdout  # listed afresh by the command, and kept
    assert runs[1].stdout.splitlines()[-1] == "LOADED"
    assert "justice" in runs[1].stdout
    assert (tmp_path / "cache" / "starframe" / CACHE_FILE).is_file()
