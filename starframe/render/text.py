"""Paragraph styles, and the one way user text reaches ReportLab's Paragraph markup.

Paragraph text is markup: a note reading `<b>5 & 6</b> <font size=90>` would be bold, break
the parser, or print huge. Every piece of text from a Star file, a reading or a plugin goes
through `para()` (or `escape()`), so it prints exactly as typed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from starframe.render.fonts import register_fonts
from starframe.render.theme import INK, MUTED, WHITE, Theme

_KEEP = {"\n", "\t"}


def clean(text: str) -> str:
    """Drop characters a PDF cannot carry: control codes and unpaired surrogates."""
    return "".join(
        ch for ch in text if ch in _KEEP or unicodedata.category(ch) not in ("Cc", "Cs", "Co", "Cn")
    )


def escape(text: str) -> str:
    """Plain text as Paragraph markup that shows it literally, keeping its line breaks."""
    lines = clean(text).replace("\r\n", "\n").replace("\t", "    ").split("\n")
    return "<br/>".join(xml_escape(line) for line in lines)


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    header_cell: ParagraphStyle


def make_styles(theme: Theme) -> Styles:
    regular, bold = register_fonts()
    body = ParagraphStyle(
        "body", fontName=regular, fontSize=9.5, leading=12.5, textColor=INK, alignment=TA_LEFT
    )
    return Styles(
        title=ParagraphStyle(
            "title", parent=body, fontName=bold, fontSize=18, leading=22, textColor=theme.primary
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=10, leading=13, textColor=MUTED, spaceAfter=6
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=bold,
            fontSize=13,
            leading=16,
            textColor=theme.primary,
            spaceBefore=10,
            spaceAfter=5,
        ),
        subheading=ParagraphStyle(
            "subheading",
            parent=body,
            fontName=bold,
            fontSize=10.5,
            leading=13,
            spaceBefore=6,
            spaceAfter=3,
        ),
        body=ParagraphStyle("body-spaced", parent=body, spaceAfter=4),
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        cell_bold=ParagraphStyle(
            "cell-bold", parent=body, fontName=bold, fontSize=8.5, leading=10.5
        ),
        header_cell=ParagraphStyle(
            "header-cell",
            parent=body,
            fontName=bold,
            fontSize=8.5,
            leading=10.5,
            textColor=WHITE,
        ),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph that prints `text` literally, whatever characters it holds."""
    return Paragraph(escape(text), style)
