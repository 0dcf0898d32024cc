"""The cohort scan: each complete reading's keys and scores in one row, in summary order.

`summary cohort` over a million readings joined `scores` three times (7 s on SQLite); it now
reads `readings_cohort_scan` once (see `store/tables.py` and `store/score_keys.py`). The
table is filled here from the readings already recorded, a batch at a time, each reading's
key laid out by its own stored definition. It touches no other table, so it can follow any
other revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

BATCH = 5_000


def upgrade() -> None:
    op.create_table(
        "readings_cohort_scan",
        sa.Column("star_id", sa.String(40), nullable=False),
        sa.Column("person_code", sa.String(40), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("reading_pk", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("edition", sa.String(20), nullable=False),
        sa.Column("worker_code", sa.String(40), nullable=False),
        sa.Column("scores", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reading_pk"],
            ["readings.pk"],
            name="fk_readings_cohort_scan_reading_pk_readings",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "star_id", "person_code", "taken_on", "reading_pk", name="pk_readings_cohort_scan"
        ),
        sqlite_with_rowid=False,
    )
    op.create_index(
        "ix_readings_cohort_scan_reading_pk", "readings_cohort_scan", ["reading_pk"], unique=True
    )
    _fill(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_readings_cohort_scan_reading_pk", table_name="readings_cohort_scan")
    op.drop_table("readings_cohort_scan")


def _fill(connection: sa.Connection) -> None:
    """A row for every complete reading recorded before this revision, a batch at a time."""
    from starframe.store import tables as t
    from starframe.store.bulk import insert_values
    from starframe.store.score_keys import score_key

    layouts = {
        hash_: _layout(text, hash_)
        for hash_, text in connection.execute(sa.select(t.definitions.c.hash, t.definitions.c.text))
    }
    names = ("reading_pk", "star_id", "person_code", "taken_on", "edition", "worker_code")
    r, s = t.readings.c, t.scores.c
    columns = [r.pk, r.star_id, r.person_code, r.taken_on, r.edition, r.worker_code]
    last = 0
    while True:
        batch = connection.execute(
            sa.select(*columns, r.definition_hash)
            .where(r.status == "complete", r.pk > last)
            .order_by(r.pk)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        last = batch[-1][0]
        found: dict[int, list[tuple[str, int | None]]] = {row[0]: [] for row in batch}
        scores = sa.select(s.reading_pk, s.scale_id, s.value).where(
            s.reading_pk.between(batch[0][0], last)
        )
        for pk, scale_id, value in connection.execute(scores):
            if pk in found:
                found[pk].append((scale_id, value))
        rows = [(*row[:6], score_key(layouts[row[6]], found[row[0]])) for row in batch]
        insert_values(connection, t.readings_cohort_scan, (*names, "scores"), rows)


def _layout(text: bytes, hash_: str) -> tuple[str, ...]:
    """The definition's scales in the Star's order, as the reader lays keys out."""
    from starframe.definition.load import load_star_text

    loaded = load_star_text(text, f"stored definition {hash_[:12]}", stored=True)
    if loaded.star is None:
        problem = next(p for p in loaded.problems if p.is_error)
        raise RuntimeError(f"the stored definition {hash_[:12]} no longer loads: {problem}")
    return tuple(scale.id for scale in loaded.star.scales)
