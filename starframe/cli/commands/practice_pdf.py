"""`starframe practice sheet|report`: a session's results as PDF, for a trainee or the trainer.

The results are read from the store first, so a wrong code or trainee is answered before
ReportLab is even imported. Both files name trainees and their results, so they are written
readable by their owner only, and through a temporary file, never as half a PDF.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from starframe.cli.options import (
    cases_dir_option,
    db_option,
    force_option,
    pdf_out_option,
    stars_dir_option,
)
from starframe.cli.shared.errors import UserError
from starframe.cli.shared.pdf import write_pdf
from starframe.cli.shared.store import database_files, load_results
from starframe.output_files import check_folder, check_target

if TYPE_CHECKING:
    from starframe.practice.sessions import SessionResults


@click.command("sheet")
@click.argument("code")
@click.option("--trainee", required=True, metavar="NAME", help="Whose feedback to print.")
@pdf_out_option
@force_option
@cases_dir_option
@stars_dir_option
@db_option
def sheet(
    code: str,
    trainee: str,
    output: Path,
    force: bool,
    cases_dirs: tuple[Path, ...],
    stars_dirs: tuple[Path, ...],
    db: str | None,
) -> None:
    """One trainee's feedback sheet for session CODE: every case they answered, as PDF."""
    protected = database_files(db)
    check_folder(output)
    found = load_results(code, cases_dirs, stars_dirs, db)
    name = pick_trainee(found, trainee)
    check_target(output, force=force, protected=protected)
    from starframe.render.practice_sheet import render_sheet

    write_pdf(output, render_sheet(found, name), force=force, protected=protected)


@click.command("report")
@click.argument("code")
@pdf_out_option
@force_option
@cases_dir_option
@stars_dir_option
@db_option
def report(
    code: str,
    output: Path,
    force: bool,
    cases_dirs: tuple[Path, ...],
    stars_dirs: tuple[Path, ...],
    db: str | None,
) -> None:
    """The group report for session CODE: per case, trainees, reliability, scales to discuss."""
    protected = database_files(db)
    check_folder(output)
    found = load_results(code, cases_dirs, stars_dirs, db)
    check_target(output, force=force, protected=protected)
    from starframe.render.practice_report import render_group_report

    write_pdf(output, render_group_report(found), force=force, protected=protected)


def pick_trainee(found: SessionResults, typed: str) -> str:
    """The trainee's name as the session stores it, typed with any capitals or spacing."""
    from starframe.practice.trainees import stored_trainee, trainee_name

    trainees = found.trainees
    stored = stored_trainee(trainees, typed)
    if stored is not None:
        return stored
    code = found.session.code
    if not trainees:
        raise UserError(f"nobody has submitted answers in session {code} yet.")
    raise UserError(
        f"{trainee_name(typed)} has no answers in session {code}: its trainees are "
        f"{', '.join(trainees)}."
    )


COMMANDS = (sheet, report)
