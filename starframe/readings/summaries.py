"""What the readings say: one person's journey, and a cohort's distance travelled.

Plain functions returning plain data, for the CLI, the TUI and the PDF reports alike.
Scores are ordinal, so alongside means we report medians, stage movement and a Wilcoxon
signed-rank test. Only complete readings count; `n/a` is left out; where worker and person
disagree the worker's score (the one in `scores`) counts (`COUNTED` says so in every cohort
output).

What a figure rests on goes with it: the test's own n (the non-zero changes) beside its p, no
p at all below `WILCOXON_FEWEST_CHANGES`, and a flag on figures over fewer than
`UNSTABLE_BELOW_PEOPLE` people. The lower-of-the-first-two baseline is optimistic by
construction and is never tested (see `ScaleCohort.lower_of_first_two`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from starframe.catalog import edition_order
from starframe.stats.counts import mean, median, total
from starframe.stats.wilcoxon import wilcoxon
from starframe.store.errors import NotFound, StoreError
from starframe.thresholds import UNSTABLE_BELOW_PEOPLE, WILCOXON_FEWEST_CHANGES

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.models import Reading
    from starframe.readings.reader import Reader
    from starframe.readings.stored import CohortRow


@dataclass(frozen=True)
class ScaleReading:
    """One scale in one reading, compared with the person's first and previous readings."""

    scale: str
    score: int | str | None
    """A point, `n/a`, or None when the scale has no score."""
    stage: str | None
    person_score: int | None
    change_since_first: int | None
    change_since_previous: int | None
    stages_since_first: int | None
    """Stages moved since the first reading: +1 is one stage up the journey."""
    stages_since_previous: int | None


@dataclass(frozen=True)
class ReadingSummary:
    id: str
    date: dt.date
    worker: str
    mode: str
    retrospective: bool
    scales: list[ScaleReading]


@dataclass(frozen=True)
class Journey:
    """A person's complete readings of one Star edition, oldest first."""

    star: str
    edition: str
    name: str
    scales: list[tuple[str, str]]
    """(id, chart label) in the Star's order."""
    readings: list[ReadingSummary]


@dataclass(frozen=True)
class PersonSummary:
    person: str
    journeys: list[Journey]

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = _plain(asdict(self))
        return record


def person_summary(reader: Reader, code: str) -> PersonSummary:
    """Every Star edition the person has complete readings of, each as a journey."""
    reader.person(code)
    by_edition: dict[tuple[str, str], list[Reading]] = {}
    for reading in reader.readings(person=code, status="complete"):
        by_edition.setdefault((reading.star, reading.edition), []).append(reading)
    journeys = []
    for (star_id, edition), readings in sorted(by_edition.items()):
        assert readings[-1].definition is not None
        latest_star = reader.star(readings[-1].definition)
        summaries = []
        for index, reading in enumerate(readings):
            assert reading.definition is not None
            star = reader.star(reading.definition)
            first = readings[0] if index else None
            previous = readings[index - 1] if index else None
            summaries.append(
                ReadingSummary(
                    id=str(reading.id),
                    date=reading.date,
                    worker=reading.worker,
                    mode=reading.mode,
                    retrospective=reading.retrospective,
                    scales=[
                        _scale_reading(scale.id, star, reading, first, previous)
                        for scale in star.scales
                    ],
                )
            )
        journeys.append(
            Journey(
                star=star_id,
                edition=edition,
                name=latest_star.name,
                scales=[(scale.id, scale.label) for scale in latest_star.scales],
                readings=summaries,
            )
        )
    return PersonSummary(code, journeys)


def _scale_reading(
    scale_id: str,
    star: Star,
    reading: Reading,
    first: Reading | None,
    previous: Reading | None,
) -> ScaleReading:
    def point(other: Reading | None) -> int | None:
        value = other.scores.get(scale_id) if other else None
        return value if isinstance(value, int) else None

    return scale_reading(star, reading, scale_id, point(first), point(previous))


def scale_reading(
    star: Star, reading: Reading, scale_id: str, first: int | None, previous: int | None
) -> ScaleReading:
    """One scale of a reading (complete or draft) against the first and previous points."""
    score = reading.scores.get(scale_id)
    point = score if isinstance(score, int) else None

    def compared(before: int | None) -> tuple[int | None, int | None]:
        if point is None or before is None:
            return None, None
        return point - before, stage_index(star, point) - stage_index(star, before)

    since_first, stages_first = compared(first)
    since_previous, stages_previous = compared(previous)
    return ScaleReading(
        scale=scale_id,
        score=score,
        stage=star.stage_of(point).name if point is not None else None,
        person_score=reading.person_scores.get(scale_id),
        change_since_first=since_first,
        change_since_previous=since_previous,
        stages_since_first=stages_first,
        stages_since_previous=stages_previous,
    )


def stage_index(star: Star, point: int) -> int:
    return star.journey.index(star.stage_of(point))


