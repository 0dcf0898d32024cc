"""Continue a draft: every reading not yet completed, newest first, with how far it got."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from starframe.tui.failures import EXPECTED, plain_words
from starframe.tui.screens.base import StarScreen
from starframe.tui.screens.opening import open_reading
from starframe.tui.widgets.scale_state import tally


class DraftsScreen(StarScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open",
            "Continue",
            id="drafts.open",
            tooltip="Continue scoring the highlighted draft.",
            priority=True,
        ),
        Binding("escape", "app.pop_screen", "Back", id="drafts.back", tooltip="Back home."),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        table: DataTable[str] = DataTable(id="drafts-table", cursor_type="row", zebra_stripes=True)
        table.border_title = "Drafts"
        yield table
        yield Static("Loading drafts…", id="drafts-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#drafts-table", DataTable).focus()
        self._load()

    @work(thread=True, exclusive=True, group="drafts")
    def _load(self) -> None:
        access = self.starframe.store_access
        try:
            rows = []
            for reading in reversed(access.drafts()):
                star = access.star_of(reading)
                counts = tally(reading, [scale.id for scale in star.scales])
                done = counts["scored"] + counts["not applicable"]
                rows.append(
                    (
                        str(reading.id),
                        reading.person,
                        f"{star.name} {star.edition}",
                        reading.date.isoformat(),
                        f"{done}/{len(star.scales)}",
                        reading.worker,
                        reading.mode,
                    )
                )
        except EXPECTED as error:
            self.app.call_from_thread(self._status, f"Could not list drafts: {plain_words(error)}")
            return
        self.app.call_from_thread(self._fill, rows)

    def _fill(self, rows: list[tuple[str, ...]]) -> None:
        table = self.query_one("#drafts-table", DataTable)
        # Columns are set with the rows: a header drawn before its rows can stay too narrow.
        table.clear(columns=True)
        table.add_columns("Person", "Star", "Date", "Scored", "Worker", "Mode")
        for reading_id, *cells in rows:
            table.add_row(*cells, key=reading_id)
        self._status(
            f"{len(rows)} draft(s). Enter continues the highlighted one."
            if rows
            else "No drafts: every reading is complete. Start one from Home (n)."
        )

    def _status(self, text: str) -> None:
        self.query_one("#drafts-status", Static).update(text)

    def action_open(self) -> None:
        table = self.query_one("#drafts-table", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            open_reading(self, key)
