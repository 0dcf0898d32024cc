"""`starframe fhir questionnaire|export|import`: Stars and readings in HL7 FHIR (R4B; R5 too)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from starframe.cli.options import (
    dates_options,
    db_option,
    force_option,
    lang_option,
    out_option,
    stars_dir_option,
)
from starframe.cli.shared.catalogs import open_catalog
from starframe.cli.shared.errors import UserError
from starframe.cli.shared.output import show_problems
from starframe.cli.shared.store import database_files, opened_store

if TYPE_CHECKING:
    from starframe.fhir.namespace import FhirVersion, Namespace

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_BASE_URL = "https://starframe.example/fhir"
"""Shown in the help; `starframe.fhir.namespace.DEFAULT_BASE_URL` is the one used (a test
keeps them the same: importing the namespace here would load it for `starframe --help`)."""


@click.group()
def fhir() -> None:
    """Share Stars and readings with health and care records, in HL7 FHIR."""


def _base_url(func: F) -> F:
    return click.option(
        "--base-url",
        envvar="STARFRAME_FHIR_BASE_URL",
        default=DEFAULT_BASE_URL,
        show_default=True,
        help="Base of the canonical and extension URLs (also STARFRAME_FHIR_BASE_URL).",
    )(func)


def _system(func: F) -> F:
    return click.option(
        "--system",
        envvar="STARFRAME_FHIR_SYSTEM",
        metavar="URL",
        help="Root of the identifier systems: people are SYSTEM/person, workers "
        "SYSTEM/worker (default BASE-URL/identifier; also STARFRAME_FHIR_SYSTEM).",
    )(func)


def _version(func: F) -> F:
    return click.option(
        "--fhir-version",
        "version",
        type=click.Choice(["R4B", "R5"]),
        default="R4B",
        show_default=True,
        help="The FHIR release to write or check against.",
    )(func)


def _namespace(base_url: str, system: str | None = None) -> Namespace:
    from starframe.fhir.namespace import Namespace, NamespaceError

    try:
        return Namespace(base_url, system)
    except NamespaceError as exc:
        raise click.UsageError(str(exc)) from None


@fhir.command("questionnaire")
@click.argument("star_ref", metavar="STAR[@EDITION]")
@lang_option
@_version
@_base_url
@out_option("Questionnaire JSON file to write.")
@force_option
@stars_dir_option
def questionnaire(
    star_ref: str,
    lang: str | None,
    version: FhirVersion,
    base_url: str,
    output: Path,
    force: bool,
    stars_dirs: tuple[Path, ...],
) -> None:
    """An installed Star as a FHIR Questionnaire, with its translations."""
    from starframe.catalog import StarNotFound
    from starframe.fhir.export import resource_text
    from starframe.fhir.questionnaire import installed_questionnaire
    from starframe.output_files import check_target, write_text

    ns = _namespace(base_url)
    check_target(output, force=force)
    star_id, _, edition = star_ref.partition("@")
    try:
        found = installed_questionnaire(
            open_catalog(stars_dirs), star_id, edition or None, ns, version, lang
        )
    except StarNotFound as exc:
        raise UserError(str(exc)) from None
    write_text(output, resource_text(found), force=force)
    click.echo(
        f"Wrote the Questionnaire {found['url']}|{found['version']} ({version}) to {output}.",
        err=True,
    )


@fhir.command("export")
@click.option("--person", help="Only this person's readings (a code).")
@click.option("--star", help="Only readings of this Star id.")
@dates_options
@click.option(
    "--timestamp", is_flag=True, help="Record the time of export in the Bundle (it varies)."
)
@_base_url
@_system
@out_option("Bundle JSON file to write (readable by you only).")
@force_option
@db_option
def export(
    timestamp: bool,
    base_url: str,
    system: str | None,
    output: Path,
    force: bool,
    db: str | None,
    **filters: Any,
) -> None:
    """Readings as a FHIR Bundle of QuestionnaireResponses, with their Patients and
    Practitioners (codes only: never a person's name)."""
    from starframe.fhir.export import export_bundle
    from starframe.output_files import check_target

    ns = _namespace(base_url, system)
    protected = database_files(db)
    check_target(output, force=force, protected=protected)
    when = dt.datetime.now(dt.UTC) if timestamp else None
    with opened_store(db) as store:
        done = export_bundle(
            store, output, filters, ns, timestamp=when, force=force, protected=protected
        )
    click.echo(
        f"Exported {done.readings} reading(s) of {done.people} person(s) by {done.workers} "
        f"worker(s) to {output}.",
        err=True,
    )


@fhir.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_version
@_base_url
@_system
@stars_dir_option
@db_option
def import_bundle(
    file: Path,
    version: FhirVersion,
    base_url: str,
    system: str | None,
    stars_dirs: tuple[Path, ...],
    db: str | None,
) -> None:
    """Import a FHIR Bundle of readings: everything, or nothing if any has a problem."""
    from starframe.fhir.bundle import read_bundle_file
    from starframe.fhir.importing import import_bundle
    from starframe.readings.importing import ImportFailed
    from starframe.readings.sources import InstalledDefinitions

    ns = _namespace(base_url, system)
    loaded = read_bundle_file(file, ns, version)
    problems = loaded.problems
    if loaded.records or not problems:
        installed = InstalledDefinitions(lambda: open_catalog(stars_dirs))
        with opened_store(db) as store:
            try:
                done = import_bundle(store, loaded.records, installed, found=problems)
            except ImportFailed as exc:
                problems = exc.problems
    if problems:
        show_problems(problems, {})
        raise UserError(
            f"{file}: {len(problems)} problem{'s' if len(problems) != 1 else ''} (listed "
            "above); nothing was imported. Fix them and run the command again."
        )
    unchanged = f"; {done.unchanged} already present and unchanged" if done.unchanged else ""
    click.echo(
        f"Imported {done.readings} reading(s) ({done.drafts} draft(s)), {done.people} "
        f"person(s), {done.workers} worker(s){unchanged}."
    )
