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
from starframe.tui.widgets.scale_state import scale_state, tally

if TYPE_CHECKING:
    from textual.timer import Timer

    from starframe.definition.models import Star
    from starframe.tui.commands import PaletteCommand
    from starframe.tui.widgets.scale_state import Marks


SCORE_KEYS = "score.1"
"""The binding whose key the footer shows as the Star's own range (`1…5`, `1…0`, `1…20`)."""
SECOND_DIGIT_WAIT = 0.8
"""Seconds a first digit waits for a second on a Star of more than 10 points: `1` then `2`
within it scores 12; alone, it scores 1 once the wait is over."""


def _score_bindings() -> list[BindingType]:
    first = Binding(
        "1",
        "digit(1)",
        "Score",
        key_display="1…0",
        id=SCORE_KEYS,
        tooltip="Score this scale: type its point (on 10 points, 0 is 10).",
    )
    rest = [
        Binding(
            str(n % 10),
            f"digit({n % 10})",
            f"Score {n}",
            show=False,
            id=f"score.{n}",
            tooltip=f"Score this scale {n}.",
        )
        for n in range(2, 11)
    ]
    return [first, *rest]


def score_keys(points: int) -> str:
    """The keys that score on a Star of `points`: `1…5`, `1…0` (0 is 10), `1…20`."""
    if points < 10:
        return f"1…{points}"
    return "1…0" if points == 10 else f"1…{points}"


class ScaleByScaleScreen(StarScreen):
    """A scale list (`ScaleList`), a ladder (`LadderView`) and a `#scale-where` line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *_score_bindings(),
        Binding(
            "x",
            "not_applicable",
            "N/A",
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

    SCORED: ClassVar[str]
    """What a score is said to be once given: "Saved" (a reading), "Kept" (practice)."""
    LAST_STEP: ClassVar[str]
    """The key that ends the scoring, in words: "f finishes", "f submits"."""

    scale_id: str
    _first_digit: int | None = None
    """A digit typed on a Star of more than 10 points, waiting for a second (`digit`)."""
    _digit_timer: Timer | None = None

    @property
    @abstractmethod
    def star(self) -> Star:
        """The Star being scored, in the wording shown."""

    @property
    @abstractmethod
    def marks(self) -> Marks:
        """The scores as they stand now."""

    @abstractmethod
    def status(self, message: str) -> None:
        """Show `message` in the status line, followed by how many scales are done."""

    @abstractmethod
    def action_score(self, point: int) -> None:
        """Give the current scale `point`: a reading saves it, practice keeps it until submitted."""

    @abstractmethod
    def action_not_applicable(self) -> None:
        """Mark the current scale not applicable, or take the mark back."""

    @abstractmethod
    def action_clear(self) -> None:
        """Take the current scale's answer away."""

    # Typing a point

    def action_digit(self, digit: int) -> None:
        """A digit key: the point it types, one digit or two (Stars of 11–20 points), or a
        word on why it scores nothing ("this scale runs 1–5")."""
        points = self.star.points
        waiting = self._take_first_digit()
        if waiting is not None:
            number = waiting * 10 + digit
            if number <= points:
                self.action_score(number)
                return
            self.action_score(waiting)
        if points == 10 and digit == 0:
            self.action_score(10)
        elif digit == 0 or digit > points:
            self.tell(
                f"{self.star.scale(self.scale_id).name} runs 1–{points}: type a point from 1 to "
                f"{points}{' (0 is 10)' if points == 10 else ''}."
            )
        elif points > 10 and digit * 10 <= points:
            self._first_digit = digit
            self._digit_timer = self.set_timer(SECOND_DIGIT_WAIT, self._first_digit_alone)
        else:
            self.action_score(digit)

    def _take_first_digit(self) -> int | None:
        waiting, self._first_digit = self._first_digit, None
        if self._digit_timer is not None:
            self._digit_timer.stop()
            self._digit_timer = None
        return waiting

    def _first_digit_alone(self) -> None:
        waiting = self._take_first_digit()
        if waiting is not None:
            self.action_score(waiting)

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """`x` where the Star allows no n/a: said on the status line and in the keys' help."""
        if action == "not_applicable" and not self.star.scale(self.scale_id).not_applicable:
            return f"{self.star.scale(self.scale_id).name} is always scored: no n/a on this Star."
        return super().why_not(action, parameters)

    def after_score(self, *, first: bool) -> None:
        """After a first score, on to the next scale still to do, and say so (a changed score
        stays put: the scorer is correcting it). The palette turns this off and on."""
        if not (first and self.starframe.moves_on_after_score):
            return
        scored = self.star.scale(self.scale_id).label
        upcoming = self.star.next_to_do(self.marks.scores, self.scale_id)
        if upcoming is None:
            self.status(f"{self.SCORED}; all done, {self.LAST_STEP}.")
            return
        self.go_to(upcoming)
        ids = [scale.id for scale in self.star.scales]
        done = len(ids) - tally(self.marks, ids)["to do"]
        # Short, to fit 80 columns: the scale moved to, and how far the scoring has come.
        self.tell(
            f"{self.SCORED} {scored}; now {self.star.scale(upcoming).label} "
            f"({done} of {len(ids)} done)."
        )

    def palette_commands(self) -> list[PaletteCommand]:
        from starframe.tui.commands import PaletteCommand

        if self.starframe.moves_on_after_score:
            return [
                PaletteCommand(
                    "Stay on the scale after a score",
                    "Until starframe is closed, a score no longer moves to the next scale.",
                    self._stay_after_score,
                )
            ]
        return [
            PaletteCommand(
                "Move on after a score",
                "A first score on a scale moves to the next scale still to do.",
                self._move_on_after_score,
            )
        ]

    def _stay_after_score(self) -> None:
        self.starframe.moves_on_after_score = False
        self.status("A score now stays on its scale (until starframe is closed).")

    def _move_on_after_score(self) -> None:
        self.starframe.moves_on_after_score = True
        self.status("A first score now moves on to the next scale still to do.")

    def go_to(self, scale_id: str) -> None:
        """Make `scale_id` the current scale at once (as `action_step` does, for fast keys)."""
        scales = self.query_one(ScaleList)
        scales.highlighted = scales.get_option_index(scale_id)
        self.scale_id = scale_id
        self.show_scale()

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
            shown = f"· to do: press {score_keys(star.points)}, or ↑/↓ and Enter"
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
        self._first_digit_alone()  # a first digit typed before moving on is that point
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
