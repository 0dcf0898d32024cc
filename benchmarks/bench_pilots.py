"""Benchmark co-designing and piloting a Star: wording workbooks and the pilot report.

    python benchmarks/bench_pilots.py

Measured as commands, each the median of BENCH_RUNS runs, in wall time and in CPU time (user +
sys: the machine is shared), each also a multiple of `python -I -c pass` measured in the same run
(-I: the editable install's .pth doubles plain `python -c pass`): `wording export` of a 16-scale
Star to .xlsx, `wording import` of that workbook back (nothing changed, so every text is compared
and no file is written), and `pilot report` over BENCH_PILOT_PEOPLE people (default 10,000) × 4
readings of the demo pilot Star.
Targets (issue 11): export and import under 1 s, the pilot report under 3 s on 2 cores.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARFRAME = str(Path(sys.executable).parent / "starframe")


def timed(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (user + sys of the command) over `runs`.

    The machine is shared: wall time grows with everyone else's load, CPU time much less, so
    both are reported."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


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
    rows: list[tuple[str, tuple[float, float], str]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "STARFRAME_CACHE_DIR": str(work / "cache")}
        base = timed([sys.executable, "-I", "-c", "pass"], env, runs)
        star = work / "sixteen.yaml"
        star.write_text(sixteen_scales(), encoding="utf-8")
        workbook = work / "wording.xlsx"
        export = [STARFRAME, "wording", "export", str(star), "-o", str(workbook), "--force"]
        rows.append(("wording export, 16 scales (.xlsx)", timed(export, env, runs), "< 1 s"))
        back = [STARFRAME, "wording", "import", str(workbook), "--into", str(star)]
        rows.append(("wording import, 16 scales (.xlsx)", timed(back, env, runs), "< 1 s"))
        db = work / "pilot.db"
        start = time.perf_counter()
        pilot_database(db, people)
        took = time.perf_counter() - start
        print(f"(pilot database: {people:,} people × 4 readings, made in {took:.0f} s)")
        report = [STARFRAME, "pilot", "report", "tenancy-pilot", "--db", str(db)]
        label = f"pilot report, {people:,} people × 4 readings"
        rows.append((label, timed(report, env, runs), "< 3 s"))
    print(f"{'benchmark':46} {'wall s':>8} {'× base':>7} {'CPU s':>8} {'× base':>7}  target")
    print(
        f"{'python -I -c pass (baseline)':46} {base[0]:8.4f} {1.0:6.1f}× {base[1]:8.4f} {1.0:6.1f}×"
    )
    for label, (seconds, cpu), target in rows:
        print(
            f"{label:46} {seconds:8.4f} {seconds / base[0]:6.1f}× "
            f"{cpu:8.4f} {cpu / base[1]:6.1f}×  {target}"
        )


if __name__ == "__main__":
    main()
