"""What the store hands back, and the values it makes: ids, hashes and timestamps."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from typing import Any

from starframe.readings.actor import UNKNOWN
from starframe.readings.models import Reading


def definition_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def new_reading_id() -> str:
    """128 random bits, so ids never collide between databases that later merge."""
    return os.urandom(16).hex()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class StoredReading:
    """A reading with what only the store knows: its revision and when it was saved."""

    reading: Reading
    revision: int
    created_at: dt.datetime
    updated_at: dt.datetime


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


@dataclass(frozen=True)
class PersonStats:
    readings: int
    latest: dt.date | None


@dataclass(frozen=True)
class CohortRow:
    """How many people share one combination of first, second and latest score on a scale."""

    scale_id: str
    first: int | None
    second: int | None
    latest: int | None
    several: bool
    people: int
