"""The Star's scales with their state in this reading (or practice attempt); choosing one shows
its ladder. The current scale is marked `→`, as well as highlighted, so it reads without colour."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from starframe.tui.widgets.scale_state import state_sign

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.tui.widgets.scale_state import Marks

CURRENT_SIGN = "→"


class ScaleList(OptionList):
    """One line per scale: its state signs and its chart label; ids are the scale ids."""

    _star: Star | None = None
    _reading: Marks | None = None
    _current: str | None = None

    def show(self, star: Star, reading: Marks) -> None:
        self._star, self._reading, self._current = star, reading, None
        self.set_options(Option(self._prompt(scale.id), id=scale.id) for scale in star.scales)
        self._follow_highlight()

    def update_scale(self, star: Star, reading: Marks, scale_id: str) -> None:
        self._star, self._reading = star, reading
        self.replace_option_prompt(scale_id, self._prompt(scale_id))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._follow_highlight()

    def _follow_highlight(self) -> None:
        """Move the `→` with the highlight, at once (not when the message arrives)."""
        option = self.highlighted_option
        previous, self._current = self._current, None if option is None else option.id
        if previous == self._current or self._star is None:
            return
        for scale_id in (previous, self._current):
            if scale_id is not None:
                self.replace_option_prompt(scale_id, self._prompt(scale_id))

    def _prompt(self, scale_id: str) -> Text:
        assert self._star is not None
        assert self._reading is not None
        sign = CURRENT_SIGN if scale_id == self._current else " "
        label = self._star.scale(scale_id).label
        return Text(
            f"{sign} {state_sign(self._reading, scale_id)} {label}",
            no_wrap=True,
            overflow="ellipsis",
        )
