"""`starframe teams`, `staff` and `requests`: an organisation on one shared database.

Thin: the rules are in `readings/organisation.py` and `readings/requests.py`, and on a secured
PostgreSQL database in the database itself (`store/security.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from starframe.cli.options import db_option
from starframe.cli.shared.output import echo_json, echo_scrub, table
from starframe.cli.shared.store import build, opened_store

if TYPE_CHECKING:
    from starframe.readings.organisation import StaffMember

ROLE_CHOICE = click.Choice(["worker", "manager", "lead", "trainer"])


@click.group()
def teams() -> None:
    """Teams: groups of workers sharing a caseload."""


@teams.command("add")
@click.argument("code")
@click.option("--name", required=True, help="The team's name, as colleagues know it.")
@db_option
def add_team(code: str, name: str, db: str | None) -> None:
    """Record a team under CODE (e.g. north)."""
    from starframe.readings import organisation
    from starframe.readings.models import Team

    team = build(Team, {"code": "CODE"}, code=code, name=name)
    with opened_store(db) as store, store.write() as writer:
        organisation.add_team(writer, team)
    click.echo(f"Added team {team.code}.")


@teams.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
def list_teams(as_json: bool, db: str | None) -> None:
    """Every team recorded."""
    from starframe.readings import organisation

    with opened_store(db) as store, store.read() as reader:
        found = organisation.teams(reader)
    if as_json:
        echo_json([{"code": team.code, "name": team.name} for team in found])
        return
    click.echo(table(["CODE", "NAME"], [[team.code, team.name] for team in found]))


@click.group()
def staff() -> None:
    """Staff: database logins known to starframe, with a role and teams."""


@staff.command("add")
@click.argument("login")
@click.option(
    "--team", "teams_", multiple=True, metavar="T", help="A team they work in (again for more)."
)
@click.option("--role", required=True, type=ROLE_CHOICE, help="What they may do.")
@click.option("--worker", metavar="CODE", help="The worker code they record readings as.")
@click.option(
    "--create-login",
    is_flag=True,
    help="Create the database login too (no password: set one, or use ~/.pgpass).",
)
@db_option
def add_staff(
    login: str,
    teams_: tuple[str, ...],
    role: str,
    worker: str | None,
    create_login: bool,
    db: str | None,
) -> None:
    """Make database login LOGIN staff: a role, teams, and the worker code they record as."""
    from starframe.readings import organisation

    with opened_store(db) as store, store.write() as writer:
        member = organisation.add_staff(
            writer, login, role=role, teams=teams_, worker=worker, create_login=create_login
        )
    click.echo(f"Added {member.login} as {member.role} of {', '.join(member.teams) or 'no team'}.")


@staff.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
def list_staff(as_json: bool, db: str | None) -> None:
    """Every staff login, with role, worker code and teams."""
    from starframe.readings import organisation

    with opened_store(db) as store, store.read() as reader:
        found = organisation.staff(reader)
    if as_json:
        echo_json([_member_json(member) for member in found])
        return
    if not found:
        click.echo("No staff yet. Add a login with `starframe staff add LOGIN --team T --role R`.")
        return
    rows = [
        [
            m.login,
            m.role,
            m.worker or "",
            ", ".join(m.teams),
            f"{m.retired_at:%Y-%m-%d}" if m.retired_at else "",
        ]
        for m in found
    ]
    click.echo(table(["LOGIN", "ROLE", "WORKER", "TEAMS", "RETIRED"], rows))


def _member_json(member: StaffMember) -> dict[str, object]:
    return {
        "login": member.login,
        "role": member.role,
        "worker": member.worker,
        "teams": list(member.teams),
        "retired_at": member.retired_at.isoformat() if member.retired_at else None,
    }


@staff.command("move")
@click.argument("login")
@click.option(
    "--team", "teams_", multiple=True, required=True, metavar="T", help="A team (again for more)."
)
@db_option
def move_staff(login: str, teams_: tuple[str, ...], db: str | None) -> None:
    """Give LOGIN the caseloads of these teams instead of the ones they had."""
    from starframe.readings import organisation

    with opened_store(db) as store, store.write() as writer:
        member = organisation.move_staff(writer, login, teams_)
    click.echo(f"{member.login} now works in {', '.join(member.teams)}.")


@staff.command("retire")
@click.argument("login")
@db_option
def retire_staff(login: str, db: str | None) -> None:
    """Someone left: LOGIN loses their role and caseloads; their records' history stays."""
    from starframe.readings import organisation

    with opened_store(db) as store, store.write() as writer:
        organisation.retire_staff(writer, login)
    click.echo(
        f"Retired {login}: they reach no caseload now. Their database login still exists; "
        f"the administrator may remove it (DROP ROLE) once nothing else needs it."
    )


@click.group()
def requests() -> None:
    """Deletions and erasures waiting for a lead's approval (shared databases)."""


@requests.command("list")
@click.option("--all", "everything", is_flag=True, help="Decided requests too.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
def list_requests(everything: bool, as_json: bool, db: str | None) -> None:
    """Requests you may see (a lead sees all), oldest first."""
    from starframe.readings import requests as asked

    with opened_store(db) as store, store.read() as reader:
        found = asked.requests(reader, everything=everything)
    if as_json:
        echo_json(
            [
                {
                    "id": r.id,
                    "action": r.action,
                    "person": r.person,
                    "reading": r.reading,
                    "reason": r.reason,
                    "requested_by": r.requested_by,
                    "requested_at": r.requested_at.isoformat(timespec="seconds"),
                    "status": r.status,
                    "decided_by": r.decided_by,
                }
                for r in found
            ]
        )
        return
    if not found:
        click.echo("No requests are waiting.")
        return
    rows = [
        [
            str(r.id),
            r.action,
            r.person,
            (r.reading or "")[:8],
            r.requested_by,
            r.status,
            " ".join(r.reason.split()),
        ]
        for r in found
    ]
    click.echo(table(["ID", "ACTION", "PERSON", "READING", "ASKED BY", "STATUS", "REASON"], rows))


@requests.command("approve")
@click.argument("number", type=int, metavar="ID")
@db_option
def approve(number: int, db: str | None) -> None:
    """Carry out request ID (a lead; not one's own)."""
    from starframe.readings import requests as asked

    with opened_store(db) as store:
        decision = asked.decide(store, number, approve=True)
    click.echo(f"Approved request {number}: {decision.request.action} done.")
    if decision.scrubbed is not None:
        echo_scrub(decision.scrubbed)


@requests.command("refuse")
@click.argument("number", type=int, metavar="ID")
@db_option
def refuse(number: int, db: str | None) -> None:
    """Refuse request ID (a lead); nothing is removed."""
    from starframe.readings import requests as asked

    with opened_store(db) as store:
        asked.decide(store, number, approve=False)
    click.echo(f"Refused request {number}: nothing was removed.")
