"""The database schema, as SQLAlchemy Core tables (the migrations create exactly this).

Readings have an integer key for joins and a random public id, so ids never collide between
databases and an export can be imported elsewhere unchanged. Scores are one row per scale
with the worker's value in `value` (NULL when not applicable or not yet scored), clustered by
reading, which keeps a cohort summary over 100,000 readings to index look-ups.
The audit log has no foreign keys: its entries outlive what they describe. Its `actor` is who
made the change (NULL in entries written before starframe recorded it).
`readings_cohort_scan` keeps each complete reading's keys and scores again, one row in the
order a cohort summary reads them (see `score_keys.py`), written with the reading.
Teams, staff and requests hold an organisation's shape on a shared PostgreSQL database
(see `security.py` and docs/organisations.md); every person belongs to a team.
Practice sessions have tables of their own, so practice scores never reach a reading or a
summary.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
)

CODE = 40
NAME = 80
CASE = 40

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

definitions = Table(
    "definitions",
    metadata,
    Column("hash", String(64), primary_key=True),
    Column("star_id", String(40), nullable=False),
    Column("edition", String(20), nullable=False),
    Column("text", LargeBinary, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
    Index("definitions_one_text_per_edition", "star_id", "edition", unique=True),
)

people = Table(
    "people",
    metadata,
    Column("code", String(CODE), primary_key=True),
    Column("display_name", String(NAME)),
    Column("consent_date", Date, nullable=False),
    Column("birth_years", String(9)),
    Column("support_need", String(NAME)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("team_code", String(CODE), ForeignKey("teams.code"), index=True),
)

workers = Table(
    "workers",
    metadata,
    Column("code", String(CODE), primary_key=True),
    Column("name", String(NAME), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

teams = Table(
    "teams",
    metadata,
    Column("code", String(CODE), primary_key=True),
    Column("name", String(NAME), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

LOGIN = 63
"""PostgreSQL's longest role name."""

