"""A person's report, and the report of one reading: chart, scores, notes and action plan.

The layout works from a small view (`ReportView`): one line per scale with the latest score,
its stage and the changes. `report_content.py` builds it from the store's person summary, so
this module is only about the page, and a reading report is a person report without the
history.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from starframe.definition.models import NA, Star
from starframe.i18n import ENGLISH, Messages
from starframe.plugins.types import ReportSection
from starframe.readings.models import ActionItem
from starframe.render.chart import ChartSeries, star_chart
from starframe.render.flowables import Cell, details, grid, plugin_sections, title_block
from starframe.render.page import CONTENT_WIDTH, PageSetup, build_pdf
from starframe.render.report_content import ReportView, how_taken
from starframe.render.text import Styles, make_styles, para
from starframe.render.theme import Theme

NOT_SCORED = "—"
CHART_WIDTH = 400.0
"""Small enough that a ten-scale score table still fits on the first page."""


def render_report(
    view: ReportView, *, sections: Sequence[ReportSection] = (), messages: Messages = ENGLISH
) -> bytes:
    """The report's PDF; its headings in the language of `messages` (English by default)."""
    _ = messages
    star = view.star
    theme = Theme.for_star(star)
    styles = make_styles(theme)
    edition = _("edition")
    title = _("Person report") if view.kind == "person" else _("Reading")
    story: list[Flowable] = [
        *title_block(star.name, f"{title} · {edition} {star.edition}", styles),
        _details(view, styles, _),
        Spacer(1, 3 * mm),
        star_chart(
            star,
            _series(view),
            width=CHART_WIDTH,
            theme=theme,
            not_applicable_label=_("(not applicable)"),
        ),
        para(_("Scores"), styles.heading),
        _score_table(view, styles, theme, _),
        *_notes(view, styles, _),
        *_actions(view, styles, _),
    ]
    if view.kind == "person" and len(view.readings) > 1:
        story += _history(view, styles, theme, _)
    story += plugin_sections(sections, styles, theme)
    running = f"Person {view.person}" if view.kind == "person" else f"Reading {view.latest.date}"
    document = f"{star.name} {star.edition} — {title.lower()} {view.person}"
    return build_pdf(story, PageSetup(star, theme, running, document, messages))


def _worker(view: ReportView, code: str) -> str:
    name = view.workers.get(code)
    return f"{name} ({code})" if name else code


def _details(view: ReportView, styles: Styles, _: Messages) -> Flowable:
    latest = view.latest
    pairs = [(_("Person"), view.person), (_("Worker"), _worker(view, latest.worker))]
    if view.kind == "person":
        first = view.readings[0]
        dates = f"{first.date} to {latest.date}" if len(view.readings) > 1 else str(latest.date)
        pairs += [
            (_("Readings"), str(len(view.readings))),
            (_("Dates"), dates),
            (_("Latest"), f"{latest.date}, {how_taken(latest)}"),
        ]
    else:
        pairs += [(_("Date"), str(latest.date)), (_("How"), how_taken(latest))]
    pairs.append((_("Status"), latest.status))
    return details(pairs, styles)


def _series(view: ReportView) -> list[ChartSeries]:
    return [ChartSeries(f"{label} · {line.date}", line.scores) for label, line in view.charted]


def _change(value: int | None) -> str:
    if value is None:
        return NOT_SCORED
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"−{-value}")


def _score_table(view: ReportView, styles: Styles, theme: Theme, _: Messages) -> Flowable:
    person = view.kind == "person"
    header = [_("Scale"), _("Score"), _("Stage")]
    header += [_("Since first"), _("Since previous")] if person else []
    header.append(_("Person's score"))
    rows: list[list[Cell]] = []
    for line in view.lines:
        score = NOT_SCORED if line.score is None else str(line.score)
        stage = line.stage or (
            "not applicable" if line.score == NA else "not scored" if line.score is None else ""
        )
        if line.first_stage and line.stage and line.first_stage != line.stage:
            stage = f"{stage} (was {line.first_stage})"
        row: list[Cell] = [line.scale.name, score, stage]
        if person:
            row += [_change(line.since_first), _change(line.since_previous)]
        row.append("" if line.person_score is None else str(line.person_score))
        rows.append(row)
    fractions = (0.26, 0.08, 0.34, 0.1, 0.11, 0.11) if person else (0.34, 0.1, 0.4, 0.16)
    accent = [("TEXTCOLOR", (1, 1), (1, -1), theme.accent)]
    widths = [CONTENT_WIDTH * f for f in fractions]
    short = (1, 3, 4, 5) if person else (1, 3)
    return grid(header, rows, widths, styles, theme, accent, short)


def _notes(view: ReportView, styles: Styles, _: Messages) -> list[Flowable]:
    reading = view.latest
    story: list[Flowable] = []
    if reading.note:
        story.append(para(reading.note, styles.body))
    for scale in view.star.scales:
        reason = reading.not_applicable_reasons.get(scale.id)
        if reason:
            story.append(para(f"{scale.name} (not applicable)", styles.subheading))
            story.append(para(reason, styles.body))
        note = reading.notes.get(scale.id)
        if note:
            story.append(para(scale.name, styles.subheading))
            story.append(para(note, styles.body))
    if not story:
        return []
    heading = _("Notes from the reading of {date}").format(date=reading.date)
    return [para(heading, styles.heading), *story]


def _actions(view: ReportView, styles: Styles, _: Messages) -> list[Flowable]:
    actions = view.latest.actions
    if not actions:
        return []
    story: list[Flowable] = [para(_("Action plan"), styles.heading)]
    for action in actions:
        story.append(KeepTogether(_action(view.star, action, styles)))
    return story


def _action(star: Star, action: ActionItem, styles: Styles) -> list[Flowable]:
    try:
        area = star.scale(action.scale).name
    except KeyError:
        area = action.scale
    block: list[Flowable] = [para(f"{area}: {action.goal}", styles.subheading)]
    if action.steps:
        block.append(para(action.steps, styles.body))
    facts = [f"Status: {action.status}"]
    if action.who:
        facts.append(f"Who: {action.who}")
    if action.by:
        facts.append(f"By: {action.by}")
    block.append(para(" · ".join(facts), styles.small))
    return block


def _history(view: ReportView, styles: Styles, theme: Theme, _: Messages) -> list[Flowable]:
    charted = {id(reading): label for label, reading in view.charted}
    rows: list[list[Cell]] = [
        [str(line.date), _worker(view, line.worker), line.how, charted.get(id(line), "")]
        for line in view.readings
    ]
    widths = [CONTENT_WIDTH * f for f in (0.18, 0.4, 0.27, 0.15)]
    return [
        para(_("Readings"), styles.heading),
        grid(
            [_("Date"), _("Worker"), _("How"), _("On the chart")],
            rows,
            widths,
            styles,
            theme,
            short=(0,),
        ),
    ]
