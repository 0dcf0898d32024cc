"""What readings' queries hand back beyond the models: a reading's revision, cohort rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from starframe.readings.models import Reading


@dataclass(frozen=True)
class StoredReading:
    """A reading with what only the store knows: its revision and when it was saved."""

    reading: Reading
    revision: int
    created_at: dt.datetime
    updated_at: dt.datetime


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
    three_or_more: bool = False
    """The people have three or more readings, so `second` is not their latest."""
