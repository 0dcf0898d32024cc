"""Alembic's entry point, run inside the connection and transaction `database.upgrade` opened.

There is no alembic.ini: starframe configures Alembic in code and hands it the connection,
so migrations take part in the same locked transaction that checked the schema revision.
"""

from __future__ import annotations

from alembic import context

from starframe.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
