"""Stars and cases shared by the practice tests, the installed `starframe` command, and the
readings tests' store on SQLite and PostgreSQL (for practice sessions)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from starframe.catalog import build_catalog
from starframe.definition.load import load_star_file
from starframe.definition.models import Star
from starframe.practice.cases import CaseCatalog, build_case_catalog
from starframe.practice.models import PracticeCase, load_case_text
from tests.readings.conftest import db_url, no_database_from_environment, pg_url, store

__all__ = ["db_url", "no_database_from_environment", "pg_url", "store"]

ROOT = Path(__file__).resolve().parents[2]
TINY_STAR = ROOT / "tests" / "data" / "tiny-star.yaml"
JUSTICE_YAML = ROOT / "plugins/justice/starframe_justice/stars/justice.yaml"
JUSTICE_CASES = ROOT / "plugins/justice/starframe_justice/practice"
PARENT_BABY_CASES = ROOT / "plugins/parent_baby/starframe_parent_baby/practice"
STARFRAME = Path(sys.executable).parent / "starframe"

TINY_CASE = """\
# yaml-language-server: $schema=../schemas/practice.schema.json
starframe: 1
kind: practice-case
id: sam
star: tiny
edition: "1.0"
title: Sam, after a move
vignette: |
  Sam moved into a flat last month and is behind with the rent.
scores:
  home:
    score: 3
    rationale: Has a place, and manages it with support.
  money:
    score: 2
    rationale: Has asked for help with debts.
  health:
    score: 4
    rationale: Looks after their health well.
"""
"""A case that fits the tiny Star (4 points; stages 1–2 and 3–4)."""


def tiny_case_text(case_id: str = "sam", star: str = "tiny", **scores: str) -> str:
    """TINY_CASE with another id or Star, and `scale="score"` replacements."""
    text = TINY_CASE.replace("id: sam", f"id: {case_id}").replace("star: tiny", f"star: {star}")
    for scale, score in scores.items():
        start = text.index(f"  {scale}:\n    score: ")
        end = text.index("\n", start + len(scale) + 4)
        text = text[:start] + f"  {scale}:\n    score: {score}" + text[end:]
    return text


def _star(path: Path) -> Star:
    star = load_star_file(path).star
    assert star is not None
    return star


@pytest.fixture(scope="session")
def tiny() -> Star:
    return _star(TINY_STAR)


@pytest.fixture(scope="session")
def justice() -> Star:
    return _star(JUSTICE_YAML)


@pytest.fixture(scope="session")
def tiny_case() -> PracticeCase:
    case = load_case_text(TINY_CASE).case
    assert case is not None
    return case


@pytest.fixture(scope="session")
def dean() -> PracticeCase:
    path = JUSTICE_CASES / "dean-after-release.yaml"
    case = load_case_text(path.read_bytes(), str(path)).case
    assert case is not None
    return case


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(scope="module")
def cli_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One check cache per module, so the bundled Stars are checked once, not per command."""
    return tmp_path_factory.mktemp("cli-cache")


@pytest.fixture
def starframe(cli_cache: Path) -> Callable[..., Run]:
    """Run the installed `starframe` command as a user does, with a clean environment."""

    def run(*args: str | Path, env: dict[str, str] | None = None) -> Run:
        environ = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
        environ.update({"STARFRAME_CACHE_DIR": str(cli_cache), "COLUMNS": "100", **(env or {})})
        done = subprocess.run(
            [str(STARFRAME), *map(str, args)],
            env=environ,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
        return Run(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    """A trainer's folder: the tiny Star with two cases on it, `sam` and `kim`."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "tiny.yaml").write_bytes(TINY_STAR.read_bytes())
    (folder / "sam.yaml").write_text(TINY_CASE, encoding="utf-8")
    kim = tiny_case_text("kim", home="1").replace("Sam, after a move", "Kim, at home")
    (folder / "kim.yaml").write_text(kim, encoding="utf-8")
    return folder


@pytest.fixture
def catalog(drafts: Path) -> CaseCatalog:
    return build_case_catalog(build_catalog(stars_dirs=(drafts,)), (drafts,))
