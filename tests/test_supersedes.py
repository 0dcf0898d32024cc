"""`supersedes` is checked against the older edition when it is installed or given (SF208),
and says what it could not check otherwise (SF412)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.test_diff import RENAMED, TINY

STARFRAME = str(Path(sys.executable).parent / "starframe")


def _validate(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    return subprocess.run(
        [STARFRAME, "validate", *map(str, args)],
        env={**env, "STARFRAME_NO_CACHE": "1"},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_renamed_scale_the_older_edition_lacks_is_an_error_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TINY, "utf-8")
    (tmp_path / "b.yaml").write_text(RENAMED.replace("money: finances", "mony: finances"), "utf-8")
    run = _validate(tmp_path, cwd=tmp_path)
    assert run.returncode == 1
    line = next(n for n, text in enumerate(RENAMED.splitlines(), 1) if "money: finances" in text)
    wanted = rf"b\.yaml:{line}:\d+: error SF208: .*`mony`.*Did you mean `money`"
    assert re.search(wanted, run.stdout)


def test_an_edition_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TINY, "utf-8")
    (tmp_path / "b.yaml").write_text(RENAMED.replace('edition: "1.0"', 'edition: "0.9"'), "utf-8")
    run = _validate(tmp_path, cwd=tmp_path)
    assert run.returncode == 1
    assert re.search(r"error SF208: `supersedes` names tiny 0\.9, which does not exist", run.stdout)


def test_with_no_older_edition_at_hand_a_warning_says_what_was_not_checked(
    tmp_path: Path,
) -> None:
    (tmp_path / "b.yaml").write_text(RENAMED, "utf-8")
    plain = _validate("b.yaml", cwd=tmp_path)
    assert plain.returncode == 0
    assert "warning SF412: `supersedes` names tiny 1.0, which is neither installed" in plain.stdout
    assert _validate("--strict", "b.yaml", cwd=tmp_path).returncode == 1
    (tmp_path / "a.yaml").write_text(TINY, "utf-8")
    assert _validate(tmp_path, cwd=tmp_path).returncode == 0
