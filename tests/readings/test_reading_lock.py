"""A complete reading's scores are locked by the database itself (a trigger, on both backends).

Whoever writes to the database, through starframe or with raw SQL, cannot change or remove
a complete reading's scores, nor take the reading back to a draft; removing the whole
reading (a deletion, an erasure) still takes its scores with it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from starframe.readings.store import Store
from starframe.store.errors import Refused
from tests.readings.conftest import add_people, tiny_reading


@pytest.fixture
def ready(store: Store, tiny_hash: str) -> Store:
    with store.write() as writer:
        add_people(writer, "P1")
    return store


def _complete(store: Store) -> str:
    with store.write() as writer:
        reading = writer.add_reading(tiny_reading())
    assert reading.id is not None
    return reading.id


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE scores SET value = 4",
        "DELETE FROM scores",
        "UPDATE readings SET status = 'draft'",
    ],
)
def test_raw_sql_cannot_change_a_complete_readings_scores(ready: Store, statement: str) -> None:
    _complete(ready)
    with pytest.raises(Refused) as refused, ready.write() as writer:
        writer.connection.execute(text(statement))
    message = str(refused.value)
    assert "scores of a complete reading cannot be changed" in message
    assert "SFL01" in message
    assert "readings revise" in message
    with ready.read() as reader:
        [reading] = reader.readings(person="P1")
    assert reading.status == "complete"
    assert reading.scores == {"home": 1, "money": 2, "health": 3}


def test_a_draft_is_still_saved_and_completed(ready: Store) -> None:
    with ready.write() as writer:
        draft = writer.add_reading(tiny_reading(status="draft", scores={"home": 1}))
        revision = writer.save_draft(draft.model_copy(update={"scores": {"home": 2}}), revision=1)
        complete = draft.model_copy(
            update={"status": "complete", "scores": {"home": 3, "money": 2, "health": 1}}
        )
        writer.save_draft(complete, revision=revision)
    with ready.read() as reader:
        [reading] = reader.readings(person="P1")
    assert (reading.status, reading.scores["home"]) == ("complete", 3)


def test_deleting_or_erasing_still_removes_the_scores(ready: Store) -> None:
    reading_id = _complete(ready)
    ready.delete_reading(reading_id, reason="entered twice")
    _complete(ready)
    ready.erase_person("P1", reason="asked to be forgotten")
    with ready.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM scores")).scalar() == 0
