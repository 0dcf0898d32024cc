"""A person's readings over time, each openable, with the chart of first against latest.

The chart follows the Star edition of the highlighted reading: scores of different Stars or
editions are never drawn on one chart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from starframe.tui.failures import EXPECTED, plain_words
from starframe.tui.pictures import history_picture
from starframe.tui.screens.base import StarScreen
from starframe.tui.screens.opening import open_reading
from starframe.tui.widgets.star_view import StarView

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.models import Reading
    from starframe.readings.summaries import Journey


class HistoryScreen(StarScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open",
            "Open",
            id="history.open",
            tooltip="Open the highlighted reading: a draft to score, a complete one as its star.",
            priority=True,
        ),
        Binding(
            "n",
            "start",
            "New reading",
            id="history.start",
            tooltip="Start a new reading with this person.",
        ),
        Binding(
            "m",
            "for_person",
            "My Star",
            id="history.mine",
            tooltip="Save the person's own copy (My Star) of the highlighted complete reading.",
        ),
        Binding("escape", "app.pop_screen", "Back", id="history.back", tooltip="Go back."),
    ]

    def __init__(self, person: str) -> None:
        super().__init__()
        self.person = person
        self._readings: list[Reading] = []
        self._journeys: list[tuple[Journey, Star]] = []

    def compose(self) -> ComposeResult:
        self.title = f"History of {self.person}"
        yield Header()
        table: DataTable[str] = DataTable(id="history-table", cursor_type="row")
        table.border_title = f"Readings of {self.person}"
        yield table
        yield StarView(id="history-view")
        yield Static("Loading…", id="history-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#history-table", DataTable).focus()

    def on_screen_resume(self) -> None:
        """On arrival, and on return from a reading (which may have been completed)."""
        self._load()

    @work(thread=True, exclusive=True, group="history")
    def _load(self) -> None:
        access = self.starframe.store_access
        try:
            readings = access.readings_of(self.person)
            journeys = access.journeys(self.person)
        except EXPECTED as error:
            message = f"Could not load the history: {plain_words(error)}"
            self.app.call_from_thread(self._status, message)
            return
        self.app.call_from_thread(self._fill, readings, journeys)

    def _fill(self, readings: list[Reading], journeys: list[tuple[Journey, Star]]) -> None:
        self._readings, self._journeys = readings, journeys
        table = self.query_one("#history-table", DataTable)
        keep = table.cursor_row
        # Columns are set with the rows: a header drawn before its rows can stay too narrow.
        table.clear(columns=True)
        table.add_columns("Date", "Star", "Status", "Worker", "Mode")
        for reading in reversed(readings):
            status = reading.status + (" (looking back)" if reading.retrospective else "")
            table.add_row(
                reading.date.isoformat(),
                f"{reading.star} {reading.edition}",
                status,
                reading.worker,
                reading.mode,
                key=str(reading.id),
            )
        if readings:
            table.move_cursor(row=min(keep, len(readings) - 1))
        complete = sum(1 for r in readings if r.status == "complete")
        self._status(
            f"{len(readings)} reading(s), {complete} complete. Enter opens one; n starts another."
            if readings
            else "No readings yet. Press n to start one."
        )
        self._chart_for(self._highlighted())

    def _status(self, text: str) -> None:
        self.query_one("#history-status", Static).update(text)

    def _highlighted(self) -> Reading | None:
        table = self.query_one("#history-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self._readings if r.id == key), None)

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._chart_for(self._highlighted())
        self.refresh_bindings()

    def _chart_for(self, reading: Reading | None) -> None:
        view = self.query_one(StarView)
        if reading is None:
            view.show(None, "")
            return
        # A journey bridging comparable editions holds the readings of each of them.
        found = next(
            (
                (j, s)
                for j, s in self._journeys
                if j.star == reading.star and reading.edition in (j.editions or [j.edition])
            ),
            None,
        )
        if found is None:
            view.show(None, f"No complete reading of {reading.star} {reading.edition} yet.")
            return
        journey, star = found
        view.show(history_picture(self.starframe.wording(star), journey))

    def action_open(self) -> None:
        reading = self._highlighted()
        if reading is not None and reading.id is not None:
            open_reading(self, reading.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "for_person":
            reading = self._highlighted() if self.is_mounted else None
            return True if reading is not None and reading.status == "complete" else None
        return True

    def action_for_person(self) -> None:
        from starframe.tui.person_copy import PersonCopy

        reading = self._highlighted()
        if reading is None or reading.status != "complete":
            return
        try:
            star = self.starframe.wording(self.starframe.store_access.star_of(reading))
        except EXPECTED as error:
            self.starframe.report("save the person's copy", error)
            return
        PersonCopy(self, reading, star).start()

    def action_start(self) -> None:
        from starframe.tui.screens.start import StartScreen

        self.app.push_screen(StartScreen(person=self.person))
