"""Exports written straight from the rows (`export_rows`) are byte for byte those of the models.

Issue 21: a JSON Lines or CSV export, `readings list --json` and an anonymous export used to
build every reading as a model and dump it; they now write each reading from its rows. Here
any readings (drafts, n/a with and without reasons, the person's own scores, notes, action
plans, unicode, and control characters stored before they were refused) are exported both
ways, on SQLite and PostgreSQL, and must give the same text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text, update

from starframe.definition.models import Star
from starframe.readings.export import (
    CSV_COLUMNS,
    chosen_documents,
    chosen_records,
    jsonl_records,
    reading_documents,
    safe_cell,
    write_csv,
    write_jsonl,
)
from starframe.readings.models import Person, Reading, Worker
from starframe.readings.organisation import teams
from starframe.readings.reader import Reader
from starframe.readings.store import Store
from starframe.store import tables as t
from starframe.store.security import readable
from starframe.transfer.anonymous import anonymous_records
from starframe.transfer.audit import audit_records
from starframe.transfer.export import database_records
from starframe.transfer.practice import practice_records
from tests.readings.test_store_properties import STARS, readings, words

SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
STORED = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
    min_size=1,
    max_size=12,
).filter(lambda s: bool(s.strip()))
"""Text as an old database may hold it: any character but NUL, control characters too."""
counter = itertools.count()


def _model_csv(reader: Reader, found: list[Reading]) -> str:
    """The CSV as it was written from the models before issue 21."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for reading in found:
        assert reading.definition is not None
        star: Star = reader.star(reading.definition)
        shared = [
            safe_cell(cell)
            for cell in (
                reading.id,
                reading.person,
                reading.worker,
                reading.star,
                reading.edition,
                reading.date.isoformat(),
                reading.mode,
                "yes" if reading.retrospective else "no",
                reading.status,
            )
        ]
        for scale in star.scales:
            score = reading.scores.get(scale.id)
            stage = safe_cell(star.stage_of(score).name) if isinstance(score, int) else ""
            writer.writerow(
                [
                    *shared,
                    safe_cell(scale.id),
                    "" if score is None else score,
                    stage,
                    reading.person_scores.get(scale.id, ""),
                    safe_cell(reading.not_applicable_reasons.get(scale.id, "")),
                    safe_cell(reading.notes.get(scale.id, "")),
                ]
            )
    return out.getvalue()


def _model_database(reader: Reader) -> Iterator[dict[str, Any]]:
    """The whole database as the models dumped it before issue 21."""
    for record in reader.definitions_used(None):
        yield record.model_dump(mode="json")
    for worker in reader.workers(stamped=True):
        yield worker.model_dump(mode="json", exclude_none=True)
    for team in teams(reader, stamped=True):
        yield team.model_dump(mode="json", exclude_none=True)
    for person in reader.each_person(stamped=True):
        yield person.model_dump(mode="json", exclude_none=True)
    for entry in audit_records(reader.connection):
        yield entry.model_dump(mode="json", exclude_none=True)
    for reading in reader.each_reading(stamped=True):
        yield reading.document()
    if readable(reader.connection, "practice_sessions"):
        yield from practice_records(reader.connection)


def _jsonl(records: Any) -> str:
    out = io.StringIO()
    write_jsonl(records, out)
    return out.getvalue()


@SETTINGS
@given(data=st.data(), star_name=st.sampled_from(sorted(STARS)))
def test_every_export_from_the_rows_is_the_export_from_the_models(
    store: Store, data: st.DataObject, star_name: str
) -> None:
    star, raw = STARS[star_name]
    person = f"P{next(counter)}"
    batch = data.draw(st.lists(readings(star, person), min_size=1, max_size=4))
    with store.write() as writer:
        hash_ = writer.put_definition(raw)
        if "W1" not in {w.code for w in writer.workers()}:
            writer.add_worker(Worker(code="W1", name="Worker One"))
        writer.add_person(
            Person(
                code=person,
                consent_date=dt.date(2000, 1, 1),
                display_name=data.draw(st.none() | words),
                birth_years=data.draw(st.sampled_from([None, "1980-1989"])),
                support_need=data.draw(st.none() | words),
            )
        )
        writer.add_readings(batch, definitions={star.key: hash_})
        old = data.draw(st.none() | STORED, label="a note stored before control characters")
        if old is not None:
            # Stored before the rule that refuses control characters: exported escaped.
            writer.connection.execute(
                update(t.readings).where(t.readings.c.person_code == person).values(note=old)
            )
            writer.connection.execute(
                update(t.people).where(t.people.c.code == person).values(display_name=old)
            )
            writer.connection.execute(
                text(
                    "UPDATE scores SET note = :note WHERE reading_pk IN (SELECT pk FROM readings "
                    "WHERE person_code = :person) AND note IS NOT NULL"
                ),
                {"note": old, "person": person},
            )
        # An entry as any version may have logged it: a reason, an actor, any stored text.
        writer.connection.execute(
            t.audit.insert().values(
                at=dt.datetime(2001, 2, 3, 4, 5, 6, 789, tzinfo=dt.UTC),
                action=data.draw(STORED, label="action"),
                person_code=data.draw(st.none() | st.just(person)),
                reading_id=data.draw(st.none() | st.just(batch[0].id)),
                details=json.dumps({"said": data.draw(STORED), "n": 1}, ensure_ascii=False),
                reason=data.draw(st.none() | STORED, label="reason"),
                actor=data.draw(st.none() | STORED, label="actor"),
            )
        )
    chosen = {"person": person}
    with store.read() as reader:
        found = reader.readings(person=person, stamped=True)
        assert [r.document() for r in reader.readings(person=person)] == list(
            reading_documents(reader, **chosen)
        )
        assert _jsonl(chosen_records(reader, chosen)) == _jsonl(jsonl_records(reader, found))
        salt = b"salt"
        assert _jsonl(anonymous_records(chosen_documents(reader, chosen), salt)) == _jsonl(
            anonymous_records(jsonl_records(reader, found), salt)
        )
        whole = _jsonl(database_records(reader))
        assert whole == _jsonl(_model_database(reader))
        whole_done = write_jsonl(database_records(reader), io.StringIO())
        assert (whole_done.readings, whole_done.rows) == (
            reader.count_readings(),
            whole.count("\n"),
        )
        out = io.StringIO()
        done = write_csv(reader, reader.each_reading_rows(**chosen), out)
        assert out.getvalue() == _model_csv(reader, found)
        assert (done.readings, done.rows) == (len(found), len(found) * len(star.scales))
