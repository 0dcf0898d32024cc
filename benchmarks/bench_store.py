"""Benchmark the readings store: a bulk import, then a cohort summary over it.

    python benchmarks/bench_store.py [--readings 100000]

Builds a JSON Lines export of N readings of the 10-scale Justice Star (four readings per
person, as if taken every three months), imports it into a fresh SQLite file with the real
`starframe readings import` command, and summarises the cohort, both in this process (the
function the TUI and reports call) and through `starframe summary cohort`. Each time is
also shown as a multiple of a bare `python -c pass` measured in the same run, so numbers
from different machines can be compared. Targets (SQLite, 100,000 readings): import under
20 s, cohort summary under 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUSTICE = ROOT / "plugins" / "justice" / "starframe_justice" / "stars" / "justice.yaml"
STARFRAME = Path(sys.executable).parent / "starframe"
TARGETS = {"import": 20.0, "cohort summary": 1.0}


def best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def write_export(path: Path, readings: int) -> None:
    """A JSON Lines export as `starframe readings export --format jsonl` writes it."""
    from starframe.definition.load import load_star_text

    raw = JUSTICE.read_bytes()
    star = load_star_text(raw).star
    assert star is not None
    digest = hashlib.sha256(raw).hexdigest()
    rng = random.Random(7)
    people = (readings + 3) // 4
    start = dt.date(2021, 1, 4)
    with path.open("w", encoding="utf-8") as out:

        def line(record: dict[str, object]) -> None:
            out.write(json.dumps(record, separators=(",", ":")) + "\n")

        line(
            {
                "starframe": 1,
                "kind": "definition",
                "hash": digest,
                "star": star.id,
                "edition": star.edition,
                "text": raw.decode("utf-8"),
            }
        )
        for worker in range(20):
            line({"starframe": 1, "kind": "worker", "code": f"W{worker:02d}", "name": "Worker"})
        for person in range(people):
            line(
                {
                    "starframe": 1,
                    "kind": "person",
                    "code": f"P{person:06d}",
                    "consent_date": "2020-12-01",
                }
            )
        for index in range(readings):
            person, visit = divmod(index, 4)
            scores: dict[str, object] = {
                scale.id: min(10, max(1, 3 + visit + rng.randint(-2, 2))) for scale in star.scales
            }
            if person % 3 == 0:
                scores["parenting-caring"] = "n/a"
            date = start + dt.timedelta(days=91 * visit + person % 300)
            line(
                {
                    "starframe": 1,
                    "kind": "reading",
                    "id": f"{index:032x}",
                    "star": star.id,
                    "edition": star.edition,
                    "definition": digest,
                    "person": f"P{person:06d}",
                    "worker": f"W{person % 20:02d}",
                    "date": date.isoformat(),
                    "scores": scores,
                }
            )


def run(*args: str | Path, env: dict[str, str]) -> None:
    subprocess.run([str(a) for a in args], check=True, env=env, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = int(os.environ.get("BENCH_READINGS", "100000"))
    parser.add_argument("--readings", type=int, default=default, help="readings to import")
    count = parser.parse_args().readings
    with tempfile.TemporaryDirectory(prefix="starframe-bench-") as folder:
        base = Path(folder)
        env = {**os.environ, "STARFRAME_CACHE_DIR": str(base / "cache")}
        env.pop("STARFRAME_DB", None)
        python = best_of(5, lambda: run(sys.executable, "-c", "pass", env=env))
        export = base / "readings.jsonl"
        write_export(export, count)
        db = base / "bench.db"
        imported = best_of(
            1, lambda: run(STARFRAME, "readings", "import", export, "--db", db, env=env)
        )

        from starframe.readings.store import open_store
        from starframe.readings.summaries import cohort_summary

        with open_store(str(db)) as store:

            def summarise() -> None:
                with store.read() as reader:
                    cohort_summary(reader, "justice")

            in_process = best_of(3, summarise)
        command = best_of(
            3, lambda: run(STARFRAME, "summary", "cohort", "justice", "--json", "--db", db, env=env)
        )
    rows = [
        ("python -c pass", python, None),
        (f"import {count:,} readings (starframe readings import)", imported, "import"),
        ("cohort summary (function)", in_process, "cohort summary"),
        ("cohort summary (starframe summary cohort)", command, None),
    ]
    print(f"{'benchmark':<52} {'seconds':>8} {'× python':>9}  target")
    for name, seconds, target in rows:
        goal = f"< {TARGETS[target]:g} s" if target and count == 100_000 else ""
        print(f"{name:<52} {seconds:>8.3f} {seconds / python:>9.1f}  {goal}")


if __name__ == "__main__":
    main()
