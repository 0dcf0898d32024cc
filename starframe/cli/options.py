"""Every option more than one command takes: folders to load, language, database, dates, output.

The rules for writing (atomic, owner-only, never the database) are in
`starframe.output_files`; here is only how a command asks for them. `--output`, the old name
of `--out` (`--dir` on `new star`, a DESTINATION argument on `db backup`), still works for one
release but is left out of the help.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
OLD_NAME = "--output"
WORKER_HELP = "Only readings taken by this worker."
OWN_REFLECTION = "Only this worker's readings: their own figures, for their own reflection."


def stars_dir_option(func: F) -> F:
    """`--stars-dir DIR` (repeatable): draft Stars loaded from folders, without packaging."""
    return click.option(
        "--stars-dir",
        "stars_dirs",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="Folder of draft Star files to load as well (repeatable; also STARFRAME_STARS_PATH).",
    )(func)


def cases_dir_option(func: F) -> F:
    """`--cases-dir DIR` (repeatable): a trainer's own practice cases, loaded from folders."""
    return click.option(
        "--cases-dir",
        "cases_dirs",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="Folder of practice cases to load as well (repeatable).",
    )(func)


def lang_option(func: F) -> F:
    """`--lang CODE`: a Star's wording in a translation, falling back string by string."""
    return click.option(
        "--lang",
        metavar="CODE",
        help="Language to show (a BCP 47 code such as cy); untranslated text stays as written.",
    )(func)


def team_option(func: F) -> F:
    """`--team T`: one team's caseload, for an owner or lead reading one team's figures (a
    secured database shows every other login only its own teams, with or without it)."""
    return click.option(
        "--team",
        metavar="T",
        help="Only people in this team's caseload (a code: `starframe teams list`).",
    )(func)


def dates_options(func: F) -> F:
    """`--from` and `--to`: only the readings taken in a window of dates (both ends kept)."""
    func = date_option("--to", "until", help="Only readings taken on or before this date.")(func)
    return date_option("--from", "since", help="Only readings taken on or after this date.")(func)


def window_options(worker_help: str) -> Callable[[F], F]:
    """`--from`, `--to`, `--worker CODE` and `--team T`: the readings a cohort's figures or a
    learning review rest on, asked for in the same words by the summary and the PDF."""

    def decorate(func: F) -> F:
        func = team_option(func)
        func = click.option("--worker", metavar="CODE", help=worker_help)(func)
        return dates_options(func)

    return decorate


def db_option(func: F) -> F:
    return click.option(
        "--db",
        metavar="PATH_OR_URL",
        help="Database file or URL (default: $STARFRAME_DB, else starframe.db in your "
        "data folder). PostgreSQL: postgresql+psycopg://user@host/dbname.",
    )(func)


def date_option(*names: str, **kwargs: Any) -> Callable[[F], F]:
    """An option holding a calendar date written YYYY-MM-DD."""
    return click.option(*names, callback=_to_date, metavar="YYYY-MM-DD", **kwargs)


def _to_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"`{value}` is not a date written YYYY-MM-DD, e.g. 2024-03-01.", ctx, param
        ) from None


class _OutOption(click.Option):
    """`-o/--out`, answering to its hidden old names (`--output`, ...) too."""

    def __init__(self, *args: Any, old_names: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.old_names = old_names

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        spellings = self.opts
        self.opts = [name for name in spellings if name not in self.old_names]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = spellings

    def get_error_hint(self, ctx: click.Context | None) -> str:
        return " / ".join(f"'{name}'" for name in self.opts if name not in self.old_names)


def out_option(
    help: str,
    *,
    required: bool = True,
    folder: bool = False,
    default: Path | None = None,
    old_names: tuple[str, ...] = (OLD_NAME,),
) -> Callable[[F], F]:
    """`-o/--out PATH` (a file, or a folder with `folder=True`), passed as `output`.

    `old_names` are the spellings a command used before, accepted for one release and left
    out of the help: `--output` on most, `--dir` on `new star`.
    """
    kind = click.Path(file_okay=not folder, dir_okay=folder, path_type=Path)
    # Click reads an explicit default=None as a value given, so only a real default is passed.
    defaults: dict[str, Any] = {} if default is None else {"default": default}
    return click.option(
        "-o",
        "--out",
        *old_names,
        "output",
        cls=_OutOption,
        old_names=old_names,
        required=required,
        type=kind,
        show_default=default is not None,
        help=help,
        **defaults,
    )


def pdf_out_option(func: F) -> F:
    """`-o/--out FILE`: the PDF a render or practice command writes, the same on every one."""
    return out_option("PDF file to write (readable by you only).")(func)


def force_option(func: F) -> F:
    return click.option(
        "--force", is_flag=True, help="Replace files that exist (never the database in use)."
    )(func)
