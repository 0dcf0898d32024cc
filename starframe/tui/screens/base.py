"""What every starframe screen and dialog shares: the typed app, and the cursor setting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.screen import ModalScreen, Screen
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from starframe.tui.app import StarframeApp

R = TypeVar("R")


def _apply_cursor_setting(screen: Screen[Any]) -> None:
    """Snapshots need a steady cursor; people get Textual's blinking one."""
    blink = cast("StarframeApp", screen.app).settings.cursor_blink
    for field in screen.query(Input):
        field.cursor_blink = blink
    for area in screen.query(TextArea):
        area.cursor_blink = blink


class StarScreen(Screen[None]):
    @property
    def starframe(self) -> StarframeApp:
        return cast("StarframeApp", self.app)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The app decides too: a served app confines what its screens can do (`tui.reach`)."""
        return self.starframe.allows(self, action)

    def on_mount(self) -> None:
        _apply_cursor_setting(self)


class StarDialog(ModalScreen[R]):
    @property
    def starframe(self) -> StarframeApp:
        return cast("StarframeApp", self.app)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.starframe.allows(self, action)

    def on_mount(self) -> None:
        _apply_cursor_setting(self)
