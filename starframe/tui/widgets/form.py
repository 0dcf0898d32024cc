"""Form rows: a label and its field on one line, so a whole form fits in 80×24."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label


def field_row(label: str, field: Widget) -> Horizontal:
    return Horizontal(Label(label, classes="field-label"), field, classes="field-row")
