"""The pilot report's figures, from the complete readings of one Star edition.

Per scale: the sample, the spread of first readings (floor and ceiling), responsiveness from
first to latest reading; for the Star: internal consistency at first reading and the
correlations between scales, and how far raters agree on it in the practice sessions held on
this edition; then findings in plain English. Every figure carries the n it
rests on; one that cannot be computed is None with the reason beside it, never NaN; figures
over fewer than `UNSTABLE_BELOW_PEOPLE` people are flagged unstable.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from starframe.definition.models import Star
from starframe.pilot.table import (
    MISSING,
    NO_OWN,
    NOT_APPLICABLE,
    Scored,
    ScoreTable,
    table_from_readings,
    table_from_store,
)
from starframe.readings.summaries import json_ready
from starframe.stats import consistency
from starframe.stats.counts import mean, median
from starframe.stats.wilcoxon import wilcoxon
from starframe.store.errors import NotFound
from starframe.thresholds import (
    FEWEST_SCALES,
    PILOT_ALPHA_HIGH,
    PILOT_ALPHA_LOW,
    PILOT_FLOOR_CEILING_SHARE,
    PILOT_ITEM_REST_LOW,
    PILOT_REDUNDANT_CORRELATION,
    UNSTABLE_BELOW_PEOPLE,
    WILCOXON_FEWEST_CHANGES,
)

if TYPE_CHECKING:
    from starframe.practice.sessions import EditionSession
    from starframe.readings.reader import Reader
    from starframe.stats.agreement import Icc, Statistic


@dataclass(frozen=True)
class Figure:
    """A number with what it rests on, or the reason there is none."""

    value: float | None
    n: int
    reason: str | None = None

    @property
    def shown(self) -> str:
        if self.value is None:
            return f"none ({self.reason})"
        return f"{self.value:.2f} (n={self.n})"


@dataclass(frozen=True)
class ScaleSample:
    readings: int
    not_applicable: float | None
    missing: float | None
    collaborative: int
    person_differed: float | None
    """Share of collaborative readings where the person's own score differed."""
    mean_difference: float | None
    """Mean absolute difference, in points, where it differed."""


@dataclass(frozen=True)
class Spread:
    people: int
    points: dict[int, int]
    stages: dict[str, int]
    floor: float | None
    ceiling: float | None


@dataclass(frozen=True)
class Responsiveness:
    people: int
    median: float | None
    mean: float | None
    wilcoxon_p: float | None
    wilcoxon_n: int
    effect_r: float | None
    srm: Figure
    up: float | None
    same: float | None
    down: float | None
    reason: str | None = None


@dataclass(frozen=True)
class ScaleReport:
    id: str
    label: str
    sample: ScaleSample
    spread: Spread
    change: Responsiveness
    alpha_if_deleted: Figure
    item_rest: Figure
    findings: list[str]


@dataclass(frozen=True)
class Coefficient:
    """An inter-rater coefficient with what it rests on, or the reason it is withheld."""

    value: float | None
    reason: str | None
    units: int
    """Case × scale units that entered it (each scale of each case is one unit)."""
    trainees: int
    low: float | None = None
    high: float | None = None
    """The ICC's 95% interval; None for alpha, or when there is no interval."""
    band: str | None = None
    """Koo & Li's band of the ICC (poor, moderate, good, excellent)."""


@dataclass(frozen=True)
class RaterAgreement:
    """One practice session's agreement among its trainees on this edition, pooled over the
    session's cases of it (`starframe.practice.group.pooled_answers`)."""

    session: str
    held: dt.date
    cases: list[str]
    trainees: int
    """Trainees who answered every case pooled: the only ones the figures use."""
    left_out: int
    """Trainees who answered some of the cases but not all."""
    points_alpha: Coefficient
    points_icc: Coefficient
    stages_alpha: Coefficient
    stages_icc: Coefficient


def _alpha_coefficient(alpha: Statistic) -> Coefficient:
    return Coefficient(alpha.value, alpha.reason, alpha.units, alpha.raters)


def _icc_coefficient(icc: Icc) -> Coefficient:
    return Coefficient(icc.value, icc.reason, icc.units, icc.raters, icc.low, icc.high, icc.band)


