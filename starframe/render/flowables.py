"""ReportLab flowables that more than one PDF uses.

Title blocks, tables in the house style and the sections plugins add: each report module
(person, cohort, blank form, practice) lays out its own pages from these.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TypeAlias

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from starframe.plugins.types import ReportSection
from starframe.render.page import CONTENT_WIDTH
from starframe.render.text import Styles, para
from starframe.render.theme import RULE, Theme

Cell: TypeAlias = str | Flowable


def title_block(title: str, subtitle: str, styles: Styles) -> list[Flowable]:
    return [para(title, styles.title), para(subtitle, styles.subtitle)]


def details(pairs: Sequence[tuple[str, str]], styles: Styles) -> Table:
    """Label–value pairs, two pairs to a row: the facts at the top of a report."""
    cells = [[para(label, styles.cell_bold), para(value, styles.cell)] for label, value in pairs]
    if len(cells) % 2:
        cells.append(["", ""])
    rows = [cells[i] + cells[i + 1] for i in range(0, len(cells), 2)]
    quarter = CONTENT_WIDTH / 4
    table = Table(rows, colWidths=[quarter * 0.6, quarter * 1.4] * 2, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    styles: Styles,
    theme: Theme,
    extra: Sequence[tuple[object, ...]] = (),
    short: Collection[int] = (),
) -> Table:
    """A table with a coloured header row that repeats on every page it flows onto.

    Strings become escaped Paragraphs, so cells wrap instead of running off the page, and long
    rows may split across pages rather than fail to fit. Columns listed in `short` (numbers,
    dates) stay plain strings: they never wrap, and a Paragraph per cell is most of the cost
    of a table.
    """
    body = [
        [
            para(cell, styles.cell) if isinstance(cell, str) and column not in short else cell
            for column, cell in enumerate(row)
        ]
        for row in rows
    ]
    table = Table(
        [[para(h, styles.header_cell) for h in header], *body],
        colWidths=list(widths),
        repeatRows=1,
        splitInRow=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), theme.primary),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("FONTNAME", (0, 1), (-1, -1), styles.cell.fontName),
                ("FONTSIZE", (0, 1), (-1, -1), styles.cell.fontSize),
                ("TEXTCOLOR", (0, 1), (-1, -1), styles.cell.textColor),
                *extra,
            ]
        )
    )
    return table


def plugin_sections(
    sections: Sequence[ReportSection], styles: Styles, theme: Theme
) -> list[Flowable]:
    story: list[Flowable] = []
    for section in sections:
        story.append(para(section.title, styles.heading))
        story += [para(text, styles.body) for text in section.paragraphs]
        if section.rows:
            columns = max(len(row) for row in section.rows)
            padded = [[*row, *[""] * (columns - len(row))] for row in section.rows]
            widths = [CONTENT_WIDTH / columns] * columns
            story.append(grid(padded[0], padded[1:], widths, styles, theme))
        if section.plugin:
            story.append(Spacer(1, 2 * mm))
            story.append(para(f"Added by the plugin {section.plugin}.", styles.small))
    return story
