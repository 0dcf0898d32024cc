"""Record that the person sees a scale differently: their own point, beside the worker's.

Both values are kept; the worker's is the one reports count. Pressing the worker's own
point, or R, removes the disagreement.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from starframe.tui.screens.base import StarDialog

Answer = int | Literal["remove"] | None
"""The person's point, "remove" for no disagreement, or None when cancelled."""


class DisagreementDialog(StarDialog[Answer]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(n % 10),
                f"pick({n})",
                f"Person says {n}",
                show=False,
                id=f"disagree.{n}",
                tooltip=f"The person's own score is {n}.",
            )
            for n in range(1, 11)
        ),
        Binding(
            "r",
            "pick('remove')",
            "No disagreement",
            id="disagree.remove",
            tooltip="The person agrees with the worker's score.",
        ),
        Binding("escape", "pick(None)", "Cancel", id="disagree.cancel", tooltip="Change nothing."),
    ]

    def __init__(self, scale_name: str, worker: int, person: int | None, points: int) -> None:
        super().__init__(classes="dialog")
        self._scale_name = scale_name
        self._worker = worker
        self._person = person
        self._points = points

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box") as box:
            box.border_title = f"Disagreement on {self._scale_name}"
            now = f"The person's view is {self._person}." if self._person else ""
            yield Static(
                f"The worker's score is {self._worker}. {now}\n"
                f"Press the person's own score (1–{min(self._points, 9)}"
                f"{', 0 for 10' if self._points >= 10 else ''}), R to remove the disagreement, "
                "or Esc to cancel.",
                markup=False,
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick" and isinstance(parameters[0], int):
            return parameters[0] <= self._points
        return True

    def action_pick(self, answer: Answer) -> None:
        if answer == self._worker:
            answer = "remove"
        self.dismiss(answer)
