"""`starframe new star`: a valid, installable draft for any size, and clear refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from starframe.definition.load import load_star_text
from starframe.practice.models import check_case, load_case_text
from starframe.scaffold.star import Names, ScaffoldError, draft_star, new_star

STARFRAME = str(Path(sys.executable).parent / "starframe")


@pytest.mark.parametrize(
    ("name", "star_id", "star_name", "dist", "package"),
    [
        ("tenancy", "tenancy", "Tenancy Star", "starframe-tenancy", "starframe_tenancy"),
        (
            "Young Carers Star",
            "young-carers",
            "Young carers Star",
            "starframe-young-carers",
            "starframe_young_carers",
        ),
        (
            "debt_advice2",
            "debt-advice2",
            "Debt advice2 Star",
            "starframe-debt-advice2",
            "starframe_debt_advice2",
        ),
    ],
)
def test_names_are_derived_from_what_the_author_types(
    name: str, star_id: str, star_name: str, dist: str, package: str
) -> None:
    assert Names.from_name(name) == Names(star_id, star_name, dist, package)


@pytest.mark.parametrize("name", ["", "123", "---", "ÉÉ"])
def test_a_name_without_letters_to_make_an_id_is_refused(name: str) -> None:
    with pytest.raises(ScaffoldError, match="does not make an id"):
        Names.from_name(name)


@settings(max_examples=40, deadline=None)
@given(scales=st.integers(3, 16), points=st.integers(3, 20))
def test_every_size_of_draft_loads_with_placeholder_warnings_only(scales: int, points: int) -> None:
    from starframe.definition.dump import dump_star

    star = draft_star(Names.from_name("tenancy"), scales, points)
    loaded = load_star_text(dump_star(star), "tenancy.yaml")
    assert loaded.star is not None
    assert len(loaded.star.scales) == scales
    assert [s.points for s in loaded.star.journey][-1][1] == points
    codes = {p.code for p in loaded.problems}
    assert not any(p.is_error for p in loaded.problems)
    assert "SF403" in codes


def test_the_package_holds_everything_and_its_case_fits_its_star(tmp_path: Path) -> None:
    root = new_star("tenancy", tmp_path, scales=4, points=7)
    assert root == tmp_path / "starframe-tenancy"
    package = root / "starframe_tenancy"
    for part in ("pyproject.toml", "README.md", "schemas/star.schema.json", "tests"):
        assert (root / part).exists(), part
    text = (package / "stars" / "tenancy.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/star.schema.json\n")
    star = load_star_text(text, "tenancy.yaml").star
    assert star is not None
    assert star.points == 7
    case = load_case_text((package / "practice" / "example.yaml").read_bytes(), "example.yaml")
    check_case(case, star)
    assert case.problems == []
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points.starframe]\ntenancy = "starframe_tenancy"' in pyproject
    assert [p.name for p in tmp_path.iterdir()] == ["starframe-tenancy"]


def test_an_existing_folder_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "starframe-tenancy").mkdir()
    (tmp_path / "starframe-tenancy" / "keep.txt").write_text("mine")
    with pytest.raises(ScaffoldError, match="already exists"):
        new_star("tenancy", tmp_path)
    assert (tmp_path / "starframe-tenancy" / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize(("scales", "points"), [(2, 10), (17, 10), (6, 2), (6, 21)])
def test_sizes_outside_the_format_are_refused_before_anything_is_written(
    tmp_path: Path, scales: int, points: int
) -> None:
    with pytest.raises(ScaffoldError, match="must be from"):
        new_star("tenancy", tmp_path, scales=scales, points=points)
    assert list(tmp_path.iterdir()) == []


def test_cli_new_star_creates_the_package_or_says_why_not(tmp_path: Path) -> None:
    env = {"STARFRAME_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""}
    made = subprocess.run(
        [STARFRAME, "new", "star", "tenancy", "--dir", str(tmp_path), "--scales", "3"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert made.returncode == 0
    assert "Created" in made.stdout
    again = subprocess.run(
        [STARFRAME, "new", "star", "tenancy", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert "Traceback" not in again.stderr


def test_cli_new_star_takes_its_folder_as_out(tmp_path: Path) -> None:
    """`-o/--out` names where the package goes, as on every command that writes (`--dir`, its
    old name, still works for one release)."""
    env = {"STARFRAME_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""}
    made = subprocess.run(
        [STARFRAME, "new", "star", "tenancy", "-o", str(tmp_path / "drafts"), "--scales", "3"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "drafts" / "starframe-tenancy" / "pyproject.toml").is_file()
