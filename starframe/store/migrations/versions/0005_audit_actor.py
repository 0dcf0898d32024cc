"""Who made each change: the audit log records an actor (see `starframe.store.actor`).

Entries written before this revision keep no actor (NULL, shown as "unknown"): nobody can
say now who made them, and guessing would make the log less trustworthy, not more.

The column is added in place, never by alembic's batch mode: that copies the table and drops
the old one (see 0004), and the audit log is the one table that must never be rewritten.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit", sa.Column("actor", sa.String(80), nullable=True))


def downgrade() -> None:
    op.drop_column("audit", "actor")
