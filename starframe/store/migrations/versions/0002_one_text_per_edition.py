"""One definition text per Star edition: a changed Star must be published as a new edition."""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "definitions_one_text_per_edition", "definitions", ["star_id", "edition"], unique=True
    )


def downgrade() -> None:
    op.drop_index("definitions_one_text_per_edition", table_name="definitions")
