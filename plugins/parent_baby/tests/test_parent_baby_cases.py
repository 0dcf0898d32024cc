"""The Parent and Baby Star's practice cases: registered, fit the Star, and span the journey."""

from __future__ import annotations

from starframe_parent_baby import PRACTICE, STARS, starframe_register_practice_cases

from starframe.testing import (
    case_files,
    case_set_problems,
    load_shipped_cases,
    load_shipped_star,
)

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../../schemas/practice.schema.json\n"


def test_the_plugin_registers_its_practice_folder() -> None:
    registered: list[object] = []
    starframe_register_practice_cases(register=registered.append)
    assert registered == [PRACTICE]


def test_every_case_fits_the_star_and_the_set_spans_the_journey() -> None:
    star = load_shipped_star(STARS / "parent-baby.yaml")
    cases = load_shipped_cases(star, PRACTICE)
    assert case_set_problems(star, cases) == []
    assert [f"{case.id}.yaml" for case in cases] == [item.name for item in case_files(PRACTICE)]


def test_every_case_file_names_its_schema_for_editors() -> None:
    for item in case_files(PRACTICE):
        assert item.read_text(encoding="utf-8").startswith(SCHEMA_COMMENT), item.name
