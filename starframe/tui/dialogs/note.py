"""Write or change the note on one scale; an empty note removes it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, TextArea

from starframe.tui.screens.base import StarDialog


class NoteDialog(StarDialog[str | None]):
    """Returns the note's new text ("" to remove it), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", id="note.save", tooltip="Keep this note."),
        Binding(
            "escape", "cancel", "Cancel", id="note.cancel", tooltip="Leave the note as it was."
        ),
    ]

    def __init__(self, scale_name: str, text: str) -> None:
        super().__init__(classes="dialog")
        self._scale_name = scale_name
        self._text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = f"Note on {self._scale_name}"
            yield TextArea(self._text, id="note-text", soft_wrap=True, show_line_numbers=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="note-save", variant="primary")
                yield Button("Cancel (esc)", id="note-cancel")

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one("#note-text", TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "note-save":
            self.action_save()
        else:
            self.action_cancel()
