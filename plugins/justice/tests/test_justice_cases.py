"""The Justice Star's practice cases: registered, fit the Star, and span the journey."""

from __future__ import annotations

import re

import pytest
from starframe_justice import PRACTICE, STARS, starframe_register_practice_cases

from starframe.definition.load import load_star_text
from starframe.definition.models import Star
from starframe.practice.models import PracticeCase, check_case, load_case_text

CASE_FILES = sorted(
    (item for item in PRACTICE.iterdir() if item.name.endswith(".yaml")), key=lambda i: i.name
)
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../../schemas/practice.schema.json\n"


@pytest.fixture(scope="module")
def star() -> Star:
    loaded = load_star_text((STARS / "justice.yaml").read_bytes(), "justice.yaml")
    assert loaded.star is not None
    return loaded.star


@pytest.fixture(scope="module")
def cases(star: Star) -> list[PracticeCase]:
    found = []
    for item in CASE_FILES:
        loaded = load_case_text(item.read_bytes(), item.name)
        check_case(loaded, star)
        assert [p.render() for p in loaded.problems] == []
        assert loaded.case is not None
        found.append(loaded.case)
    return found


def test_the_plugin_registers_its_practice_folder() -> None:
    registered: list[object] = []
    starframe_register_practice_cases(register=registered.append)
    assert registered == [PRACTICE]


def test_at_least_three_cases_each_fitting_the_star(cases: list[PracticeCase]) -> None:
    assert len(cases) >= 3
    assert [f"{case.id}.yaml" for case in cases] == [item.name for item in CASE_FILES]
    for item in CASE_FILES:
        assert item.read_text(encoding="utf-8").startswith(SCHEMA_COMMENT)


def test_vignettes_are_150_to_300_words(cases: list[PracticeCase]) -> None:
    for case in cases:
        assert 150 <= len(case.vignette.split()) <= 300, case.id


def test_every_rationale_is_one_or_two_sentences(cases: list[PracticeCase]) -> None:
    for case in cases:
        for scale, reference in case.scores.items():
            sentences = re.findall(r"[.!?](?:\s|$)", reference.rationale.strip())
            assert 1 <= len(sentences) <= 2, (case.id, scale)


def test_the_cases_span_early_mixed_and_later_stages(star: Star, cases: list[PracticeCase]) -> None:
    halfway = len(star.journey) / 2
    kinds = set()
    for case in cases:
        positions = [
            star.journey.index(star.stage_of(r.score))
            for r in case.scores.values()
            if isinstance(r.score, int)
        ]
        early = sum(p < halfway - 0.5 for p in positions) / len(positions)
        later = sum(p > halfway - 0.5 for p in positions) / len(positions)
        kinds.add("early" if early >= 0.6 else "later" if later >= 0.6 else "mixed")
    assert kinds == {"early", "mixed", "later"}


def test_not_applicable_appears_where_the_star_allows_it(
    star: Star, cases: list[PracticeCase]
) -> None:
    allowed = {scale.id for scale in star.scales if scale.not_applicable}
    used = {s for case in cases for s, r in case.scores.items() if r.score == "n/a"}
    assert used
    assert used <= allowed
