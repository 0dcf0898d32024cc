"""`?` or F1: the keys of the screen in front, each with what it does and whether it can now.

The footer shows only what fits in 80 columns, and some keys (Delete, the arrows) are never in
it; this lists every key starframe binds on the screen, taken from the bindings themselves so
it can never disagree with what the keys do. A key that cannot act now says why, in the words
the screen would use if it were pressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from starframe.tui.screens.base import StarDialog, StarScreen

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

NUMBERED = re.compile(r"\.\d+$")
"""`score.1` … `score.10`: one row for the score keys, shown as the Star's range."""


@dataclass
class KeyRow:
    keys: list[str]
    description: str
    tooltip: str
    why_not: str | None
    """None when the key acts now; otherwise why not ("" when the screen gives no reason)."""


def key_rows(app: App[Any], screen: Screen[Any]) -> list[KeyRow]:
    """One row per starframe binding of `screen` (and the app), in the order they are bound."""
    rows: dict[str, KeyRow] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.id is None:
            continue  # Textual's own (the palette's ^p is in the footer)
        group = NUMBERED.sub("", binding.id)
        keys = app.get_key_display(binding)
        row = rows.get(group)
        if row is None:
            rows[group] = KeyRow(
                [keys], _description(binding, group), binding.tooltip, _why_not(screen, active)
            )
        elif keys not in row.keys and group == binding.id:
            row.keys.append(keys)
    return list(rows.values())


def _description(binding: Binding, group: str) -> str:
    return "Score" if group != binding.id else binding.description


def _why_not(screen: Screen[Any], active: Any) -> str | None:
    if active.enabled:
        return None
    if isinstance(screen, StarScreen):
        namespace, action, parameters = parse_action(active.binding.action)
        if not namespace:
            return screen.why_not(action, parameters) or ""
    return ""


def _table(rows: list[KeyRow]) -> Table:
    table = Table(box=None, show_header=False, expand=True, padding=(0, 1, 0, 0))
    table.add_column("Key", style="bold", no_wrap=True)
    table.add_column("Does", ratio=1)
    for row in rows:
        does = Text(row.description, style="bold")
        if row.tooltip:
            does.append(f": {row.tooltip}")
        if row.why_not is not None:
            does.append(f"\n  ✗ Not now. {row.why_not}".rstrip(), style="italic")
        table.add_row(" / ".join(row.keys), does)
    return table


class KeysHelpDialog(StarDialog[None]):
    """The screen's keys; Escape, Enter, `?` or F1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,enter,question_mark,f1",
            "dismiss_dialog",
            "Close",
            id="help.close",
            tooltip="Close the list of keys.",
        ),
    ]

    def __init__(self, title: str, rows: list[KeyRow]) -> None:
        super().__init__(classes="dialog")
        self._title = title
        self._rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="help-box") as box:
            box.border_title = f"Keys: {self._title}"
            box.border_subtitle = "Esc closes"
            with VerticalScroll(id="help-keys"):
                yield Static(_table(self._rows), id="help-text")

    def action_dismiss_dialog(self) -> None:
        self.dismiss(None)
