"""What can go wrong with the store, each with a message a worker or administrator can act on.

The CLI prints `str(error)` as one line; the TUI shows it in a dialog. Messages say what
happened, to what, and how to fix it, and never include personal data beyond codes.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base of every error the store reports to a user."""


class DatabaseUnavailable(StoreError):
    """The database cannot be opened or reached."""


class SchemaTooNew(StoreError):
    """The database was upgraded by a newer starframe than this one."""


class SchemaOutdated(StoreError):
    """The database needs `starframe db upgrade` before this operation."""


class InvalidActor(StoreError):
    """`STARFRAME_USER` (or an actor a program names) is not a name to record changes under."""


class NotFound(StoreError):
    """A person, worker, reading or definition that does not exist."""


class AlreadyExists(StoreError):
    """A code or id that is already taken."""


class ChangedElsewhere(StoreError):
    """A record was changed by someone else since it was read (a draft saved elsewhere)."""


class Refused(StoreError):
    """The database refused a change its rules forbid (locked scores, a role, a team's walls)."""
