"""Several workers, one PostgreSQL database: roles, grants and row-level security.

starframe's faces connect straight to the database, so who may see and change what is decided
by the database itself, where a worker with `psql` and their own login meets the same walls as
the app: PostgreSQL's roles, `GRANT`s and row-level security policies (`FORCE`d, so even the
tables' owner goes through a policy). Nothing in Python filters rows: a query simply sees what
the login may read. `secure` (run by the database's owner; re-runnable) installs it all:

- four group roles per database (`<database>_worker`, `_manager`, `_lead`, `_trainer`), so two
  databases on one server never share a role; a staff login is made a member of one;
- PUBLIC loses CONNECT on the database and its rights on the schema;
- a worker reads and writes the caseload (people, readings, scores, action plans) of their own
  teams; a manager reads their teams' caseload and writes only their own readings; a lead reads
  everything; a trainer reaches the practice tables only;
- nobody but the owner may UPDATE or DELETE audit rows, and a trigger records the database
  login as the actor of each new entry (`session_user`), so it cannot be claimed;
- a lead decides a deletion or erasure request through `starframe_decide`, a `SECURITY
  DEFINER` function with a fixed `search_path`, which does the deletion and its audit entries
  in one transaction.

Refusals carry their own SQLSTATEs (`refusals.py`, docs/errors.md).

A table a later migration adds gets no grant until it joins one of the tuples below:
`CASELOAD` (personal data, with the condition that puts a row in a login's caseload),
`PRACTICE` or `SHARED`; `secure` then covers it when the owner runs it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from starframe.store.errors import Refused

ROLES = ("worker", "manager", "lead", "trainer")
"""The roles a staff login may hold (the `staff.role` column's values)."""

CASELOAD: tuple[tuple[str, str], ...] = (
    ("people", "team_code = ANY ((SELECT starframe_my_teams())::text[])"),
    ("readings", "person_code IN (SELECT code FROM people)"),
    ("scores", "reading_pk IN (SELECT pk FROM readings)"),
    ("actions", "reading_pk IN (SELECT pk FROM readings)"),
    ("readings_cohort_scan", "reading_pk IN (SELECT pk FROM readings)"),
)
"""Each table of a caseload, and when a row is in the login's caseload. The conditions build
on one another (a reading is in it when its person is: `people` is itself behind its policy),
so a table about readings joins this list with one line: `(name, "reading_pk IN (SELECT pk
FROM readings)")`."""

OWN_READINGS: dict[str, str] = {
    "readings": "worker_code = (SELECT starframe_my_worker())",
    "scores": "reading_pk IN (SELECT pk FROM readings WHERE worker_code = "
    "(SELECT starframe_my_worker()))",
    "actions": "reading_pk IN (SELECT pk FROM readings WHERE worker_code = "
    "(SELECT starframe_my_worker()))",
    "readings_cohort_scan": "reading_pk IN (SELECT pk FROM readings WHERE worker_code = "
    "(SELECT starframe_my_worker()))",
}
"""What a manager may write: their own readings (recorded under their worker code)."""

PRACTICE = (
    "practice_sessions",
    "practice_session_cases",
    "practice_attempts",
    "practice_certificates",
)
"""The tables a trainer reaches, and nobody else but a lead (reading) and the owner."""

SHARED = ("definitions", "workers", "teams", "staff", "staff_teams", "alembic_version")
"""Tables every role reads: no personal data, and what every command needs to start."""

PROTECTED = (*(name for name, _ in CASELOAD), "audit", "requests", *PRACTICE)
"""Every table behind row-level security (ENABLE and FORCE)."""

POLICY_PREFIX = "starframe_"


@dataclass(frozen=True)
class Secured:
    """What `secure` set up, for the command to report."""

    database: str
    roles: tuple[str, ...]
    tables: int
    policies: int


@dataclass(frozen=True)
class PolicyState:
    """Whether the policies are installed (`db check`)."""

    tables: int
    """How many of the protected tables have row-level security enabled and forced."""
    policies: int

    @property
    def installed(self) -> bool:
        return self.tables == len(PROTECTED) and self.policies > 0


def role_name(database: str, role: str) -> str:
    """The group role of `role` on `database`: prefixed by the database's name (at most 63)."""
    return f"{database}_{role}"[:63]


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def database_name(connection: Connection) -> str:
    return str(connection.execute(text("SELECT current_database()")).scalar_one())


def is_owner(connection: Connection) -> bool:
    """Whether the login owns the schema's tables (a superuser counts as every owner)."""
    query = text(
        "SELECT pg_has_role(session_user, relowner, 'MEMBER') FROM pg_class "
        "WHERE relname = 'alembic_version' AND relkind = 'r'"
    )
    return bool(connection.execute(query).scalar())


def policy_state(connection: Connection) -> PolicyState:
    """How many protected tables are secured, and how many starframe policies exist."""
    tables = connection.execute(
        text(
            "SELECT count(*) FROM pg_class WHERE relname = ANY(:names) AND relkind = 'r' "
            "AND relnamespace = 'public'::regnamespace "
            "AND relrowsecurity AND relforcerowsecurity"
        ),
        {"names": list(PROTECTED)},
    ).scalar_one()
    policies = connection.execute(
        text(
            "SELECT count(*) FROM pg_policies WHERE schemaname = 'public' "
            "AND policyname LIKE :prefix"
        ),
        {"prefix": POLICY_PREFIX + "%"},
    ).scalar_one()
    return PolicyState(int(tables), int(policies))


def is_secured(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql" and policy_state(connection).installed


def secured_login(engine: Engine) -> str | None:
    """The database login when the database is secured (its audit actor), else None."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        try:
            if not is_secured(connection):
                return None
            return str(connection.execute(text("SELECT session_user")).scalar_one())
        finally:
            connection.rollback()


def secure(connection: Connection) -> Secured:
    """Install roles, grants, triggers, functions and policies; safe to run again."""
    if connection.dialect.name != "postgresql":
        raise Refused(
            "`starframe db secure` is for a PostgreSQL database: an SQLite file is one "
            "person's, protected by its file permissions (docs/organisations.md)."
        )
    if not is_owner(connection):
        raise Refused(
            "only the database's owner can secure it: ask them to run `starframe db secure`."
        )
    database = database_name(connection)
    owner = str(
        connection.execute(
            text("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'audit'")
        ).scalar_one()
    )
    roles = {role: role_name(database, role) for role in ROLES}
    for name in roles.values():
        connection.execute(
            text(
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                f"{literal(name)}) THEN CREATE ROLE {quoted(name)} NOLOGIN; END IF; END $$"
            )
        )
    everyone = ", ".join(quoted(name) for name in roles.values())
    statements = [
        f"REVOKE CONNECT, TEMPORARY ON DATABASE {quoted(database)} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {quoted(database)} TO {everyone}",
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {everyone}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {everyone}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}",
        f"GRANT SELECT ON {', '.join(SHARED)} TO {everyone}",
        f"GRANT INSERT ON definitions TO {everyone}",
        f"GRANT SELECT, INSERT ON audit TO {everyone}",
        f"GRANT SELECT, INSERT ON requests TO {everyone}",
    ]
    caseload = ", ".join(name for name, _ in CASELOAD)
    statements += [
        f"GRANT SELECT, INSERT, UPDATE ON {caseload} TO {quoted(roles['worker'])}",
        f"GRANT DELETE ON readings, scores, actions, readings_cohort_scan TO "
        f"{quoted(roles['worker'])}",
        f"GRANT SELECT ON {caseload} TO {quoted(roles['manager'])}",
        "GRANT INSERT, UPDATE ON readings, scores, actions, readings_cohort_scan TO "
        + quoted(roles["manager"]),
        "GRANT DELETE ON scores, actions TO " + quoted(roles["manager"]),
        f"GRANT SELECT, INSERT, UPDATE ON {caseload} TO {quoted(roles['lead'])}",
        f"GRANT DELETE ON scores, actions TO {quoted(roles['lead'])}",
        f"GRANT INSERT ON workers, teams TO {quoted(roles['lead'])}",
        f"GRANT SELECT ON {', '.join(PRACTICE)} TO {quoted(roles['lead'])}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(PRACTICE)} "
        f"TO {quoted(roles['trainer'])}",
    ]
    for statement in statements:
        connection.execute(text(statement))
    _functions(connection, roles, owner)
    policies = list(_policies(roles, owner))
    for table in PROTECTED:
        connection.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        connection.execute(text(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY"))
        existing = connection.execute(
            text(
                "SELECT policyname FROM pg_policies WHERE schemaname = 'public' "
                "AND tablename = :table AND policyname LIKE :prefix"
            ),
            {"table": table, "prefix": POLICY_PREFIX + "%"},
        ).scalars()
        for name in list(existing):
            connection.execute(text(f"DROP POLICY {quoted(name)} ON {table}"))
    for statement in policies:
        connection.execute(text(statement))
    return Secured(database, tuple(roles.values()), len(PROTECTED), len(policies))


def _functions(connection: Connection, roles: dict[str, str], owner: str) -> None:
    lead = literal(roles["lead"])
    fixed = "SET search_path = pg_catalog, public"
    connection.execute(
        text(
            "CREATE OR REPLACE FUNCTION starframe_my_teams() RETURNS text[] "
            f"LANGUAGE sql STABLE SECURITY DEFINER {fixed} AS $$ "
            "SELECT coalesce(array_agg(t.team_code), '{}') FROM staff_teams t "
            "JOIN staff s ON s.login = t.login "
            "WHERE s.login = session_user AND s.retired_at IS NULL $$"
        )
    )
    connection.execute(
        text(
            "CREATE OR REPLACE FUNCTION starframe_my_worker() RETURNS text "
            f"LANGUAGE sql STABLE SECURITY DEFINER {fixed} AS $$ "
            "SELECT worker_code FROM staff WHERE login = session_user "
            "AND retired_at IS NULL $$"
        )
    )
    # The audit actor is the login, whatever the entry claims; a moved log (a whole-database
    # import, by the owner or a lead) keeps the actors it recorded.
    connection.execute(
        text(
            f"""
            CREATE OR REPLACE FUNCTION starframe_audit_actor() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER {fixed} AS $$
            BEGIN
                IF current_setting('starframe.moved_log', true) = 'on' THEN
                    IF pg_has_role(session_user, {literal(owner)}, 'MEMBER')
                       OR pg_has_role(session_user, {lead}, 'MEMBER') THEN
                        RETURN NEW;
                    END IF;
                    RAISE EXCEPTION 'only the owner or a lead may import an audit log'
                        USING ERRCODE = 'SFR04';
                END IF;
                NEW.actor := session_user;
                RETURN NEW;
            END $$
            """
        )
    )
    connection.execute(
        text(
            "CREATE OR REPLACE TRIGGER starframe_audit_actor BEFORE INSERT ON audit "
            "FOR EACH ROW EXECUTE FUNCTION starframe_audit_actor()"
        )
    )
    connection.execute(
        text(
            f"""
            CREATE OR REPLACE FUNCTION starframe_requester() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER {fixed} AS $$
            BEGIN
                NEW.requested_by := session_user;
                NEW.status := 'open';
                NEW.decided_by := NULL;
                NEW.decided_at := NULL;
                RETURN NEW;
            END $$
            """
        )
    )
    connection.execute(
        text(
            "CREATE OR REPLACE TRIGGER starframe_requester BEFORE INSERT ON requests "
            "FOR EACH ROW EXECUTE FUNCTION starframe_requester()"
        )
    )
    connection.execute(text(_DECIDE.replace("{fixed}", fixed).replace("{lead}", lead)))
    connection.execute(
        text("REVOKE ALL ON FUNCTION starframe_decide(integer, boolean) FROM PUBLIC")
    )
    everyone = ", ".join(quoted(name) for name in roles.values())
    connection.execute(
        text(f"GRANT EXECUTE ON FUNCTION starframe_decide(integer, boolean) TO {everyone}")
    )


_DECIDE = """
CREATE OR REPLACE FUNCTION starframe_decide(request_id integer, approve boolean)
RETURNS text LANGUAGE plpgsql SECURITY DEFINER {fixed} AS $$
DECLARE
    r requests%ROWTYPE;
    rd readings%ROWTYPE;
    removed integer;
BEGIN
    IF NOT pg_has_role(session_user, {lead}, 'MEMBER') THEN
        RAISE EXCEPTION 'only a lead may decide a request' USING ERRCODE = 'SFR01';
    END IF;
    SELECT * INTO r FROM requests WHERE id = request_id AND status = 'open' FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no open request %', request_id USING ERRCODE = 'SFR03';
    END IF;
    IF r.requested_by = session_user THEN
        RAISE EXCEPTION 'a lead''s own request needs a second lead' USING ERRCODE = 'SFR02';
    END IF;
    UPDATE requests SET status = CASE WHEN approve THEN 'approved' ELSE 'refused' END,
        decided_by = session_user, decided_at = now() WHERE id = request_id;
    IF NOT approve THEN
        INSERT INTO audit (at, action, person_code, reading_id, details, reason)
        VALUES (now(), 'request.refuse', r.person_code, r.reading_id,
                json_build_object('request', r.id, 'action', r.action)::text, NULL);
        RETURN 'refused';
    END IF;
    IF r.action = 'reading.delete' THEN
        SELECT * INTO rd FROM readings WHERE id = r.reading_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'the reading of request % is gone', request_id
                USING ERRCODE = 'SFR03';
        END IF;
        DELETE FROM readings WHERE id = r.reading_id;
        INSERT INTO audit (at, action, person_code, reading_id, details, reason)
        VALUES (now(), 'reading.delete', r.person_code, r.reading_id,
                json_build_object('date', rd.taken_on, 'edition', rd.edition,
                    'request', r.id, 'requested_by', r.requested_by, 'star', rd.star_id,
                    'status', rd.status)::text,
                r.reason);
    ELSE
        DELETE FROM readings WHERE person_code = r.person_code;
        GET DIAGNOSTICS removed = ROW_COUNT;
        DELETE FROM people WHERE code = r.person_code;
        UPDATE audit SET reason = '(erased with the person)'
            WHERE person_code = r.person_code AND reason IS NOT NULL;
        UPDATE requests SET reason = '(erased with the person)'
            WHERE person_code = r.person_code AND id <> r.id;
        INSERT INTO audit (at, action, person_code, reading_id, details, reason)
        VALUES (now(), 'person.erase', r.person_code, NULL,
                json_build_object('readings', removed, 'request', r.id,
                    'requested_by', r.requested_by)::text,
                r.reason);
    END IF;
    RETURN 'approved';
END $$
"""


def _policies(roles: dict[str, str], owner: str) -> Iterable[str]:
    worker, manager, lead = (quoted(roles[r]) for r in ("worker", "manager", "lead"))
    trainer = quoted(roles["trainer"])
    for table in PROTECTED:
        yield _policy(table, "owner", "ALL", quoted(owner), "true", "true")
    for table, mine in CASELOAD:
        yield _policy(table, "worker", "ALL", worker, mine, mine)
        yield _policy(table, "manager_read", "SELECT", manager, mine)
        yield _policy(table, "lead", "ALL", lead, "true", "true")
        if table in OWN_READINGS:
            own = f"({mine}) AND {OWN_READINGS[table]}"
            for command in ("INSERT", "UPDATE", "DELETE"):
                yield _policy(table, f"manager_{command.lower()}", command, manager, own, own)
    # A worker deletes only drafts directly: a complete reading waits for a lead.
    yield (
        f"CREATE POLICY {POLICY_PREFIX}worker_no_complete_delete ON readings AS RESTRICTIVE "
        f"FOR DELETE TO {worker}, {manager}, {lead} USING (status = 'draft')"
    )
    seen = "actor = session_user OR person_code IN (SELECT code FROM people)"
    for name, role in (("worker", worker), ("manager", manager), ("trainer", trainer)):
        yield _policy("audit", f"{name}_read", "SELECT", role, seen)
    yield _policy("audit", "lead_read", "SELECT", lead, "true")
    yield _policy(
        "audit", "insert", "INSERT", f"{worker}, {manager}, {lead}, {trainer}", None, "true"
    )
    mine = "requested_by = session_user"
    for name, role in (("worker", worker), ("manager", manager), ("trainer", trainer)):
        yield _policy("requests", f"{name}_read", "SELECT", role, mine)
    yield _policy("requests", "lead_read", "SELECT", lead, "true")
    yield _policy(
        "requests",
        "insert",
        "INSERT",
        f"{worker}, {manager}, {lead}",
        None,
        "person_code IN (SELECT code FROM people)",
    )
    for table in PRACTICE:
        yield _policy(table, "trainer", "ALL", trainer, "true", "true")
        yield _policy(table, "lead_read", "SELECT", lead, "true")


def _policy(
    table: str,
    name: str,
    command: str,
    roles: str,
    using: str | None,
    check: str | None = None,
) -> str:
    statement = f"CREATE POLICY {POLICY_PREFIX}{name} ON {table} FOR {command} TO {roles}"
    if using is not None and command != "INSERT":
        statement += f" USING ({using})"
    if check is not None and command not in ("SELECT", "DELETE"):
        statement += f" WITH CHECK ({check})"
    return statement


def grant_role(connection: Connection, login: str, role: str) -> None:
    """Make `login` a member of `role`'s group role on this database (the others revoked)."""
    database = database_name(connection)
    for other in ROLES:
        if other != role:
            connection.execute(
                text(f"REVOKE {quoted(role_name(database, other))} FROM {quoted(login)}")
            )
    connection.execute(text(f"GRANT {quoted(role_name(database, role))} TO {quoted(login)}"))


def revoke_roles(connection: Connection, login: str) -> None:
    """Take every starframe role of this database from `login` (someone who left)."""
    database = database_name(connection)
    for role in ROLES:
        connection.execute(text(f"REVOKE {quoted(role_name(database, role))} FROM {quoted(login)}"))


def login_exists(connection: Connection, login: str) -> bool:
    query = text("SELECT 1 FROM pg_roles WHERE rolname = :login")
    return connection.execute(query, {"login": login}).first() is not None


def create_login(connection: Connection, login: str) -> None:
    """A login without a password: its owner sets one (or uses ~/.pgpass, a certificate)."""
    connection.execute(text(f"CREATE ROLE {quoted(login)} LOGIN"))


def readable(connection: Connection, table: str) -> bool:
    """Whether the login may read `table` at all (always, but on a secured PostgreSQL)."""
    if connection.dialect.name != "postgresql":
        return True
    query = text("SELECT has_table_privilege(CAST(:table AS regclass), 'SELECT')")
    return bool(connection.execute(query, {"table": table}).scalar())


def partial_reader(connection: Connection) -> str | None:
    """The login, when policies hide part of the database from it (a worker, a manager, a
    trainer); None when it reads everything (not secured, the owner, a lead)."""
    if not is_secured(connection) or is_owner(connection):
        return None
    lead = role_name(database_name(connection), "lead")
    query = text("SELECT pg_has_role(session_user, :lead, 'MEMBER'), session_user")
    is_lead, login = connection.execute(query, {"lead": lead}).one()
    return None if is_lead else str(login)
