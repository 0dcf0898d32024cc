"""A canvas of Braille dots: eight dots per terminal cell, so lines and rings look smooth.

A Braille dot is about as wide as it is tall on a usual terminal font, which keeps circles
round. Each cell remembers the most important layer drawn into it, so a chart can style a
cell by what it shows (a series beats the grid); whole glyphs can be placed over the dots
for markers and labels.
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
        self._bits = [[0] * self.width for _ in range(self.height)]
        self._layers = [[0] * self.width for _ in range(self.height)]
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
        row, col = yi // 4, xi // 2
        self._bits[row][col] |= _DOT_BITS[yi % 4][xi % 2]
        self._layers[row][col] = max(self._layers[row][col], layer)

    def line(
        self, start: tuple[float, float], end: tuple[float, float], layer: int, *, dash: int = 0
    ) -> None:
        """A straight line; with `dash`, `dash` dots drawn then `dash` left out, repeating."""
        (x0, y0), (x1, y1) = start, end
        steps = max(int(max(abs(x1 - x0), abs(y1 - y0))), 1)
        for i in range(steps + 1):
            if dash and (i // dash) % 2:
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
        """Every row of cells, top to bottom: glyphs where placed, else Braille (or a space)."""
        rows: list[list[Cell]] = []
        for row in range(self.height):
            line: list[Cell] = []
            for col in range(self.width):
                placed = self._glyphs.get((col, row))
                if placed is not None:
                    line.append(placed)
                elif self._bits[row][col]:
                    char = chr(BRAILLE_BLANK + self._bits[row][col])
                    line.append((char, self._layers[row][col]))
                else:
                    line.append((" ", 0))
            rows.append(line)
        return rows
