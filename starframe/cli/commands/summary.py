"""`starframe summary`: one person's journey, or a cohort's distance travelled."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from starframe.cli.options import OWN_REFLECTION, WORKER_HELP, db_option, window_options
from starframe.cli.shared.output import echo_json, table, window_text, wrap
from starframe.cli.shared.store import opened_store
from starframe.stats.rounding import fixed

if TYPE_CHECKING:
    from starframe.readings.learning import LearningReview
    from starframe.readings.summaries import CohortSummary, Journey

STATUSES = ("open", "done", "dropped")


@click.group()
def summary() -> None:
    """What the readings say, for one person or a cohort."""


@summary.command("person")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def person(code: str, as_json: bool, db: str | None) -> None:
    """A person's complete readings: scores, stages, and change since the first and previous."""
    from starframe.readings.summaries import person_summary

    with opened_store(db) as store, store.read() as reader:
        result = person_summary(reader, code)
    if as_json:
        echo_json(result.as_record())
        return
    if not result.journeys:
        click.echo(f"{code} has no complete readings yet.")
        return
    click.echo("\n\n".join(_journey(journey) for journey in result.journeys))


def _signed(value: int | float | None, digits: int = 0) -> str:
    if value is None:
        return "-"
    return fixed(value, digits, signed=True)


def _journey(journey: Journey) -> str:
    count = len(journey.readings)
    editions = journey.editions or [journey.edition]
    shown = (
        journey.edition
        if len(editions) == 1
        else f"{', '.join(editions[:-1])} and {editions[-1]}, bridged"
    )
    head = (
        f"{journey.name} ({journey.star} {shown}): "
        f"{count} complete reading{'s' if count != 1 else ''}"
    )
    dates = [reading.date.isoformat() for reading in journey.readings]
    by_scale = [{scale.scale: scale for scale in reading.scales} for reading in journey.readings]
    rows = []
    for scale_id, label in journey.scales:
        cells = [label]
        for scales in by_scale:
            found = scales.get(scale_id)
            if found is None or found.score is None:
                cells.append("-")
                continue
            change = found.change_since_previous
            cells.append(f"{found.score}" + (f" ({_signed(change)})" if change is not None else ""))
        latest = by_scale[-1].get(scale_id)
        cells += [
            _signed(latest.change_since_first if latest else None),
            (latest.stage if latest else None) or "n/a",
            _movement(latest.stages_since_first if latest else None),
        ]
        rows.append(cells)
    headers = ["SCALE", *dates, "SINCE FIRST", "STAGE NOW", "STAGES MOVED"]
    legend = "Each reading shows the score, with the change since the one before in brackets."
    return "\n".join([head, table(headers, rows), legend])


def _movement(steps: int | None) -> str:
    if steps is None:
        return "-"
    if steps == 0:
        return "same stage"
    return f"{abs(steps)} {'up' if steps > 0 else 'down'}"


