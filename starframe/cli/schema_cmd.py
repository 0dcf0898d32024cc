"""`starframe schema`: write the JSON Schemas that editors use to complete and check files."""

from __future__ import annotations

from pathlib import Path

import click

from starframe.cli.app import UserError


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Folder to write the schema files into.",
)
def schema(out: Path) -> None:
    """Write the JSON Schemas generated from the models (star.schema.json, ...)."""
    from starframe.definition.schema import write_schemas

    try:
        written = write_schemas(out)
    except OSError as exc:
        raise UserError(f"cannot write the schemas into {out}: {exc.strerror or exc}.") from None
    for path in written:
        click.echo(f"wrote {path}")
