"""What every starframe screen and dialog shares: the typed app, and the cursor setting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual import events
from textual.actions import parse as parse_action
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from starframe.tui.app import StarframeApp
    from starframe.tui.commands import PaletteCommand

R = TypeVar("R")


def _apply_cursor_setting(screen: Screen[Any]) -> None:
    """Snapshots need a steady cursor; people get Textual's blinking one."""
    blink = cast("StarframeApp", screen.app).settings.cursor_blink
    for field in screen.query(Input):
        field.cursor_blink = blink
    for area in screen.query(TextArea):
        area.cursor_blink = blink


class StarScreen(Screen[None]):
    """A screen whose keys that cannot act now say why, instead of doing nothing.

    A screen names the reason in `why_not` (the reading is complete, the database is
    read-only, …) and returns None from `check_action` for it, so the footer shows the key
    dimmed; pressing it then shows the reason through `tell` (its status line)."""

    @property
    def starframe(self) -> StarframeApp:
        return cast("StarframeApp", self.app)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The app decides too: a served app confines what its screens can do (`tui.reach`)."""
        return self.starframe.allows(self, action)

    def on_mount(self) -> None:
        _apply_cursor_setting(self)

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Why `action` cannot be done now, in words; None when it can (or is not refused)."""
        return None

    def tell(self, message: str) -> None:
        """Show a short message where the screen shows its state (a notification by default)."""
        self.notify(message)

    def palette_commands(self) -> list[PaletteCommand]:
        """What the command palette offers on this screen besides its keys (settings, say)."""
        return []

    def on_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            namespace, action, parameters = parse_action(binding.action)
            if namespace:
                continue
            reason = self.why_not(action, parameters)
            if reason is not None:
                event.stop()
                event.prevent_default()
                self.tell(reason)
                return


class StarDialog(ModalScreen[R]):
    @property
    def starframe(self) -> StarframeApp:
        return cast("StarframeApp", self.app)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.starframe.allows(self, action)

    def on_mount(self) -> None:
        _apply_cursor_setting(self)
