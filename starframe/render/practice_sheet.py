"""One trainee's feedback sheet for a practice session: for each case they answered, the result
under the session's pass rule, their scores against the reference on the star and scale by
scale, and the reference rationale for every scale.

Where a trainee was outside the reference stage, the rationale is what they most need to read,
so those scales come first, each in a box of its own; the scales they placed in the right stage
follow in plain text. Misses are marked in words ("no"), never by colour alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from starframe.practice.results import NOT_YET as RESULT_NOT_YET
from starframe.practice.results import PASSED as RESULT_PASSED
from starframe.render.chart import ChartSeries, star_chart
from starframe.render.flowables import Cell, details, grid, title_block
from starframe.render.page import CONTENT_WIDTH
from starframe.render.practice_pages import (
    MISSING,
    answer_text,
    chart_scores,
    number,
    session_date,
    session_pdf,
    stage_text,
)
from starframe.render.text import Styles, para
from starframe.render.theme import Theme

if TYPE_CHECKING:
    from starframe.practice.feedback import Feedback, ScaleFeedback
    from starframe.practice.sessions import CaseResults, SessionResults

CHART_WIDTH = 400.0
PASSED = "PASSED"
NOT_YET = "NOT YET"
NOT_ANSWERED = "not answered"
PASS_FILL = colors.HexColor("#009e73")
MISS_FILL = colors.HexColor("#d55e00")
"""Green and vermilion, as the cohort report's up and down: apart for every kind of sight."""
MISS_TINT = colors.HexColor("#fbe6da")


def render_sheet(results: SessionResults, trainee: str) -> bytes:
    """`trainee`'s feedback on every case of the session they answered, as PDF bytes."""
    answered = [result for result in results.cases if trainee in result.feedback]

    def opening(styles: Styles, theme: Theme) -> list[Flowable]:
        return _opening(results, trainee, styles, theme)

    def story(result: CaseResults, styles: Styles, theme: Theme) -> list[Flowable]:
        return _case(results, result, trainee, styles, theme)

    code = results.session.code
    return session_pdf(
        results,
        answered,
        opening,
        story,
        running=f"Feedback · {trainee} · {code}",
        document=f"Practice feedback for {trainee}, session {code}",
    )


def _opening(results: SessionResults, trainee: str, styles: Styles, theme: Theme) -> list[Flowable]:
    session = results.session
    rows: list[list[Cell]] = []
    for result in results.cases:
        given = result.feedback.get(trainee)
        star = f"{result.star.name} {result.star.edition}"
        if given is None:
            rows.append([result.case.title, star, NOT_ANSWERED, MISSING, MISSING])
        else:
            verdict = RESULT_PASSED if given.passed else RESULT_NOT_YET
            in_stage = f"{given.in_stage}/{len(given.scales)}"
            rows.append([result.case.title, star, verdict, in_stage, number(given.mad)])
    widths = [CONTENT_WIDTH * f for f in (0.36, 0.2, 0.16, 0.12, 0.16)]
    header = ["Case", "Star", "Result", "In stage", "Mean diff"]
    story: list[Flowable] = [
        *title_block("Practice feedback", f"{trainee} · session {session.code}", styles),
        details(
            [
                ("Trainee", trainee),
                ("Session", session.code),
                ("Date", session_date(session)),
                ("Cases", str(len(results.cases))),
            ],
            styles,
        ),
        Spacer(1, 2 * mm),
        para(f"Pass rule: {session.rule.describe()}.", styles.body),
        grid(header, rows, widths, styles, theme, short=(3, 4)),
    ]
    missed = [result.case.title for result in results.cases if trainee not in result.feedback]
    if missed:
        story.append(Spacer(1, 2 * mm))
        story.append(para(f"Not answered: {'; '.join(missed)}.", styles.small))
    return story


def _case(
    results: SessionResults, result: CaseResults, trainee: str, styles: Styles, theme: Theme
) -> list[Flowable]:
    case, star, given = result.case, result.star, result.feedback[trainee]
    about = (
        f"{trainee} · session {results.session.code} · {session_date(results.session)} · "
        f"case {case.id} · {star.name} {star.edition}"
    )
    series = [
        ChartSeries("Reference", chart_scores({s.scale: s.reference for s in given.scales})),
        ChartSeries("Your scores", chart_scores({s.scale: s.own for s in given.scales})),
    ]
    chart = star_chart(star, series, width=CHART_WIDTH, theme=theme)
    chart.hAlign = "CENTER"  # a Drawing's constructor sets LEFT whatever it is given
    return [
        para(case.title, styles.heading),
        para(about, styles.subtitle),
        _verdict(given, styles),
        Spacer(1, 2 * mm),
        _summary(given, styles, theme),
        KeepTogether([para("Scale by scale", styles.heading), _scales(given, styles, theme)]),
        *_rationales(given, styles),
        KeepTogether([para("Your scores and the reference on the star", styles.heading), chart]),
    ]


