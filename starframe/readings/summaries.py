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
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from starframe.catalog import edition_order
from starframe.stats.counts import mean, median, total
from starframe.stats.small_cells import count_text, fewer_than, withhold
from starframe.stats.wilcoxon import wilcoxon
from starframe.store.errors import NotFound, StoreError
from starframe.thresholds import (
    SMALLEST_GROUP,
    UNSTABLE_BELOW_PEOPLE,
    WILCOXON_FEWEST_CHANGES,
)

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
    edition: str = ""
    """The edition it was taken with (journeys bridge comparable editions)."""


@dataclass(frozen=True)
class Journey:
    """A person's complete readings of one Star edition, oldest first."""

    star: str
    edition: str
    name: str
    scales: list[tuple[str, str]]
    """(id, chart label) in the Star's order."""
    readings: list[ReadingSummary]
    editions: list[str] = field(default_factory=list)
    """Every edition the readings were taken with, oldest first: several when editions are
    bridged as `summary cohort` bridges them; `edition` is the newest, whose ids are used."""


@dataclass(frozen=True)
class PersonSummary:
    person: str
    journeys: list[Journey]

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = json_ready(asdict(self))
        return record


def person_summary(reader: Reader, code: str) -> PersonSummary:
    """Every Star the person has complete readings of, each as a journey: one per edition, or
    one across editions where each newer one declares the one before in `supersedes` and they
    are comparable (the rule `summary cohort` bridges them by, `_bridge`)."""
    reader.person(code)
    by_star: dict[str, dict[str, list[Reading]]] = {}
    in_order: dict[str, list[Reading]] = {}
    for reading in reader.readings(person=code, status="complete"):
        by_star.setdefault(reading.star, {}).setdefault(reading.edition, []).append(reading)
        in_order.setdefault(reading.star, []).append(reading)
    journeys = []
    for star_id, by_edition in sorted(by_star.items()):
        editions = sorted(by_edition, key=edition_order)
        stars = {ed: _latest_star(reader, by_edition[ed]) for ed in editions}
        try:
            renames = _bridge(star_id, [stars[ed] for ed in editions]) if len(editions) > 1 else {}
        except StoreError:
            groups = [[ed] for ed in sorted(editions)]
        else:
            groups = [editions]
        for group in groups:
            readings = [r for r in in_order[star_id] if r.edition in group]
            carry = renames if len(group) > 1 else {}
            bridged = [_in_newest(reading, carry) for reading in readings]
            journeys.append(_journey(star_id, group, stars[group[-1]], bridged))
    return PersonSummary(code, journeys)


def _latest_star(reader: Reader, readings: list[Reading]) -> Star:
    assert readings[-1].definition is not None
    return reader.star(readings[-1].definition)


def _in_newest(reading: Reading, renames: dict[tuple[str, str], str]) -> Reading:
    """`reading` with its scale ids as the newest bridged edition names them."""
    if not renames:
        return reading

    def carried(scores: dict[str, Any]) -> dict[str, Any]:
        return {renames.get((reading.edition, key), key): value for key, value in scores.items()}

    return reading.model_copy(
        update={"scores": carried(reading.scores), "person_scores": carried(reading.person_scores)}
    )


def _journey(star_id: str, editions: list[str], latest: Star, readings: list[Reading]) -> Journey:
    summaries = []
    for index, reading in enumerate(readings):
        first = readings[0] if index else None
        previous = readings[index - 1] if index else None
        summaries.append(
            ReadingSummary(
                id=str(reading.id),
                date=reading.date,
                worker=reading.worker,
                mode=reading.mode,
                retrospective=reading.retrospective,
                # Bridged editions share points and stages: the newest places every score.
                scales=[
                    _scale_reading(scale.id, latest, reading, first, previous)
                    for scale in latest.scales
                ],
                edition=reading.edition,
            )
        )
    return Journey(
        star=star_id,
        edition=editions[-1],
        name=latest.name,
        scales=[(scale.id, scale.label) for scale in latest.scales],
        readings=summaries,
        editions=list(editions),
    )


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


def withheld_note(smallest_group: int = SMALLEST_GROUP) -> str:
    """The line every cohort output prints under its tables when some count is withheld."""
    return (
        f"<{smallest_group}: fewer than {smallest_group} people, withheld so no one can be "
        f"picked out; ·: withheld so that a count of fewer than {smallest_group} cannot be "
        "worked out from the totals."
    )


