"""Write or change the note on one scale; an empty note removes it.

On a complete reading (or a database that cannot be written) the note opens to be read only:
the scale list shows only `✎`, and a note is often what the next reading starts from.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static, TextArea

from starframe.tui.screens.base import StarDialog


class NoteDialog(StarDialog[str | None]):
    """Returns the note's new text ("" to remove it), or None when cancelled or read only."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", id="note.save", tooltip="Keep this note."),
        Binding(
            "escape", "cancel", "Cancel", id="note.cancel", tooltip="Leave the note as it was."
        ),
    ]

    def __init__(self, scale_name: str, text: str, *, locked: str | None = None) -> None:
        """`locked` says why the note cannot be changed ("Complete: scores locked."); given,
        the note is shown to read, with Close only."""
        super().__init__(classes="dialog")
        self._scale_name = scale_name
        self._text = text
        self._locked = locked

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = f"Note on {self._scale_name}"
            area = TextArea(
                self._text,
                id="note-text",
                soft_wrap=True,
                show_line_numbers=False,
                read_only=self._locked is not None,
            )
            yield area
            if self._locked is not None:
                box.border_subtitle = "read only"
                yield Static(f"{self._locked} The note can be read, not changed.", markup=False)
            with Horizontal(classes="dialog-buttons"):
                if self._locked is None:
                    yield Button("Save (ctrl+s)", id="note-save", variant="primary")
                    yield Button("Cancel (esc)", id="note-cancel")
                else:
                    yield Button("Close (esc)", id="note-cancel", variant="primary")

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.focus()
        if self._locked is None:
            area.move_cursor(area.document.end)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save" and self._locked is not None:
            return False
        return super().check_action(action, parameters)

    def action_save(self) -> None:
        self.dismiss(self.query_one("#note-text", TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "note-save":
            self.action_save()
        else:
            self.action_cancel()
