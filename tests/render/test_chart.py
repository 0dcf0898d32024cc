"""The star chart's geometry is fixed, so charts of different readings compare at a glance."""

from __future__ import annotations

import math

import pytest
from reportlab.graphics.shapes import Drawing, Group, String

from starframe.definition.models import Star
from starframe.render.chart import MAX_SERIES, ChartSeries, Geometry, fit, star_chart, style_of
from starframe.render.fonts import register_fonts


def distance(geometry: Geometry, spoke: int, point: float) -> float:
    x, y = geometry.position(spoke, point)
    return math.hypot(x - geometry.cx, y - geometry.cy)


@pytest.mark.parametrize("points", [3, 4, 10, 20])
@pytest.mark.parametrize("spokes", [3, 7, 16])
def test_a_score_of_points_is_on_the_outer_ring_and_1_on_the_innermost(
    points: int, spokes: int
) -> None:
    geometry = Geometry(100, 120, 90, points, spokes)
    rings = [geometry.ring_radius(p) for p in range(1, points + 1)]
    for spoke in range(spokes):
        assert distance(geometry, spoke, points) == pytest.approx(90)
        assert distance(geometry, spoke, points) == pytest.approx(max(rings))
        assert distance(geometry, spoke, 1) == pytest.approx(min(rings))
        assert distance(geometry, spoke, 1) == pytest.approx(90 / points)


def test_rings_are_evenly_spaced_and_never_scaled_to_the_data() -> None:
    geometry = Geometry(0, 0, 100, 10, 5)
    steps = {round(geometry.ring_radius(p + 1) - geometry.ring_radius(p), 9) for p in range(1, 10)}
    assert steps == {10.0}


def test_spoke_0_points_up_and_spokes_run_clockwise() -> None:
    geometry = Geometry(0, 0, 100, 10, 4)
    assert geometry.position(0, 10) == pytest.approx((0, 100))
    assert geometry.position(1, 10) == pytest.approx((100, 0))
    assert geometry.position(2, 10) == pytest.approx((0, -100))


def strings(node: Drawing | Group) -> list[str]:
    found: list[str] = []
    for child in node.contents:
        if isinstance(child, String):
            found.append(child.text)
        elif isinstance(child, Group):
            found += strings(child)
    return found


def test_the_chart_labels_every_spoke_and_dates_every_reading(justice: Star) -> None:
    series = [
        ChartSeries("First · 2024-01-10", {s.id: 2 for s in justice.scales}),
        ChartSeries("Latest · 2024-06-02", {s.id: 7 for s in justice.scales}),
    ]
    texts = strings(star_chart(justice, series))
    for scale in justice.scales:
        assert scale.label in texts
    assert "First · 2024-01-10" in texts
    assert "Latest · 2024-06-02" in texts
    for stage in justice.journey:
        assert any(text.endswith(stage.name) for text in texts)


def test_a_scale_not_applicable_on_every_reading_says_so(tiny: Star) -> None:
    series = [ChartSeries("Latest", {"home": 2, "money": None, "health": 3})]
    texts = strings(star_chart(tiny, series))
    assert "(not applicable)" in texts
    assert texts.count("(not applicable)") == 1


def test_a_blank_chart_numbers_its_rings(tiny: Star) -> None:
    texts = strings(star_chart(tiny, ring_numbers="all"))
    for point in range(1, tiny.points + 1):
        assert str(point) in texts


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_the_latest_reading_is_always_the_solid_line(count: int) -> None:
    styles = [style_of(i, count) for i in range(count)]
    assert styles[-1].dash is None
    assert styles[-1].marker == "circle"
    assert len({(s.dash, s.marker) for s in styles}) == count


def test_more_than_four_readings_is_refused(tiny: Star) -> None:
    series = [ChartSeries(f"r{i}", {"home": 1}) for i in range(MAX_SERIES + 1)]
    with pytest.raises(ValueError, match="at most 4"):
        star_chart(tiny, series)


def test_a_score_outside_the_scale_is_refused(tiny: Star) -> None:
    with pytest.raises(ValueError, match=r"outside 1\.\.4"):
        star_chart(tiny, [ChartSeries("Latest", {"home": 5})])


def test_fit_shortens_only_what_is_too_wide() -> None:
    regular, _ = register_fonts()
    assert fit("Short", 200, regular, 8) == "Short"
    cut = fit("A very long stage name " * 5, 60, regular, 8)
    assert cut.endswith("…")
    assert len(cut) < 30
