"""`starframe new star NAME`: scaffold a plugin package for a new Star."""

from __future__ import annotations

from pathlib import Path

import click

from starframe.cli.options import out_option
from starframe.cli.shared.errors import UserError


@click.group()
def new() -> None:
    """Create new things from templates."""


@new.command("star")
@click.argument("name")
@out_option(
    "Folder to create the package in (default: here).",
    required=False,
    folder=True,
    old_names=("--dir",),
)
@click.option("--scales", type=int, default=6, show_default=True, help="Number of scales (3–16).")
@click.option("--points", type=int, default=10, show_default=True, help="Points per scale (3–20).")
def new_star_command(name: str, output: Path | None, scales: int, points: int) -> None:
    """Scaffold a plugin package for a new Star called NAME.

    The package has a pyproject.toml with the `starframe` entry point, a hook that registers
    the Star, a draft Star with placeholder wording, an example practice case, tests and a
    README. `pip install -e` it and `starframe stars list` shows the new Star.
    """
    from starframe.scaffold.star import ScaffoldError, new_star

    try:
        target = new_star(name, output or Path(), scales=scales, points=points)
    except ScaffoldError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"Created {target}")
    click.echo(f"Next: pip install -e '{target}[test]' && starframe stars list")
