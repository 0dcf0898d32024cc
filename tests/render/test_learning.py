"""The learning review (`summary learning`, `render learning`): small numbers protected, no
worker named or ranked, and what it is for said first."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from starframe.readings.learning import learning_review
from starframe.readings.models import ActionItem, Person, Reading, Worker
from starframe.readings.store import open_store
from tests.conftest import SHIPPED_STARS
from tests.render.conftest import RunCli, read_pdf, star_from

STUCK_STUCK = 8
"""People who start and stay at Stuck (points 1–2) on accommodation: a count that is shown."""
STUCK_BELIEVING = 3
"""People who move from Stuck to Believing: fewer than 5, withheld."""
STUCK_ACCEPTING = 6
"""People who move from Stuck to Accepting help: withheld too, so the 3 cannot be worked out."""


def _reading(
    person: str, worker: str, day: str, accommodation: int, definition: str, **more: object
) -> Reading:
    star = star_from(SHIPPED_STARS["justice"])
    scores: dict[str, int | str] = {scale.id: 5 for scale in star.scales}
    scores["parenting-caring"] = "n/a"
    scores["accommodation"] = accommodation
    return Reading.model_validate(
        {
            "star": "justice",
            "edition": "1.0",
            "definition": definition,
            "person": person,
            "worker": worker,
            "date": dt.date.fromisoformat(day),
            "scores": scores,
            **more,
        }
    )


@pytest.fixture(scope="module")
def review_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("learning") / "starframe.db"
    done = [ActionItem(scale="accommodation", goal="Find a flat", status="done")]
    with open_store(str(path)) as store, store.write() as writer:
        definition = writer.put_definition(SHIPPED_STARS["justice"].read_bytes())
        writer.add_worker(Worker(code="W-01", name="Sam Jones"))
        writer.add_worker(Worker(code="W-02", name="Ada Price"))
        readings = []
        for n in range(STUCK_STUCK + STUCK_BELIEVING + STUCK_ACCEPTING):
            code = f"P-{n:04d}"
            writer.add_person(Person(code=code, consent_date=dt.date(2024, 1, 1)))
            worker = "W-01" if n % 2 else "W-02"
            moved = n >= STUCK_STUCK
            latest = 2 if not moved else 5 if n < STUCK_STUCK + STUCK_BELIEVING else 3
            readings += [
                _reading(code, worker, "2024-02-01", 1, definition),
                _reading(
                    code,
                    worker,
                    "2024-08-01",
                    latest,
                    definition,
                    actions=done if moved else [],
                ),
            ]
        writer.add_readings(readings)
    return path


def test_transitions_with_small_cells_withheld(review_db: Path) -> None:
    with open_store(str(review_db)) as store, store.read() as reader:
        review = learning_review(reader, "justice")
    accommodation = review.scales[0]
    stuck, believing = 0, 2
    cells = accommodation.transitions
    assert cells[stuck][stuck].shown == STUCK_STUCK
    assert cells[stuck][believing].shown is None
    assert cells[stuck][believing].withheld == "fewer than 5"
    # Subtracting the shown counts from a shown total never gives the withheld one: in its row
    # and in its column, another count or the total is withheld too.
    row = [*cells[stuck], accommodation.started[stuck]]
    column = [*(line[believing] for line in cells), accommodation.ended[believing]]
    for line in (row, column):
        assert sum(1 for count in line if count.shown is None) >= 2
    assert review.withheld


def test_json_withholds_values_with_their_reason(review_db: Path, run_cli: RunCli) -> None:
    done = run_cli("summary", "learning", "justice", "--json", "--db", str(review_db))
    assert done.code == 0, done.stderr
    record = json.loads(done.stdout)
    cell = record["scales"][0]["transitions"][0][2]
    assert cell == {"value": None, "withheld": "fewer than 5"}
    assert record["people"] == {"value": 17, "withheld": None}
    assert "W-01" not in done.stdout
    assert "Sam Jones" not in done.stdout


def test_the_review_pdf(review_db: Path, run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "review.pdf"
    done = run_cli("render", "learning", "justice", "--db", str(review_db), "-o", str(out))
    assert done.code == 0, done.stderr
    pdf = read_pdf(out.read_bytes())
    first = " ".join(pdf.page_texts[0].split())
    assert "What this review is for" in first
    assert "What it is not for" in first
    assert "not for judging or ranking workers" in first
    assert "Counts of fewer than 5 people are shown as <5" in first
    assert "<5" in pdf.text
    assert "What gets in the way of the next step?" in pdf.words
    assert "not evidence that the actions caused the change" in pdf.words
    for worker in ("W-01", "W-02", "Sam Jones", "Ada Price"):
        assert worker not in pdf.text
    assert "P-0001" not in pdf.text


def test_one_workers_own_review_names_only_them(
    review_db: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    out = tmp_path / "mine.pdf"
    done = run_cli(
        "render", "learning", "justice", "--worker", "W-01", "--db", str(review_db), "-o", str(out)
    )
    assert done.code == 0, done.stderr
    pdf = read_pdf(out.read_bytes())
    assert "W-01 (for their own reflection)" in pdf.words
    assert "W-02" not in pdf.text
    assert "People 8 With change 8" in pdf.words  # the odd-numbered people of 17


def test_welsh_headings(review_db: Path, run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "cy.pdf"
    done = run_cli(
        "render", "learning", "justice", "--lang", "cy", "--db", str(review_db), "-o", str(out)
    )
    assert done.code == 0, done.stderr
    pdf = read_pdf(out.read_bytes())
    for heading in ("Adolygiad dysgu", "Beth nad yw ar ei gyfer", "Cwestiynau i’r tîm", "Llety"):
        assert heading in pdf.words
    assert "What it is not for" not in pdf.words


def test_no_readings_is_a_message_not_a_traceback(run_cli: RunCli, tmp_path: Path) -> None:
    done = run_cli("summary", "learning", "justice", "--db", str(tmp_path / "empty.db"))
    assert done.code != 0
    assert "no complete readings of justice" in done.stderr
    assert "Traceback" not in done.stderr


def test_questions_in_plain_words(review_db: Path) -> None:
    with open_store(str(review_db)) as store, store.read() as reader:
        review = learning_review(reader, "justice")
    everyone = STUCK_STUCK + STUCK_BELIEVING + STUCK_ACCEPTING
    assert review.questions[0] == (
        f"{everyone} of {everyone} people who started at Believing on Living skills and "
        "self-care were still there at their latest reading. What gets in the way of the next "
        "step?"
    )
    assert review.questions[-1] == (
        "On Accommodation, people with a completed action moved a median of +2 points, people "
        "without one +1 point. What about those actions helped, and who was not offered one?"
    )
    assert len(review.questions) <= 5


def test_the_terminal_summary_says_what_it_is_for(review_db: Path, run_cli: RunCli) -> None:
    done = run_cli("summary", "learning", "justice", "--db", str(review_db))
    assert done.code == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "It is not for judging or ranking workers" in text
    assert "<5" in text
    assert "Questions for the team:" in text
    for worker in ("W-01", "W-02", "Sam Jones", "Ada Price"):
        assert worker not in done.stdout


def test_few_people_are_withheld_in_the_head_counts_too(review_db: Path) -> None:
    with open_store(str(review_db)) as store, store.read() as reader:
        review = learning_review(reader, "justice", worker="W-01", smallest_group=10)
    record = review.as_record()
    assert record["people"] == {"value": None, "withheld": "fewer than 10"}
    assert record["smallest_group"] == 10
