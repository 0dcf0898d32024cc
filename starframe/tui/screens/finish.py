"""Finish a reading: check every scale is done, agree the action plan, complete it.

Whether the reading may be completed is the store's rule (`editing.completion_problems`): this
screen shows its verdict before asking, and the store checks again when it is completed. Once
complete, the scores are locked; the report can be saved as a PDF, replacing a file only once
the person said so.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from starframe.output_files import TargetExists
from starframe.readings.editing import completion_problems
from starframe.readings.models import ActionItem
from starframe.tui.failures import EXPECTED
from starframe.tui.plain import plain
from starframe.tui.report_pdf import default_file, replaces_a_file, save_reading_pdf
from starframe.tui.screens.base import StarScreen
from starframe.tui.session import ReadingSession
from starframe.tui.widgets.scale_state import tally_text

PLAN_CHANGES = {"add_action", "remove_action", "complete"}


class FinishScreen(StarScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "add_action",
            "Add action",
            id="finish.add",
            tooltip="Add a step to the action plan.",
        ),
        Binding(
            "delete",
            "remove_action",
            "Remove action",
            # Left out of the footer so the rest fits 80 columns: the status line names it
            # whenever there is a step to remove, and the palette lists it.
            show=False,
            id="finish.remove",
            tooltip="Remove the highlighted step of the action plan.",
        ),
        Binding(
            "c",
            "complete",
            "Complete",
            id="finish.complete",
            tooltip="Complete the reading: its scores are then locked.",
        ),
        Binding(
            "p",
            "save_pdf",
            "Save PDF",
            id="finish.pdf",
            tooltip="Save the reading's report as a PDF file.",
        ),
        Binding(
            "m",
            "for_person",
            "My Star",
            id="finish.mine",
            tooltip="Save the person's own copy (My Star): plain words, no codes or figures.",
        ),
        Binding("escape", "app.pop_screen", "Back", id="finish.back", tooltip="Back to scoring."),
    ]

    def __init__(self, session: ReadingSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        reading, star = self.session.reading, self.session.star
        self.title = f"Finish: {star.name} {star.edition}"
        self.sub_title = f"{reading.person} · {reading.date.isoformat()}"
        yield Header()
        with VerticalScroll(id="finish"):
            yield Static(id="finish-check")
            plan: DataTable[str] = DataTable(id="finish-plan", cursor_type="row")
            plan.border_title = "Action plan"
            yield plan
            yield Static(id="finish-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#finish-plan", DataTable).focus()
        self._refresh()

    def _problems(self) -> list[str]:
        today = self.starframe.settings.today()
        return completion_problems(self.session.reading, self.session.star, today=today)

    def _refresh(self) -> None:
        reading, star = self.session.reading, self.session.star
        ids = [scale.id for scale in star.scales]
        check = Text()
        check.append(f"{tally_text(reading, ids)}.\n")
        problems = self._problems()
        if reading.status == "complete":
            check.append("✓ Complete. Its scores are locked.", style="bold")
        elif problems:
            for problem in problems:
                check.append(f"✗ {problem}\n", style="bold")
            check.append("Press Esc to go back to scoring.")
        else:
            check.append("✓ Every scale is scored or marked not applicable. ", style="bold")
            check.append("Press c to complete the reading.")
        self.query_one("#finish-check", Static).update(check)
        plan = self.query_one("#finish-plan", DataTable)
        # Columns are set with the rows: a header drawn before its rows can stay too narrow.
        plan.clear(columns=True)
        plan.add_columns("Scale", "Goal", "Steps", "Who", "By")
        for item in reading.actions:
            plan.add_row(
                plain(star.scale(item.scale).label if item.scale in ids else item.scale),
                plain(item.goal),
                plain(item.steps or ""),
                plain(item.who or ""),
                item.by.isoformat() if item.by else "",
            )
        steps = len(reading.actions)
        if self.session.locked:
            status = f"{steps} step(s) in the action plan."
        elif steps:
            status = f"{steps} step(s) in the action plan. a adds one, Delete removes one."
        else:
            status = "No action plan yet: a adds a step (optional)."
        status += " p saves the report as PDF."
        if reading.status == "complete":
            status += " m saves the person's own copy."
        self.query_one("#finish-status", Static).update(status)
        self.refresh_bindings()

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        if action == "for_person" and self.session.reading.status != "complete":
            # The person's copy is of a finished reading: shown, greyed out, until complete.
            return "The person's copy is of a completed reading: complete it first."
        if action not in PLAN_CHANGES:
            return None
        if self.session.locked:
            return "Complete: the reading and its action plan are locked."
        if action == "remove_action" and not self.session.reading.actions:
            return "The action plan has no step to remove."
        if action == "complete" and self._problems():
            return "Not complete yet: see what is still to do above."
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in PLAN_CHANGES and self.session.locked:
            return False
        return None if self.why_not(action, parameters) is not None else True

    def tell(self, message: str) -> None:
        self.query_one("#finish-status", Static).update(message)

    def action_add_action(self) -> None:
        from starframe.tui.dialogs.action_item import ActionItemDialog

        dialog = ActionItemDialog(self.session.star, None, self.session.reading)
        self.app.push_screen(dialog, self._added)

    def _added(self, item: ActionItem | None) -> None:
        if item is None:
            return
        try:
            self.session.add_action(item)
        except EXPECTED as error:
            self.starframe.report("add the step", error)
        self._refresh()

    def action_remove_action(self) -> None:
        """Remove the highlighted step, once the person said so: it cannot be taken back."""
        from starframe.tui.dialogs.confirm import ConfirmDialog

        plan = self.query_one("#finish-plan", DataTable)
        actions = self.session.reading.actions
        if not plan.row_count or not 0 <= plan.cursor_row < len(actions):
            return
        index = plan.cursor_row
        item = actions[index]
        names = {scale.id: scale.name for scale in self.session.star.scales}
        scale = names.get(item.scale, item.scale)
        dialog = ConfirmDialog(
            "Remove a step",
            f"Remove step {index + 1} of the action plan ({scale}: {item.goal})?",
            "Remove",
            "Keep it",
            safe_first=True,
        )
        self.app.push_screen(dialog, partial(self._remove_answered, index))

    def _remove_answered(self, index: int, yes: bool | None) -> None:
        if not yes:
            return
        try:
            self.session.remove_action(index)
        except EXPECTED as error:
            self.starframe.report("remove the step", error)
        self._refresh()

    def action_complete(self) -> None:
        from starframe.tui.dialogs.confirm import ConfirmDialog

        question = (
            f"Complete this reading of {self.session.reading.person}? "
            "Its scores are then locked: they can no longer be changed."
        )
        self.app.push_screen(
            ConfirmDialog("Complete the reading", question, "Complete"), self._confirmed
        )

    def _confirmed(self, yes: bool | None) -> None:
        if not yes:
            return
        try:
            self.session.complete()
        except EXPECTED as error:
            self.starframe.report("complete the reading", error)
        self._refresh()

    def action_for_person(self) -> None:
        from starframe.tui.person_copy import PersonCopy

        PersonCopy(self, self.session.reading, self.session.star).start()

    def action_save_pdf(self) -> None:
        from starframe.tui.dialogs.save_pdf import SavePdfDialog

        self.app.push_screen(SavePdfDialog(default_file(self.session.reading)), self._save_pdf)

    def _save_pdf(self, path: Path | None) -> None:
        if path is None:
            return
        try:
            replacing = replaces_a_file(self.starframe.store_access, path)
        except EXPECTED as error:
            self.starframe.report("save the PDF", error)
            return
        if replacing:
            self._ask_to_replace(path)
        else:
            self._start_writing(path, replace=False)

    def _ask_to_replace(self, path: Path) -> None:
        from starframe.tui.dialogs.confirm import ConfirmDialog

        dialog = ConfirmDialog(
            "Replace the file", f"{path} exists. Replace it?", "Replace", "Cancel", safe_first=True
        )
        self.app.push_screen(dialog, partial(self._replace_answered, path))

    def _replace_answered(self, path: Path, yes: bool | None) -> None:
        if yes:
            self._start_writing(path, replace=True)
        else:
            self.query_one("#finish-status", Static).update(f"Not saved: {path} is as it was.")

    def _start_writing(self, path: Path, *, replace: bool) -> None:
        self.query_one("#finish-status", Static).update(f"Saving {path}…")
        self._write_pdf(path, replace)

    @work(thread=True, exclusive=True, group="finish-pdf")
    def _write_pdf(self, path: Path, replace: bool) -> None:
        app = self.starframe
        try:
            warnings = save_reading_pdf(
                app.store_access,
                self.session.reading,
                self.session.star,
                app.catalog.host,
                path,
                replace=replace,
            )
        except TargetExists:
            # Another program wrote the file while the report was being built.
            app.call_from_thread(self._ask_to_replace, path)
            return
        except EXPECTED as error:
            app.call_from_thread(app.report, "save the PDF", error)
            return
        app.call_from_thread(self._saved, path, warnings)

    def _saved(self, path: Path, warnings: list[str]) -> None:
        self.query_one("#finish-status", Static).update(f"Saved the report as {path}.")
        for warning in warnings:
            self.notify(warning, severity="warning")
