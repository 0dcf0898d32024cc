"""Inter-rater reliability in the pilot report: the practice sessions held on the edition.

The figures are the practice package's pooled alpha and ICC; here they are checked against
krippendorff and pingouin on the same case × scale units, and shown alike in the text, the
JSON and the PDF, with a reason wherever one is withheld.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import warnings
from dataclasses import dataclass
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import pingouin
import pypdf
import pytest

from starframe.definition.models import Star
from starframe.pilot.demo import install_pilot_demo
from starframe.pilot.report import pilot_from_store
from starframe.practice.agreement import Answer
from starframe.practice.models import PracticeCase, ReferenceScore
from starframe.practice.writer import writing
from starframe.readings.store import open_store
from tests.pilot.installed_cli import run as _run

HELD = dt.datetime(2025, 4, 1, 10, tzinfo=dt.UTC)
TRAINEES = ("Ana", "Ben", "Cy", "Dee")


def _case(star: Star, case_id: str, rng: random.Random) -> PracticeCase:
    return PracticeCase(
        starframe=1,
        kind="practice-case",
        id=case_id,
        star=star.id,
        edition=star.edition,
        title=f"Case {case_id}",
        vignette="A made-up person.",
        scores={
            s.id: ReferenceScore(score=rng.randint(1, star.points), rationale="Because.")
            for s in star.scales
        },
    )


def _answers(case: PracticeCase, rng: random.Random) -> dict[str, Answer]:
    """The reference, off by up to one point either way."""
    given: dict[str, Answer] = {}
    for scale, ref in case.scores.items():
        assert isinstance(ref.score, int)
        given[scale] = max(1, min(10, ref.score + rng.choice((-1, 0, 0, 1))))
    return given


@dataclass(frozen=True)
class Service:
    db: Path
    codes: dict[str, str]
    """Session codes: "group", "alone", "sparse" and "solo"."""
    pooled: list[list[int]]
    """The group session's answers as pooled: trainee × (case × scale) unit."""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    """The pilot demo's readings, and three sessions on its edition: four trainees on two
    cases (one more answering only the first), a group session only one trainee answered, a
    group that left most scales unscored, and a solo session."""
    folder = tmp_path_factory.mktemp("pilot")
    db = folder / "service.db"
    rng = random.Random(7)
    with open_store(str(db)) as store:
        install_pilot_demo(store, folder / "pilot-stars")
        with store.read() as reader:
            star, _ = pilot_from_store(reader, "tenancy-pilot")
        first, second = _case(star, "pilot-a", rng), _case(star, "pilot-b", rng)
        with writing(store) as practice:
            group = practice.open_session([first, second], now=HELD)
            alone = practice.open_session([first], now=HELD + dt.timedelta(days=1))
            sparse = practice.open_session([first], now=HELD + dt.timedelta(days=2))
            pooled = []
            for name in TRAINEES:
                a, b = _answers(first, rng), _answers(second, rng)
                practice.submit(group, name, first, star, a, now=HELD)
                practice.submit(group, name, second, star, b, now=HELD)
                pooled.append([int(str(v)) for v in [*a.values(), *b.values()]])
            practice.submit(group, "Eve", first, star, _answers(first, rng), now=HELD)
            practice.submit(alone, "Ana", first, star, _answers(first, rng), now=HELD)
            solo = practice.open_session([first], solo=True, now=HELD)
            practice.submit(solo, "Ben", first, star, _answers(first, rng), now=HELD)
            for i, name in enumerate(TRAINEES):
                given = _answers(first, rng)
                kept = {s: v for j, (s, v) in enumerate(given.items()) if j in (0, 1, 2 + i % 4)}
                practice.submit(sparse, name, first, star, kept, now=HELD)
    return Service(db, {"group": group, "alone": alone, "sparse": sparse, "solo": solo}, pooled)


def _json(db: Path) -> dict[str, object]:
    done = _run("pilot", "report", "tenancy-pilot", "--json", "--db", db, data=db.parent)
    assert done.returncode == 0, done.stderr
    record: dict[str, object] = json.loads(done.stdout)
    return record


def test_a_group_sessions_figures_match_krippendorff_and_pingouin(
    service: Service,
) -> None:
    db, codes = service.db, service.codes
    practice = _json(db)["practice"]
    assert isinstance(practice, list)
    held = [codes["group"], codes["alone"], codes["sparse"]]
    assert [p["session"] for p in practice] == held  # oldest first, and no solo session
    group = practice[0]
    assert group["cases"] == ["pilot-a", "pilot-b"]
    assert (group["trainees"], group["left_out"]) == (4, 1)  # Eve answered one case of two
    ratings = service.pooled
    data = np.array(ratings, dtype=float)
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal")
    assert group["points_alpha"]["value"] == pytest.approx(expected, abs=1e-9)
    assert (group["points_alpha"]["units"], group["points_alpha"]["trainees"]) == (12, 4)
    long = pd.DataFrame(
        [(u, r, v) for r, row in enumerate(ratings) for u, v in enumerate(row)],
        columns=["unit", "rater", "score"],
    )
    saved = pingouin.options["round.column.CI95"]
    pingouin.options["round.column.CI95"] = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            table = pingouin.intraclass_corr(long, "unit", "rater", "score")
    finally:
        pingouin.options["round.column.CI95"] = saved
    icc = table.set_index("Type").loc["ICC(A,1)"]
    assert group["points_icc"]["value"] == pytest.approx(float(icc["ICC"]), abs=1e-9)
    assert group["points_icc"]["low"] == pytest.approx(float(icc["CI95"][0]), abs=1e-9)
    assert group["points_icc"]["band"] in {"poor", "moderate", "good", "excellent"}


def test_too_few_scales_withholds_with_the_reason(
    service: Service,
) -> None:
    db = service.db
    practice = _json(db)["practice"]
    assert isinstance(practice, list)
    alone = practice[1]
    for figure in ("points_alpha", "points_icc", "stages_alpha", "stages_icc"):
        assert alone[figure]["value"] is None
        assert alone[figure]["reason"] == "fewer than two trainees answered every case of this Star"
    sparse = practice[2]
    assert sparse["points_icc"]["value"] is None
    assert sparse["points_icc"]["reason"] == (
        "only 2 of 6 scales were scored with a point by every trainee; ICC needs at least 5"
    )


def test_text_and_pdf_show_the_figures_and_reasons(service: Service, tmp_path: Path) -> None:
    db, codes = service.db, service.codes
    text = _run("pilot", "report", "tenancy-pilot", "--db", db, data=db.parent)
    assert text.returncode == 0, text.stderr
    assert "Inter-rater reliability (practice sessions on this edition" in text.stdout
    assert f"Session {codes['group']} (2025-04-01): 2 cases, 4 trainees, 1 left out" in text.stdout
    assert "(12 case × scale units, 4 trainees)" in text.stdout
    assert "ICC none (only 2 of 6 scales were scored with a point by every trainee" in text.stdout
    pdf = tmp_path / "pilot.pdf"
    done = _run("pilot", "report", "tenancy-pilot", "-o", pdf, "--db", db, data=db.parent)
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
    words = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Inter-rater reliability in practice sessions" in words
    assert codes["group"] in words
    assert "scored with a point by every trainee" in words


def test_no_sessions_on_the_edition_says_so(tmp_path: Path) -> None:
    db = tmp_path / "plain.db"
    with open_store(str(db)) as store:
        install_pilot_demo(store, tmp_path / "pilot-stars")
    text = _run("pilot", "report", "tenancy-pilot", "--db", db, data=tmp_path)
    assert text.returncode == 0, text.stderr
    assert "  none (no group practice sessions have been held on tenancy-pilot 0.1)" in text.stdout
    record = _json(db)
    assert record["practice"] == []
    assert record["practice_reason"] == (
        "no group practice sessions have been held on tenancy-pilot 0.1"
    )
