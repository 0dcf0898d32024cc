"""The Parent and Baby Star as shipped: valid, complete, and registered by the plugin's hook."""

from __future__ import annotations

from collections import Counter
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable

import pytest
import starframe_parent_baby

from starframe.plugin_api import Star
from starframe.testing import LoadedStar, load_star_file

STARS = files("starframe_parent_baby") / "stars"


@pytest.fixture(scope="module")
def loaded() -> LoadedStar:
    with as_file(STARS / "parent-baby.yaml") as path:
        return load_star_file(path)


@pytest.fixture(scope="module")
def star(loaded: LoadedStar) -> Star:
    assert loaded.star is not None
    return loaded.star


def test_the_shipped_file_has_no_errors_and_no_warnings(loaded: LoadedStar) -> None:
    assert [p.render() for p in loaded.problems] == []
    assert loaded.star is not None


def test_identity(star: Star) -> None:
    assert (star.id, star.edition, star.status) == ("parent-baby", "1.0", "published")


def test_eight_scales_with_unique_ids_and_labels(star: Star) -> None:
    assert len(star.scales) == 8
    assert len({s.id for s in star.scales}) == 8
    assert len({s.label for s in star.scales}) == 8


def test_five_stages_partition_the_points(star: Star) -> None:
    assert len(star.journey) == 5
    covered = [p for stage in star.journey for p in range(stage.first, stage.last + 1)]
    assert covered == list(range(1, star.points + 1))
    assert star.points == 10


def test_not_applicable_scales_say_when_in_their_guidance(star: Star) -> None:
    optional = [s for s in star.scales if s.not_applicable]
    assert optional, "the baby's scales may not apply before the birth"
    for scale in optional:
        assert scale.guidance
        assert "not applicable" in scale.guidance


def test_every_scale_has_a_full_ladder(star: Star) -> None:
    for scale in star.scales:
        assert sorted(scale.ladder) == list(range(1, star.points + 1)), scale.id


def test_no_ladder_wording_is_used_twice_in_the_star(star: Star) -> None:
    wording = Counter(
        " ".join(text.lower().split()) for s in star.scales for text in s.ladder.values()
    )
    assert [text for text, count in wording.items() if count > 1] == []


def test_hook_registers_exactly_the_shipped_file() -> None:
    registered: list[Traversable] = []
    starframe_parent_baby.starframe_register_stars(register=registered.append)
    assert [item.name for item in registered] == ["parent-baby.yaml"]
    assert registered[0].is_file()
    shipped = {item.name for item in STARS.iterdir() if item.name.endswith(".yaml")}
    assert shipped == {"parent-baby.yaml"}
