"""`starframe new star NAME` and `new translation STAR --lang L`: files from templates."""

from __future__ import annotations

from pathlib import Path

import click

from starframe.cli.options import force_option, out_option, stars_dir_option
from starframe.cli.shared.catalogs import open_catalog, resolve_star
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


@new.command("translation")
@click.argument("star_ref", metavar="STAR[@EDITION]")
@click.option("--lang", "language", required=True, metavar="CODE", help="Language, e.g. cy.")
@click.option(
    "--from",
    "older_ref",
    metavar="STAR@OLD",
    help="Copy the texts of this older edition's translation (renamed scales re-keyed).",
)
@out_option(
    "File to write (default: <id>.<lang>.yaml beside a Star file, or here).", required=False
)
@force_option
@stars_dir_option
def new_translation_command(
    star_ref: str,
    language: str,
    older_ref: str | None,
    output: Path | None,
    force: bool,
    stars_dirs: tuple[Path, ...],
) -> None:
    """Write a translation of STAR with every text null and the Star's wording beside it."""
    from starframe.output_files import write_text
    from starframe.wording.new_translation import (
        CannotStart,
        check_older,
        language_tag,
        translation_template,
    )
    from starframe.wording.sources import catalog_translations, translations_beside

    star = resolve_star(star_ref, None, stars_dirs)
    older = old_star = None
    try:
        language = language_tag(language, star)
        if older_ref:
            old_star = resolve_star(older_ref, None, stars_dirs)
            check_older(star, old_star)
    except CannotStart as exc:
        raise UserError(str(exc)) from None
    if older_ref and old_star is not None:
        path = Path(older_ref)
        if path.suffix in (".yaml", ".yml") or path.is_file():
            found, problems = translations_beside(path, old_star, (language,))
        else:
            found, problems = catalog_translations(open_catalog(stars_dirs), old_star, (language,))
        older = found.get(language)
        if problems or older is None:
            raise UserError(
                f"no usable `{language}` translation of {old_star.id}@{old_star.edition} was "
                "found: check --from, or leave it out to start from nothing."
            )
    star_file = Path(star_ref)
    beside = star_file.parent if star_file.suffix in (".yaml", ".yml") else Path()
    target = output or beside / f"{star.id}.{language}.yaml"
    text, carried = translation_template(star, language, older, old_star)
    write_text(target, text, force=force)
    copied = ""
    if older is not None and old_star is not None:
        copied = f", with {carried.copied} texts of the {old_star.edition} translation"
        if carried.changed:
            copied += (
                f" ({carried.changed} more left null, as their {star.language} wording changed "
                f"since {old_star.edition}: the old translation is in a comment above each)"
            )
    click.echo(f"Wrote {target}{copied}. Fill in the nulls; `starframe validate` lists the gaps.")
