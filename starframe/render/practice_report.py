"""A practice session's group report for the trainer: per case, each trainee against the
reference, the group's reliability on points and on stages, and the scales to discuss.

Reliability is shown on stages beside points because raters agree far more on the stage, and
a coefficient the data cannot support is printed as "none" with the reason, never as a blank
or a misleading 0. Every coefficient says how many scales and trainees it rests on. Koo & Li
read an ICC's band from its interval, so the interval's bands are printed beside the
estimate's. The figure over all of a Star's cases in the session comes first, on the opening
page: one case's scales alone are a narrow base (see `practice.group`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from starframe.practice.results import CaseSummary, ScaleToDiscuss, case_summary
from starframe.practice.wording import pooled_heading, rests_on
from starframe.render.flowables import Cell, details, grid, title_block
from starframe.render.page import CONTENT_WIDTH
from starframe.render.practice_pages import (
    MISSING,
    answer_text,
    number,
    session_date,
    session_pdf,
    stage_text,
)
from starframe.render.text import Styles, para
from starframe.render.theme import Theme
from starframe.stats.rounding import fixed

if TYPE_CHECKING:
    from starframe.practice.group import PooledReliability, Reliability
    from starframe.practice.sessions import CaseResults, SessionResults
    from starframe.stats.agreement import Icc, Statistic

NO_ANSWERS = "No answers yet."
READING_THE_NUMBERS = (
    "Agreement among the trainees only: the reference is not a rater. Krippendorff advises "
    "relying on an alpha of at least 0.8 and drawing only tentative conclusions from 0.667. "
    "Koo & Li's bands for ICC: below 0.5 poor, 0.5 to 0.75 moderate, 0.75 to 0.9 good, above "
    "0.9 excellent; read the band from the whole interval, not only the estimate."
)


def render_group_report(results: SessionResults) -> bytes:
    """Every case of the session, answered or not, as PDF bytes."""
    code = results.session.code

    def opening(styles: Styles, theme: Theme) -> list[Flowable]:
        return _opening(results, styles, theme)

    def story(result: CaseResults, styles: Styles, theme: Theme) -> list[Flowable]:
        return _case(results, result, styles, theme)

    return session_pdf(
        results,
        results.cases,
        opening,
        story,
        running=f"Group report · {code}",
        document=f"Practice session {code}: group report",
    )


def _opening(results: SessionResults, styles: Styles, theme: Theme) -> list[Flowable]:
    session = results.session
    trainees = results.trainees
    rows: list[list[Cell]] = []
    for result in results.cases:
        answered = len(result.feedback)
        passed = sum(given.passed for given in result.feedback.values())
        star = f"{result.star.name} {result.star.edition}"
        outcome = f"{passed} of {answered}" if answered else NO_ANSWERS
        rows.append([result.case.title, star, str(answered), outcome])
    widths = [CONTENT_WIDTH * f for f in (0.42, 0.22, 0.14, 0.22)]
    story: list[Flowable] = [
        *title_block(f"Practice session {session.code}", "Group report", styles),
        details(
            [
                ("Session", session.code),
                ("Date", session_date(session)),
                ("Cases", str(len(results.cases))),
                ("Trainees", str(len(trainees))),
            ],
            styles,
        ),
        Spacer(1, 2 * mm),
        para(f"Pass rule: {session.rule.describe()}.", styles.body),
        grid(["Case", "Star", "Answered", "Passed"], rows, widths, styles, theme, short=(2,)),
    ]
    if trainees:
        story.append(Spacer(1, 2 * mm))
        story.append(para(f"Trainees: {', '.join(trainees)}.", styles.small))
    story += [_pooled(pooled, styles, theme) for pooled in results.pooled]
    return story


def _pooled(pooled: PooledReliability, styles: Styles, theme: Theme) -> Flowable:
    heading = para(f"Reliability over the session: {pooled.name} {pooled.edition}", styles.heading)
    if pooled.waiting:
        said = para(f"{pooled_heading(pooled)}: {pooled.waiting}.", styles.body)
        return KeepTogether([Spacer(1, 3 * mm), heading, said])
    return KeepTogether(
        [
            Spacer(1, 3 * mm),
            heading,
            para(f"{pooled_heading(pooled)}; every case × scale is a unit.", styles.body),
            Spacer(1, 1.5 * mm),
            _reliability(pooled.points, pooled.stages, styles, theme),
            Spacer(1, 1.5 * mm),
            para(READING_THE_NUMBERS, styles.small),
        ]
    )


def _case(
    results: SessionResults, result: CaseResults, styles: Styles, theme: Theme
) -> list[Flowable]:
    case, star = result.case, result.star
    about = f"Case {case.id} · {star.name} {star.edition} · session {results.session.code}"
    story: list[Flowable] = [para(case.title, styles.heading), para(about, styles.subtitle)]
    summary = case_summary(result)
    if summary is None:
        return [*story, para(NO_ANSWERS, styles.body)]
    group = summary.group
    notes = [para(summary.range_note, styles.small)] if summary.range_note else []
    return [
        *story,
        *_trainees(summary, styles, theme),
        KeepTogether(
            [
                para("Reliability of the group on this case", styles.heading),
                _reliability(group.points, group.stages, styles, theme),
                Spacer(1, 1.5 * mm),
                *notes,
                para(READING_THE_NUMBERS, styles.small),
            ]
        ),
        *_to_discuss(summary, styles, theme),
    ]


def _trainees(summary: CaseSummary, styles: Styles, theme: Theme) -> list[Flowable]:
    rows: list[list[Cell]] = []
    undefined: defaultdict[str, list[str]] = defaultdict(list)
    unscored = []
    for row in summary.trainees:
        if row.kappa_reason:
            undefined[row.kappa_reason].append(row.name)
        if row.feedback.unscored:
            unscored.append(f"{row.name} ({row.feedback.unscored})")
        rows.append(list(row.cells(MISSING)))
    header = ["Trainee", "Result", "In stage", "Exact", "Within one", "Mean diff", "Weighted kappa"]
    widths = [CONTENT_WIDTH * f for f in (0.3, 0.12, 0.11, 0.11, 0.12, 0.12, 0.12)]
    bold = [("FONTNAME", (1, 1), (1, -1), styles.cell_bold.fontName)]
    story: list[Flowable] = [
        grid(header, rows, widths, styles, theme, bold, short=range(1, 7)),
        Spacer(1, 1.5 * mm),
        para(
            "Counts are of the case's scales; an unscored scale is a miss. Mean diff is in "
            "points over the scales scored with a point by both; kappa is Cohen's weighted "
            "kappa (quadratic) against the reference, with the scales it rests on.",
            styles.small,
        ),
    ]
    story += [
        para(f"Kappa none for {', '.join(names)}: {reason}.", styles.small)
        for reason, names in undefined.items()
    ]
    if unscored:
        story.append(para(f"Scales left unscored: {', '.join(unscored)}.", styles.small))
    return story


def _reliability(
    points: Reliability, stages: Reliability, styles: Styles, theme: Theme
) -> Flowable:
    rows: list[list[Cell]] = [
        ["Krippendorff's alpha (ordinal)", _statistic(points.alpha), _statistic(stages.alpha)],
        ["ICC(2,1)", _icc_estimate(points.icc), _icc_estimate(stages.icc)],
        ["95% confidence interval", _icc_interval(points.icc), _icc_interval(stages.icc)],
        ["Koo & Li band", _icc_band(points.icc), _icc_band(stages.icc)],
    ]
    widths = [CONTENT_WIDTH * f for f in (0.3, 0.35, 0.35)]
    return grid(["", "On points", "On stages"], rows, widths, styles, theme)


def _statistic(found: Statistic) -> str:
    if found.value is None:
        return f"none: {found.reason}"
    return f"{fixed(found.value)} ({rests_on(found.units, found.raters)})"


def _icc_estimate(icc: Icc) -> str:
    if icc.value is None:
        return f"none: {icc.reason}"
    return f"{fixed(icc.value)} ({rests_on(icc.units, icc.raters)})"


def _icc_interval(icc: Icc) -> str:
    if icc.low is None or icc.high is None:
        return f"none: {icc.interval_reason}"
    return f"{fixed(icc.low)} to {fixed(icc.high)}"


def _icc_band(icc: Icc) -> str:
    if icc.band is None:
        return "none"
    if icc.band_range is None or icc.band_range == (icc.band, icc.band):
        return icc.band
    low, high = icc.band_range
    return f"{icc.band} (interval: {low} to {high})"


def _to_discuss(summary: CaseSummary, styles: Styles, theme: Theme) -> list[Flowable]:
    heading = para("Scales to discuss", styles.heading)
    if not summary.to_discuss:
        return [heading, para(summary.discussion, styles.body)]
    rows: list[list[Cell]] = [
        [
            str(scale.rank),
            scale.name,
            _reference(scale),
            f"{scale.off_stage} of {scale.answered}",
            number(scale.mad),
            number(scale.spread),
        ]
        for scale in summary.to_discuss
    ]
    header = ["#", "Scale", "Reference", "Off stage", "From reference", "Spread"]
    widths = [CONTENT_WIDTH * f for f in (0.05, 0.3, 0.23, 0.13, 0.16, 0.13)]
    note = (
        "Most worth discussing first: ranked by the share of trainees outside the reference "
        "stage, then by the mean distance from the reference, then by the spread (the mean "
        f"distance between two trainees' scores). A {MISSING} means there is no point to compare."
    )
    table = grid(header, rows, widths, styles, theme, short=(0, 3, 4, 5))
    return [KeepTogether([heading, para(note, styles.small), Spacer(1, 1.5 * mm), table])]


def _reference(scale: ScaleToDiscuss) -> str:
    return f"{answer_text(scale.reference)} ({stage_text(scale.reference, scale.reference_stage)})"
