"""Draw a star chart into terminal cells: a spoke per scale, the stages' rings, and readings.

The geometry is fixed by the Star, never by the data: point `k` of `points` always sits at
`k/points` of the radius, so two charts of the same Star can be compared by eye (the same
reason the PDF chart draws its own rings). Only a few elements are drawn, so each can be
followed in Braille's one texture: dotted spokes, the stages' rings (the outer one solid, the
inner ones sparse dots), the readings, and each spoke's number beyond its tip. Readings are
told apart by shape as well as by colour: the current reading has a thick solid line and
filled markers ●, an earlier one a thin line and hollow markers ○ (◉ where both fall in one
cell), which survives NO_COLOR and printing.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import IntEnum

from starframe.tui.widgets.braille import Cell, DotCanvas

CURRENT_MARK, EARLIER_MARK, BOTH_MARK = "●", "○", "◉"
LABEL_MARGIN = 4
"""Columns kept free left and right of the outer ring for the spoke numbers."""
LABEL_GAP = 2
"""Columns between a spoke's tip and its number beside it (one left blank)."""


class Layer(IntEnum):
    """What a cell shows, in order of importance: a higher layer wins the cell's style."""

    EMPTY = 0
    RING = 1
    STAGE_RING = 2
    EARLIER = 3
    CURRENT = 4
    LABEL = 5
    EARLIER_MARK = 6
    CURRENT_MARK = 7


@dataclass(frozen=True)
class Series:
    """One reading on the chart: a point per spoke, None where unscored or not applicable."""

    values: tuple[int | None, ...]
    current: bool


@dataclass(frozen=True)
class _Geometry:
    centre: tuple[float, float]
    radius: float
    spokes: int
    points: int

    def angle(self, spoke: int) -> float:
        return -math.pi / 2 + 2 * math.pi * spoke / self.spokes

    def at(self, spoke: int, r: float) -> tuple[float, float]:
        angle = self.angle(spoke)
        return self.centre[0] + r * math.cos(angle), self.centre[1] + r * math.sin(angle)

    def point(self, spoke: int, value: int) -> tuple[float, float]:
        return self.at(spoke, self.radius * min(max(value, 0), self.points) / self.points)


def radar_cells(
    width: int,
    height: int,
    *,
    spokes: int,
    points: int,
    series: Sequence[Series] = (),
    stage_ends: Collection[int] = (),
) -> list[list[Cell]]:
    """The chart as rows of (character, layer) cells; spokes are numbered from 1 at the top.

    `stage_ends` are the last points of the journey's stages: a ring is drawn at each, so the
    stages read as bands; the other points have none.
    """
    canvas = DotCanvas(width, height)
    radius = min((width - 2 * LABEL_MARGIN) * 2, (height - 2) * 4) / 2 - 1
    if spokes < 1 or points < 1 or radius < 4:
        return canvas.cells()
    geometry = _Geometry((float(width), float(height * 2)), radius, spokes, points)
    _grid(canvas, geometry, stage_ends)
    for one in sorted(series, key=lambda s: s.current):
        _lines(canvas, geometry, one)
    _markers(canvas, geometry, series)
    _labels(canvas, geometry)
    return canvas.cells()


def _grid(canvas: DotCanvas, g: _Geometry, stage_ends: Collection[int]) -> None:
    """Spokes and the stages' rings, nothing more: a ring per point made a field of dots in
    which the readings could not be followed. The outer ring is solid, the inner stage rings
    sparse dots, so neither looks like a reading's line."""
    for point in sorted({*stage_ends, g.points}):
        if 0 < point <= g.points:
            r = g.radius * point / g.points
            canvas.circle(g.centre, r, Layer.STAGE_RING, every=1 if point == g.points else 4)
    for spoke in range(g.spokes):
        canvas.line(g.centre, g.at(spoke, g.radius), Layer.RING, every=3)


def _lines(canvas: DotCanvas, g: _Geometry, one: Series) -> None:
    """Join neighbouring scored spokes; a gap where a scale is unscored or not applicable.

    The current reading is drawn two dots thick, earlier ones one dot thin, so the two shapes
    differ in line as well as colour (a dashed line is lost among the grid's dots)."""
    layer = Layer.CURRENT if one.current else Layer.EARLIER
    count = len(one.values)
    for spoke in range(count if count > 2 else count - 1):
        here, there = one.values[spoke], one.values[(spoke + 1) % count]
        if here is None or there is None:
            continue
        (x0, y0), (x1, y1) = g.point(spoke, here), g.point((spoke + 1) % count, there)
        if one.current:
            # the second stroke one dot across the line's main direction
            dx, dy = (0.0, 1.0) if abs(x1 - x0) >= abs(y1 - y0) else (1.0, 0.0)
            canvas.line((x0 + dx, y0 + dy), (x1 + dx, y1 + dy), layer)
        canvas.line((x0, y0), (x1, y1), layer)


def _markers(canvas: DotCanvas, g: _Geometry, series: Sequence[Series]) -> None:
    marks: dict[tuple[int, int], set[bool]] = {}
    for one in series:
        for spoke, value in enumerate(one.values):
            if value is not None:
                x, y = g.point(spoke, value)
                marks.setdefault((int(x // 2), int(y // 4)), set()).add(one.current)
    for (col, row), kinds in marks.items():
        if kinds == {True, False}:
            canvas.glyph(col, row, BOTH_MARK, Layer.CURRENT_MARK)
        elif True in kinds:
            canvas.glyph(col, row, CURRENT_MARK, Layer.CURRENT_MARK)
        else:
            canvas.glyph(col, row, EARLIER_MARK, Layer.EARLIER_MARK)


def _labels(canvas: DotCanvas, g: _Geometry) -> None:
    """Each spoke's number beyond its tip, a cell clear of a marker there: right of a tip on
    the right, ending left of one on the left, centred above or below one at top or bottom."""
    for spoke in range(g.spokes):
        label = str(spoke + 1)
        cos, sin = math.cos(g.angle(spoke)), math.sin(g.angle(spoke))
        x, y = g.at(spoke, g.radius)
        col, row = int(x // 2), int(y // 4) + (-1 if sin < -0.5 else 1 if sin > 0.5 else 0)
        if cos < -0.3:
            col -= LABEL_GAP + len(label) - 1
        elif cos > 0.3:
            col += LABEL_GAP
        else:
            col -= (len(label) - 1) // 2
        canvas.text(col, row, label, Layer.LABEL)