COUNTED = (
    "Counts complete readings only; where worker and person disagree, the worker's score; "
    "n/a is left out."
)
"""Which readings a cohort figure counts, in one line, as every cohort output says it."""

TOO_FEW_CHANGES = "too few changes to test"


@dataclass(frozen=True)
class ChangeTest:
    """The two-sided Wilcoxon signed-rank test of a change, or why it was not run."""

    n: int
    """Non-zero changes: the test's own sample size, shown beside every p."""
    statistic: float | None
    p_value: float | None
    method: str | None
    withheld: str | None
    """`TOO_FEW_CHANGES` below `WILCOXON_FEWEST_CHANGES` non-zero changes, where no p could
    fall below 0.05; None when the test was run."""

    @property
    def shown(self) -> str:
        """`0.031 (n=12)`, `<0.001 (n=240)`, or `too few changes to test (n=4)`: every face
        prints the test's own n beside it."""
        if self.p_value is None:
            return f"{self.withheld or TOO_FEW_CHANGES} (n={self.n})"
        p = "<0.001" if self.p_value < 0.001 else f"{self.p_value:.3f}"
        return f"{p} (n={self.n})"


@dataclass(frozen=True)
class Change:
    """Distance travelled on one scale: latest score minus a baseline, over people."""

    people: int
    mean: float | None
    median: float | None
    improved: int
    same: int
    worse: int
    distribution: dict[int, int]
    """Change in points → number of people."""
    wilcoxon: ChangeTest | None
    """None for a baseline that is not tested (the lower of the first two)."""
    unstable: bool
    """Over fewer than `UNSTABLE_BELOW_PEOPLE` people: a few more readings could move it far."""


@dataclass(frozen=True)
class StageMovement:
    people: int
    up: int
    stayed: int
    down: int

    def share(self, count: int) -> float | None:
        return count / self.people if self.people else None


@dataclass(frozen=True)
class ScaleCohort:
    scale: str
    name: str
    label: str
    first_to_latest: Change
    lower_of_first_two: Change
    """Baseline: the lower of the first two scores (the latest counts as second when a
    person has only two readings). Optimistic: for someone with two readings it is max(0,
    change), so it cannot show a decline, and a test of it finds "progress" in cohorts with
    none. It counts everyone with two or more readings because the cohort rows do not tell
    two readings from more, and is never tested."""
    stages: StageMovement
    """First → latest reading, in stages of the journey."""
    snapshot: dict[str, int]
    """Stage id → people whose latest score is in that stage (everyone with a reading)."""
    not_applicable: int
    """People whose latest reading marks this scale `n/a`."""


@dataclass(frozen=True)
class CohortSummary:
    star: str
    edition: str
    name: str
    since: dt.date | None
    until: dt.date | None
    worker: str | None
    people: int
    """People with at least one complete reading in the selection."""
    people_with_change: int
    """People with at least two, the ones distance travelled is about."""
    stages: list[tuple[str, str]]
    """(id, name) of the journey's stages, in order."""
    scales: list[ScaleCohort]
    editions: list[str] = field(default_factory=list)
    """Every edition summarised, oldest first (several when editions are bridged)."""
    counted: str = COUNTED
    """Which readings the figures count, in one line."""

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = _plain(asdict(self))
        return record


@dataclass(frozen=True)
class CohortSelection:
    """The readings a cohort summary is about, and the edition it reports them on."""

    star: Star
    """The newest edition included: scales and stages are reported as it names them."""
    editions: list[str]
    """Every edition included, oldest first."""
    renames: dict[tuple[str, str], str]
    """(older edition, scale id) → the scale id in `star`, for scales renamed since."""
    rows: list[CohortRow]


def select_cohort(
    reader: Reader,
    star_id: str,
    edition: str | None = None,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    worker: str | None = None,
    team: str | None = None,
) -> CohortSelection:
    """The readings to summarise: one edition, or every edition when they are bridged.

    Without `edition`, readings of several editions are summarised together only when each
    newer edition declares the one before it in `supersedes` and `starframe diff` would call
    them comparable (same points and stages, every scale mapped); otherwise the user must pick.
    """
    by_edition = reader.definition_hashes(star_id)
    if edition is not None:
        by_edition = {edition: by_edition.get(edition, [])}
    if not any(by_edition.values()):
        raise NotFound(
            f"no complete readings of {star_id}{f' {edition}' if edition else ''} are "
            "recorded: check the Star id and edition (see `starframe readings list`)."
        )
    # One text per edition is all a database can hold (see Writer.put_definition).
    stars = {ed: reader.star(hashes[0]) for ed, hashes in by_edition.items() if hashes}
    editions = sorted(stars, key=edition_order)
    renames = _bridge(star_id, [stars[ed] for ed in editions])
    rows = reader.cohort_rows(
        star_id, editions, since=since, until=until, worker=worker, renames=renames, team=team
    )
    if not rows:
        raise NotFound(
            f"no complete readings of {star_id} {', '.join(editions)} match: check the dates "
            "and worker (see `starframe readings list`)."
        )
    return CohortSelection(stars[editions[-1]], editions, renames, rows)


