"""Colours and line styles shared by every output, with a Star's own colours applied.

Readings are told apart by line style and marker as well as colour, so a chart still reads when
printed in black and white or seen by someone who does not tell the colours apart. The series
colours are the Okabe–Ito palette for the same reason, and stay fixed whatever a Star's branding
says: a worker reading charts of several Stars finds "latest" in the same colour on all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from reportlab.lib import colors

if TYPE_CHECKING:
    from starframe.definition.models import Star

DEFAULT_PRIMARY = "#1f4e79"
DEFAULT_ACCENT = "#c55a11"
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5f6368")
RULE = colors.HexColor("#9aa0a6")
WHITE = colors.white

Marker = Literal["circle", "square", "triangle", "diamond"]


@dataclass(frozen=True)
class SeriesStyle:
    colour: colors.Color
    dash: tuple[float, ...] | None
    marker: Marker


SERIES_STYLES = (
    SeriesStyle(colors.HexColor("#0072b2"), None, "circle"),
    SeriesStyle(colors.HexColor("#d55e00"), (6, 3), "square"),
    SeriesStyle(colors.HexColor("#009e73"), (1.5, 2.5), "triangle"),
    SeriesStyle(colors.HexColor("#cc79a7"), (7, 2.5, 1.5, 2.5), "diamond"),
)
"""Styles for up to four readings on a chart: the latest reading gets the first (solid)."""


@dataclass(frozen=True)
class Theme:
    primary: colors.Color
    accent: colors.Color

    @classmethod
    def for_star(cls, star: Star) -> Theme:
        chosen = star.colours
        return cls(
            colors.HexColor((chosen and chosen.primary) or DEFAULT_PRIMARY),
            colors.HexColor((chosen and chosen.accent) or DEFAULT_ACCENT),
        )

    def tint(self, amount: float) -> colors.Color:
        """The primary colour mixed with white: 0 is white, 1 the colour itself."""
        base = self.primary
        return colors.Color(
            1 - (1 - base.red) * amount,
            1 - (1 - base.green) * amount,
            1 - (1 - base.blue) * amount,
        )

    def stage_tints(self, stages: int) -> list[colors.Color]:
        """Bands that deepen outwards, so the journey reads as progress from the centre."""
        if stages == 1:
            return [self.tint(0.1)]
        return [self.tint(0.04 + 0.24 * i / (stages - 1)) for i in range(stages)]

    def stage_fills(self, stages: int) -> list[colors.Color]:
        """Stronger versions of the bands, for bars that must stand apart on their own."""
        if stages == 1:
            return [self.tint(0.6)]
        return [self.tint(0.15 + 0.8 * i / (stages - 1)) for i in range(stages)]
