"""PDF output: one person report in-process, 1,000 reports with `starframe render batch`, and a
practice session's feedback sheet and group report in-process.

Targets (issue 5, on 2 cores): a report under 0.1 s in-process; 1,000 reports under 60 s.
Seconds depend on the machine, so each figure is also shown as a ratio to a bare
`python -c pass` measured in the same run; the batch's CPU time is shown too, since its wall
time grows with whatever else runs on the cores. BENCH_PEOPLE changes the batch size;
BENCH_TRAINEES (default 30, a large training day) the trainees answering the Justice Star's
three practice cases.
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
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starframe.practice.sessions import SessionResults

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
STARFRAME = str(Path(sys.executable).parent / "starframe")
JUSTICE = ROOT / "plugins/justice/starframe_justice/stars/justice.yaml"


def seed(db: Path, people: int) -> None:
    """`people` people with three complete Justice readings each, some with notes and plans."""
    from starframe.definition.load import load_star_file
    from starframe.definition.models import NA
    from starframe.readings.models import ActionItem, Person, Reading, Worker
    from starframe.readings.store import open_store

    star = load_star_file(JUSTICE).star
    assert star is not None
    rng = random.Random(5)
    readings = []
    for n in range(people):
        code = f"B-{n:05d}"
        level = rng.randint(1, 5)
        for visit in range(3):
            level = max(1, min(star.points, level + rng.choice((-1, 0, 1, 2))))
            scores: dict[str, int | str] = {
                s.id: max(1, min(star.points, level + rng.randint(-2, 2))) for s in star.scales
            }
            if n % 3 == 0:
                scores["parenting-caring"] = NA
            last = visit == 2
            readings.append(
                Reading(
                    star="justice",
                    edition="1.0",
                    person=code,
                    worker=f"W-{n % 7}",
                    date=dt.date(2024, 1, 10) + dt.timedelta(days=120 * visit + n % 30),
                    scores=scores,
                    note="We talked about the past few months and agreed the scores. " * 4
                    if last
                    else None,
                    actions=[ActionItem(scale="accommodation", goal="Keep the tenancy going.")]
                    if last
                    else [],
                )
            )
    with open_store(str(db)) as store, store.write() as writer:
        definition = writer.put_definition(JUSTICE.read_bytes())
        for w in range(7):
            writer.add_worker(Worker(code=f"W-{w}", name=f"Worker {w}"))
        for n in range(people):
            writer.add_person(Person(code=f"B-{n:05d}", consent_date=dt.date(2024, 1, 1)))
        writer.add_readings(readings, definitions={("justice", "1.0"): definition})


def practice_session(db: Path, trainees: int) -> SessionResults:
    """The Justice Star's three cases answered by `trainees`, scattered around the reference."""
    from starframe.catalog import build_catalog
    from starframe.practice.cases import build_case_catalog
    from starframe.practice.sessions import session_results
    from starframe.practice.writer import PracticeWriter
    from starframe.readings.store import open_store

    catalog = build_case_catalog(build_catalog(), ())
    cases = [e.case for e in catalog.entries if e.case is not None and e.case.star == "justice"]
    star = catalog.star_of(cases[0])
    rng = random.Random(7)
    with open_store(str(db)) as store:
        with store.write() as writer:
            practice = PracticeWriter(writer)
            code = practice.open_session(cases)
            for number in range(trainees):
                for case in cases:
                    answers = {
                        scale: reference.score
                        if reference.score == "n/a" or rng.random() < 0.1
                        else min(star.points, max(1, reference.score + rng.choice((-2, -1, 0, 1))))
                        for scale, reference in case.scores.items()
                    }
                    name = f"Trainee {number}"
                    practice.submit(code, name, case, star, answers)
        with store.read() as reader:
            return session_results(reader.connection, code, catalog)


def median_seconds(run: object, times: int) -> float:
    assert callable(run)
    run()
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        spent.append(time.perf_counter() - start)
    return statistics.median(spent)


def main() -> None:
    people = int(os.environ.get("BENCH_PEOPLE", "1000"))
    trainees = int(os.environ.get("BENCH_TRAINEES", "30"))
    runs = int(os.environ.get("BENCH_RUNS", "7"))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "STARFRAME_CACHE_DIR": str(work / "cache")}
        env["STARFRAME_DB"] = str(work / "bench.db")
        base = median_seconds(
            lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), runs
        )
        seed(work / "bench.db", people)

        from starframe.readings.store import open_store
        from starframe.render.loading import load_person
        from starframe.render.report import render_report
        from starframe.render.report_content import person_view

        def load_and_render() -> bytes:
            with open_store(str(work / "bench.db")) as store, store.read() as reader:
                found = load_person(reader, "B-00000", "justice", None)
            view = person_view(found.star, found.journey, found.latest, found.workers, "B-00000")
            return render_report(view)

        with open_store(str(work / "bench.db")) as store, store.read() as reader:
            found = load_person(reader, "B-00000", "justice", None)
        view = person_view(found.star, found.journey, found.latest, found.workers, "B-00000")
        rendering = median_seconds(lambda: render_report(view), runs * 3)
        loading = median_seconds(load_and_render, runs)

        out = work / "reports"
        before = os.times()
        start = time.perf_counter()
        subprocess.run(
            [STARFRAME, "render", "batch", "justice", "--out", str(out)],
            env=env,
            check=True,
            stderr=subprocess.DEVNULL,
        )
        batch = time.perf_counter() - start
        after = os.times()
        cpu = (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        written = len(list(out.glob("*.pdf")))
        assert written == people, f"expected {people} reports, found {written}"

        from starframe.render.practice_report import render_group_report
        from starframe.render.practice_sheet import render_sheet

        session = practice_session(work / "practice.db", trainees)
        sheet = median_seconds(lambda: render_sheet(session, "Trainee 0"), runs * 3)
        group = median_seconds(lambda: render_group_report(session), runs)

    cores = os.cpu_count() or 1
    rows = [
        ("python -c pass (baseline)", base, ""),
        ("person report: render (in-process)", rendering, "< 0.1 s"),
        ("person report: read store + render (in-process)", loading, ""),
        ("practice feedback sheet, 3 cases (in-process)", sheet, ""),
        (f"practice group report, {trainees} trainees × 3 cases (in-process)", group, ""),
        (f"render batch: {people} reports, {cores} cores", batch, "< 60 s for 1,000 on 2 cores"),
    ]
    print(f"{'benchmark':62} {'seconds':>9} {'× baseline':>11}  target")
    for label, seconds, target in rows:
        print(f"{label:62} {seconds:9.4f} {seconds / base:10.1f}×  {target}")
    print(f"{'render batch: per report':62} {batch / people:9.4f}")
    if cpu:
        # Wall time suffers when other programs share the cores; CPU time does not.
        print(f"{'render batch: CPU seconds, all processes':62} {cpu:9.4f}")
        print(f"{'render batch: CPU seconds / cores (idle machine)':62} {cpu / cores:9.4f}")


if __name__ == "__main__":
    main()
