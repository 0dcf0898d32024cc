"""The pilot report as plain text for a terminal: the same figures as `--json` and the PDF."""

from __future__ import annotations

from collections.abc import Iterator

from starframe.pilot.report import Coefficient, Figure, PilotReport


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _p(value: float | None) -> str:
    if value is None:
        return "-"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def report_lines(report: PilotReport) -> Iterator[str]:
    star = f"{report.name} ({report.star} {report.edition}, {report.status})"
    yield f"Pilot report: {star}"
    dates = f"{report.first_date} to {report.last_date}" if report.first_date else "no readings"
    flag = " (unstable: fewer than 50 people)" if report.unstable else ""
    yield (
        f"Sample: {_count(report.people, 'person', 'people')}{flag}, "
        f"{_count(report.readings, 'complete reading', 'complete readings')}, "
        f"{report.people_with_two_or_more} with two or more; {dates}."
    )
    yield ""
    yield "Per scale (first readings; change first → latest):"
    header = (
        f"{'SCALE':<22}{'N':>5}{'N/A':>6}{'FLOOR':>7}{'CEIL':>6}{'CHANGE n':>10}"
        f"{'MEDIAN':>8}{'MEAN':>7}{'p (n)':>15}{'r':>6}{'SRM':>6}{'UP/SAME/DOWN':>16}"
        f"{'ITEM-REST':>10}{'α IF DEL':>9}"
    )
    yield header
    for scale in report.scales:
        change = scale.change
        tested = f"{_p(change.wilcoxon_p)} ({change.wilcoxon_n})" if change.people else "-"
        moves = "/".join(_pct(v) for v in (change.up, change.same, change.down))
        yield (
            f"{scale.label[:21]:<22}{scale.spread.people:>5}{_pct(scale.sample.not_applicable):>6}"
            f"{_pct(scale.spread.floor):>7}{_pct(scale.spread.ceiling):>6}{change.people:>10}"
            f"{_num(change.median, 1):>8}{_num(change.mean, 1):>7}{tested:>15}"
            f"{_num(change.effect_r):>6}{_num(change.srm.value):>6}{moves:>16}"
            f"{_num(scale.item_rest.value):>10}{_num(scale.alpha_if_deleted.value):>9}"
        )
    yield (
        "N/A: share of readings scored n/a. FLOOR/CEIL: share of first readings at the lowest/"
        "highest point (flagged above 15%). p: Wilcoxon signed-rank, with its n of non-zero "
        "changes; r = Z/√n; SRM: mean change / SD of change. '-': not computable (see --json "
        "for the reason)."
    )
    yield ""
    yield f"Internal consistency at first reading: Cronbach's alpha {_alpha(report)}"
    yield ""
    yield "Correlations between scales (Spearman, first readings):"
    ids = [s.id for s in report.scales]
    labels = {s.id: s.label for s in report.scales}
    yield " " * 22 + "".join(f"{labels[i][:7]:>8}" for i in ids)
    for a in ids:
        cells = "".join(
            f"{'':>8}" if a == b else f"{_num(report.correlations[a][b].value):>8}" for b in ids
        )
        yield f"{labels[a][:21]:<22}{cells}"
    yield ""
    yield from practice_lines(report)
    yield ""
    yield "Findings:"
    if not report.findings:
        yield "  None: every scale spreads people out, moves and hangs together."
    for finding in report.findings:
        yield f"  - {finding}"


def _alpha(report: PilotReport) -> str:
    alpha: Figure = report.alpha
    if alpha.value is None:
        return f"none ({alpha.reason})"
    return (
        f"{alpha.value:.2f} (95% CI {_num(report.alpha_low)} to {_num(report.alpha_high)}, "
        f"Feldt; {alpha.n} people with a point on every scale, {len(report.scales)} scales)"
    )


def coefficient(found: Coefficient) -> str:
    """A coefficient with the units and trainees it rests on, or why it is withheld."""
    if found.value is None:
        return f"none ({found.reason})"
    basis = f"{found.units} case × scale units, {found.trainees} trainees"
    if found.low is not None and found.high is not None:
        basis = f"95% CI {_num(found.low)} to {_num(found.high)}, {found.band}; {basis}"
    return f"{_num(found.value)} ({basis})"


def practice_lines(report: PilotReport) -> Iterator[str]:
    """Inter-rater reliability per practice session, pooled over its cases of the edition."""
    yield "Inter-rater reliability (practice sessions on this edition, pooled over their cases):"
    if not report.practice:
        yield f"  none ({report.practice_reason})"
    for held in report.practice:
        left = f", {held.left_out} left out (did not answer every case)" if held.left_out else ""
        yield (
            f"  Session {held.session} ({held.held}): {_count(len(held.cases), 'case', 'cases')}, "
            f"{_count(held.trainees, 'trainee', 'trainees')}{left}"
        )
        yield f"    points: alpha {coefficient(held.points_alpha)}"
        yield f"            ICC {coefficient(held.points_icc)}"
        yield f"    stages: alpha {coefficient(held.stages_alpha)}"
        yield f"            ICC {coefficient(held.stages_icc)}"
