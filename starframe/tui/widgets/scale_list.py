"""The Star's scales with their state in this reading (or practice attempt); choosing one shows
its ladder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from starframe.tui.widgets.scale_state import state_sign

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.tui.widgets.scale_state import Marks


class ScaleList(OptionList):
    """One line per scale: its state signs and its chart label; ids are the scale ids."""

    def show(self, star: Star, reading: Marks) -> None:
        self.set_options(
            Option(self._prompt(reading, scale.id, scale.label), id=scale.id)
            for scale in star.scales
        )

    def update_scale(self, star: Star, reading: Marks, scale_id: str) -> None:
        self.replace_option_prompt(
            scale_id, self._prompt(reading, scale_id, star.scale(scale_id).label)
        )

    @staticmethod
    def _prompt(reading: Marks, scale_id: str, label: str) -> Text:
        return Text(f"{state_sign(reading, scale_id)} {label}", no_wrap=True, overflow="ellipsis")
