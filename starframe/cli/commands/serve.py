"""`starframe serve practice|trainer`: a training room in the browser, with textual-serve.

`practice` serves the trainee's app (name, session code, scoring, feedback, a PDF sheet to
download) and nothing else; `trainer` serves a session's live results on a second server that
listens on 127.0.0.1 only. The rules for where they listen are `starframe.serve.address`'s; what
a tab can reach is `starframe.tui.reach`'s. `serve app` is what each tab runs: it is left out of
the help, and only the server starts it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from starframe.cli.options import cases_dir_option, lang_option, stars_dir_option

if TYPE_CHECKING:
    from starframe.serve.address import Address, Kind

DB_HELP = (
    "Database the served apps use: an SQLite file or a postgresql+psycopg:// URL, best a "
    "login with the trainer role only (default: STARFRAME_DB, then starframe.db in the data "
    "folder)."
)


@click.group()
def serve() -> None:
    """A training room in the browser: practice for trainees, live results for the trainer."""


def _db_option(func: click.decorators.FC) -> click.decorators.FC:
    return click.option("--db", metavar="PATH_OR_URL", help=DB_HELP)(func)


@serve.command("practice")
@_db_option
@click.option(
    "--host",
    metavar="ADDRESS",
    help="Address to listen on (default 127.0.0.1, this machine only). Another address, such "
    "as 0.0.0.0, opens practice to the whole network, with a warning.",
)
@click.option("--port", type=int, metavar="PORT", help="Port to listen on (default 8000).")
@click.option(
    "--public-url",
    metavar="URL",
    help="The address trainees open, when a reverse proxy stands in front "
    "(e.g. https://room.example.org).",
)
@cases_dir_option
@stars_dir_option
@lang_option
def practice(
    db: str | None,
    host: str | None,
    port: int | None,
    public_url: str | None,
    cases_dirs: tuple[Path, ...],
    stars_dirs: tuple[Path, ...],
    lang: str | None,
) -> None:
    """Serve practice to trainees' browsers: name, session code, scoring and feedback only."""
    address = _address("practice", host, port, public_url, allow_remote_trainer=False)
    _serve(address, db, cases_dirs, stars_dirs, lang)


@serve.command("trainer")
@_db_option
@click.option("--port", type=int, metavar="PORT", help="Port to listen on (default 8001).")
@click.option(
    "--host",
    metavar="ADDRESS",
    help="Refused unless --allow-remote-trainer is given: the results listen on 127.0.0.1.",
)
@click.option(
    "--allow-remote-trainer",
    is_flag=True,
    help="Let --host open the trainer's results beyond this machine (prints a warning).",
)
@cases_dir_option
@stars_dir_option
@lang_option
def trainer(
    db: str | None,
    port: int | None,
    host: str | None,
    allow_remote_trainer: bool,
    cases_dirs: tuple[Path, ...],
    stars_dirs: tuple[Path, ...],
    lang: str | None,
) -> None:
    """Serve a session's live results to the trainer's own browser, on 127.0.0.1 only."""
    address = _address("trainer", host, port, None, allow_remote_trainer=allow_remote_trainer)
    _serve(address, db, cases_dirs, stars_dirs, lang)


@serve.command("app", hidden=True)
@click.argument("kind", type=click.Choice(["practice", "trainer"]))
@cases_dir_option
@stars_dir_option
@lang_option
def app(
    kind: Kind, cases_dirs: tuple[Path, ...], stars_dirs: tuple[Path, ...], lang: str | None
) -> None:
    """One browser tab's app, confined to KIND; started by `serve practice|trainer`."""
    from starframe.tui.reach import make_room_app

    # The database comes in STARFRAME_DB (set by the server), never on the command line.
    make_room_app(kind, cases_dirs=cases_dirs, stars_dirs=stars_dirs, lang=lang).run()


def _address(
    kind: Kind,
    host: str | None,
    port: int | None,
    public_url: str | None,
    *,
    allow_remote_trainer: bool,
) -> Address:
    from starframe.serve.address import AddressRefused, check_free, choose_address

    try:
        address = choose_address(
            kind,
            host=host,
            port=port,
            public_url=public_url,
            allow_remote_trainer=allow_remote_trainer,
        )
        check_free(address)
    except AddressRefused as error:
        click.echo(f"starframe: error: {error}", err=True)
        sys.exit(2)
    return address


def _serve(
    address: Address,
    db: str | None,
    cases_dirs: tuple[Path, ...],
    stars_dirs: tuple[Path, ...],
    lang: str | None,
) -> None:
    from starframe.cli.shared.store import opened_store
    from starframe.serve.room import RoomServer, app_command

    # The database is opened (and brought up to date) once here, so a wrong --db is one line
    # now rather than an error in every trainee's tab.
    with opened_store(db) as store:
        where = store.location.shown
    if db is not None:
        os.environ["STARFRAME_DB"] = db
    for warning in address.warnings:
        click.echo(warning, err=True)
    command = app_command(address.kind, cases_dirs=cases_dirs, stars_dirs=stars_dirs, lang=lang)
    server = RoomServer(command, address)
    who = "Trainees open" if address.kind == "practice" else "Open the results at"
    click.echo(f"{who}:  {address.url}")
    click.echo(f"Database: {where}")
    click.echo("Press Ctrl+C to stop the server and every app it started.")
    server.serve()
    click.echo("Stopped: every app this server started has ended.")
