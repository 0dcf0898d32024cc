"""A practice session's code in large type, three lines high, to read out to a room.

Textual's `Digits` draws digits and A–F only, and session codes use the capitals too
(`CODE_ALPHABET`), so the other letters are drawn here in the same 3×3 style; characters
are spaced out so `K7P-2QX` stays easy to copy from the back of the room.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style, StyleType
from textual.renderables.digits import DIGITS, DIGITS3X3

LETTERS: dict[str, tuple[str, str, str]] = {
    "G": ("╭─╴", "│╶┐", "╰─╯"),
    "H": ("╷ ╷", "├─┤", "╵ ╵"),
    "J": ("╶─┐", "  │", "╰─╯"),
    "K": ("╷ ╱", "├┤ ", "╵ ╲"),
    "M": ("╭┬╮", "│╵│", "╵ ╵"),
    "N": ("╷ ╷", "│╲│", "╵ ╵"),
    "P": ("┌─╮", "├─╯", "╵  "),
    "Q": ("╭─╮", "│ │", "╰─╲"),
    "R": ("┌─╮", "├┬╯", "╵╰╴"),
    "S": ("╭─╮", "╰─╮", "╰─╯"),
    "T": ("╶┬╴", " │ ", " ╵ "),
    "U": ("╷ ╷", "│ │", "╰─╯"),
    "V": ("╷ ╷", "╲ ╱", " ╵ "),
    "W": ("╷ ╷", "│╷│", "╰┴╯"),
    "X": ("╲ ╱", " ╳ ", "╱ ╲"),
    "Y": ("╲ ╱", " │ ", " ╵ "),
    "Z": ("╶─┐", " ╱ ", "└─╴"),
}
GAP = " "


def glyph(character: str) -> tuple[str, str, str]:
    """Three rows of three cells for `character` (a character without one: in the middle)."""
    if character in LETTERS:
        return LETTERS[character]
    if character in DIGITS:
        at = DIGITS.index(character) * 3
        rows = DIGITS3X3[at : at + 3]
        return (rows[0].ljust(3), rows[1].ljust(3), rows[2].ljust(3))
    return ("   ", f" {character} ", "   ")


class BigCode:
    """A Rich renderable: `code` three lines high."""

    def __init__(self, code: str, style: StyleType = "") -> None:
        self._code = code
        self._style = style

    def rows(self) -> list[str]:
        glyphs = [glyph(character) for character in self._code.upper()]
        return [GAP.join(one[row] for one in glyphs) for row in range(3)]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        style: Style = console.get_style(self._style)
        for row in self.rows():
            yield Segment(row, style)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = max(len(self._code) * (3 + len(GAP)) - len(GAP), 0)
        return Measurement(width, width)
