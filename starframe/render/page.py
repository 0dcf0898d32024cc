"""The page every output shares: running header, licence footer and "Page x of y".

Every printed page carries the Star's licence and attribution, because a page separated from
its report must still say whose wording it is. The total page count is only known once the
story has flowed, so page numbers are written by a canvas that holds its pages until `save()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)

from starframe.definition.models import Star
from starframe.i18n import ENGLISH, Messages
from starframe.render.fonts import register_fonts
from starframe.render.text import escape, make_styles
from starframe.render.theme import MUTED, Theme

MARGIN = 18 * mm
HEADER = 12 * mm
FOOTER = 14 * mm
CONTENT_WIDTH = A4[0] - 2 * MARGIN
PAGE_LABEL = "Page {page} of {pages}"
FOOTER_CHARS = 300
"""A longer attribution is cut short in the footer (it prints in full in the booklet)."""


@dataclass(frozen=True)
class PageSetup:
    star: Star
    theme: Theme
    running_title: str
    """Right-hand side of the header: what this document is, e.g. "Person P-0012"."""
    document_title: str
    messages: Messages = ENGLISH
    """The language of the header's "edition" and the footer's "Page x of y"."""


def build_pdf(story: Sequence[Flowable], setup: PageSetup) -> bytes:
    return build_parts([(setup, story)])


def build_parts(parts: Sequence[tuple[PageSetup, Sequence[Flowable]]]) -> bytes:
    """One document of several parts, each from a new page under its own setup.

    A practice session may hold cases of several Stars, and every page must carry the Star
    whose wording it prints; so each part gets a page template of its own. The document's
    title and metadata come from the first part.
    """
    register_fonts()
    first = parts[0][0]
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER,
        bottomMargin=MARGIN + FOOTER,
        title=first.document_title,
        author=first.star.attribution,
        subject=f"{first.star.name} {first.star.edition}",
        creator="starframe",
        lang=first.star.language,
    )
    story: list[Flowable] = []
    templates = []
    for index, (setup, flowables) in enumerate(parts):
        name = "page" if index == 0 else f"part-{index}"
        decorate = partial(_decorate, setup, make_styles(setup.theme).small)
        templates.append(PageTemplate(id=name, frames=[_body(doc)], onPage=decorate))
        if index:
            story += [NextPageTemplate(name), PageBreak()]
        story += flowables
    doc.addPageTemplates(templates)
    _ = first.messages
    label = _("Page {page} of {pages}")
    doc.build(story, canvasmaker=partial(NumberedCanvas, page_label=label))
    return buffer.getvalue()


def _body(doc: BaseDocTemplate) -> Frame:
    return Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def _decorate(
    setup: PageSetup, footer_style: ParagraphStyle, canvas: Canvas, doc: BaseDocTemplate
) -> None:
    regular, bold = register_fonts()
    star, theme = setup.star, setup.theme
    width, height = doc.pagesize
    top = height - MARGIN
    canvas.saveState()
    canvas.setFillColor(theme.primary)
    canvas.setFont(bold, 9)
    name = f"{star.name} · {setup.messages('edition')} {star.edition}"
    canvas.drawString(MARGIN, top - 9, name)
    if star.status in ("draft", "pilot"):
        canvas.setFillColor(theme.accent)
        canvas.drawString(
            MARGIN + canvas.stringWidth(name, bold, 9) + 8, top - 9, star.status.upper()
        )
    canvas.setFillColor(MUTED)
    canvas.setFont(regular, 9)
    canvas.drawRightString(width - MARGIN, top - 9, setup.running_title)
    canvas.setStrokeColor(theme.primary)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, top - 14, width - MARGIN, top - 14)
    notice = f"{star.licence} · {star.attribution}"
    if len(notice) > FOOTER_CHARS:
        notice = notice[: FOOTER_CHARS - 1].rstrip() + "…"
    footer = Paragraph(escape(notice), footer_style)
    _, used = footer.wrapOn(canvas, CONTENT_WIDTH - 80, FOOTER)
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.3)
    rule = MARGIN + FOOTER - 6
    canvas.line(MARGIN, rule, width - MARGIN, rule)
    footer.drawOn(canvas, MARGIN, rule - 4 - used)
    canvas.restoreState()


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """Keeps each page until the end, then stamps "Page x of y" on all of them."""

    def __init__(self, *args: Any, page_label: str = PAGE_LABEL, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []
        self._page_label = page_label

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        regular, _ = register_fonts()
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self.setFont(regular, 8)
            self.setFillColor(MUTED)
            label = self._page_label.format(page=self._pageNumber, pages=total)
            self.drawRightString(A4[0] - MARGIN, MARGIN + FOOTER - 18, label)
            super().showPage()
        super().save()
