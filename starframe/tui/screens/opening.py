"""Open a stored reading the way its status calls for: a draft to score, or its star."""

from __future__ import annotations

from starframe.tui.failures import EXPECTED
from starframe.tui.screens.base import StarScreen


def open_reading(screen: StarScreen, reading_id: str) -> None:
    """A draft opens for scoring; a complete reading opens as its star chart."""
    from starframe.tui.screens.chart import ChartScreen
    from starframe.tui.screens.scoring import ScoringScreen
    from starframe.tui.session import ReadingSession

    app = screen.starframe
    try:
        stored = app.store_access.stored(reading_id)
        star = app.wording(app.store_access.star_of(stored.reading))
    except EXPECTED as error:
        app.report("open the reading", error)
        return
    if stored.reading.status == "complete":
        next_screen: StarScreen = ChartScreen(stored.reading, star)
    else:
        session = ReadingSession(app.store_access, stored.reading, stored.revision, star)
        next_screen = ScoringScreen(session)
    app.push_screen(next_screen)
