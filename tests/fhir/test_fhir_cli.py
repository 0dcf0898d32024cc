"""`starframe fhir` as a person uses it, and every bad Bundle refused with nothing written.

The main flow goes through the installed `starframe` entry point in a subprocess; the many
bad inputs call `starframe.cli.main` in this process (the same code path). Each bad input must
exit 1, name the resource and JSON path with a problem code, print no traceback, and leave
the database without a single record.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from starframe.cli import main
from starframe.cli.commands import fhir as fhir_command
from starframe.fhir import namespace
from starframe.readings.store import open_store
from tests.fhir.test_fhir_round_trip import fill

STARFRAME = Path(sys.executable).parent / "starframe"


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(scope="module")
def cli_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-cache")


@pytest.fixture
def shell(cli_cache: Path) -> Callable[..., Run]:
    def run(*args: str | Path) -> Run:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STARFRAME_")}
        env["STARFRAME_CACHE_DIR"] = str(cli_cache)
        done = subprocess.run(
            [str(STARFRAME), *map(str, args)], env=env, capture_output=True, text=True, timeout=120
        )
        assert "Traceback" not in done.stderr
        return Run(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def cli(
    cli_cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Run]:
    monkeypatch.setenv("STARFRAME_CACHE_DIR", str(cli_cache))
    monkeypatch.delenv("STARFRAME_DB", raising=False)

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        else:
            code = 0
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The Bundle of the round-trip readings, as plain data to spoil."""
    folder = tmp_path_factory.mktemp("exported")
    with open_store(str(folder / "source.db")) as store:
        fill(store)
        from starframe.fhir.export import export_bundle

        export_bundle(store, folder / "b.json", {}, namespace.Namespace())
    data: dict[str, Any] = json.loads((folder / "b.json").read_text(encoding="utf-8"))
    return data


def test_questionnaire_export_and_import_through_the_command(
    shell: Callable[..., Run], tmp_path: Path
) -> None:
    source, target = tmp_path / "source.db", tmp_path / "target.db"
    with open_store(str(source)) as store:
        fill(store)
    q = tmp_path / "justice.json"
    done = shell("fhir", "questionnaire", "justice@1.0", "--fhir-version", "R5", "-o", q)
    assert done.code == 0, done.err
    assert json.loads(q.read_text(encoding="utf-8"))["item"][0]["type"] == "coding"
    assert (q.stat().st_mode & 0o777) == 0o600
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    done = shell("fhir", "export", "--db", source, "-o", first)
    assert done.code == 0, done.err
    assert "Exported 6 reading(s) of 4 person(s) by 2 worker(s)" in done.err
    done = shell("fhir", "import", first, "--db", target)
    assert done.code == 0, done.err
    assert "Imported 6 reading(s) (2 draft(s)), 4 person(s), 2 worker(s)." in done.out
    assert shell("fhir", "export", "--db", target, "-o", second).code == 0
    assert second.read_bytes() == first.read_bytes()
    again = shell("fhir", "import", first, "--db", target)
    assert again.code == 0
    assert "12 already present and unchanged" in again.out


