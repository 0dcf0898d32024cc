"""A person's report and a reading's report, built from a real store and read back."""

from __future__ import annotations

import pytest

from starframe.definition.models import Star
from starframe.readings.store import open_store
from starframe.render.loading import PersonInputs, load_person
from starframe.render.report import render_report
from starframe.render.report_content import ReportView, person_view, reading_view
from tests.render.conftest import GREEK, LONG_NOTE, MARKUP_NOTE, POLISH, WELSH, Seeded, read_pdf


def inputs(seeded: Seeded, code: str) -> PersonInputs:
    with open_store(str(seeded.db)) as store, store.read() as reader:
        return load_person(reader, code, "justice", None)


def view_of(seeded: Seeded, code: str) -> ReportView:
    found = inputs(seeded, code)
    return person_view(found.star, found.journey, found.latest, found.workers, code)


@pytest.fixture(scope="module")
def p1_pdf(seeded: Seeded) -> bytes:
    return render_report(view_of(seeded, "P-0001"))


def test_the_chart_shows_first_previous_and_latest(seeded: Seeded) -> None:
    view = view_of(seeded, "P-0001")
    assert [label for label, _ in view.charted] == ["First", "Previous", "Latest"]
    assert [str(line.date) for _, line in view.charted] == [
        "2024-01-10",
        "2024-05-02",
        "2024-09-20",
    ]
    assert [label for label, _ in view_of(seeded, "P-0002").charted] == ["Latest"]


def test_the_score_lines_carry_the_summary(seeded: Seeded, justice: Star) -> None:
    lines = {line.scale.id: line for line in view_of(seeded, "P-0001").lines}
    accommodation = lines["accommodation"]
    assert accommodation.score == 6
    assert accommodation.stage == "Believing"
    assert accommodation.first_stage == "Stuck"
    assert (accommodation.since_first, accommodation.since_previous) == (4, 2)
    assert accommodation.person_score == 9
    assert lines["parenting-caring"].score == "n/a"
    assert lines["parenting-caring"].since_first is None
    assert [line.scale.id for line in lines.values()] == [s.id for s in justice.scales]


def test_every_label_score_and_stage_is_printed(
    p1_pdf: bytes, justice: Star, seeded: Seeded
) -> None:
    pdf = read_pdf(p1_pdf)
    first_page = pdf.page_texts[0]
    for scale in justice.scales:
        assert scale.label in first_page
    for line in view_of(seeded, "P-0001").lines:
        if line.score == "n/a":
            row = f"{line.scale.name} n/a not applicable — —"
        else:
            row = f"{line.scale.name} {line.score} {line.stage} (was {line.first_stage}) +4 +2"
        assert row in " ".join(first_page.split())
    for text in ("Accommodation 6 Believing (was Stuck) +4 +2 9", "Sam Jones (W-01)", "P-0001"):
        assert text in pdf.words
    for date in ("2024-01-10", "2024-05-02", "2024-09-20"):
        assert date in first_page


def test_notes_and_the_action_plan_print_as_typed(p1_pdf: bytes) -> None:
    pdf = read_pdf(p1_pdf)
    assert MARKUP_NOTE in pdf.words
    for text in (WELSH, POLISH, GREEK, "Keep paying the rent on time", "No children."):
        assert text in pdf.words
    assert "By: 2024-10-31" in pdf.words


def test_a_long_note_flows_over_pages(p1_pdf: bytes) -> None:
    pdf = read_pdf(p1_pdf)
    assert pdf.pages == 4
    assert LONG_NOTE.split(". ")[-1] in pdf.words
    assert all(f"Page {n} of 4" in text for n, text in enumerate(pdf.page_texts, start=1))
    assert "Justice Star · edition 1.0" in pdf.page_texts[-1]


def test_a_short_report_fits_on_one_page(seeded: Seeded) -> None:
    assert read_pdf(render_report(view_of(seeded, "P-0002"))).pages == 1


def test_rendering_twice_gives_identical_bytes(seeded: Seeded, p1_pdf: bytes) -> None:
    assert render_report(view_of(seeded, "P-0001")) == p1_pdf


def test_a_reading_report_of_a_draft(seeded: Seeded) -> None:
    with open_store(str(seeded.db)) as store, store.read() as reader:
        reading = reader.reading(seeded.reading_ids["p3-draft"])
        assert reading.definition is not None
        star = reader.star(reading.definition)
    view = reading_view(star, reading, {"W-01": "Sam Jones"})
    assert [label for label, _ in view.charted] == ["Reading"]
    pdf = read_pdf(render_report(view))
    assert "Reading · edition 1.0" in pdf.text
    assert "draft" in pdf.words
    assert "Since first" not in pdf.text
    for scale in star.scales:
        assert scale.label in pdf.text
