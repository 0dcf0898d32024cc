"""`starframe wording export|import`: a Star's wording as a workbook a workshop edits."""

from __future__ import annotations

from pathlib import Path

import click

from starframe.cli.options import force_option, out_option, stars_dir_option
from starframe.cli.shared.catalogs import open_catalog, resolve_star
from starframe.cli.shared.errors import UserError
from starframe.cli.shared.output import echo_json
from starframe.problems import report_lines


@click.group()
def wording() -> None:
    """Co-design and translate a Star's wording in a spreadsheet (docs/authoring.md)."""


@wording.command("export")
@click.argument("star_ref", metavar="STAR_OR_FILE")
@out_option("Workbook to write: .xlsx, or .csv for one table (readable by you only).")
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="CODE",
    help="A language column to add beside the Star's own (repeatable), e.g. --lang cy.",
)
@force_option
@stars_dir_option
def export_command(
    star_ref: str,
    output: Path,
    languages: tuple[str, ...],
    force: bool,
    stars_dirs: tuple[Path, ...],
) -> None:
    """Write the wording of STAR_OR_FILE (an installed id[@edition] or a Star file).

    Translations are read from `<id>.<lang>.yaml` beside a file, or from the installed ones;
    a language with none yet gets empty cells to fill.
    """
    from starframe.wording.exchange import WordingError, export_wording
    from starframe.wording.sources import catalog_translations, translations_beside

    star = resolve_star(star_ref, None, stars_dirs)
    wanted = tuple(dict.fromkeys(lang for lang in languages if lang != star.language))
    path = Path(star_ref)
    from_file = path.suffix in (".yaml", ".yml") or path.is_file()
    if from_file:
        translations, problems = translations_beside(path, star, wanted)
    else:
        translations, problems = catalog_translations(open_catalog(stars_dirs), star, wanted)
    if problems:
        for line in report_lines(problems, {}):
            click.echo(line, err=True)
        raise UserError("a translation is broken: fix it (`starframe validate`) and export again.")
    try:
        exported = export_wording(
            star, translations, output, force=force, star_file=path if from_file else None
        )
    except WordingError as exc:
        raise UserError(str(exc)) from None
    texts = len(exported.texts[star.language])
    others = f" with columns for {', '.join(wanted)}" if wanted else ""
    notes = f"; {len(exported.comments)} workshop notes kept" if exported.comments else ""
    click.echo(f"Wrote {output}: {texts} texts of {star.id}@{star.edition}{others}{notes}.")


@wording.command("import")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The Star file to write the texts into (edited in place; translations beside it).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json prints the problems and the changes as one record.",
)
def import_command(workbook: Path, into: Path, fmt: str) -> int:
    """Write the edited texts of WORKBOOK (.xlsx or .csv) back into the Star's YAML.

    Nothing is written unless the workbook and the result pass every check; an unedited
    workbook leaves every file byte for byte as it was. Exit code: 0 written (or nothing to
    change), 1 problems.
    """
    from starframe.wording.exchange import WordingError, import_wording

    try:
        result = import_wording(workbook, into)
    except WordingError as exc:
        raise UserError(str(exc)) from None
    changed = [c for c in result.changes if c.counts]
    if fmt == "json":
        echo_json(
            {
                "problems": [p.as_record() for p in result.problems],
                "changes": [
                    {"file": str(c.path), "language": c.language, "texts": dict(c.counts)}
                    for c in changed
                ],
                "written": [str(p) for p in result.written],
                "notes": result.notes,
                "notes_written": str(result.notes_written) if result.notes_written else None,
            }
        )
    else:
        for line in report_lines(result.problems, {}):
            click.echo(line)
        for change in changed:
            per_sheet = ", ".join(f"{n} in {sheet}" for sheet, n in sorted(change.counts.items()))
            verb = "created" if change.before is None else "changed"
            if not result.ok:
                verb = "would be " + verb
            click.echo(f"{change.path} ({change.language}): {verb}, texts {per_sheet}.")
        if result.notes_written:
            click.echo(f"{result.notes_written}: {result.notes} workshop notes kept.")
        if result.ok and not changed and not result.notes_written:
            click.echo(f"Nothing changed: {into} and its translations are as they were.")
        if not result.ok:
            click.echo("Nothing was written: fix the problems above and import again.")
    return 0 if result.ok else 1
