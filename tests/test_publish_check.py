"""One publish check: `validate --strict --plugin` and a plugin's `test_ready_to_publish` agree.

The scaffolded plugin is put on PYTHONPATH with its distribution metadata (as pip would install
it), and both are run as an author runs them: the command, and the plugin's own test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from starframe.scaffold.star import new_star

ROOT = Path(__file__).resolve().parent.parent
STARFRAME = str(Path(sys.executable).parent / "starframe")
TENANCY = (ROOT / "tests" / "data" / "docs" / "tenancy.yaml").read_text("utf-8")


def _install(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = new_star("tenancy", tmp_path / "drafts", scales=3, points=5)
    site = tmp_path / "site"
    shutil.copytree(root / "starframe_tenancy", site / "starframe_tenancy")
    info = site / "starframe_tenancy-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: starframe-tenancy\nVersion: 0.1\n", "utf-8"
    )
    (info / "entry_points.txt").write_text("[starframe]\ntenancy = starframe_tenancy\n", "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
    env.update({"PYTHONPATH": str(site), "STARFRAME_CACHE_DIR": str(tmp_path / "cache")})
    shutil.copytree(root / "tests", site / "tests")
    return site, env


def _validate(env: dict[str, str]) -> tuple[int, set[tuple[str, int]]]:
    run = subprocess.run(
        [STARFRAME, "validate", "--strict", "--plugin", "starframe-tenancy", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in run.stderr, run.stderr
    return run.returncode, {(r["code"], r["line"]) for r in json.loads(run.stdout)}


def _ready(env: dict[str, str], site: Path) -> set[tuple[str, int]]:
    code = (
        "import json; from starframe_tenancy import STARS, PRACTICE; "
        "from starframe.testing import ready_to_publish; "
        "print(json.dumps([[p.code, p.line] for p in ready_to_publish(STARS, PRACTICE)]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return {(c, line) for c, line in json.loads(run.stdout)}


def _plugin_test(env: dict[str, str], site: Path) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(site / "tests")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=site,
        check=False,
    )
    return run.stdout


def _vignette(who: str) -> str:
    sentence = f"{who} has lived in the flat for a year and talks with the worker about it. "
    return sentence * 11  # 165 words


def _case(case_id: str, score: int) -> str:
    scores = "".join(
        f"  {scale}:\n    score: {score}\n    rationale: The vignette places them here.\n"
        for scale in ("paying-rent", "home", "neighbours")
    )
    return (
        f'starframe: 1\nkind: practice-case\nid: {case_id}\nstar: tenancy\nedition: "1.0"\n'
        f"title: Case {case_id}\nvignette: {_vignette(case_id.title())}\nscores:\n{scores}"
    )


@pytest.mark.slow
def test_validate_strict_and_the_plugins_readiness_test_agree(tmp_path: Path) -> None:
    site, env = _install(tmp_path)
    # A fresh scaffold: placeholders, one case of a few words in the middle of the journey.
    code, reported = _validate(env)
    assert code == 1
    assert reported == _ready(env, site)
    codes = {c for c, _ in reported}
    assert {"SF403", "SF421", "SF422", "SF424"} <= codes
    assert "1 xfailed" in _plugin_test(env, site)

    # Written: a clean Star and three cases reaching the first stage, the last and between.
    package = site / "starframe_tenancy"
    (package / "stars" / "tenancy.yaml").write_text(TENANCY, "utf-8")
    (package / "practice" / "example.yaml").unlink()
    for case_id, score in (("early", 1), ("middle", 3), ("later", 5)):
        (package / "practice" / f"{case_id}.yaml").write_text(_case(case_id, score), "utf-8")
    (site / "tests" / "test_starframe_tenancy.py").write_text(
        (site / "tests" / "test_starframe_tenancy.py")
        .read_text("utf-8")
        .replace('("tenancy", "0.1")', '("tenancy", "1.0")'),
        "utf-8",
    )
    assert _validate(env) == (0, set())
    assert _ready(env, site) == set()
    outcome = _plugin_test(env, site)
    assert "4 passed" in outcome
    assert "xfail" not in outcome

    # One case less: both say SF421 (and nothing else), at the same place.
    (package / "practice" / "middle.yaml").unlink()
    code, reported = _validate(env)
    assert code == 1
    assert reported == _ready(env, site)
    assert {c for c, _ in reported} == {"SF421", "SF424"}
