"""Whole flows driven by keys, checked against what the store holds afterwards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from starframe.tui.app import StarframeApp
from tests.tui.conftest import (
    JUSTICE_SCALES,
    TODAY,
    drive,
    keys,
    screen_text,
    settle,
    stored_readings,
    type_text,
)

App = Callable[..., StarframeApp]


def screen_name(pilot: Pilot[Any]) -> str:
    return type(pilot.app.screen).__name__


async def start_reading(pilot: Pilot[Any], person: str, worker: str) -> None:
    """Home › New reading, for people and workers already recorded."""
    await keys(pilot, "n")
    await type_text(pilot, person)
    await keys(pilot, "tab")
    await type_text(pilot, worker)
    await keys(pilot, "ctrl+s")
    assert screen_name(pilot) == "ScoringScreen", screen_text(pilot.app)


def test_a_ten_scale_reading_is_completed_by_keys_and_stored(
    tui: App, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    noted = {2: "n2", 6: "n6", 10: "n10"}
    monkeypatch.chdir(tmp_path)
    report = tmp_path / f"P-0001-justice-{TODAY.isoformat()}.pdf"

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "n")
        await type_text(pilot, "P-0001")
        await keys(pilot, "tab")
        await type_text(pilot, "W-1")
        await keys(pilot, "ctrl+s")
        assert screen_name(pilot) == "AddPersonDialog"
        await keys(pilot, "ctrl+s")
        assert screen_name(pilot) == "AddWorkerDialog"
        await type_text(pilot, "Wen")
        await keys(pilot, "ctrl+s")
        assert screen_name(pilot) == "ScoringScreen"
        for number in range(1, 11):
            if number in noted:
                await pilot.press("n", *noted[number], "ctrl+s")
            await pilot.press(str(number % 10))  # a first score moves on to the next scale
        await settle(pilot)
        assert "10 of 10 scored" in screen_text(pilot.app)
        await keys(pilot, "f", "a")
        await type_text(pilot, "Rent")
        await keys(pilot, "ctrl+s", "c")
        assert screen_name(pilot) == "ConfirmDialog"
        await keys(pilot, "y")
        assert "Complete. Its scores are locked." in screen_text(pilot.app)
        await keys(pilot, "p", "ctrl+s")
        assert "Saved the report as" in screen_text(pilot.app)
        await keys(pilot, "escape", "9")
        assert "Complete: scores locked." in screen_text(pilot.app)

    drive(tui(), scenario)
    [reading] = stored_readings(db, status="complete")
    assert reading.person == "P-0001"
    assert reading.worker == "W-1"
    assert reading.scores == {scale: n % 10 or 10 for n, scale in enumerate(JUSTICE_SCALES, 1)}
    assert reading.scores["crime-free-life"] == 10, "the last scale, scored with 0"
    assert reading.notes == {JUSTICE_SCALES[n - 1]: note for n, note in noted.items()}
    assert [item.goal for item in reading.actions] == ["Rent"]
    assert not stored_readings(db, status="draft")
    assert report.read_bytes().startswith(b"%PDF")
    assert report.stat().st_mode & 0o077 == 0, "a report about a person is private"


def test_a_draft_is_resumed_after_the_app_closed_mid_reading(tui: App, seeded: Path) -> None:
    async def first_sitting(pilot: Pilot[Any]) -> None:
        await start_reading(pilot, "P-0007", "W-01")
        await keys(pilot, "3", "4", "5")

    async def second_sitting(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c")
        assert "P-0007" in screen_text(pilot.app)
        await keys(pilot, "enter")
        assert screen_name(pilot) == "ScoringScreen"
        text = screen_text(pilot.app)
        assert "3 of 10 scored" in text
        assert "4/10 Friends" in text, "resumes at the first scale still to do"
        await keys(pilot, "6")

    drive(tui(), first_sitting)
    [draft] = stored_readings(seeded, person="P-0007")
    assert draft.status == "draft"
    assert draft.scores == {"accommodation": 3, "living-skills": 4, "mental-health": 5}
    drive(tui(), second_sitting)
    [draft] = stored_readings(seeded, person="P-0007")
    assert draft.scores["friends-community"] == 6
    assert len(draft.scores) == 4


def test_not_applicable_only_where_the_star_allows_it(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await start_reading(pilot, "P-0007", "W-01")
        await keys(pilot, "x")
        text = screen_text(pilot.app)
        assert "1/10 Accommodation" in text
        assert "· to do" in text
        await keys(pilot, *["right"] * 5, "x")
        text = screen_text(pilot.app)
        assert "6/10 Parenting and caring" in text
        assert "– not applicable" in text
        assert "– n/a" in text
        assert "1 not applicable" in text

    drive(tui(), scenario)
    [draft] = stored_readings(seeded, person="P-0007")
    assert draft.scores == {"parenting-caring": "n/a"}


def test_a_disagreement_keeps_both_values_until_removed(tui: App, seeded: Path) -> None:
    def draft() -> Any:
        [found] = stored_readings(seeded, person="P-0007")
        return found

    async def scenario(pilot: Pilot[Any]) -> None:
        await start_reading(pilot, "P-0007", "W-01")
        await keys(pilot, "4", "left", "d")
        assert screen_name(pilot) == "DisagreementDialog"
        await keys(pilot, "6")
        text = screen_text(pilot.app)
        assert "✓ score 4 (Accepting help); person's view 6 ≠" in text
        assert "◇ person's view" in text
        assert (draft().scores, draft().person_scores) == (
            {"accommodation": 4},
            {"accommodation": 6},
        )
        await keys(pilot, "ctrl+p")
        await type_text(pilot, "disag")
        await keys(pilot, "enter")
        assert screen_name(pilot) == "DisagreementDialog", "the palette runs the screen's actions"
        await keys(pilot, "r")
        assert "person's view" not in screen_text(pilot.app)

    drive(tui(), scenario, size=(120, 40))
    assert draft().person_scores == {}


def test_history_lists_readings_and_charts_first_against_latest(tui: App, seeded: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "f")
        await type_text(pilot, "alex")
        await settle(pilot)
        assert "1 of 2 people match" in screen_text(pilot.app)
        await keys(pilot, "enter")
        assert screen_name(pilot) == "HistoryScreen"
        text = screen_text(pilot.app)
        assert "3 reading(s), 2 complete" in text
        assert "latest 2024-03-15" in text
        assert "first 2024-01-10" in text
        await keys(pilot, "down", "enter")
        assert screen_name(pilot) == "ChartScreen"
        text = screen_text(pilot.app)
        assert "this reading 2024-03-15" in text
        assert "previous 2024-01-10" in text
        await keys(pilot, "escape", "up", "enter")
        assert screen_name(pilot) == "ScoringScreen"
        assert "2 of 10 scored" in screen_text(pilot.app)

    drive(tui(), scenario, size=(120, 40))


def test_history_bridges_a_newer_comparable_edition(tui: App, seeded: Path) -> None:
    """A Justice 1.1 that supersedes 1.0: the history charts the 1.1 reading against the first
    1.0 one, as `summary cohort` bridges them, not as a journey of one reading."""
    import datetime as dt

    from starframe.readings.models import Reading
    from starframe.readings.store import open_store
    from tests.conftest import SHIPPED_STARS

    text = SHIPPED_STARS["justice"].read_text("utf-8")
    newer = text.replace('edition: "1.0"', 'edition: "1.1"\nsupersedes:\n  edition: "1.0"', 1)
    latest = Reading.model_validate(
        {
            "star": "justice",
            "edition": "1.1",
            "person": "P-0042",
            "worker": "W-01",
            "date": dt.date(2024, 6, 1),
            "scores": dict.fromkeys(JUSTICE_SCALES, 6),
        }
    )
    with open_store(str(seeded)) as store, store.write() as writer:
        stored = writer.put_definition(newer.encode("utf-8"))
        writer.add_reading(latest, definitions={("justice", "1.1"): stored})

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "f")
        await type_text(pilot, "alex")
        await settle(pilot)
        await keys(pilot, "enter")
        assert screen_name(pilot) == "HistoryScreen"
        text = screen_text(pilot.app)
        assert "4 reading(s), 3 complete" in text
        assert "latest 2024-06-01" in text
        assert "first 2024-01-10" in text

    drive(tui(), scenario, size=(120, 40))


def toasts(pilot: Pilot[Any]) -> list[str]:
    """The notifications showing (toasts are drawn over the screen, not in its text)."""
    return [notification.message for notification in pilot.app._notifications]


def _points_star(points: int) -> str:
    """A 3-scale Star of `points` points, named to be the default on the start screen."""
    third = points // 3
    stages = [(1, third), (third + 1, 2 * third), (2 * third + 1, points)]
    lines = [
        "starframe: 1",
        "kind: star",
        "id: aaa",
        "name: Aaa Star",
        'edition: "1.0"',
        "status: draft",
        "language: en",
        "summary: For tests.",
        "audience: Workers.",
        "licence: CC-BY-4.0",
        "attribution: Tests.",
        f"points: {points}",
        "journey:",
        *(
            f"  - {{id: s{n}, name: Stage {n}, points: [{a}, {b}], summary: Stage {n}.}}"
            for n, (a, b) in enumerate(stages, 1)
        ),
        "scales:",
    ]
    for scale in ("rent", "home", "friends"):
        lines += [f"  - id: {scale}", f"    name: {scale.title()}", f"    label: {scale.title()}"]
        lines += [f"    summary: {scale.title()}.", "    ladder:"]
        lines += [f"      {p}: Point {p} of {scale}." for p in range(1, points + 1)]
    return "\n".join(lines) + "\n"


def test_the_score_keys_are_the_stars_own_and_a_key_that_scores_nothing_says_why(
    tui: App, seeded: Path, tmp_path: Path
) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "aaa.yaml").write_text(_points_star(5), "utf-8")

    async def scenario(pilot: Pilot[Any]) -> None:
        await start_reading(pilot, "P-0042", "W-01")
        text = screen_text(pilot.app)
        assert "1…5" in text
        assert "1…0" not in text
        await keys(pilot, "7")
        assert "Rent runs 1–5: type a point from 1 to 5." in screen_text(pilot.app)
        await keys(pilot, "x")
        assert "Rent is always scored: no n/a on this Star." in screen_text(pilot.app)
        assert toasts(pilot) == [], "said in the status line, not in a passing popup"
        await keys(pilot, "3")
        assert "Saved Rent; now Home (1 of 3 done)." in screen_text(pilot.app)

    drive(tui(stars_dirs=(drafts,)), scenario, size=(120, 40))


def test_points_above_nine_are_typed_as_two_digits(tui: App, seeded: Path, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "aaa.yaml").write_text(_points_star(12), "utf-8")

    async def scenario(pilot: Pilot[Any]) -> None:
        await start_reading(pilot, "P-0042", "W-01")
        pilot.app.moves_on_after_score = False  # each point is read back on its own scale
        assert "1…12" in screen_text(pilot.app)
        await pilot.press("1", "2")
        await settle(pilot)
        assert "✓ score 12" in screen_text(pilot.app)
        await keys(pilot, "right")
        await pilot.press("1")
        await pilot.pause(1.2)  # alone, past the wait for a second digit: point 1
        await settle(pilot)
        assert "✓ score 1 (Stage 1)" in screen_text(pilot.app)
        await keys(pilot, "right", "5")
        assert "✓ score 5 (Stage 2)" in screen_text(pilot.app)
        assert "3 of 3 scored" in screen_text(pilot.app)

    drive(tui(stars_dirs=(drafts,)), scenario, size=(120, 40))
