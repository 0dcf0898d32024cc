"""The store's rules, on SQLite and PostgreSQL: what is written, refused, corrected, erased."""

from __future__ import annotations

import datetime as dt

import pytest

from starframe.readings.errors import InvalidReading, InvalidReadings, ReadingLocked
from starframe.readings.models import ActionItem, Person, Worker
from starframe.readings.store import Store
from starframe.store.errors import AlreadyExists, ChangedElsewhere, NotFound, StoreError
from starframe.store.values import definition_hash
from tests.readings.conftest import add_people, everything, tiny_reading, tiny_text


@pytest.fixture
def ready(store: Store, tiny_hash: str) -> Store:
    with store.write() as writer:
        add_people(writer, "P1", "P2")
    return store


def test_a_reading_round_trips_with_everything_it_holds(ready: Store, tiny_hash: str) -> None:
    given = tiny_reading(
        scores={"home": 2, "money": 3, "health": "n/a"},
        person_scores={"home": 4},
        not_applicable_reasons={"health": "Not something we work on."},
        notes={"home": "Hostel → flat, 2 visits ✓", "money": "=SUM(A1)"},
        note="First meeting.\nSecond line.",
        retrospective=True,
        actions=[
            ActionItem(
                scale="money", goal="Open a bank account", by=dt.date(2024, 2, 1), status="done"
            ),
            ActionItem(scale="home", goal="Call the council", steps="Ring on Monday", who="P1"),
        ],
    )
    with ready.write() as writer:
        added = writer.add_reading(given)
    assert added.id is not None
    assert added.definition == tiny_hash
    with ready.read() as reader:
        assert reader.reading(added.id) == added
        assert reader.stored(added.id).revision == 1


def test_each_reading_keeps_the_exact_definition_text(ready: Store, tiny_hash: str) -> None:
    with ready.write() as writer:
        added = writer.add_reading(tiny_reading())
        assert writer.definition_text(tiny_hash) == tiny_text()
        assert definition_hash(tiny_text()) == tiny_hash
        again = writer.put_definition(tiny_text())
    assert again == tiny_hash
    assert ready.stars[tiny_hash].name == "Tiny Star"
    ready.stars.clear()
    with ready.read() as reader:
        assert reader.star(str(added.definition)).scale("health").not_applicable


def test_a_changed_text_under_a_recorded_edition_is_refused(ready: Store, tiny_hash: str) -> None:
    edited = tiny_text().replace(b"I have nowhere to live.", b"I have no home at all.")
    with ready.write() as writer:
        writer.add_reading(tiny_reading())
    before = everything(ready)
    refused = pytest.raises(StoreError, match=r"tiny 1\.0 is already recorded.*new edition")
    with refused, ready.write() as writer:
        writer.put_definition(edited)
    assert everything(ready) == before
    with ready.write() as writer:
        assert writer.put_definition(tiny_text()) == tiny_hash
        assert writer.put_definition(tiny_text(edition="1.1")) != tiny_hash


@pytest.mark.parametrize(
    ("fields", "code", "path"),
    [
        ({"scores": {"home": 1, "money": 2, "helth": 3}}, "SF701", ("scores", "helth")),
        ({"scores": {"home": 5, "money": 2, "health": 3}}, "SF702", ("scores", "home")),
        ({"scores": {"home": "n/a", "money": 2, "health": 3}}, "SF703", ("scores", "home")),
        ({"scores": {"home": 1}}, "SF704", ("scores",)),
        ({"person_scores": {"home": 1}}, "SF705", ("person_scores", "home")),
        ({"mode": "worker-only", "person_scores": {"home": 2}}, "SF705", ("person_scores",)),
        ({"not_applicable_reasons": {"home": "why"}}, "SF706", ("not_applicable_reasons", "home")),
        ({"notes": {"nowhere": "x"}}, "SF701", ("notes", "nowhere")),
        ({"actions": [ActionItem(scale="nowhere", goal="g")]}, "SF701", ("actions", 0, "scale")),
        ({"person": "P9"}, "SF709", ("person",)),
        ({"worker": "W9"}, "SF710", ("worker",)),
        ({"edition": "9.9"}, "SF711", ("star",)),
        ({"definition": "0" * 64}, "SF711", ("definition",)),
    ],
)
def test_invalid_readings_are_refused_and_change_nothing(
    ready: Store, fields: dict[str, object], code: str, path: tuple[object, ...]
) -> None:
    before = everything(ready)
    with pytest.raises(InvalidReading) as caught, ready.write() as writer:
        writer.add_reading(tiny_reading(**fields))
    assert (code, path) in [(v.code, v.path) for v in caught.value.violations]
    assert everything(ready) == before


