"""The star chart: a ReportLab Drawing with one spoke per scale on a fixed 1..points scale.

ReportLab's SpiderChart scales every series to the largest value in the data, which would make
two people's charts (or one person's charts a year apart) incomparable, and it draws no rings.
So the polygons are drawn here on a fixed geometry: ring k is at k/points of the radius, the
outer ring is `points`, the innermost is 1, and the journey's stages are bands of rings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from starframe.definition.models import Star
from starframe.render.fonts import register_fonts
from starframe.render.theme import INK, MUTED, RULE, SERIES_STYLES, WHITE, SeriesStyle, Theme

MAX_SERIES = len(SERIES_STYLES)
LABEL_SIZE = 8.0
LEGEND_SIZE = 7.5
NUMBER_SIZE = 5.5
LEGEND_ROW = 12.0
NUMBER_SPACING = 11.0
"""Ring numbers are printed on a spoke only where neighbouring spokes are this far apart."""

RingNumbers = Literal["first", "all"]


@dataclass(frozen=True)
class ChartSeries:
    """One reading (or a cohort's average) on the chart.

    A scale missing from `scores`, or None, has no point on this line. Averages may fall
    between rings.
    """

    label: str
    scores: Mapping[str, float | None]


@dataclass(frozen=True)
class Geometry:
    """Where points fall: spoke 0 points straight up and the spokes run clockwise."""

    cx: float
    cy: float
    radius: float
    points: int
    spokes: int

    def angle(self, spoke: int) -> float:
        return math.pi / 2 - 2 * math.pi * spoke / self.spokes

    def ring_radius(self, point: float) -> float:
        return self.radius * point / self.points

    def position(self, spoke: int, point: float) -> tuple[float, float]:
        r = self.ring_radius(point)
        a = self.angle(spoke)
        return self.cx + r * math.cos(a), self.cy + r * math.sin(a)

    def ring(self, point: float) -> list[float]:
        """The ring through `point` on every spoke, as a flat list of coordinates."""
        return [c for spoke in range(self.spokes) for c in self.position(spoke, point)]

    @property
    def outer(self) -> float:
        """The chart's edge: half a ring beyond the last point, where the last stage ends."""
        return self.ring_radius(self.points + 0.5)


def star_chart(
    star: Star,
    series: Sequence[ChartSeries] = (),
    *,
    width: float = 480,
    theme: Theme | None = None,
    ring_numbers: RingNumbers = "first",
    not_applicable_label: str = "(not applicable)",
) -> Drawing:
    """The chart with a legend of readings (with dates) and a key to the stages beneath it.

    `not_applicable_label` goes under a scale marked n/a on every reading shown (a report in
    another language passes its own words)."""
    if len(series) > MAX_SERIES:
        raise ValueError(f"a chart shows at most {MAX_SERIES} readings, got {len(series)}")
    regular, _ = register_fonts()
    theme = theme or Theme.for_star(star)
    not_applicable = _not_applicable(star, series)
    labels = [
        [scale.label, not_applicable_label] if scale.id in not_applicable else [scale.label]
        for scale in star.scales
    ]
    label_width = max(stringWidth(line, regular, LABEL_SIZE) for lines in labels for line in lines)
    legend_height = LEGEND_ROW * max(len(series), len(star.journey)) + 10
    outer = max(width / 2 - label_width - 14, width / 6)
    radius = outer * star.points / (star.points + 0.5)
    top_room = 2.5 * LABEL_SIZE + 8
    height = legend_height + 2 * (outer + top_room)
    geometry = Geometry(
        width / 2, legend_height + outer + top_room, radius, star.points, len(star.scales)
    )
    drawing = Drawing(width, height, hAlign="CENTER")
    drawing.add(_stage_bands(star, geometry, theme))
    drawing.add(_web(geometry, not_applicable, star))
    drawing.add(_ring_numbers(geometry, ring_numbers, regular))
    drawing.add(_spoke_labels(geometry, labels, regular))
    for index, one in enumerate(series):
        drawing.add(
            _series(
                star, geometry, one, style_of(index, len(series)), last=index == len(series) - 1
            )
        )
    drawing.add(_legend(star, series, theme, width, legend_height, regular))
    return drawing


def style_of(index: int, count: int) -> SeriesStyle:
    """The latest reading (the last) always gets the first, boldest style: a solid line."""
    return SERIES_STYLES[count - 1 - index]


def _not_applicable(star: Star, series: Sequence[ChartSeries]) -> set[str]:
    """Scales marked not applicable on every reading shown (a blank chart marks none)."""
    return {
        scale.id
        for scale in star.scales
        if series and all(scale.id in s.scores and s.scores[scale.id] is None for s in series)
    }


def _stage_bands(star: Star, geometry: Geometry, theme: Theme) -> Group:
    group = Group()
    tints = theme.stage_tints(len(star.journey))
    for stage, tint in reversed(list(zip(star.journey, tints, strict=True))):
        edge = geometry.ring(stage.last + 0.5)
        group.add(Polygon(edge, fillColor=tint, strokeColor=None, strokeWidth=0))
    return group


def _web(geometry: Geometry, not_applicable: set[str], star: Star) -> Group:
    group = Group()
    for point in range(1, geometry.points + 1):
        group.add(Polygon(geometry.ring(point), fillColor=None, strokeColor=RULE, strokeWidth=0.4))
    for spoke, scale in enumerate(star.scales):
        x, y = geometry.position(spoke, geometry.points + 0.5)
        dash = (2, 2) if scale.id in not_applicable else None
        group.add(
            Line(
                geometry.cx,
                geometry.cy,
                x,
                y,
                strokeColor=MUTED,
                strokeWidth=0.6,
                strokeDashArray=dash,
            )
        )
    return group


def _ring_numbers(geometry: Geometry, which: RingNumbers, font: str) -> Group:
    group = Group()
    gap = 2 * math.sin(math.pi / geometry.spokes)
    for spoke in range(geometry.spokes):
        for point in range(1, geometry.points + 1):
            x, y = geometry.position(spoke, point)
            roomy = geometry.ring_radius(point) * gap >= NUMBER_SPACING
            if spoke == 0 or (which == "all" and roomy):
                group.add(Circle(x, y, 3.6, fillColor=WHITE, strokeColor=RULE, strokeWidth=0.3))
                group.add(
                    String(
                        x,
                        y - NUMBER_SIZE * 0.35,
                        str(point),
                        fontName=font,
                        fontSize=NUMBER_SIZE,
                        fillColor=MUTED,
                        textAnchor="middle",
                    )
                )
            elif which == "all":
                group.add(Circle(x, y, 0.9, fillColor=MUTED, strokeColor=None, strokeWidth=0))
    return group


def _spoke_labels(geometry: Geometry, labels: Sequence[Sequence[str]], font: str) -> Group:
    group = Group()
    for spoke, lines in enumerate(labels):
        angle = geometry.angle(spoke)
        cos, sin = math.cos(angle), math.sin(angle)
        r = geometry.outer + 6
        x, y = geometry.cx + r * cos, geometry.cy + r * sin
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        block = LABEL_SIZE * 1.15 * len(lines)
        top = y + (block if sin > 0.2 else block / 2 if sin > -0.2 else 0)
        for row, line in enumerate(lines):
            group.add(
                String(
                    x,
                    top - LABEL_SIZE * (row + 1) * 1.1 + 1,
                    line,
                    fontName=font,
                    fontSize=LABEL_SIZE if row == 0 else LABEL_SIZE - 1.5,
                    fillColor=MUTED if row else INK,
                    textAnchor=anchor,
                )
            )
    return group


def _series(
    star: Star, geometry: Geometry, one: ChartSeries, style: SeriesStyle, *, last: bool
) -> Group:
    group = Group()
    vertices: list[tuple[float, float]] = []
    for spoke, scale in enumerate(star.scales):
        score = one.scores.get(scale.id)
        if score is None:
            continue
        if not 1 <= score <= star.points:
            raise ValueError(f"{scale.id}: score {score} is outside 1..{star.points}")
        vertices.append(geometry.position(spoke, score))
    flat = [c for vertex in vertices for c in vertex]
    line = {
        "strokeColor": style.colour,
        "strokeWidth": 1.6,
        "strokeDashArray": style.dash,
        "strokeLineJoin": 1,
        "strokeLineCap": 1,
    }
    if len(vertices) >= 3:
        fill = {"fillColor": style.colour, "fillOpacity": 0.12} if last else {"fillColor": None}
        group.add(Polygon(flat, **line, **fill))
    elif len(vertices) == 2:
        group.add(PolyLine(flat, **line))
    for x, y in vertices:
        group.add(marker(style, x, y))
    return group


def marker(style: SeriesStyle, x: float, y: float, size: float = 3.2) -> Polygon | Circle | Rect:
    """The reading's marker, so readings differ in shape and not only in colour."""
    common = {"fillColor": style.colour, "strokeColor": WHITE, "strokeWidth": 0.5}
    if style.marker == "circle":
        return Circle(x, y, size * 0.85, **common)
    if style.marker == "square":
        s = size * 0.8
        return Rect(x - s, y - s, 2 * s, 2 * s, **common)
    if style.marker == "triangle":
        return Polygon(
            [x, y + size * 1.1, x - size, y - size * 0.7, x + size, y - size * 0.7], **common
        )
    return Polygon([x, y + size, x + size, y, x, y - size, x - size, y], **common)


def _legend(
    star: Star, series: Sequence[ChartSeries], theme: Theme, width: float, height: float, font: str
) -> Group:
    group = Group()
    column = width / 2
    top = height - LEGEND_ROW
    for row, one in enumerate(series):
        style = style_of(row, len(series))
        y = top - row * LEGEND_ROW
        group.add(
            Line(
                8,
                y + 3,
                32,
                y + 3,
                strokeColor=style.colour,
                strokeWidth=1.6,
                strokeDashArray=style.dash,
                strokeLineCap=1,
            )
        )
        group.add(marker(style, 20, y + 3, 2.8))
        group.add(_text(38, y, fit(one.label, column - 46, font, LEGEND_SIZE), font))
    left = column + 8 if series else width / 2 - 90
    for row, (stage, tint) in enumerate(
        zip(star.journey, theme.stage_tints(len(star.journey)), strict=True)
    ):
        y = top - row * LEGEND_ROW
        group.add(Rect(left, y - 1, 14, 9, fillColor=tint, strokeColor=RULE, strokeWidth=0.3))
        span = str(stage.first) if stage.first == stage.last else f"{stage.first}–{stage.last}"
        text = fit(f"{span}  {stage.name}", width - left - 24, font, LEGEND_SIZE)
        group.add(_text(left + 20, y, text, font))
    return group


def _text(x: float, y: float, text: str, font: str) -> String:
    return String(x, y, text, fontName=font, fontSize=LEGEND_SIZE, fillColor=MUTED)


def fit(text: str, width: float, font: str, size: float) -> str:
    """`text`, cut short with an ellipsis if it is wider than `width` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
