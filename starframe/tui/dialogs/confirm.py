"""A yes/no question before something that cannot be undone (completing a reading,
replacing a file)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from starframe.tui.screens.base import StarDialog


class ConfirmDialog(StarDialog[bool | None]):
    """Returns True for yes (Y, or the Yes button), False for no (N, Escape).

    Where yes destroys something the person already has (replacing a file), `safe_first`
    puts the focus on No, so a stray Enter keeps what is there. Where no is itself a choice
    that does something (start another draft), `cancellable` makes Escape return None: the
    person goes back having chosen neither.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead."),
        Binding("n", "answer(False)", "No", id="confirm.no", tooltip="Go back."),
        Binding("escape", "back", "Back", id="confirm.back", tooltip="Go back."),
    ]

    def __init__(
        self,
        title: str,
        question: str,
        yes: str,
        no: str = "Go back",
        *,
        safe_first: bool = False,
        cancellable: bool = False,
    ) -> None:
        super().__init__(classes="dialog")
        self._safe_first = safe_first
        self._cancellable = cancellable
        self._title = title
        self._question = question
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = self._title
            yield Static(self._question, id="confirm-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self._yes} (y)", id="confirm-yes", variant="primary")
                yield Button(f"{self._no} (n)", id="confirm-no")

    def on_mount(self) -> None:
        if self._safe_first:
            self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_back(self) -> None:
        self.dismiss(None if self._cancellable else False)
