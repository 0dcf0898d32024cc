"""The person's own copy ("My Star") from the terminal UI: choose a file, confirm, save.

The Finish and History screens share this flow. The PDF is built and written by the same call
as `starframe render mine` (`starframe.render.mine_pdf`); the UI only chooses the file and the
options, asks before replacing a file (instead of `--force`), and writes in a worker thread so
the screen stays live.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from starframe.output_files import TargetExists
from starframe.tui.failures import EXPECTED
from starframe.tui.report_pdf import replaces_a_file

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.models import Reading
    from starframe.render.mine_pdf import MineChoices
    from starframe.tui.screens.base import StarScreen


def default_file(reading: Reading) -> Path:
    """`my-star-justice-2024-06-01.pdf`: no person code, as the copy itself holds none."""
    return Path.cwd() / f"my-star-{reading.star}-{reading.date.isoformat()}.pdf"


class PersonCopy:
    """One run of the flow for `reading`, from `screen`; results are shown as notifications."""

    def __init__(self, screen: StarScreen, reading: Reading, star: Star) -> None:
        self.screen = screen
        self.reading = reading
        self.star = star

    def start(self) -> None:
        from starframe.tui.dialogs.person_copy import PersonCopyDialog

        dialog = PersonCopyDialog(default_file(self.reading), self.screen.starframe.settings.lang)
        self.screen.app.push_screen(dialog, self._chosen)

    def _chosen(self, chosen: tuple[Path, MineChoices] | None) -> None:
        if chosen is None:
            return
        path, choices = chosen
        try:
            replacing = replaces_a_file(self.screen.starframe.store_access, path)
        except EXPECTED as error:
            self.screen.starframe.report("save the person's copy", error)
            return
        if replacing:
            self._ask_to_replace(path, choices)
        else:
            self._write(path, choices, replace=False)

    def _ask_to_replace(self, path: Path, choices: MineChoices) -> None:
        from starframe.tui.dialogs.confirm import ConfirmDialog

        dialog = ConfirmDialog(
            "Replace the file", f"{path} exists. Replace it?", "Replace", "Cancel", safe_first=True
        )
        self.screen.app.push_screen(dialog, partial(self._replace_answered, path, choices))

    def _replace_answered(self, path: Path, choices: MineChoices, yes: bool | None) -> None:
        if yes:
            self._write(path, choices, replace=True)
        else:
            self.screen.notify(f"Not saved: {path} is as it was.")

    def _write(self, path: Path, choices: MineChoices, *, replace: bool) -> None:
        self.screen.notify(f"Saving the person's copy as {path}…")
        self.screen.run_worker(
            partial(self._write_in_thread, path, choices, replace),
            thread=True,
            exclusive=True,
            group="person-copy",
        )

    def _write_in_thread(self, path: Path, choices: MineChoices, replace: bool) -> None:
        from starframe.render.mine_pdf import save_mine_pdf

        app = self.screen.starframe
        try:
            save_mine_pdf(
                app.store_access.store(),
                self.reading,
                self.star,
                app.catalog.host,
                path.expanduser(),
                choices,
                force=replace,
            )
        except TargetExists:
            # Another program wrote the file while the copy was being built.
            app.call_from_thread(self._ask_to_replace, path, choices)
            return
        except EXPECTED as error:
            app.call_from_thread(app.report, "save the person's copy", error)
            return
        app.call_from_thread(self.screen.notify, f"Saved the person's copy as {path}.")
