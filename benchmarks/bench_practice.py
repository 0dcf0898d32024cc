"""Benchmark practice sessions: a group's results as the trainer sees them, and refreshers due.

    python benchmarks/bench_practice.py

A session on the Justice Star's three bundled cases is answered by BENCH_TRAINEES trainees
(default 30, a large training day) with scores scattered around the reference. Measured: the
group results in this process (what the terminal UI recomputes every 2 s while a trainer
follows a session), `starframe practice results CODE` as a command, and `starframe practice
due` over BENCH_CERTIFICATES certificates (default 10,000: a large organisation's records).
Each is the median of BENCH_RUNS runs, also shown as a multiple of `python -c pass` measured
in the same run. Target: results in process under 0.5 s, so a live screen never lags.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert

STARFRAME = Path(sys.executable).parent / "starframe"


def median_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command(*args: str) -> Callable[[], object]:
    return lambda: subprocess.run(
        [*args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def main() -> None:
    from starframe.catalog import build_catalog
    from starframe.practice.cases import build_case_catalog
    from starframe.practice.sessions import session_results
    from starframe.practice.writer import PracticeWriter
    from starframe.readings.store import open_store
    from starframe.store import tables as t

    runs = int(os.environ.get("BENCH_RUNS", "7"))
    trainees = int(os.environ.get("BENCH_TRAINEES", "30"))
    certificates = int(os.environ.get("BENCH_CERTIFICATES", "10000"))
    catalog = build_case_catalog(build_catalog(), ())
    cases = [e.case for e in catalog.entries if e.case is not None and e.case.star == "justice"]
    star = catalog.star_of(cases[0])
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "practice.db")
        with open_store(db) as store:
            with store.write() as writer:
                code = PracticeWriter(writer).open_session(cases)
            with store.write() as writer:
                for number in range(trainees):
                    for case in cases:
                        answers = {
                            scale: score
                            if score == "n/a"
                            else min(star.points, max(1, score + rng.choice((-2, -1, 0, 0, 1))))
                            for scale, score in ((s, r.score) for s, r in case.scores.items())
                        }
                        PracticeWriter(writer).submit(
                            code, f"Trainee {number}", case, star, answers
                        )
            with store.write() as writer:
                start = dt.date(2022, 1, 1)
                writer.connection.execute(
                    insert(t.practice_certificates),
                    [
                        {
                            "trainee": f"Worker {n}",
                            "star_id": "justice",
                            "edition": star.edition,
                            "passed_on": start + dt.timedelta(days=n % 1000),
                            "recorded_at": dt.datetime.now(dt.UTC),
                        }
                        for n in range(certificates)
                    ],
                )

            def results() -> None:
                with store.read() as reader:
                    session_results(reader.connection, code, catalog)

            rows = [
                (
                    "python -c pass (baseline)",
                    median_of(runs, command(sys.executable, "-c", "pass")),
                    "",
                ),
                (
                    f"group results, {trainees} trainees × 3 cases (in-process)",
                    median_of(runs, results),
                    "< 0.5 s",
                ),
                (
                    "starframe practice results CODE",
                    median_of(
                        runs, command(str(STARFRAME), "practice", "results", code, "--db", db)
                    ),
                    "",
                ),
                (
                    f"starframe practice due ({certificates} certificates)",
                    median_of(runs, command(str(STARFRAME), "practice", "due", "--db", db)),
                    "",
                ),
            ]
    base = rows[0][1]
    print(f"{'benchmark':56} {'seconds':>9} {'× baseline':>11}  target")
    for label, seconds, target in rows:
        print(f"{label:56} {seconds:9.4f} {seconds / base:10.1f}×  {target}")


if __name__ == "__main__":
    main()
