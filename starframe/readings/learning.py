"""The learning review: what a team reads together to make sense of what helps, never a ranking.

For one Star edition it says, per scale, where people move and where they stay (first stage →
latest stage), where people get stuck and for how long, what the action plans hold and how
change looked on scales with a completed action beside those without, and turns the clearest
patterns into questions for the team. It has no figure per worker unless one worker is chosen
(`worker=`, for their own reflection), and no ranking of anyone.

Counts of people are protected as every cohort output is: a count below the smallest group is
withheld as "fewer than 5", and enough others beside it (`starframe.stats.small_cells`) that no
withheld count can be worked out from the totals shown. A median over fewer people than that is
withheld too. Scores are ordinal: changes are medians, described, never tested or averaged.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from starframe.stats.small_cells import Count, withhold
from starframe.store.errors import NotFound
from starframe.thresholds import SMALLEST_GROUP

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.models import Reading
    from starframe.readings.reader import Reader

STATUSES = ("open", "done", "dropped")
QUESTIONS = 5
"""At most this many questions: a meeting can take a few, not a list."""
PURPOSE = (
    "For a team, with its managers or commissioners, to make sense together of where people "
    "move on from and where they stay, and what helps and what gets in the way: numbers to "
    "start a conversation, to be read with the people and the stories behind them."
)
NOT_FOR = (
    "It is not for judging or ranking workers, teams or services, or for targets: used that "
    "way, the scores bend to what is wanted and stop telling anyone anything. It names no "
    "worker, and shows one worker's figures only when that worker chose them for their own "
    "reflection."
)
CAUTION = (
    "This describes what happened; it is not evidence that the actions caused the change. "
    "Who was offered an action, and when, differs between the groups."
)


@dataclass(frozen=True)
class Stuck:
    """People whose first and latest stage on a scale are the same stage."""

    stage: str
    stayed: Count
    started: Count
    """Everyone whose first reading was at this stage."""
    median_days: float | None
    """Median days between their first and latest reading; None when withheld."""


@dataclass(frozen=True)
class ChangeGroup:
    """People with (or without) a completed action on a scale, and their median change."""

    people: Count
    median_change: float | None
    """Median points from first to latest reading; None when withheld (fewer than 5 people)."""


@dataclass(frozen=True)
class ScaleLearning:
    scale: str
    name: str
    label: str
    stages: list[str]
    transitions: list[list[Count]]
    """Rows: stage of the first reading; columns: stage of the latest; counts of people."""
    started: list[Count]
    """Row totals: people whose first reading was at each stage."""
    ended: list[Count]
    """Column totals: people whose latest reading is at each stage."""
    people: Count
    stayed: Count
    stuck: list[Stuck]
    actions: dict[str, Count]
    """Action-plan items on this scale by status (open, done, dropped)."""
    with_done: ChangeGroup
    without_done: ChangeGroup


@dataclass(frozen=True)
class LearningReview:
    star: str
    edition: str
    name: str
    since: dt.date | None
    until: dt.date | None
    worker: str | None
    people: int
    people_with_change: int
    scales: list[ScaleLearning]
    questions: list[str]
    smallest_group: int = SMALLEST_GROUP
    caution: str = CAUTION
    withheld: bool = field(default=False)
    """Whether any count is withheld (the report then says why)."""
    team: str | None = None
    """The one team whose caseload is reviewed, when one was chosen."""

    def as_record(self) -> dict[str, Any]:
        """Plain JSON; a withheld count (the head counts too) is null with its reason."""
        record: dict[str, Any] = _plain(asdict(self))
        small = f"fewer than {self.smallest_group}"
        for name in ("people", "people_with_change"):
            value = record[name]
            shown = value == 0 or value >= self.smallest_group
            record[name] = {"value": value if shown else None, "withheld": None if shown else small}
        return record


def people_text(count: int, smallest_group: int) -> str:
    """The review's head counts: everyone is a count of people like any other, shown as
    "<5" when small (nothing else printed is a sum of it that could give a cell away)."""
    return str(count) if count == 0 or count >= smallest_group else f"<{smallest_group}"


def protection_note(smallest_group: int) -> str:
    """What the review says about small numbers, wherever it is shown."""
    return (
        f"Counts of fewer than {smallest_group} people are shown as <{smallest_group}, and "
        "enough others beside them are withheld (·) that none can be worked out from the "
        f"totals; a median over fewer than {smallest_group} people is not given."
    )


def learning_review(
    reader: Reader,
    star_id: str,
    edition: str | None = None,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    worker: str | None = None,
    team: str | None = None,
    smallest_group: int = SMALLEST_GROUP,
) -> LearningReview:
    """The review of one Star edition's complete readings in the window (and of one worker's,
    or of one team's caseload: on a secured database a login reads only its own teams anyway,
    so `team` is for the owner or a lead reviewing one team)."""
    if team is not None:
        from starframe.readings.organisation import check_teams

        check_teams(reader, [team])
    editions = reader.editions(star_id)
    if edition is None:
        if not editions:
            raise NotFound(f"no complete readings of {star_id} are recorded.")
        if len(editions) > 1:
            raise NotFound(
                f"readings of {star_id} use editions {', '.join(editions)}: choose one with "
                "--edition."
            )
        edition = editions[0]
    readings = reader.readings(
        star=star_id,
        edition=edition,
        status="complete",
        since=since,
        until=until,
        worker=worker,
        team=team,
    )
    if not readings:
        raise NotFound(
            f"no complete readings of {star_id} {edition} match: check the dates, worker and "
            "team (see `starframe readings list`; on a secured database you see only your "
            "own teams' people)."
        )
    assert readings[-1].definition is not None
    star = reader.star(readings[-1].definition)
    journeys: dict[str, list[Reading]] = {}
    for reading in readings:
        journeys.setdefault(reading.person, []).append(reading)
    several = [found for found in journeys.values() if len(found) > 1]
    scales = [_scale(star, scale.id, several, smallest_group) for scale in star.scales]
    withheld = any(
        count.withheld
        for scale in scales
        for count in (
            *(c for row in scale.transitions for c in row),
            *scale.actions.values(),
            scale.with_done.people,
            scale.without_done.people,
        )
    )
    return LearningReview(
        star=star_id,
        edition=edition,
        name=star.name,
        since=since,
        until=until,
        worker=worker,
        people=len(journeys),
        people_with_change=len(several),
        scales=scales,
        questions=_questions(scales),
        smallest_group=smallest_group,
        withheld=withheld,
        team=team,
    )


def _scale(
    star: Star, scale_id: str, journeys: list[list[Reading]], smallest: int
) -> ScaleLearning:
    scale = star.scale(scale_id)
    stages = [stage.name for stage in star.journey]
    size = len(stages)
    table = [[0] * size for _ in range(size)]
    days: dict[int, list[int]] = {}
    changes: dict[bool, list[int]] = {True: [], False: []}
    for readings in journeys:
        first, latest = readings[0].scores.get(scale_id), readings[-1].scores.get(scale_id)
        if not isinstance(first, int) or not isinstance(latest, int):
            continue
        row, column = _stage(star, first), _stage(star, latest)
        table[row][column] += 1
        if row == column:
            days.setdefault(row, []).append((readings[-1].date - readings[0].date).days)
        done = any(
            action.scale == scale_id and action.status == "done"
            for reading in readings
            for action in reading.actions
        )
        changes[done].append(latest - first)
    counts = _protected(table, [len(changes[True]), len(changes[False])], smallest)
    cells = [[counts[("cell", i, j)] for j in range(size)] for i in range(size)]
    started = [counts[("row", i)] for i in range(size)]
    stuck = [
        Stuck(
            stages[i],
            cells[i][i],
            started[i],
            _median(days.get(i, []), smallest) if cells[i][i].withheld is None else None,
        )
        for i in range(size)
        if table[i][i]
    ]
    items: Counter[str] = Counter(
        str(action.status)
        for readings in journeys
        for action in readings[-1].actions
        if action.scale == scale_id
    )
    return ScaleLearning(
        scale=scale_id,
        name=scale.name,
        label=scale.label,
        stages=stages,
        transitions=cells,
        started=started,
        ended=[counts[("column", j)] for j in range(size)],
        people=counts[("all",)],
        stayed=counts[("stayed",)],
        stuck=sorted(stuck, key=lambda s: -(s.stayed.shown or 0)),
        actions=_statuses(items, smallest),
        with_done=_group(counts[("with",)], changes[True], smallest),
        without_done=_group(counts[("without",)], changes[False], smallest),
    )


def _stage(star: Star, point: int) -> int:
    return next(i for i, stage in enumerate(star.journey) if stage.covers(point))


def _protected(
    table: list[list[int]], split: list[int], smallest: int
) -> dict[tuple[Any, ...], Count]:
    """The transition table with its row, column, grand and "stayed" totals, and the split of
    the same people into with and without a completed action, protected together: every
    total printed is a sum a withheld count could be recovered from."""
    size = len(table)
    values: dict[tuple[Any, ...], int] = {}
    for i in range(size):
        for j in range(size):
            values[("cell", i, j)] = table[i][j]
    for i in range(size):
        values[("row", i)] = sum(table[i])
    for j in range(size):
        values[("column", j)] = sum(table[i][j] for i in range(size))
    values[("all",)] = sum(map(sum, table))
    values[("stayed",)] = sum(table[i][i] for i in range(size))
    values[("with",)], values[("without",)] = split
    cells = [("cell", i, j) for i in range(size) for j in range(size)]
    sums: list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]] = [
        *((("row", i), [("cell", i, j) for j in range(size)]) for i in range(size)),
        *((("column", j), [("cell", i, j) for i in range(size)]) for j in range(size)),
        (("all",), [("row", i) for i in range(size)]),
        (("all",), [("column", j) for j in range(size)]),
        (("all",), cells),
        (("stayed",), [("cell", i, i) for i in range(size)]),
        (("all",), [("with",), ("without",)]),
    ]
    return withhold(values, sums, smallest_group=smallest)


def _statuses(items: Counter[str], smallest: int) -> dict[str, Count]:
    values = {status: items.get(status, 0) for status in STATUSES}
    values["all"] = sum(values.values())
    found = withhold(values, [("all", list(STATUSES))], smallest_group=smallest)
    return {status: found[status] for status in (*STATUSES, "all")}


def _group(people: Count, changes: list[int], smallest: int) -> ChangeGroup:
    shown = people.withheld is None and len(changes) >= smallest
    return ChangeGroup(people, statistics.median(changes) if shown else None)


def _median(values: list[int], smallest: int) -> float | None:
    return statistics.median(values) if len(values) >= smallest else None


def _questions(scales: list[ScaleLearning]) -> list[str]:
    """Plain questions from the clearest patterns: where most people stayed, then actions."""
    stuck = [
        (found.stayed.value, scale, found)
        for scale in scales
        for found in scale.stuck
        if found.stayed.shown is not None and found.started.shown is not None
    ]
    stuck.sort(key=lambda item: (-item[2].stayed.value / max(item[2].started.value, 1), -item[0]))
    questions = [
        f"{found.stayed.value} of {found.started.value} people who started at {found.stage} on "
        f"{scale.name} were still there at their latest reading. What gets in the way of the "
        "next step?"
        for _count, scale, found in stuck[: QUESTIONS - 1]
    ]
    for scale in scales:
        done, other = scale.with_done, scale.without_done
        if (
            done.median_change is not None
            and other.median_change is not None
            and done.median_change != other.median_change
        ):
            questions.append(
                f"On {scale.name}, people with a completed action moved a median of "
                f"{_points(done.median_change)}, people without one "
                f"{_points(other.median_change)}. "
                "What about those actions helped, and who was not offered one?"
            )
            break
    return questions[:QUESTIONS]


def _points(value: float) -> str:
    text = f"{value:+.1f}".rstrip("0").rstrip(".").replace("-", "−")
    return f"{text} point{'s' if abs(value) != 1 else ''}"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"value", "withheld"}:
            # A withheld count is null, with the reason beside it: never its value.
            shown = value["value"] if value["withheld"] is None else None
            return {"value": shown, "withheld": value["withheld"]}
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
