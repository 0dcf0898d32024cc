"""`starframe tui` (and `starframe` alone, in a terminal): the terminal UI.

Textual is imported only when the UI opens (`starframe.cli.shared.terminal`), so every other
command starts without paying for it and scripts that never open the UI never load it.
"""

from __future__ import annotations

from pathlib import Path

import click

from starframe.cli.options import cases_dir_option, lang_option, stars_dir_option
from starframe.cli.shared.terminal import run_tui

DB_HELP = (
    "Database: an SQLite file or a postgresql+psycopg:// URL (default: STARFRAME_DB, "
    "then starframe.db in the data folder)."
)


@click.command("tui")
@click.option("--db", metavar="PATH_OR_URL", help=DB_HELP)
@stars_dir_option
@cases_dir_option
@lang_option
def tui(
    db: str | None, stars_dirs: tuple[Path, ...], cases_dirs: tuple[Path, ...], lang: str | None
) -> None:
    """Open the terminal UI: take readings, see the star, browse Stars, practise."""
    run_tui(db=db, stars_dirs=stars_dirs, cases_dirs=cases_dirs, lang=lang)
