"""What a star chart shows: a reading against an earlier one, and each scale's change.

For complete readings every number comes from the store's person summary (`summaries.py`):
score, stage, and change since the previous and the first reading. A draft is not in that
summary yet, so while it is being scored its changes are the plain differences between its
points and the summary's scores for the same scales, and its stages come from the Star.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starframe.readings.summaries import ScaleReading, scale_reading
from starframe.tui.widgets.radar import ChartShape
from starframe.tui.widgets.radar_cells import BOTH_MARK, CURRENT_MARK, EARLIER_MARK, Series

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.models import Reading
    from starframe.readings.summaries import Journey, ReadingSummary


@dataclass(frozen=True)
class ScaleRow:
    label: str
    score: str
    stage: str
    since_previous: str
    since_first: str


@dataclass(frozen=True)
class Picture:
    shape: ChartShape
    legend: str
    rows: list[ScaleRow]
    remark: str


def change_text(points: int | None, stages: int | None) -> str:
    """`+2`, `−1`, `0`; one ↑ or ↓ per stage moved; empty when there is nothing to compare."""
    if points is None:
        return ""
    shown = f"+{points}" if points > 0 else ("0" if points == 0 else f"−{-points}")
    if stages:
        shown += ("↑" if stages > 0 else "↓") * abs(stages)
    return shown


def score_text(line: ScaleReading) -> str:
    if line.score is None:
        return "·"
    if line.person_score is not None:
        return f"{line.score}≠{line.person_score}"
    return str(line.score)


def _points(summary: ReadingSummary | None, scale_ids: Sequence[str]) -> tuple[int | None, ...]:
    if summary is None:
        return tuple(None for _ in scale_ids)
    found = {line.scale: line.score for line in summary.scales}
    return tuple(v if isinstance(v := found.get(s), int) else None for s in scale_ids)


def _legend(current: str, earlier: str | None) -> str:
    shown = f"{CURRENT_MARK} {current}"
    if earlier is not None:
        shown += f"   {EARLIER_MARK} {earlier}   {BOTH_MARK} both"
    return shown


def _shape(star: Star, series: list[Series]) -> ChartShape:
    ends = tuple(stage.last for stage in star.journey)
    return ChartShape(len(star.scales), star.points, ends, tuple(series))


def _rows(star: Star, lines: Sequence[ScaleReading]) -> list[ScaleRow]:
    by_id = {line.scale: line for line in lines}
    rows = []
    for number, scale in enumerate(star.scales, start=1):
        line = by_id.get(scale.id)
        label = f"{number} {scale.label}"
        if line is None:
            rows.append(ScaleRow(label, "·", "", "", ""))
            continue
        rows.append(
            ScaleRow(
                label,
                score_text(line),
                line.stage or "",
                change_text(line.change_since_previous, line.stages_since_previous),
                change_text(line.change_since_first, line.stages_since_first),
            )
        )
    return rows


def reading_picture(star: Star, reading: Reading, journey: Journey | None) -> Picture:
    """A reading against the one before it (both of the same Star edition)."""
    ids = [scale.id for scale in star.scales]
    earlier = [r for r in journey.readings if r.id != reading.id] if journey else []
    mine = next((r for r in journey.readings if r.id == reading.id), None) if journey else None
    if mine is not None and journey is not None:
        index = journey.readings.index(mine)
        previous = journey.readings[index - 1] if index else None
        lines: Sequence[ScaleReading] = mine.scales
    else:
        before = [r for r in earlier if r.date <= reading.date]
        previous = before[-1] if before else None
        lines = draft_lines(star, reading, before[0] if before else None, previous)
    current = [v if isinstance(v := reading.scores.get(s), int) else None for s in ids]
    series = [Series(tuple(current), True)]
    if previous is not None:
        series.insert(0, Series(_points(previous, ids), False))
    what = "this reading" if reading.status == "complete" else "this draft"
    legend = _legend(
        f"{what} {reading.date.isoformat()}",
        f"previous {previous.date.isoformat()}" if previous else None,
    )
    remark = "" if previous else "No earlier complete reading of this Star: nothing to compare."
    return Picture(_shape(star, series), legend, _rows(star, lines), remark)


def draft_lines(
    star: Star,
    reading: Reading,
    first: ReadingSummary | None,
    previous: ReadingSummary | None,
) -> list[ScaleReading]:
    ids = [scale.id for scale in star.scales]
    firsts = dict(zip(ids, _points(first, ids), strict=True))
    previouses = dict(zip(ids, _points(previous, ids), strict=True))
    return [scale_reading(star, reading, i, firsts[i], previouses[i]) for i in ids]


def history_picture(star: Star, journey: Journey) -> Picture:
    """The latest complete reading against the first: the distance travelled."""
    ids = [scale.id for scale in star.scales]
    first, latest = journey.readings[0], journey.readings[-1]
    series = [Series(_points(latest, ids), True)]
    earlier = None
    if latest is not first:
        series.insert(0, Series(_points(first, ids), False))
        earlier = f"first {first.date.isoformat()}"
    legend = _legend(f"latest {latest.date.isoformat()}", earlier)
    remark = "" if earlier else "Only one complete reading: change needs at least two."
    return Picture(_shape(star, series), legend, _rows(star, latest.scales), remark)
