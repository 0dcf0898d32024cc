"""Teams, staff and whose caseload each person is in: an organisation's shape.

A team is a group of workers sharing a caseload; every person belongs to one. Staff are
database logins (created by the database's administrator) known to starframe, each with a
role (worker, manager, lead or trainer), the worker code they record readings as, and the
teams whose caseload they reach. On a secured PostgreSQL database the roles and policies in
`store/security.py` turn this into what each login may see and change; here are the rules
about the records themselves (a team or worker must exist, a login is staff once), and every
change is in the audit log. Nothing here filters rows: on a secured database a query sees
only what the login may read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update

from starframe.readings.models import Team
from starframe.readings.reader import Reader
from starframe.readings.writer import Writer
from starframe.store import security
from starframe.store import tables as t
from starframe.store.errors import AlreadyExists, NotFound, StoreError
from starframe.store.values import in_utc, now

ROLES = security.ROLES


@dataclass(frozen=True)
class StaffMember:
    """A database login known to starframe."""

    login: str
    role: str
    worker: str | None
    teams: tuple[str, ...]
    retired_at: dt.datetime | None

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


def add_team(writer: Writer, team: Team) -> None:
    taken = writer.connection.execute(
        select(t.teams.c.code).where(t.teams.c.code == team.code)
    ).first()
    if taken is not None:
        raise AlreadyExists(f"a team with the code {team.code} is already recorded.")
    add_teams(writer, [team])


def add_teams(writer: Writer, teams: Sequence[Team]) -> None:
    """Record new teams (an import adds those it does not hold yet)."""
    stamp = now()
    for team in teams:
        writer.connection.execute(
            insert(t.teams).values(
                code=team.code, name=team.name, created_at=team.created_at or stamp
            )
        )
        writer.audit("team.add", details={"team": team.code})


def teams(reader: Reader, *, stamped: bool = False) -> list[Team]:
    rows = reader.connection.execute(select(t.teams).order_by(t.teams.c.code))
    return [
        Team(
            code=row.code,
            name=row.name,
            created_at=in_utc(row.created_at) if stamped else None,
        )
        for row in rows
    ]


def check_teams(reader: Reader, codes: Sequence[str]) -> None:
    """Every team named exists, or `NotFound` says how to add it."""
    known = {team.code for team in teams(reader)}
    missing = sorted(set(codes) - known)
    if missing:
        raise NotFound(
            f"no team has the code {', '.join(missing)}: add it first with "
            f"`starframe teams add {missing[0]} --name NAME` (`starframe teams list` shows "
            "those recorded)."
        )


def move_person(writer: Writer, code: str, team: str) -> str:
    """Put person `code` in `team`'s caseload; returns the team they were in. Audited."""
    person = writer.person(code)
    check_teams(writer, [team])
    if person.team == team:
        raise StoreError(f"{code} is already in team {team}.")
    writer.connection.execute(
        update(t.people).where(t.people.c.code == code).values(team_code=team)
    )
    writer.audit("person.move", person=code, details={"from": person.team, "to": team})
    return person.team


def staff(reader: Reader) -> list[StaffMember]:
    s, st = t.staff.c, t.staff_teams.c
    memberships: dict[str, list[str]] = {}
    for login, team in reader.connection.execute(
        select(st.login, st.team_code).order_by(st.login, st.team_code)
    ):
        memberships.setdefault(login, []).append(team)
    return [
        StaffMember(
            row.login,
            row.role,
            row.worker_code,
            tuple(memberships.get(row.login, ())),
            in_utc(row.retired_at) if row.retired_at else None,
        )
        for row in reader.connection.execute(select(t.staff).order_by(s.login))
    ]


def staff_member(reader: Reader, login: str) -> StaffMember:
    found = next((m for m in staff(reader) if m.login == login), None)
    if found is None:
        raise NotFound(
            f"{login} is not staff here: add them with `starframe staff add {login} --team T "
            "--role worker` (`starframe staff list` shows who is)."
        )
    return found


def add_staff(
    writer: Writer,
    login: str,
    *,
    role: str,
    teams: Sequence[str],
    worker: str | None,
    create_login: bool = False,
) -> StaffMember:
    """Record `login` as staff; on PostgreSQL also make it a member of its role's group role.

    The login must exist (the database's administrator creates logins, with their passwords)
    unless `create_login` asks for one to be created, without a password.
    """
    if role not in ROLES:
        raise StoreError(f"the role {role} is not one of {', '.join(ROLES)}.")
    if role != "trainer" and not teams:
        raise StoreError(f"a {role} needs at least one team: give --team T.")
    check_teams(writer, teams)
    if worker is not None:
        writer.worker(worker)
    exists = writer.connection.execute(
        select(t.staff.c.login).where(t.staff.c.login == login)
    ).first()
    if exists is not None:
        raise AlreadyExists(
            f"{login} is already staff: change their teams with `starframe staff move`."
        )
    if writer.connection.dialect.name == "postgresql":
        if not security.login_exists(writer.connection, login):
            if not create_login:
                raise NotFound(
                    f"the database has no login {login}: ask its administrator to create it "
                    f"(CREATE ROLE {security.quoted(login)} LOGIN), or add --create-login."
                )
            security.create_login(writer.connection, login)
        security.grant_role(writer.connection, login, role)
    writer.connection.execute(
        insert(t.staff).values(login=login, worker_code=worker, role=role, created_at=now())
    )
    _set_teams(writer, login, teams)
    writer.audit(
        "staff.add", details={"login": login, "role": role, "teams": list(teams), "worker": worker}
    )
    return staff_member(writer, login)


def move_staff(writer: Writer, login: str, teams: Sequence[str]) -> StaffMember:
    """Give `login` the caseloads of `teams` instead of those they had."""
    before = staff_member(writer, login)
    check_teams(writer, teams)
    _set_teams(writer, login, teams)
    writer.audit(
        "staff.move", details={"login": login, "from": list(before.teams), "to": list(teams)}
    )
    return staff_member(writer, login)


def retire_staff(writer: Writer, login: str) -> StaffMember:
    """Someone left: they keep their records' history, and lose every role and caseload."""
    member = staff_member(writer, login)
    if member.retired:
        raise StoreError(f"{login} was already retired.")
    writer.connection.execute(
        update(t.staff).where(t.staff.c.login == login).values(retired_at=now())
    )
    if writer.connection.dialect.name == "postgresql":
        security.revoke_roles(writer.connection, login)
    writer.audit("staff.retire", details={"login": login})
    return staff_member(writer, login)


def _set_teams(writer: Writer, login: str, teams: Sequence[str]) -> None:
    writer.connection.execute(delete(t.staff_teams).where(t.staff_teams.c.login == login))
    for team in dict.fromkeys(teams):
        writer.connection.execute(insert(t.staff_teams).values(login=login, team_code=team))
