"""The Justice Star as shipped: valid, complete, and registered by the plugin's hook."""

from __future__ import annotations

from collections import Counter
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
import starframe_justice

from starframe.plugin_api import Star
from starframe.testing import LoadedStar, load_star_file

STARS = files("starframe_justice") / "stars"

SCALE_NAMES = [
    "Accommodation",
    "Living skills and self-care",
    "Mental health and well-being",
    "Friends and community",
    "Relationships and family",
    "Parenting and caring",
    "Drugs and alcohol",
    "Positive use of time",
    "Managing strong feelings",
    "A crime-free life",
]
JOURNEY = [
    ("Stuck", [1, 2]),
    ("Accepting help", [3, 4]),
    ("Believing", [5, 6]),
    ("Learning", [7, 8]),
    ("Self-reliance", [9, 10]),
]


@pytest.fixture(scope="module")
def loaded() -> LoadedStar:
    with as_file(STARS / "justice.yaml") as path:
        return load_star_file(path)


@pytest.fixture(scope="module")
def star(loaded: LoadedStar) -> Star:
    assert loaded.star is not None
    return loaded.star


def test_the_shipped_file_has_no_errors_and_no_warnings(loaded: LoadedStar) -> None:
    assert [p.render() for p in loaded.problems] == []
    assert loaded.star is not None


def test_identity(star: Star) -> None:
    assert (star.id, star.edition, star.status, star.language) == (
        "justice",
        "1.0",
        "published",
        "en",
    )
    assert star.points == 10


def test_scales_in_order(star: Star) -> None:
    assert [scale.name for scale in star.scales] == SCALE_NAMES


def test_journey_of_change(star: Star) -> None:
    assert [(stage.name, stage.points) for stage in star.journey] == JOURNEY


def test_only_parenting_and_caring_may_be_not_applicable(star: Star) -> None:
    assert [s.name for s in star.scales if s.not_applicable] == ["Parenting and caring"]
    assert star.scale("parenting-caring").guidance


def test_every_scale_has_a_full_ladder_and_a_short_label(star: Star) -> None:
    for scale in star.scales:
        assert sorted(scale.ladder) == list(range(1, 11)), scale.id
        assert len(scale.label) <= 20


def test_no_ladder_wording_is_used_twice_in_the_star(star: Star) -> None:
    wording = Counter(
        " ".join(text.lower().split()) for s in star.scales for text in s.ladder.values()
    )
    assert [text for text, count in wording.items() if count > 1] == []


def test_hook_registers_exactly_the_shipped_files() -> None:
    registered: list[Traversable] = []
    starframe_justice.starframe_register_stars(register=registered.append)
    names = [item.name for item in registered]
    assert len(names) == len(set(names))
    shipped = {item.name for item in STARS.iterdir() if item.name.endswith(".yaml")}
    assert set(names) == shipped
    assert "justice.yaml" in names
    assert all(item.is_file() for item in registered)


def test_the_welsh_translation_names_every_stage_and_scale(star: Star) -> None:
    from starframe.testing import check_against, load_translation_text

    loaded = load_translation_text((STARS / "justice.cy.yaml").read_bytes(), "justice.cy.yaml")
    assert loaded.translation is not None
    check_against(loaded, star)
    assert [p.render() for p in loaded.problems if p.is_error] == []
    assert (loaded.translation.star, loaded.translation.edition) == (star.id, star.edition)


def test_the_file_names_the_star_schema() -> None:
    with as_file(STARS / "justice.yaml") as path:
        first = Path(path).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        assert first.endswith("star.schema.json")
