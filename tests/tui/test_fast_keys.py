"""Keys typed faster than the screen redraws still score the scale they were meant for.

A browser sends keys in bursts (textual-serve), and a fast typist can too: each key is queued
before the scale list's highlight message from the key before it, so a step to another scale,
or the move on after a score, must take effect at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot

from starframe.tui.reach import make_room_app
from tests.tui.conftest import JUSTICE_SCALES, choose_case, drive, fixed_host, settle

POINTS = [3, 3, 2, 2, 2, 2, 3, 2, 1, 3]


def test_a_burst_of_scores_and_steps_scores_every_scale(db: Path) -> None:
    app = make_room_app("practice", db=str(db), make_host=fixed_host, cursor_blink=False)

    async def scenario(pilot: Pilot[Any]) -> None:
        app.screen.query_one("#practice-name").value = "Ana"  # type: ignore[attr-defined]
        await settle(pilot)
        await choose_case(pilot, "Dean")
        # Each first score moves on to the next scale; then a step back and a changed score.
        burst = [(str(point), str(point)) for point in POINTS]
        for key, character in [*burst, ("left_square_bracket", "["), ("5", "5")]:
            app.post_message(events.Key(key, character))
        await settle(pilot)
        scores = app.screen.attempt.scores  # type: ignore[attr-defined]
        expected = dict(zip(JUSTICE_SCALES, POINTS, strict=True))
        assert dict(scores) == {**expected, "managing-feelings": 5}

    drive(app, scenario, (120, 40))
