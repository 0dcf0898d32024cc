"""The cohort report for managers and commissioners, from the store's cohort summary.

Distance travelled is reported as medians and counts of people better, the same and worse
(scores are ordinal), with the Wilcoxon test the summary computes and the n it rests on; means
appear beside them and in the average shapes, because commissioners ask for them. The report
says which readings it counts, flags figures over few people, and labels the lower-of-the-first
-two baseline optimistic (it has no test). Up and down keep fixed
colours (green, vermilion) whatever the branding, so a brand colour never reads as "worse".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from starframe.definition.models import Star
from starframe.i18n import ENGLISH, Messages
from starframe.plugins.types import ReportSection
from starframe.render.bars import BarRow, Segment, stacked_bars
from starframe.render.chart import ChartSeries, star_chart
from starframe.render.flowables import details, grid, plugin_sections, title_block
from starframe.render.page import CONTENT_WIDTH, PageSetup, build_pdf
from starframe.render.text import Styles, make_styles, para
from starframe.render.theme import Theme
from starframe.thresholds import UNSTABLE_BELOW_PEOPLE

if TYPE_CHECKING:
    from starframe.readings.stored import CohortRow
    from starframe.readings.summaries import CohortSummary

CHART_WIDTH = 400.0
UP = colors.HexColor("#009e73")
DOWN = colors.HexColor("#d55e00")
SAME = colors.HexColor("#d9d9d9")
NOT_APPLICABLE_FILL = colors.HexColor("#f0f0f0")


@dataclass(frozen=True)
class AverageShapes:
    """Mean first and latest score per scale, over the people with at least two readings.

    Where nobody has two readings yet, `first` is empty and `latest` is over everyone.
    """

    first: dict[str, float]
    latest: dict[str, float]
    people: int


def average_shapes(rows: Iterable[CohortRow]) -> AverageShapes:
    firsts: dict[str, list[int]] = {}
    latests: dict[str, list[int]] = {}
    everyone: dict[str, list[int]] = {}
    for row in rows:
        if row.latest is None:
            continue
        everyone.setdefault(row.scale_id, []).extend([row.latest] * row.people)
        if row.several and row.first is not None:
            firsts.setdefault(row.scale_id, []).extend([row.first] * row.people)
            latests.setdefault(row.scale_id, []).extend([row.latest] * row.people)
    if not firsts:
        return AverageShapes({}, _means(everyone), max(map(len, everyone.values()), default=0))
    return AverageShapes(_means(firsts), _means(latests), max(map(len, firsts.values())))


def _means(values: dict[str, list[int]]) -> dict[str, float]:
    return {scale: sum(found) / len(found) for scale, found in values.items() if found}


def render_cohort(
    star: Star,
    summary: CohortSummary,
    shapes: AverageShapes,
    *,
    sections: Sequence[ReportSection] = (),
    messages: Messages = ENGLISH,
) -> bytes:
    """The cohort report; its headings in the language of `messages` (English by default)."""
    _ = messages
    title, edition = _("Cohort report"), _("edition")
    theme = Theme.for_star(star)
    styles = make_styles(theme)
    story: list[Flowable] = [
        *title_block(star.name, f"{title} · {edition} {summary.edition}", styles),
        details(_facts(summary, _), styles),
        Spacer(1, 3 * mm),
        para(_("Average shapes"), styles.heading),
        star_chart(star, _series(shapes, summary.smallest_group), width=CHART_WIDTH, theme=theme),
        para(_shapes_note(shapes, summary.smallest_group), styles.small),
        *_distance(summary, styles, theme, _),
        *_movement(star, summary, styles, theme, _),
        *_snapshot(star, summary, styles, theme, _),
        *plugin_sections(sections, styles, theme),
    ]
    setup = PageSetup(star, theme, title, f"{star.name} {summary.edition} — cohort", messages)
    return build_pdf(story, setup)


def _facts(summary: CohortSummary, _: Messages) -> list[tuple[str, str]]:
    since = str(summary.since) if summary.since else "the first reading"
    until = str(summary.until) if summary.until else "the latest reading"
    return [
        (_("People"), summary.count("people")),
        (_("With change"), f"{summary.count('people_with_change')} (two or more readings)"),
        (_("Readings"), f"from {since} to {until}"),
        (_("Worker"), summary.worker or "all workers"),
        *([(_("Team"), summary.team)] if summary.team else []),
        (_("What it counts"), summary.counted),
    ]


def _shapes_note(shapes: AverageShapes, smallest_group: int) -> str:
    if 0 < shapes.people < smallest_group:
        return (
            f"The mean scores rest on fewer than {smallest_group} people, so they are withheld, "
            "as the tables withhold means over so few."
        )
    return (
        "The mean first and latest score on each scale, over the same people: everyone "
        "with at least two complete readings in the selection."
    )


def _series(shapes: AverageShapes, smallest_group: int) -> list[ChartSeries]:
    """The mean shapes; none over fewer than `smallest_group` people (the tables withhold a
    mean over so few, and so does the chart)."""
    if 0 < shapes.people < smallest_group:
        return []
    series = []
    n = f"n={shapes.people}"
    if shapes.first:
        series.append(ChartSeries(f"Mean first reading ({n})", shapes.first))
    label = "Mean latest reading" + (f" ({n})" if shapes.first else " (everyone)")
    series.append(ChartSeries(label, shapes.latest))
    return series


def _number(value: float | None, *, signed: bool = True) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if text in ("-0", "0"):
        return "0"
    if value < 0:
        return "−" + text.lstrip("-")
    return f"+{text}" if signed else text


def _distance(summary: CohortSummary, styles: Styles, theme: Theme, _: Messages) -> list[Flowable]:
    rows = [
        [
            scale.name,
            f"{scale.first_to_latest.count('people')}"
            f"{'*' if scale.first_to_latest.unstable else ''}",
            _number(scale.first_to_latest.median),
            _number(scale.first_to_latest.mean),
            " / ".join(scale.first_to_latest.count(n) for n in ("improved", "same", "worse")),
            scale.first_to_latest.wilcoxon.shown if scale.first_to_latest.wilcoxon else "—",
            _number(scale.lower_of_first_two.median)
            + f" ({_n(scale.lower_of_first_two.count('people'))})",
        ]
        for scale in summary.scales
    ]
    header = [
        _("Scale"),
        _("People"),
        _("Median change"),
        _("Mean change"),
        _("Better / same / worse"),
        _("Wilcoxon p (n)"),
        _("Median from lower of first two (optimistic)"),
    ]
    widths = [CONTENT_WIDTH * f for f in (0.19, 0.1, 0.1, 0.1, 0.15, 0.17, 0.19)]
    highlight = [("TEXTCOLOR", (2, 1), (2, -1), theme.accent)]
    notes = [
        para(
            "Wilcoxon p: two-sided signed-rank test of first against latest scores; n is the "
            "non-zero changes it rests on. With five or fewer no p could fall below 0.05, so "
            "none is given.",
            styles.small,
        ),
        para(
            "The lower of the first two is an optimistic baseline, shown because some services "
            "use it: it can only be at or below the first score. It counts only people with "
            "three or more readings (n): for someone with two it would be the change or 0, "
            "whichever is higher, and could not show a decline. It is not tested.",
            styles.small,
        ),
    ]
    if summary.any_withheld:
        from starframe.readings.summaries import withheld_note

        notes.append(para(withheld_note(summary.smallest_group), styles.small))
    if any(scale.first_to_latest.unstable for scale in summary.scales):
        notes.append(
            para(
                f"* Fewer than {UNSTABLE_BELOW_PEOPLE} people: unstable, a few more readings "
                "could move these figures far.",
                styles.small,
            )
        )
    return [
        KeepTogether(
            [
                para(_("Distance travelled"), styles.heading),
                para(
                    "Change in points from each person's first to latest complete reading; n/a "
                    "is left out.",
                    styles.small,
                ),
                Spacer(1, 2 * mm),
                # The test's column wraps: "too few changes to test (n=4)" is wider than a p.
                grid(header, rows, widths, styles, theme, highlight, short=(1, 2, 3, 4, 6)),
            ]
        ),
        Spacer(1, 1.5 * mm),
        *notes,
    ]


def _movement(
    star: Star, summary: CohortSummary, styles: Styles, theme: Theme, _: Messages
) -> list[Flowable]:
    segments = [
        Segment("moved up a stage or more", UP),
        Segment("same stage", SAME),
        Segment("moved down", DOWN),
    ]
    rows = [
        BarRow(
            _label(star, scale.scale, scale.label),
            [scale.stages.up, scale.stages.stayed, scale.stages.down],
            scale.stages.people,
            _withheld_total(scale.stages.count("people")),
        )
        for scale in summary.scales
    ]
    return [
        KeepTogether(
            [
                para(_("Stage movement"), styles.heading),
                para(
                    "Stage of the first reading compared with the latest, per person.", styles.small
                ),
                Spacer(1, 2 * mm),
                stacked_bars(rows, segments, width=CONTENT_WIDTH),
            ]
        )
    ]


def _snapshot(
    star: Star, summary: CohortSummary, styles: Styles, theme: Theme, _: Messages
) -> list[Flowable]:
    fills = theme.stage_fills(len(star.journey))
    segments = [Segment(stage.name, fill) for stage, fill in zip(star.journey, fills, strict=True)]
    segments.append(Segment("not applicable", NOT_APPLICABLE_FILL))
    rows = [
        BarRow(
            _label(star, scale.scale, scale.label),
            [*(scale.snapshot.get(stage.id, 0) for stage in star.journey), scale.not_applicable],
            scale.everyone,
            _withheld_total(scale.count("everyone")),
        )
        for scale in summary.scales
    ]
    return [
        KeepTogether(
            [
                para(_("Where people are now"), styles.heading),
                para("Stage of each person's latest complete reading.", styles.small),
                Spacer(1, 2 * mm),
                stacked_bars(rows, segments, width=CONTENT_WIDTH),
            ]
        )
    ]


def _withheld_total(text: str) -> str:
    """The count at the end of a bar whose total is withheld: `n<5`, or `n withheld`."""
    return _n(text)


def _n(text: str) -> str:
    """A count as an n: `n=12`, `n<5`, or `n withheld` (withheld to protect another)."""
    if text.startswith("<"):
        return f"n{text}"
    return "n withheld" if text == "·" else f"n={text}"


def _label(star: Star, scale_id: str, fallback: str) -> str:
    """The chart label from the Star being printed (so `--lang` applies), else the summary's."""
    try:
        return star.scale(scale_id).label
    except KeyError:
        return fallback
