"""Open a practice session for a group: choose the cases, set the pass rule, get the code.

The same session as `starframe practice session new`: the cases in the order listed, the rule
(at least this share of scales in the reference stage, at most this mean difference). The code
is then shown large on the trainer's live results, to read out or put on a screen.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from starframe.practice.feedback import PassRule
from starframe.tui.failures import EXPECTED, plain_words
from starframe.tui.screens.base import StarScreen
from starframe.tui.widgets.case_rows import CaseRow, catalog_rows
from starframe.tui.widgets.form import field_row


class NewSessionScreen(StarScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space",
            "tick",
            "Tick",
            id="new-session.tick",
            tooltip="Take the highlighted case into the session, or leave it out again.",
        ),
        Binding(
            "ctrl+s",
            "open_session",
            "Open session",
            id="new-session.open",
            tooltip="Open the session on the ticked cases and show its code.",
        ),
        Binding(
            "escape",
            "app.pop_screen",
            "Back",
            id="new-session.back",
            tooltip="Back to practice, opening nothing.",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[str, CaseRow] = {}
        self._ticked: set[str] = set()

    def compose(self) -> ComposeResult:
        self.title = "New practice session"
        yield Header()
        cases = OptionList(id="new-cases")
        cases.border_title = "Cases: space or Enter ticks one"
        yield cases
        with Vertical(id="new-rule", classes="form tight") as rule:
            rule.border_title = "Pass rule"
            default = PassRule()
            yield field_row(
                "In stage (%)",
                Input(f"{default.min_same_stage:.0%}".rstrip("%"), id="new-stage", compact=True),
            )
            yield field_row(
                "Mean diff ≤", Input(f"{default.max_mad:g}", id="new-mad", compact=True)
            )
        yield Static("Loading the practice cases…", id="new-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#new-cases", OptionList).focus()
        self._load()

    @work(thread=True, exclusive=True, group="new-session-cases")
    def _load(self) -> None:
        try:
            rows = [row for row in catalog_rows(self.starframe.case_catalog()) if row.selectable]
        except EXPECTED as error:
            message = f"Could not read the cases: {plain_words(error)}"
            self.app.call_from_thread(self._status, message)
            return
        self.app.call_from_thread(self._fill, rows)

    def _fill(self, rows: list[CaseRow]) -> None:
        self._rows = {row.key: row for row in rows}
        cases = self.query_one("#new-cases", OptionList)
        cases.set_options(Option(self._prompt(row), id=row.key) for row in rows)
        if rows:
            cases.highlighted = 0
        self._status(
            "Tick the cases (space), set the rule, then ctrl+s opens the session."
            if rows
            else "No practice cases are installed: install a Star plugin with cases, "
            "or use --cases-dir."
        )

    def _prompt(self, row: CaseRow) -> Text:
        """`[x]` ticked or `[ ]` not: a sign, so the choice reads the same without colour."""
        return Text(f"[{'x' if row.key in self._ticked else ' '}] {row.title} — {row.detail}")

    def on_option_list_option_selected(self, _event: OptionList.OptionSelected) -> None:
        self.action_tick()

    def action_tick(self) -> None:
        option = self.query_one("#new-cases", OptionList).highlighted_option
        if option is None or option.id not in self._rows:
            return
        self._ticked ^= {option.id}
        self.query_one("#new-cases", OptionList).replace_option_prompt(
            option.id, self._prompt(self._rows[option.id])
        )

    def _status(self, message: str) -> None:
        self.query_one("#new-status", Static).update(message)

    def _rule(self) -> PassRule:
        """The rule typed; ValueError with words when a number is not one."""
        stage = self.query_one("#new-stage", Input).value.strip().rstrip("%")
        mad = self.query_one("#new-mad", Input).value.strip()
        try:
            share, points = float(stage) / 100, float(mad)
        except ValueError:
            raise ValueError(
                "Pass rule: give a percentage (e.g. 80) and a number of points (e.g. 1)."
            ) from None
        return PassRule(share, points)

    def action_open_session(self) -> None:
        from starframe.tui.screens.practice_trainer import TrainerScreen

        picked = [
            row.case
            for key, row in self._rows.items()
            if key in self._ticked and row.case is not None
        ]
        if not picked:
            self._status("Tick at least one case (space on it).")
            return
        try:
            code = self.starframe.store_access.open_practice_session(picked, self._rule())
        except EXPECTED as error:
            self._status(f"Could not open the session: {plain_words(error)}")
            return
        except ValueError as error:
            self._status(str(error))
            return
        self.app.switch_screen(TrainerScreen(code))