@dataclass(frozen=True)
class ChangeTest:
    """The two-sided Wilcoxon signed-rank test of a change, or why it was not run."""

    n: int | None
    """Non-zero changes: the test's own sample size, shown beside every p; None when it is a
    count withheld as too small (`Change.withheld["changed"]` says why)."""
    statistic: float | None
    p_value: float | None
    method: str | None
    withheld: str | None
    """`TOO_FEW_CHANGES` below `WILCOXON_FEWEST_CHANGES` non-zero changes, where no p could
    fall below 0.05; None when the test was run."""
    n_withheld: str | None = None
    """Why `n` is None: fewer than `SMALLEST_GROUP`, or withheld to protect such a count."""

    @property
    def shown(self) -> str:
        """`0.031 (n=12)`, `<0.001 (n=240)`, or `too few changes to test (n=4)`: every face
        prints the test's own n beside it."""
        n = f"n={self.n}"
        if self.n is None:
            mark = count_text(None, self.n_withheld)
            n = f"n{mark}" if mark.startswith("<") else "n withheld"
        if self.p_value is None:
            return f"{self.withheld or TOO_FEW_CHANGES} ({n})"
        p = "<0.001" if self.p_value < 0.001 else f"{self.p_value:.3f}"
        return f"{p} ({n})"


@dataclass(frozen=True)
class Change:
    """Distance travelled on one scale: latest score minus a baseline, over people."""

    people: int | None
    mean: float | None
    median: float | None
    improved: int | None
    same: int | None
    worse: int | None
    distribution: dict[int, int | None]
    """Change in points → number of people."""
    wilcoxon: ChangeTest | None
    """None for a baseline that is not tested (the lower of the first two)."""
    unstable: bool
    """Over fewer than `UNSTABLE_BELOW_PEOPLE` people: a few more readings could move it far."""
    withheld: dict[str, str] = field(default_factory=dict)
    """Why a count above is None: field name (`distribution[-1]` for one change) → reason
    (`fewer than 5`, or withheld so that such a count cannot be worked out). The mean and
    median are withheld too over fewer than `SMALLEST_GROUP` people."""

    def count(self, name: str) -> str:
        """A count as tables show it: the number, `<5`, or `·` (withheld to protect another)."""
        return count_text(_field(self, name), self.withheld.get(name))


@dataclass(frozen=True)
class StageMovement:
    people: int | None
    up: int | None
    stayed: int | None
    down: int | None
    withheld: dict[str, str] = field(default_factory=dict)
    """Why a count above is None (see `Change.withheld`)."""

    def share(self, count: int | None) -> float | None:
        """`count` as a share of the people; None when either is withheld (a share of a
        withheld count would give it away)."""
        if count is None or not self.people:
            return None
        return count / self.people

    def count(self, name: str) -> str:
        return count_text(_field(self, name), self.withheld.get(name))


@dataclass(frozen=True)
class ScaleCohort:
    scale: str
    name: str
    label: str
    first_to_latest: Change
    lower_of_first_two: Change
    """Baseline: the lower of the first two scores, counted only for people with three or
    more readings. Optimistic all the same: it can only be at or below the first score. For
    someone with only two readings it would be max(0, change), which cannot show a decline (a
    test of it found "progress" in 72–99.9% of simulated cohorts with none), so they are not
    counted, and it is never tested."""
    stages: StageMovement
    """First → latest reading, in stages of the journey."""
    snapshot: dict[str, int | None]
    """Stage id → people whose latest score is in that stage (everyone with a reading)."""
    not_applicable: int | None
    """People whose latest reading marks this scale `n/a`."""
    everyone: int | None = None
    """People with a latest reading on this scale: the snapshot and `n/a` together."""
    withheld: dict[str, str] = field(default_factory=dict)
    """Why a snapshot count (`snapshot[stage id]`), `not_applicable` or `everyone` is None."""

    def count(self, name: str) -> str:
        """`snapshot[stage id]`, `not_applicable` or `everyone` as tables show it."""
        if name.startswith("snapshot["):
            value = self.snapshot.get(name[len("snapshot[") : -1])
        else:
            value = getattr(self, name)
        return count_text(value, self.withheld.get(name))


