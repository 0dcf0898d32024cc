"""Focus and states told by a sign as well as a colour, so the app reads the same with NO_COLOR.

Textual turns colours to greys under NO_COLOR (and a screenshot keeps the colours), so these
tests read the screen as plain text, without any style: what is left there is what a person
without colour sees. The snapshots keep the screens at 80×24 with NO_COLOR set.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.pilot import Pilot

from starframe.tui.app import StarframeApp
from starframe.tui.widgets.radar_cells import CURRENT_MARK, Layer, Series, radar_cells
from tests.tui.conftest import drive, keys, open_practice_session, practice_as, screen_text

App = Callable[..., StarframeApp]


@pytest.fixture
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def lines_with(text: str, sign: str) -> list[str]:
    return [line for line in text.splitlines() if sign in line]


def test_the_current_scale_and_the_ladder_cursor_have_signs(tui: App, seeded: Path) -> None:
    seen: list[str] = []

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter")  # the draft: at Mental health, the first to do
        seen.append(screen_text(pilot.app))
        await keys(pilot, "down", "right")  # the ladder's cursor one down; the next scale
        seen.append(screen_text(pilot.app))

    drive(tui(), scenario)
    first, then = seen
    assert "│ → ·       Mental health" in first
    assert "→  1  " in first, "the cursor starts on the journey's first point"
    assert "│ → ·       Friends" in then, "the → moved to the next scale"
    assert "│   ·       Mental health" in then
    assert len(lines_with(then, "│ → ")) == 1, "one current scale"
    assert "→  1  " in then, "a new scale's ladder starts at its first point again"


def test_the_ladder_cursor_moves_with_up_and_down(tui: App, seeded: Path) -> None:
    seen: list[str] = []

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "down")
        seen.append(screen_text(pilot.app))

    drive(tui(), scenario)
    assert "→  2  " in seen[0]
    assert "→  1  " not in seen[0]


def test_a_ticked_box_shows_a_tick_and_an_empty_one_nothing(tui: App, seeded: Path) -> None:
    seen: list[str] = []

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "n")
        seen.append(screen_text(pilot.app))
        pilot.app.screen.query_one("#start-retro").focus()
        await keys(pilot, "space")
        seen.append(screen_text(pilot.app))

    drive(tui(), scenario)
    before, after = ("".join(lines_with(shot, "retrospective")) for shot in seen)
    assert "▐ ▌ retrospective" in before
    assert "▐✓▌ retrospective" in after


def test_the_focused_form_row_is_marked(tui: App, seeded: Path) -> None:
    seen: list[str] = []

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "n")  # the person's code has the focus
        seen.append(screen_text(pilot.app))
        await keys(pilot, "tab")
        seen.append(screen_text(pilot.app))

    drive(tui(), scenario)
    first, then = seen
    assert [line.split()[1] for line in lines_with(first, "▶")] == ["Person"]
    assert [line.split()[1] for line in lines_with(then, "▶")] == ["Worker"]


def test_a_focused_list_has_a_heavy_border(tui: App) -> None:
    """The practice Cases list had no focus style at all."""
    seen: list[str] = []

    async def scenario(pilot: Pilot[Any]) -> None:
        await practice_as(pilot, "Ana Silva")  # Enter in the code field moves on to the cases
        seen.append(screen_text(pilot.app))

    drive(tui(), scenario)
    assert "┏━ Cases" in seen[0]
    assert "╭─ Practice" in seen[0], "the form, not focused, keeps its round border"


def test_the_session_code_is_shown_large(tui: App, db: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr("starframe.practice.writer.new_code", lambda: "K7P-2QX")
    code = open_practice_session(db, ["dean-after-release"])
    seen: list[str] = []

    async def scenario(pilot: Pilot[Any]) -> None:
        await practice_as(pilot, "", code)
        await keys(pilot, "ctrl+t")
        seen.append(screen_text(pilot.app))

    drive(tui(), scenario)
    from starframe.tui.widgets.big_code import BigCode

    for row in BigCode("K7P-2QX").rows():
        assert row.rstrip() in seen[0]
    assert "Session K7P-2QX · open" in seen[0], "and in plain letters, to copy"


def test_a_key_that_cannot_act_is_struck_through_in_the_footer(tui: App, seeded: Path) -> None:
    """On a draft's Finish screen My Star cannot act: the footer strikes it through, not only
    dims it (a dimmed key is a shade, lost without colour); a key that can act is not."""
    from textual.widgets._footer import FooterKey

    styles: dict[str, bool] = {}

    async def scenario(pilot: Pilot[Any]) -> None:
        await keys(pilot, "c", "enter", "f")
        for key in pilot.app.screen.query(FooterKey):
            styles[key.description] = bool(key.rich_style.strike)

    drive(tui(), scenario, size=(120, 40))
    assert styles["My Star"] is True
    assert styles["Add action"] is False


def test_without_colour_a_highlighted_line_is_reversed(
    tui: App, seeded: Path, no_color: None
) -> None:
    """Under NO_COLOR the highlight's colours become greys a shade apart: reverse video keeps
    the home menu's highlighted line and the drafts table's cursor row plain."""
    from textual.widgets import DataTable, OptionList

    reversed_: dict[str, bool] = {}

    async def scenario(pilot: Pilot[Any]) -> None:
        menu = pilot.app.screen.query_one("#home-menu", OptionList)
        style = menu.get_component_rich_style("option-list--option-highlighted")
        reversed_["menu"] = bool(style.reverse)
        await keys(pilot, "c")
        table = pilot.app.screen.query_one("#drafts-table", DataTable)
        reversed_["table"] = bool(table.get_component_rich_style("datatable--cursor").reverse)

    drive(tui(), scenario)
    assert reversed_ == {"menu": True, "table": True}


# The chart: few elements, each in its own line style


@given(st.integers(0, 39), st.integers(0, 19), st.integers(0, 39), st.integers(0, 19))
def test_a_cell_shows_the_dots_of_one_layer_only(gx: int, gy: int, lx: int, ly: int) -> None:
    """A grid dot and a reading's dot in one cell would make a texture of neither: the cell
    shows the reading's dots alone."""
    from starframe.tui.widgets.braille import BRAILLE_BLANK, DotCanvas

    alone, both = DotCanvas(20, 5), DotCanvas(20, 5)
    alone.dot(lx, ly, Layer.CURRENT)
    both.dot(gx, gy, Layer.RING)
    both.dot(lx, ly, Layer.CURRENT)
    cell = (ly // 4, lx // 2)
    shown = both.cells()[cell[0]][cell[1]]
    assert shown == alone.cells()[cell[0]][cell[1]]
    assert ord(shown[0]) > BRAILLE_BLANK


def dots(cells: list[list[tuple[str, int]]], layer: Layer) -> int:
    return sum(
        bin(ord(char) - 0x2800).count("1")
        for row in cells
        for char, at in row
        if at == layer and "\u2800" <= char <= "\u28ff"
    )


def test_the_current_reading_is_drawn_thicker_than_an_earlier_one() -> None:
    values = (8, 3, 6, 9, 2, 7)
    current = radar_cells(50, 24, spokes=6, points=10, series=[Series(values, True)])
    earlier = radar_cells(50, 24, spokes=6, points=10, series=[Series(values, False)])
    assert dots(current, Layer.CURRENT) >= 1.6 * dots(earlier, Layer.EARLIER)


def test_rings_only_at_the_stages_not_at_every_point() -> None:
    """One spoke, pointing up, and the outer ring alone: below the centre, inside the ring,
    nothing is drawn (a ring per point made a field of dots)."""
    cells = radar_cells(60, 28, spokes=1, points=10, stage_ends=(10,))
    rows = ["".join(char for char, _ in row) for row in cells]
    drawn = [i for i, row in enumerate(rows) if row.strip()]
    for row in rows[len(rows) // 2 + 1 : drawn[-1] - 2]:
        assert len(row.split()) == 2, f"only the ring's two sides: {row!r}"
    with_stages = radar_cells(60, 28, spokes=1, points=10, stage_ends=(5, 10))
    assert dots(with_stages, Layer.STAGE_RING) > dots(cells, Layer.STAGE_RING)


@pytest.mark.parametrize("size", [(30, 12), (46, 18), (70, 36)])
def test_a_spoke_number_stands_clear_of_a_marker_at_its_tip(size: tuple[int, int]) -> None:
    cells = radar_cells(*size, spokes=10, points=10, series=[Series((10,) * 10, True)])
    for row in cells:
        chars = [char for char, _ in row]
        for at, char in enumerate(chars):
            if char.isdigit():
                beside = chars[max(at - 1, 0) : at + 2]
                assert CURRENT_MARK not in beside, "".join(chars)
    shown = "\n".join("".join(char for char, _ in row) for row in cells)
    for number in range(1, 11):
        assert str(number) in shown


def test_every_code_character_has_its_own_large_glyph() -> None:
    """A code read out from the large type must not be taken for another one."""
    from starframe.practice.sessions import CODE_ALPHABET
    from starframe.tui.widgets.big_code import glyph

    glyphs = {character: glyph(character) for character in CODE_ALPHABET + "-"}
    assert len(set(glyphs.values())) == len(glyphs)
    for character, rows in glyphs.items():
        assert all(len(row) == 3 for row in rows), character
        assert character not in "".join(rows), f"{character} is drawn, not written"


# Snapshots without colour, at 80×24

SCREENS = {
    "scoring": ("c", "enter", "down"),
    "start_ticked": ("n", "tab", "tab", "tab", "tab", "space"),
    "history_chart": ("f", "4", "2", "enter"),
    "chart": ("c", "enter", "s"),
    "finish_footer": ("c", "enter", "f"),
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_without_colour(
    screen: str, tui: App, seeded: Path, no_color: None, snap_screens: Callable[..., None]
) -> None:
    snap_screens(tui(), press=SCREENS[screen], sizes=[(80, 24)])


def test_practice_cases_without_colour(
    tui: App, no_color: None, snap_screens: Callable[..., None]
) -> None:
    snap_screens(tui(), before=lambda pilot: practice_as(pilot, "Ana Silva"), sizes=[(80, 24)])
