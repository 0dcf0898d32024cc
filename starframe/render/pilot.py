"""The pilot report as a PDF for the Star's author: the same figures as the text and --json.

A small bar chart of first-reading scores per scale (floor and ceiling points in the accent
colour where they pass the flag), the per-scale table, internal consistency, and the Spearman
matrix as a heat map (darker: stronger; a flagged pair in the accent colour), and the practice
sessions' inter-rater reliability.
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from starframe.definition.models import Star
from starframe.pilot.report import Coefficient, PilotReport, ScaleReport
from starframe.render.flowables import details, grid, title_block
from starframe.render.page import CONTENT_WIDTH, PageSetup, build_pdf
from starframe.render.text import Styles, make_styles, para
from starframe.render.theme import Theme
from starframe.thresholds import (
    PILOT_FLOOR_CEILING_SHARE,
    PILOT_REDUNDANT_CORRELATION,
    UNSTABLE_BELOW_PEOPLE,
)

BAR_WIDTH = CONTENT_WIDTH / 3 - 4 * mm
BAR_HEIGHT = 22 * mm


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}".replace("-", "−")


def _p(value: float | None) -> str:
    if value is None:
        return "—"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def render_pilot(star: Star, report: PilotReport) -> bytes:
    theme = Theme.for_star(star)
    styles = make_styles(theme)
    dates = f"{report.first_date} to {report.last_date}" if report.first_date else "none"
    facts = [
        ("People", f"{report.people}" + (" (unstable)" if report.unstable else "")),
        ("Readings", f"{report.readings} complete"),
        ("With change", f"{report.people_with_two_or_more} (two or more readings)"),
        ("Dates", dates),
    ]
    story: list[Flowable] = [
        *title_block(star.name, f"Pilot report · edition {report.edition}", styles),
        details(facts, styles),
        Spacer(1, 3 * mm),
        para("Findings", styles.heading),
        *(
            [para(f"• {finding}", styles.body) for finding in report.findings]
            or [
                para("None: every scale spreads people out, moves and hangs together.", styles.body)
            ]
        ),
    ]
    if report.unstable:
        story.append(
            para(
                f"Fewer than {UNSTABLE_BELOW_PEOPLE} people: every figure below is unstable.",
                styles.small,
            )
        )
    story += _distributions(star, report, styles, theme)
    story += _table(report, styles, theme)
    story += _consistency(report, styles, theme)
    story += _practice(report, styles, theme)
    setup = PageSetup(star, theme, "Pilot report", f"{star.name} {report.edition} — pilot")
    return build_pdf(story, setup)


def _bars(star: Star, scale: ScaleReport, theme: Theme) -> Drawing:
    drawing = Drawing(BAR_WIDTH, BAR_HEIGHT)
    top = max(scale.spread.points.values(), default=0) or 1
    slot = BAR_WIDTH / max(star.points, 1)
    chart = BAR_HEIGHT - 9 * mm
    for point, count in scale.spread.points.items():
        flagged = (point == 1 and (scale.spread.floor or 0) > PILOT_FLOOR_CEILING_SHARE) or (
            point == star.points and (scale.spread.ceiling or 0) > PILOT_FLOOR_CEILING_SHARE
        )
        height = chart * count / top
        x = (point - 1) * slot + 1
        fill = theme.accent if flagged else theme.primary
        drawing.add(Rect(x, 4 * mm, slot - 2, height, fillColor=fill, strokeColor=None))
        drawing.add(String(x + slot / 2 - 1, 1 * mm, str(point), fontSize=6, textAnchor="middle"))
    label = f"{scale.label} (n={scale.spread.people})"
    drawing.add(String(0, BAR_HEIGHT - 3 * mm, label, fontSize=7))
    return drawing


def _distributions(star: Star, report: PilotReport, styles: Styles, theme: Theme) -> list[Flowable]:
    drawings: list[Flowable | str] = [_bars(star, scale, theme) for scale in report.scales]
    while len(drawings) % 3:
        drawings.append("")
    rows = [drawings[i : i + 3] for i in range(0, len(drawings), 3)]
    table = Table(rows, colWidths=[CONTENT_WIDTH / 3] * 3, hAlign="LEFT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [
        KeepTogether(
            [
                para("First readings", styles.heading),
                para(
                    "People at each point of each scale at their first reading; a floor or "
                    f"ceiling over {PILOT_FLOOR_CEILING_SHARE:.0%} is in the accent colour.",
                    styles.small,
                ),
                Spacer(1, 2 * mm),
                table,
            ]
        )
    ]


def _table(report: PilotReport, styles: Styles, theme: Theme) -> list[Flowable]:
    header = [
        "Scale",
        "n",
        "N/A",
        "Floor",
        "Ceiling",
        "Median",
        "Wilcoxon p (n)",
        "r",
        "SRM",
        "Up / same / down",
        "Item–rest",
        "α if del.",
    ]
    rows = []
    for scale in report.scales:
        change = scale.change
        rows.append(
            [
                scale.label,
                str(scale.spread.people),
                _pct(scale.sample.not_applicable),
                _pct(scale.spread.floor),
                _pct(scale.spread.ceiling),
                _num(change.median),
                f"{_p(change.wilcoxon_p)} ({change.wilcoxon_n})" if change.people else "—",
                _num(change.effect_r),
                _num(change.srm.value),
                " / ".join(_pct(v) for v in (change.up, change.same, change.down)),
                _num(scale.item_rest.value),
                _num(scale.alpha_if_deleted.value),
            ]
        )
    # Twelve columns on a portrait page: a smaller type and narrower padding than other
    # tables, and widths from the widest header word and cell at that size (10,000 people,
    # "100% / 100% / 100%"), so no header splits inside a word and no figure runs into the
    # next column. Scales' labels, the test and the moves wrap if they must.
    small = replace(
        styles,
        cell=ParagraphStyle("pilot-cell", parent=styles.cell, fontSize=7.5, leading=9.5),
        header_cell=ParagraphStyle(
            "pilot-header", parent=styles.header_cell, fontSize=7.5, leading=9.5
        ),
    )
    fractions = (0.115, 0.062, 0.057, 0.057, 0.072, 0.076, 0.135, 0.053, 0.053, 0.173, 0.094, 0.053)
    widths = [CONTENT_WIDTH * f for f in fractions]
    padding = [(side, (0, 0), (-1, -1), 3) for side in ("LEFTPADDING", "RIGHTPADDING")]
    short = (1, 2, 3, 4, 5, 7, 8, 10, 11)
    return [
        Spacer(1, 3 * mm),
        para("Per scale", styles.heading),
        grid(header, rows, widths, small, theme, extra=padding, short=short),
        Spacer(1, 1.5 * mm),
        para(
            "Median: median change, first → latest complete reading, over people with a point "
            "in both. Wilcoxon: two-sided signed-rank test, n the non-zero changes (none below 6). "
            "r = Z/√n. SRM: mean change / SD of change. Item–rest: Spearman correlation with "
            "the sum of the other scales at first reading. —: not computable (--json says why).",
            styles.small,
        ),
    ]


def _consistency(report: PilotReport, styles: Styles, theme: Theme) -> list[Flowable]:
    if report.alpha.value is None:
        alpha = f"Cronbach's alpha: none ({report.alpha.reason})."
    else:
        alpha = (
            f"Cronbach's alpha {report.alpha.value:.2f} (95% CI {_num(report.alpha_low)} to "
            f"{_num(report.alpha_high)}, Feldt), over {report.alpha.n} people with a point on "
            f"every scale at their first reading; {len(report.scales)} scales."
        )
    ids = [s.id for s in report.scales]
    labels = [s.label for s in report.scales]
    cells: list[list[str]] = [["", *labels]]
    extra: list[tuple[object, ...]] = []
    for r, a in enumerate(ids, start=1):
        row = [labels[r - 1]]
        for c, b in enumerate(ids, start=1):
            if a == b:
                row.append("")
                continue
            value = report.correlations[a][b].value
            row.append(_num(value))
            if value is not None:
                shade = min(abs(value), 1.0)
                fill = (
                    theme.accent
                    if value > PILOT_REDUNDANT_CORRELATION
                    else colors.Color(1 - 0.55 * shade, 1 - 0.45 * shade, 1 - 0.25 * shade)
                )
                extra.append(("BACKGROUND", (c, r), (c, r), fill))
        cells.append(row)
    width = CONTENT_WIDTH / (len(ids) + 1)
    heat = Table(cells, colWidths=[width] * (len(ids) + 1), hAlign="LEFT")
    heat.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.cell.fontName),
                ("FONTSIZE", (0, 0), (-1, -1), styles.cell.fontSize - 1),
                ("ALIGN", (1, 1), (-1, -1), "CENTER"),
                ("GRID", (1, 1), (-1, -1), 0.25, colors.white),
                *extra,
            ]
        )
    )
    return [
        Spacer(1, 3 * mm),
        KeepTogether(
            [
                para("Internal consistency and correlations", styles.heading),
                para(alpha, styles.body),
                Spacer(1, 2 * mm),
                heat,
                para(
                    "Spearman correlations between scales at first reading (darker: stronger; "
                    f"above {PILOT_REDUNDANT_CORRELATION} in the accent colour: possibly the same "
                    "thing measured twice).",
                    styles.small,
                ),
            ]
        ),
    ]


def _cell(found: Coefficient) -> str:
    if found.value is None:
        return "—"
    if found.low is None or found.high is None:
        return _num(found.value)
    return f"{_num(found.value)} ({_num(found.low)}–{_num(found.high)}) {found.band}"


def _practice(report: PilotReport, styles: Styles, theme: Theme) -> list[Flowable]:
    """Inter-rater reliability per practice session; a withheld figure's reason below."""
    story: list[Flowable] = [
        Spacer(1, 3 * mm),
        para("Inter-rater reliability in practice sessions", styles.heading),
    ]
    if not report.practice:
        story.append(para(f"None ({report.practice_reason}).", styles.body))
        return story
    header = ["Session", "Held", "Cases", "Trainees", "α points", "ICC points", "α stages"]
    header.append("ICC stages")
    rows = []
    withheld: list[str] = []
    for held in report.practice:
        figures = {
            "points alpha": held.points_alpha,
            "points ICC": held.points_icc,
            "stages alpha": held.stages_alpha,
            "stages ICC": held.stages_icc,
        }
        rows.append(
            [
                held.session,
                str(held.held),
                str(len(held.cases)),
                f"{held.trainees}" + (f" ({held.left_out} left out)" if held.left_out else ""),
                *(_cell(found) for found in figures.values()),
            ]
        )
        withheld += [
            f"{held.session} {name}: none ({found.reason})."
            for name, found in figures.items()
            if found.value is None
        ]
    fractions = (0.11, 0.11, 0.09, 0.13, 0.08, 0.2, 0.09, 0.19)
    widths = [CONTENT_WIDTH * f for f in fractions]
    story.append(grid(header, rows, widths, styles, theme, short=(0, 1, 2, 3, 4, 6)))
    story.append(Spacer(1, 1.5 * mm))
    story.append(
        para(
            "Krippendorff's alpha (ordinal) and ICC(2,1) with its 95% CI and Koo & Li band, "
            "among the trainees who answered every case of this edition in the session; each "
            "scale of each case is one unit. —: withheld (reasons below).",
            styles.small,
        )
    )
    story += [para(line, styles.small) for line in withheld]
    return story
