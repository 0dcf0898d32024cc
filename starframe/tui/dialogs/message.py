"""Something went wrong, in plain words: what was being done and what to do about it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Static

from starframe.tui.screens.base import StarDialog


class MessageDialog(StarDialog[None]):
    """A title, a message and an OK button; Enter or Escape closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,enter",
            "dismiss_dialog",
            "Close",
            id="message.close",
            tooltip="Close this message.",
        ),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__(classes="dialog")
        self._title = title
        self._message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="message-box") as box:
            box.border_title = self._title
            yield Static(self._message, id="message-text", markup=False)
            yield Button("OK", id="message-ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#message-ok", Button).focus()

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_dismiss_dialog(self) -> None:
        self.dismiss(None)
