"""The bugs found using the app as a worker and as a trainer (issue 17), each driven by keys.

Each test failed before its fix: it presses what the person pressed and checks what the screen
says and what the store holds afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from starframe.tui.app import StarframeApp
from tests.tui.conftest import (
    drive,
    keys,
    open_practice_session,
    practice_cases,
    screen_text,
    stored_readings,
    submit_practice,
    type_text,
)

App = Callable[..., StarframeApp]


def screen_name(pilot: Pilot[Any]) -> str:
    return type(pilot.app.screen).__name__


def people_and_workers(db: Path) -> tuple[list[str], list[str]]:
    from starframe.readings.store import open_store

    with open_store(str(db)) as store, store.read() as reader:
        return [p.code for p in reader.people()], [w.code for w in reader.workers()]


async def fill_start(
    pilot: Pilot[Any], person: str, worker: str, date: str = "", mode: str = ""
) -> None:
    """Home › Start a reading, the form filled as typed (the date replaced when given)."""
    await keys(pilot, "n")
    await type_text(pilot, person)
    await keys(pilot, "tab")
    await type_text(pilot, worker)
    screen = pilot.app.screen
    if date:
        screen.query_one("#start-date", Input).value = date
    if mode:
        screen.query_one("#start-mode", Select).value = mode
    await keys(pilot, "ctrl+s")


# 1. The whole form is checked before anything is saved


def test_a_future_date_is_refused_before_anyone_new_is_asked_for_or_saved(
    tui: App, db: Path
) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await fill_start(pilot, "P-0042", "W-09", "2030-01-01")
        assert screen_name(pilot) == "StartScreen", "no dialog for a form that cannot start"
        assert "2030-01-01 is in the future" in screen_text(pilot.app)

    drive(tui(), scenario)
    assert people_and_workers(db) == ([], [])
    assert stored_readings(db) == []


def test_a_reading_before_the_new_persons_consent_saves_neither_of_them(tui: App, db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await fill_start(pilot, "P-0042", "W-09", "2024-05-01")
        assert screen_name(pilot) == "AddPersonDialog"
        pilot.app.screen.query_one("#person-consent", Input).value = "2024-05-20"
        await keys(pilot, "ctrl+s")
        assert screen_name(pilot) == "StartScreen", screen_text(pilot.app)
        text = screen_text(pilot.app)
        assert "before P-0042 consented" in text
        assert "`" not in text, "the form's words, not the file format's"

    drive(tui(), scenario)
    assert people_and_workers(db) == ([], [])


def test_new_person_worker_and_draft_are_stored_together(tui: App, db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await fill_start(pilot, "P-0042", "W-09")
        await keys(pilot, "ctrl+s")
        assert screen_name(pilot) == "AddWorkerDialog"
        assert people_and_workers(db) == ([], []), "nothing stored before the form is whole"
        await type_text(pilot, "Wen")
        await keys(pilot, "ctrl+s")
        assert screen_name(pilot) == "ScoringScreen"

    drive(tui(), scenario)
    assert people_and_workers(db) == (["P-0042"], ["W-09"])
    assert len(stored_readings(db, status="draft")) == 1


# 2. A second draft for the same person, Star and date


def test_a_draft_kept_for_the_same_day_is_offered_and_continued(tui: App, seeded: Path) -> None:
    [kept] = stored_readings(seeded, status="draft")

    async def scenario(pilot: Pilot[Any]) -> None:
        await fill_start(pilot, "P-0042", "W-01", kept.date.isoformat())
        assert screen_name(pilot) == "ConfirmDialog"
        assert "already has a draft" in screen_text(pilot.app)
        await keys(pilot, "y")
        assert screen_name(pilot) == "ScoringScreen"
        assert "2 of 10 scored" in screen_text(pilot.app)

    drive(tui(), scenario)
    assert [r.id for r in stored_readings(seeded, status="draft")] == [kept.id]


def test_another_draft_for_the_day_is_started_only_when_asked_for(tui: App, seeded: Path) -> None:
    [kept] = stored_readings(seeded, status="draft")

    async def scenario(pilot: Pilot[Any]) -> None:
        await fill_start(pilot, "P-0042", "W-01", kept.date.isoformat())
        await keys(pilot, "escape")
        assert screen_name(pilot) == "StartScreen", "Escape chooses neither"
        await keys(pilot, "ctrl+s", "n")
        assert screen_name(pilot) == "ScoringScreen"

    drive(tui(), scenario)
    assert len(stored_readings(seeded, status="draft")) == 2


# 8. A read-only database is said at once


def test_a_read_only_database_is_said_at_home_and_nothing_claims_saved(
    tui: App, seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.access

    def access(path: Any, mode: int, **options: Any) -> bool:
        if Path(path) == seeded and mode & os.W_OK:
            return False  # as for anyone but root on a file without write permission
        return real(path, mode, **options)

    monkeypatch.setattr(os, "access", access)

    async def scenario(pilot: Pilot[Any]) -> None:
        text = screen_text(pilot.app)
        assert "read-only" in text, text
        await keys(pilot, "c", "enter")
        assert screen_name(pilot) == "ScoringScreen"
        text = screen_text(pilot.app)
        assert "Draft saved." not in text
        assert "Read-only" in text
        await keys(pilot, "7")
        assert "Saved." not in screen_text(pilot.app)

    drive(tui(), scenario)
    [draft] = stored_readings(seeded, status="draft")
    assert draft.scores == {"accommodation": 6, "living-skills": 5}


# 3. `d` outside a collaborative reading


def test_d_on_a_worker_only_reading_opens_nothing_and_says_why(tui: App, db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await fill_start(pilot, "P-0042", "W-09", mode="worker-only")
        await keys(pilot, "ctrl+s")
        await type_text(pilot, "Wen")
        await keys(pilot, "ctrl+s", "4")
        assert not pilot.app.screen.active_bindings["d"].enabled, "shown dimmed"
        await keys(pilot, "d")
        assert screen_name(pilot) == "ScoringScreen", "no dialog that cannot be saved"
        text = screen_text(pilot.app)
        assert "Disagreements belong to collaborative readings; this one is worker-only." in text
        assert "person_scores" not in text

    drive(tui(), scenario)
    [draft] = stored_readings(db, status="draft")
    assert draft.person_scores == {}


# 6. What stops completing is said once, in the worker's words


def test_finish_names_what_is_left_once_and_c_says_why_it_waits(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "f")
        assert screen_name(pilot) == "FinishScreen"
        text = screen_text(pilot.app)
        assert text.count("Still to do") == 1, text
        assert "`" not in text
        assert "status: draft" not in text
        await keys(pilot, "c")
        assert screen_name(pilot) == "FinishScreen", "nothing to confirm yet"
        text = screen_text(pilot.app)
        assert text.count("Still to do") == 1, text
        assert "Not complete yet" in text

    drive(tui(), scenario)


# 7. The action plan's dialog and Delete


def test_action_dialog_clears_its_error_and_refuses_a_date_before_the_reading(
    tui: App, seeded: Path
) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "f", "a", "ctrl+s")
        assert "must not be empty" in screen_text(pilot.app)
        await type_text(pilot, "Rent")
        await keys(pilot)
        assert "must not be empty" not in screen_text(pilot.app)
        pilot.app.screen.query_one("#action-by", Input).value = "2021-05-20"
        await keys(pilot, "ctrl+s")
        assert screen_name(pilot) == "ActionItemDialog"
        assert "2021-05-20 is before the reading (2024-05-20)" in screen_text(pilot.app)
        pilot.app.screen.query_one("#action-by", Input).value = "2024-07-01"
        await keys(pilot, "ctrl+s")
        assert screen_name(pilot) == "FinishScreen"
        assert "1 step(s)" in screen_text(pilot.app)

    drive(tui(), scenario)
    [draft] = stored_readings(seeded, status="draft")
    assert [(a.goal, a.by) for a in draft.actions] == [("Rent", dt.date(2024, 7, 1))]


def test_delete_in_the_action_plan_asks_before_removing_a_step(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "f", "a")
        await type_text(pilot, "Rent")
        await keys(pilot, "ctrl+s", "delete")
        assert screen_name(pilot) == "ConfirmDialog"
        assert "Remove step 1 of the action plan (Accommodation: Rent)?" in screen_text(pilot.app)
        await keys(pilot, "n")
        assert "1 step(s)" in screen_text(pilot.app)
        await keys(pilot, "delete", "y")
        assert "No action plan yet" in screen_text(pilot.app)

    drive(tui(), scenario)
    [draft] = stored_readings(seeded, status="draft")
    assert draft.actions == []


# 9. The trainer's screen


def reference_answers(case_id: str) -> dict[str, Any]:
    found = practice_cases().find(case_id).case
    assert found is not None
    return {scale: given.score for scale, given in found.scores.items()}


def test_the_trainer_sees_kappa_an_unscored_scale_to_discuss_and_one_wording(
    tui: App, db: Path
) -> None:
    dean = "dean-after-release"
    code = open_practice_session(db, [dean])
    answers = reference_answers(dean)
    answers.pop("crime-free-life")
    submit_practice(db, code, "Ana Silva", dean, answers)
    submit_practice(db, code, "Ben Okoro", dean, answers)

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "p", "ctrl+t")
        await type_text(pilot, code)
        await keys(pilot, "enter")
        text = screen_text(pilot.app)
        assert "Kappa" in text, text
        rows = [
            line.strip(" │┃")  # ┃ while the results have the focus
            for line in text.splitlines()
            if "Ana Silva" in line or "Ben Okoro" in line
        ]
        assert len(rows) == 2
        assert all("PASSED" in row for row in rows), rows
        assert rows[0].endswith(" (9)"), "the kappa with the scales it rests on"
        assert "weighted kappa against the reference, on n scales" in text
        assert "To discuss: A crime-free life (2 not scored)." in text

    drive(tui(), scenario, size=(120, 40))


def test_an_unknown_code_tells_the_trainer_in_a_trainers_words(tui: App, db: Path) -> None:
    open_practice_session(db, ["dean-after-release"])

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "p", "ctrl+t")
        await type_text(pilot, "abc-def")
        await keys(pilot, "enter")
        text = screen_text(pilot.app)
        assert "There is no practice session ABC-DEF: check the code typed." in text
        assert "your trainer gave you" not in text
        assert "Open sessions, newest first" in text

    drive(tui(), scenario, size=(120, 40))


# Rough edges


def test_a_new_reading_from_the_history_suggests_the_persons_latest_worker(
    tui: App, seeded: Path
) -> None:
    from starframe.readings.models import Worker
    from starframe.readings.store import open_store

    with open_store(str(seeded)) as store, store.write() as writer:
        writer.add_worker(Worker(code="W-02", name="Jo Bell"))

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "f")
        await type_text(pilot, "P-0042")
        await keys(pilot, "enter", "n")
        assert screen_name(pilot) == "StartScreen"
        assert pilot.app.screen.query_one("#start-worker", Input).value == "W-01"

    drive(tui(), scenario)


def test_the_action_plan_shows_each_steps(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "f", "a")
        await type_text(pilot, "Rent")
        pilot.app.screen.query_one("#action-steps", Input).value = "Call the landlord"
        await keys(pilot, "ctrl+s")
        assert "Call the landlord" in screen_text(pilot.app)

    drive(tui(), scenario, size=(120, 40))
