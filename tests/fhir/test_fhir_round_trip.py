"""FHIR: readings of both bundled Stars leave as a Bundle and come back exactly, on SQLite and
PostgreSQL, and everything written is valid FHIR by `fhir.resources` (R4B and R5).

A round trip is export → import into an empty database (the same Stars installed) → export:
the two Bundles must be the same bytes, and the readings the same records. The readings cover
what a Bundle must carry: disagreements (the person's own score), `n/a` with its reason,
drafts with unscored scales and notes, notes, action plans, modes and retrospective readings.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources import bundle as r5_bundle
from fhir.resources import questionnaire as r5_questionnaire
from fhir.resources.R4B import bundle as r4b_bundle
from fhir.resources.R4B import questionnaire as r4b_questionnaire

from starframe.catalog import build_catalog
from starframe.fhir.bundle import read_bundle_file
from starframe.fhir.export import export_bundle
from starframe.fhir.importing import import_bundle
from starframe.fhir.namespace import Namespace
from starframe.fhir.questionnaire import installed_questionnaire, questionnaire
from starframe.readings.importing import ImportFailed
from starframe.readings.models import ActionItem, Person, Reading, Worker
from starframe.readings.sources import InstalledDefinitions
from starframe.readings.store import Store, open_store
from tests.readings.conftest import (
    JUSTICE,
    PARENT_BABY,
    db_url,
    no_database_from_environment,
    pg_url,
)

__all__ = ["db_url", "no_database_from_environment", "pg_url"]

NS = Namespace()


def installed() -> InstalledDefinitions:
    return InstalledDefinitions(build_catalog)


def readings() -> list[Reading]:
    """Readings of both Stars with every part a Bundle carries."""
    justice = {
        "accommodation": 3,
        "living-skills": 5,
        "mental-health": 4,
        "friends-community": 6,
        "relationships-family": 2,
        "parenting-caring": "n/a",
        "drugs-alcohol": 7,
    }
    justice_scales = [s.id for s in build_catalog().find("justice").scales]
    full = {scale: justice.get(scale, 5) for scale in justice_scales}
    baby = {
        "physical-health": 6,
        "emotional-wellbeing": 4,
        "bonding": "n/a",
        "baby-care": "n/a",
        "baby-development": "n/a",
        "keeping-safe": 8,
        "home-money": 5,
        "support-network": 9,
    }
    common = {"worker": "W1", "edition": "1.0"}
    return [
        Reading.model_validate(
            {
                **common,
                "star": "justice",
                "person": "P-001",
                "date": dt.date(2024, 1, 10),
                "scores": full,
                "person_scores": {"accommodation": 5, "mental-health": 2},
                "not_applicable_reasons": {"parenting-caring": "No children or carers."},
                "notes": {"accommodation": "Sofa surfing since March.\nSecond line."},
                "note": "First meeting — «quotes» and ünïcode.",
                "actions": [
                    ActionItem(
                        scale="accommodation",
                        goal="Register with the housing team.",
                        steps="Book the appointment.",
                        who="person and worker",
                        by=dt.date(2024, 2, 1),
                        status="done",
                    ),
                    ActionItem(scale="drugs-alcohol", goal="Talk to the drop-in."),
                ],
            }
        ),
        Reading.model_validate(
            {
                **common,
                "star": "justice",
                "person": "P-001",
                "worker": "W2",
                "date": dt.date(2024, 4, 10),
                "mode": "worker-only",
                "retrospective": True,
                "scores": {**full, "parenting-caring": 4},
            }
        ),
        Reading.model_validate(
            {
                **common,
                "star": "justice",
                "person": "P-002",
                "date": dt.date(2024, 5, 1),
                "status": "draft",
                "scores": {"accommodation": 2},
                "notes": {"mental-health": "Not scored yet: come back to this."},
            }
        ),
        Reading.model_validate(
            {
                **common,
                "star": "parent-baby",
                "person": "P-003",
                "date": dt.date(2024, 3, 3),
                "scores": baby,
                "person_scores": {"keeping-safe": 6},
                "not_applicable_reasons": {"bonding": "Antenatal contact."},
            }
        ),
        Reading.model_validate(
            {
                **common,
                "star": "parent-baby",
                "person": "P-003",
                "date": dt.date(2024, 3, 3),
                "mode": "person-only",
                "scores": {**baby, "bonding": 3, "baby-care": 4, "baby-development": 5},
            }
        ),
        Reading.model_validate(
            {
                **common,
                "star": "parent-baby",
                "person": "P-004",
                "date": dt.date(2024, 6, 30),
                "status": "draft",
            }
        ),
    ]


def fill(store: Store) -> None:
    with store.write() as writer:
        writer.add_workers([Worker(code="W1", name="Alex Worker"), Worker(code="W2", name="Sam")])
        writer.add_people(
            [
                Person(
                    code="P-001",
                    display_name="Never exported",
                    consent_date=dt.date(2023, 12, 1),
                    birth_years="1980-1989",
                    support_need="Housing",
                ),
                Person(code="P-002", consent_date=dt.date(2024, 1, 1)),
                Person(code="P-003", consent_date=dt.date(2024, 2, 1), birth_years="1990-1999"),
                Person(code="P-004", consent_date=dt.date(2024, 2, 1)),
                Person(code="P-005", consent_date=dt.date(2024, 2, 1)),
            ]
        )
        writer.add_readings(readings(), definitions=installed().hashes(writer, readings()))


@pytest.fixture
def source(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as store:
        fill(store)
        yield store


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[Store]:
    """An empty SQLite database: from PostgreSQL, the round trip crosses kinds too."""
    with open_store(str(tmp_path / "target.db")) as store:
        yield store


def export(store: Store, path: Path, **filters: Any) -> str:
    export_bundle(store, path, filters, NS, force=True)
    return path.read_text(encoding="utf-8")


def imported(store: Store, path: Path) -> None:
    loaded = read_bundle_file(path, NS, "R4B")
    assert loaded.problems == []
    import_bundle(store, loaded.records, installed())


def test_a_round_trip_gives_the_same_bundle_and_the_same_readings(
    source: Store, empty: Store, tmp_path: Path
) -> None:
    first = export(source, tmp_path / "first.json")
    imported(empty, tmp_path / "first.json")
    second = export(empty, tmp_path / "second.json")
    assert second == first
    with source.read() as before, empty.read() as after:
        assert after.readings() == before.readings()
        assert len(after.readings()) == len(readings())
        carried = [p.model_copy(update={"display_name": None}) for p in before.people()]
        assert after.people() == [p for p in carried if p.code != "P-005"]
        assert after.workers() == before.workers()


def test_importing_a_bundle_into_its_own_database_changes_nothing(
    source: Store, tmp_path: Path
) -> None:
    text = export(source, tmp_path / "b.json")
    with source.read() as reader:
        before = (reader.readings(), reader.people())
    imported(source, tmp_path / "b.json")
    with source.read() as reader:
        assert (reader.readings(), reader.people()) == before
    assert export(source, tmp_path / "again.json") == text


def test_the_bundle_carries_what_a_reading_says_and_never_a_name(
    source: Store, tmp_path: Path
) -> None:
    data = json.loads(export(source, tmp_path / "b.json"))
    text = json.dumps(data)
    assert "Never exported" not in text
    responses = [
        e["resource"]
        for e in data["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    assert [r["status"] for r in responses] == [
        "completed",
        "completed",
        "completed",
        "completed",
        "in-progress",
        "in-progress",
    ]
    first = responses[0]
    assert first["questionnaire"] == "https://starframe.example/fhir/Questionnaire/justice|1.0"
    assert first["subject"]["identifier"] == {
        "system": "https://starframe.example/fhir/identifier/person",
        "value": "P-001",
    }
    assert first["authored"] == "2024-01-10"
    accommodation = first["item"][0]
    assert accommodation["linkId"] == "accommodation"
    answer = accommodation["answer"][0]
    assert answer["valueCoding"]["code"] == "3"
    own = answer["extension"][0]
    assert own["url"].endswith("/StructureDefinition/person-score")
    assert own["valueCoding"]["code"] == "5"
    na = next(i for i in first["item"] if i["linkId"] == "parenting-caring")["answer"][0]
    assert na["valueCoding"]["code"] == "n/a"
    assert na["extension"][0]["valueString"] == "No children or carers."
    assert "timestamp" not in data


def test_a_filter_chooses_the_readings_and_only_the_people_they_name(
    source: Store, tmp_path: Path
) -> None:
    data = json.loads(export(source, tmp_path / "b.json", star="parent-baby"))
    kinds = [e["resource"]["resourceType"] for e in data["entry"]]
    assert kinds.count("QuestionnaireResponse") == 3
    codes = [
        e["resource"]["identifier"][0]["value"]
        for e in data["entry"]
        if e["resource"]["resourceType"] == "Patient"
    ]
    assert codes == ["P-003", "P-004"]


@pytest.mark.parametrize("models", [r4b_bundle, r5_bundle], ids=["R4B", "R5"])
def test_every_exported_resource_is_valid_fhir(source: Store, tmp_path: Path, models: Any) -> None:
    data = json.loads(export(source, tmp_path / "b.json"))
    parsed = models.Bundle.model_validate(data)
    assert len(parsed.entry) == 2 + 4 + len(readings())
    kinds = {entry.resource.get_resource_type() for entry in parsed.entry}
    assert kinds == {"Practitioner", "Patient", "QuestionnaireResponse"}


def test_a_timestamp_is_written_only_when_asked(source: Store, tmp_path: Path) -> None:
    when = dt.datetime(2024, 7, 1, 12, 0, tzinfo=dt.UTC)
    export_bundle(source, tmp_path / "t.json", {}, NS, timestamp=when)
    data = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert data["timestamp"] == "2024-07-01T12:00:00+00:00"
    r4b_bundle.Bundle.model_validate(data)


# The Questionnaire


@pytest.mark.parametrize("star_id", ["justice", "parent-baby"])
@pytest.mark.parametrize(
    ("version", "models", "kind"),
    [("R4B", r4b_questionnaire, "choice"), ("R5", r5_questionnaire, "coding")],
)
def test_a_star_is_a_valid_questionnaire_with_one_choice_per_scale(
    star_id: str, version: Any, models: Any, kind: str
) -> None:
    catalog = build_catalog()
    star = catalog.find(star_id)
    found = installed_questionnaire(catalog, star_id, None, NS, version)
    models.Questionnaire.model_validate(found)
    assert found["url"] == f"https://starframe.example/fhir/Questionnaire/{star_id}"
    assert found["version"] == star.edition
    assert found["status"] == "active"
    assert [item["linkId"] for item in found["item"]] == [s.id for s in star.scales]
    for scale, item in zip(star.scales, found["item"], strict=True):
        assert item["type"] == kind
        assert item["text"] == scale.summary
        codes = [o["valueCoding"]["code"] for o in item["answerOption"]]
        points = [str(p) for p in range(1, star.points + 1)]
        assert codes == points + (["n/a"] if scale.not_applicable else [])
        seven = item["answerOption"][6]["valueCoding"]
        assert seven["display"] == scale.ladder[7]
        ordinal, stage = seven["extension"]
        assert ordinal["url"].endswith("ordinalValue" if version == "R4B" else "itemWeight")
        assert ordinal["valueDecimal"] == 7
        assert stage["valueCoding"]["code"] == star.stage_of(7).id
        helps = [help_["text"] for help_ in item.get("item", [])]
        assert helps == [*scale.prompts, *([scale.guidance] if scale.guidance else [])]


def _translations(element: dict[str, Any], key: str) -> dict[str, str]:
    found = {}
    for ext in element.get(f"_{key}", {}).get("extension", []):
        parts = {p["url"]: p.get("valueCode") or p.get("valueString") for p in ext["extension"]}
        found[parts["lang"]] = parts["content"]
    return found


def test_translations_sit_beside_every_translated_text() -> None:
    catalog = build_catalog()
    welsh = catalog.find("justice", None, "cy")
    found = installed_questionnaire(catalog, "justice", None, NS)
    assert found["language"] == "en"
    assert _translations(found, "title") == {"cy": welsh.name}
    code = found["item"][0]["code"][0]
    assert _translations(code, "display") == {"cy": welsh.scales[0].name}
    stage = found["item"][0]["answerOption"][0]["valueCoding"]["extension"][1]["valueCoding"]
    assert _translations(stage, "display") == {"cy": welsh.journey[0].name}
    # Text the translation leaves out is the Star's own, with no translation beside it.
    assert welsh.summary == found["description"]
    assert "_description" not in found


def test_a_questionnaire_in_a_translation_keeps_the_star_s_own_wording_as_a_translation() -> None:
    catalog = build_catalog()
    english = catalog.find("justice")
    found = installed_questionnaire(catalog, "justice", None, NS, "R4B", "cy")
    r4b_questionnaire.Questionnaire.model_validate(found)
    assert found["language"] == "cy"
    assert found["title"] == catalog.find("justice", None, "cy").name
    assert _translations(found, "title") == {"en": english.name}


def test_a_translation_of_parent_baby_from_a_folder_is_carried(tmp_path: Path) -> None:
    (tmp_path / "parent-baby.cy.yaml").write_text(
        'starframe: 1\nkind: translation\nstar: parent-baby\nedition: "1.0"\nlanguage: cy\n'
        "name: Seren Rhiant a Babi\nscales:\n  bonding:\n"
        "    summary: Y cwlwm rhwng rhiant a babi.\n",
        encoding="utf-8",
    )
    catalog = build_catalog(stars_dirs=(tmp_path,))
    found = installed_questionnaire(catalog, "parent-baby", "1.0", NS, "R5")
    r5_questionnaire.Questionnaire.model_validate(found)
    assert _translations(found, "title") == {"cy": "Seren Rhiant a Babi"}
    bonding = next(item for item in found["item"] if item["linkId"] == "bonding")
    assert _translations(bonding, "text") == {"cy": "Y cwlwm rhwng rhiant a babi."}


@pytest.mark.parametrize(
    ("status", "fhir_status", "experimental"),
    [
        ("draft", "draft", True),
        ("pilot", "active", True),
        ("published", "active", None),
        ("retired", "retired", None),
    ],
)
def test_a_star_s_status_becomes_the_publication_status(
    status: str, fhir_status: str, experimental: bool | None
) -> None:
    star = build_catalog().find("justice").model_copy(update={"status": status})
    found = questionnaire(star, NS)
    assert (found["status"], found.get("experimental")) == (fhir_status, experimental)


def test_the_base_url_names_every_url() -> None:
    ns = Namespace("https://records.example.org/fhir", "https://ids.example.org")
    star = build_catalog().find("justice")
    text = json.dumps(questionnaire(star, ns))
    assert "starframe.example" not in text
    assert ns.people == "https://ids.example.org/person"
    assert ns.star_of("https://records.example.org/fhir/Questionnaire/justice|1.0") == (
        "justice",
        "1.0",
    )
    assert ns.star_of("https://starframe.example/fhir/Questionnaire/justice|1.0") is None


def test_the_bundled_star_files_are_those_installed() -> None:
    """The round trip relies on the installed text being the files the tests name."""
    catalog = build_catalog()
    for path in (JUSTICE, PARENT_BABY):
        entry = catalog.entry(path.stem)
        assert entry.checked is not None
        assert entry.checked.raw == path.read_bytes()


def test_a_bundle_giving_one_reading_twice_is_refused_and_nothing_is_written(
    db_url: str, tmp_path: Path
) -> None:
    """PostgreSQL finds a reading given twice only once every batch is staged: still refused."""
    with open_store(str(tmp_path / "origin.db")) as origin:
        fill(origin)
        data = json.loads(export(origin, tmp_path / "b.json"))
    response = next(
        e for e in data["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse"
    )
    data["entry"].append(response)
    (tmp_path / "twice.json").write_text(json.dumps(data), encoding="utf-8")
    loaded = read_bundle_file(tmp_path / "twice.json", NS, "R4B")
    with open_store(db_url) as target:
        with pytest.raises(ImportFailed) as failed:
            import_bundle(target, loaded.records, installed())
        with target.read() as reader:
            assert reader.readings() == []
            assert reader.people() == []
    [problem] = failed.value.problems
    assert problem.code == "SF712"
    assert problem.message.startswith(f"Bundle.entry[{len(data['entry']) - 1}].resource.id: ")
