"""Whatever readings and notes people type, rendering never fails."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from starframe.definition.models import NA, Star
from starframe.readings.models import ActionItem, Reading
from starframe.readings.summaries import Journey, ReadingSummary, ScaleReading
from starframe.render.report import render_report
from starframe.render.report_content import person_view, reading_view
from starframe.render.text import escape
from tests.conftest import STORABLE_CHARACTERS, TINY_STAR
from tests.render.conftest import read_pdf, star_from

TINY = star_from(TINY_STAR)
SCALES = [scale.id for scale in TINY.scales]
note = st.text(
    alphabet=st.one_of(STORABLE_CHARACTERS, st.just("\n")), min_size=1, max_size=400
).filter(str.strip)
score = st.one_of(st.integers(1, TINY.points), st.just(NA))
days = st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def readings(draw: st.DrawFn, star: Star = TINY) -> Reading:
    scored = draw(st.lists(st.sampled_from(SCALES), unique=True))
    return Reading(
        star=star.id,
        edition=star.edition,
        person=draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,10}", fullmatch=True)),
        worker="W-1",
        date=draw(days),
        status="draft",
        scores={scale: draw(score) for scale in scored},
        note=draw(st.none() | note),
        notes=draw(st.dictionaries(st.sampled_from(SCALES), note, max_size=3)),
        actions=draw(
            st.lists(
                st.builds(
                    ActionItem,
                    scale=st.sampled_from(SCALES),
                    goal=note,
                    steps=st.none() | note,
                ),
                max_size=2,
            )
        ),
    )


@SETTINGS
@given(readings())
def test_any_reading_renders(reading: Reading) -> None:
    pdf = read_pdf(render_report(reading_view(TINY, reading, {"W-1": "Worker"})))
    assert pdf.pages >= 1
    assert "Page 1 of" in pdf.page_texts[0]


def scale_reading(draw: st.DrawFn, scale: str) -> ScaleReading:
    value = draw(st.none() | score)
    change = st.none() | st.integers(-TINY.points, TINY.points)
    stage = TINY.stage_of(value).name if isinstance(value, int) else None
    return ScaleReading(
        scale,
        value,
        stage,
        draw(st.none() | st.integers(1, TINY.points)),
        draw(change),
        draw(change),
        draw(st.none() | st.integers(-2, 2)),
        draw(st.none() | st.integers(-2, 2)),
    )


@st.composite
def journeys(draw: st.DrawFn) -> Journey:
    count = draw(st.integers(1, 6))
    dates = sorted(draw(st.lists(days, min_size=count, max_size=count)))
    summaries = [
        ReadingSummary(
            f"{n:032x}",
            day,
            "W-1",
            "collaborative",
            draw(st.booleans()),
            [scale_reading(draw, scale) for scale in SCALES],
        )
        for n, day in enumerate(dates)
    ]
    return Journey(
        TINY.id, TINY.edition, TINY.name, [(s.id, s.label) for s in TINY.scales], summaries
    )


@SETTINGS
@given(journeys(), readings())
def test_any_journey_renders(journey: Journey, latest: Reading) -> None:
    view = person_view(TINY, journey, latest, {}, "P-1")
    assert len(view.charted) == min(len(journey.readings), 3)
    assert read_pdf(render_report(view)).pages >= 1


@given(st.text())
def test_escaped_text_never_holds_markup(text: str) -> None:
    escaped = escape(text)
    assert "<" not in escaped.replace("<br/>", "")
    assert all(part.startswith(("amp;", "lt;", "gt;")) for part in escaped.split("&")[1:])
