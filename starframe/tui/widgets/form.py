"""Form rows: a label and its field on one line, so a whole form fits in 80×24.

The row whose field has the focus says so with a sign, `▶` between the label and the field:
a compact field's own focus style is a change of shade, which is lost without colour.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Checkbox, Label

FOCUS_SIGN = "▶"
LABEL_WIDTH = 15
"""Columns for the label's words; the sign takes the next one, then a space (`.field-label`)."""


class FieldRow(Horizontal):
    """A label and one field; the label carries `▶` while the field (or a part of it) has focus."""

    def __init__(self, label: str, field: Widget) -> None:
        self._label = label
        super().__init__(Label(self._label_text(False), classes="field-label"), field)
        self.add_class("field-row")

    def _label_text(self, focused: bool) -> Text:
        sign = FOCUS_SIGN if focused else " "
        return Text(f"{self._label:<{LABEL_WIDTH}.{LABEL_WIDTH}}{sign}", no_wrap=True)

    def on_descendant_focus(self, _event: events.DescendantFocus) -> None:
        self.query_one(".field-label", Label).update(self._label_text(True))

    def on_descendant_blur(self, _event: events.DescendantBlur) -> None:
        self.query_one(".field-label", Label).update(self._label_text(False))


def field_row(label: str, field: Widget) -> FieldRow:
    return FieldRow(label, field)


class TickBox(Checkbox):
    """A checkbox that shows `✓` when ticked and nothing when not: Textual's always shows `X`,
    ticked or not, and tells them apart by colour only."""

    TICKED: ClassVar[str] = "✓"

    def __init__(self, label: str, value: bool = False, *, id: str | None = None) -> None:
        super().__init__(label, value, id=id, compact=True)
        self.BUTTON_INNER = self.TICKED if value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = self.TICKED if self.value else " "
        super().watch_value()
