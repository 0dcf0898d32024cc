"""Add a person: a pseudonymous code and the date they consented to records being kept.

A name is optional and is never written to the audit log; birth years are a range, never a
date of birth. The store checks the code is not taken (not even in other upper/lower case).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from starframe.readings.models import Person
from starframe.tui.failures import plain_words
from starframe.tui.screens.base import StarDialog
from starframe.tui.widgets.form import field_row


class AddPersonDialog(StarDialog[Person | None]):
    """Returns the new Person (not yet stored), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Add", id="person.save", tooltip="Add this person."),
        Binding("escape", "cancel", "Cancel", id="person.cancel", tooltip="Do not add anyone."),
    ]

    def __init__(self, code: str, today: dt.date) -> None:
        super().__init__(classes="dialog")
        self._code = code
        self._today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = "Add a person"
            yield field_row("Code", Input(self._code, id="person-code", compact=True))
            yield field_row(
                "Consent date", Input(self._today.isoformat(), id="person-consent", compact=True)
            )
            yield field_row("Name (optional)", Input(id="person-name", compact=True))
            yield field_row(
                "Birth years", Input(placeholder="e.g. 1980-1989", id="person-years", compact=True)
            )
            yield field_row("Support need", Input(id="person-need", compact=True))
            yield Static("", id="person-error", classes="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add (ctrl+s)", id="person-add", variant="primary")
                yield Button("Cancel (esc)", id="person-cancel")

    def on_mount(self) -> None:
        self.query_one("#person-code" if not self._code else "#person-consent", Input).focus()

    def _value(self, field_id: str) -> str | None:
        value = self.query_one(f"#{field_id}", Input).value.strip()
        return value or None

    def action_save(self) -> None:
        consent = self._value("person-consent") or ""
        try:
            person = Person.model_validate(
                {
                    "code": self._value("person-code") or "",
                    "consent_date": consent,
                    "display_name": self._value("person-name"),
                    "birth_years": self._value("person-years"),
                    "support_need": self._value("person-need"),
                }
            )
        except ValidationError as error:
            self.query_one("#person-error", Static).update(plain_words(error))
            return
        self.dismiss(person)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "person-add":
            self.action_save()
        else:
            self.action_cancel()
