"""What scoring a Star scale by scale shares, for a reading and for a practice case alike.

The keys (1…0, x, Delete, ←/→), the scale list beside the ladder, and moving between them are
the same on both screens, so what a trainee learns in practice is what they press for real.
A screen says where its marks live (`marks`) and how a key changes them (`action_score`,
`action_not_applicable`, `action_clear`); the widgets and the line under the scale's head
are drawn here.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from starframe.definition.models import NA
from starframe.tui.screens.base import StarScreen
from starframe.tui.widgets.ladder import LadderView
from starframe.tui.widgets.line import Line
from starframe.tui.widgets.scale_list import ScaleList
from starframe.tui.widgets.scale_state import scale_state

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.tui.widgets.scale_state import Marks


def _score_bindings() -> list[BindingType]:
    first = Binding(
        "1",
        "score(1)",
        "Score",
        key_display="1…0",
        id="score.1",
        tooltip="Score this scale: 1 to 9, and 0 for 10.",
    )
    rest = [
        Binding(
            str(n % 10),
            f"score({n})",
            f"Score {n}",
            show=False,
            id=f"score.{n}",
            tooltip=f"Score this scale {n}.",
        )
        for n in range(2, 11)
    ]
    return [first, *rest]


class ScaleByScaleScreen(StarScreen):
    """A scale list (`ScaleList`), a ladder (`LadderView`) and a `#scale-where` line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *_score_bindings(),
        Binding(
            "x",
            "not_applicable",
            "Not applicable",
            id="score.na",
            tooltip="Mark this scale as not applying to the person (press again to undo).",
        ),
        Binding(
            "delete,backspace",
            "clear",
            "Clear",
            show=False,
            id="score.clear",
            tooltip="Remove this scale's score: back to 'to do'.",
        ),
        Binding(
            "left,[",
            "step(-1)",
            "Previous scale",
            show=False,
            id="score.previous",
            tooltip="Go to the scale above.",
        ),
        Binding(
            "right,]",
            "step(1)",
            "Next scale",
            show=False,
            id="score.next",
            tooltip="Go to the scale below.",
        ),
    ]

    scale_id: str

    @property
    @abstractmethod
    def star(self) -> Star:
        """The Star being scored, in the wording shown."""

    @property
    @abstractmethod
    def marks(self) -> Marks:
        """The scores as they stand now."""

    @abstractmethod
    def action_score(self, point: int) -> None:
        """Give the current scale `point`: a reading saves it, practice keeps it until submitted."""

    @abstractmethod
    def action_not_applicable(self) -> None:
        """Mark the current scale not applicable, or take the mark back."""

    @abstractmethod
    def action_clear(self) -> None:
        """Take the current scale's answer away."""

    def first_to_do(self) -> str:
        ids = [scale.id for scale in self.star.scales]
        return next((i for i in ids if scale_state(self.marks, i) == "to do"), ids[0])

    def show_scales(self) -> None:
        """Fill the scale list and show the current scale; call once the screen is mounted."""
        scales = self.query_one(ScaleList)
        scales.show(self.star, self.marks)
        scales.highlighted = scales.get_option_index(self.scale_id)
        self.show_scale()

    def show_scale(self) -> None:
        """The current scale's ladder, at its score (or the journey's first point)."""
        ladder = self.query_one(LadderView)
        ladder.show(self.star, self.star.scale(self.scale_id), self.marks)
        value = self.marks.scores.get(self.scale_id)
        ladder.move_to(value if isinstance(value, int) else self.star.journey[0].first)
        self.show_where()

    def show_where(self) -> None:
        """`✓ score 4 (Accepting help)`, `– not applicable` or `· to do`, with any disagreement."""
        marks, star = self.marks, self.star
        value = marks.scores.get(self.scale_id)
        if value is None:
            shown = "· to do: press 1…0, or ↑/↓ and Enter"
        elif value == NA:
            shown = "– not applicable"
        else:
            assert isinstance(value, int)
            shown = f"✓ score {value} ({star.stage_of(value).name})"
            person = marks.person_scores.get(self.scale_id)
            if person is not None:
                shown += f"; person's view {person} ≠"
        self.query_one("#scale-where", Line).text = shown

    def points_marked(self) -> set[int]:
        """The ladder points marked on the current scale (to redraw after a change)."""
        marks = self.marks
        marked = {marks.scores.get(self.scale_id), marks.person_scores.get(self.scale_id)}
        return {value for value in marked if isinstance(value, int)}

    def redraw(self, points: set[int]) -> None:
        """Redraw what a change touches: the scale's line, those ladder rows, the where line."""
        self.query_one(ScaleList).update_scale(self.star, self.marks, self.scale_id)
        self.query_one(LadderView).update_points(self.marks, points)
        self.show_where()

    # Choosing a scale

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if isinstance(event.option_list, ScaleList) and event.option.id != self.scale_id:
            assert event.option.id is not None
            self.scale_id = event.option.id
            self.show_scale()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option_list, LadderView):
            point = event.option_list.point_at_cursor()
            if point is not None:
                self.action_score(point)
        elif isinstance(event.option_list, ScaleList):
            self.query_one(LadderView).focus()

    def action_step(self, offset: int) -> None:
        """Move to the scale above or below at once, not when the list's highlight message
        arrives: keys typed fast (or sent in one burst by a browser) come before it, and a
        score would land on the scale being left."""
        scales = self.query_one(ScaleList)
        index = max(0, min((scales.highlighted or 0) + offset, scales.option_count - 1))
        scales.highlighted = index
        option = scales.get_option_at_index(index).id
        if option is not None and option != self.scale_id:
            self.scale_id = option
            self.show_scale()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A point must be on the Star; `x` is offered only where the scale allows n/a."""
        if action == "score":
            return isinstance(parameters[0], int) and parameters[0] <= self.star.points
        if action == "not_applicable":
            return True if self.star.scale(self.scale_id).not_applicable else None
        return super().check_action(action, parameters)