@dataclass(frozen=True)
class CohortSummary:
    star: str
    edition: str
    name: str
    since: dt.date | None
    until: dt.date | None
    worker: str | None
    people: int | None
    """People with at least one complete reading in the selection (None below
    `SMALLEST_GROUP`: then every count is withheld)."""
    people_with_change: int | None
    """People with at least two, the ones distance travelled is about."""
    stages: list[tuple[str, str]]
    """(id, name) of the journey's stages, in order."""
    scales: list[ScaleCohort]
    editions: list[str] = field(default_factory=list)
    """Every edition summarised, oldest first (several when editions are bridged)."""
    counted: str = COUNTED
    """Which readings the figures count, in one line."""
    smallest_group: int = SMALLEST_GROUP
    """Counts of people below this are withheld as "fewer than …", and others beside them so
    none can be worked out from the totals (`starframe.stats.small_cells`)."""
    withheld: dict[str, str] = field(default_factory=dict)
    """Why `people` or `people_with_change` is None."""
    team: str | None = None
    """The one team whose caseload is summarised, when one was chosen."""

    @property
    def any_withheld(self) -> bool:
        """Some count is withheld, so the outputs explain `<5` and `·`."""
        return bool(self.withheld) or any(
            scale.withheld
            or scale.stages.withheld
            or scale.first_to_latest.withheld
            or scale.lower_of_first_two.withheld
            for scale in self.scales
        )

    def count(self, name: str) -> str:
        """`people` or `people_with_change` as the outputs show it."""
        return count_text(getattr(self, name), self.withheld.get(name))

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = json_ready(asdict(self))
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
    if team is not None:
        from starframe.readings.organisation import check_teams

        check_teams(reader, [team])
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
            f"no complete readings of {star_id} {', '.join(editions)} match: check the dates, "
            "worker and team (see `starframe readings list`; on a secured database you see "
            "only your own teams' people)."
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
    smallest_group: int = SMALLEST_GROUP,
) -> CohortSummary:
    """Distance travelled and stage movement for everyone with readings of one Star.

    `team` keeps to one team's caseload (the owner's view of it; on a secured database a
    login sees only their own teams anyway, with no filter).
    """
    selection = select_cohort(
        reader, star_id, edition, since=since, until=until, worker=worker, team=team
    )
    return summarise_cohort(
        selection,
        since=since,
        until=until,
        worker=worker,
        team=team,
        smallest_group=smallest_group,
    )


def summarise_cohort(
    selection: CohortSelection,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    worker: str | None = None,
    team: str | None = None,
    smallest_group: int = SMALLEST_GROUP,
) -> CohortSummary:
    """The figures of `selection`, counts below `smallest_group` withheld (a test may set it,
    to check the figures of a handful of people)."""
    star = selection.star
    by_scale: dict[str, list[CohortRow]] = {}
    for row in selection.rows:
        by_scale.setdefault(row.scale_id, []).append(row)
    everyone = max(sum(r.people for r in rows) for rows in [*by_scale.values(), []])
    several = max(sum(r.people for r in rows if r.several) for rows in [*by_scale.values(), []])
    totals = withhold(
        {"people": everyone, "people_with_change": several}, [], smallest_group=smallest_group
    )
    # Below `smallest_group` people every count is below it too, so all are withheld.
    shown = {key: count.shown for key, count in totals.items()}
    scales = [
        _scale_cohort(star, scale.id, by_scale.get(scale.id, []), smallest_group, shown)
        for scale in star.scales
    ]
    return CohortSummary(
        star=star.id,
        edition=star.edition,
        name=star.name,
        since=since,
        until=until,
        worker=worker,
        people=totals["people"].shown,
        people_with_change=totals["people_with_change"].shown,
        stages=[(stage.id, stage.name) for stage in star.journey],
        scales=scales,
        editions=selection.editions,
        smallest_group=smallest_group,
        withheld={k: c.withheld for k, c in totals.items() if c.withheld},
        team=team,
    )


def _scale_cohort(
    star: Star,
    scale_id: str,
    rows: list[CohortRow],
    smallest_group: int,
    totals: Mapping[str, int | None],
) -> ScaleCohort:
    """One scale's figures, its counts withheld as `withhold` says; a scale total equal to the
    cohort's shown people (or people with two or more) is printed at the top anyway, so it is
    never withheld to protect another."""
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
        if row.three_or_more:
            baseline = min(row.first, row.second) if row.second is not None else row.first
            lower[row.latest - baseline] += row.people
        step = stage_index(star, row.latest) - stage_index(star, row.first)
        moved[(step > 0) - (step < 0)] += row.people
    values, sums = _counted(plain, "first_to_latest")
    more, more_sums = _counted(lower, "lower_of_first_two")
    values |= more
    sums += more_sums
    stages = {"up": moved[1], "stayed": moved[0], "down": moved[-1]}
    values |= {f"stages.{name}": count for name, count in stages.items()}
    sums.append(("first_to_latest.people", [f"stages.{name}" for name in stages]))
    values |= {f"snapshot[{stage}]": count for stage, count in snapshot.items()}
    values["not_applicable"] = not_applicable
    values["everyone"] = sum(snapshot.values()) + not_applicable
    sums.append(("everyone", [*(f"snapshot[{stage}]" for stage in snapshot), "not_applicable"]))
    elsewhere = [
        key
        for key, total_key in (
            ("everyone", "people"),
            ("first_to_latest.people", "people_with_change"),
        )
        if values[key] == totals[total_key]
    ]
    found = withhold(values, sums, smallest_group=smallest_group, shown_elsewhere=elsewhere)
    reasons = {key: count.withheld for key, count in found.items() if count.withheld}

    def within(prefix: str) -> dict[str, str]:
        return {k[len(prefix) + 1 :]: v for k, v in reasons.items() if k.startswith(f"{prefix}.")}

    shown = {key: count.shown for key, count in found.items()}
    return ScaleCohort(
        scale=scale_id,
        name=scale.name,
        label=scale.label,
        first_to_latest=_change(plain, shown, within("first_to_latest"), smallest_group),
        lower_of_first_two=_change(
            lower, shown, within("lower_of_first_two"), smallest_group, tested=False
        ),
        stages=StageMovement(
            shown["first_to_latest.people"],
            shown["stages.up"],
            shown["stages.stayed"],
            shown["stages.down"],
            withheld={
                **{k: v for k, v in within("first_to_latest").items() if k == "people"},
                **within("stages"),
            },
        ),
        snapshot={stage: shown[f"snapshot[{stage}]"] for stage in snapshot},
        not_applicable=shown["not_applicable"],
        everyone=shown["everyone"],
        withheld={k: v for k, v in reasons.items() if "." not in k},
    )


