"""Add a worker: the code readings are signed with, and the name colleagues know them by."""

from __future__ import annotations

from typing import ClassVar

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from starframe.readings.models import Worker
from starframe.tui.failures import plain_words
from starframe.tui.screens.base import StarDialog
from starframe.tui.widgets.form import field_row


class AddWorkerDialog(StarDialog[Worker | None]):
    """Returns the new Worker (not yet stored), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Add", id="worker.save", tooltip="Add this worker."),
        Binding("escape", "cancel", "Cancel", id="worker.cancel", tooltip="Do not add anyone."),
    ]

    def __init__(self, code: str) -> None:
        super().__init__(classes="dialog")
        self._code = code

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = "Add a worker"
            yield Static(f"No worker has the code {self._code} yet.", markup=False)
            yield field_row("Code", Input(self._code, id="worker-code", compact=True))
            yield field_row("Name", Input(id="worker-name", compact=True))
            yield Static("", id="worker-error", classes="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add (ctrl+s)", id="worker-add", variant="primary")
                yield Button("Cancel (esc)", id="worker-cancel")

    def on_mount(self) -> None:
        self.query_one("#worker-name", Input).focus()

    def action_save(self) -> None:
        code = self.query_one("#worker-code", Input).value.strip()
        name = self.query_one("#worker-name", Input).value.strip()
        try:
            worker = Worker.model_validate({"code": code, "name": name})
        except ValidationError as error:
            self.query_one("#worker-error", Static).update(plain_words(error))
            return
        self.dismiss(worker)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "worker-add":
            self.action_save()
        else:
            self.action_cancel()
