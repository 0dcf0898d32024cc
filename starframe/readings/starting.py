"""Starting a reading: everything a new draft is held to, checked before anything is stored.

A face that starts a reading (the terminal UI's start form) may also have to add the person
and the worker first. Those are stored with the draft, in one transaction, only once the whole
form passes these checks: a reading dated in the future, before 1900, or before the person
consented is refused while nothing has been written, so a refused form leaves no new person
or worker behind.

A second draft for the same person, Star edition and date is almost always a slip (the first
one was forgotten): `open_draft` finds the one to offer instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from starframe.readings.check import dating_violations

if TYPE_CHECKING:
    from starframe.readings.models import Reading
    from starframe.readings.reader import Reader


def start_problems(reading: Reading, *, consent: dt.date | None, today: dt.date) -> list[str]:
    """Why `reading` may not be started as a new draft, in words for the person filling the
    form (empty when it may). `consent` is the person's consent date: the recorded one, or
    the one typed for a person not recorded yet; None when it is not known yet."""
    found: list[str] = []
    if reading.date > today:
        found.append(
            f"Date: {reading.date} is in the future. Give the date the reading is about "
            f"(today is {today})."
        )
    found.extend(_worded(v.message) for v in dating_violations(reading, consent))
    return found


def _worded(message: str) -> str:
    """A store message without its file-format quoting (`date` is …): the form says Date."""
    return "Date: " + message.replace("`date` is ", "", 1).replace(
        "mark it `retrospective: true`", "tick “retrospective”"
    )


def open_draft(reader: Reader, reading: Reading) -> Reading | None:
    """The draft already stored for the same person, Star edition and date, if any (the
    last stored when there are several)."""
    drafts = reader.readings(
        person=reading.person,
        star=reading.star,
        edition=reading.edition,
        status="draft",
        since=reading.date,
        until=reading.date,
    )
    return drafts[-1] if drafts else None


def suggested_worker(earlier: Sequence[Reading], workers: Sequence[str]) -> str | None:
    """The worker to offer for a person's next reading: whoever did their latest one (by
    date, then the one stored last), who usually takes the next; with no reading yet, the
    only worker recorded, if there is just one; otherwise None (the form stays empty)."""
    if earlier:
        latest = max(enumerate(earlier), key=lambda pair: (pair[1].date, pair[0]))[1]
        return latest.worker
    return workers[0] if len(workers) == 1 else None
