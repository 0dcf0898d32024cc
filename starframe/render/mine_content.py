"""What "My Star" says: the person's own copy of a reading, as sentences written to them.

Everything here is words, chosen for a kitchen table rather than a case file: no person or
worker code, no database id, no statistic; the worker is "your worker" unless the worker and
the person chose to print a name. Numbers come from the person's journey (complete readings
only); wording (scale, stage and ladder text) from the Star being printed, so `--lang` prints
the Star's own translation, and every fixed sentence comes from the message catalogue
(`starframe.i18n`). No ReportLab here: a view is checked without drawing anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from starframe.definition.models import NA, Star
from starframe.i18n import N_, Messages, long_date
from starframe.readings.models import ActionItem, Reading
from starframe.readings.summaries import Journey, ReadingSummary

NUMBER_WORDS = (
    N_("zero"),
    N_("one"),
    N_("two"),
    N_("three"),
    N_("four"),
    N_("five"),
    N_("six"),
    N_("seven"),
    N_("eight"),
    N_("nine"),
    N_("ten"),
)
STATUS_WORDS = {"open": N_("To do"), "done": N_("Done"), "dropped": N_("Set aside")}


@dataclass(frozen=True)
class Score:
    """One side's score on a scale: the point, its stage and the ladder's words for it."""

    point: int
    stage: str
    wording: str


@dataclass(frozen=True)
class MineScale:
    """One scale as the person reads it: sentences, and both scores where they differ."""

    name: str
    said: str
    """The main sentence: where the person is on this scale, and who said so."""
    worker: Score | None
    own: Score | None
    """The person's own score, only where it differs from the worker's."""
    change: str | None
    """What changed since the previous reading, as a sentence (None on a first reading)."""


@dataclass(frozen=True)
class MineGoal:
    scale: str
    goal: str
    steps: str | None
    facts: str
    """Who, by when and whether done, in words: "By 1 June 2025 · Who: you and Sam · To do"."""


@dataclass(frozen=True)
class MineView:
    star: Star
    date: dt.date
    intro: str
    scales: Sequence[MineScale]
    goals: Sequence[MineGoal]
    charted: Sequence[tuple[str, Mapping[str, int | None]]]
    """(legend, scores) for the first reading and this one (just this one if it is the first)."""


def mine_view(
    star: Star,
    journey: Journey,
    reading: Reading,
    messages: Messages,
    worker_name: str | None = None,
) -> MineView:
    """The person's copy of `reading`, compared with the reading before it in `journey`.

    `worker_name` is printed only when given (`--with-worker-name`); otherwise "your worker".
    """
    _ = messages
    index = next(i for i, found in enumerate(journey.readings) if found.id == str(reading.id))
    previous = journey.readings[index - 1] if index else None
    first = journey.readings[0]
    when = long_date(reading.date, _)
    if worker_name:
        intro = _(
            "This is your copy of the Star you and {worker} filled in on {date}. It is yours "
            "to keep."
        ).format(worker=worker_name, date=when)
    else:
        intro = _(
            "This is your copy of the Star you and your worker filled in on {date}. It is "
            "yours to keep."
        ).format(date=when)
    if previous is None:
        intro += " " + _("This is your first Star, so there is nothing to compare with yet.")
    scales = [_scale(star, scale.id, reading, previous, _, worker_name) for scale in star.scales]
    charted: list[tuple[str, Mapping[str, int | None]]] = []
    if index:
        label = _("First time · {date}").format(date=long_date(first.date, _))
        charted.append((label, _points_of(first)))
    this_time = _("This time · {date}").format(date=when)
    charted.append((this_time, _points(reading.scores)))
    goals = [_goal(star, action, _) for action in reading.actions]
    return MineView(star, reading.date, intro, scales, goals, charted)


def _scale(
    star: Star,
    scale_id: str,
    reading: Reading,
    previous: ReadingSummary | None,
    _: Messages,
    worker_name: str | None,
) -> MineScale:
    scale = star.scale(scale_id)
    value = reading.scores.get(scale_id)
    if value == NA:
        return MineScale(scale.name, _("This did not apply to you this time."), None, None, None)
    if not isinstance(value, int):
        return MineScale(scale.name, _("This was not scored this time."), None, None, None)
    worker = _score(star, scale_id, value)
    own_point = reading.person_scores.get(scale_id)
    own = _score(star, scale_id, own_point) if own_point not in (None, value) else None
    who = worker_name or _("your worker")
    if reading.mode == "person-only":
        said = _("You put yourself at {stage} on {scale}.")
    elif reading.mode == "worker-only":
        said = _("{who} put you at {stage} on {scale}.")
    elif own is not None:
        said = _("{who} put you at {stage} on {scale}, and you put yourself at {own}.")
    elif worker_name:
        said = _("You and {who} agreed that you are at {stage} on {scale}.")
    else:
        said = _("You and your worker agreed that you are at {stage} on {scale}.")
    said = said.format(who=who, stage=worker.stage, scale=scale.name, own=own.stage if own else "")
    said = said[0].upper() + said[1:]
    return MineScale(scale.name, said, worker, own, _change(star, scale_id, value, previous, _))


def _score(star: Star, scale_id: str, point: int | None) -> Score:
    assert point is not None
    return Score(point, star.stage_of(point).name, star.scale(scale_id).ladder.get(point, ""))


def _change(
    star: Star, scale_id: str, now: int, previous: ReadingSummary | None, _: Messages
) -> str | None:
    if previous is None:
        return None
    before = next((s.score for s in previous.scales if s.scale == scale_id), None)
    when = long_date(previous.date, _)
    if not isinstance(before, int) or not 1 <= before <= star.points:
        return _("It was not scored on {date}, so there is nothing to compare with.").format(
            date=when
        )
    moved = now - before
    if moved == 0:
        return _("The same as on {date}.").format(date=when)
    count = _(NUMBER_WORDS[abs(moved)]) if abs(moved) < len(NUMBER_WORDS) else str(abs(moved))
    if moved > 0:
        sentence = _.ngettext(
            "Up {count} point since {date}", "Up {count} points since {date}", abs(moved)
        )
    else:
        sentence = _.ngettext(
            "Down {count} point since {date}", "Down {count} points since {date}", abs(moved)
        )
    sentence = sentence.format(count=count, date=when)
    was, now_stage = star.stage_of(before).name, star.stage_of(now).name
    if was == now_stage:
        return _("{change}, still at {stage}.").format(change=sentence, stage=now_stage)
    return _("{change}: from {before} to {after}.").format(
        change=sentence, before=was, after=now_stage
    )


def _goal(star: Star, action: ActionItem, _: Messages) -> MineGoal:
    try:
        area = star.scale(action.scale).name
    except KeyError:
        area = action.scale
    facts = []
    if action.by:
        facts.append(_("By {date}").format(date=long_date(action.by, _)))
    if action.who:
        facts.append(_("Who: {who}").format(who=action.who))
    facts.append(_(STATUS_WORDS.get(action.status, action.status)))
    return MineGoal(area, action.goal, action.steps, " · ".join(facts))


def _points_of(summary: ReadingSummary) -> dict[str, int | None]:
    return _points({scale.scale: scale.score for scale in summary.scales})


def _points(scores: Mapping[str, int | str | None]) -> dict[str, int | None]:
    return {
        scale: (value if isinstance(value, int) else None)
        for scale, value in scores.items()
        if isinstance(value, int) or value == NA
    }
