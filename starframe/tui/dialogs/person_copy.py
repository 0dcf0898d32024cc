"""Choose where to save the person's own copy ("My Star"), and how it is printed."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Static

from starframe.render.mine_pdf import MineChoices
from starframe.tui.screens.base import StarDialog
from starframe.tui.widgets.form import TickBox, field_row

Chosen = tuple[Path, MineChoices] | None


class PersonCopyDialog(StarDialog[Chosen]):
    """Returns the file and the choices, or None when cancelled; the folder must exist."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="copy.save", tooltip="Save the person's copy here."),
        Binding("escape", "cancel", "Cancel", id="copy.cancel", tooltip="Save nothing."),
    ]

    def __init__(self, suggested: Path, lang: str | None) -> None:
        super().__init__(classes="dialog")
        self._suggested = suggested
        self._lang = lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = "For the person: their own copy"
            yield Static(
                "Written to the person in plain words, with no codes or figures. Choose "
                "together what it shows.",
                markup=False,
            )
            yield field_row("File", Input(str(self._suggested), id="copy-path", compact=True))
            yield TickBox("Large print, one column", id="copy-large")
            yield TickBox("Name the worker (else: your worker)", id="copy-named")
            yield Static("", id="copy-error", classes="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="copy-ok", variant="primary")
                yield Button("Cancel (esc)", id="copy-cancel")

    def on_mount(self) -> None:
        self.query_one("#copy-path", Input).focus()

    def action_save(self) -> None:
        value = self.query_one("#copy-path", Input).value.strip()
        path = Path(value).expanduser()
        if not value or path.suffix.lower() != ".pdf":
            self.query_one("#copy-error", Static).update("Give a file name ending in .pdf.")
        elif not path.parent.is_dir():
            self.query_one("#copy-error", Static).update(f"There is no folder {path.parent}.")
        else:
            choices = MineChoices(
                lang=self._lang,
                large_print=self.query_one("#copy-large", Checkbox).value,
                with_worker_name=self.query_one("#copy-named", Checkbox).value,
            )
            self.dismiss((path, choices))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "copy-ok":
            self.action_save()
        else:
            self.action_cancel()