def rater_agreement(held: EditionSession) -> RaterAgreement:
    """The report's record of a session's pooled reliability; trainee names stay out of it
    (the report goes to an author), only how many."""
    pooled = held.pooled
    return RaterAgreement(
        session=held.code,
        held=held.created_at.date(),
        cases=list(pooled.cases),
        trainees=len(pooled.trainees),
        left_out=pooled.left_out,
        points_alpha=_alpha_coefficient(pooled.points.alpha),
        points_icc=_icc_coefficient(pooled.points.icc),
        stages_alpha=_alpha_coefficient(pooled.stages.alpha),
        stages_icc=_icc_coefficient(pooled.stages.icc),
    )


@dataclass(frozen=True)
class PilotReport:
    star: str
    edition: str
    name: str
    status: str
    people: int
    readings: int
    people_with_two_or_more: int
    first_date: dt.date | None
    last_date: dt.date | None
    unstable: bool
    scales: list[ScaleReport]
    alpha: Figure
    alpha_low: float | None
    alpha_high: float | None
    correlations: dict[str, dict[str, Figure]]
    findings: list[str] = field(default_factory=list)
    thresholds: dict[str, float] = field(default_factory=dict)
    practice: list[RaterAgreement] = field(default_factory=list)
    """Inter-rater reliability, one entry per practice session held on this edition."""
    practice_reason: str | None = None
    """Why `practice` is empty."""

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = json_ready(asdict(self))
        return record


def pilot_report(
    star: Star, readings: Iterable[Scored], practice: Sequence[EditionSession] = ()
) -> PilotReport:
    """The report over `readings` (complete readings of `star`'s edition, oldest first) and
    the `practice` sessions held on that edition."""
    return report_from_table(
        star, table_from_readings(readings, [scale.id for scale in star.scales]), practice
    )


def report_from_table(
    star: Star, table: ScoreTable, practice: Sequence[EditionSession] = ()
) -> PilotReport:
    """The report over the readings in `table` (see `pilot_report`)."""
    first, latest, held = table.first_and_latest()
    two = held > 1
    firsts = table.code[first]
    pairs = (firsts[two], table.code[latest[two]])
    has_point = firsts >= 0
    complete_rows = firsts[has_point.all(axis=1)].astype(float)
    alpha = consistency.cronbach_alpha(complete_rows)
    scale_reports = [
        _scale(star, index, table, firsts, pairs, complete_rows)
        for index in range(len(star.scales))
    ]
    correlations = _correlations(star, firsts)
    days = table.day
    report = PilotReport(
        star=star.id,
        edition=star.edition,
        name=star.name,
        status=star.status,
        people=table.people,
        readings=table.readings,
        people_with_two_or_more=int(two.sum()),
        first_date=dt.date.fromordinal(int(days.min())) if len(days) else None,
        last_date=dt.date.fromordinal(int(days.max())) if len(days) else None,
        unstable=table.people < UNSTABLE_BELOW_PEOPLE,
        scales=scale_reports,
        alpha=Figure(alpha.value, alpha.people, alpha.reason),
        alpha_low=alpha.low,
        alpha_high=alpha.high,
        correlations=correlations,
        thresholds={
            "unstable_below_people": UNSTABLE_BELOW_PEOPLE,
            "floor_ceiling_share": PILOT_FLOOR_CEILING_SHARE,
            "alpha_low": PILOT_ALPHA_LOW,
            "alpha_high": PILOT_ALPHA_HIGH,
            "item_rest_low": PILOT_ITEM_REST_LOW,
            "redundant_correlation": PILOT_REDUNDANT_CORRELATION,
            "fewest_scales": FEWEST_SCALES,
        },
        practice=[rater_agreement(held) for held in practice],
        practice_reason=None
        if practice
        else f"no group practice sessions have been held on {star.id} {star.edition}",
    )
    report.findings.extend(_star_findings(star, report))
    return report