def test_a_future_date_is_refused(ready: Store) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(InvalidReading, match="in the future"), ready.write() as writer:
        writer.add_reading(tiny_reading().model_copy(update={"date": tomorrow}))


def test_one_bad_reading_in_a_batch_writes_none_of_it(ready: Store) -> None:
    before = everything(ready)
    batch = [tiny_reading(), tiny_reading("P2"), tiny_reading("P1", scores={"home": 9})]
    with pytest.raises(InvalidReadings) as caught, ready.write() as writer:
        writer.add_readings(batch)
    assert list(caught.value.failures) == [2]
    assert everything(ready) == before


def test_ids_are_unique(ready: Store) -> None:
    with ready.write() as writer:
        first = writer.add_reading(tiny_reading())
    with pytest.raises(InvalidReading, match="already recorded"), ready.write() as writer:
        writer.add_reading(tiny_reading("P2", id=first.id))


def test_people_codes_are_unique_ignoring_case(ready: Store) -> None:
    with pytest.raises(AlreadyExists), ready.write() as writer:
        writer.add_person(Person(code="p1", consent_date=dt.date(2024, 1, 1)))
    with pytest.raises(NotFound, match="did you mean P1"), ready.read() as reader:
        reader.person("p1")


def test_drafts_are_saved_after_every_change_and_then_completed(ready: Store) -> None:
    with ready.write() as writer:
        draft = writer.add_reading(tiny_reading(status="draft", scores={}))
    assert draft.id is not None
    revision = 1
    for scale, value in (("home", 2), ("money", 3), ("health", "n/a")):
        scores = {**draft.scores, scale: value}
        draft = draft.model_copy(update={"scores": scores})
        with ready.write() as writer:
            revision = writer.save_draft(draft, revision=revision)
        with ready.read() as reader:
            assert reader.reading(draft.id).scores == scores
    complete = draft.model_copy(update={"status": "complete"})
    with ready.write() as writer:
        writer.save_draft(complete, revision=revision)
    with ready.read() as reader:
        assert reader.reading(draft.id).status == "complete"
        actions = [e.action for e in reader.audit_entries(reading=draft.id)]
    assert actions == ["reading.start", "reading.complete"]


def test_a_draft_saved_elsewhere_is_not_overwritten(ready: Store) -> None:
    with ready.write() as writer:
        draft = writer.add_reading(tiny_reading(status="draft", scores={}))
    with ready.write() as writer:
        writer.save_draft(draft.model_copy(update={"note": "mine"}), revision=1)
    with pytest.raises(ChangedElsewhere), ready.write() as writer:
        writer.save_draft(draft.model_copy(update={"note": "theirs"}), revision=1)
    with ready.read() as reader:
        assert reader.reading(str(draft.id)).note == "mine"


def test_a_complete_reading_cannot_become_incomplete(ready: Store) -> None:
    with ready.write() as writer:
        draft = writer.add_reading(tiny_reading(status="draft", scores={"home": 1}))
    with pytest.raises(InvalidReading, match="scores every scale"), ready.write() as writer:
        writer.save_draft(draft.model_copy(update={"status": "complete"}), revision=1)


def test_complete_scores_are_never_edited(ready: Store) -> None:
    with ready.write() as writer:
        done = writer.add_reading(tiny_reading())
    before = everything(ready)
    changed = done.model_copy(update={"scores": {"home": 4, "money": 2, "health": 3}})
    with pytest.raises(ReadingLocked, match="never changed"), ready.write() as writer:
        writer.save_draft(changed, revision=1)
    assert everything(ready) == before


