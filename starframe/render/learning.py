"""The learning review as PDF, for a team meeting or a commissioner's review.

Its first page says what it is for and what it is not for, and how small numbers are
protected, before any figure. Every count comes from `starframe.readings.learning` already
protected (withheld counts print as `<5` or `·`); nothing here computes a figure, ranks or
names a worker.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from starframe.definition.models import Star
from starframe.i18n import ENGLISH, N_, Messages
from starframe.readings.learning import (
    NOT_FOR,
    PURPOSE,
    STATUSES,
    LearningReview,
    ScaleLearning,
    people_text,
    protection_note,
)
from starframe.render.flowables import Cell, details, grid, title_block
from starframe.render.page import CONTENT_WIDTH, PageSetup, build_pdf
from starframe.render.text import Styles, make_styles, para
from starframe.render.theme import Theme

STATUS_HEADINGS = {"open": N_("Open"), "done": N_("Done"), "dropped": N_("Dropped")}


def render_learning(star: Star, review: LearningReview, *, messages: Messages = ENGLISH) -> bytes:
    """The review's PDF; its headings in the language of `messages` (English by default)."""
    _ = messages
    theme = Theme.for_star(star)
    styles = make_styles(theme)
    title = _("Learning review")
    since = str(review.since) if review.since else "the first reading"
    until = str(review.until) if review.until else "the latest reading"
    facts = [
        (_("People"), people_text(review.people, review.smallest_group)),
        (
            _("With change"),
            f"{people_text(review.people_with_change, review.smallest_group)} "
            "(two or more readings)",
        ),
        (_("Readings"), f"from {since} to {until}"),
    ]
    if review.worker:
        facts.append((_("Worker"), f"{review.worker} (for their own reflection)"))
    if review.team:
        facts.append((_("Team"), review.team))
    story: list[Flowable] = [
        *title_block(star.name, f"{title} · {_('edition')} {review.edition}", styles),
        details(facts, styles),
        para(_("What this review is for"), styles.heading),
        para(PURPOSE, styles.body),
        para(_("What it is not for"), styles.heading),
        para(NOT_FOR, styles.body),
        para(_("Small numbers"), styles.heading),
        para(protection_note(review.smallest_group), styles.body),
        para(_("Questions for the team"), styles.heading),
        *(para(f"• {question}", styles.body) for question in review.questions),
    ]
    if not review.questions:
        story.append(para("No pattern is clear enough to ask about yet.", styles.body))
    story.append(para(_("Where people move and where they stay"), styles.heading))
    story.append(
        para(
            "For each scale: the stage of each person's first complete reading (rows) against "
            "their latest (columns); the diagonal is people who stayed at the same stage.",
            styles.small,
        )
    )
    for scale in review.scales:
        story += _scale(_worded(star, scale), styles, theme, _)
    story += [para(_("Action plans"), styles.heading), para(review.caution, styles.body)]
    story.append(_actions(star, review, styles, theme, _))
    setup = PageSetup(star, theme, title, f"{star.name} {review.edition} — {title}", messages)
    return build_pdf(story, setup)


def _scale(scale: ScaleLearning, styles: Styles, theme: Theme, _: Messages) -> list[Flowable]:
    header = [_("First stage"), *scale.stages, _("All")]
    rows: list[list[Cell]] = [
        [stage, *(c.text() for c in scale.transitions[i]), scale.started[i].text()]
        for i, stage in enumerate(scale.stages)
    ]
    rows.append([_("All"), *(c.text() for c in scale.ended), scale.people.text()])
    columns = len(header)
    first = 0.22
    widths = [CONTENT_WIDTH * first] + [CONTENT_WIDTH * (1 - first) / (columns - 1)] * (columns - 1)
    diagonal = [
        ("BACKGROUND", (i + 1, i + 1), (i + 1, i + 1), theme.tint(0.15))
        for i in range(len(scale.stages))
    ]
    stuck = "; ".join(
        f"{s.stage}: {s.stayed.text()} of {s.started.text()}"
        + (f", a median of {s.median_days:.0f} days between readings" if s.median_days else "")
        for s in scale.stuck
    )
    block: list[Flowable] = [
        para(scale.name, styles.subheading),
        grid(header, rows, widths, styles, theme, diagonal, short=range(1, columns)),
        Spacer(1, 1.5 * mm),
    ]
    if stuck:
        block.append(para(f"Stayed at the same stage — {stuck}.", styles.small))
    return [KeepTogether(block)]


def _actions(
    star: Star, review: LearningReview, styles: Styles, theme: Theme, _: Messages
) -> Flowable:
    header = [
        _("Scale"),
        *(_(STATUS_HEADINGS[status]) for status in STATUSES),
        _("With a completed action: people, median change"),
        _("Without: people, median change"),
    ]
    rows: list[list[Cell]] = []
    for scale in map(partial(_worded, star), review.scales):
        rows.append(
            [
                scale.name,
                *(scale.actions[status].text() for status in STATUSES),
                f"{scale.with_done.people.text()}, {_median(scale.with_done.median_change)}",
                f"{scale.without_done.people.text()}, {_median(scale.without_done.median_change)}",
            ]
        )
    widths = [CONTENT_WIDTH * f for f in (0.28, 0.09, 0.09, 0.09, 0.225, 0.225)]
    return grid(header, rows, widths, styles, theme, short=(1, 2, 3))


def _worded(star: Star, scale: ScaleLearning) -> ScaleLearning:
    """The scale and stage names from the Star being printed, so --lang prints its translation."""
    try:
        name = star.scale(scale.scale).name
    except KeyError:
        return scale
    stages = [stage.name for stage in star.journey]
    if len(stages) != len(scale.stages):
        return replace(scale, name=name)
    named = dict(zip(scale.stages, stages, strict=True))
    stuck = [replace(found, stage=named.get(found.stage, found.stage)) for found in scale.stuck]
    return replace(scale, name=name, stages=stages, stuck=stuck)


def _median(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:+.1f}".rstrip("0").rstrip(".")
    return text.replace("-", "−")
