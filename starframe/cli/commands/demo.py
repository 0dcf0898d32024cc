"""`starframe demo`: a database of made-up people and readings to try starframe with."""

from __future__ import annotations

from pathlib import Path

import click

from starframe.cli.shared.catalogs import open_catalog
from starframe.cli.shared.errors import UserError
from starframe.cli.shared.store import opened_store

DEMO_STARS = ("justice", "parent-baby")


@click.command()
@click.option("--force", is_flag=True, help="Recreate the demo records if they are there.")
@click.option(
    "--db",
    metavar="PATH_OR_URL",
    help="Database for the demo (default: demo.db in your data folder, never $STARFRAME_DB).",
)
@click.option(
    "--pilot",
    is_flag=True,
    help="Also write a pilot Star to a draft folder and record about 120 people's readings "
    "on it, for `starframe pilot report`.",
)
@click.option(
    "--pilot-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Draft folder for the pilot Star (default: pilot-stars in your data folder).",
)
def demo(force: bool, db: str | None, pilot: bool, pilot_dir: Path | None) -> None:
    """Fill a database with made-up people (DEMO-001, ...) and readings on the bundled Stars.

    Running it again leaves an existing demo as it is, so it is safe to run every time.
    It refuses a database that holds anyone else's records.
    """
    from starframe.catalog import StarNotFound
    from starframe.paths import data_dir
    from starframe.readings.demo import install_demo

    catalog = open_catalog(())
    definitions = []
    for star_id in DEMO_STARS:
        try:
            entry = catalog.entry(star_id)
        except StarNotFound as exc:
            raise UserError(f"the demo uses the bundled Stars: {exc}") from None
        assert entry.checked is not None
        definitions.append(entry.checked.raw)
    with opened_store(db or str(data_dir() / "demo.db")) as store:
        result = install_demo(store, definitions, force=force)
        where = store.location.shown
    if not result.created:
        click.echo(f"{where} already holds the demo ({result.people} people); nothing changed.")
    else:
        click.echo(
            f"Created the demo in {where}: {result.people} people, {result.readings} readings."
        )
        click.echo(f"Try: starframe summary cohort justice --db {where}")
    if pilot:
        _pilot(db or str(data_dir() / "demo.db"), pilot_dir or data_dir() / "pilot-stars", force)


def _pilot(db: str, folder: Path, force: bool) -> None:
    from starframe.pilot.demo import STAR_ID, install_pilot_demo

    with opened_store(db) as store:
        made = install_pilot_demo(store, folder, force=force)
        where = store.location.shown
    if made.created:
        click.echo(
            f"Wrote the pilot Star {made.star_file} and recorded {made.people} people's "
            f"{made.readings} readings on it."
        )
    else:
        click.echo(f"{where} already holds the pilot ({made.people} people); nothing changed.")
    click.echo(f"Try: starframe pilot report {STAR_ID} --db {where}")
    click.echo(f"     starframe wording export {made.star_file} -o wording.xlsx --lang cy")
