"""The rules a draft changes by, as the terminal UI and `readings revise` both apply them."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from starframe.definition.load import load_star_text
from starframe.definition.models import Star
from starframe.readings import editing
from starframe.readings.models import ActionItem, Reading
from tests.readings.conftest import tiny_text

TODAY = dt.date(2024, 6, 1)


@pytest.fixture
def star() -> Star:
    found = load_star_text(tiny_text()).star
    assert found is not None
    return found


@pytest.fixture
def draft() -> Reading:
    return Reading.model_validate(
        {
            "star": "tiny",
            "edition": "1.0",
            "person": "P-0001",
            "worker": "W-01",
            "date": dt.date(2024, 3, 1),
            "status": "draft",
            "scores": {"home": 2, "health": "n/a"},
            "person_scores": {"home": 3},
            "not_applicable_reasons": {"health": "No health worker yet"},
            "notes": {"home": "Hostel place"},
        }
    )


def test_a_score_clears_the_reason_and_a_disagreement_it_settles(draft: Reading) -> None:
    scored = editing.scored(draft, "health", 4)
    assert scored.scores["health"] == 4
    assert "health" not in scored.not_applicable_reasons
    settled = editing.scored(draft, "home", 3)
    assert "home" not in settled.person_scores, "the worker now agrees with the person"
    kept = editing.scored(draft, "home", 1)
    assert kept.person_scores == {"home": 3}


def test_not_applicable_drops_the_persons_score_and_toggles_back_to_do(draft: Reading) -> None:
    marked = editing.given(draft, "home", "n/a")
    assert marked.scores["home"] == "n/a"
    assert "home" not in marked.person_scores
    assert marked.notes["home"] == "Hostel place"
    cleared = editing.toggled_not_applicable(draft, "health")
    assert "health" not in cleared.scores
    assert "health" not in cleared.not_applicable_reasons


def test_a_disagreement_equal_to_the_workers_score_is_none(draft: Reading) -> None:
    assert editing.disagreed(draft, "home", 2).person_scores == {}
    assert editing.disagreed(draft, "home", 4).person_scores == {"home": 4}
    assert editing.disagreed(draft, "home", None).person_scores == {}


def test_a_note_is_trimmed_a_blank_one_removed_and_new_text_checked(draft: Reading) -> None:
    assert editing.noted(draft, "money", "  Budget agreed \n").notes["money"] == "Budget agreed"
    assert "home" not in editing.noted(draft, "home", "   ").notes
    with pytest.raises(ValidationError, match="U\\+001B"):
        editing.noted(draft, "money", "m\x1b[2J")


def test_the_action_plan_and_the_details(draft: Reading) -> None:
    item = ActionItem.model_validate({"scale": "home", "goal": "Find a flat"})
    planned = editing.with_action(editing.with_action(draft, item), item)
    assert len(planned.actions) == 2
    assert len(editing.without_action(planned, 0).actions) == 1
    corrected = editing.with_details(draft, editing.Details(worker="W-02", retrospective=True))
    assert (corrected.worker, corrected.retrospective, corrected.mode) == (
        "W-02",
        True,
        draft.mode,
    )


def test_completion_waits_for_every_scale(draft: Reading, star: Star) -> None:
    problems = editing.completion_problems(draft, star, today=TODAY)
    names = {scale.id: scale.name for scale in star.scales}
    assert problems == [f"Still to do: {names['money']}."], "each once, scales by name"
    done = editing.scored(draft, "money", 3)
    assert editing.completion_problems(done, star, today=TODAY) == []
    assert editing.completed(done).status == "complete"
    assert editing.completion_problems(editing.completed(done), star, today=TODAY) == []