def _verdict(given: Feedback, styles: Styles) -> Table:
    """PASSED or NOT YET in a coloured band, with the rule and, if any, what fell short."""
    fill = PASS_FILL if given.passed else MISS_FILL
    word = ParagraphStyle("verdict", parent=styles.title, textColor=fill)
    lines = [
        para(PASSED if given.passed else NOT_YET, word),
        para(f"Pass rule: {given.rule.describe()}.", styles.cell),
        *(para(f"• {shortfall}.", styles.cell_bold) for shortfall in given.shortfalls),
    ]
    band = Table([[lines]], colWidths=[CONTENT_WIDTH], hAlign="LEFT")
    band.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, fill),
                ("LINEBEFORE", (0, 0), (0, -1), 8, fill, "butt"),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return band


def _summary(given: Feedback, styles: Styles, theme: Theme) -> Table:
    total = len(given.scales)
    row: list[Cell] = [
        f"{given.in_stage} of {total}",
        f"{given.exact} of {total}",
        f"{given.within_one} of {total}",
        MISSING if given.mad is None else f"{number(given.mad)} points",
        str(given.unscored),
    ]
    header = ["In the reference stage", "Exact point", "Within one point", "Mean difference"]
    widths = [CONTENT_WIDTH * f for f in (0.24, 0.18, 0.2, 0.22, 0.16)]
    return grid([*header, "Left unscored"], [row], widths, styles, theme, short=range(5))


def _scales(given: Feedback, styles: Styles, theme: Theme) -> Table:
    rows: list[list[Cell]] = []
    misses = []
    for number_, scale in enumerate(given.scales, start=1):
        rows.append(
            [
                scale.name,
                answer_text(scale.own),
                stage_text(scale.own, scale.own_stage),
                answer_text(scale.reference),
                stage_text(scale.reference, scale.reference_stage),
                "yes" if scale.same_stage else "no",
                MISSING if scale.distance is None else str(scale.distance),
            ]
        )
        if not scale.same_stage:
            misses += [
                ("BACKGROUND", (0, number_), (-1, number_), MISS_TINT),
                ("FONTNAME", (5, number_), (5, number_), styles.cell_bold.fontName),
            ]
    header = ["Scale", "You", "Your stage", "Reference", "Its stage", "Same stage", "Distance"]
    widths = [CONTENT_WIDTH * f for f in (0.23, 0.07, 0.18, 0.13, 0.18, 0.1, 0.11)]
    return grid(header, rows, widths, styles, theme, misses, short=(1, 3, 5, 6))


def _rationales(given: Feedback, styles: Styles) -> list[Flowable]:
    """The reasons behind the reference: outside-the-stage scales first, each boxed."""
    missed = [scale for scale in given.scales if not scale.same_stage]
    story: list[Flowable] = []
    if missed:
        heading = para("Read these first: outside the reference stage", styles.heading)
        boxes = [_boxed(scale, styles) for scale in missed]
        story += [KeepTogether([heading, boxes[0]]), *boxes[1:]]
    kept = [scale for scale in given.scales if scale.same_stage]
    if kept:
        title = "Why the reference scores are what they are"
        heading = para(f"{title}: the other scales" if missed else title, styles.heading)
        blocks = [
            [para(_scale_line(scale), styles.subheading), para(scale.rationale, styles.body)]
            for scale in kept
        ]
        story += [KeepTogether([heading, *blocks[0]]), *map(KeepTogether, blocks[1:])]
    return story


def _boxed(scale: ScaleFeedback, styles: Styles) -> Table:
    box = Table(
        [[[para(_scale_line(scale), styles.subheading), para(scale.rationale, styles.body)]]],
        colWidths=[CONTENT_WIDTH],
        hAlign="LEFT",
    )
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), MISS_TINT),
                ("LINEBEFORE", (0, 0), (0, -1), 4, MISS_FILL, "butt"),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    box.spaceAfter = 1.5 * mm
    return box


def _scale_line(scale: ScaleFeedback) -> str:
    own = answer_text(scale.own)
    if scale.own_stage:
        own += f" ({scale.own_stage})"
    elif scale.own is None:
        own = "not scored"
    reference = answer_text(scale.reference)
    if scale.reference_stage:
        reference += f" ({scale.reference_stage})"
    return f"{scale.name} — you: {own}; reference: {reference}"
