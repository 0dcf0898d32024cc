"""What a person's report needs from the store, read in one transaction.

The one place reports meet the database: `starframe render person` and each `render batch`
worker call it with their own reader; the renderers then get plain models and summaries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starframe.store.errors import NotFound, StoreError

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.models import Reading
    from starframe.readings.reader import Reader
    from starframe.readings.summaries import Journey, PersonSummary


class NothingToReport(StoreError):
    """The person has no complete readings of the Star asked for."""


@dataclass(frozen=True)
class PersonInputs:
    summary: PersonSummary
    journey: Journey
    latest: Reading
    """The latest complete reading in full: its notes and action plan are printed."""
    star: Star
    """The exact definition the latest reading was taken with."""
    workers: dict[str, str]


def load_person(reader: Reader, code: str, star_id: str, edition: str | None) -> PersonInputs:
    """The person's journey on the Star: the edition asked for, else the newest they have."""
    from starframe.catalog import edition_order
    from starframe.readings.summaries import person_summary

    summary = person_summary(reader, code)
    journeys = [
        j
        for j in summary.journeys
        if j.star == star_id and (edition is None or edition in (j.editions or [j.edition]))
    ]
    if not journeys:
        wanted = f"{star_id} {edition}" if edition else star_id
        have = ", ".join(f"{j.star} {j.edition}" for j in summary.journeys) or "none"
        raise NothingToReport(
            f"{code} has no complete readings of {wanted} (complete readings: {have})."
        )
    journey = max(journeys, key=lambda j: edition_order(j.edition))
    latest = reader.reading(journey.readings[-1].id)
    if latest.definition is None:
        raise StoreError(f"reading {latest.id} has no definition; run `starframe db check`.")
    star = reader.star(latest.definition)
    workers = worker_names(reader, (r.worker for r in journey.readings))
    return PersonInputs(summary, journey, latest, star, workers)


def worker_names(reader: Reader, codes: Iterable[str]) -> dict[str, str]:
    """Names of the workers still recorded (a report shows the bare code of any other)."""
    names = {}
    for code in sorted(set(codes)):
        try:
            names[code] = reader.worker(code).name
        except NotFound:
            continue
    return names


@dataclass(frozen=True)
class MineInputs:
    """What "My Star" needs: the reading, the journey it belongs to, and its definition."""

    journey: Journey
    reading: Reading
    star: Star
    worker_name: str | None
    """The worker's display name, if still recorded; printed only with --with-worker-name."""


def load_mine(reader: Reader, code: str, star_id: str, reading_id: str | None) -> MineInputs:
    """The person's reading to print (the latest complete one unless `reading_id`).

    A reading of someone else, of another Star, or not yet complete is refused: the person's
    copy is of a reading they finished with their worker.
    """
    if reading_id is None:
        inputs = load_person(reader, code, star_id, None)
        reading = inputs.latest
        journey = inputs.journey
    else:
        reading = reader.reading(reader.resolve_id(reading_id))
        if reading.person != code or reading.star != star_id:
            raise NothingToReport(
                f"reading {reading_id} is not one of {code}'s readings of {star_id}; "
                f"see `starframe readings list --person {code}`."
            )
        if reading.status != "complete":
            raise NothingToReport(
                f"reading {reading_id} is a draft: finish it before printing the person's copy."
            )
        journey = load_person(reader, code, star_id, reading.edition).journey
    if reading.definition is None:
        raise StoreError(f"reading {reading.id} has no definition; run `starframe db check`.")
    star = reader.star(reading.definition)
    name = worker_names(reader, [reading.worker]).get(reading.worker)
    return MineInputs(journey, reading, star, name)
