"""Benchmark row-level security: one team's cohort summary as its worker, against the owner's.

    python benchmarks/bench_organisation.py [--readings 100000]

Builds a PostgreSQL database (on the server STARFRAME_TEST_PG_URL names, default the tests'
one) of N readings of the 10-scale Justice Star, two a person, with people in five teams (at
100,000 readings: 50,000 people, 10,000 in each team), imported with the real `starframe
readings import`; secures it with `starframe db secure` and adds a worker login in team t0.
Measured: the cohort summary of team t0 as that worker, where the policies choose the rows,
against the owner's summary of the same team (`team="t0"`), which no policy touches (the
owner is a superuser here). Each is the best of three, also shown as a multiple of `python -I
-c pass` measured in the same run. Target: the worker's within 1.5× the owner's. Without a
PostgreSQL server it says so and measures nothing. The database and roles are dropped after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import secrets
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_store import best_of, run

ROOT = Path(__file__).resolve().parent.parent
JUSTICE = ROOT / "plugins" / "justice" / "starframe_justice" / "stars" / "justice.yaml"
STARFRAME = Path(sys.executable).parent / "starframe"
SERVER = os.environ.get(
    "STARFRAME_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TEAMS = 5
TARGET = 1.5


def write_export(path: Path, readings: int) -> None:
    from starframe.definition.load import load_star_text

    raw = JUSTICE.read_bytes()
    star = load_star_text(raw).star
    assert star is not None
    digest = hashlib.sha256(raw).hexdigest()
    rng = random.Random(7)
    people = max(TEAMS, (readings + 1) // 2)
    start = dt.date(2021, 1, 4)
    with path.open("w", encoding="utf-8") as out:

        def line(record: dict[str, object]) -> None:
            out.write(json.dumps({"starframe": 1, **record}, separators=(",", ":")) + "\n")

        line(
            {
                "kind": "definition",
                "hash": digest,
                "star": star.id,
                "edition": star.edition,
                "text": raw.decode("utf-8"),
            }
        )
        for team in range(TEAMS):
            line({"kind": "team", "code": f"t{team}", "name": f"Team {team}"})
        for worker in range(TEAMS):
            line({"kind": "worker", "code": f"W{worker}", "name": "Worker"})
        for person in range(people):
            line(
                {
                    "kind": "person",
                    "code": f"P{person:06d}",
                    "consent_date": "2020-12-01",
                    "team": f"t{person % TEAMS}",
                }
            )
        for index in range(readings):
            person, visit = divmod(index, 2)
            scores = {
                scale.id: min(10, max(1, 3 + visit + rng.randint(-2, 2))) for scale in star.scales
            }
            line(
                {
                    "kind": "reading",
                    "id": f"{index:032x}",
                    "star": star.id,
                    "edition": star.edition,
                    "definition": digest,
                    "person": f"P{person:06d}",
                    "worker": f"W{person % TEAMS}",
                    "date": (start + dt.timedelta(days=91 * visit + person % 300)).isoformat(),
                    "scores": scores,
                }
            )


def main() -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = int(os.environ.get("BENCH_READINGS", "100000"))
    parser.add_argument("--readings", type=int, default=default, help="readings in the database")
    count = parser.parse_args().readings
    server = make_url(SERVER)
    name = f"sfbench_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        print(f"skipped: PostgreSQL unreachable at {server.render_as_string()}: {exc.args[0][:80]}")
        admin.dispose()
        return
    owner = server.set(database=name).render_as_string(hide_password=False)
    login = f"{name}_worker_a"
    worker = server.set(database=name, username=login, password=None).render_as_string(
        hide_password=False
    )
    try:
        with tempfile.TemporaryDirectory(prefix="starframe-bench-") as folder:
            base = Path(folder)
            env = {**os.environ, "STARFRAME_CACHE_DIR": str(base / "cache")}
            env.pop("STARFRAME_DB", None)
            python = best_of(5, lambda: run(sys.executable, "-I", "-c", "pass", env=env))
            export = base / "readings.jsonl"
            write_export(export, count)
            run(STARFRAME, "readings", "import", export, "--db", owner, env=env)
            run(STARFRAME, "db", "secure", "--db", owner, env=env)
            run(
                STARFRAME, "staff", "add", login, "--team", "t0", "--role", "worker",
                "--worker", "W0", "--create-login", "--db", owner, env=env,
            )  # fmt: skip
            owners, workers = summary_times(owner, worker)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            for role in (login, *(f"{name}_{r}" for r in ("worker", "manager", "lead", "trainer"))):
                connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()
    rows = [
        ("python -I -c pass", python, ""),
        ("team t0 cohort summary, owner, team filter", owners, ""),
        ("team t0 cohort summary, worker, policies", workers, f"≤ {TARGET}× the owner's"),
    ]
    print(f"{'benchmark':<52} {'seconds':>8} {'× python':>9}  target")
    for label, seconds, target in rows:
        print(f"{label:<52} {seconds:>8.3f} {seconds / python:>9.1f}  {target}")
    print(f"worker with policies / owner: {workers / owners:.2f}× ({count:,} readings)")


def summary_times(owner: str, worker: str) -> tuple[float, float]:
    from starframe.readings.store import open_store
    from starframe.readings.summaries import cohort_summary

    with open_store(owner) as store:

        def as_owner() -> None:
            with store.read() as reader:
                cohort_summary(reader, "justice", team="t0")

        owners = best_of(3, as_owner)
    with open_store(worker) as store:

        def as_worker() -> None:
            with store.read() as reader:
                cohort_summary(reader, "justice")

        workers = best_of(3, as_worker)
    return owners, workers


if __name__ == "__main__":
    main()
