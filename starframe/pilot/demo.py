"""A small pilot Star written by this project, and made-up pilot readings with known structure.

Neither bundled Star is a pilot, so `starframe demo --pilot` writes this one to a draft folder
and records about 120 made-up people's readings on it, so the pilot report can be tried at
once. The readings are built to show what the report looks for: one scale with a floor effect
(`money`), a redundant pair (`home` and `tenancy`, scored nearly alike), and a scale that never
moves (`neighbours`); the others spread people out and improve. The same seed gives the same
data every time; the tests use it as data whose answers are known.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from starframe.output_files import make_folder, write_text
from starframe.readings.models import Person, Reading, Score, Worker

if TYPE_CHECKING:
    from starframe.readings.store import Store

STAR_ID = "tenancy-pilot"
PREFIX = "DEMO-P"
SEED = 20250301
START = dt.date(2025, 3, 3)

_STAGES = (
    ("stuck", "Stuck", "Things are hard and the person cannot see a way forward yet."),
    ("accepting-help", "Accepting help", "The person lets others help with the problem."),
    ("trying", "Trying", "The person takes some first steps of their own, with support."),
    ("finding-what-works", "Finding what works", "The person does most things on their own."),
    ("managing-well", "Managing well", "The person manages this part of life on their own."),
)
_SCALES = (
    ("home", "A home of my own", "Home", "Having a settled place to live."),
    ("tenancy", "Keeping my tenancy", "Tenancy", "Keeping to the rules of a tenancy."),
    ("money", "Money and rent", "Money", "Paying rent and bills, and handling debts."),
    ("neighbours", "Getting on with neighbours", "Neighbours", "Living well next to others."),
    ("health", "Health and well-being", "Health", "Looking after body and mind."),
    ("time", "Using my time", "Time", "Work, learning and things to do each day."),
)
_STEPS = (
    "I do not want to think about {what} yet.",
    "I know {what} is a problem, but I cannot see what would help.",
    "I have said yes to help with {what}, and my worker does most of it.",
    "I go to appointments about {what} when they are set up for me.",
    "I believe {what} can get better and I have started to try things.",
    "I do some things about {what} myself, and ask when I get stuck.",
    "I manage most of {what} myself; now and then I need a hand.",
    "I deal with {what} on my own most of the time, and learn from setbacks.",
    "I have managed {what} on my own for a while and know where to turn.",
    "{What} is part of my normal life, and I sort out problems myself.",
)


def pilot_star_text() -> str:
    """The pilot Star's YAML: six scales, ten points, five stages, `status: pilot`."""
    lines = [
        "starframe: 1",
        "kind: star",
        f"id: {STAR_ID}",
        "name: Tenancy Star (pilot)",
        'edition: "0.1"',
        "status: pilot",
        "language: en",
        "summary: For people moving into and keeping a home of their own, piloted with three "
        "housing services.",
        "audience: A housing support worker completes it together with the person.",
        "licence: CC-BY-4.0",
        "attribution: Wording drafted by the starframe project contributors for a pilot.",
        "points: 10",
        "journey:",
    ]
    for index, (stage_id, name, summary) in enumerate(_STAGES):
        first = 2 * index + 1
        lines += [
            f"  - id: {stage_id}",
            f"    name: {name}",
            f"    points: [{first}, {first + 1}]",
            f"    summary: {summary}",
        ]
    lines.append("scales:")
    for scale_id, name, label, summary in _SCALES:
        what = name[0].lower() + name[1:]
        what = what.replace("my ", "my ").replace("a home of my own", "my home")
        lines += [
            f"  - id: {scale_id}",
            f"    name: {name}",
            f"    label: {label}",
            f"    summary: {summary}",
            "    ladder:",
        ]
        for point, step in enumerate(_STEPS, start=1):
            text = step.format(what=what, What=what[0].upper() + what[1:])
            lines.append(f"      {point}: {text}")
    return "\n".join(lines) + "\n"


def pilot_people(count: int = 120) -> list[Person]:
    return [
        Person(code=f"{PREFIX}{n:04d}", consent_date=START - dt.timedelta(days=14))
        for n in range(1, count + 1)
    ]


WORKERS = tuple(Worker(code=f"DEMO-PW{n}", name=f"Pilot worker {n}") for n in (1, 2, 3))


def pilot_readings(
    edition: str = "0.1", people: int = 120, readings_each: int = 3, seed: int = SEED
) -> list[Reading]:
    """Readings with known structure (see the module's docstring), oldest first per person."""
    rng = random.Random(seed)
    result: list[Reading] = []
    for n in range(1, people + 1):
        code = f"{PREFIX}{n:04d}"
        worker = WORKERS[n % len(WORKERS)].code
        level = rng.uniform(2.0, 6.0)
        neighbours = rng.randint(3, 8)
        growth = rng.uniform(0.3, 1.4)
        for visit in range(readings_each):
            base = level + growth * visit
            home = _clip(base + rng.gauss(0, 0.6))
            scores: dict[str, Score] = {
                "home": home,
                "tenancy": _clip(home + rng.choice((-1, 0, 0, 0, 1))),
                "money": 1 if rng.random() < 0.45 else _clip(base - 1 + rng.gauss(0, 1.5)),
                "neighbours": neighbours,
                "health": _clip(base + rng.gauss(0, 1.8)),
                "time": _clip(base - 0.5 + rng.gauss(0, 1.8)),
            }
            person_scores = {}
            if rng.random() < 0.25:
                health = scores["health"]
                assert isinstance(health, int)
                own = _clip(health + rng.choice((-2, -1, 1)))
                if own != health:
                    person_scores["health"] = own
            result.append(
                Reading(
                    star=STAR_ID,
                    edition=edition,
                    person=code,
                    worker=worker,
                    date=START + dt.timedelta(days=90 * visit + n % 30),
                    scores=scores,
                    person_scores=person_scores,
                )
            )
    return result


def _clip(value: float) -> int:
    return max(1, min(10, round(value)))


@dataclass(frozen=True)
class PilotDemo:
    star_file: Path
    created: bool
    people: int
    readings: int


def install_pilot_demo(store: Store, folder: Path, *, force: bool = False) -> PilotDemo:
    """Write the pilot Star to `folder` (a draft folder) and record its made-up readings.

    Like the demo itself, running it again changes nothing unless `force`, which recreates
    the pilot's people and readings (the Star file is rewritten only when it differs).
    """
    make_folder(folder)
    star_file = folder / f"{STAR_ID}.yaml"
    text = pilot_star_text()
    if not star_file.exists() or star_file.read_text(encoding="utf-8") != text:
        write_text(star_file, text, force=True)
    with store.write() as writer:
        existing = [p.code for p in writer.people() if p.code.startswith(PREFIX)]
        if existing and not force:
            return PilotDemo(star_file, False, len(existing), 0)
        for code in existing:
            writer.erase_person(code, reason="pilot demo data recreated")
        hash_ = writer.put_definition(text.encode("utf-8"))
        star = writer.star(hash_)
        known = {worker.code for worker in writer.workers()}
        for worker in WORKERS:
            if worker.code not in known:
                writer.add_worker(worker)
        people = pilot_people()
        for person in people:
            writer.add_person(person)
        readings = pilot_readings(star.edition, people=len(people))
        writer.add_readings(readings, definitions={(star.id, star.edition): hash_})
    return PilotDemo(star_file, True, len(people), len(readings))
