"""Benchmark co-designing and piloting a Star: wording workbooks and the pilot report.

    python benchmarks/bench_pilots.py

Measured as commands, each the median of BENCH_RUNS runs and a multiple of `python -I -c pass`
measured in the same run (-I: the editable install's .pth doubles plain `python -c pass`):
`wording export` of a 16-scale Star to .xlsx, `wording import` of that workbook back (nothing
changed, so every text is compared and no file is written), and `pilot report` over
BENCH_PILOT_PEOPLE people (default 10,000) × 4 readings of the demo pilot Star.
Targets (issue 11): export and import under 1 s, the pilot report under 3 s on 2 cores.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARFRAME = str(Path(sys.executable).parent / "starframe")


def wall(command: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sixteen_scales() -> str:
    from starframe.definition.dump import dump_star
    from starframe.definition.load import load_star_file

    base = load_star_file(ROOT / "plugins/justice/starframe_justice/stars/justice.yaml").star
    assert base is not None
    many = [
        base.scales[i % len(base.scales)].model_copy(
            update={
                "id": f"scale-{i}",
                "label": f"Scale {i}",
                "name": f"Scale number {i}",
                "ladder": {
                    p: f"{w} ({i})" for p, w in base.scales[i % len(base.scales)].ladder.items()
                },
            }
        )
        for i in range(16)
    ]
    return dump_star(base.model_copy(update={"scales": many}))


def pilot_database(path: Path, people: int) -> None:
    from starframe.pilot.demo import (
        WORKERS,
        pilot_people,
        pilot_readings,
        pilot_star_text,
    )
    from starframe.readings.store import open_store

    text = pilot_star_text().encode()
    with open_store(str(path)) as store, store.write() as writer:
        hash_ = writer.put_definition(text)
        star = writer.star(hash_)
        for worker in WORKERS:
            writer.add_worker(worker)
        for person in pilot_people(people):
            writer.add_person(person)
        readings = pilot_readings(star.edition, people=people, readings_each=4)
        writer.add_readings(readings, definitions={(star.id, star.edition): hash_})


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    people = int(os.environ.get("BENCH_PILOT_PEOPLE", "10000"))
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "STARFRAME_CACHE_DIR": str(work / "cache")}
        base = wall([sys.executable, "-I", "-c", "pass"], env, runs)
        star = work / "sixteen.yaml"
        star.write_text(sixteen_scales(), encoding="utf-8")
        workbook = work / "wording.xlsx"
        export = [STARFRAME, "wording", "export", str(star), "-o", str(workbook), "--force"]
        rows.append(("wording export, 16 scales (.xlsx)", wall(export, env, runs), "< 1 s"))
        back = [STARFRAME, "wording", "import", str(workbook), "--into", str(star)]
        rows.append(("wording import, 16 scales (.xlsx)", wall(back, env, runs), "< 1 s"))
        db = work / "pilot.db"
        start = time.perf_counter()
        pilot_database(db, people)
        took = time.perf_counter() - start
        print(f"(pilot database: {people:,} people × 4 readings, made in {took:.0f} s)")
        report = [STARFRAME, "pilot", "report", "tenancy-pilot", "--db", str(db)]
        label = f"pilot report, {people:,} people × 4 readings"
        rows.append((label, wall(report, env, runs), "< 3 s"))
    print(f"{'benchmark':46} {'seconds':>9} {'× baseline':>11}  target")
    print(f"{'python -I -c pass (baseline)':46} {base:9.4f} {1.0:10.1f}×")
    for label, seconds, target in rows:
        print(f"{label:46} {seconds:9.4f} {seconds / base:10.1f}×  {target}")


if __name__ == "__main__":
    main()
