"""Real processes against one database: killed mid-write, and many writing at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from sqlalchemy import text

from starframe.readings.store import Store, open_store
from tests.readings.conftest import add_people, tiny_reading, tiny_text

KEYSTROKES = textwrap.dedent(
    """
    import sys
    from starframe.readings.store import open_store

    url, draft_id = sys.argv[1], sys.argv[2]
    with open_store(url) as store:
        with store.read() as reader:
            stored = reader.stored(draft_id)
        reading, revision = stored.reading, stored.revision
        keystroke = 0
        while True:
            keystroke += 1
            reading = reading.model_copy(
                update={"note": f"keystroke {keystroke}", "scores": {"home": keystroke % 4 + 1}}
            )
            with store.write() as writer:
                revision = writer.save_draft(reading, revision=revision)
            print(revision, flush=True)
    """
)


def test_a_writer_killed_mid_write_loses_at_most_the_keystroke_in_flight(store: Store) -> None:
    with store.write() as writer:
        writer.put_definition(tiny_text())
        add_people(writer, "P1")
        draft = writer.add_reading(tiny_reading(status="draft", scores={}))
    child = subprocess.Popen(
        [sys.executable, "-c", KEYSTROKES, store.location.url, str(draft.id)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    saved = [int(child.stdout.readline()) for _ in range(25)]
    os.kill(child.pid, signal.SIGKILL)
    remaining = child.stdout.read()
    child.wait()
    child.stdout.close()
    last_reported = int(remaining.split()[-1]) if remaining.split() else saved[-1]
    store.stars.clear()
    with open_store(store.location.url) as reopened:
        if reopened.location.sqlite_path is not None:
            with reopened.engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        with reopened.read() as reader:
            found = reader.stored(str(draft.id))
    # The reported save is there; at most one more (the one in flight) got in after it.
    assert found.revision in (last_reported, last_reported + 1)
    keystroke = found.revision - 1
    assert found.reading.note == f"keystroke {keystroke}"
    assert found.reading.scores == {"home": keystroke % 4 + 1}
    assert found.reading.status == "draft"


WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from starframe.readings.models import Person, Reading, Worker
    from starframe.readings.store import open_store

    url, number, count, definition = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    with open(definition, "rb") as handle:
        raw = handle.read()
    with open_store(url) as store:
        with store.write() as writer:
            writer.add_worker(Worker(code=f"W{number}", name="Trainee"))
            writer.add_person(Person(code=f"P{number}", consent_date=dt.date(2024, 1, 1)))
            hash_ = writer.put_definition(raw)
        for day in range(count):
            reading = Reading(
                star="tiny", edition="1.0", person=f"P{number}", worker=f"W{number}",
                date=dt.date(2024, 1, 1) + dt.timedelta(days=day),
                scores={"home": 1 + day % 4, "money": 2, "health": 3},
            )
            with store.write() as writer:
                writer.add_reading(reading, definitions={("tiny", "1.0"): hash_})
    """
)


def test_many_processes_writing_to_a_fresh_database_lose_nothing(
    db_url: str, tmp_path: os.PathLike[str]
) -> None:
    definition = os.path.join(tmp_path, "tiny.yaml")
    with open(definition, "wb") as handle:
        handle.write(tiny_text())
    processes, per_process = 4, 20
    children = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, db_url, str(n), str(per_process), definition],
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    errors = [child.communicate(timeout=120)[1] for child in children]
    assert [child.returncode for child in children] == [0] * processes, errors
    with open_store(db_url) as store:
        with store.read() as reader:
            found = reader.readings()
            counts = reader.counts()
        with store.engine.connect() as connection:
            revisions = connection.execute(text("SELECT count(*) FROM alembic_version")).scalar()
    assert len(found) == processes * per_process
    assert len({r.id for r in found}) == len(found)
    assert counts["definitions"] == 1
    assert revisions == 1
