"""The pieces that draw: the star chart's cells, the scale signs, the change column."""

from __future__ import annotations

import datetime as dt

from starframe.readings.models import Reading
from starframe.tui.pictures import change_text
from starframe.tui.widgets.radar_cells import (
    BOTH_MARK,
    CURRENT_MARK,
    EARLIER_MARK,
    Layer,
    Series,
    radar_cells,
)
from starframe.tui.widgets.scale_state import state_sign, tally_text


def text_of(cells: list[list[tuple[str, int]]]) -> str:
    return "\n".join("".join(char for char, _ in row) for row in cells)


def test_every_spoke_is_numbered_at_any_usable_size() -> None:
    for width, height in [(30, 14), (40, 20), (70, 36)]:
        shown = text_of(radar_cells(width, height, spokes=10, points=10))
        for number in range(1, 11):
            assert str(number) in shown


def test_readings_are_told_apart_by_shape_not_colour() -> None:
    current = Series((10, None, 5, 5), current=True)
    earlier = Series((5, 5, 5, None), current=False)
    cells = radar_cells(40, 20, spokes=4, points=10, series=[earlier, current])
    shown = text_of(cells)
    assert shown.count(BOTH_MARK) == 1, "both readings give 5 on spoke 3"
    assert shown.count(CURRENT_MARK) == 2
    assert shown.count(EARLIER_MARK) == 2
    top = next(row for row in cells if any(char == CURRENT_MARK for char, _ in row))
    assert [layer for char, layer in top if char == CURRENT_MARK] == [Layer.CURRENT_MARK]


def test_a_point_sits_at_its_share_of_the_radius_whatever_the_data() -> None:
    alone = text_of(radar_cells(40, 20, spokes=4, points=10, series=[Series((5,) * 4, True)]))
    beside_max = text_of(
        radar_cells(
            40,
            20,
            spokes=4,
            points=10,
            series=[Series((5,) * 4, True), Series((10,) * 4, False)],
        )
    )
    rows_alone = [i for i, row in enumerate(alone.splitlines()) if CURRENT_MARK in row]
    rows_beside = [i for i, row in enumerate(beside_max.splitlines()) if CURRENT_MARK in row]
    assert rows_alone == rows_beside


def test_too_small_a_space_draws_nothing_rather_than_garbage() -> None:
    assert text_of(radar_cells(8, 3, spokes=10, points=10)).strip() == ""


def test_change_shows_points_and_stages_moved() -> None:
    assert change_text(2, 1) == "+2↑"
    assert change_text(-3, -2) == "−3↓↓"
    assert change_text(0, 0) == "0"
    assert change_text(None, None) == ""


def test_scale_signs_read_without_colour() -> None:
    reading = Reading(
        star="tiny",
        edition="1.0",
        person="P-1",
        worker="W-1",
        date=dt.date(2024, 1, 1),
        status="draft",
        scores={"home": 3, "money": "n/a"},
        person_scores={"home": 4},
        notes={"home": "settled"},
    )
    assert state_sign(reading, "home") == "✓   3≠✎"
    assert state_sign(reading, "money") == "– n/a  "
    assert state_sign(reading, "health") == "·      "
    scales = ["home", "money", "health"]
    assert tally_text(reading, scales) == "1 of 3 scored, 1 not applicable, 1 to do"


def test_every_binding_has_an_id_a_description_and_a_tooltip() -> None:
    """The footer, the palette and user keymaps all rely on them (posting's discipline)."""
    import importlib
    import inspect
    import pkgutil

    from textual.binding import Binding

    import starframe.tui

    checked = 0
    for info in pkgutil.walk_packages(starframe.tui.__path__, "starframe.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for binding in vars(cls).get("BINDINGS", []):
                assert isinstance(binding, Binding)
                assert binding.id, binding
                assert binding.description, binding
                assert binding.tooltip, binding
                checked += 1
    assert checked > 40
