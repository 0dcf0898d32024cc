"""`starframe readings`: add, list, read, correct, delete, export and import readings."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

import click

from starframe.cli.options import date_option, db_option, force_option, out_option, stars_dir_option
from starframe.cli.shared.catalogs import open_catalog
from starframe.cli.shared.errors import UserError
from starframe.cli.shared.output import (
    echo_json,
    echo_json_items,
    echo_request,
    echo_scrub,
    show_problems,
    table,
    table_lines,
    wrap,
)
from starframe.cli.shared.store import database_files, opened_store
from starframe.output_files import check_target, open_text

if TYPE_CHECKING:
    from starframe.definition.models import Star
    from starframe.readings.models import Mode, Reading, Score
    from starframe.readings.reader import Listed
    from starframe.readings.sources import InstalledDefinitions
    from starframe.readings.stored import StoredReading
    from starframe.transfer.exporting import ExportFormat


@click.group()
def readings() -> None:
    """Readings: one Star for one person on one date."""


def _installed(stars_dirs: tuple[Path, ...]) -> InstalledDefinitions:
    from starframe.readings.sources import InstalledDefinitions

    return InstalledDefinitions(lambda: open_catalog(stars_dirs))


def _failed(source: str, count: int) -> UserError:
    return UserError(
        f"{source}: {count} problem{'s' if count != 1 else ''} (listed above); nothing was "
        "saved. Fix them and run the command again."
    )


@readings.command("add")
@click.option(
    "--from",
    "source",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="A reading file, YAML or JSON (see docs/readings.md).",
)
@stars_dir_option
@db_option
def add_reading(source: Path, stars_dirs: tuple[Path, ...], db: str | None) -> None:
    """Add the reading in a file, checked against its Star first."""
    from starframe.readings.files import read_reading_file
    from starframe.readings.importing import ImportFailed, add_from_record

    loaded = read_reading_file(source)
    if not loaded.ok:
        problems = loaded.problems
        if loaded.partial is not None:
            import datetime as dt

            from starframe.readings.partial import star_problems

            catalog = open_catalog(stars_dirs)
            problems = problems + star_problems(loaded.partial, catalog, today=dt.date.today())
        show_problems(problems, loaded.texts)
        raise _failed(str(source), sum(p.is_error for p in problems))
    with opened_store(db) as store:
        try:
            added = add_from_record(store, loaded.records[0], _installed(stars_dirs))
        except ImportFailed as exc:
            show_problems(exc.problems, loaded.texts)
            raise _failed(str(source), len(exc.problems)) from None
    click.echo(
        f"Added reading {str(added.id)[:8]} ({added.status}): {added.person}, "
        f"{added.star} {added.edition}, {added.date}."
    )


def _filters(func: Any) -> Any:
    options = [
        click.option("--person", help="Only this person's readings (a code)."),
        click.option("--star", help="Only readings of this Star id."),
        click.option("--edition", help="Only this edition of the Star."),
        click.option("--worker", help="Only readings taken by this worker (a code)."),
        click.option("--status", type=click.Choice(["draft", "complete"]), help="Only these."),
        date_option("--from", "since", help="Only readings taken on or after this date."),
        date_option("--to", "until", help="Only readings taken on or before this date."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


SHOWN_IN_TERMINAL = 50
"""Readings `readings list` shows in a terminal without `--all`: the newest."""
_LIST_HEADERS = ["ID", "DATE", "PERSON", "STAR", "WORKER", "MODE", "STATUS"]


@readings.command("list")
@_filters
@click.option("--json", "as_json", is_flag=True, help="Print the readings as JSON.")
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help=f"In a terminal, every reading (without it, the newest {SHOWN_IN_TERMINAL}).",
)
@db_option
def list_readings(as_json: bool, everything: bool, db: str | None, **filters: Any) -> None:
    """Readings, oldest first: in a terminal the newest 50 and the total; piped, every one."""
    with opened_store(db) as store, store.read() as reader:
        if as_json:
            from starframe.readings.export import reading_documents

            echo_json_items(reading_documents(reader, **filters))
            return
        newest = None if everything or not sys.stdout.isatty() else SHOWN_IN_TERMINAL
        total = reader.count_readings(**filters)
        if not total:
            click.echo("No readings match.")
            return
        rows = (_list_row(r) for r in reader.each_listed(newest=newest, **filters))
        if newest is None:
            widths = reader.list_widths(**filters)
            for line in table_lines(_LIST_HEADERS, rows, widths):
                click.echo(line)
            return
        click.echo(table(_LIST_HEADERS, list(rows)))
    if total > SHOWN_IN_TERMINAL:
        click.echo(
            f"The newest {SHOWN_IN_TERMINAL} of {total:,} readings; `--all` lists every one, "
            "the filters (see --help) fewer."
        )


def _list_row(r: Listed) -> list[str]:
    return [
        str(r.id)[:8],
        r.date.isoformat(),
        r.person,
        f"{r.star} {r.edition}",
        r.worker,
        r.mode + (" (retrospective)" if r.retrospective else ""),
        r.status,
    ]


@readings.command("show")
@click.argument("reading_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def show_reading(reading_id: str, as_json: bool, db: str | None) -> None:
    """One reading in full: scores with their stages, notes, action plan and history."""
    with opened_store(db) as store, store.read() as reader:
        stored = reader.stored(reader.resolve_id(reading_id))
        assert stored.reading.definition is not None
        star = reader.star(stored.reading.definition)
        history = reader.audit_entries(reading=stored.reading.id)
    if as_json:
        echo_json(
            {
                "reading": stored.reading.document(),
                "revision": stored.revision,
                "created_at": stored.created_at.isoformat(timespec="seconds"),
                "updated_at": stored.updated_at.isoformat(timespec="seconds"),
                "history": [
                    {
                        "at": e.at.isoformat(timespec="seconds"),
                        "actor": e.actor,
                        "action": e.action,
                        "details": e.details,
                        "reason": e.reason,
                    }
                    for e in history
                ],
            }
        )
        return
    click.echo(_describe(stored, star))
    if history:
        click.echo("\nHistory:")
        for entry in history:
            why = f" — {entry.reason}" if entry.reason else ""
            changes = entry.details.get("changes")
            what = (
                "; ".join(f"{k} {old} → {new}" for k, (old, new) in changes.items())
                if changes
                else ""
            )
            click.echo(
                f"  {entry.at:%Y-%m-%d %H:%M} {entry.action} by {entry.who}"
                + (f": {what}" if what else "")
                + why
            )


def _describe(stored: StoredReading, star: Star) -> str:
    r = stored.reading
    lines = [
        f"Reading {r.id} ({r.status}, revision {stored.revision})",
        f"  {star.name} ({r.star} {r.edition}, definition {str(r.definition)[:12]})",
        f"  Person {r.person}, worker {r.worker}, taken {r.date}"
        + (" (retrospective)" if r.retrospective else "")
        + f", {r.mode}",
        "",
    ]
    rows = []
    for scale in star.scales:
        scale_id, label = scale.id, scale.label
        score = r.scores.get(scale_id)
        stage = star.stage_of(score).name if isinstance(score, int) else ""
        person = r.person_scores.get(scale_id)
        note = r.not_applicable_reasons.get(scale_id) or r.notes.get(scale_id) or ""
        rows.append(
            [
                label,
                "-" if score is None else str(score),
                stage,
                "" if person is None else str(person),
                note if len(note) <= 50 else note[:49] + "…",
            ]
        )
    lines.append(table(["SCALE", "SCORE", "STAGE", "PERSON SAYS", "NOTE"], rows))
    if r.note:
        lines += ["", wrap(f"Note: {r.note}", 0, 6)]
    if r.actions:
        lines += ["", "Action plan:"]
        for number, item in enumerate(r.actions, start=1):
            due = f", by {item.by}" if item.by else ""
            who = f" ({item.who})" if item.who else ""
            lines.append(
                wrap(f"{number}. [{item.status}] {item.scale}: {item.goal}{who}{due}", 2, 5)
            )
            if item.steps:
                lines.append(wrap(f"Steps: {item.steps}", 5, 7))
    return "\n".join(lines)


def _assignment(values: tuple[str, ...], option: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in values:
        scale, sep, given = value.partition("=")
        if not sep or not scale.strip():
            raise click.BadParameter(
                f"`{value}`: write SCALE=VALUE, e.g. accommodation=6.", param_hint=option
            )
        found[scale.strip()] = given
    return found


@readings.command("revise")
@click.argument("reading_id", metavar="ID")
@click.option("--reason", help="Why (needed to correct a complete reading).")
@date_option("--date", help="Correct the date it was taken.")
@click.option("--worker", help="Correct the worker (a code).")
@click.option(
    "--mode",
    type=click.Choice(["collaborative", "worker-only", "person-only"]),
    help="Correct who scored it.",
)
@click.option("--retrospective/--not-retrospective", default=None, help="Correct the flag.")
@click.option(
    "--score",
    "scores",
    multiple=True,
    metavar="SCALE=VALUE",
    help="Drafts only: set a score (or n/a).",
)
@click.option(
    "--note", "notes", multiple=True, metavar="SCALE=TEXT", help="Drafts only: set a scale's note."
)
@click.option("--complete", is_flag=True, help="Drafts only: mark the draft complete.")
@db_option
def revise_reading(
    reading_id: str,
    reason: str | None,
    date: dt.date | None,
    worker: str | None,
    mode: str | None,
    retrospective: bool | None,
    scores: tuple[str, ...],
    notes: tuple[str, ...],
    complete: bool,
    db: str | None,
) -> None:
    """Correct a reading's details (with a reason), or continue a draft.

    A complete reading's scores are never changed: delete it with a reason and add a
    corrected one instead.
    """
    from pydantic import ValidationError

    from starframe.readings import editing

    new_scores = {scale: _score(value) for scale, value in _assignment(scores, "--score").items()}
    new_notes = _assignment(notes, "--note")
    with opened_store(db) as store, store.write() as writer:
        full_id = writer.resolve_id(reading_id)
        stored = writer.stored(full_id)
        old = stored.reading
        details = editing.Details(date, worker, cast("Mode | None", mode), retrospective)
        if old.status == "complete" and not (new_scores or new_notes or complete):
            writer.revise(full_id, reason=reason, **details.given())
            click.echo(f"Corrected reading {full_id[:8]}; the audit log keeps the reason.")
            return
        try:
            updated = editing.with_details(old, details)
            for scale, score in new_scores.items():
                updated = editing.given(updated, scale, score)
            for scale, text in new_notes.items():
                updated = _noted(updated, scale, text)
            if complete:
                updated = editing.completed(updated)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = " › ".join(str(part) for part in first["loc"])
            raise UserError(f"{where}: {first['msg']}.") from None
        writer.save_draft(updated, revision=stored.revision)
    state = "completed" if updated.status == "complete" else "saved"
    click.echo(f"Draft {full_id[:8]} {state}.")


def _score(value: str) -> Score:
    """`n/a` (any capitals) or a whole number; whether it fits the scale is the store's rule."""
    from starframe.definition.models import NA

    if value.strip().lower() == NA:
        return NA
    try:
        return int(value)
    except ValueError:
        raise UserError(f"--score: `{value}` is not a whole number or n/a.") from None


