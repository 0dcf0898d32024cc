"""`summary cohort` at scale: the command, and its rows against a direct computation.

    python benchmarks/bench_cohort.py --db DB [--runs 3]
    python benchmarks/bench_cohort.py [--readings 100000] [--runs 3]

With `--db` (a SQLite file or a PostgreSQL URL holding readings of the Justice Star, such as
`scale.py` or `bench_store.py` import), it measures that database; without, it writes
`--readings` readings (default 100,000, or BENCH_READINGS; `bench_store.write_export`) and
imports them into a fresh SQLite file first, which takes minutes at a million. It reports

- the installed `starframe summary cohort justice --db DB`, end to end, each run's wall and
  CPU (the child's user + system) and the ratio to `python -I -c pass` in the same run;
  target at 1,000,000 readings (issue 21): under 2 s on SQLite, 3 s on PostgreSQL;
- in this process, the cohort rows as the summary gets them (`Reader.cohort_rows`: one
  statement, numpy counting) and as a direct computation gets them: every reading's key in
  order through the driver, each person's first, second and latest kept in Python and counted
  with `Counter`, as the summary did before. The two must give the same rows; the benchmark
  stops if they do not.

Not run by the tests.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_store import write_export

STARFRAME = str(Path(sys.executable).parent / "starframe")
STAR = "justice"
TARGETS = {"sqlite": 2.0, "postgresql": 3.0}
"""Seconds of wall for the command at 1,000,000 readings."""


def child(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `command` in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def timed(action: Callable[[], Any]) -> tuple[float, float, Any]:
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - start, time.process_time() - cpu, result


def direct_rows(connection: Any, layout: list[str], edition: str) -> Counter[tuple[Any, ...]]:
    """The cohort rows worked out one reading at a time, independently of the statement."""
    from sqlalchemy import select

    from starframe.store import tables as t
    from starframe.store.score_keys import NO_ROW, point

    c = t.readings_cohort_scan.c
    query = (
        select(c.person_code, c.scores)
        .where(c.star_id == STAR, c.edition == edition)
        .order_by(c.star_id, c.person_code, c.taken_on, c.reading_pk)
    )
    people: list[tuple[str, str, str, int]] = []
    person, keys = None, [""]
    for code, key in connection.execute(query):
        if code != person:
            if person is not None:
                people.append((keys[0], keys[1] if len(keys) > 1 else "", keys[-1], len(keys)))
            person, keys = code, []
        keys.append(key)
    if person is not None:
        people.append((keys[0], keys[1] if len(keys) > 1 else "", keys[-1], len(keys)))
    rows: Counter[tuple[Any, ...]] = Counter()
    for first, second, latest, count in people:
        for index, scale in enumerate(layout):
            if latest[index] == NO_ROW:
                continue
            s = point(second[index]) if count > 1 else None
            key = (scale, point(first[index]), s, point(latest[index]), count > 1, count > 2)
            rows[key] += 1
    return rows


@contextmanager
def database(args: argparse.Namespace, env: dict[str, str]) -> Iterator[str]:
    if args.db:
        yield args.db
        return
    with tempfile.TemporaryDirectory(prefix="starframe-cohort-") as name:
        folder = Path(name)
        export = folder / "readings.jsonl"
        write_export(export, args.readings)
        db = str(folder / "cohort.db")
        subprocess.run(
            [STARFRAME, "readings", "import", str(export), "--db", db],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        export.unlink()
        yield db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a database holding readings of the Justice Star")
    default = int(os.environ.get("BENCH_READINGS", "100000"))
    parser.add_argument("--readings", type=int, default=default, help="readings to build")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ}
    env.pop("STARFRAME_DB", None)
    with database(args, env) as db:
        backend = "postgresql" if db.startswith("postgresql") else "sqlite"
        command = [STARFRAME, "summary", "cohort", STAR, "--db", db]
        print(f"{' '.join(command)}  ({backend})")
        for run in range(args.runs):
            python, _ = child([sys.executable, "-I", "-c", "pass"], env)
            seconds, cpu = child(command, env)
            print(
                f"  run {run + 1}: {seconds:.2f} s wall ({seconds / python:.0f} × python -I -c "
                f"pass, {python * 1000:.0f} ms), {cpu:.2f} s CPU"
            )

        from starframe.readings.store import open_store

        with open_store(db) as store, store.read() as reader:
            hashes = reader.definition_hashes(STAR)
            edition = max(hashes, key=lambda e: len(hashes[e]))
            star = reader.star(hashes[edition][0])
            layout = [scale.id for scale in star.scales]
            scans = [timed(lambda: reader.cohort_rows(STAR, [edition])) for _ in range(args.runs)]
            direct = timed(lambda: direct_rows(reader.connection, layout, edition))
            people = reader.connection.exec_driver_sql(
                "SELECT count(*) FROM readings_cohort_scan"
            ).scalar()
        scanned: Counter[tuple[Any, ...]] = Counter()
        for row in scans[0][2]:
            key = (row.scale_id, row.first, row.second, row.latest, row.several, row.three_or_more)
            scanned[key] += row.people
        if scanned != direct[2]:
            raise SystemExit("the cohort rows differ from the direct computation")
        wall = statistics.median(s[0] for s in scans)
        cpu = statistics.median(s[1] for s in scans)
        print(f"cohort rows of {people:,} readings: {len(scans[0][2]):,} rows, the same both ways")
        print(f"  the statement + numpy (median): {wall:.2f} s wall, {cpu:.2f} s CPU")
        print(f"  the direct computation:         {direct[0]:.2f} s wall, {direct[1]:.2f} s CPU")
        print(f"target at 1,000,000 readings: the command under {TARGETS[backend]:g} s of wall")


if __name__ == "__main__":
    main()
