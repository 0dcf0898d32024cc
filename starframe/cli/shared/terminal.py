"""Opening the terminal UI, from `starframe tui`, `starframe` alone and `starframe practice`.

Textual is imported only here, when the UI really opens, so every other command starts
without paying for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starframe.tui.app import First


def run_tui(
    *,
    db: str | None = None,
    stars_dirs: tuple[Path, ...] = (),
    cases_dirs: tuple[Path, ...] = (),
    lang: str | None = None,
    first: First = "home",
) -> None:
    from starframe.tui.app import make_app

    make_app(db=db, stars_dirs=stars_dirs, cases_dirs=cases_dirs, lang=lang, first=first).run()