def _bridge(star_id: str, stars: list[Star]) -> dict[tuple[str, str], str]:
    """Renames that carry every older edition's scale ids to the newest; refuses a gap."""
    from starframe.definition.diff import diff_stars

    renames: dict[tuple[str, str], str] = {}
    carried = [{scale.id: scale.id for scale in star.scales} for star in stars]
    for index, (older, newer) in enumerate(pairwise(stars), start=1):
        declared = newer.supersedes is not None and newer.supersedes.edition == older.edition
        result = diff_stars(older, newer)
        if not declared or not result.comparable:
            why = (
                "; ".join(result.reasons)
                if declared
                else f"edition {newer.edition} does not declare `supersedes: {older.edition}`"
            )
            raise StoreError(
                f"readings of {star_id} use editions {older.edition} and {newer.edition}, which "
                f"cannot be summarised together ({why}): choose one with --edition."
            )
        for mapping in carried[:index]:
            for old_id, current in list(mapping.items()):
                mapping[old_id] = result.scale_map.get(current, current)
    for star, mapping in zip(stars[:-1], carried[:-1], strict=True):
        for old_id, new_id in mapping.items():
            if old_id != new_id:
                renames[(star.edition, old_id)] = new_id
    return renames


def cohort_summary(
    reader: Reader,
    star_id: str,
    edition: str | None = None,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    worker: str | None = None,
    team: str | None = None,
) -> CohortSummary:
    """Distance travelled and stage movement for everyone with readings of one Star.

    `team` keeps to one team's caseload (the owner's view of it; on a secured database a
    login sees only their own teams anyway, with no filter).
    """
    selection = select_cohort(
        reader, star_id, edition, since=since, until=until, worker=worker, team=team
    )
    return summarise_cohort(selection, since=since, until=until, worker=worker)


def summarise_cohort(
    selection: CohortSelection,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    worker: str | None = None,
) -> CohortSummary:
    star = selection.star
    by_scale: dict[str, list[CohortRow]] = {}
    for row in selection.rows:
        by_scale.setdefault(row.scale_id, []).append(row)
    scales = [_scale_cohort(star, scale.id, by_scale.get(scale.id, [])) for scale in star.scales]
    everyone = max(sum(r.people for r in rows) for rows in [*by_scale.values(), []])
    several = max(sum(r.people for r in rows if r.several) for rows in [*by_scale.values(), []])
    return CohortSummary(
        star=star.id,
        edition=star.edition,
        name=star.name,
        since=since,
        until=until,
        worker=worker,
        people=everyone,
        people_with_change=several,
        stages=[(stage.id, stage.name) for stage in star.journey],
        scales=scales,
        editions=selection.editions,
    )


def _scale_cohort(star: Star, scale_id: str, rows: list[CohortRow]) -> ScaleCohort:
    scale = star.scale(scale_id)
    plain: Counter[int] = Counter()
    lower: Counter[int] = Counter()
    moved: Counter[int] = Counter()
    snapshot = {stage.id: 0 for stage in star.journey}
    not_applicable = 0
    for row in rows:
        if row.latest is None:
            not_applicable += row.people
            continue
        snapshot[star.stage_of(row.latest).id] += row.people
        if not row.several or row.first is None:
            continue
        plain[row.latest - row.first] += row.people
        baseline = min(row.first, row.second) if row.second is not None else row.first
        lower[row.latest - baseline] += row.people
        step = stage_index(star, row.latest) - stage_index(star, row.first)
        moved[(step > 0) - (step < 0)] += row.people
    return ScaleCohort(
        scale=scale_id,
        name=scale.name,
        label=scale.label,
        first_to_latest=_change(plain),
        lower_of_first_two=_change(lower, tested=False),
        stages=StageMovement(total(moved), moved[1], moved[0], moved[-1]),
        snapshot=snapshot,
        not_applicable=not_applicable,
    )


def _change(counts: Counter[int], *, tested: bool = True) -> Change:
    people = total(counts)
    return Change(
        people=people,
        mean=mean(counts),
        median=median(counts),
        improved=sum(c for v, c in counts.items() if v > 0),
        same=counts[0],
        worse=sum(c for v, c in counts.items() if v < 0),
        distribution=dict(sorted(counts.items())),
        wilcoxon=change_test(counts) if tested else None,
        unstable=people < UNSTABLE_BELOW_PEOPLE,
    )


def change_test(counts: Counter[int]) -> ChangeTest:
    """Wilcoxon on the changes (value → people), withheld below `WILCOXON_FEWEST_CHANGES`."""
    found = wilcoxon(counts)
    if found.n < WILCOXON_FEWEST_CHANGES:
        return ChangeTest(found.n, None, None, None, TOO_FEW_CHANGES)
    return ChangeTest(found.n, found.statistic, found.p_value, found.method, None)


def _plain(value: Any) -> Any:
    """JSON-ready: dates as ISO text, tuples as lists, keys as text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
