"""A canvas of Braille dots: eight dots per terminal cell, so lines and rings look smooth.

A Braille dot is about as wide as it is tall on a usual terminal font, which keeps circles
round. Each cell keeps the dots of each layer apart and shows only those of the most important
layer drawn into it (a series beats the grid): dots of a line and of the grid in one cell would
make a texture in which neither can be followed. Whole glyphs can be placed over the dots for
markers and labels.
"""

from __future__ import annotations

import math

BRAILLE_BLANK = 0x2800
_DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""Bit of each dot in a cell, by [row 0..3][column 0..1] (Unicode Braille Patterns)."""

Cell = tuple[str, int]
"""A cell's character and the layer that decides its style (0 = nothing drawn)."""


class DotCanvas:
    """`width` × `height` cells, addressed in dots: x in 0..2·width, y in 0..4·height."""

    def __init__(self, width: int, height: int) -> None:
        self.width = max(width, 0)
        self.height = max(height, 0)
        self._bits: list[list[dict[int, int]]] = [
            [{} for _ in range(self.width)] for _ in range(self.height)
        ]
        self._glyphs: dict[tuple[int, int], Cell] = {}

    @property
    def dot_width(self) -> int:
        return self.width * 2

    @property
    def dot_height(self) -> int:
        return self.height * 4

    def dot(self, x: float, y: float, layer: int) -> None:
        xi, yi = round(x), round(y)
        if not (0 <= xi < self.dot_width and 0 <= yi < self.dot_height):
            return
        layers = self._bits[yi // 4][xi // 2]
        layers[layer] = layers.get(layer, 0) | _DOT_BITS[yi % 4][xi % 2]

    def line(
        self, start: tuple[float, float], end: tuple[float, float], layer: int, *, every: int = 1
    ) -> None:
        """A straight line; with `every` > 1 only one dot in `every` along it (a dotted line)."""
        (x0, y0), (x1, y1) = start, end
        steps = max(int(max(abs(x1 - x0), abs(y1 - y0))), 1)
        for i in range(steps + 1):
            if i % every:
                continue
            t = i / steps
            self.dot(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, layer)

    def circle(
        self, centre: tuple[float, float], radius: float, layer: int, *, every: int = 1
    ) -> None:
        """A circle; with `every` > 1 only one dot in `every` along it (a dotted ring)."""
        cx, cy = centre
        count = max(int(2 * math.pi * radius), 8)
        for i in range(0, count, every):
            angle = 2 * math.pi * i / count
            self.dot(cx + radius * math.cos(angle), cy + radius * math.sin(angle), layer)

    def glyph(self, col: int, row: int, char: str, layer: int) -> None:
        """Put a whole character in a cell, over any dots (markers, labels)."""
        if 0 <= col < self.width and 0 <= row < self.height:
            self._glyphs[(col, row)] = (char, layer)

    def text(self, col: int, row: int, text: str, layer: int) -> None:
        for offset, char in enumerate(text):
            self.glyph(col + offset, row, char, layer)

    def cells(self) -> list[list[Cell]]:
        """Every row of cells, top to bottom: glyphs where placed, else the Braille dots of the
        cell's top layer (or a space)."""
        rows: list[list[Cell]] = []
        for row in range(self.height):
            line: list[Cell] = []
            for col in range(self.width):
                placed = self._glyphs.get((col, row))
                if placed is not None:
                    line.append(placed)
                elif layers := self._bits[row][col]:
                    top = max(layers)
                    line.append((chr(BRAILLE_BLANK + layers[top]), top))
                else:
                    line.append((" ", 0))
            rows.append(line)
        return rows