def _noted(reading: Reading, scale: str, text: str) -> Reading:
    from pydantic import ValidationError

    from starframe.readings import editing

    try:
        return editing.noted(reading, scale, text)
    except ValidationError as exc:
        raise UserError(f"--note {scale}: {exc.errors(include_url=False)[0]['msg']}.") from None


@readings.command("delete")
@click.argument("reading_id", metavar="ID")
@click.option("--reason", required=True, help="Why, e.g. 'entered for the wrong person'.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@db_option
def delete_reading(reading_id: str, reason: str, yes: bool, db: str | None) -> None:
    """Delete a reading for good; the audit log records that it was, when and why.

    On a secured shared database this records a request that a lead approves.
    """
    from starframe.readings import requests

    with opened_store(db) as store:
        with store.read() as reader:
            reading = reader.reading(reader.resolve_id(reading_id))
            asking = requests.needs_approval(reader)
        if not yes:
            which = (
                f"reading {str(reading.id)[:8]} ({reading.person}, {reading.star} "
                f"{reading.edition}, {reading.date})"
            )
            click.confirm(
                f"Ask a lead to delete {which}? Nothing is removed until a lead approves"
                if asking
                else f"Delete {which}? This cannot be undone",
                abort=True,
            )
        outcome = requests.delete_reading(store, str(reading.id), reason=reason)
    if outcome.request is not None:
        echo_request(outcome.request, f"deleting reading {str(reading.id)[:8]}")
        return
    assert outcome.scrubbed is not None
    click.echo(f"Deleted reading {str(reading.id)[:8]}.")
    echo_scrub(outcome.scrubbed)


@contextmanager
def _output(out: Path | None, force: bool, protected: tuple[Path, ...]) -> Iterator[TextIO]:
    if out is None:
        yield sys.stdout
    else:
        with open_text(out, force=force, protected=protected) as handle:
            yield handle


@readings.command("export")
@_filters
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl"]),
    default="csv",
    show_default=True,
    help="csv: one row per reading and scale; jsonl: everything, for import elsewhere.",
)
@click.option(
    "--anonymous",
    is_flag=True,
    help="JSON Lines fit to send to a Star's author (a pilot): person and worker codes as "
    "stable salted hashes; no names, notes, action plans or reasons.",
)
@out_option("Write to this file (readable by you only) instead of standard output.", required=False)
@force_option
@db_option
def export_readings(
    fmt: str,
    anonymous: bool,
    output: Path | None,
    force: bool,
    db: str | None,
    **filters: Any,
) -> None:
    """Export readings as CSV (for spreadsheets) or JSON Lines (to move or back up).

    JSON Lines without a filter is the whole database: everyone recorded (with readings or
    not), the audit log, practice sessions, trainees' answers and certificates come too. A
    filter chooses readings, so only the people, workers and definitions they name come along.
    """
    from starframe.store.kinds import describe
    from starframe.transfer import exporting

    protected = database_files(db)
    salt = None
    if anonymous:
        from starframe.paths import data_dir
        from starframe.transfer.anonymous import salt_from

        if fmt != "jsonl":
            raise click.UsageError("--anonymous writes JSON Lines: add --format jsonl.")
        salt = salt_from(data_dir())
    if output is not None:
        check_target(output, force=force, protected=protected)
    with opened_store(db) as store:
        done = exporting.export_readings(
            store,
            cast("ExportFormat", fmt),
            lambda: _output(output, force, protected),
            filters,
            anonymous_salt=salt,
        )
    if output is None:
        return
    if done.held is not None:
        kinds = ("practice_sessions", "practice_answers", "certificates")
        practice = sum(done.held[kind] for kind in kinds)
        click.echo(
            f"Exported {done.readings} reading(s) and {practice} practice record(s) to "
            f"{output}, the whole database: {describe(done.held)}.",
            err=True,
        )
        if done.partial_by is not None:
            click.echo(
                f"starframe: warning: this export is partial: it holds only what "
                f"{done.partial_by} may read on this database (their teams' records), made by "
                f"{done.partial_by}. A whole-database export is the owner's or a lead's to make.",
                err=True,
            )
    else:
        click.echo(f"Exported {done.readings} reading(s) to {output}.", err=True)


