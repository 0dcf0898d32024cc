"""Benchmark the FHIR Bundle: export N readings, and import them into an empty database.

    python benchmarks/bench_fhir.py [--readings 10000]

Fills a fresh SQLite file through the store's public API with N readings of the 10-scale
Justice Star (four per person; some with a note, the person's own score, `n/a` or an action
item, one in twenty a draft), then times the real commands: `starframe fhir export` of all of
them, and `starframe fhir import` of that Bundle into an empty database. Each time is also a
multiple of a bare `python -I -c pass` measured in the same run, so machines can be compared.
Targets (10,000 readings, this machine): export under 10 s, import under 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_store import best_of, run

ROOT = Path(__file__).resolve().parent.parent
JUSTICE = ROOT / "plugins" / "justice" / "starframe_justice" / "stars" / "justice.yaml"
STARFRAME = Path(sys.executable).parent / "starframe"
TARGETS = {"export": 10.0, "import": 10.0}


def fill(db: Path, count: int) -> None:
    """`count` readings, their people and 20 workers, written through the store's API."""
    from starframe.definition.load import load_star_text
    from starframe.readings.models import ActionItem, Person, Reading, Worker
    from starframe.readings.store import open_store

    raw = JUSTICE.read_bytes()
    star = load_star_text(raw).star
    assert star is not None
    rng = random.Random(7)
    people = (count + 3) // 4
    start = dt.date(2021, 1, 4)
    readings = []
    for index in range(count):
        person, visit = divmod(index, 4)
        scores: dict[str, int | str] = {
            scale.id: min(10, max(1, 3 + visit + rng.randint(-2, 2))) for scale in star.scales
        }
        extra: dict[str, object] = {}
        if person % 3 == 0:
            scores["parenting-caring"] = "n/a"
            extra["not_applicable_reasons"] = {"parenting-caring": "No children."}
        if index % 5 == 0:
            first = star.scales[0].id
            extra["person_scores"] = {first: 1 + int(scores[first]) % 10}
            extra["notes"] = {first: "Talked this through."}
            extra["actions"] = [ActionItem(scale=first, goal="One step forward.")]
        readings.append(
            Reading(
                id=f"{index:032x}",
                star=star.id,
                edition=star.edition,
                person=f"P{person:06d}",
                worker=f"W{person % 20:02d}",
                date=start + dt.timedelta(days=91 * visit + person % 300),
                status="draft" if index % 20 == 19 else "complete",
                scores=scores,
                **extra,  # type: ignore[arg-type]
            )
        )
    with open_store(str(db)) as store, store.write() as writer:
        digest = writer.put_definition(raw)
        writer.add_workers([Worker(code=f"W{w:02d}", name=f"Worker {w}") for w in range(20)])
        consent = dt.date(2020, 12, 1)
        writer.add_people([Person(code=f"P{p:06d}", consent_date=consent) for p in range(people)])
        writer.add_readings(readings, definitions={star.key: digest})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = int(os.environ.get("BENCH_FHIR_READINGS", "10000"))
    parser.add_argument("--readings", type=int, default=default, help="readings to move")
    count = parser.parse_args().readings
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    with tempfile.TemporaryDirectory(prefix="starframe-bench-") as folder:
        base = Path(folder)
        env = {**os.environ, "STARFRAME_CACHE_DIR": str(base / "cache")}
        env.pop("STARFRAME_DB", None)
        python = best_of(5, lambda: run(sys.executable, "-I", "-c", "pass", env=env))
        source, bundle = base / "source.db", base / "readings.json"
        fill(source, count)
        exported = best_of(
            runs,
            lambda: run(
                STARFRAME, "fhir", "export", "--db", source, "-o", bundle, "--force", env=env
            ),
        )
        targets = iter(range(runs))

        def import_once() -> None:
            target = base / f"target-{next(targets)}.db"
            run(STARFRAME, "fhir", "import", bundle, "--db", target, env=env)

        imported = best_of(runs, import_once)
        size = bundle.stat().st_size
    rows = [
        ("python -I -c pass", python, None),
        (f"export {count:,} readings (starframe fhir export)", exported, "export"),
        (f"import {count:,} readings (starframe fhir import)", imported, "import"),
    ]
    print(f"Bundle of {count:,} readings: {size / 1e6:.1f} MB")
    print(f"{'benchmark':<52} {'seconds':>8} {'× python':>9}  target")
    for name, seconds, target in rows:
        goal = f"< {TARGETS[target]:g} s" if target and count == 10_000 else ""
        print(f"{name:<52} {seconds:>8.3f} {seconds / python:>9.1f}  {goal}")


if __name__ == "__main__":
    main()
