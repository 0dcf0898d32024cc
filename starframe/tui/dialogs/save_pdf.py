"""Choose where to save a reading's report as PDF."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from starframe.tui.screens.base import StarDialog
from starframe.tui.widgets.form import field_row


class SavePdfDialog(StarDialog[Path | None]):
    """Returns the chosen file, or None when cancelled; the folder must exist."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="pdf.save", tooltip="Save the report here."),
        Binding("escape", "cancel", "Cancel", id="pdf.cancel", tooltip="Save nothing."),
    ]

    def __init__(self, suggested: Path) -> None:
        super().__init__(classes="dialog")
        self._suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = "Save the report as PDF"
            yield field_row("File", Input(str(self._suggested), id="pdf-path", compact=True))
            # The field shows a long path's end; the whole of it, wrapped, is spelled out here.
            yield Static(_whole(str(self._suggested)), id="pdf-whole", markup=False)
            yield Static(
                "The report holds personal data: it is saved readable by you only.",
                markup=False,
            )
            yield Static("", id="pdf-error", classes="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="pdf-ok", variant="primary")
                yield Button("Cancel (esc)", id="pdf-cancel")

    def on_mount(self) -> None:
        self.query_one("#pdf-path", Input).focus()

    def action_save(self) -> None:
        value = self.query_one("#pdf-path", Input).value.strip()
        path = Path(value).expanduser()
        if not value or path.suffix.lower() != ".pdf":
            self.query_one("#pdf-error", Static).update("Give a file name ending in .pdf.")
        elif not path.parent.is_dir():
            self.query_one("#pdf-error", Static).update(f"There is no folder {path.parent}.")
        else:
            self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#pdf-whole", Static).update(_whole(event.value))

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "pdf-ok":
            self.action_save()
        else:
            self.action_cancel()


def _whole(typed: str) -> str:
    """The file a typed path names, in full (a relative one from the current folder)."""
    value = typed.strip()
    if not value:
        return "Saves to: (no file given)"
    return f"Saves to: {Path(value).expanduser().absolute()}"