staff = Table(
    "staff",
    metadata,
    Column("login", String(LOGIN), primary_key=True),
    Column("worker_code", String(CODE), ForeignKey("workers.code")),
    Column("role", String(10), nullable=False),
    Column("retired_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("role IN ('worker', 'manager', 'lead', 'trainer')", name="role"),
)

staff_teams = Table(
    "staff_teams",
    metadata,
    Column("login", String(LOGIN), ForeignKey("staff.login", ondelete="CASCADE"), primary_key=True),
    Column("team_code", String(CODE), ForeignKey("teams.code"), primary_key=True),
)

requests = Table(
    "requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(20), nullable=False),
    Column("person_code", String(CODE), nullable=False),
    Column("reading_id", String(32)),
    Column("reason", Text, nullable=False),
    Column("requested_by", String(NAME), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("status", String(10), nullable=False),
    Column("decided_by", String(NAME)),
    Column("decided_at", DateTime(timezone=True)),
    CheckConstraint("action IN ('reading.delete', 'person.erase')", name="action"),
    CheckConstraint("status IN ('open', 'approved', 'refused')", name="status"),
)
"""Deletions and erasures waiting for a lead (no foreign keys: a request outlives its
reading, and its person's code is what the audit log keeps too)."""

readings = Table(
    "readings",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(32), nullable=False, unique=True),
    Column("person_code", String(CODE), ForeignKey("people.code"), nullable=False),
    Column("worker_code", String(CODE), ForeignKey("workers.code"), nullable=False),
    Column("star_id", String(40), nullable=False),
    Column("edition", String(20), nullable=False),
    Column("definition_hash", String(64), ForeignKey("definitions.hash"), nullable=False),
    Column("taken_on", Date, nullable=False),
    Column("mode", String(20), nullable=False),
    Column("retrospective", Boolean, nullable=False),
    Column("status", String(10), nullable=False),
    Column("note", Text),
    Column("revision", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("mode IN ('collaborative', 'worker-only', 'person-only')", name="mode"),
    CheckConstraint("status IN ('draft', 'complete')", name="status"),
    Index(None, "star_id", "edition", "status", "person_code", "taken_on"),
    Index(None, "person_code", "taken_on"),
)

scores = Table(
    "scores",
    metadata,
    Column(
        "reading_pk",
        Integer,
        ForeignKey("readings.pk", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("scale_id", String(40), primary_key=True),
    Column("value", Integer),
    Column("not_applicable", Boolean, nullable=False),
    Column("person_value", Integer),
    Column("reason", Text),
    Column("note", Text),
    CheckConstraint("value IS NULL OR NOT not_applicable", name="value_or_na"),
    sqlite_with_rowid=False,
)

readings_cohort_scan = Table(
    "readings_cohort_scan",
    metadata,
    Column("star_id", String(40), primary_key=True),
    Column("person_code", String(CODE), primary_key=True),
    Column("taken_on", Date, primary_key=True),
    Column(
        "reading_pk",
        Integer,
        ForeignKey("readings.pk", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("edition", String(20), nullable=False),
    Column("worker_code", String(CODE), nullable=False),
    Column("scores", Text, nullable=False),
    Index(None, "reading_pk", unique=True),
    sqlite_with_rowid=False,
)
"""One row per complete reading, clustered by Star, person and date (then order of entry):
`summary cohort` reads a Star's rows in that order in one pass, each with its scores as one
key (`score_keys.py`), instead of joining `scores` three times. The writer keeps it in step
in the same transaction as the reading; deleting a reading (or erasing a person) removes its
row through the foreign key."""

actions = Table(
    "actions",
    metadata,
    Column(
        "reading_pk",
        Integer,
        ForeignKey("readings.pk", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("position", Integer, primary_key=True),
    Column("scale_id", String(40), nullable=False),
    Column("goal", Text, nullable=False),
    Column("steps", Text),
    Column("who", String(NAME)),
    Column("due", Date),
    Column("status", String(10), nullable=False),
    CheckConstraint("status IN ('open', 'done', 'dropped')", name="status"),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("action", String(40), nullable=False),
    Column("person_code", String(CODE)),
    Column("reading_id", String(32)),
    Column("details", Text, nullable=False),
    Column("reason", Text),
    Column("actor", String(NAME)),
    Index(None, "person_code"),
)

practice_sessions = Table(
    "practice_sessions",
    metadata,
    Column("code", String(7), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("min_same_stage", Float, nullable=False),
    Column("max_mad", Float, nullable=False),
    Column("solo", Boolean, nullable=False, server_default=false()),
    Column("closed_at", DateTime(timezone=True)),
)

practice_session_cases = Table(
    "practice_session_cases",
    metadata,
    Column(
        "session_code",
        String(7),
        ForeignKey("practice_sessions.code", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("case_id", String(CASE), primary_key=True),
    Column("star_id", String(40), nullable=False),
    Column("edition", String(20), nullable=False),
    Column("position", Integer, nullable=False),
)

practice_attempts = Table(
    "practice_attempts",
    metadata,
    Column("session_code", String(7), primary_key=True),
    Column("trainee", String(NAME), primary_key=True),
    Column("case_id", String(CASE), primary_key=True),
    Column("scores", JSON, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("passed", Boolean),
    ForeignKeyConstraint(
        ["session_code", "case_id"],
        ["practice_session_cases.session_code", "practice_session_cases.case_id"],
        ondelete="CASCADE",
    ),
)

practice_certificates = Table(
    "practice_certificates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("trainee", String(NAME), nullable=False),
    Column("star_id", String(40), nullable=False),
    Column("edition", String(20), nullable=False),
    Column("passed_on", Date, nullable=False),
    Column("session_code", String(7), ForeignKey("practice_sessions.code", ondelete="SET NULL")),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Index(None, "trainee"),
)
