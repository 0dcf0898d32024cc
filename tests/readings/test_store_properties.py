"""Properties: any valid reading survives store → export → import unchanged; any invalid
input is refused with positioned problems and leaves the database exactly as it was."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from starframe.definition.load import load_star_text
from starframe.definition.models import NA, Star
from starframe.readings.export import jsonl_records, write_jsonl
from starframe.readings.importing import ImportFailed
from starframe.readings.models import MODES, ActionItem, Person, Reading, Worker
from starframe.readings.sources import InstalledDefinitions
from starframe.readings.store import Store, open_store
from starframe.store.values import definition_hash
from starframe.transfer.importing import import_records
from starframe.transfer.records import read_records
from tests.conftest import STORABLE_CHARACTERS
from tests.readings.conftest import JUSTICE, everything, tiny_text

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TODAY = dt.date.today()


def _star(raw: bytes) -> Star:
    star = load_star_text(raw).star
    assert star is not None
    return star


STARS = {
    "tiny": (_star(tiny_text()), tiny_text()),
    "justice": (_star(JUSTICE.read_bytes()), JUSTICE.read_bytes()),
}
words = st.text(
    alphabet=STORABLE_CHARACTERS,
    min_size=1,
    max_size=30,
).filter(lambda s: bool(s.strip()))
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=TODAY)


@st.composite
def readings(draw: st.DrawFn, star: Star, person: str) -> Reading:
    status = draw(st.sampled_from(["draft", "complete"]))
    scores: dict[str, Any] = {}
    for scale in star.scales:
        if status == "complete" or draw(st.booleans()):
            options = st.integers(1, star.points)
            if scale.not_applicable:
                options = options | st.just(NA)
            scores[scale.id] = draw(options)
    mode = draw(st.sampled_from(MODES))
    scored = [k for k, v in scores.items() if isinstance(v, int)]
    person_scores = {}
    if mode == "collaborative":
        for scale_id in draw(st.lists(st.sampled_from(scored), unique=True)) if scored else []:
            other = draw(st.integers(1, star.points).filter(lambda v, s=scale_id: v != scores[s]))
            person_scores[scale_id] = other
    ids = [scale.id for scale in star.scales]
    na = [k for k, v in scores.items() if v == NA]
    return Reading(
        star=star.id,
        edition=star.edition,
        person=person,
        worker="W1",
        date=draw(dates),
        mode=mode,
        retrospective=draw(st.booleans()),
        status=status,
        scores=scores,
        person_scores=person_scores,
        not_applicable_reasons=draw(st.dictionaries(st.sampled_from(na), words)) if na else {},
        notes=draw(st.dictionaries(st.sampled_from(ids), words, max_size=3)),
        note=draw(st.none() | words),
        actions=draw(
            st.lists(
                st.builds(
                    ActionItem,
                    scale=st.sampled_from(ids),
                    goal=words,
                    steps=st.none() | words,
                    who=st.none() | words,
                    by=st.none() | dates,
                    status=st.sampled_from(["open", "done", "dropped"]),
                ),
                max_size=2,
            )
        ),
    )


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Store]:
    """An empty SQLite database to import into (from SQLite, and from PostgreSQL)."""
    with open_store(str(tmp_path / "target.db")) as store:
        yield store


counter = itertools.count()


def _nobody() -> InstalledDefinitions:
    def fail() -> Any:
        raise AssertionError("the import must not need installed Stars")

    return InstalledDefinitions(fail)


@SETTINGS
@given(data=st.data(), star_name=st.sampled_from(sorted(STARS)))
def test_valid_readings_round_trip_through_store_export_and_import(
    store: Store, target: Store, tmp_path: Path, data: st.DataObject, star_name: str
) -> None:
    star, raw = STARS[star_name]
    person = f"P{next(counter)}"
    batch = data.draw(st.lists(readings(star, person), min_size=1, max_size=4))
    with store.write() as writer:
        hash_ = writer.put_definition(raw)
        if "W1" not in {w.code for w in writer.workers()}:
            writer.add_worker(Worker(code="W1", name="Worker One"))
        writer.add_person(Person(code=person, consent_date=dt.date(2000, 1, 1)))
        added = writer.add_readings(batch, definitions={star.key: hash_})
    with store.read() as reader:
        stored = reader.readings(person=person)
        buffer = io.StringIO()
        write_jsonl(jsonl_records(reader, stored), buffer)
    assert sorted(stored, key=lambda r: str(r.id)) == sorted(added, key=lambda r: str(r.id))
    export = tmp_path / f"{person}.jsonl"
    export.write_text(buffer.getvalue(), encoding="utf-8")
    loaded = read_records(export)
    assert loaded.problems == []
    import_records(target, loaded.records, _nobody())
    with target.read() as reader:
        assert reader.readings(person=person) == stored


MUTATIONS: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("unknown scale", lambda d: d["scores"].update({"nowhere": 2})),
    ("too high", lambda d: d["scores"].update({"home": 99})),
    ("zero", lambda d: d["scores"].update({"money": 0})),
    ("n/a not allowed", lambda d: d["scores"].update({"home": NA})),
    ("true as a score", lambda d: d["scores"].update({"home": True})),
    ("text score", lambda d: d["scores"].update({"home": "3"})),
    ("missing scale", lambda d: d["scores"].pop("money")),
    ("unknown key", lambda d: d.update({"colour": "blue"})),
    ("bad date", lambda d: d.update({"date": "2024-02-30"})),
    ("future date", lambda d: d.update({"date": (TODAY + dt.timedelta(days=3)).isoformat()})),
    ("unknown person", lambda d: d.update({"person": "NOBODY"})),
    ("unknown worker", lambda d: d.update({"worker": "W404"})),
    ("bad mode", lambda d: d.update({"mode": "alone"})),
    ("wrong kind", lambda d: d.update({"kind": "star"})),
    ("no header", lambda d: d.pop("starframe")),
    ("same as worker", lambda d: d.update({"person_scores": {"home": d["scores"]["home"]}})),
]


@settings(SETTINGS, max_examples=6)
@given(good=st.integers(0, 3), position=st.integers(0, 3), as_yaml=st.booleans())
def test_invalid_input_is_refused_and_the_database_is_unchanged(
    store: Store, tmp_path: Path, good: int, position: int, as_yaml: bool
) -> None:
    """Every kind of mistake, wherever it is in a file of valid readings."""
    for mutation in MUTATIONS:
        _refused(store, tmp_path, good, mutation, position, as_yaml)


def _refused(
    store: Store,
    tmp_path: Path,
    good: int,
    mutation: tuple[str, Callable[[dict[str, Any]], None]],
    position: int,
    as_yaml: bool,
) -> None:
    with store.write() as writer:
        if not writer.people():
            writer.put_definition(tiny_text())
            writer.add_worker(Worker(code="W1", name="Worker One"))
            writer.add_person(Person(code="P1", consent_date=dt.date(2020, 1, 1)))
    base = {
        "starframe": 1,
        "kind": "reading",
        "star": "tiny",
        "edition": "1.0",
        "definition": definition_hash(tiny_text()),
        "person": "P1",
        "worker": "W1",
        "date": "2024-01-01",
        "scores": {"home": 1, "money": 2, "health": 3},
    }
    documents = [json.loads(json.dumps(base)) for _ in range(good + 1)]
    bad = documents[min(position, good)]
    mutation[1](bad)
    if as_yaml:
        paths = []
        for index, document in enumerate(documents):
            path = tmp_path / f"r{index}.yaml"
            path.write_text(json.dumps(document, indent=2), encoding="utf-8")
            paths.append(path)
    else:
        path = tmp_path / "readings.jsonl"
        path.write_text("\n".join(json.dumps(d) for d in documents) + "\n", encoding="utf-8")
        paths = [path]
    before = everything(store)
    problems = []
    records = []
    for path in paths:
        loaded = read_records(path)
        problems.extend(loaded.problems)
        records.extend(loaded.records)
    if not problems:
        with pytest.raises(ImportFailed) as caught:
            import_records(store, records, _nobody())
        problems = caught.value.problems
    assert problems, mutation[0]
    assert all(p.line >= 1 and p.column >= 1 for p in problems), problems
    if not as_yaml:
        assert {p.line for p in problems} == {min(position, good) + 1}
    assert everything(store) == before
