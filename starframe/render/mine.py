""" "My Star": the person's own copy of a reading, laid out for reading at home.

The page holds what `mine_content` wrote: sentences, the ladder's words, both scores where the
person's own differed (side by side: theirs is not a footnote), their goals, a chart of the
first reading and this one, and space to write. Large print (`--large-print`) sets the type
half as big again and puts everything in one column, as easy-read versions do.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from starframe.i18n import ENGLISH, Messages, long_date
from starframe.render.chart import ChartSeries, star_chart
from starframe.render.flowables import title_block
from starframe.render.mine_content import MineScale, MineView, Score
from starframe.render.page import CONTENT_WIDTH, PageSetup, build_pdf
from starframe.render.text import Styles, make_styles, para
from starframe.render.theme import RULE, Theme

LARGE = 1.5
"""Large print's type, against the ordinary size (9.5 pt body text becomes about 14 pt)."""
WRITING_LINES = 8


@dataclass(frozen=True)
class MineLayout:
    styles: Styles
    quote: ParagraphStyle
    large: bool


def render_mine(
    view: MineView, *, messages: Messages = ENGLISH, large_print: bool = False
) -> bytes:
    """The person's copy as PDF, its fixed wording in the language of `messages`."""
    _ = messages
    star = view.star
    theme = Theme.for_star(star)
    layout = _layout(theme, large_print)
    styles = layout.styles
    chart_width = CONTENT_WIDTH if large_print else 400.0
    story: list[Flowable] = [
        *title_block(_("My Star"), f"{star.name} · {long_date(view.date, _)}", styles),
        para(view.intro, styles.body),
        para(_("Your Star"), styles.heading),
        star_chart(
            star,
            _series(view),
            width=chart_width,
            theme=theme,
            not_applicable_label=_("(not applicable)"),
        ),
        para(_("Where you are"), styles.heading),
    ]
    for scale in view.scales:
        story.append(KeepTogether(_scale(scale, layout, _)))
    story += _goals(view, layout, _)
    story += _writing(layout, theme, _)
    title = _("My Star")
    setup = PageSetup(star, theme, title, f"{star.name} — {title}", messages)
    return build_pdf(story, setup)


def _layout(theme: Theme, large: bool) -> MineLayout:
    styles = make_styles(theme)
    if large:
        styles = Styles(*(_bigger(style) for style in vars(styles).values()))
    quote = ParagraphStyle("quote", parent=styles.body, leftIndent=4 * mm, textColor=theme.primary)
    return MineLayout(styles, quote, large)


def _bigger(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(
        f"{style.name}-large",
        parent=style,
        fontSize=style.fontSize * LARGE,
        leading=style.leading * LARGE,
        spaceBefore=style.spaceBefore * LARGE,
        spaceAfter=style.spaceAfter * LARGE,
    )


def _series(view: MineView) -> list[ChartSeries]:
    return [ChartSeries(label, scores) for label, scores in view.charted]


def _scale(scale: MineScale, layout: MineLayout, _: Messages) -> list[Flowable]:
    styles = layout.styles
    block: list[Flowable] = [para(scale.name, styles.subheading), para(scale.said, styles.body)]
    if scale.worker is not None and scale.own is not None:
        worker = _side(_("Your worker's score"), scale.worker, layout, _)
        own = _side(_("Your score"), scale.own, layout, _)
        if layout.large:
            block += [*own, *worker]
        else:
            half = CONTENT_WIDTH / 2
            table = Table([[own, worker]], colWidths=[half, half], hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                    ]
                )
            )
            block.append(table)
    elif scale.worker is not None and scale.worker.wording:
        block.append(para(f"“{scale.worker.wording}”", layout.quote))
    if scale.change:
        block.append(para(scale.change, styles.body))
    return block


def _side(title: str, score: Score, layout: MineLayout, _: Messages) -> list[Flowable]:
    heading = _("{title}: {point}, {stage}").format(
        title=title, point=score.point, stage=score.stage
    )
    side: list[Flowable] = [para(heading, layout.styles.cell_bold)]
    if score.wording:
        side.append(para(f"“{score.wording}”", layout.quote))
    return side


def _goals(view: MineView, layout: MineLayout, _: Messages) -> list[Flowable]:
    styles = layout.styles
    story: list[Flowable] = [para(_("Your goals and next steps"), styles.heading)]
    if not view.goals:
        story.append(para(_("No goals were written down this time."), styles.body))
        return story
    for goal in view.goals:
        block: list[Flowable] = [para(f"{goal.scale}: {goal.goal}", styles.subheading)]
        if goal.steps:
            block.append(para(goal.steps, styles.body))
        block.append(para(goal.facts, styles.body))
        story.append(KeepTogether(block))
    return story


def _writing(layout: MineLayout, theme: Theme, _: Messages) -> list[Flowable]:
    """Ruled lines to write on: what the person thinks, wants next, or wants to ask."""
    styles = layout.styles
    gap = (12 if layout.large else 9) * mm
    lines = Table(
        [[""] for _line in range(WRITING_LINES)],
        colWidths=[CONTENT_WIDTH],
        rowHeights=[gap] * WRITING_LINES,
        hAlign="LEFT",
    )
    lines.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE)]))
    return [
        KeepTogether(
            [
                para(_("Your thoughts"), styles.heading),
                para(
                    _("What would you like to happen next? What would help? Write it here."),
                    styles.body,
                ),
                Spacer(1, 2 * mm),
                lines,
            ]
        )
    ]
