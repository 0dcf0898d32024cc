"""The star for one reading: the chart with the previous reading overlaid, and the numbers.

Opened from the scoring screen (the draft so far) or from a person's history (a complete
reading, read-only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header

from starframe.characters import shown
from starframe.tui.failures import EXPECTED, plain_words
from starframe.tui.pictures import reading_picture
from starframe.tui.screens.base import StarScreen
from starframe.tui.widgets.line import Line
from starframe.tui.widgets.scale_state import tally_text
from starframe.tui.widgets.star_view import StarView

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.models import Reading


class ChartScreen(StarScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="chart.back", tooltip="Go back."),
        Binding(
            "h",
            "history",
            "History",
            id="chart.history",
            tooltip="All of this person's readings, and first against latest.",
        ),
        Binding(
            "n",
            "notes",
            "Notes",
            id="chart.notes",
            tooltip="Read the reading's notes, scale by scale (a complete one's too).",
        ),
    ]

    def __init__(self, reading: Reading, star: Star) -> None:
        super().__init__()
        self.reading = reading
        self.star = star

    def compose(self) -> ComposeResult:
        self.title = f"{self.star.name} {self.star.edition}"
        self.sub_title = f"{self.reading.person} · {self.reading.date.isoformat()}"
        yield Header()
        yield StarView(id="chart-view")
        yield Line(id="chart-status")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(StarView).show(None, "Loading earlier readings…")
        state = "Draft so far" if self.reading.status == "draft" else "Complete"
        ids = [scale.id for scale in self.star.scales]
        self.tell(f"{state}: {tally_text(self.reading, ids)}.")
        self._load()

    def tell(self, message: str) -> None:
        """The line above the footer, as on the scoring screen: why a key did nothing."""
        self.query_one("#chart-status", Line).text = message

    @work(thread=True, exclusive=True, group="chart")
    def _load(self) -> None:
        reading = self.reading
        try:
            journeys = self.starframe.store_access.journeys(reading.person)
        except EXPECTED as error:
            message = f"Could not load earlier readings: {plain_words(error)}"
            self.app.call_from_thread(self.query_one(StarView).show, None, message)
            return
        # A journey bridging comparable editions holds this reading's edition too.
        journey = next(
            (
                j
                for j, _ in journeys
                if j.star == reading.star and reading.edition in (j.editions or [j.edition])
            ),
            None,
        )
        picture = reading_picture(self.star, reading, journey)
        self.app.call_from_thread(self.query_one(StarView).show, picture)

    def action_history(self) -> None:
        from starframe.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.reading.person))

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        if action == "notes" and not self.reading.notes:
            return "This reading has no notes."
        return super().why_not(action, parameters)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.why_not(action, parameters) is not None:
            return None  # dimmed; pressed, it says why
        return super().check_action(action, parameters)

    def action_notes(self) -> None:
        """The notes in the Star's order of scales: the chart shows scores only."""
        from starframe.tui.dialogs.message import MessageDialog

        notes = self.reading.notes
        # As `plain` shows stored text: literally, control characters escaped.
        text = "\n\n".join(
            f"{scale.name}: {shown(notes[scale.id])}"
            for scale in self.star.scales
            if scale.id in notes
        )
        self.app.push_screen(MessageDialog(f"Notes of {self.reading.date.isoformat()}", text))
