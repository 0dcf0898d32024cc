"""The star chart as a Textual widget, redrawn to fit whatever space it is given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from starframe.tui.widgets.radar_cells import Layer, Series, radar_cells

_CLASS_OF = {
    Layer.RING: "radar--ring",
    Layer.STAGE_RING: "radar--stage",
    Layer.EARLIER: "radar--earlier",
    Layer.EARLIER_MARK: "radar--earlier",
    Layer.CURRENT: "radar--current",
    Layer.CURRENT_MARK: "radar--current",
    Layer.LABEL: "radar--label",
}


@dataclass(frozen=True)
class ChartShape:
    """What the chart draws: the Star's shape and the readings on it."""

    spokes: int
    points: int
    stage_ends: tuple[int, ...]
    series: tuple[Series, ...]


class RadarChart(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = set(_CLASS_OF.values())
    DEFAULT_CSS = """
    RadarChart { width: 1fr; height: 1fr; }
    RadarChart > .radar--ring { color: $foreground 30%; }
    RadarChart > .radar--stage { color: $foreground 55%; }
    RadarChart > .radar--earlier { color: $warning; }
    RadarChart > .radar--current { color: $primary-lighten-2; text-style: bold; }
    RadarChart > .radar--label { color: $foreground; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shape: ChartShape | None = None

    def draw(self, shape: ChartShape | None) -> None:
        self._shape = shape
        self.refresh()

    def render(self) -> Text:
        shape = self._shape
        if shape is None:
            return Text("")
        cells = radar_cells(
            self.size.width,
            self.size.height,
            spokes=shape.spokes,
            points=shape.points,
            series=shape.series,
            stage_ends=shape.stage_ends,
        )
        styles = {layer: self._style(name) for layer, name in _CLASS_OF.items()}
        text = Text(no_wrap=True, overflow="crop")
        for number, row in enumerate(cells):
            if number:
                text.append("\n")
            for char, layer in row:
                text.append(char, styles.get(Layer(layer)))
        return text

    def _style(self, component: str) -> Style:
        return self.get_component_rich_style(component)
