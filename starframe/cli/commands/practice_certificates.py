"""`starframe practice due|certificates|erase`: who has passed practice, whose refresher is
due, and removing a trainee's practice records when they ask."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import click

from starframe.cli.options import date_option, db_option
from starframe.cli.shared.errors import UserError
from starframe.cli.shared.output import echo_json, echo_scrub, table
from starframe.cli.shared.store import opened_store

if TYPE_CHECKING:
    from starframe.practice.certificates import Certificate


@click.command("due")
@click.option(
    "--months",
    type=click.IntRange(min=1),
    help="Refresher period after a pass (default: $STARFRAME_REFRESHER_MONTHS, else 24).",
)
@click.option(
    "--within",
    "within_days",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    metavar="DAYS",
    help="Also list refreshers falling due in the next DAYS days.",
)
@date_option("--on", "on", help="The day to count from (default: today).")
@click.option("--star", "star_id", metavar="ID", help="Only this Star.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
def due(
    months: int | None,
    within_days: int,
    on: dt.date | None,
    star_id: str | None,
    as_json: bool,
    db: str | None,
) -> None:
    """Trainees whose refresher is due: their newest pass on a Star is MONTHS old or more."""
    from starframe.practice.certificates import certificates, refresher_months
    from starframe.practice.certificates import due as due_by

    day = on or dt.date.today()
    try:
        months = months or refresher_months()
    except ValueError as exc:
        raise UserError(str(exc)) from None
    with opened_store(db) as store, store.read() as reader:
        found = certificates(reader.connection)
    listed = due_by(found, day, months=months, within_days=within_days, star=star_id)
    if as_json:
        echo_json(
            [
                {**_record(item.certificate), "due_on": item.due_on, "days_left": item.days_left}
                for item in listed
            ]
        )
        return
    if not listed:
        horizon = f" or in the next {within_days} days" if within_days else ""
        click.echo(f"Nobody's refresher is due on {day}{horizon} ({months}-month period).")
        return
    rows = [
        [
            item.certificate.trainee,
            f"{item.certificate.star}@{item.certificate.edition}",
            str(item.certificate.passed_on),
            str(item.due_on),
            _standing(item.days_left),
        ]
        for item in listed
    ]
    click.echo(table(["TRAINEE", "STAR", "PASSED", "DUE", "STANDING"], rows))


def _standing(days_left: int) -> str:
    if days_left < 0:
        return f"overdue by {-days_left} day{'s' if days_left != -1 else ''}"
    if days_left == 0:
        return "due today"
    return f"due in {days_left} day{'s' if days_left != 1 else ''}"


@click.command("certificates")
@click.option("--trainee", metavar="NAME", help="Only this trainee (any capitals or spacing).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
def list_certificates(trainee: str | None, as_json: bool, db: str | None) -> None:
    """Every pass recorded, oldest first: who, which Star edition, when, in which session."""
    from starframe.practice.certificates import certificates

    with opened_store(db) as store, store.read() as reader:
        found = certificates(reader.connection, trainee)
    if as_json:
        echo_json([_record(cert) for cert in found])
    elif not found:
        whom = f" for {trainee}" if trainee else ""
        click.echo(f"No certificates recorded{whom}: trainees earn one by passing a session.")
    else:
        rows = [
            [c.trainee, f"{c.star}@{c.edition}", str(c.passed_on), c.session or "-"] for c in found
        ]
        click.echo(table(["TRAINEE", "STAR", "PASSED", "SESSION"], rows))


def _record(cert: Certificate) -> dict[str, Any]:
    return {
        "trainee": cert.trainee,
        "star": cert.star,
        "edition": cert.edition,
        "passed_on": cert.passed_on,
        "session": cert.session,
    }


@click.command("erase")
@click.option("--trainee", required=True, metavar="NAME", help="Whose practice records to erase.")
@click.option("--reason", required=True, help="Why, e.g. 'left the service, ref 2026-31'.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@db_option
def erase(trainee: str, reason: str, yes: bool, db: str | None) -> None:
    """Remove a trainee's answers from every session, and their certificates, for good."""
    from starframe.practice.erasure import trainee_records
    from starframe.practice.writer import erase as erase_for_good

    with opened_store(db) as store:
        with store.read() as reader:
            found = trainee_records(reader.connection, trainee)
        if found.empty:
            raise UserError(
                f"no practice records for {' '.join(trainee.split())}: check the spelling "
                "with `starframe practice certificates` or `practice results CODE`."
            )
        if not yes:
            click.confirm(
                f"Erase {' / '.join(found.names)}: {found.answers} answer(s) in "
                f"{found.sessions} session(s) and {found.certificates} certificate(s), "
                "permanently? This cannot be undone",
                abort=True,
            )
        erased, scrubbed = erase_for_good(store, trainee, reason=reason)
    click.echo(
        f"Erased {erased.answers} answer(s) and {erased.certificates} certificate(s) of "
        f"{' / '.join(erased.names)}."
    )
    echo_scrub(scrubbed)


COMMANDS = (due, list_certificates, erase)
