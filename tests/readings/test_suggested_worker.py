"""The worker a new reading's form offers: whoever did the person's latest reading."""

from __future__ import annotations

import datetime as dt

from starframe.readings.models import Reading
from starframe.readings.starting import suggested_worker


def reading(day: dt.date, worker: str) -> Reading:
    return Reading.model_validate(
        {
            "star": "justice",
            "edition": "1.0",
            "person": "P-0042",
            "worker": worker,
            "date": day,
            "status": "draft",
            "scores": {},
        }
    )


def test_the_worker_of_the_latest_reading_by_date_not_by_order_given() -> None:
    earlier = [reading(dt.date(2024, 5, 1), "W-02"), reading(dt.date(2024, 1, 1), "W-01")]
    assert suggested_worker(earlier, ["W-01", "W-02", "W-03"]) == "W-02"


def test_on_the_same_day_the_reading_stored_last() -> None:
    day = dt.date(2024, 5, 1)
    assert suggested_worker([reading(day, "W-01"), reading(day, "W-03")], ["W-01"]) == "W-03"


def test_with_no_reading_the_only_worker_or_none() -> None:
    assert suggested_worker([], ["W-01"]) == "W-01"
    assert suggested_worker([], ["W-01", "W-02"]) is None
    assert suggested_worker([], []) is None
