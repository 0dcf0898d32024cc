"""Organisations: teams, staff (database logins and their roles), requests, locked scores.

Every person now belongs to a team; the people recorded before this revision go into one
team, `default` ("Everyone"), so nobody is left unseen once the policies are on. Staff are
database logins the database's administrator created, linked to the worker code they record
readings as; `staff_teams` says whose caseload each may reach. Deleting a reading or erasing
a person on a shared database waits, as a request, for a lead to approve it.

A trigger (on both backends) refuses to change or remove a complete reading's scores, and to
take a complete reading back to a draft, whoever asks: the rule "a finished reading's scores
are never edited" no longer rests on every face remembering it. Removing the whole reading
(an approved deletion, an erasure) still takes its scores with it. What a score is (its value,
the person's value, not applicable) is locked; the words about it (a score's note and reason)
are not.

`people.team_code` is added in place and nullable: SQLite cannot add a column that both
refers to another table and has a default, and alembic's batch mode would copy `people` and
drop the old one, which foreign keys forbid. Starframe always records a team; the row-level
security policies (`store/security.py`) show a person without one to leads only.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_CODE = 40
_NAME = 80
_LOCKED = "SFL01"
"""The SQLSTATE the lock raises on PostgreSQL (and the prefix of SQLite's message)."""
_SCORE = ("reading_pk", "scale_id", "value", "not_applicable", "person_value")
"""What a score is (its note and reason are words about it, which the lock leaves alone)."""
_LOCK_MESSAGE = "the scores of a complete reading cannot be changed"


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("code", sa.String(_CODE), nullable=False),
        sa.Column("name", sa.String(_NAME), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_teams"),
    )
    op.create_table(
        "staff",
        sa.Column("login", sa.String(63), nullable=False),
        sa.Column("worker_code", sa.String(_CODE), nullable=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('worker', 'manager', 'lead', 'trainer')", name="ck_staff_role"
        ),
        sa.ForeignKeyConstraint(
            ["worker_code"], ["workers.code"], name="fk_staff_worker_code_workers"
        ),
        sa.PrimaryKeyConstraint("login", name="pk_staff"),
    )
    op.create_table(
        "staff_teams",
        sa.Column("login", sa.String(63), nullable=False),
        sa.Column("team_code", sa.String(_CODE), nullable=False),
        sa.ForeignKeyConstraint(
            ["login"], ["staff.login"], name="fk_staff_teams_login_staff", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["team_code"], ["teams.code"], name="fk_staff_teams_team_code_teams"
        ),
        sa.PrimaryKeyConstraint("login", "team_code", name="pk_staff_teams"),
    )
    op.create_table(
        "requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("person_code", sa.String(_CODE), nullable=False),
        sa.Column("reading_id", sa.String(32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(_NAME), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("decided_by", sa.String(_NAME), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "action IN ('reading.delete', 'person.erase')", name="ck_requests_action"
        ),
        sa.CheckConstraint("status IN ('open', 'approved', 'refused')", name="ck_requests_status"),
        sa.PrimaryKeyConstraint("id", name="pk_requests"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.add_column(
            "people",
            sa.Column(
                "team_code",
                sa.String(_CODE),
                sa.ForeignKey("teams.code", name="fk_people_team_code_teams"),
                nullable=True,
            ),
        )
    else:
        # Alembic would ask for batch mode to add the reference; SQLite itself can.
        op.execute(
            f"ALTER TABLE people ADD COLUMN team_code VARCHAR({_CODE}) "
            "CONSTRAINT fk_people_team_code_teams REFERENCES teams (code)"
        )
    op.create_index("ix_people_team_code", "people", ["team_code"])
    teams = sa.table(
        "teams",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    op.execute(teams.insert().values(code="default", name="Everyone", created_at=sa.func.now()))
    op.execute("UPDATE people SET team_code = 'default'")
    if op.get_bind().dialect.name == "postgresql":
        _lock_postgresql()
    else:
        _lock_sqlite()


def _lock_sqlite() -> None:
    complete = "(SELECT status FROM readings WHERE pk = OLD.reading_pk) = 'complete'"
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _SCORE)
    for event, when in (
        (f"UPDATE OF {', '.join(_SCORE)}", f"{complete} AND ({changed})"),
        ("DELETE", complete),
    ):
        op.execute(
            f"CREATE TRIGGER scores_locked_{event.split()[0].lower()} BEFORE {event} ON scores "
            f"WHEN {when} BEGIN SELECT RAISE(ABORT, '{_LOCKED}: {_LOCK_MESSAGE}'); END"
        )
    op.execute(
        "CREATE TRIGGER readings_stay_complete BEFORE UPDATE OF status ON readings "
        "WHEN OLD.status = 'complete' AND NEW.status <> 'complete' "
        f"BEGIN SELECT RAISE(ABORT, '{_LOCKED}: {_LOCK_MESSAGE}'); END"
    )


def _lock_postgresql() -> None:
    op.execute(
        f"""
        CREATE FUNCTION starframe_scores_locked() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
        BEGIN
            IF TG_TABLE_NAME = 'readings' THEN
                IF OLD.status = 'complete' AND NEW.status <> 'complete' THEN
                    RAISE EXCEPTION '{_LOCK_MESSAGE}' USING ERRCODE = '{_LOCKED}';
                END IF;
                RETURN NEW;
            END IF;
            IF EXISTS (SELECT 1 FROM readings WHERE pk = OLD.reading_pk
                       AND status = 'complete') THEN
                RAISE EXCEPTION '{_LOCK_MESSAGE}' USING ERRCODE = '{_LOCKED}';
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END $$
        """
    )
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _SCORE)
    op.execute(
        f"CREATE TRIGGER scores_locked BEFORE UPDATE OF {', '.join(_SCORE)} ON scores "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION starframe_scores_locked()"
    )
    op.execute(
        "CREATE TRIGGER scores_locked_delete BEFORE DELETE ON scores "
        "FOR EACH ROW EXECUTE FUNCTION starframe_scores_locked()"
    )
    op.execute(
        "CREATE TRIGGER readings_stay_complete BEFORE UPDATE OF status ON readings "
        "FOR EACH ROW EXECUTE FUNCTION starframe_scores_locked()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS readings_stay_complete ON readings")
        op.execute("DROP TRIGGER IF EXISTS scores_locked ON scores")
        op.execute("DROP TRIGGER IF EXISTS scores_locked_delete ON scores")
        op.execute("DROP FUNCTION IF EXISTS starframe_scores_locked()")
    else:
        for name in ("scores_locked_update", "scores_locked_delete", "readings_stay_complete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_people_team_code", table_name="people")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("fk_people_team_code_teams", "people", type_="foreignkey")
    op.drop_column("people", "team_code")
    for table in ("requests", "staff_teams", "staff", "teams"):
        op.drop_table(table)
