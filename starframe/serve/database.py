"""Which database login a served room may use, decided before the server starts.

A served tab is used by whoever has its address, so the app's own walls (`starframe.tui.reach`)
are backed by the database's: on a PostgreSQL database secured with `starframe db secure`,
the served apps must connect as a login with the trainer role and nothing more, which the
database lets reach the practice tables only. Any other login there (the owner, a superuser,
a lead, a worker) is refused, so a room can never be served with the keys to the caseload.

An SQLite file has no logins (it is one person's, behind its file permissions) and is served
as it is. A PostgreSQL database that is not secured has no walls of its own: serving it is
allowed (a trainer trying starframe out), with a warning saying how to add them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starframe.store.security import beyond_practice, is_secured

if TYPE_CHECKING:
    from starframe.store.store import Store


class LoginRefused(ValueError):
    """The login reaches more than practice on a secured database; the message says what to
    use instead."""


def check_room_login(store: Store[Any, Any]) -> tuple[str, ...]:
    """The warnings to print before serving `store`; raises `LoginRefused` when its login may
    not serve a room."""
    if store.engine.dialect.name != "postgresql":
        return ()
    with store.engine.connect() as connection:
        try:
            if not is_secured(connection):
                return (
                    f"WARNING: the database {store.location.shown} is not secured, so the "
                    "database itself does not keep the served apps to practice. Run "
                    "`starframe db secure` and serve with a login that holds the trainer role "
                    "only (docs/organisations.md).",
                )
            reason = beyond_practice(connection)
        finally:
            connection.rollback()
    if reason is not None:
        raise LoginRefused(
            f"{reason}, and a training room is served with a login that holds the trainer "
            "role only: add one with `starframe staff add LOGIN --role trainer --create-login` "
            "and give its URL to --db (docs/trainers.md)."
        )
    return ()