@readings.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@stars_dir_option
@db_option
def import_readings(files: tuple[Path, ...], stars_dirs: tuple[Path, ...], db: str | None) -> None:
    """Import reading files and JSON Lines exports: everything, or nothing if any has a problem."""
    from starframe.readings.importing import ImportFailed
    from starframe.store.kinds import describe
    from starframe.transfer.importing import import_source
    from starframe.transfer.records import open_records

    source = open_records(files)
    if not source.ok:
        show_problems(source.problems, source.texts(source.problems))
        raise _failed("the import", len(source.problems))
    with opened_store(db) as store:
        try:
            done = import_source(store, source, _installed(stars_dirs))
        except ImportFailed as exc:
            show_problems(exc.problems, source.texts(exc.problems))
            raise _failed("the import", len(exc.problems)) from None
    parts = [
        f"{done.readings} reading(s)",
        f"{done.people} person(s)",
        f"{done.workers} worker(s)",
        f"{done.definitions} definition(s)",
    ]
    practice = (
        (done.practice_sessions, "practice session(s)"),
        (done.practice_attempts, "practice answer(s)"),
        (done.certificates, "certificate(s)"),
    )
    parts += [f"{count} {what}" for count, what in practice if count]
    unchanged = f"; {done.unchanged} already present and unchanged" if done.unchanged else ""
    click.echo(f"Imported {', '.join(parts)}{unchanged}.")
    click.echo(f"Added:    {describe(done.moved())}.")
    logged = [f"{done.own_entries} entries of its own (who added what, and the import)"]
    if done.audit_present:
        logged.append(f"{done.audit_present} moved entries were already in it")
    click.echo(f"Audit:    this import wrote {'; '.join(logged)}.")