@summary.command("cohort")
@click.argument("star")
@click.option("--edition", help="Edition to summarise (needed when several are in use).")
@window_options(WORKER_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def cohort(
    star: str,
    edition: str | None,
    since: dt.date | None,
    until: dt.date | None,
    worker: str | None,
    team: str | None,
    as_json: bool,
    db: str | None,
) -> None:
    """Distance travelled, stage movement and latest stages for everyone on one Star edition."""
    from starframe.readings.summaries import cohort_summary

    with opened_store(db) as store, store.read() as reader:
        result = cohort_summary(
            reader, star, edition, since=since, until=until, worker=worker, team=team
        )
    if as_json:
        echo_json(result.as_record())
        return
    click.echo(_cohort(result))


def _cohort(result: CohortSummary) -> str:
    from starframe.thresholds import UNSTABLE_BELOW_PEOPLE

    window = window_text(result.since, result.until, result.worker, result.team)
    editions = result.edition
    if len(result.editions) > 1:
        editions = f"editions {', '.join(result.editions)}, reported as {result.edition}"
    lines = [
        f"{result.name} ({result.star} {editions}{window})",
        f"{result.count('people')} people with a complete reading; "
        f"{result.count('people_with_change')} with two or more, who the change figures "
        "describe.",
        result.counted,
        "",
        wrap(
            "Distance travelled, first → latest reading (in brackets: from the lower of the "
            "first two, an optimistic baseline, over people with three or more readings):"
        ),
    ]
    rows = []
    for scale in result.scales:
        plain, lower = scale.first_to_latest, scale.lower_of_first_two
        moved = scale.stages
        rows.append(
            [
                scale.label,
                f"{plain.count('people')}{'*' if plain.unstable else ''} ({lower.count('people')})",
                f"{_signed(plain.mean, 2)} ({_signed(lower.mean, 2)})",
                f"{_signed(plain.median, 1)} ({_signed(lower.median, 1)})",
                " / ".join(
                    _share(moved.share(getattr(moved, n)), moved.count(n))
                    for n in ("up", "stayed", "down")
                ),
                plain.wilcoxon.shown if plain.wilcoxon else "-",
            ]
        )
    lines.append(
        table(["SCALE", "PEOPLE", "MEAN", "MEDIAN", "STAGE UP / SAME / DOWN", "WILCOXON p"], rows)
    )
    if any(scale.first_to_latest.unstable for scale in result.scales):
        lines.append(
            wrap(
                f"* fewer than {UNSTABLE_BELOW_PEOPLE} people: unstable, a few more readings "
                "could move these figures far."
            )
        )
    lines += [
        wrap(
            "WILCOXON p: two-sided signed-rank test, first against latest; n is the non-zero "
            "changes it rests on."
        ),
        wrap(
            "The lower of the first two is optimistic: it can only be at or below the first "
            "score. It counts only people with three or more readings: with two it would be "
            "the change or 0, whichever is higher, and could not show a decline. It is not "
            "tested."
        ),
    ]
    if result.any_withheld:
        from starframe.readings.summaries import withheld_note

        lines.append(wrap(withheld_note(result.smallest_group)))
    lines += ["", "Latest stage of everyone with a reading:"]
    stage_rows = [
        [
            scale.label,
            *(scale.count(f"snapshot[{stage_id}]") for stage_id, _ in result.stages),
            scale.count("not_applicable"),
        ]
        for scale in result.scales
    ]
    lines.append(table(["SCALE", *(name for _, name in result.stages), "N/A"], stage_rows))
    return "\n".join(lines)


def _share(value: float | None, count: str = "-") -> str:
    """A share as a percentage; a withheld count's mark (`<5`, `·`) when it has none."""
    if value is None:
        return count if count in ("·",) or count.startswith("<") else "-"
    return f"{value:.0%}"


@summary.command("learning")
@click.argument("star")
@click.option("--edition", help="Edition to review (needed when several are in use).")
@window_options(OWN_REFLECTION)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def learning(
    star: str,
    edition: str | None,
    since: dt.date | None,
    until: dt.date | None,
    worker: str | None,
    team: str | None,
    as_json: bool,
    db: str | None,
) -> None:
    """A learning review for a team: where people move and stay, action plans, questions.

    It ranks no one and names no worker; counts of fewer than 5 people are withheld.
    """
    from starframe.readings.learning import learning_review

    with opened_store(db) as store, store.read() as reader:
        result = learning_review(
            reader, star, edition, since=since, until=until, worker=worker, team=team
        )
    if as_json:
        echo_json(result.as_record())
        return
    click.echo(_learning(result))


def _learning(result: LearningReview) -> str:
    from starframe.readings.learning import NOT_FOR, PURPOSE, people_text, protection_note

    window = window_text(
        result.since,
        result.until,
        result.worker,
        result.team,
        worker_note=" (their own reflection)",
    )
    lines = [
        f"Learning review: {result.name} ({result.star} {result.edition}{window})",
        wrap(PURPOSE),
        wrap(NOT_FOR),
        wrap(protection_note(result.smallest_group)),
        "",
        f"{people_text(result.people, result.smallest_group)} people with a complete reading; "
        f"{people_text(result.people_with_change, result.smallest_group)} with two or more, "
        "who the tables describe.",
    ]
    for scale in result.scales:
        lines += ["", f"{scale.name}: first stage (rows) → latest stage (columns)"]
        rows = [
            [stage, *(c.text() for c in scale.transitions[i]), scale.started[i].text()]
            for i, stage in enumerate(scale.stages)
        ]
        rows.append(["all", *(c.text() for c in scale.ended), scale.people.text()])
        lines.append(table(["from \\ to", *scale.stages, "all"], rows))
        stuck = [
            f"{s.stage} {s.stayed.text()} of {s.started.text()}"
            + (f" (median {s.median_days:.0f} days between readings)" if s.median_days else "")
            for s in scale.stuck
        ]
        if stuck:
            lines.append(wrap("Stayed at the same stage: " + "; ".join(stuck) + "."))
        lines.append(
            "Action plan items (latest readings): "
            + ", ".join(f"{status} {scale.actions[status].text()}" for status in STATUSES)
        )
        lines.append(
            f"With a completed action: {scale.with_done.people.text()} people, median change "
            f"{_signed(scale.with_done.median_change, 1)}; without: "
            f"{scale.without_done.people.text()}, {_signed(scale.without_done.median_change, 1)}."
        )
    lines += ["", wrap(result.caution), "", "Questions for the team:"]
    lines += [wrap(f"- {q}", hanging=2) for q in result.questions] or ["- (none stand out)"]
    return "\n".join(lines)