Codes = NDArray[np.int64]
"""Readings (or people) × scales, as `ScoreTable.code`: a point, or a negative code."""


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _counts(values: NDArray[np.int64]) -> dict[int, int]:
    """Value → how many, in the order values first appear (as `Counter` would hold them)."""
    found, first, counts = np.unique(values, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    return {int(found[i]): int(counts[i]) for i in order}


def _scale(
    star: Star,
    index: int,
    table: ScoreTable,
    firsts: Codes,
    pairs: tuple[Codes, Codes],
    complete_rows: NDArray[np.float64],
) -> ScaleReport:
    scale = star.scales[index]
    every = table.code[:, index]
    readings = len(every)
    collaborative = table.collaborative & (every > 0)
    own = table.own[:, index]
    gave = collaborative & (own != NO_OWN)
    differed = np.abs(own[gave] - every[gave])
    sample = ScaleSample(
        readings=readings,
        not_applicable=_share(int((every == NOT_APPLICABLE).sum()), readings),
        missing=_share(int((every == MISSING).sum()), readings),
        collaborative=int(collaborative.sum()),
        person_differed=_share(len(differed), int(collaborative.sum())),
        mean_difference=int(differed.sum()) / len(differed) if len(differed) else None,
    )
    column = firsts[:, index]
    first_points = column[column >= 0]
    points = _counts(first_points)
    stages: Counter[str] = Counter()
    for point, many in points.items():
        stages[next(s.name for s in star.journey if s.covers(point))] += many
    spread = Spread(
        people=len(first_points),
        points={p: points.get(p, 0) for p in range(1, star.points + 1)},
        stages={s.name: stages.get(s.name, 0) for s in star.journey},
        floor=_share(points.get(1, 0), len(first_points)),
        ceiling=_share(points.get(star.points, 0), len(first_points)),
    )
    change = _responsiveness(star, index, pairs)
    if len(star.scales) >= 3:
        without = consistency.alpha_without(complete_rows, index) if len(complete_rows) else None
        deleted = (
            Figure(without.value, without.people, without.reason)
            if without
            else Figure(None, 0, "no one has a point on every scale")
        )
    else:
        deleted = Figure(None, 0, "alpha if deleted needs at least three scales")
    if len(complete_rows):
        rest = consistency.item_rest(complete_rows, index)
        item_rest = Figure(rest.value, rest.n, rest.reason)
    else:
        item_rest = Figure(None, 0, "no one has a point on every scale")
    findings = _scale_findings(scale.name, spread, change, item_rest, star.points)
    return ScaleReport(scale.id, scale.label, sample, spread, change, deleted, item_rest, findings)


def _responsiveness(star: Star, index: int, pairs: tuple[Codes, Codes]) -> Responsiveness:
    stage_of = np.zeros(star.points + 1, dtype=np.int64)
    for i, stage in enumerate(star.journey):
        stage_of[stage.first : stage.last + 1] = i
    a, b = pairs[0][:, index], pairs[1][:, index]
    both = (a >= 0) & (b >= 0)
    a, b = a[both], b[both]
    changes = b - a
    n = len(changes)
    if n == 0:
        reason = "no one has a point on this scale in two readings"
        return Responsiveness(
            0, None, None, None, 0, None, Figure(None, 0, reason), None, None, None, reason
        )
    moves = stage_of[b] - stage_of[a]
    counts = _counts(changes)
    tested = wilcoxon(counts)
    p = tested.p_value if tested.n >= WILCOXON_FEWEST_CHANGES else None
    effect = consistency.z_from_p(p) / tested.n**0.5 if p is not None and p > 0 else None
    sd = consistency.sample_sd(changes)
    if sd is None:
        srm = Figure(None, n, "the standardised response mean needs two or more people")
    elif sd == 0:
        srm = Figure(None, n, "everyone changed by the same amount")
    else:
        srm = Figure((int(changes.sum()) / n) / sd, n)
    untested: str | None = None
    if p is None:
        untested = f"too few changes to test (n={tested.n}; at least {WILCOXON_FEWEST_CHANGES})"
    return Responsiveness(
        people=n,
        median=median(counts),
        mean=mean(counts),
        wilcoxon_p=p,
        wilcoxon_n=tested.n,
        effect_r=effect,
        srm=srm,
        up=int((moves > 0).sum()) / n,
        same=int((moves == 0).sum()) / n,
        down=int((moves < 0).sum()) / n,
        reason=untested,
    )


def _correlations(star: Star, firsts: Codes) -> dict[str, dict[str, Figure]]:
    table: dict[str, dict[str, Figure]] = {}
    has_point = firsts >= 0
    for i, a in enumerate(star.scales):
        row: dict[str, Figure] = {}
        for j, b in enumerate(star.scales):
            if a.id == b.id:
                continue
            if b.id in table and a.id in table[b.id]:
                row[b.id] = table[b.id][a.id]
                continue
            both = has_point[:, i] & has_point[:, j]
            found = consistency.spearman(firsts[both, i], firsts[both, j])
            row[b.id] = Figure(found.value, found.n, found.reason)
        table[a.id] = row
    return table


def _percent(share: float) -> str:
    return f"{share:.0%}"


def _scale_findings(
    name: str, spread: Spread, change: Responsiveness, item_rest: Figure, points: int
) -> list[str]:
    found: list[str] = []
    if spread.floor is not None and spread.floor > PILOT_FLOOR_CEILING_SHARE:
        found.append(
            f"{name}: {_percent(spread.floor)} of first readings score 1, a floor effect: "
            "the lowest points may need splitting."
        )
    if spread.ceiling is not None and spread.ceiling > PILOT_FLOOR_CEILING_SHARE:
        found.append(
            f"{name}: {_percent(spread.ceiling)} of first readings score {points}, a ceiling "
            "effect: the top of the ladder may be too easy to reach."
        )
    if change.people and change.same == 1.0:
        found.append(
            f"{name}: no one moved a stage between first and latest reading "
            f"({change.people} people): the scale may not show change."
        )
    if item_rest.value is not None and item_rest.value < PILOT_ITEM_REST_LOW:
        found.append(
            f"{name}: correlates only {item_rest.value:.2f} with the rest of the Star: it may "
            "measure something else, or be worded so workers read it differently."
        )
    return found


def _star_findings(star: Star, report: PilotReport) -> list[str]:
    found: list[str] = []
    if report.unstable:
        found.append(
            f"Only {report.people} people: below {UNSTABLE_BELOW_PEOPLE} the figures are "
            "unstable, and a few more readings could change them a lot."
        )
    alpha = report.alpha.value
    if alpha is not None and alpha < PILOT_ALPHA_LOW:
        found.append(
            f"Cronbach's alpha is {alpha:.2f}, below {PILOT_ALPHA_LOW}: the scales hardly hang "
            "together as one Star."
        )
    if alpha is not None and alpha > PILOT_ALPHA_HIGH:
        found.append(
            f"Cronbach's alpha is {alpha:.2f}, above {PILOT_ALPHA_HIGH}: some scales may "
            "repeat each other."
        )
    names = {s.id: s.name for s in star.scales}
    seen: set[frozenset[str]] = set()
    for a, row in report.correlations.items():
        for b, figure in row.items():
            pair = frozenset((a, b))
            if pair in seen or figure.value is None:
                continue
            seen.add(pair)
            if figure.value > PILOT_REDUNDANT_CORRELATION:
                found.append(
                    f"{names[a]} and {names[b]} correlate {figure.value:.2f} (n={figure.n}): "
                    "they may be measuring the same thing."
                )
    for scale in report.scales:
        found.extend(scale.findings)
    return found


def pilot_from_store(
    reader: Reader,
    star_id: str,
    edition: str | None = None,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> tuple[Star, PilotReport]:
    """The Star and the report over the database's complete readings of one edition (the one
    in use when only one is). The Star is the definition the readings were taken with."""
    known = reader.definition_hashes(star_id)
    by_edition = {ed: hashes for ed, hashes in known.items() if hashes}
    if edition is None and len(by_edition) > 1:
        raise NotFound(
            f"readings of {star_id} use editions {', '.join(sorted(by_edition))}: choose one "
            "with --edition (a pilot judges one edition)."
        )
    chosen = edition or next(iter(by_edition), None)
    if chosen is None or chosen not in by_edition:
        raise NotFound(
            f"no complete readings of {star_id}{f' {edition}' if edition else ''} are recorded: "
            "check the Star id and edition (see `starframe readings list`)."
        )
    star = reader.star(by_edition[chosen][0])
    table = table_from_store(
        reader.connection,
        star_id,
        chosen,
        [scale.id for scale in star.scales],
        since=since,
        until=until,
    )
    from starframe.practice.sessions import edition_reliability

    return star, report_from_table(star, table, edition_reliability(reader.connection, star))
