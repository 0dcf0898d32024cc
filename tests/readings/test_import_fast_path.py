"""The shortcuts a million-reading import takes (issue 21) give exactly what the long way
gives: a valid line's reading, a reading's cohort key, and the connection left as it was."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import starframe.readings.files as files
from starframe.definition.models import STORED_TEXT
from starframe.readings.models import Reading
from starframe.readings.rows import score_values
from starframe.readings.writer import scan_key
from starframe.store.bulk import COLLECT_EVERY, between_batches, bulk_load
from starframe.store.database import locate, make_engine
from starframe.store.score_keys import score_key

SCALES = ("money", "home", "health")
CODES = st.sampled_from(["P-1", "p.2_x", "-P", "P 1", "é", "P1\n", "", "W" * 40, "W" * 41])
SCORES = st.one_of(
    st.integers(-3, 25),
    st.sampled_from(["n/a", "N/A", "na", "1", True, False, 1.0, None, 10**120]),
)


@st.composite
def reading_data(draw: st.DrawFn) -> dict[str, Any]:
    """Reading-shaped data as json reads it from a line: mostly valid, often not quite."""
    data: dict[str, Any] = {
        "starframe": draw(st.sampled_from([1, 1, 2])),
        "kind": "reading",
        "star": draw(st.sampled_from(["justice", "Justice"])),
        "edition": draw(st.sampled_from(["1.0", "1..0", "2-b", "1.0\n"])),
        "person": draw(CODES),
        "worker": draw(CODES),
        "date": draw(st.sampled_from(["2024-03-01", "2024-02-30", "1899-12-31", "20240301"])),
        "scores": draw(st.dictionaries(st.sampled_from(SCALES), SCORES, max_size=3)),
    }
    if draw(st.booleans()):
        data["id"] = draw(st.sampled_from(["0" * 32, "A" * 32, "0" * 31, None]))
    if draw(st.booleans()):
        data["definition"] = draw(st.sampled_from(["a" * 64, "g" * 64, None]))
    if draw(st.booleans()):
        data["person_scores"] = draw(st.dictionaries(st.sampled_from(SCALES), SCORES))
    if draw(st.booleans()):
        data[draw(st.sampled_from(["note", "notes", "status", "extra"]))] = draw(
            st.sampled_from(["a note", {"money": "x"}, "draft", 3])
        )
    return data


@settings(max_examples=400, deadline=None)
@given(reading_data())
def test_a_valid_line_reads_as_the_reading_validating_it_gives(data: dict[str, Any]) -> None:
    try:
        expected: Reading | None = Reading.model_validate(data, context=STORED_TEXT)
    except ValidationError:
        expected = None
    got = files._valid_reading(data)
    if expected is None:
        assert got is None  # refused: the line then reports Reading's own errors
    elif got is not None:
        assert type(got) is Reading
        assert got == expected
        assert got.__dict__ == expected.__dict__
        assert got.model_fields_set == expected.model_fields_set


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from([*SCALES, "other"]), st.integers(0, 25) | st.just("n/a")),
    st.dictionaries(st.sampled_from([*SCALES, "other"]), st.just("a note")),
)
def test_a_readings_cohort_key_is_the_key_of_its_score_rows(
    scores: dict[str, Any], notes: dict[str, str]
) -> None:
    reading = Reading.model_construct(scores=scores, notes=notes, person_scores={})
    rows = score_values(reading, 1)
    try:
        expected: str | None = score_key(SCALES, [(row[1], row[2]) for row in rows])
    except ValueError:
        expected = None
    try:
        got: str | None = scan_key(SCALES, scores, rows)
    except ValueError:
        got = None
    assert got == expected


def test_a_bulk_load_leaves_the_connection_and_the_collector_as_they_were(
    tmp_path: Path,
) -> None:
    engine = make_engine(locate(str(tmp_path / "load.db")))
    with engine.begin() as connection:
        before = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
        with bulk_load(connection):
            assert gc.get_freeze_count() > 0
            assert not gc.isenabled()
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar_one() < before
        assert gc.get_freeze_count() == 0
        assert gc.isenabled()
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar_one() == before
    engine.dispose()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_within_a_bulk_load_cycles_are_collected_between_batches(tmp_path: Path) -> None:
    """The collector runs only between batches, yet a cycle a batch leaves does not stay."""
    engine = make_engine(locate(str(tmp_path / "load.db")))
    with engine.begin() as connection, bulk_load(connection):
        left = weakref.ref(_Cycle())
        for _ in range(1_000):
            _Cycle()  # the collector would have run by itself long before
        assert left() is not None
        for _ in range(COLLECT_EVERY):
            between_batches()
        assert left() is None
    engine.dispose()
