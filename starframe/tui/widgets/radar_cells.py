"""Draw a star chart into terminal cells: a spoke per scale, a ring per point, and readings.

The geometry is fixed by the Star, never by the data: point `k` of `points` always sits at
`k/points` of the radius, so two charts of the same Star can be compared by eye (the same
reason the PDF chart draws its own rings). Readings are told apart by shape as well as by
colour: the current reading has solid lines and filled markers ●, earlier ones dashed lines
and hollow markers ○ (◉ where both fall in one cell), which survives NO_COLOR and printing.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import IntEnum

from starframe.tui.widgets.braille import Cell, DotCanvas

CURRENT_MARK, EARLIER_MARK, BOTH_MARK = "●", "○", "◉"
LABEL_MARGIN = 3
"""Columns kept free left and right of the outer ring for the spoke numbers."""


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

    `stage_ends` are the last points of the journey's stages: their rings are drawn solid,
    the other points' rings dotted, so the stages read as bands.
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
    """Spokes, a solid outer ring, dotted stage rings, and faint point rings where they fit."""
    spacing = g.radius / g.points
    for point in range(1, g.points + 1):
        r = g.radius * point / g.points
        if point == g.points:
            canvas.circle(g.centre, r, Layer.STAGE_RING)
        elif point in stage_ends:
            canvas.circle(g.centre, r, Layer.STAGE_RING, every=2)
        elif spacing >= 2.5:
            canvas.circle(g.centre, r, Layer.RING, every=6)
    for spoke in range(g.spokes):
        canvas.line(g.centre, g.at(spoke, g.radius), Layer.RING, dash=1)


def _lines(canvas: DotCanvas, g: _Geometry, one: Series) -> None:
    """Join neighbouring scored spokes; a gap where a scale is unscored or not applicable."""
    layer = Layer.CURRENT if one.current else Layer.EARLIER
    dash = 0 if one.current else 2
    count = len(one.values)
    for spoke in range(count if count > 2 else count - 1):
        here, there = one.values[spoke], one.values[(spoke + 1) % count]
        if here is not None and there is not None:
            end = g.point((spoke + 1) % count, there)
            canvas.line(g.point(spoke, here), end, layer, dash=dash)


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
    for spoke in range(g.spokes):
        label = str(spoke + 1)
        x, y = g.at(spoke, g.radius + 4)
        left = math.cos(g.angle(spoke)) < -0.2
        col = int(x // 2) - (len(label) - 1 if left else 0)
        canvas.text(col, int(y // 4), label, Layer.LABEL)
