"""`starframe workers`: the practitioners readings are recorded against."""

from __future__ import annotations

import click

from starframe.cli.options import db_option
from starframe.cli.shared.output import echo_json, table
from starframe.cli.shared.store import build, opened_store


@click.group()
def workers() -> None:
    """Workers who take readings, known by codes."""


@workers.command("add")
@click.argument("code")
@click.option("--name", required=True, help="The worker's name, as colleagues know it.")
@db_option
def add_worker(code: str, name: str, db: str | None) -> None:
    """Record a worker under CODE (e.g. W-07); readings name workers by code."""
    from starframe.readings.models import Worker

    worker = build(Worker, {"code": "CODE"}, code=code, name=name)
    with opened_store(db) as store, store.write() as writer:
        writer.add_worker(worker)
    click.echo(f"Added worker {worker.code}.")


@workers.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
def list_workers(as_json: bool, db: str | None) -> None:
    """Every worker recorded."""
    with opened_store(db) as store, store.read() as reader:
        found = reader.workers()
    if as_json:
        echo_json([w.model_dump(mode="json", exclude={"starframe", "kind"}) for w in found])
        return
    if not found:
        click.echo("No workers yet. Add one with `starframe workers add CODE --name NAME`.")
        return
    click.echo(table(["CODE", "NAME"], [[w.code, w.name] for w in found]))
