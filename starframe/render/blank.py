"""The blank paper pack: an empty chart, a reading sheet and the ladder booklet.

For readings taken on paper, and for co-design pilots of a draft Star: it needs only the Star,
so it works on any file `starframe validate` accepts, installed or not.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from starframe.definition.models import Scale, Star
from starframe.i18n import ENGLISH, Messages
from starframe.plugins.types import ReportSection
from starframe.render.chart import star_chart
from starframe.render.flowables import Cell, details, grid, plugin_sections, title_block
from starframe.render.page import CONTENT_WIDTH, PageSetup, build_pdf
from starframe.render.text import Styles, make_styles, para
from starframe.render.theme import Theme

WRITE_HERE = "_" * 28


def points_span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def blank_pack(
    star: Star, *, sections: Sequence[ReportSection] = (), messages: Messages = ENGLISH
) -> bytes:
    """The paper pack; its headings in the language of `messages` (English by default)."""
    _ = messages
    title, edition = _("Paper pack"), _("edition")
    theme = Theme.for_star(star)
    styles = make_styles(theme)
    story: list[Flowable] = [
        *title_block(star.name, f"{title} · {edition} {star.edition} · {star.status}", styles),
    ]
    if star.status in ("draft", "pilot"):
        story.append(
            para(
                f"This Star is a {star.status}: its wording may still change. Use it for "
                "co-design and pilots, and note anything that reads badly.",
                styles.body,
            )
        )
    story += [
        details(
            [
                (_("Person"), WRITE_HERE),
                (_("Worker"), WRITE_HERE),
                (_("Date"), WRITE_HERE),
                (_("Scored by"), "together · worker only · person only"),
            ],
            styles,
        ),
        Spacer(1, 3 * mm),
        star_chart(
            star,
            width=CONTENT_WIDTH,
            theme=theme,
            ring_numbers="all",
            not_applicable_label=_("(not applicable)"),
        ),
        para(
            "On each spoke, circle the point you agree on, using the ladder booklet's wording; "
            "join the circles to draw the star. Points near the centre are early in the "
            "journey, the outer ring is the last point.",
            styles.small,
        ),
        PageBreak(),
        *_reading_sheet(star, styles, theme, _),
        *_journey(star, styles, theme, _),
        *_booklet(star, styles, theme, _),
        *plugin_sections(sections, styles, theme),
    ]
    setup = PageSetup(star, theme, title, f"{star.name} {star.edition} — paper pack", messages)
    return build_pdf(story, setup)


def _reading_sheet(star: Star, styles: Styles, theme: Theme, _: Messages) -> list[Flowable]:
    rows = [
        [
            scale.name,
            f"1–{star.points} or n/a" if scale.not_applicable else f"1–{star.points}",
            "",
            "",
        ]
        for scale in star.scales
    ]
    widths = [CONTENT_WIDTH * f for f in (0.34, 0.14, 0.12, 0.40)]
    table = grid(
        [_("Scale"), _("Points"), _("Score"), _("Notes")],
        rows,
        widths,
        styles,
        theme,
        extra=[("BOTTOMPADDING", (0, 1), (-1, -1), 14)],
    )
    return [para(_("Reading sheet"), styles.heading), table]


def _journey(star: Star, styles: Styles, theme: Theme, _: Messages) -> list[Flowable]:
    tints = theme.stage_tints(len(star.journey))
    rows = [
        [points_span(stage.first, stage.last), stage.name, stage.summary or ""]
        for stage in star.journey
    ]
    shading = [("BACKGROUND", (0, i), (1, i), tint) for i, tint in enumerate(tints, start=1)]
    table = grid(
        [_("Points"), _("Stage"), _("What it means")],
        rows,
        [CONTENT_WIDTH * f for f in (0.12, 0.24, 0.64)],
        styles,
        theme,
        extra=shading,
    )
    return [para(_("The journey of change"), styles.heading), table]


def _booklet(star: Star, styles: Styles, theme: Theme, _: Messages) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), para(_("Ladder booklet"), styles.title)]
    story.append(
        para(
            "Every scale's wording for every point, grouped by the stage of the journey it "
            "belongs to. Read the wording together and agree the point that fits best.",
            styles.body,
        )
    )
    for number, scale in enumerate(star.scales, start=1):
        story.append(KeepTogether(_scale_page(star, number, scale, styles, theme, _)))
    return story


def _scale_page(
    star: Star, number: int, scale: Scale, styles: Styles, theme: Theme, _: Messages
) -> list[Flowable]:
    heading = para(f"{number}. {scale.name}", styles.heading)
    intro: list[Flowable] = [para(f"Chart label: {scale.label}", styles.small)]
    intro.append(para(scale.summary, styles.body))
    if scale.not_applicable:
        intro.append(para("This scale may be marked not applicable (n/a).", styles.body))
    if scale.guidance:
        intro.append(para(f"Guidance: {scale.guidance}", styles.body))
    intro += [para(f"• {prompt}", styles.body) for prompt in scale.prompts]
    rows: list[list[Cell]] = []
    extra: list[tuple[object, ...]] = []
    tints = theme.stage_tints(len(star.journey))
    for stage, tint in zip(star.journey, tints, strict=True):
        row = len(rows) + 1
        span = points_span(stage.first, stage.last)
        rows.append([para(span, styles.cell_bold), para(stage.name, styles.cell_bold)])
        extra.append(("BACKGROUND", (0, row), (-1, row), tint))
        rows += [[str(point), scale.ladder[point]] for point in range(stage.first, stage.last + 1)]
    ladder = grid(
        [_("Point"), _("Wording")],
        rows,
        [CONTENT_WIDTH * 0.1, CONTENT_WIDTH * 0.9],
        styles,
        theme,
        extra=extra,
    )
    return [heading, *intro, ladder]
