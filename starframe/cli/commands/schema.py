"""`starframe schema`: write the JSON Schemas that editors use to complete and check files."""

from __future__ import annotations

from pathlib import Path

import click

from starframe.cli.options import force_option, out_option
from starframe.cli.shared.errors import UserError
from starframe.output_files import OutputError


@click.command()
@out_option(
    "Folder to write the schema files into.", folder=True, required=False, default=Path("schemas")
)
@force_option
def schema(output: Path, force: bool) -> None:
    """Write the JSON Schemas generated from the models (star.schema.json, ...).

    Schemas already in the folder are replaced only with --force (after upgrading starframe).
    """
    from starframe.schemas import write_schemas

    try:
        written = write_schemas(output, force=force)
    except OutputError as exc:
        raise UserError(f"cannot write the schemas into {output}: {exc}") from None
    for path in written:
        click.echo(f"wrote {path}")
