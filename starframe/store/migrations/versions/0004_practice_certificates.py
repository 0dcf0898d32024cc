"""Closed and solo practice sessions, and the certificates trainees earn by passing.

Each attempt now keeps whether it passed under the session's rule on the day, so a certificate
rests on what the trainee was told, even if the case's wording is revised later.

Columns are added and dropped in place (SQLite 3.35 and later can), never by alembic's batch
mode: that copies a table and drops the old one, and with foreign keys on, dropping
`practice_sessions` would cascade and delete every case and attempt of every session.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "practice_sessions",
        sa.Column("solo", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "practice_sessions", sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("practice_attempts", sa.Column("passed", sa.Boolean(), nullable=True))
    op.create_table(
        "practice_certificates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("trainee", sa.String(80), nullable=False),
        sa.Column("star_id", sa.String(40), nullable=False),
        sa.Column("edition", sa.String(20), nullable=False),
        sa.Column("passed_on", sa.Date(), nullable=False),
        sa.Column("session_code", sa.String(7), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_code"],
            ["practice_sessions.code"],
            name="fk_practice_certificates_session_code_practice_sessions",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_practice_certificates"),
    )
    op.create_index(
        "ix_practice_certificates_trainee", "practice_certificates", ["trainee"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_practice_certificates_trainee", table_name="practice_certificates")
    op.drop_table("practice_certificates")
    op.drop_column("practice_attempts", "passed")
    op.drop_column("practice_sessions", "closed_at")
    op.drop_column("practice_sessions", "solo")
