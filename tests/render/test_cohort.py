"""The cohort report, from the store's cohort summary."""

from __future__ import annotations

import pytest

from starframe.definition.models import Star
from starframe.readings.store import open_store
from starframe.readings.stored import CohortRow
from starframe.readings.summaries import select_cohort, summarise_cohort
from starframe.render.cohort import AverageShapes, average_shapes, render_cohort
from tests.render.conftest import Seeded, read_pdf


def test_average_shapes_use_the_people_with_change() -> None:
    rows = [
        CohortRow("home", 2, 3, 6, True, 2),
        CohortRow("home", 4, None, 4, True, 1),
        CohortRow("home", None, None, 9, False, 5),
        CohortRow("money", 1, 2, None, True, 3),
    ]
    shapes = average_shapes(rows)
    assert shapes.first == {"home": pytest.approx(8 / 3)}
    assert shapes.latest == {"home": pytest.approx(16 / 3)}
    assert shapes.people == 3


def test_without_change_the_latest_shape_is_everyone() -> None:
    shapes = average_shapes([CohortRow("home", 3, None, 3, False, 4)])
    assert shapes == AverageShapes({}, {"home": 3.0}, 4)


@pytest.fixture(scope="module")
def cohort_pdf(seeded: Seeded) -> tuple[bytes, Star]:
    with open_store(str(seeded.db)) as store, store.read() as reader:
        selection = select_cohort(reader, "justice")
    summary = summarise_cohort(selection)
    star = selection.star
    return render_cohort(star, summary, average_shapes(selection.rows)), star


def test_the_cohort_report_shows_every_part(cohort_pdf: tuple[bytes, Star]) -> None:
    data, star = cohort_pdf
    pdf = read_pdf(data)
    for heading in (
        "Average shapes",
        "Distance travelled",
        "Stage movement",
        "Where people are now",
    ):
        assert heading in pdf.text
    for scale in star.scales:
        assert scale.label in pdf.text
        assert scale.name in pdf.words
    for stage in star.journey:
        assert stage.name in pdf.text
    # Two people: every count of them is withheld as fewer than 5, and the bars are grey.
    assert "Mean first reading (n<5)" in pdf.text
    assert "People <5" in pdf.words
    assert "withheld (fewer than 5, or would reveal one)" in pdf.words
    assert "<5: fewer than 5 people, withheld so no one can be picked out" in pdf.words
    assert pdf.pages == 3  # the notes on what the figures rest on take a third page


def test_the_cohort_report_is_byte_identical_twice(
    seeded: Seeded, cohort_pdf: tuple[bytes, Star]
) -> None:
    with open_store(str(seeded.db)) as store, store.read() as reader:
        selection = select_cohort(reader, "justice")
    summary = summarise_cohort(selection)
    assert render_cohort(cohort_pdf[1], summary, average_shapes(selection.rows)) == cohort_pdf[0]
