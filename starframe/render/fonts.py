"""The bundled DejaVu Sans family, registered with ReportLab once per process.

ReportLab's own Vera fonts lack glyphs that Star wording needs (Welsh ŵ ŷ, Polish ł, Greek),
and a fresh machine may have no system fonts at all, so the fonts ship inside the package.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "StarframeSans"
BOLD = "StarframeSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


@cache
def register_fonts() -> tuple[str, str]:
    """Register the family (idempotent) and return the (regular, bold) font names.

    Italic maps to the upright faces: the wording never needs it, and two files keep the
    package small.
    """
    folder = files(__package__) / "fonts"
    for name, filename in _FILES.items():
        with as_file(folder / filename) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(REGULAR, bold, italic, BOLD if bold else REGULAR)
    return REGULAR, BOLD