def test_details_are_corrected_with_a_reason_and_audited(ready: Store) -> None:
    with ready.write() as writer:
        done = writer.add_reading(tiny_reading())
        writer.add_worker(Worker(code="W2", name="Worker Two"))
    reading_id = str(done.id)
    with pytest.raises(StoreError, match="needs a reason"), ready.write() as writer:
        writer.revise(reading_id, reason=" ", date=dt.date(2024, 1, 2))
    with ready.write() as writer:
        writer.revise(
            reading_id, reason="typo", date=dt.date(2024, 1, 2), worker="W2", mode="worker-only"
        )
    with ready.read() as reader:
        revised = reader.stored(reading_id)
        entry = reader.audit_entries(reading=reading_id)[-1]
    assert (revised.reading.date, revised.reading.worker) == (dt.date(2024, 1, 2), "W2")
    assert revised.reading.scores == done.scores
    assert revised.revision == 2
    assert entry.action == "reading.revise"
    assert entry.reason == "typo"
    assert entry.details["changes"]["date"] == ["2024-01-01", "2024-01-02"]


def test_a_correction_must_still_make_a_valid_reading(ready: Store) -> None:
    with ready.write() as writer:
        done = writer.add_reading(tiny_reading(person_scores={"home": 3}))
    with pytest.raises(InvalidReading, match="collaborative"), ready.write() as writer:
        writer.revise(str(done.id), reason="wrong mode", mode="worker-only")


def test_deleting_needs_a_reason_and_is_audited(ready: Store) -> None:
    with ready.write() as writer:
        done = writer.add_reading(tiny_reading(actions=[ActionItem(scale="home", goal="g")]))
    with pytest.raises(StoreError, match="needs a reason"), ready.write() as writer:
        writer.delete_reading(str(done.id), reason=None)
    with ready.write() as writer:
        writer.delete_reading(str(done.id), reason="entered twice")
    with ready.read() as reader:
        assert reader.readings() == []
        entry = reader.audit_entries(reading=done.id)[-1]
    assert (entry.action, entry.reason, entry.person) == ("reading.delete", "entered twice", "P1")
    assert everything(ready)["scores"] == everything(ready)["actions"] == []


def test_erasing_a_person_removes_everything_but_an_audit_note(ready: Store) -> None:
    with ready.write() as writer:
        first = writer.add_reading(tiny_reading(notes={"home": "private words"}))
        writer.add_reading(tiny_reading(day=2, status="draft", scores={}))
        kept = writer.add_reading(tiny_reading("P2"))
        writer.delete_reading(str(first.id), reason="P1 said something personal")
    with ready.write() as writer:
        assert writer.erase_person("P1", reason="asked to be forgotten") == 1
    with ready.read() as reader:
        with pytest.raises(NotFound):
            reader.person("P1")
        assert [r.id for r in reader.readings()] == [kept.id]
        trail = reader.audit_entries(person="P1")
    assert trail[-1].action == "person.erase"
    assert trail[-1].details == {"readings": 1}
    assert all("personal" not in (entry.reason or "") for entry in trail)
    rows = everything(ready)
    assert "private words" not in repr(rows)
    assert all("'P1'" not in repr(found) for table, found in rows.items() if table != "audit")


def test_audit_entries_hold_codes_not_names(ready: Store) -> None:
    with ready.write() as writer:
        writer.add_person(
            Person(code="P3", display_name="Jo Bloggs", consent_date=dt.date(2023, 1, 1))
        )
        writer.add_reading(tiny_reading("P3", note="Jo Bloggs is doing well"))
    with ready.read() as reader:
        entries = reader.audit_entries()
    assert "Bloggs" not in repr(entries)


def test_summaries_list_readings_in_date_order(ready: Store) -> None:
    with ready.write() as writer:
        late = writer.add_reading(tiny_reading(month=6))
        early = writer.add_reading(tiny_reading(month=2))
        same_day = writer.add_reading(tiny_reading(month=6))
    with ready.read() as reader:
        found = [r.id for r in reader.readings(person="P1")]
    assert found == [early.id, late.id, same_day.id]


def test_reading_ids_resolve_from_a_prefix(ready: Store) -> None:
    with ready.write() as writer:
        done = writer.add_reading(tiny_reading())
    with ready.read() as reader:
        assert reader.resolve_id(str(done.id)[:6].upper()) == done.id
        with pytest.raises(NotFound):
            reader.resolve_id("zz")
