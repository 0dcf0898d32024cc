"""The first schema: definitions, people, workers, readings, scores, actions, audit."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_CODE = 40
_NAME = 80


def upgrade() -> None:
    op.create_table(
        "definitions",
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("star_id", sa.String(40), nullable=False),
        sa.Column("edition", sa.String(20), nullable=False),
        sa.Column("text", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("hash", name="pk_definitions"),
    )
    op.create_table(
        "people",
        sa.Column("code", sa.String(_CODE), nullable=False),
        sa.Column("display_name", sa.String(_NAME)),
        sa.Column("consent_date", sa.Date(), nullable=False),
        sa.Column("birth_years", sa.String(9)),
        sa.Column("support_need", sa.String(_NAME)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_people"),
    )
    op.create_table(
        "workers",
        sa.Column("code", sa.String(_CODE), nullable=False),
        sa.Column("name", sa.String(_NAME), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_workers"),
    )
    op.create_table(
        "readings",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("person_code", sa.String(_CODE), nullable=False),
        sa.Column("worker_code", sa.String(_CODE), nullable=False),
        sa.Column("star_id", sa.String(40), nullable=False),
        sa.Column("edition", sa.String(20), nullable=False),
        sa.Column("definition_hash", sa.String(64), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("retrospective", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "mode IN ('collaborative', 'worker-only', 'person-only')", name="ck_readings_mode"
        ),
        sa.CheckConstraint("status IN ('draft', 'complete')", name="ck_readings_status"),
        sa.ForeignKeyConstraint(
            ["definition_hash"],
            ["definitions.hash"],
            name="fk_readings_definition_hash_definitions",
        ),
        sa.ForeignKeyConstraint(
            ["person_code"], ["people.code"], name="fk_readings_person_code_people"
        ),
        sa.ForeignKeyConstraint(
            ["worker_code"], ["workers.code"], name="fk_readings_worker_code_workers"
        ),
        sa.PrimaryKeyConstraint("pk", name="pk_readings"),
        sa.UniqueConstraint("id", name="uq_readings_id"),
    )
    op.create_index(
        "ix_readings_star_id_edition_status_person_code_taken_on",
        "readings",
        ["star_id", "edition", "status", "person_code", "taken_on"],
    )
    op.create_index("ix_readings_person_code_taken_on", "readings", ["person_code", "taken_on"])
    op.create_table(
        "scores",
        sa.Column("reading_pk", sa.Integer(), nullable=False),
        sa.Column("scale_id", sa.String(40), nullable=False),
        sa.Column("value", sa.Integer()),
        sa.Column("not_applicable", sa.Boolean(), nullable=False),
        sa.Column("person_value", sa.Integer()),
        sa.Column("reason", sa.Text()),
        sa.Column("note", sa.Text()),
        sa.CheckConstraint("value IS NULL OR NOT not_applicable", name="ck_scores_value_or_na"),
        sa.ForeignKeyConstraint(
            ["reading_pk"],
            ["readings.pk"],
            name="fk_scores_reading_pk_readings",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("reading_pk", "scale_id", name="pk_scores"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "actions",
        sa.Column("reading_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("scale_id", sa.String(40), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("steps", sa.Text()),
        sa.Column("who", sa.String(_NAME)),
        sa.Column("due", sa.Date()),
        sa.Column("status", sa.String(10), nullable=False),
        sa.CheckConstraint("status IN ('open', 'done', 'dropped')", name="ck_actions_status"),
        sa.ForeignKeyConstraint(
            ["reading_pk"],
            ["readings.pk"],
            name="fk_actions_reading_pk_readings",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("reading_pk", "position", name="pk_actions"),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("person_code", sa.String(_CODE)),
        sa.Column("reading_id", sa.String(32)),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_audit"),
    )
    op.create_index("ix_audit_person_code", "audit", ["person_code"])


def downgrade() -> None:
    for table in ("audit", "actions", "scores", "readings", "workers", "people", "definitions"):
        op.drop_table(table)
