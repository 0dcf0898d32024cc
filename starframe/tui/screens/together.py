"""The "together" view: the star and the current scale's ladder, filling the screen.

For a worker turning the screen to the person while scoring: nothing but the Star so far and
the words of the scale being talked about, large and uncluttered, with no codes, notes or
keys beyond the few needed (←/→ another scale, 1…0 the point agreed, Esc back). Scores given
here are saved through the same session as the scoring screen's, so the two never differ, and
refused for the same reasons (a complete reading, a read-only database), said on its one line
at the bottom.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from starframe.tui.failures import EXPECTED
from starframe.tui.pictures import reading_picture
from starframe.tui.screens.base import StarScreen
from starframe.tui.widgets.line import Line
from starframe.tui.widgets.radar import RadarChart
from starframe.tui.widgets.star_text import points_span

if TYPE_CHECKING:
    from starframe.tui.session import ReadingSession


def _score_keys() -> list[BindingType]:
    return [
        Binding(
            str(n % 10),
            f"score({n})",
            "Score" if n == 1 else f"Score {n}",
            key_display="1…0" if n == 1 else None,
            show=n == 1,
            id=f"together.score.{n}",
            tooltip="Score this scale: 1 to 9, and 0 for 10.",
        )
        for n in range(1, 11)
    ]


class TogetherScreen(StarScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *_score_keys(),
        Binding(
            "left,[",
            "step(-1)",
            "Previous scale",
            id="together.previous",
            key_display="←",
            tooltip="Show the scale before.",
        ),
        Binding(
            "right,]",
            "step(1)",
            "Next scale",
            id="together.next",
            key_display="→",
            tooltip="Show the next scale.",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            id="together.back",
            tooltip="Back to the scoring screen, on this scale.",
        ),
    ]

    def __init__(
        self, session: ReadingSession, scale_id: str, read_only: str | None = None
    ) -> None:
        """`read_only` is why the database cannot be written, as the scoring screen found it."""
        super().__init__()
        self.session = session
        self.scale_id = scale_id
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        yield Static(id="together-title", markup=False)
        with Horizontal(id="together"):
            yield RadarChart(id="together-chart")
            with VerticalScroll(id="together-ladder-box"):
                yield Static(id="together-ladder", markup=False)
        yield Line(id="together-status")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        star, reading = self.session.star, self.session.reading
        scale = star.scale(self.scale_id)
        number = [s.id for s in star.scales].index(scale.id) + 1
        self.query_one("#together-title", Static).update(
            Text(f"{scale.name}   ({number} of {len(star.scales)})", style="bold")
        )
        picture = reading_picture(star, reading, None)
        self.query_one(RadarChart).draw(picture.shape)
        chosen = reading.scores.get(scale.id)
        own = reading.person_scores.get(scale.id)
        ladder = Text()
        for stage in star.journey:
            span = points_span(stage.first, stage.last)
            ladder.append(f"{stage.name} ({span})\n", style="bold underline")
            for point in range(stage.first, stage.last + 1):
                mark = "▶" if point == chosen else ("◇" if point == own else " ")
                line = f"{mark} {point:>2}  {scale.ladder.get(point, '')}\n"
                ladder.append(line, style="reverse bold" if point == chosen else "")
            ladder.append("\n")
        if own is not None and own != chosen:
            ladder.append(f"◇ {own}: the person's own view\n", style="italic")
        self.query_one("#together-ladder", Static).update(ladder)

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """The scoring screen's refusals, in its words: a score key here changes the same draft."""
        if action == "score":
            if self.session.locked:
                return "Complete: scores locked."
            if self.read_only is not None:
                return f"Read-only: nothing can be saved. {self.read_only}"
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "score":
            if not (isinstance(parameters[0], int) and parameters[0] <= self.session.star.points):
                return False
            return None if self.why_not(action, parameters) is not None else True
        return True

    def tell(self, message: str) -> None:
        self.query_one("#together-status", Line).text = message

    def action_score(self, point: int) -> None:
        try:
            self.session.score(self.scale_id, point)
        except EXPECTED as error:
            self.starframe.report("save the score", error)
            return
        self._show()
        self.tell("Saved.")

    def action_step(self, offset: int) -> None:
        ids = [scale.id for scale in self.session.star.scales]
        index = max(0, min(ids.index(self.scale_id) + offset, len(ids) - 1))
        self.scale_id = ids[index]
        self._show()

    def action_back(self) -> None:
        self.dismiss(None)
