"""`demo --pilot`, `pilot report`, and an anonymous export that gives the author the same report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.pilot.installed_cli import run as _run


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A service's database with the demo and the pilot Star's readings."""
    data = tmp_path_factory.mktemp("service")
    done = _run("demo", "--pilot", "--db", data / "service.db", data=data)
    assert done.returncode == 0, done.stderr
    assert "recorded 120 people's 360 readings" in done.stdout
    assert (data / "pilot-stars" / "tenancy-pilot.yaml").is_file()
    return data


def test_pilot_report_text_and_json(service: Path) -> None:
    db = service / "service.db"
    text = _run("pilot", "report", "tenancy-pilot", "--db", db, data=service)
    assert text.returncode == 0, text.stderr
    assert "Sample: 120 people, 360 complete readings, 120 with two or more" in text.stdout
    assert "Cronbach's alpha 0.67 (95% CI" in text.stdout
    assert "Money and rent: 50% of first readings score 1, a floor effect" in text.stdout
    record = json.loads(
        _run("pilot", "report", "tenancy-pilot", "--json", "--db", db, data=service).stdout
    )
    assert record["people"] == 120
    assert [s["id"] for s in record["scales"]][:3] == ["home", "tenancy", "money"]


def test_an_unknown_star_is_one_line_and_exit_1(service: Path) -> None:
    done = _run("pilot", "report", "nope", "--db", service / "service.db", data=service)
    assert done.returncode == 1
    assert done.stderr.startswith("starframe: error: no complete readings of nope")


def test_an_anonymous_export_gives_the_author_the_same_report(
    service: Path, tmp_path: Path
) -> None:
    sent = tmp_path / "pilot.jsonl"
    done = _run(
        "readings",
        "export",
        "--star",
        "tenancy-pilot",
        "--format",
        "jsonl",
        "--anonymous",
        "-o",
        sent,
        "--db",
        service / "service.db",
        data=service,
    )
    assert done.returncode == 0, done.stderr
    text = sent.read_text(encoding="utf-8")
    records = [json.loads(line) for line in text.splitlines()]
    assert "DEMO-" not in text
    for record in records:
        assert not {"display_name", "notes", "action_plan", "not_applicable_reasons"} & set(record)
    kinds = {r["kind"] for r in records}
    assert kinds == {"definition", "worker", "person", "reading"}
    again = tmp_path / "again.jsonl"
    _run(
        "readings",
        "export",
        "--star",
        "tenancy-pilot",
        "--format",
        "jsonl",
        "--anonymous",
        "-o",
        again,
        "--db",
        service / "service.db",
        data=service,
    )
    assert again.read_text(encoding="utf-8") == text  # stable hashes under one salt

    author = tmp_path / "author.db"
    imported = _run("readings", "import", sent, "--db", author, data=service)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    theirs = _run("pilot", "report", "tenancy-pilot", "--json", "--db", author, data=service)
    ours = _run(
        "pilot", "report", "tenancy-pilot", "--json", "--db", service / "service.db", data=service
    )
    assert json.loads(theirs.stdout) == json.loads(ours.stdout)


def test_anonymous_needs_json_lines(service: Path) -> None:
    done = _run("readings", "export", "--anonymous", "--db", service / "service.db", data=service)
    assert done.returncode == 2
    assert "--anonymous writes JSON Lines" in done.stderr


def test_the_pdf_says_what_the_text_says(service: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = tmp_path / "pilot.pdf"
    done = _run(
        "pilot", "report", "tenancy-pilot", "-o", pdf, "--db", service / "service.db", data=service
    )
    assert done.returncode == 0, done.stderr
    assert oct(pdf.stat().st_mode & 0o777) == "0o600"
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    text = " ".join(text.split())
    assert "Pilot report · edition 0.1" in text
    assert "Money and rent: 50% of first readings score 1, a floor effect" in text
    assert "Cronbach's alpha 0.67 (95% CI" in text
    assert "Internal consistency and correlations" in text
    again = _run(
        "pilot", "report", "tenancy-pilot", "-o", pdf, "--db", service / "service.db", data=service
    )
    assert again.returncode == 1
    assert "already exists: add --force" in again.stderr
