"""A scale's whole ladder, grouped under the journey's stages, with the chosen point marked.

The chosen point is marked ▶ … ◀ and the person's own view (where they disagree) ◇, and the
point the cursor is on (which `Enter` would score) `→`, besides any highlight colour, so both
are plain with NO_COLOR. Stage headings are options that
cannot be chosen, so the cursor moves over points only.

Wording is wrapped here, to the list's width, with a hanging indent under the point number:
plain text lines are much cheaper for the option list to measure than a table per point,
and a score key must redraw the screen well within 50 ms.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from starframe.tui.widgets.star_text import points_span

if TYPE_CHECKING:
    from starframe.definition.models import Scale, Star
    from starframe.tui.widgets.scale_state import Marks

GUTTER = 6
"""`→▶10  ` before the wording; wrapped lines are indented as far."""
CURSOR_SIGN = "→"


def point_id(point: int) -> str:
    return f"point-{point}"


class LadderView(OptionList):
    """Options `point-N` for each point, with disabled stage headings between them."""

    _star: Star | None = None
    _scale: Scale | None = None
    _reading: Marks | None = None
    _cursor: int | None = None

    def show(self, star: Star, scale: Scale, reading: Marks) -> None:
        self._star, self._scale, self._reading = star, scale, reading
        keep = self.highlighted
        self._cursor = None
        options: list[Option] = []
        for stage in star.journey:
            heading = Text(f"── {stage.name} ({points_span(stage.first, stage.last)}) ──")
            heading.stylize("bold")
            options.append(Option(heading, id=f"stage-{stage.id}", disabled=True))
            options.extend(
                Option(self._prompt(reading, point), id=point_id(point))
                for point in range(stage.first, stage.last + 1)
            )
        self.set_options(options)
        if keep is not None and keep < len(options):
            self.highlighted = keep
        self._follow_cursor()

    def update_points(self, reading: Marks, points: set[int]) -> None:
        self._reading = reading
        assert self._star is not None
        for point in sorted(points):
            if 1 <= point <= self._star.points:
                self.replace_option_prompt(point_id(point), self._prompt(reading, point))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._follow_cursor()

    def _follow_cursor(self) -> None:
        """Move the `→` with the cursor, at once (not when the message arrives)."""
        previous, self._cursor = self._cursor, self.point_at_cursor()
        if self._reading is not None and previous != self._cursor:
            for point in (previous, self._cursor):
                if point is not None:
                    self.replace_option_prompt(point_id(point), self._prompt(self._reading, point))

    def point_at_cursor(self) -> int | None:
        option = self.highlighted_option
        if option is None or option.id is None or not option.id.startswith("point-"):
            return None
        return int(option.id.removeprefix("point-"))

    def move_to(self, point: int) -> None:
        self.highlighted = self.get_option_index(point_id(point))

    def on_resize(self, _event: events.Resize) -> None:
        if self._star and self._scale and self._reading:
            self.show(self._star, self._scale, self._reading)

    def _prompt(self, reading: Marks, point: int) -> Text:
        assert self._scale is not None
        chosen = reading.scores.get(self._scale.id) == point
        person = reading.person_scores.get(self._scale.id) == point
        mark = "▶" if chosen else ("◇" if person else " ")
        cursor = CURSOR_SIGN if point == self._cursor else " "
        wording = self._scale.ladder.get(point, "")
        if chosen:
            wording += "  ◀ score"
        if person:
            wording += "  ◇ person's view"
        width = max(self.scrollable_content_region.width - GUTTER - 2, 20)
        lines = textwrap.wrap(wording, width) or [""]
        text = Text(f"{cursor}{mark}{point:>2}  ", style="bold" if chosen else "")
        text.append("\n".join([lines[0], *(" " * GUTTER + line for line in lines[1:])]))
        if chosen:
            text.stylize("bold")
        return text
