"""Properties of the Bundle reader: any reading a Star allows reads back as itself, and any
JSON at all is read without an exception (problems, or records)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from starframe.catalog import build_catalog
from starframe.definition.models import NA, Star
from starframe.fhir.bundle import read_bundle
from starframe.fhir.namespace import Namespace
from starframe.fhir.responses import response
from starframe.readings.models import ActionItem, Reading
from tests.conftest import STORABLE_CHARACTERS

NS = Namespace()
STARS = {star.id: star for star in build_catalog().stars()}
TEXT = st.text(STORABLE_CHARACTERS, min_size=1, max_size=30).filter(lambda t: t.strip() != "")


@st.composite
def readings(draw: st.DrawFn) -> tuple[Reading, Star]:
    star = STARS[draw(st.sampled_from(sorted(STARS)))]
    complete = draw(st.booleans())
    scores: dict[str, int | str] = {}
    person: dict[str, int] = {}
    reasons: dict[str, str] = {}
    notes: dict[str, str] = {}
    for scale in star.scales:
        if not complete and draw(st.booleans()):
            if draw(st.booleans()):
                notes[scale.id] = draw(TEXT)
            continue
        if scale.not_applicable and draw(st.booleans()):
            scores[scale.id] = NA
            if draw(st.booleans()):
                reasons[scale.id] = draw(TEXT)
            continue
        point = draw(st.integers(1, star.points))
        scores[scale.id] = point
        if draw(st.integers(0, 3)) == 0:
            person[scale.id] = draw(
                st.integers(1, star.points).filter(lambda p, given=point: p != given)
            )
    mode = "collaborative" if person else draw(st.sampled_from(["worker-only", "person-only"]))
    actions = [
        ActionItem(
            scale=draw(st.sampled_from([s.id for s in star.scales])),
            goal=draw(TEXT),
            who=draw(st.none() | TEXT),
            by=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))),
            status=draw(st.sampled_from(["open", "done", "dropped"])),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    reading = Reading(
        id=draw(st.binary(min_size=16, max_size=16)).hex(),
        star=star.id,
        edition=star.edition,
        definition="a" * 64,
        person=draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,10}", fullmatch=True)),
        worker="W1",
        date=draw(st.dates(dt.date(1990, 1, 1), dt.date(2024, 12, 31))),
        mode=mode,
        retrospective=draw(st.booleans()),
        status="complete" if complete else "draft",
        scores=scores,
        person_scores=person,
        not_applicable_reasons=reasons,
        notes=notes,
        note=draw(st.none() | TEXT),
        actions=actions,
    )
    return reading, star


def _bundle(*resources: dict[str, Any]) -> bytes:
    entries = [{"resource": resource} for resource in resources]
    return json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}).encode()


@settings(max_examples=60, deadline=None)
@given(readings())
def test_any_reading_a_star_allows_reads_back_as_itself(case: tuple[Reading, Star]) -> None:
    reading, star = case
    loaded = read_bundle(_bundle(response(reading, star, NS)), "b.json", NS, "R4B")
    assert loaded.problems == []
    assert [record.model for record in loaded.records] == [reading]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=20,
)


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["Bundle", "Patient", "QuestionnaireResponse", "Practitioner"]),
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "status",
                "item",
                "subject",
                "author",
                "identifier",
                "extension",
                "questionnaire",
                "authored",
                "name",
            ]
        ),
        JSON,
        max_size=5,
    ),
)
def test_any_json_is_read_without_an_exception(kind: str, fields: dict[str, Any]) -> None:
    resource = {"resourceType": kind, **fields}
    raw = json.dumps(resource if kind == "Bundle" else json.loads(_bundle(resource))).encode()
    loaded = read_bundle(raw, "b.json", NS, "R4B")
    assert loaded.problems or loaded.records or kind == "Bundle"