def test_an_existing_file_is_replaced_only_with_force(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    out = tmp_path / "q.json"
    out.write_text("keep", encoding="utf-8")
    refused = cli("fhir", "questionnaire", "justice", "-o", out)
    assert refused.code == 1
    assert "--force" in refused.err
    assert out.read_text(encoding="utf-8") == "keep"
    assert cli("fhir", "questionnaire", "justice", "-o", out, "--force").code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["resourceType"] == "Questionnaire"


def test_an_unknown_star_or_a_bad_base_url_is_a_clear_error(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    unknown = cli("fhir", "questionnaire", "nope", "-o", tmp_path / "q.json")
    assert unknown.code == 1
    assert "no Star `nope` is installed" in unknown.err
    usage = cli("fhir", "questionnaire", "justice", "--base-url", "ftp://x/", "-o", tmp_path / "q")
    assert usage.code == 2
    assert "--base-url `ftp://x/` is not an http(s) URL" in usage.err
    assert not (tmp_path / "q.json").exists()
    assert not (tmp_path / "q").exists()


def test_the_help_shows_the_default_base_url_the_code_uses() -> None:
    assert fhir_command.DEFAULT_BASE_URL == namespace.DEFAULT_BASE_URL


def test_the_timestamp_is_the_only_thing_that_varies(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    db = tmp_path / "s.db"
    with open_store(str(db)) as store:
        fill(store)
    plain, stamped = tmp_path / "plain.json", tmp_path / "stamped.json"
    assert cli("fhir", "export", "--db", db, "-o", plain).code == 0
    assert cli("fhir", "export", "--db", db, "-o", stamped, "--timestamp").code == 0
    with_time = json.loads(stamped.read_text(encoding="utf-8"))
    assert with_time.pop("timestamp")
    assert with_time == json.loads(plain.read_text(encoding="utf-8"))


def _responses(data: dict[str, Any]) -> list[int]:
    return [
        index
        for index, entry in enumerate(data["entry"])
        if entry["resource"]["resourceType"] == "QuestionnaireResponse"
    ]


def _spoil(data: dict[str, Any], change: Callable[[dict[str, Any], list[int]], object]) -> str:
    spoiled = json.loads(json.dumps(data))
    change(spoiled, _responses(spoiled))
    return json.dumps(spoiled)


def _set(path: str, value: Any) -> Callable[[dict[str, Any], list[int]], None]:
    """Set `entry.<first response>.<path>` (dotted, numbers index lists) to `value`."""

    def change(data: dict[str, Any], responses: list[int]) -> None:
        target: Any = data["entry"][responses[0]]["resource"]
        parts = [int(p) if p.isdigit() else p for p in path.split(".")]
        for part in parts[:-1]:
            target = target[part]
        target[parts[-1]] = value

    return change


def _drop_first_item(data: dict[str, Any], responses: list[int]) -> None:
    del data["entry"][responses[0]]["resource"]["item"][0]


def _observation(data: dict[str, Any], responses: list[int]) -> None:
    data["entry"][3]["resource"] = {"resourceType": "Observation", "status": "final"}


def _unknown_version(data: dict[str, Any], responses: list[int]) -> None:
    resource = data["entry"][responses[0]]["resource"]
    resource["questionnaire"] = resource["questionnaire"].replace("|1.0", "|9.9")
    resource["extension"] = [e for e in resource["extension"] if "definition" not in e["url"]]


def _other_consent(data: dict[str, Any], responses: list[int]) -> None:
    data["entry"][2]["resource"]["extension"][0]["valueDate"] = "2020-01-01"


BAD: dict[str, tuple[Callable[[dict[str, Any], list[int]], object], str, str]] = {
    "point outside the scale": (
        _set("item.2.answer.0.valueCoding.code", "12"),
        "SF702",
        "Bundle.entry[6].resource.item[2].answer[0]: `scores` › `mental-health`: 12 is not on "
        "the ladder",
    ),
    "missing answer on a completed response": (
        _drop_first_item,
        "SF704",
        "Bundle.entry[6].resource.item: a complete reading scores every scale of justice 1.0, "
        "but accommodation has no score",
    ),
    "a person's own view of n/a": (
        _set(
            "item.5.answer.0.extension",
            [
                {
                    "url": "https://starframe.example/fhir/StructureDefinition/person-score",
                    "valueCoding": {"code": "4"},
                },
            ],
        ),
        "SF705",
        "Bundle.entry[6].resource.item[5].answer[0].extension[0].valueCoding:",
    ),
    "wrong resourceType in the Bundle": (
        _observation,
        "SF904",
        "Bundle.entry[3].resource.resourceType: a Observation is not what starframe reads",
    ),
    "a code that is not a point": (
        _set("item.0.answer.0.valueCoding.code", "high"),
        "SF907",
        "Bundle.entry[6].resource.item[0].answer[0].valueCoding.code: `high` is not a point",
    ),
    "a value that is not a coding": (
        _set("item.0.answer.0", {"valueInteger": 3}),
        "SF907",
        "Bundle.entry[6].resource.item[0].answer[0]: the answer is a Integer",
    ),
    "invalid FHIR": (
        _set("item.0.answer.0.valueCoding.code", 3),
        "SF903",
        "Bundle.entry[6].resource.item[0].answer[0].valueCoding.code: Input should be a valid "
        "string (FHIR R4B)",
    ),
    "an element FHIR does not have": (
        _set("colour", "blue"),
        "SF903",
        "Bundle.entry[6].resource.colour: `colour` is not an element here in FHIR",
    ),
    "a status starframe does not record": (
        _set("status", "amended"),
        "SF906",
        "Bundle.entry[6].resource.status: status 'amended' is not one starframe records",
    ),
    "another system's questionnaire": (
        _set("questionnaire", "https://elsewhere.example/Questionnaire/phq9|1"),
        "SF905",
        "Bundle.entry[6].resource.questionnaire: `https://elsewhere.example/Questionnaire/phq9|1`"
        " is not a starframe Star",
    ),
    "a questionnaire version neither installed nor recorded": (
        _unknown_version,
        "SF711",
        "Bundle.entry[6].resource.questionnaire: Star justice 9.9 is not installed and this "
        "database holds no copy of it",
    ),
    "a definition neither installed nor recorded": (
        _set("extension.2.valueString", "0" * 64),
        "SF911",
        "Bundle.entry[6].resource.extension[2].valueString: the reading was taken with a text "
        "of justice 1.0 (sha256 000000000000…) that is neither installed nor held",
    ),
    "a subject without starframe's identifier": (
        _set("subject", {"reference": "Patient/123"}),
        "SF908",
        "Bundle.entry[6].resource.subject.identifier: is missing: give the person's code as an "
        "identifier in the system https://starframe.example/fhir/identifier/person",
    ),
    "a subject in another system": (
        _set("subject.identifier.system", "https://nhs.example/number"),
        "SF908",
        "Bundle.entry[6].resource.subject.identifier.system: the person's identifier system is "
        "'https://nhs.example/number'",
    ),
    "a date in the future": (
        _set("authored", "2999-01-01"),
        "SF707",
        "Bundle.entry[6].resource.authored: `date` is 2999-01-01, which is in the future",
    ),
    "an unknown mode": (
        _set("extension.0.valueCode", "telepathic"),
        "SF909",
        "Bundle.entry[6].resource.extension[0].valueCode: mode 'telepathic' is not one of",
    ),
    "a scale answered twice": (
        _set("item.1.linkId", "accommodation"),
        "SF910",
        "Bundle.entry[6].resource.item[1].linkId: the scale `accommodation` is answered twice",
    ),
    "a modifier extension": (
        _set("modifierExtension", [{"url": "https://x.example/negated", "valueBoolean": True}]),
        "SF909",
        "Bundle.entry[6].resource.modifierExtension: a modifier extension changes what",
    ),
    "a note with a control character": (
        _set("extension.3.valueString", "bell\x07"),
        "SF913",
        "Bundle.entry[6].resource.extension[3].valueString:",
    ),
    "a person already recorded differently": (
        _other_consent,
        "SF912",
        "Bundle.entry[2].resource.extension[0].valueDate: `P-001` is already recorded with "
        "another consent_date",
    ),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_a_bad_bundle_is_refused_at_its_path_and_nothing_is_written(
    cli: Callable[..., Run], exported: dict[str, Any], tmp_path: Path, case: str
) -> None:
    change, code, where = BAD[case]
    db = tmp_path / "target.db"
    if code == "SF912":
        with open_store(str(db)) as store:
            fill(store)
    with open_store(str(db)) as store, store.read() as reader:
        before = (reader.readings(), reader.people(), reader.workers())
    path = tmp_path / "bad.json"
    path.write_text(_spoil(exported, change), encoding="utf-8")
    done = cli("fhir", "import", path, "--db", db)
    assert done.code == 1
    assert f"error {code}: {where}" in done.err
    assert "nothing was imported" in done.err
    with open_store(str(db)) as store, store.read() as reader:
        assert (reader.readings(), reader.people(), reader.workers()) == before


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ('{"resourceType": "Bundle",', "SF901", "bad.json:1:27: error SF901: not FHIR JSON"),
        ('{"resourceType": "Patient"}', "SF902", "this is a Patient, not a FHIR Bundle"),
        ("[1, 2]", "SF902", "this is not a FHIR resource, not a FHIR Bundle"),
        (
            '{"resourceType": "Bundle", "type": "collection", "type": "batch"}',
            "SF901",
            "`type` appears twice",
        ),
        ('{"resourceType": "Bundle", "entry": 3}', "SF903", "Bundle.entry: "),
    ],
)
def test_what_is_not_a_bundle_is_refused(
    cli: Callable[..., Run], tmp_path: Path, text: str, code: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    done = cli("fhir", "import", path, "--db", tmp_path / "t.db")
    assert done.code == 1
    assert code in done.err
    assert message in done.err


def test_every_problem_of_a_bundle_is_listed_in_one_run(
    cli: Callable[..., Run], exported: dict[str, Any], tmp_path: Path
) -> None:
    def two(data: dict[str, Any], responses: list[int]) -> None:
        data["entry"][responses[0]]["resource"]["status"] = "amended"
        data["entry"][responses[1]]["resource"]["item"][0]["answer"][0]["valueCoding"]["code"] = (
            "11"
        )

    path = tmp_path / "bad.json"
    path.write_text(_spoil(exported, two), encoding="utf-8")
    done = cli("fhir", "import", path, "--db", tmp_path / "t.db")
    assert done.code == 1
    assert "SF906" in done.err
    assert "error SF702: Bundle.entry[7].resource.item[0].answer[0]" in done.err
    assert "2 problems (listed above)" in done.err


def test_another_system_s_elements_and_extensions_are_read_past(
    cli: Callable[..., Run], exported: dict[str, Any], tmp_path: Path
) -> None:
    def foreign(data: dict[str, Any], responses: list[int]) -> None:
        resource = data["entry"][responses[0]]["resource"]
        resource["meta"] = {"lastUpdated": "2024-01-01T00:00:00Z"}
        resource["text"] = {
            "status": "generated",
            "div": '<div xmlns="http://www.w3.org/1999/xhtml">x</div>',
        }
        resource["extension"].append({"url": "https://records.example/flag", "valueBoolean": True})

    path = tmp_path / "foreign.json"
    path.write_text(_spoil(exported, foreign), encoding="utf-8")
    done = cli("fhir", "import", path, "--db", tmp_path / "t.db")
    assert done.code == 0, done.err
    assert "Imported 6 reading(s)" in done.out


def test_a_bundle_checked_as_r5_imports_too(
    cli: Callable[..., Run], exported: dict[str, Any], tmp_path: Path
) -> None:
    def meta(data: dict[str, Any], responses: list[int]) -> None:
        data["entry"][responses[0]]["resource"]["meta"] = {"versionId": "2"}

    path = tmp_path / "r5.json"
    path.write_text(_spoil(exported, meta), encoding="utf-8")
    done = cli("fhir", "import", path, "--fhir-version", "R5", "--db", tmp_path / "t.db")
    assert done.code == 0, done.err


def test_the_organisation_s_base_and_system_go_out_and_come_back(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    source = tmp_path / "s.db"
    with open_store(str(source)) as store:
        fill(store)
    own = ("--base-url", "https://records.example.org/fhir", "--system", "https://ids.example.org")
    out = tmp_path / "b.json"
    assert cli("fhir", "export", "--db", source, "-o", out, *own).code == 0
    text = out.read_text(encoding="utf-8")
    assert "starframe.example" not in text
    assert '"system":"https://ids.example.org/person","value":"P-001"' in text
    refused = cli("fhir", "import", out, "--db", tmp_path / "a.db")
    assert refused.code == 1
    assert "SF908" in refused.err
    assert "SF905" in refused.err
    done = cli("fhir", "import", out, "--db", tmp_path / "b.db", *own)
    assert done.code == 0, done.err
