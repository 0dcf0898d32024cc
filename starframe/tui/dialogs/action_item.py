"""Add one step of the action plan: which scale it works on, the goal, who, and by when."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select, Static

from starframe.readings.editing import action_problem
from starframe.readings.models import ActionItem
from starframe.tui.failures import plain_words
from starframe.tui.screens.base import StarDialog
from starframe.tui.widgets.form import field_row

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.models import Reading


class ActionItemDialog(StarDialog[ActionItem | None]):
    """Returns the new item, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Add", id="action.save", tooltip="Add this step to the plan."),
        Binding("escape", "cancel", "Cancel", id="action.cancel", tooltip="Add nothing."),
    ]

    def __init__(self, star: Star, scale_id: str | None, reading: Reading) -> None:
        super().__init__(classes="dialog")
        self._star = star
        self._reading = reading
        self._scale_id = scale_id or star.scales[0].id

    def compose(self) -> ComposeResult:
        scales = [(scale.name, scale.id) for scale in self._star.scales]
        with Vertical(classes="dialog-box") as box:
            box.border_title = "Add to the action plan"
            yield field_row(
                "Scale",
                Select(
                    scales, value=self._scale_id, allow_blank=False, id="action-scale", compact=True
                ),
            )
            yield field_row("Goal", Input(id="action-goal", compact=True))
            yield field_row("Steps", Input(placeholder="optional", id="action-steps", compact=True))
            yield field_row(
                "Who", Input(placeholder="e.g. person and worker", id="action-who", compact=True)
            )
            yield field_row(
                "By", Input(placeholder="YYYY-MM-DD, optional", id="action-by", compact=True)
            )
            yield Static("", id="action-error", classes="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add (ctrl+s)", id="action-add", variant="primary")
                yield Button("Cancel (esc)", id="action-cancel")

    def on_mount(self) -> None:
        self.query_one("#action-goal", Input).focus()

    def _value(self, field_id: str) -> str | None:
        value = self.query_one(f"#{field_id}", Input).value.strip()
        return value or None

    def action_save(self) -> None:
        try:
            item = ActionItem.model_validate(
                {
                    "scale": self.query_one("#action-scale", Select).value,
                    "goal": self._value("action-goal") or "",
                    "steps": self._value("action-steps"),
                    "who": self._value("action-who"),
                    "by": self._value("action-by"),
                }
            )
        except ValidationError as error:
            self.query_one("#action-error", Static).update(plain_words(error))
            return
        problem = action_problem(self._reading, item)
        if problem is not None:
            self.query_one("#action-error", Static).update(problem)
            return
        self.dismiss(item)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_changed(self, _event: Input.Changed) -> None:
        """What was wrong is shown until the person changes something, not after."""
        self.query_one("#action-error", Static).update("")

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "action-add":
            self.action_save()
        else:
            self.action_cancel()
