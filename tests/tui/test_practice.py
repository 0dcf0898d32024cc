"""Practice in the UI: a trainee scores a case and reads the feedback; a trainer follows a session.

Expected feedback is worked out here from the case and Star files themselves (read as plain
YAML), not through `starframe.practice`, so a mistake there cannot hide behind the same
mistake here. Group figures are compared with `session_results`, the function the CLI's
`practice results` prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from textual.pilot import Pilot
from textual.widgets import OptionList

from starframe.practice.sessions import list_sessions, load_session, session_results
from starframe.readings.store import open_store
from starframe.tui.app import StarframeApp
from tests.tui.conftest import (
    JUSTICE_SCALES,
    PRACTICE_CASES,
    SHIPPED_STARS,
    answer_justice,
    choose_case,
    drive,
    keys,
    open_practice_session,
    practice_as,
    practice_cases,
    screen_text,
    stored_readings,
    submit_practice,
    type_text,
)

App = Callable[..., StarframeApp]
DEAN = "dean-after-release"
ANA = {
    "accommodation": 4,
    "living-skills": 3,
    "mental-health": 5,
    "friends-community": 2,
    "relationships-family": 2,
    "parenting-caring": "n/a",
    "drugs-alcohol": 3,
    "positive-use-of-time": 2,
    "managing-feelings": 1,
}
"""Dean's reference is 3 3 2 2 2 2 3 2 1 3: one point off on accommodation (same stage), three
off into another stage on mental health, n/a against a score on parenting, and the last scale
(crime-free life) left unscored."""
BEN = dict(zip(JUSTICE_SCALES, [3, 4, 2, 3, 2, 2, 3, 2, 2, 3], strict=True))


def read_yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def expected_feedback(answers: dict[str, Any]) -> tuple[list[tuple[str, str]], str]:
    """Per scale (judgement and name line, comparison line), and the verdict, from the files."""
    star = read_yaml(SHIPPED_STARS["justice"])
    case = read_yaml(PRACTICE_CASES["justice"] / f"{DEAN}.yaml")
    stages = {
        point: stage["name"]
        for stage in star["journey"]
        for point in range(stage["points"][0], stage["points"][1] + 1)
    }

    def shown(value: Any) -> str:
        return f"{value} ({stages[value]})" if isinstance(value, int) else str(value)

    lines, in_stage, distances = [], 0, []
    for number, scale in enumerate(star["scales"], start=1):
        own, ref = answers.get(scale["id"]), case["scores"][scale["id"]]["score"]
        numeric = isinstance(own, int) and isinstance(ref, int)
        same = own == ref or (numeric and stages[own] == stages[ref])
        in_stage += same
        off = abs(own - ref) if numeric else None
        if off is not None:
            distances.append(off)
        if own is None:
            mark = "✗ not scored"
        elif same:
            mark = "✓ exact" if own == ref else "✓ same stage"
        else:
            mark = "✗ other stage"
        gap = "no distance" if off is None else f"{off} point{'' if off == 1 else 's'} off"
        you = "Not scored" if own is None else f"You {shown(own)}"
        lines.append(
            (f"{mark:<14} {number}. {scale['name']}", f"{you} · reference {shown(ref)} · {gap}")
        )
    passed = in_stage / len(star["scales"]) >= 0.8 and sum(distances) / len(distances) <= 1
    return lines, "PASSED" if passed else "NOT YET"


def screen_name(pilot: Pilot[Any]) -> str:
    return type(pilot.app.screen).__name__


def test_a_trainee_scores_a_case_alone_and_sees_the_feedback(tui: App, db: Path) -> None:
    lines, verdict = expected_feedback(ANA)
    assert verdict == "NOT YET"

    async def scenario(pilot: Pilot[Any]) -> None:
        await practice_as(pilot, "Ana Silva")
        assert screen_name(pilot) == "PracticeStartScreen"
        await choose_case(pilot, "Dean")
        assert screen_name(pilot) == "PracticeScoringScreen"
        assert "Dean is 34 and left prison" in screen_text(pilot.app), "the vignette"
        assert "1/10 Accommodation" in screen_text(pilot.app), "beside the ladder"
        await answer_justice(pilot, ANA)
        assert "now Crime-free life (9 of 10 done)" in screen_text(pilot.app)
        await keys(pilot, "f")
        assert screen_name(pilot) == "ConfirmDialog"
        assert "1 scale(s) not scored: A crime-free life" in screen_text(pilot.app)
        await keys(pilot, "y")
        assert screen_name(pilot) == "FeedbackScreen"
        text = screen_text(pilot.app)
        for head, compared in lines:
            assert head in text
            assert compared in text
        assert verdict in text
        assert "7 of 10 scales in the reference stage · 6 exact · 7 within one point" in text
        assert "mean difference 0.50 points · 1 not scored" in text
        assert "✗ 7 of 10 scales in the reference stage; the rule asks for 80%." in text
        assert "The rule: at least 80% of scales in the reference stage" in text
        assert "Practice alone: no certificate" in text
        await keys(pilot, "escape")
        assert screen_name(pilot) == "PracticeStartScreen"

    drive(tui(), scenario, size=(140, 90))
    assert stored_readings(db) == [], "practice is never a reading"
    with open_store(str(db)) as store, store.read() as reader:
        assert reader.people() == []
        assert reader.counts()["readings"] == 0
        assert list_sessions(reader.connection) == [], "solo practice is not a trainer's session"
        [solo] = list_sessions(reader.connection, include_solo=True)
        found = session_results(reader.connection, solo.session.code, practice_cases())
    assert solo.session.solo
    assert list(found.cases[0].feedback) == ["Ana Silva"]


def test_two_trainees_in_one_session_give_the_trainer_the_group_results(tui: App, db: Path) -> None:
    code = open_practice_session(db, [DEAN, "kerry-community-order"])
    submit_practice(db, code, "Ben Okoro", DEAN, BEN)
    typed = code.replace("-", "").lower()

    async def scenario(pilot: Pilot[Any]) -> None:
        await practice_as(pilot, "Ana Silva", typed)
        text = screen_text(pilot.app)
        assert f"Cases of session {code}" in text
        assert "Tomasz" not in text, "only the session's cases"
        await choose_case(pilot, "Dean")
        assert f"session {code} · Ana Silva" in screen_text(pilot.app)
        await answer_justice(pilot, ANA)
        await keys(pilot, "f", "y")
        assert screen_name(pilot) == "FeedbackScreen"
        assert "NOT YET" in screen_text(pilot.app)
        await keys(pilot, "escape")
        assert "✓ Dean, ten days after release  (done)" in screen_text(pilot.app)
        await keys(pilot, "ctrl+t")
        assert screen_name(pilot) == "TrainerScreen"
        text = screen_text(pilot.app)
        with open_store(str(db)) as store, store.read() as reader:
            results = session_results(reader.connection, code, practice_cases())
        dean, kerry = results.cases
        assert list(dean.feedback) == ["Ben Okoro", "Ana Silva"]
        assert dean.group is not None
        for name, given in dean.feedback.items():
            row = f"{given.in_stage}/10"
            assert any(name in line and row in line for line in text.splitlines()), name
            mad = f"{given.mad:.2f}"
            assert any(name in line and mad in line for line in text.splitlines()), name
        assert "PASSED" in text
        assert "NOT YET" in text
        for label, found in (("points", dean.group.points), ("stages", dean.group.stages)):
            assert found.alpha.value is not None
            assert found.icc.value is not None
            assert found.icc.low is not None
            assert found.icc.high is not None
            # Each coefficient says the scales and trainees it rests on (issue 13).
            alpha = f"{found.alpha.value:.2f} ({found.alpha.units} scales, 2 trainees)"
            assert (
                f"Group on {label}: alpha {alpha}; ICC {found.icc.value:.2f} "
                f"{found.icc.band} (95% CI {found.icc.low:.2f} to {found.icc.high:.2f}"
            ) in text
            assert f"{found.icc.units} scales, 2 trainees)" in text
        assert "To discuss: " in text
        assert kerry.group is None
        assert "No answers yet." in text
        submit_practice(db, code, "Cy Evans", "kerry-community-order", {"accommodation": 5})
        await keys(pilot, "r")
        assert "Cy Evans" in screen_text(pilot.app), "a new answer shows without leaving"

    drive(tui(), scenario, size=(140, 90))
    assert stored_readings(db) == []


def test_passing_every_case_of_a_star_in_a_session_records_a_certificate(
    tui: App, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARFRAME_REFRESHER_MONTHS", "12")
    code = open_practice_session(db, [DEAN])
    today = dt.datetime.now(dt.UTC).date()
    leap_day = (today.month, today.day) == (2, 29)
    due = today.replace(year=today.year + 1, day=28 if leap_day else today.day)

    async def scenario(pilot: Pilot[Any]) -> None:
        await practice_as(pilot, "Ana Silva", code)
        await choose_case(pilot, "Dean")
        await answer_justice(pilot, BEN)
        await keys(pilot, "f", "y")
        text = screen_text(pilot.app)
        assert "PASSED" in text
        assert f"★ Certificate recorded: Ana Silva passed the Justice Star 1.0 on {today}" in text
        assert f"refresher due {due}." in text

    drive(tui(), scenario, size=(140, 40))


def test_an_unknown_session_code_is_told_on_the_screen(tui: App) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await practice_as(pilot, "Ana", "abc-def")
        text = screen_text(pilot.app)
        assert "there is no practice session ABC-DEF" in text
        assert "check the code your trainer gave you" in text
        await keys(pilot, "enter")
        assert screen_name(pilot) == "PracticeStartScreen", "no case to open"

    drive(tui(), scenario)


def test_a_closed_session_refuses_the_answers_and_keeps_them_on_screen(tui: App, db: Path) -> None:
    code = open_practice_session(db, [DEAN], closed=True)

    async def scenario(pilot: Pilot[Any]) -> None:
        await practice_as(pilot, "Ana", code)
        assert f"Session {code} is closed" in screen_text(pilot.app)
        await choose_case(pilot, "Dean")
        await answer_justice(pilot, BEN)
        await keys(pilot, "f", "y")
        assert screen_name(pilot) == "MessageDialog"
        text = screen_text(pilot.app)
        assert "The session is closed" in text
        assert f"session {code} was closed" in text
        await keys(pilot, "enter")
        assert screen_name(pilot) == "PracticeScoringScreen"
        assert pilot.app.screen.attempt.scores == BEN  # type: ignore[attr-defined]
        assert "10 of 10 scored" in screen_text(pilot.app)

    drive(tui(), scenario)


def test_answers_given_elsewhere_under_the_same_name_are_not_replaced(tui: App, db: Path) -> None:
    code = open_practice_session(db, [DEAN])

    async def scenario(pilot: Pilot[Any]) -> None:
        await practice_as(pilot, "Ana", code)
        await choose_case(pilot, "Dean")
        await answer_justice(pilot, ANA)
        submit_practice(db, code, "Ana", DEAN, BEN)
        await keys(pilot, "f", "y")
        assert screen_name(pilot) == "MessageDialog"
        assert "Already answered" in screen_text(pilot.app)
        await keys(pilot, "enter")
        assert pilot.app.screen.attempt.scores == ANA  # type: ignore[attr-defined]
        await keys(pilot, "escape", "y")
        assert "✓ Dean, ten days after release  (done)" in screen_text(pilot.app)
        await keys(pilot, "enter")
        assert screen_name(pilot) == "MessageDialog", "a done case is not opened again"

    drive(tui(), scenario)
    with open_store(str(db)) as store, store.read() as reader:
        [found] = session_results(reader.connection, code, practice_cases()).cases
    assert found.feedback["Ana"].in_stage == 9, "the first answers stand: Ben's scores, 9 in stage"


def test_a_case_answered_under_other_capitals_is_marked_done(tui: App, db: Path) -> None:
    """The session stores "Ana Silva" once; typed "ana  silva" it is the same trainee."""
    code = open_practice_session(db, [DEAN])
    submit_practice(db, code, "Ana Silva", DEAN, ANA)

    async def scenario(pilot: Pilot[Any]) -> None:
        await practice_as(pilot, "ana  silva", code)
        assert "✓ Dean, ten days after release  (done)" in screen_text(pilot.app)
        await choose_case(pilot, "Dean")
        assert screen_name(pilot) == "MessageDialog", "a done case is not opened again"

    drive(tui(), scenario)


def test_a_broken_case_is_listed_with_its_reason_and_cannot_be_chosen(
    tui: App, tmp_path: Path
) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    text = (PRACTICE_CASES["justice"] / f"{DEAN}.yaml").read_text(encoding="utf-8")
    broken = text.replace(f"id: {DEAN}", "id: dean-draft").replace(
        "    score: 3\n", "    score: 30\n", 1
    )
    (folder / "dean-draft.yaml").write_text(broken, encoding="utf-8")

    async def scenario(pilot: Pilot[Any]) -> None:
        await practice_as(pilot, "Ana")
        text = screen_text(pilot.app)
        assert "✗ Dean, ten days after release" in text
        assert "broken: " in text
        assert "off the scale" in text
        cases = pilot.app.screen.query_one("#practice-cases", OptionList)
        disabled = [cases.get_option_at_index(i).disabled for i in range(cases.option_count)]
        assert disabled.count(True) == 1

    drive(tui(cases_dirs=(folder,)), scenario, size=(100, 40))


def test_at_80_columns_v_switches_between_vignette_and_ladder(tui: App) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await practice_as(pilot, "Ana")
        await choose_case(pilot, "Dean")
        screen = pilot.app.screen
        vignette, panel = screen.query_one("#vignette"), screen.query_one("#practice-panel")
        assert (vignette.display, panel.display) == (True, False)
        await keys(pilot, "v")
        assert (vignette.display, panel.display) == (False, True)
        await keys(pilot, "v")
        assert (vignette.display, panel.display) == (True, False)
        await pilot.resize_terminal(120, 40)
        await keys(pilot)
        assert (vignette.display, panel.display) == (True, True), "side by side"

    drive(tui(), scenario)


def test_a_trainer_opens_a_session_from_the_app_and_follows_it(tui: App, db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "p", "ctrl+n")
        assert screen_name(pilot) == "NewSessionScreen"
        await keys(pilot, "ctrl+s")
        assert "Tick at least one case" in screen_text(pilot.app)
        await keys(pilot, "down", "down", "space", "up", "up", "enter", "tab")
        await keys(pilot, "backspace", "backspace", "7", "5", "ctrl+s")
        assert screen_name(pilot) == "TrainerScreen"
        text = screen_text(pilot.app)
        assert "at least 75% of scales in the reference stage" in text
        assert "No answers yet." in text

    drive(tui(), scenario, size=(120, 40))
    with open_store(str(db)) as store, store.read() as reader:
        [found] = list_sessions(reader.connection)
    assert [case.case_id for case in found.session.cases] == [DEAN, "tomasz-end-of-licence"]
    assert found.session.rule.min_same_stage == 0.75
    assert not found.session.solo


def test_the_trainer_with_no_session_open_is_pointed_to_ctrl_n(tui: App, db: Path) -> None:
    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "p", "ctrl+t")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "No session is open. Open one with Ctrl+N on the practice screen." in (
            screen_text(pilot.app)
        )

    drive(tui(), scenario, size=(120, 40))


def test_the_trainer_picks_an_open_session_and_closes_it(tui: App, db: Path) -> None:
    closed = open_practice_session(db, ["kerry-community-order"], closed=True)
    code = open_practice_session(db, [DEAN])
    submit_practice(db, code, "Ben Okoro", DEAN, BEN)

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "p", "ctrl+t")
        assert screen_name(pilot) == "TrainerScreen"
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(pilot.app)
        assert "Open sessions, newest first:" in text
        assert f"{code}  opened" in text
        assert "(1 trainee(s) so far)" in text
        assert closed not in text, "a closed session is not offered"
        await type_text(pilot, code)
        await keys(pilot, "enter", "c")
        assert f"Close session {code}?" in screen_text(pilot.app)
        await keys(pilot, "y")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "Closed: no more answers are taken." in screen_text(pilot.app)
        assert "Ben Okoro" in screen_text(pilot.app), "the results stay"

    drive(tui(), scenario, size=(120, 40))
    with open_store(str(db)) as store, store.read() as reader:
        assert load_session(reader.connection, code).closed_at is not None
