"""Stacked horizontal bars, one per scale, each 100% of the people it counts.

Used for stage movement (up / same / down) and for the snapshot of stages. Each bar is scaled
to its own people, so scales answered by different numbers of people compare as shares, and
the count at the end of the bar says how many people the shares are of.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from starframe.render.chart import fit
from starframe.render.fonts import register_fonts
from starframe.render.theme import INK, MUTED, RULE, WHITE

ROW = 15.0
BAR = 10.0
SIZE = 7.5
LEGEND_ROW = 12.0


WITHHELD_FILL = colors.HexColor("#8a8a8a")
"""Grey for the people whose counts are withheld (fewer than 5, or protecting one that is):
darker than any stage fill and the light grey of "same stage", so it never reads as either."""


@dataclass(frozen=True)
class BarRow:
    label: str
    counts: Sequence[int | None]
    """People in each segment, in the order of the segments; None where withheld."""
    total: int | None = 0
    """The people the bar is of; None when that count is withheld too (the bar is then all
    grey: its shares would give the small counts away). 0: the sum of `counts`."""
    total_text: str = ""
    """How the total is printed when it is withheld (`n<5`)."""


@dataclass(frozen=True)
class Segment:
    name: str
    colour: colors.Color


def stacked_bars(rows: Sequence[BarRow], segments: Sequence[Segment], *, width: float) -> Drawing:
    """One bar per row. Withheld counts are drawn together as one grey segment at the end of
    the bar, sized by the people they hold together (the total less the shown counts, which a
    reader could work out anyway), and the legend explains the grey."""
    regular, _ = register_fonts()
    if any(None in row.counts or row.total is None for row in rows):
        segments = [
            *segments,
            Segment("withheld (fewer than 5, or would reveal one)", WITHHELD_FILL),
        ]
    label_width = min(
        max([stringWidth(r.label, regular, SIZE) for r in rows] + [40]) + 8, width / 3
    )
    count_width = 36.0
    bar_width = width - label_width - count_width
    legend = _legend_lines(segments, width, regular)
    height = ROW * len(rows) + LEGEND_ROW * len(legend) + 8
    drawing = Drawing(width, height)
    for index, row in enumerate(rows):
        y = height - ROW * (index + 1)
        drawing.add(
            String(
                0,
                y + 2,
                fit(row.label, label_width - 6, regular, SIZE),
                fontName=regular,
                fontSize=SIZE,
                fillColor=INK,
            )
        )
        known = [count for count in row.counts if count is not None]
        if row.total is None:
            total = 0
            counts: list[int] = [0] * len(row.counts) + [1]
        else:
            total = row.total or sum(known)
            counts = [count or 0 for count in row.counts]
            counts += [total - sum(known)] if len(segments) > len(row.counts) else []
        x = label_width
        if total == 0 and row.total is not None:
            drawing.add(
                Rect(x, y, bar_width, BAR, fillColor=None, strokeColor=RULE, strokeWidth=0.4)
            )
        for index, (count, segment) in enumerate(zip(counts, segments, strict=True)):
            if not count:
                continue
            share = bar_width * count / (total or 1)
            drawing.add(
                Rect(x, y, share, BAR, fillColor=segment.colour, strokeColor=WHITE, strokeWidth=0.4)
            )
            text = str(count) if index < len(row.counts) and total else ""
            if text and share >= stringWidth(text, regular, SIZE - 1) + 4:
                drawing.add(
                    String(
                        x + share / 2,
                        y + 2.5,
                        text,
                        fontName=regular,
                        fontSize=SIZE - 1,
                        fillColor=_on(segment.colour),
                        textAnchor="middle",
                    )
                )
            x += share
        drawing.add(
            String(
                width,
                y + 2,
                f"n={total}" if row.total is not None else row.total_text,
                fontName=regular,
                fontSize=SIZE,
                fillColor=MUTED,
                textAnchor="end",
            )
        )
    for line, items in enumerate(legend):
        y = LEGEND_ROW * (len(legend) - line - 1) + 2
        for x, segment in items:
            drawing.add(
                Rect(x, y, 10, 7, fillColor=segment.colour, strokeColor=RULE, strokeWidth=0.3)
            )
            drawing.add(
                String(
                    x + 14, y + 0.5, segment.name, fontName=regular, fontSize=SIZE, fillColor=MUTED
                )
            )
    return drawing


def _legend_lines(
    segments: Sequence[Segment], width: float, font: str
) -> list[list[tuple[float, Segment]]]:
    """Legend entries laid out left to right, wrapping onto further lines as needed."""
    lines: list[list[tuple[float, Segment]]] = [[]]
    x = 0.0
    for segment in segments:
        needed = 14 + stringWidth(segment.name, font, SIZE) + 12
        if lines[-1] and x + needed > width:
            lines.append([])
            x = 0.0
        lines[-1].append((x, segment))
        x += needed
    return lines


def _on(fill: colors.Color) -> colors.Color:
    """Text colour that reads on `fill`: white on dark fills, ink on light ones."""
    luminance = 0.299 * fill.red + 0.587 * fill.green + 0.114 * fill.blue
    return WHITE if luminance < 0.55 else INK
