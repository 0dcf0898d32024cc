"""Made-up people and readings on the bundled Stars, to try starframe without real data.

Everything is generated from a fixed seed, so every demo database is the same: people coded
DEMO-001 upwards (no realistic names), three or four readings each over about a year, mostly
improving with some setbacks, with not-applicable scales, disagreements between worker and
person, notes, action plans and one unfinished draft.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from starframe.definition.models import NA
from starframe.readings.models import ActionItem, Mode, Person, Reading, Worker
from starframe.store.errors import StoreError

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.store import Store

PREFIX = "DEMO-"
SEED = 20240115
START = dt.date(2024, 1, 15)
WORKERS = (("DEMO-W1", "Demo worker A"), ("DEMO-W2", "Demo worker B"), ("DEMO-W3", "Demo worker C"))
PLAN = {"justice": (1, 13), "parent-baby": (11, 19)}
"""Person numbers per Star: DEMO-011 and DEMO-012 have readings on both."""
NA_REASONS = {
    "parenting-caring": "No children and no caring role.",
    "bonding": "Baby not born yet.",
    "baby-care": "Baby not born yet.",
    "baby-development": "Baby not born yet.",
}


@dataclass(frozen=True)
class DemoData:
    workers: list[Worker]
    people: list[Person]
    readings: list[Reading]


def demo_data(stars: dict[str, Star]) -> DemoData:
    """The demo records for the given Stars (by id): the same every time."""
    rng = random.Random(SEED)
    workers = [Worker(code=code, name=name) for code, name in WORKERS]
    numbers = sorted({n for star_id in stars for n in range(*PLAN[star_id])})
    people = [
        Person(
            code=f"{PREFIX}{n:03d}",
            display_name=f"Demo person {n}",
            consent_date=START - dt.timedelta(days=7 + n),
            birth_years=rng.choice(["1970-1979", "1980-1989", "1990-1999", "2000-2009"]),
        )
        for n in numbers
    ]
    readings = []
    for star_id in sorted(stars):
        for n in range(*PLAN[star_id]):
            readings.extend(_journey(rng, stars[star_id], f"{PREFIX}{n:03d}", n))
    return DemoData(workers, people, readings)


def _journey(rng: random.Random, star: Star, person: str, number: int) -> list[Reading]:
    count = rng.choice([3, 4, 4])
    worker = WORKERS[number % len(WORKERS)][0]
    first = START + dt.timedelta(days=rng.randrange(0, 60))
    current = {scale.id: rng.randint(1, 5) for scale in star.scales}
    not_applicable = {
        scale.id
        for scale in star.scales
        if scale.not_applicable and scale.id in NA_REASONS and rng.random() < 0.4
    }
    readings = []
    for index in range(count):
        date = first + dt.timedelta(days=index * rng.randrange(85, 120))
        if index:
            for scale_id, value in current.items():
                step = rng.choices([-2, -1, 0, 1, 2, 3], weights=[1, 2, 4, 6, 4, 1])[0]
                current[scale_id] = min(star.points, max(1, value + step))
            # A baby is born between the first and second reading.
            not_applicable -= {"bonding", "baby-care", "baby-development"}
        mode: Mode = "worker-only" if rng.random() < 0.15 else "collaborative"
        scores: dict[str, int | Literal["n/a"]] = {
            scale_id: NA if scale_id in not_applicable else value
            for scale_id, value in current.items()
        }
        person_scores = {}
        if mode == "collaborative":
            for scale_id, score in scores.items():
                if isinstance(score, int) and rng.random() < 0.12:
                    other = min(star.points, max(1, score + rng.choice([-2, -1, 1, 2])))
                    if other != score:
                        person_scores[scale_id] = other
        lowest = sorted((v, k) for k, v in scores.items() if isinstance(v, int))[:2]
        last = index == count - 1
        actions = [
            ActionItem(
                scale=scale_id,
                goal=f"Take one step forward on {star.scale(scale_id).name.lower()}.",
                steps="Agree a first small step together and check on it at the next meeting.",
                who="Person and worker",
                by=date + dt.timedelta(days=42),
                status="open" if last else rng.choice(["done", "done", "dropped"]),
            )
            for _, scale_id in lowest
        ]
        readings.append(
            Reading(
                star=star.id,
                edition=star.edition,
                person=person,
                worker=worker,
                date=date,
                mode=mode,
                retrospective=index == 0 and number % 5 == 0,
                status="draft" if last and number == 3 else "complete",
                scores=scores,
                person_scores=person_scores,
                not_applicable_reasons={
                    scale_id: NA_REASONS[scale_id] for scale_id in sorted(not_applicable)
                },
                notes=(
                    {lowest[0][1]: "Talked this through; the hardest area right now."}
                    if lowest
                    else {}
                ),
                note="Made-up demo reading." if index == 0 else None,
                actions=actions,
            )
        )
    return readings


@dataclass(frozen=True)
class DemoResult:
    created: bool
    people: int
    readings: int


def install_demo(store: Store, definitions: list[bytes], *, force: bool = False) -> DemoResult:
    """Add the demo records for the Stars whose definition texts are given.

    Nothing is added when the demo records are already there (unless `force`, which
    recreates them), and nothing at all if the database holds anyone else's records.
    """
    with store.write() as writer:
        codes = [person.code for person in writer.people()]
        demo = [code for code in codes if code.startswith(PREFIX)]
        others = [code for code in codes if not code.startswith(PREFIX)]
        if others:
            raise StoreError(
                f"{store.location.shown} holds other people's records ({len(others)} people): "
                "the demo goes in a database of its own. Choose one with --db PATH."
            )
        if demo and not force:
            return DemoResult(False, len(demo), 0)
        hashes = [writer.put_definition(raw) for raw in definitions]
        stars = {writer.star(hash_).id: writer.star(hash_) for hash_ in hashes}
        data = demo_data(stars)
        for code in demo:
            writer.erase_person(code, reason="demo data recreated")
        known = {worker.code for worker in writer.workers()}
        for worker in data.workers:
            if worker.code not in known:
                writer.add_worker(worker)
        for person in data.people:
            writer.add_person(person)
        by_star = {
            (star.id, star.edition): hash_
            for hash_, star in zip(hashes, stars.values(), strict=True)
        }
        writer.add_readings(data.readings, definitions=by_star)
    return DemoResult(True, len(data.people), len(data.readings))
