"""What a person or reading report shows, built from the store's person summary and readings.

Numbers (scores, changes) come from the person summary; words (scale and stage names) come
from the Star being printed, so a report printed with `--lang` names stages in that language.
No ReportLab here: a view can be built and checked without drawing anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from starframe.definition.models import NA, Scale, Star
from starframe.readings.models import Reading
from starframe.readings.summaries import Journey, ReadingSummary

CHART_LABELS = ("First", "Previous", "Latest")

ViewKind = Literal["person", "reading"]


@dataclass(frozen=True)
class ScaleLine:
    """One row of the score table. `since_*` is None where there is nothing to compare."""

    scale: Scale
    score: int | str | None
    """A point, `n/a`, or None when the scale was not scored."""
    stage: str | None
    since_first: int | None = None
    since_previous: int | None = None
    first_stage: str | None = None
    person_score: int | None = None


@dataclass(frozen=True)
class ReadingLine:
    """One reading as the chart and the list of readings show it."""

    date: dt.date
    worker: str
    how: str
    scores: Mapping[str, int | None]
    """Per scale id, the point; None where the scale did not apply."""


@dataclass(frozen=True)
class ReportView:
    """What a person or reading report shows.

    `latest` is the full reading whose notes and action plan are printed; `charted` are the
    (label, reading) pairs drawn on the chart, at most four.
    """

    kind: ViewKind
    star: Star
    person: str
    latest: Reading
    readings: Sequence[ReadingLine]
    charted: Sequence[tuple[str, ReadingLine]]
    lines: Sequence[ScaleLine]
    workers: Mapping[str, str]
    """Worker code → name, for the workers named in `readings`."""


def how_taken(reading: Reading | ReadingSummary) -> str:
    """Who scored the reading, and whether later: e.g. "worker only, retrospective"."""
    return reading.mode.replace("-", " ") + (", retrospective" if reading.retrospective else "")


def person_view(
    star: Star, journey: Journey, latest: Reading, workers: Mapping[str, str], person: str
) -> ReportView:
    """The report of one person's journey on one Star edition (complete readings only)."""
    readings = [_line(summary) for summary in journey.readings]
    last = len(readings) - 1
    picks = sorted({0, max(last - 1, 0), last})
    names = (
        CHART_LABELS if len(picks) == 3 else ("First", "Latest") if len(picks) == 2 else ("Latest",)
    )
    charted = [(name, readings[index]) for name, index in zip(names, picks, strict=True)]
    first = {scale.scale: scale.score for scale in journey.readings[0].scales}
    lines = []
    for found in journey.readings[-1].scales:
        scale = _scale(star, found.scale)
        if scale is None:
            continue
        before = first.get(found.scale) if last else None
        lines.append(
            ScaleLine(
                scale,
                found.score,
                _stage(star, found.score),
                found.change_since_first,
                found.change_since_previous,
                _stage(star, before),
                found.person_score,
            )
        )
    return ReportView("person", star, person, latest, readings, charted, lines, workers)


def reading_view(star: Star, reading: Reading, workers: Mapping[str, str]) -> ReportView:
    """The report of one reading on its own (drafts too)."""
    line = ReadingLine(reading.date, reading.worker, how_taken(reading), _points(reading.scores))
    lines = [
        ScaleLine(
            scale,
            reading.scores.get(scale.id),
            _stage(star, reading.scores.get(scale.id)),
            person_score=reading.person_scores.get(scale.id),
        )
        for scale in star.scales
    ]
    return ReportView(
        "reading", star, reading.person, reading, [line], [("Reading", line)], lines, workers
    )


def _line(summary: ReadingSummary) -> ReadingLine:
    scores = {scale.scale: scale.score for scale in summary.scales if scale.score is not None}
    return ReadingLine(summary.date, summary.worker, how_taken(summary), _points(scores))


def _points(scores: Mapping[str, int | str | None]) -> dict[str, int | None]:
    """Chart values: a point, or None where the scale is `n/a`; unscored scales left out."""
    return {
        scale: (value if isinstance(value, int) else None)
        for scale, value in scores.items()
        if isinstance(value, int) or value == NA
    }


def _stage(star: Star, score: int | str | None) -> str | None:
    if not isinstance(score, int) or not 1 <= score <= star.points:
        return None
    return star.stage_of(score).name


def _scale(star: Star, scale_id: str) -> Scale | None:
    try:
        return star.scale(scale_id)
    except KeyError:
        return None
