"""The problems docs/authoring.md and docs/errors.md show are what `starframe validate` prints.

Each example is run for real on the file it describes (tests/data/docs/tenancy.yaml, broken
the way the page says), and every line of the documented output must appear in the real one.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TENANCY = (ROOT / "tests" / "data" / "docs" / "tenancy.yaml").read_text("utf-8")
STARFRAME = str(Path(sys.executable).parent / "starframe")


def _first_block(page: str, after: str) -> list[str]:
    text = (ROOT / "docs" / page).read_text("utf-8").split(after, 1)[1]
    match = re.search(r"```\n(.*?)```", text, re.S)
    assert match, f"no example after {after!r} in docs/{page}"
    return match.group(1).rstrip("\n").splitlines()


def _validate(tmp_path: Path, name: str, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    return subprocess.run(
        [STARFRAME, "validate", name, *args],
        cwd=tmp_path,
        env={**env, "STARFRAME_NO_CACHE": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_clean_example_star_is_clean(tmp_path: Path) -> None:
    assert _validate(tmp_path, "stars/tenancy.yaml", TENANCY, "--strict").returncode == 0


def test_the_authoring_guides_typo_example_is_real_output(tmp_path: Path) -> None:
    shown = _first_block("authoring.md", "a caret under the place:\n")
    typo = TENANCY.replace("audience:", "audiance:", 1)
    run = _validate(tmp_path, "drafts/tenancy.yaml", typo)
    assert run.returncode == 1
    assert (run.stdout + run.stderr).splitlines() == shown


@pytest.mark.parametrize("page", ["errors.md"])
def test_the_error_references_label_example_is_real_output(tmp_path: Path, page: str) -> None:
    shown = _first_block(page, "Printed:\n")
    long_label = TENANCY.replace("label: Rent\n", "label: Paying the rent every month\n", 1)
    run = _validate(tmp_path, "stars/tenancy.yaml", long_label)
    assert run.returncode == 1
    real = run.stdout.splitlines()
    for line in shown:
        assert line in real, f"{line!r} is not in:\n{run.stdout}"


def test_the_error_references_json_record_is_real_output(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "errors.md").read_text("utf-8")
    match = re.search(r"```json\n(.*?)\n```", text, re.S)
    assert match
    documented = json.loads(match.group(1))
    long_label = TENANCY.replace("label: Rent\n", "label: Paying the rent every month\n", 1)
    run = _validate(tmp_path, "stars/tenancy.yaml", long_label, "--format", "json")
    (record,) = json.loads(run.stdout)
    assert {k: v for k, v in record.items() if k != "message"} == {
        k: v for k, v in documented.items() if k != "message"
    }
