"""Practice sessions, their cases and trainees' attempts, kept apart from real readings."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_CASE = 40
_NAME = 80


def upgrade() -> None:
    op.create_table(
        "practice_sessions",
        sa.Column("code", sa.String(7), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("min_same_stage", sa.Float(), nullable=False),
        sa.Column("max_mad", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_practice_sessions"),
    )
    op.create_table(
        "practice_session_cases",
        sa.Column("session_code", sa.String(7), nullable=False),
        sa.Column("case_id", sa.String(_CASE), nullable=False),
        sa.Column("star_id", sa.String(40), nullable=False),
        sa.Column("edition", sa.String(20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_code"],
            ["practice_sessions.code"],
            name="fk_practice_session_cases_session_code_practice_sessions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_code", "case_id", name="pk_practice_session_cases"),
    )
    op.create_table(
        "practice_attempts",
        sa.Column("session_code", sa.String(7), nullable=False),
        sa.Column("trainee", sa.String(_NAME), nullable=False),
        sa.Column("case_id", sa.String(_CASE), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_code", "case_id"],
            ["practice_session_cases.session_code", "practice_session_cases.case_id"],
            name="fk_practice_attempts_session_code_practice_session_cases",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_code", "trainee", "case_id", name="pk_practice_attempts"),
    )


def downgrade() -> None:
    op.drop_table("practice_attempts")
    op.drop_table("practice_session_cases")
    op.drop_table("practice_sessions")
