"""The values the store makes and hands back: ids, hashes, timestamps and audit entries.

What every kind of record shares lives here; what only readings' queries return (a reading
with its revision, a cohort's rows) is `readings/stored.py`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from typing import Any

from starframe.store.actor import UNKNOWN


def definition_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def new_reading_id() -> str:
    """128 random bits, so ids never collide between databases that later merge."""
    return os.urandom(16).hex()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def utc(value: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes: everything is stored in UTC, so say so."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def in_utc(value: dt.datetime) -> dt.datetime:
    """A stored time in UTC, whichever zone PostgreSQL's session hands it back in."""
    return utc(value).astimezone(dt.UTC)


@dataclass(frozen=True)
class AuditEntry:
    """One entry of the audit log; `actor` is None when it was written before actors were."""

    id: int
    at: dt.datetime
    action: str
    person: str | None
    reading: str | None
    details: dict[str, Any]
    reason: str | None
    actor: str | None

    @property
    def who(self) -> str:
        """Who made the change, as shown to a person: "unknown" when it was not recorded."""
        return self.actor or UNKNOWN