def _counted(
    counts: Counter[int], prefix: str
) -> tuple[dict[str, int], list[tuple[str, list[str]]]]:
    """A change's counts and the totals shown over them: people = better + same + worse,
    changed (the test's n) = better + worse, each the sum of its changes."""

    def key(change: int) -> str:
        return f"{prefix}.distribution[{change}]"

    changes = sorted(counts)
    values = {key(change): counts[change] for change in changes}
    groups = {
        "improved": [key(change) for change in changes if change > 0],
        "same": [key(change) for change in changes if change == 0],
        "worse": [key(change) for change in changes if change < 0],
    }
    for group, parts in groups.items():
        values[f"{prefix}.{group}"] = sum(values[part] for part in parts)
    values[f"{prefix}.changed"] = values[f"{prefix}.improved"] + values[f"{prefix}.worse"]
    values[f"{prefix}.people"] = total(counts)
    sums = [(f"{prefix}.{group}", parts) for group, parts in groups.items()]
    sums.append((f"{prefix}.changed", [f"{prefix}.improved", f"{prefix}.worse"]))
    sums.append((f"{prefix}.people", [f"{prefix}.{g}" for g in ("improved", "same", "worse")]))
    return values, sums


def _change(
    counts: Counter[int],
    shown: dict[str, int | None],
    withheld: dict[str, str],
    smallest_group: int,
    *,
    tested: bool = True,
) -> Change:
    prefix = "first_to_latest" if tested else "lower_of_first_two"
    people = total(counts)
    small = 0 < people < smallest_group
    test = change_test(counts) if tested else None
    if test is not None and shown[f"{prefix}.changed"] is None:
        test = replace(test, n=None, n_withheld=withheld.get("changed"))
    if small:
        withheld = {
            **withheld,
            "mean": fewer_than(smallest_group) + " people",
            "median": fewer_than(smallest_group) + " people",
        }
    return Change(
        people=shown[f"{prefix}.people"],
        mean=None if small else mean(counts),
        median=None if small else median(counts),
        improved=shown[f"{prefix}.improved"],
        same=shown[f"{prefix}.same"],
        worse=shown[f"{prefix}.worse"],
        distribution={v: shown[f"{prefix}.distribution[{v}]"] for v in sorted(counts)},
        wilcoxon=test,
        unstable=people < UNSTABLE_BELOW_PEOPLE,
        withheld={k: v for k, v in withheld.items() if k != "changed"},
    )


def change_test(counts: Counter[int]) -> ChangeTest:
    """Wilcoxon on the changes (value → people), withheld below `WILCOXON_FEWEST_CHANGES`."""
    found = wilcoxon(counts)
    if found.n < WILCOXON_FEWEST_CHANGES:
        return ChangeTest(found.n, None, None, None, TOO_FEW_CHANGES)
    return ChangeTest(found.n, found.statistic, found.p_value, found.method, None)


def _field(figure: Any, name: str) -> int | None:
    """A count of `figure` by name, `distribution[-1]` for one change."""
    if name.startswith("distribution["):
        value: int | None = figure.distribution.get(int(name[len("distribution[") : -1]))
        return value
    found: int | None = getattr(figure, name)
    return found


def json_ready(value: Any) -> Any:
    """JSON-ready: dates as ISO text, tuples as lists, keys as text (every summary's and the
    pilot report's `as_record`)."""
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
