"""`starframe diff A B`: what changed between two editions, and can their readings be compared."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from starframe.cli.options import stars_dir_option
from starframe.cli.shared.catalogs import resolve_star
from starframe.cli.shared.output import echo_json, wrap


@click.command()
@click.argument("old_ref", metavar="A")
@click.argument("new_ref", metavar="B")
@stars_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
def diff(old_ref: str, new_ref: str, stars_dirs: tuple[Path, ...], as_json: bool) -> int:
    """Compare two Stars: A and B are ids, id@edition, or files.

    Lists scales added, removed and renamed (through B's `supersedes` map), journey changes and
    wording changes point by point, and says whether readings under A can be compared with
    readings under B.

    Exit code, as GNU diff's, so CI can gate on it: 0 comparable, 1 not comparable, 2 a problem
    with what was given (a Star that does not load or is not installed).
    """
    from starframe.cli.shared.errors import UserError
    from starframe.definition.diff import diff_stars

    try:
        old_star = resolve_star(old_ref, None, stars_dirs)
        new_star = resolve_star(new_ref, None, stars_dirs)
    except UserError as exc:
        click.echo(f"starframe: error: {exc}", err=True)
        return TROUBLE
    result = diff_stars(old_star, new_star)
    if as_json:
        echo_json(
            {
                "old": f"{result.old.id}@{result.old.edition}",
                "new": f"{result.new.id}@{result.new.edition}",
                "comparable": result.comparable,
                "reasons": result.reasons,
                "scale_map": result.scale_map,
                "changes": [asdict(change) for change in result.changes],
            }
        )
        return COMPARABLE if result.comparable else NOT_COMPARABLE
    old, new = result.old, result.new
    click.echo(f"{old.id}@{old.edition} → {new.id}@{new.edition}")
    if not result.changes:
        click.echo("No differences.")
    for change in result.changes:
        if change.kind == "changed":
            click.echo(f"~ {change.where}")
            click.echo(wrap(f"- {change.old}", 4, 6))
            click.echo(wrap(f"+ {change.new}", 4, 6))
        elif change.kind == "renamed":
            click.echo(f"> {change.where} is now {change.new}")
        else:
            sign = "+" if change.kind == "added" else "-"
            click.echo(f"{sign} {change.where} ({change.new or change.old})")
    if result.comparable:
        click.echo(
            f"Readings under {old.edition} can be compared with readings under {new.edition}."
        )
    else:
        click.echo(
            wrap(
                f"Readings under {old.edition} cannot be compared with {new.edition}: "
                + "; ".join(result.reasons)
                + ".",
                hanging=2,
            )
        )
    return COMPARABLE if result.comparable else NOT_COMPARABLE


COMPARABLE, NOT_COMPARABLE, TROUBLE = 0, 1, 2
"""`diff`'s exit codes (docs/errors.md): the same, different, trouble, as GNU diff's."""
